using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>The outline (contracts and tests with their services, calendars, SLAs and KPIs) and folding ranges.</summary>
public static class Outline
{
    private const int Module = 2, Function = 12, Class = 5, Variable = 13, Struct = 23, Event = 24;

    public static IReadOnlyList<DocumentSymbol> Symbols(OpenDocument document)
    {
        if (document.Check?.Parse.Root is not { } root) return [];
        var result = new List<DocumentSymbol>();
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case ContractSyntax contract:
                    var children = new List<DocumentSymbol>();
                    foreach (var clause in contract.Clauses)
                    {
                        var child = clause switch
                        {
                            ServiceDeclarationSyntax s => Symbol(document, s.Name.Name, s.Title?.Value, Function, s.Span, s.Name.Span),
                            HolidayCalendarSyntax h => Symbol(document, h.Name.Name, h.Title?.Value, Struct, h.Span, h.Name.Span),
                            SlaSyntax s => Symbol(document, s.Name.Name, s.Title?.Value, Class, s.Span, s.Name.Span),
                            KpiSyntax k => Symbol(document, k.Name.Name, k.Title?.Value, Variable, k.Span, k.Name.Span),
                            _ => null,
                        };
                        if (child is not null) children.Add(child);
                    }
                    result.Add(Symbol(document, contract.Name.Value, "contract", Module, contract.Span, contract.Name.Span) with { Children = children });
                    break;
                case TestSyntax test:
                    result.Add(Symbol(document, test.Name.Value, $"test for \"{test.ContractName.Value}\"", Event, test.Span, test.Name.Span));
                    break;
            }
        }
        return result;
    }

    private static DocumentSymbol Symbol(OpenDocument document, string name, string? detail, int kind, Dsl.Text.SourceSpan span, Dsl.Text.SourceSpan nameSpan) =>
        new(name.Length == 0 ? "(unnamed)" : name, detail, kind, Conversions.RangeOf(document, span), Conversions.RangeOf(document, nameSpan), null);

    /// <summary>Each block from its opening line to its closing brace, and each run of two or more comment lines; read from the text so a broken file still folds.</summary>
    public static IReadOnlyList<FoldingRange> Folding(OpenDocument document)
    {
        var result = new List<FoldingRange>();
        var open = new Stack<int>();
        var lines = document.Text.Split('\n');
        var commentStart = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var isComment = line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal);
            if (isComment && commentStart < 0) commentStart = i;
            if (!isComment)
            {
                if (commentStart >= 0 && i - 1 > commentStart) result.Add(new FoldingRange(commentStart, i - 1, "comment"));
                commentStart = -1;
            }
            if (isComment) continue;
            var code = StripTrailingComment(line);
            if (code.StartsWith('}') && open.Count > 0)
            {
                var start = open.Pop();
                if (i > start) result.Add(new FoldingRange(start, i));
            }
            if (code.EndsWith('{')) open.Push(i);
        }
        if (commentStart >= 0 && lines.Length - 1 > commentStart) result.Add(new FoldingRange(commentStart, lines.Length - 1, "comment"));
        return [.. result.OrderBy(r => r.StartLine)];
    }

    private static string StripTrailingComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) inString = !inString;
            if (!inString && line[i] == '#') return line[..i].TrimEnd();
        }
        return line;
    }
}
