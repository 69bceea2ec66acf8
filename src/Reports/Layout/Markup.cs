using System.Collections.Immutable;
using System.Text;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Layout;

public enum ColumnAlign
{
    Left,
    Right,
}

/// <summary>A block of the templates' markup output, in document order.</summary>
public abstract record Block;

/// <summary>Level 1 = title, 2 = section, 3 = subsection.</summary>
public sealed record HeadingBlock(int Level, string Text) : Block;

public sealed record ParagraphBlock(string Text, bool Small) : Block;

public sealed record NoticeBlock(string Text) : Block;

public sealed record PageBreakBlock : Block;

/// <summary>A trend chart placeholder for the KPI with this key.</summary>
public sealed record ChartBlock(string Key) : Block;

/// <summary>
/// A table cell: its text, and whether the template wrote it <c>**like this**</c> (emphasis). Only the template's own
/// markers count: a value containing asterisks is escaped, so it can never make itself bold.
/// </summary>
public sealed record TableCell(string Text, bool Strong = false)
{
    public override string ToString() => Strong ? "**" + Text + "**" : Text;
}

/// <summary>
/// A table. Invariant: every row has exactly <see cref="Aligns"/>.Length cells; <see cref="Header"/> is empty (a
/// label/value table without rules) or has that many cells and repeats on every page the table spans. A row whose
/// first cell is emphasised is a total row (bold, ruled above) in a table with a header.
/// </summary>
public sealed record TableBlock(ImmutableArray<string> Header, ImmutableArray<ColumnAlign> Aligns, ImmutableArray<ImmutableArray<TableCell>> Rows) : Block;

/// <summary>Page furniture set by <c>@key value</c> lines. Page label placeholders: {page}, {pages}.</summary>
public sealed record PageFurniture(string HeaderLeft, string HeaderRight, string FooterLeft, string PageLabel, string? DemoBanner);

public sealed record MarkupDocument(ImmutableArray<Block> Blocks, PageFurniture Furniture);

/// <summary>
/// The one escaping point between values and markup. Every value a template prints (<c>{{ expression }}</c>) passes
/// through <see cref="Escape"/> (see <c>MarkupTemplateContext</c>), so text from contracts and data reaches the page as
/// text: it never ends a line, never starts a block, never splits a table cell and never makes itself bold. Markup is
/// only what the template author wrote literally.
/// </summary>
public static class MarkupText
{
    /// <summary>Characters that are markup anywhere on a line: the escape itself, the cell separator, emphasis.</summary>
    private const string MarkupAnywhere = "\\|*";

    /// <summary>Characters that are markup at the start of a line (directives, headings, notices, small print, rules).</summary>
    private const string MarkupAtLineStart = "@#>~- ";

