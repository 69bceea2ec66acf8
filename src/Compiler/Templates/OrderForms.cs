using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>One value an order form gives: the parameter's name and where it is written, the value's text and where.</summary>
internal sealed record OrderFormValue(string Name, SourceSpan NameSpan, string Text, SourceSpan ValueSpan)
{
    /// <summary>The file the value is written in when not the form's own (an amendment's <c>set</c>).</summary>
    public SourceText? In { get; init; }
}

/// <summary>
/// A contract-level clause of an order form (customer, effective, ...): its kind (first word) and either its span in the
/// form's file (copied as written) or, for a table cell, the clause's text written from the cell (<see cref="Text"/>).
/// </summary>
internal sealed record OrderFormClause(string Kind, SourceSpan Span, string? Text);

/// <summary>
/// An order form, from a <c>contract "X" from template T { ... }</c> block or one row of a customers table: everything
/// the checker needs to make the contract, and where each part is written (for located errors).
/// </summary>
internal sealed record OrderFormInput(
    string Name,
    SourceText Source,
    SourceSpan NameSpan,
    string Template,
    SourceSpan TemplateSpan,
    ImmutableArray<OrderFormValue> Values,
    ImmutableArray<OrderFormClause> Clauses,
    ImmutableArray<DeviationSyntax> Deviations,
    ImmutableArray<ClauseSyntax> AddedBlocks)
{
    /// <summary>Deviations an amendment writes (in its own file), applied after the form's own.</summary>
    public ImmutableArray<(DeviationSyntax Deviation, SourceText Source)> Amended { get; init; } = [];

    /// <summary>SLA and KPI blocks an amendment adds (in its own file).</summary>
    public ImmutableArray<(ClauseSyntax Block, SourceText Source)> AmendedBlocks { get; init; } = [];

    public static OrderFormInput From(InstanceSyntax instance, SourceText source)
    {
        static SourceSpan Whole(ClauseSyntax c) => c.Reference is { } r ? r.Span.Cover(c.Span) : c.Span;
        return new(instance.Name.Value, source, instance.Name.Span, instance.Template.Name, instance.Template.Span,
            [.. instance.Settings.Select(s => new OrderFormValue(s.Name.Name, s.Name.Span, s.Value.Text, s.Value.Span))],
            [.. instance.Clauses.Where(c => c is not SlaSyntax and not KpiSyntax).Select(c => new OrderFormClause(OrderForms.Kind(source, c), Whole(c), null))],
            instance.Deviations,
            [.. instance.Clauses.Where(c => c is SlaSyntax or KpiSyntax)]);
    }
}

/// <summary>A contract made from an order form: its model (null when it has errors), its diagnostics (located in the files the user wrote) and its expanded text.</summary>
public sealed record OrderFormResult(BoundContract? Contract, ImmutableArray<Diagnostic> Diagnostics, SourceText? Expanded);

/// <summary>
/// Checks an order form against its template and makes its contract: values typed and within bounds, every parameter
/// without a default set, only the deviations the template allows; then the template's text with the values standing in
/// and the form's clauses spliced in is checked as any contract, and each diagnostic is moved back to what caused it:
/// a value (the <c>set</c> line or the table cell), the form's own clause, or the template's line (a finding the template
/// alone already reports is not repeated per order form; a new one names the contract, SLA0214).
/// </summary>
internal static class OrderForms
{
    /// <summary>Clause kinds an order form may write even where the template writes some of its own.</summary>
    private static readonly HashSet<string> Repeatable = new(StringComparer.Ordinal) { "suppress", "service" };

    public static string Kind(SourceText source, ClauseSyntax clause)
    {
        var text = source.GetText(clause.Span);
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        return text[..end];
    }

    public static OrderFormResult Check(OrderFormInput form, TemplateLibrary library)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var template = library.Find(form.Template);
        if (template is null)
        {
            diagnostics.Add(DiagnosticBuilder.UnknownTemplate(form.Source, form.TemplateSpan, form.Template, library.Names));
            return new(null, diagnostics.ToImmutable(), null);
        }
        // The template's own errors are reported where it is declared; its order forms cannot be made until it is fixed.
        if (template.DeclarationHasErrors || template.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return new(null, [], null);

        // Span is where the value is written (a `set` line, a cell); null for a default, which stands at the template's `$name`.
        var values = new Dictionary<string, (ParameterValue Value, SourceSpan? Span, SourceText? In)>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in form.Values)
        {
            var at = v.In ?? form.Source;
            if (!template.Parameters.TryGetValue(v.Name, out var parameter))
            {
                diagnostics.Add(DiagnosticBuilder.UnknownParameter(at, v.NameSpan, v.Name, template.Name, template.Parameters.Keys));
                continue;
            }
            if (!seen.Add(v.Name))
            {
                diagnostics.Add(DiagnosticBuilder.ParameterTwice(at, v.NameSpan, v.Name, "set"));
                continue;
            }
            var value = parameter.Read(v.Text, out var typeError, out var violated);
            if (value is null) diagnostics.Add(DiagnosticBuilder.ParameterValueWrongType(at, v.ValueSpan, v.Name, parameter.TypeName, typeError!));
            else if (violated is not null) diagnostics.Add(DiagnosticBuilder.ParameterValueOutOfBounds(at, v.ValueSpan, v.Name, value.Text, violated.Words));
            else values[v.Name] = (value, v.ValueSpan, at);
        }
        foreach (var parameter in template.Parameters.Values.OrderBy(p => p.Syntax.Span.Start))
        {
            if (values.ContainsKey(parameter.Name) || seen.Contains(parameter.Name)) continue;
            // A default stands where the template writes `$name`: a finding there is the template's (located at the reference).
            if (parameter.Default is { } d) values[parameter.Name] = (d, null, null);
            else diagnostics.Add(DiagnosticBuilder.ParameterWithoutValue(form.Source, form.NameSpan, form.Name, parameter.Name, parameter.TypeName));
        }

