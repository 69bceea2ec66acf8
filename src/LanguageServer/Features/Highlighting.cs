using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// Semantic tokens: comments, strings, numbers (dates, instants, durations, percents), names by what they name
/// (declarations marked) and every other word as a keyword (keywords are contextual, so the words a clause is made of).
/// Scanned from the text with the lexer's token shapes, so a file that does not parse is still coloured; names come
/// from the last index of the document.
/// </summary>
public static class Highlighting
{
    public static readonly string[] TokenTypes = ["keyword", "string", "number", "comment", "variable", "namespace", "class", "interface", "operator"];
    public static readonly string[] TokenModifiers = ["declaration"];

    private const int Keyword = 0, String = 1, Number = 2, Comment = 3, Operator = 8;

    public static SemanticTokens Tokens(OpenDocument document)
    {
        var text = document.Text;
        var symbols = document.Index?.Symbols.ToDictionary(s => s.Span.Start) ?? [];
        var data = new List<int>();
        var (previousLine, previousStart) = (0, 0);
        void Add(int start, int length, int type, int modifiers = 0)
        {
            var position = document.Lines.PositionOf(start);
            var deltaLine = position.Line - previousLine;
            var deltaStart = deltaLine == 0 ? position.Character - previousStart : position.Character;
            data.AddRange([deltaLine, deltaStart, length, type, modifiers]);
            (previousLine, previousStart) = (position.Line, position.Character);
        }
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] is not ('\n' or '\r')) i++;
                Add(start, i - start, Comment);
            }
            else if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] is not ('"' or '\n' or '\r'))
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is not ('\n' or '\r')) i++;
                    i++;
                }
                if (i < text.Length && text[i] == '"') i++;
                Add(start, i - start, String);
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or ':' or '+' or '%' || (text[i] == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))) i++;
                Add(start, i - start, Number);
            }
            else if (char.IsLetter(c))
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '_')) i++;
                if (symbols.TryGetValue(start, out var symbol) && symbol.Span.Length == i - start)
                    Add(start, i - start, TypeOf(symbol.Kind), symbol.IsDeclaration ? 1 : 0);
                else
                    Add(start, i - start, Keyword);
            }
            else if (c is '{' or '}' or '=' or '%')
            {
                i++;
                Add(start, 1, Operator);
            }
            else
            {
                i++;
            }
        }
        return new SemanticTokens(data);
    }

    private static int TypeOf(SymbolKind kind) => kind switch
    {
        SymbolKind.Service => 4,
        SymbolKind.Calendar => 5,
        SymbolKind.Sla => 6,
        _ => 7,
    };
}
