using System.Collections.Immutable;
using System.Text;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>
/// A customers table (CSV, RFC 4180: a header row, then one order form per row): columns <c>contract</c> (the contract's
/// name) and <c>template</c> are required, <c>customer</c> and <c>provider</c> are written as those clauses, every other
/// column is a parameter of the row's template; an empty cell leaves the parameter at its default. Every error points to
/// the cell (file, line and column) that caused it.
/// </summary>
public static class OrderFormTable
{
    /// <summary>Columns that are not parameters.</summary>
    private static readonly string[] Reserved = ["contract", "template", "customer", "provider"];

    /// <summary>The file name ending that marks a table among contract files found in a folder.</summary>
    public const string FileSuffix = ".orders.csv";

    public static bool IsTable(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    private sealed record Cell(string Text, SourceSpan Span);

    public static CheckResult Check(SourceText source, TemplateLibrary templates)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var rows = Read(source, diagnostics);
        var parse = new ParseResult(source, new CompilationUnitSyntax([], new SourceSpan(0, source.Text.Length)), [], []);
        if (rows.Count == 0)
        {
            diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, new SourceSpan(0, 0), "the customers table is empty: write a header row (contract,template,customer,...) and one row per customer"));
            return new CheckResult(parse, null, diagnostics.ToImmutable());
        }
        var header = rows[0];
        var readErrors = diagnostics.Count;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Text.Trim();
            if (name.Length == 0) diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, header[i].Span, $"column {i + 1} of the header has no name"));
            else if (!columns.TryAdd(name, i)) diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, header[i].Span, $"column '{name}' appears twice in the header"));
        }
        foreach (var required in new[] { "contract", "template" }.Where(r => !columns.ContainsKey(r)))
            diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, header[0].Span.Cover(header[^1].Span), $"the header has no '{required}' column (columns: {string.Join(", ", columns.Keys)})"));
        // Without a usable header no row can be read; a broken row (an unclosed quote) still leaves the others readable.
        if (diagnostics.Count > readErrors) return new CheckResult(parse, null, diagnostics.ToImmutable());

        var forms = new List<OrderFormInput>();
        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var checkedColumns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Count != header.Count)
            {
                diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, row[0].Span.Cover(row[^1].Span), $"this row has {row.Count} cells but the header has {header.Count} columns"));
                continue;
            }
            var name = row[columns["contract"]];
            var template = row[columns["template"]];
            if (name.Text.Trim().Length == 0)
            {
                diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, name.Span, "this row names no contract (the 'contract' cell is empty)"));
                continue;
            }
            if (!names.TryAdd(name.Text.Trim(), name.Span))
            {
                diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, name.Span,
                    $"contract '{name.Text.Trim()}' already has a row (line {source.GetPosition(names[name.Text.Trim()].Start).Line}): each contract has one order form"));
                continue;
            }
            var definition = templates.Find(template.Text.Trim());
            // A column the row's template has no parameter for is reported once, at the header, for each template.
            if (definition is not null && checkedColumns.Add(definition.Name))
            {
                foreach (var (column, index) in columns.Where(c => !Reserved.Contains(c.Key) && !definition.Parameters.ContainsKey(c.Key)))
                    diagnostics.Add(DiagnosticBuilder.UnknownParameter(source, header[index].Span, column, definition.Name, definition.Parameters.Keys));
            }
            var values = columns
                .Where(c => !Reserved.Contains(c.Key) && (definition is null || definition.Parameters.ContainsKey(c.Key)) && row[c.Value].Text.Trim().Length > 0)
                .OrderBy(c => c.Value)
                .Select(c => new OrderFormValue(c.Key, row[c.Value].Span, row[c.Value].Text, row[c.Value].Span))
                .ToImmutableArray();
            var clauses = new[] { "provider", "customer" }
                .Where(c => columns.ContainsKey(c) && row[columns[c]].Text.Trim().Length > 0)
                .Select(c => new OrderFormClause(c, row[columns[c]].Span, $"{c} {ContractFormatter.Quote(row[columns[c]].Text.Trim())}"))
                .ToImmutableArray();
            forms.Add(new OrderFormInput(name.Text.Trim(), source, name.Span, template.Text.Trim(), template.Span, values, clauses, [], []));
        }
        var results = new OrderFormResult[forms.Count];
        if (forms.Count >= 32) Parallel.For(0, forms.Count, i => results[i] = OrderForms.Check(forms[i], templates));
        else for (var i = 0; i < forms.Count; i++) results[i] = OrderForms.Check(forms[i], templates);
        var contracts = ImmutableArray.CreateBuilder<BoundContract>();
        var origins = ImmutableDictionary.CreateBuilder<string, ContractOrigin>(StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            diagnostics.AddRange(results[i].Diagnostics);
            Amendments.Apply(forms[i], results[i], templates, contracts, origins, diagnostics);
        }
        var ordered = diagnostics.OrderBy(d => ReferenceEquals(d.Source, source) ? 0 : 1).ThenBy(d => d.Span.Start).ToImmutableArray();
        return new CheckResult(parse, new BoundDocument(contracts.ToImmutable(), []), ordered) { Origins = origins.ToImmutable() };
    }

    /// <summary>RFC 4180 rows with each cell's text (quotes removed, doubled quotes made one) and span; blank lines skipped.</summary>
    private static List<List<Cell>> Read(SourceText source, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var text = source.Text;
        var rows = new List<List<Cell>>();
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (pos < text.Length)
        {
            if (text[pos] is '\r' or '\n')
            {
                pos++;
                continue;
            }
            var row = new List<Cell>();
            while (true)
            {
                var start = pos;
                if (pos < text.Length && text[pos] == '"')
                {
                    var value = new StringBuilder();
                    pos++;
                    var closed = false;
                    while (pos < text.Length)
                    {
                        if (text[pos] == '"')
                        {
                            if (pos + 1 < text.Length && text[pos + 1] == '"')
                            {
                                value.Append('"');
                                pos += 2;
                                continue;
                            }
                            closed = true;
                            pos++;
                            break;
                        }
                        value.Append(text[pos++]);
                    }
                    if (!closed) diagnostics.Add(DiagnosticBuilder.OrderFormTableMalformed(source, new SourceSpan(start, 1), "this quoted cell has no closing quote"));
                    row.Add(new Cell(value.ToString(), SourceSpan.FromBounds(start, pos)));
                    while (pos < text.Length && text[pos] is not (',' or '\r' or '\n')) pos++;
                }
                else
                {
                    while (pos < text.Length && text[pos] is not (',' or '\r' or '\n')) pos++;
                    row.Add(new Cell(text[start..pos], SourceSpan.FromBounds(start, pos)));
                }
                if (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    continue;
                }
                break;
            }
            rows.Add(row);
        }
        return rows;
    }
}