        var stated = template.Syntax.Lines.Where(l => l.Block is null && l.Kind.Length > 0).Select(l => l.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var clause in form.Clauses.Where(c => stated.Contains(c.Kind) && !Repeatable.Contains(c.Kind)))
            diagnostics.Add(DiagnosticBuilder.OrderFormRestates(form.Source, clause.Span, clause.Kind == "time" ? "time zone" : clause.Kind, template.Name));

        var blocks = template.BlockNames().ToHashSet(StringComparer.Ordinal);
        var changes = new Dictionary<string, BlockChange>(StringComparer.Ordinal);
        var hints = new List<Diagnostic>();
        foreach (var (deviation, deviationSource) in form.Deviations.Select(d => (d, form.Source)).Concat(form.Amended))
        {
            var key = $"{deviation.Keyword} {deviation.Block.Name}";
            if (!blocks.Contains(key))
            {
                diagnostics.Add(DiagnosticBuilder.DeviationUnknownBlock(deviationSource, deviation.Block.Span, deviation.Keyword, deviation.Block.Name, template.Name,
                    blocks.Where(b => b.StartsWith(deviation.Keyword + " ", StringComparison.Ordinal)).Select(b => b[(deviation.Keyword.Length + 1)..])));
                continue;
            }
            var allowed = template.Allowed(deviation.Block.Name, deviation.Kind).SelectMany(a => a.Kinds).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
            if (!changes.TryGetValue(key, out var change)) changes[key] = change = new BlockChange(new HashSet<string>(StringComparer.Ordinal), []);
            var verb = deviation.Kind == AllowanceKind.Override ? "override of" : "addition of";
            var ok = true;
            foreach (var clause in deviation.Clauses)
            {
                var kind = Kind(deviationSource, clause);
                if (!allowed.Contains(kind))
                {
                    ok = false;
                    diagnostics.Add(DiagnosticBuilder.DeviationNotAllowed(deviationSource, clause.Span, $"{verb} `{kind}` clauses in {key}", template.Name,
                        allowed.Count == 0 ? $"it allows no {(deviation.Kind == AllowanceKind.Override ? "override" : "addition")} in {key}" : $"in {key} it allows {verb} {string.Join(", ", allowed.Order(StringComparer.Ordinal))}"));
                    continue;
                }
                if (deviation.Kind == AllowanceKind.Override) change.Replaced.Add(kind);
                var whole = clause.Reference is { } r ? r.Span.Cover(clause.Span) : clause.Span;
                change.Clauses.Add((deviationSource, whole));
            }
            if (ok) hints.Add(DiagnosticBuilder.DeviationFromTemplate(deviationSource, deviation.Block.Span, form.Name, template.Name,
                Describe(template, deviation, key, deviationSource, name => values.TryGetValue(name, out var v) ? v.Value.Text : null)));
        }
        var additions = template.Allowed(null, AllowanceKind.Addition).SelectMany(a => a.Kinds).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (block, blockSource) in form.AddedBlocks.Select(b => (b, form.Source)).Concat(form.AmendedBlocks))
        {
            var (keyword, name) = block switch { SlaSyntax s => ("sla", s.Name), KpiSyntax k => ("kpi", k.Name), _ => ("?", new IdentifierSyntax("?", block.Span)) };
            if (!additions.Contains(keyword))
                diagnostics.Add(DiagnosticBuilder.DeviationNotAllowed(blockSource, name.Span, $"an additional {keyword} '{name.Name}'", template.Name,
                    additions.Count == 0 ? "it allows no additional sla or kpi" : $"it allows additional {string.Join(" and ", additions.Order(StringComparer.Ordinal))}"));
            else hints.Add(DiagnosticBuilder.DeviationFromTemplate(blockSource, name.Span, form.Name, template.Name, $"it adds {keyword} '{name.Name}'"));
        }
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return new(null, diagnostics.ToImmutable(), null);

        var expanded = new ExpandedText(template.Source, form.Source, form.NameSpan);
        expanded.Synthetic($"contract {ContractFormatter.Quote(form.Name)} {{\n");
        foreach (var clause in form.Clauses)
        {
            if (clause.Text is { } text) expanded.Value(text, form.Source, clause.Span);
            else expanded.Copy(form.Source, clause.Span);
            expanded.Synthetic("\n");
        }
        TemplateExpander.WriteBody(template, expanded, (reference, text) =>
        {
            // A template and its order form may share one file: whether a value is the form's is told by its span, not its file.
            var (value, span, at) = values[reference.Name];
            if (span is { } written) text.Value(value.Text, at!, written);
            else text.Value(value.Text, template.Source, reference.Span);
        }, new OrderFormChanges(changes));
        foreach (var (block, blockSource) in form.AddedBlocks.Select(b => (b, form.Source)).Concat(form.AmendedBlocks))
        {
            expanded.Copy(blockSource, block.Span);
            expanded.Synthetic("\n");
        }
        expanded.Synthetic("}\n");
        var source = expanded.ToSource(form.Source.Path);
        var result = ContractChecker.Check(source);
        var failed = result.HasErrors;
        foreach (var d in result.Diagnostics)
        {
            var mapped = expanded.Map(d);
            var diagnostic = mapped.Diagnostic;
            // A finding at the contract as a whole (no time zone, ...) that the template alone also has is the template's.
            if (mapped.InHeader && template.ReportedInTemplate(diagnostic.Code, template.Syntax.Name.Span.Start)) continue;
            if (ReferenceEquals(diagnostic.Source, template.Source) && diagnostic.Span.Start >= template.Syntax.Span.Start && diagnostic.Span.Start < template.Syntax.Span.End)
            {
                if (template.ReportedInTemplate(diagnostic.Code, diagnostic.Span.Start)) continue;
                diagnostic = diagnostic.Severity == DiagnosticSeverity.Error
                    ? DiagnosticBuilder.InstanceError(diagnostic.Source, diagnostic.Span, form.Name, diagnostic.Code, diagnostic.Message)
                    : diagnostic with { Message = $"contract \"{form.Name}\": {diagnostic.Message}" };
            }
            diagnostics.Add(diagnostic);
        }
        diagnostics.AddRange(hints);
        var contract = failed ? null : result.Model?.Contracts.SingleOrDefault();
        return new(contract, diagnostics.ToImmutable(), source);
    }

    /// <summary>A deviation in words: which clauses of the template it replaces or adds to, quoting both sides.</summary>
    /// <remarks>
    /// The template's clauses are quoted as this contract would have had them, each <c>$name</c> replaced by the contract's
    /// value (<paramref name="valueOf"/>; a parameter without one keeps its <c>$name</c>), not as the template writes
    /// them: "'... below $target' are replaced by '... below 99.95%'" did not say what the contract loses, and hid a
    /// replacement that changes nothing.
    /// </remarks>
    private static string Describe(TemplateDefinition template, DeviationSyntax deviation, string key, SourceText formSource, Func<string, string?> valueOf)
    {
        string Quote(string text) => "'" + ClauseWriterSpacing(text) + "'";
        var theirs = deviation.Clauses.Select(c => Quote(formSource.GetText(c.Span))).ToList();
        if (deviation.Kind == AllowanceKind.Addition) return $"in {key} it adds {string.Join("; ", theirs)}";
        var kinds = deviation.Clauses.Select(c => Kind(formSource, c)).ToHashSet(StringComparer.Ordinal);
        var replaced = template.Syntax.Lines
            .Where(l => l.Block == deviation.Block.Name && l.BlockKeyword == deviation.Keyword && !template.IsOpener(l) && kinds.Contains(l.Kind))
            .Select(l => Quote(WithValues(template.Source, l, valueOf)))
            .ToList();
        return $"in {key} its {string.Join(" and ", kinds.Order(StringComparer.Ordinal).Select(k => $"`{k}`"))} clauses " +
               (replaced.Count == 0 ? "(the template has none) are " : $"{string.Join("; ", replaced)} are replaced by ") + string.Join("; ", theirs);
    }

    /// <summary>A template line's text (without the brace that closes its block) with each parameter reference replaced by its value.</summary>
    private static string WithValues(SourceText source, TemplateLineSyntax line, Func<string, string?> valueOf)
    {
        var span = line.ClosesBlock ? new SourceSpan(line.Span.Start, line.Span.Length - 1) : line.Span;
        var text = new System.Text.StringBuilder();
        var at = span.Start;
        foreach (var reference in line.References.Where(r => r.Span.Start >= span.Start && r.Span.End <= span.End).OrderBy(r => r.Span.Start))
        {
            text.Append(source.GetText(SourceSpan.FromBounds(at, reference.Span.Start)));
            text.Append(valueOf(reference.Name) ?? source.GetText(reference.Span));
            at = reference.Span.End;
        }
        return text.Append(source.GetText(SourceSpan.FromBounds(at, span.End))).ToString();
    }

    private static string ClauseWriterSpacing(string text) => string.Join(' ', text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
