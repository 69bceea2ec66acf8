using System.Collections;
using System.Reflection;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>Every node's span lies inside its parent's span and the text; names and literals span exactly their text.</summary>
public sealed class SpanInvariantTests
{
    [Theory]
    [MemberData(nameof(ExamplesTests.ExampleFiles), MemberType = typeof(ExamplesTests))]
    public void Spans_nest_and_cover_their_text(string file)
    {
        var source = SourceText.FromFile(Path.Combine(TestPaths.Examples, file));
        var root = ContractParser.Parse(source).Root;
        var checkedNodes = Walk(root, root.Span, source);
        Assert.True(checkedNodes > 50, $"only {checkedNodes} nodes walked");
    }

    private static int Walk(SyntaxNode node, SourceSpan parent, SourceText source)
    {
        Assert.True(node.Span.Start >= parent.Start && node.Span.End <= parent.End,
            $"{node.GetType().Name} {node.Span} outside its parent {parent}: '{source.GetText(node.Span)}'");
        switch (node)
        {
            case IdentifierSyntax id:
                Assert.Equal(id.Name, source.GetText(id.Span));
                break;
            case PercentLiteralSyntax p:
                Assert.Equal(p.Text + "%", source.GetText(p.Span).Replace(" ", ""));
                break;
            case MoneyLiteralSyntax m:
                Assert.Equal($"{m.Text} {m.Currency}", source.GetText(m.Span));
                break;
            case InstantLiteralSyntax i:
                Assert.Equal(i.Text, source.GetText(i.Span));
                break;
            case DateLiteralSyntax d:
                Assert.Equal(d.Text, source.GetText(d.Span));
                break;
            case StringLiteralSyntax s:
                Assert.StartsWith("\"", source.GetText(s.Span));
                break;
        }
        var count = 1;
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.SetMethod is null) continue;
            var value = property.GetValue(node);
            // A line's clause citation sits before the clause itself: check it against the clause's parent instead.
            var bound = property.Name == nameof(ClauseSyntax.Reference) ? parent : node.Span;
            if (value is SyntaxNode child) count += Walk(child, bound, source);
            else if (value is IEnumerable items and not string)
                foreach (var item in items)
                    if (item is SyntaxNode c) count += Walk(c, bound, source);
        }
        return count;
    }
}
