using System.Collections.Immutable;
using System.Text;
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
/// A table. Invariant: every row has exactly <see cref="Aligns"/>.Length cells; <see cref="Header"/> is empty (a
/// label/value table without rules) or has that many cells and repeats on every page the table spans.
/// </summary>
public sealed record TableBlock(ImmutableArray<string> Header, ImmutableArray<ColumnAlign> Aligns, ImmutableArray<ImmutableArray<string>> Rows) : Block;

/// <summary>Page furniture set by <c>@key value</c> lines. Page label placeholders: {page}, {pages}.</summary>
public sealed record PageFurniture(string HeaderLeft, string HeaderRight, string FooterLeft, string PageLabel, string? DemoBanner);

public sealed record MarkupDocument(ImmutableArray<Block> Blocks, PageFurniture Furniture);

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
            var line = lines[i].TrimEnd();
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
                var value = space < 0 ? "" : line[(space + 1)..].Trim();
                switch (key)
                {
                    case "header-left" or "header-right" or "footer-left" or "page-label" or "demo-banner":
                        furniture[key] = value;
                        break;
                    case "chart":
                        blocks.Add(new ChartBlock(value));
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
                blocks.Add(new HeadingBlock(heading, line[(heading + 1)..].Trim()));
                continue;
            }
            if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                FlushParagraph();
                blocks.Add(new NoticeBlock(line[2..].Trim()));
                continue;
            }
            if (line.StartsWith('|'))
            {
                FlushParagraph();
                var start = i;
                var rows = new List<ImmutableArray<string>>();
                while (i < lines.Length && lines[i].TrimEnd().StartsWith('|'))
                {
                    rows.Add(SplitRow(lines[i].TrimEnd()));
                    i++;
                }
                i--;
                var table = BuildTable(rows, file, start + 1, errors);
                if (table is not null) blocks.Add(table);
                continue;
            }
            var small = line.StartsWith("~ ", StringComparison.Ordinal);
            var text = small ? line[2..].Trim() : line.Trim();
            if (paragraph.Length > 0 && small != paragraphSmall) FlushParagraph();
            paragraphSmall = small;
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(text);
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

    private static TableBlock? BuildTable(List<ImmutableArray<string>> rows, string file, int firstLine, ImmutableArray<TemplateError>.Builder errors)
    {
        var header = ImmutableArray<string>.Empty;
        var width = rows[0].Length;
        var aligns = Enumerable.Repeat(ColumnAlign.Left, width).ToImmutableArray();
        var body = rows;
        if (rows.Count >= 2 && rows[1].All(IsAlignCell))
        {
            header = rows[0];
            aligns = rows[1].Select(c => c.Trim().EndsWith(':') ? ColumnAlign.Right : ColumnAlign.Left).ToImmutableArray();
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

    private static bool IsAlignCell(string cell)
    {
        var t = cell.Trim();
        return t.Length > 0 && t.All(c => c is '-' or ':') && t.Contains('-', StringComparison.Ordinal);
    }

    /// <summary>Splits "| a | b\|c |" into ["a", "b|c"]; backslash escapes '|' and '\'.</summary>
    internal static ImmutableArray<string> SplitRow(string line)
    {
        var cells = ImmutableArray.CreateBuilder<string>();
        var current = new StringBuilder();
        var body = line.EndsWith('|') && !line.EndsWith("\\|", StringComparison.Ordinal) && line.Length > 1 ? line[1..^1] : line[1..];
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] is '|' or '\\')
            {
                current.Append(body[++i]);
            }
            else if (c == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        cells.Add(current.ToString().Trim());
        return cells.ToImmutable();
    }
}