    /// <summary>
    /// Line breaks and tabs become a space, hidden characters (controls, bidi overrides) their visible <c>[U+XXXX]</c>
    /// form; <c>\ | *</c> are escaped everywhere and a first character that would be markup at a line's start is
    /// escaped too (a value may be printed at the start of a line).
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var result = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (TextCharacters.IsLineBreak(c) || c == '\t')
            {
                Append(' ');
            }
            else if (TextCharacters.IsHidden(c))
            {
                result.Append(TextCharacters.Visible(c));
            }
            else
            {
                Append(c);
            }
        }
        return result.ToString();

        void Append(char c)
        {
            if (MarkupAnywhere.Contains(c, StringComparison.Ordinal) || (result.Length == 0 && MarkupAtLineStart.Contains(c, StringComparison.Ordinal)))
            {
                result.Append('\\');
            }
            result.Append(c);
        }
    }

    /// <summary>Whether <c>\c</c> is an escape (as <see cref="Escape"/> writes them); any other backslash is literal.</summary>
    internal static bool IsEscapable(char c) => MarkupAnywhere.Contains(c, StringComparison.Ordinal) || MarkupAtLineStart.Contains(c, StringComparison.Ordinal);

    /// <summary>The displayed text of escaped markup: <c>\X</c> becomes X for every escapable X.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && IsEscapable(text[i + 1])) i++;
            result.Append(text[i]);
        }
        return result.ToString();
    }

    /// <summary>Trailing whitespace removed, except a space escaped as <c>\ </c> (it belongs to a value).</summary>
    internal static string TrimLineEnd(string line)
    {
        var trimmed = line.TrimEnd();
        if (trimmed.Length == line.Length) return line;
        var backslashes = 0;
        for (var i = trimmed.Length - 1; i >= 0 && trimmed[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1 ? line[..(trimmed.Length + 1)] : trimmed;
    }
}

/// <summary>Parses the markup templates produce (grammar in the comment at the top of statement.scriban).</summary>
public static class MarkupParser
{
    public static (MarkupDocument? Document, ImmutableArray<TemplateError> Errors) Parse(string markup, string file)
    {
        var blocks = ImmutableArray.CreateBuilder<Block>();
        var errors = ImmutableArray.CreateBuilder<TemplateError>();
        var furniture = new Dictionary<string, string>(StringComparer.Ordinal);
        var paragraph = new StringBuilder();
        var paragraphSmall = false;
        var lines = markup.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        void FlushParagraph()
        {
            if (paragraph.Length > 0) blocks.Add(new ParagraphBlock(paragraph.ToString(), paragraphSmall));
            paragraph.Clear();
            paragraphSmall = false;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = MarkupText.TrimLineEnd(lines[i]);
            var lineNo = i + 1;
            if (line.Length == 0)
            {
                FlushParagraph();
                continue;
            }
            if (line.StartsWith('@'))
            {
                FlushParagraph();
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var key = space < 0 ? line[1..] : line[1..space];
                var value = space < 0 ? "" : line[(space + 1)..].TrimStart();
                switch (key)
                {
                    case "header-left" or "header-right" or "footer-left" or "page-label" or "demo-banner":
                        furniture[key] = MarkupText.Unescape(value);
                        break;
                    case "chart":
                        blocks.Add(new ChartBlock(MarkupText.Unescape(value)));
                        break;
                    default:
                        errors.Add(new TemplateError(file, lineNo, 1, $"unknown directive '@{key}' in the template output"));
                        break;
                }
                continue;
            }
            if (line == "---")
            {
                FlushParagraph();
                blocks.Add(new PageBreakBlock());
                continue;
            }
            var heading = line.StartsWith("### ", StringComparison.Ordinal) ? 3 : line.StartsWith("## ", StringComparison.Ordinal) ? 2 : line.StartsWith("# ", StringComparison.Ordinal) ? 1 : 0;
            if (heading > 0)
            {
                FlushParagraph();
                blocks.Add(new HeadingBlock(heading, MarkupText.Unescape(line[(heading + 1)..].TrimStart())));
                continue;
            }
            if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                FlushParagraph();
                blocks.Add(new NoticeBlock(MarkupText.Unescape(line[2..].TrimStart())));
                continue;
            }
            if (line.StartsWith('|'))
            {
                FlushParagraph();
                var start = i;
                var rows = new List<ImmutableArray<TableCell>>();
                while (i < lines.Length && lines[i].TrimEnd().StartsWith('|'))
                {
                    rows.Add(SplitRow(MarkupText.TrimLineEnd(lines[i])));
                    i++;
                }
                i--;
                var table = BuildTable(rows, file, start + 1, errors);
                if (table is not null) blocks.Add(table);
                continue;
            }
            var small = line.StartsWith("~ ", StringComparison.Ordinal);
            var text = small ? line[2..].TrimStart() : line.TrimStart();
            if (paragraph.Length > 0 && small != paragraphSmall) FlushParagraph();
            paragraphSmall = small;
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(MarkupText.Unescape(text));
        }
        FlushParagraph();

        if (errors.Count > 0) return (null, errors.ToImmutable());
        var pf = new PageFurniture(
            furniture.GetValueOrDefault("header-left", ""),
            furniture.GetValueOrDefault("header-right", ""),
            furniture.GetValueOrDefault("footer-left", ""),
            furniture.GetValueOrDefault("page-label", "Page {page} of {pages}"),
            furniture.GetValueOrDefault("demo-banner"));
        return (new MarkupDocument(blocks.ToImmutable(), pf), []);
    }

    private static TableBlock? BuildTable(List<ImmutableArray<TableCell>> rows, string file, int firstLine, ImmutableArray<TemplateError>.Builder errors)
    {
        var header = ImmutableArray<string>.Empty;
        var width = rows[0].Length;
        var aligns = Enumerable.Repeat(ColumnAlign.Left, width).ToImmutableArray();
        var body = rows;
        if (rows.Count >= 2 && rows[1].All(IsAlignCell))
        {
            header = [.. rows[0].Select(c => c.Text)];
            aligns = rows[1].Select(c => c.Text.Trim().EndsWith(':') ? ColumnAlign.Right : ColumnAlign.Left).ToImmutableArray();
            body = rows.Skip(2).ToList();
            if (aligns.Length != width)
            {
                errors.Add(new TemplateError(file, firstLine + 1, 1, $"table alignment row has {aligns.Length} cells, header has {width}"));
                return null;
            }
        }
        for (var r = 0; r < body.Count; r++)
        {
            if (body[r].Length != width)
            {
                var lineNo = firstLine + r + (header.IsEmpty ? 0 : 2);
                errors.Add(new TemplateError(file, lineNo, 1, $"table row has {body[r].Length} cells, expected {width}"));
                return null;
            }
        }
        return new TableBlock(header, aligns, body.ToImmutableArray());
    }

    private static bool IsAlignCell(TableCell cell)
    {
        var t = cell.Text.Trim();
        return t.Length > 0 && t.All(c => c is '-' or ':') && t.Contains('-', StringComparison.Ordinal);
    }

    /// <summary>
    /// Splits "| a | b\|c | **d** |" into ["a", "b|c", d (strong)]. Escapes (<see cref="MarkupText"/>) are resolved per
    /// cell after the emphasis markers are found, so only unescaped <c>**</c> at both ends makes a cell strong.
    /// </summary>
    internal static ImmutableArray<TableCell> SplitRow(string line)
    {
        var cells = ImmutableArray.CreateBuilder<TableCell>();
        var current = new StringBuilder();
        var escaped = new List<bool>();
        var body = line[1..];
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && MarkupText.IsEscapable(body[i + 1]))
            {
                current.Append(body[++i]);
                escaped.Add(true);
            }
            else if (c == '|')
            {
                cells.Add(Cell(current, escaped));
                current.Clear();
                escaped.Clear();
            }
            else
            {
                current.Append(c);
                escaped.Add(false);
            }
        }
        // "| a | b |": the closing bar ends the last cell; text after the last bar is a cell of its own.
        if (cells.Count == 0 || current.ToString().Trim().Length > 0 || escaped.Contains(true)) cells.Add(Cell(current, escaped));
        return cells.ToImmutable();
    }

    private static TableCell Cell(StringBuilder text, List<bool> escaped)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] == ' ' && !escaped[start]) start++;
        while (end > start && text[end - 1] == ' ' && !escaped[end - 1]) end--;
        bool Marker(int at) => text[at] == '*' && !escaped[at];
        var strong = end - start > 4 && Marker(start) && Marker(start + 1) && Marker(end - 2) && Marker(end - 1);
        var inner = strong ? text.ToString(start + 2, end - start - 4) : text.ToString(start, end - start);
        return new TableCell(inner, strong);
    }
}
