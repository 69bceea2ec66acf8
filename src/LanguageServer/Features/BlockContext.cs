namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>Which block the cursor is in, read from the text (braces), so it works while the file does not parse.</summary>
public enum BlockKind
{
    File,
    Contract,
    Sla,
    Kpi,
    Holidays,
    Test,
}

/// <summary>
/// The block around an offset and the words written before it on its line. Braces inside strings and comments are
/// not counted; a block opens with a line ending in <c>{</c> whose first word names it and closes with <c>}</c>.
/// </summary>
public sealed record BlockContext(BlockKind Block, string? BlockName, IReadOnlyList<string> WordsBefore, string Partial, bool InString)
{
    public static BlockContext At(string text, int offset)
    {
        var stack = new Stack<(BlockKind Kind, string? Name)>();
        var lineStart = 0;
        for (var i = 0; i <= offset && i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n' || i == offset)
            {
                if (i == offset) break;
                Apply(StripComment(text[lineStart..i]), stack);
                lineStart = i + 1;
            }
        }
        var before = text[lineStart..offset];
        var (words, partial, inString) = Split(before);
        var top = stack.Count > 0 ? stack.Peek() : (BlockKind.File, null);
        return new BlockContext(top.Kind, top.Name, words, partial, inString);
    }

    private static void Apply(string line, Stack<(BlockKind, string?)> stack)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('}'))
        {
            if (stack.Count > 0) stack.Pop();
            trimmed = trimmed[1..].Trim();
        }
        if (!trimmed.EndsWith('{')) return;
        var (words, _, _) = Split(trimmed);
        if (words.Count > 0 && words[0] == "clause" && words.Count > 2) words = [.. words.Skip(2)]; // clause "3": sla ...
        var first = words.Count > 0 ? words[0] : "";
        var kind = first switch
        {
            "contract" => BlockKind.Contract,
            "sla" => BlockKind.Sla,
            "kpi" => BlockKind.Kpi,
            "holidays" => BlockKind.Holidays,
            "test" => BlockKind.Test,
            _ => BlockKind.Contract,
        };
        var name = kind switch
        {
            BlockKind.Contract or BlockKind.Test => Quoted(trimmed, kind == BlockKind.Test ? 1 : 0),
            _ => words.Count > 1 ? words[1] : null,
        };
        stack.Push((kind, name));
    }

    /// <summary>The n-th quoted string of a line (0-based).</summary>
    private static string? Quoted(string line, int n)
    {
        var parts = line.Split('"');
        var index = 2 * n + 1;
        return parts.Length > index + 1 ? parts[index] : null;
    }

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && (i == 0 || line[i - 1] != '\\')) inString = !inString;
            if (!inString && (c == '#' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/'))) return line[..i];
        }
        return line;
    }

    /// <summary>The words of a line before the cursor (strings as one word, quotes kept), the word being typed, and whether the cursor is inside a string.</summary>
    private static (List<string> Words, string Partial, bool InString) Split(string before)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inString = false;
        foreach (var c in before)
        {
            if (inString)
            {
                current.Append(c);
                if (c == '"') { inString = false; words.Add(current.ToString()); current.Clear(); }
                continue;
            }
            if (c == '"')
            {
                if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
                inString = true;
                current.Append(c);
            }
            else if (char.IsWhiteSpace(c) || c is ',' or ':' or '=' or '{')
            {
                if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
            }
            else
            {
                current.Append(c);
            }
        }
        return (words, current.ToString(), inString);
    }
}
