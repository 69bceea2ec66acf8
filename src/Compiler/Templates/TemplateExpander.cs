using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>
/// What an order form changes inside the template's blocks, keyed <c>sla NAME</c> / <c>kpi NAME</c>: the clause kinds it
/// replaces (the template's lines of those kinds are left out) and its own clauses, written before the block's <c>}</c>.
/// </summary>
internal sealed record OrderFormChanges(IReadOnlyDictionary<string, BlockChange> Blocks)
{
    public static readonly OrderFormChanges None = new(new Dictionary<string, BlockChange>());
}

internal sealed record BlockChange(HashSet<string> Replaced, List<(SourceText Source, SourceSpan Span)> Clauses);

/// <summary>Writes a template's body into an expanded contract: its lines, a value for each <c>$name</c>, an order form's changes.</summary>
internal static class TemplateExpander
{
    public static void WriteBody(TemplateDefinition template, ExpandedText text, Action<ParameterReferenceSyntax, ExpandedText> value, OrderFormChanges changes)
    {
        var source = template.Source;
        foreach (var line in template.Syntax.Lines)
        {
            var opener = template.IsOpener(line);
            BlockChange? change = null;
            if (line.Block is not null && line.BlockKeyword is not null) changes.Blocks.TryGetValue($"{line.BlockKeyword} {line.Block}", out change);
            var onlyBrace = line.Kind.Length == 0;
            var replaced = !opener && change is not null && change.Replaced.Contains(line.Kind);
            var contentEnd = line.ClosesBlock ? line.Span.End - 1 : line.Span.End;
            if (!replaced && !onlyBrace)
            {
                var at = line.Span.Start;
                foreach (var reference in line.References)
                {
                    text.Copy(source, SourceSpan.FromBounds(at, reference.Span.Start));
                    value(reference, text);
                    at = reference.Span.End;
                }
                text.Copy(source, SourceSpan.FromBounds(at, contentEnd));
                text.Synthetic("\n");
            }
            if (line.ClosesBlock)
            {
                if (change is not null)
                {
                    foreach (var (clauseSource, span) in change.Clauses)
                    {
                        text.Copy(clauseSource, span);
                        text.Synthetic("\n");
                    }
                }
                text.Copy(source, new SourceSpan(line.Span.End - 1, 1));
                text.Synthetic("\n");
            }
        }
    }
}
