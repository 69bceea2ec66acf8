using System.Collections.Immutable;
using PdfSharp.Drawing;

namespace SlaKpiDsl.Reports.Layout;

/// <summary>Draws a chart for a <see cref="ChartBlock"/> key into a box; returns false if the key is unknown. <paramref name="measure"/> is the layout's text measure (width in points).</summary>
internal delegate bool ChartPainter(string key, XRect box, List<DrawOp> ops, Func<string, FontRole, double> measure);

/// <summary>
/// Lays blocks out on A4 pages: measures every string (PDFsharp's formatter silently drops overflow, so we never use
/// it), wraps words, breaks pages, keeps headings with what follows and repeats table headers on each page.
/// </summary>
internal sealed class PageLayoutEngine
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double MarginX = 62;
    public const double ContentTop = 84;
    public const double ContentTopWithBanner = 96;
    public const double ContentBottom = PageHeight - 66;
    public const double ChartHeight = 120;
    private const double CellPadX = 5;
    private const double CellPadY = 3.2;

    private readonly XGraphics _measure;
    private readonly double _top;
    private readonly ChartPainter? _charts;
    private readonly List<LaidOutPage> _pages = [];
    private List<DrawOp> _ops = [];
    private double _y;

    private PageLayoutEngine(XGraphics measure, bool banner, ChartPainter? charts)
    {
        _measure = measure;
        _top = banner ? ContentTopWithBanner : ContentTop;
        _charts = charts;
        _y = _top;
    }

    private static double Width => PageWidth - 2 * MarginX;

    public static ImmutableArray<LaidOutPage> Layout(MarkupDocument document, ChartPainter? charts = null)
    {
        Typography.EnsureFonts();
        using var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var engine = new PageLayoutEngine(measure, document.Furniture.DemoBanner is not null, charts);
        var blocks = document.Blocks;
        for (var i = 0; i < blocks.Length; i++)
        {
            var next = i + 1 < blocks.Length ? blocks[i + 1] : null;
            engine.Place(blocks[i], next);
        }
        engine.FinishPage();
        return [.. engine._pages];
    }

    public double MeasureWidth(string text, FontRole role)
    {
        MeasureCalls++;
        MeasuredChars += text.Length;
        return GlyphAdvances.Width(text, role, _measure);
    }

    /// <summary>How often and how much text was measured (layout cost is linear in text length; tests check it).</summary>
    internal long MeasureCalls { get; private set; }

    internal long MeasuredChars { get; private set; }

    /// <summary>Wraps one text with a fresh engine and reports the measuring it took (for cost tests).</summary>
    internal static (List<string> Lines, long Calls, long Chars) WrapMeasured(string text, FontRole role, double width)
    {
        Typography.EnsureFonts();
        using var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var engine = new PageLayoutEngine(measure, false, null);
        var lines = engine.Wrap(text, role, width);
        return (lines, engine.MeasureCalls, engine.MeasuredChars);
    }

    private static double LineHeight(FontRole role) => Typography.Font(role).GetHeight();

    private void FinishPage()
    {
        _pages.Add(new LaidOutPage([.. _ops]));
        _ops = [];
        _y = _top;
    }

    private double Remaining => ContentBottom - _y;

    private void EnsureSpace(double height)
    {
        if (height > Remaining && _y > _top) FinishPage();
    }

    private void Place(Block block, Block? next)
    {
        switch (block)
        {
            case HeadingBlock h:
                PlaceHeading(h, next);
                break;
            case ParagraphBlock p:
                PlaceParagraph(p.Text, p.Small ? FontRole.Small : FontRole.Body, p.Small ? InkColor.Muted : InkColor.Text, 7);
                break;
            case NoticeBlock n:
                PlaceNotice(n.Text);
                break;
            case PageBreakBlock:
                if (_ops.Count > 0) FinishPage();
                break;
            case TableBlock t:
                PlaceTable(t);
                break;
            case ChartBlock c:
                PlaceChart(c);
                break;
        }
    }

    private void PlaceHeading(HeadingBlock h, Block? next)
    {
        var role = h.Level switch { 1 => FontRole.Title, 2 => FontRole.Section, _ => FontRole.Subsection };
        var before = h.Level switch { 1 => 0, 2 => 12, _ => 6 };
        var after = h.Level switch { 1 => 12, 2 => 7, _ => 4 };
        var lines = Wrap(h.Text, role, Width);
        var height = before + lines.Count * LineHeight(role) + after + (h.Level == 2 ? 3 : 0);
        // Keep a heading with at least a few lines of what follows it.
        var keep = next is TableBlock or ChartBlock ? 4 * LineHeight(FontRole.Cell) + 2 * CellPadY * 2 : 3 * LineHeight(FontRole.Body);
        EnsureSpace(height + keep);
        if (_y > _top) _y += before;
        var color = h.Level == 1 ? InkColor.Text : InkColor.Accent;
        foreach (var line in lines)
        {
            // Only a heading longer than a page gets here (a very long title): it continues on the next page.
            if (_y + LineHeight(role) > ContentBottom && _y > _top) FinishPage();
            _ops.Add(new TextOp(MarginX, _y, line, role, color));
            _y += LineHeight(role);
        }
        if (h.Level <= 2)
        {
            _y += 2;
            _ops.Add(new LineOp(MarginX, _y, MarginX + Width, _y, h.Level == 1 ? 1.2 : 0.6, h.Level == 1 ? InkColor.Accent : InkColor.Rule));
            _y += 1;
        }
        _y += after;
    }

    private void PlaceParagraph(string text, FontRole role, InkColor color, double after)
    {
        var lh = LineHeight(role) * 1.12;
        foreach (var line in Wrap(text, role, Width))
        {
            EnsureSpace(lh);
            _ops.Add(new TextOp(MarginX, _y, line, role, color));
            _y += lh;
        }
        _y += after;
    }

    private void PlaceNotice(string text)
    {
        const double pad = 6;
        var all = Wrap(text, FontRole.BodyBold, Width - 2 * pad - 4);
        var lh = LineHeight(FontRole.BodyBold) * 1.1;
        // A notice taller than a page (a very long value in it) continues in a second box on the next page.
        var perPage = Math.Max(1, (int)((ContentBottom - _top - 2 * pad - 6) / lh));
        for (var from = 0; from < all.Count; from += perPage)
        {
            var lines = all.Skip(from).Take(perPage).ToList();
            var height = lines.Count * lh + 2 * pad;
            EnsureSpace(height + 6);
            _ops.Add(new RectOp(MarginX, _y, Width, height, InkColor.NoticeFill, null));
            _ops.Add(new RectOp(MarginX, _y, 3, height, InkColor.Danger, null));
            var y = _y + pad;
            foreach (var line in lines)
            {
                _ops.Add(new TextOp(MarginX + pad + 4, y, line, FontRole.BodyBold, InkColor.Text));
                y += lh;
            }
            _y += height + 8;
        }
    }

    private void PlaceChart(ChartBlock c)
    {
        EnsureSpace(ChartHeight + 8);
        var box = new XRect(MarginX, _y, Width, ChartHeight);
        if (_charts is null || !_charts(c.Key, box, _ops, MeasureWidth))
        {
            PlaceParagraph($"(no chart data for '{c.Key}')", FontRole.Small, InkColor.Danger, 4);
            return;
        }
        _y += ChartHeight + 10;
    }

    private void PlaceTable(TableBlock t)
    {
        var hasHeader = !t.Header.IsEmpty;
        var columns = t.Aligns.Length;
        var widths = ColumnWidths(t);
        var lh = LineHeight(FontRole.Cell) * 1.05;

        List<List<string>> WrapRow(ImmutableArray<string> cells, Func<int, FontRole> role) =>
            [.. cells.Select((c, i) => Wrap(c, role(i), widths[i] - 2 * CellPadX))];

        var headerLines = hasHeader ? WrapRow(t.Header, _ => FontRole.CellBold) : null;
        var headerHeight = hasHeader ? headerLines!.Max(l => l.Count) * lh + 2 * CellPadY : 0;

        void DrawHeader()
        {
            _ops.Add(new RectOp(MarginX, _y, Width, headerHeight, InkColor.HeaderFill, null));
            DrawCells(headerLines!, t.Aligns, widths, _ => FontRole.CellBold, InkColor.Accent, lh);
            _y += headerHeight;
            _ops.Add(new LineOp(MarginX, _y, MarginX + Width, _y, 0.8, InkColor.Accent));
        }

        var first = true;
        foreach (var cells in t.Rows)
        {
            var row = cells.Select(c => c.Text).ToImmutableArray();
            // Only the template's own markers make a total row: a value cannot (it is escaped, MarkupText).
            var isTotal = hasHeader && cells[0].Strong;
            // A label/value table draws its value column bold: it is wrapped in bold too (wrapped in the regular face, a
            // long value ran past the right margin by the difference in width).
            FontRole Role(int column) => isTotal || cells[column].Strong || (!hasHeader && column == 1) ? FontRole.CellBold : FontRole.Cell;
            var pad = 2 * (hasHeader ? CellPadY : CellPadY * 0.6);
            // A row taller than a page (a very long value) continues on the next page instead of running off this one.
            var linesPerPage = Math.Max(1, (int)((ContentBottom - _top - headerHeight - pad) / lh));
            foreach (var lines in RowSlices(WrapRow(row, Role), linesPerPage))
            {
                var height = lines.Max(l => l.Count) * lh + pad;
                if (first || height > Remaining)
                {
                    if (height + headerHeight > Remaining && (!first || _y > _top)) FinishPage();
                    if (hasHeader) DrawHeader();
                    first = false;
                }
                if (isTotal) _ops.Add(new LineOp(MarginX, _y, MarginX + Width, _y, 0.8, InkColor.Text));
                if (hasHeader)
                {
                    DrawCells(lines, t.Aligns, widths, Role, InkColor.Text, lh);
                    _y += height;
                    if (!isTotal) _ops.Add(new LineOp(MarginX, _y, MarginX + Width, _y, 0.3, InkColor.Rule));
                }
                else
                {
                    // Label/value table: muted label column, no rules.
                    var saved = _y;
                    _y -= CellPadY * 0.4;
                    DrawCells(lines.Take(1).ToList(), [t.Aligns[0]], widths, _ => FontRole.Cell, InkColor.Muted, lh);
                    var x = MarginX + widths[0];
                    for (var c = 1; c < columns; c++)
                    {
                        var y = _y + CellPadY;
                        foreach (var line in lines[c])
                        {
                            _ops.Add(new TextOp(x + CellPadX, y, line, c == 1 ? FontRole.CellBold : FontRole.Cell, InkColor.Text));
                            y += lh;
                        }
                        x += widths[c];
                    }
                    _y = saved + height;
                }
            }
        }
        _y += 10;
    }

    /// <summary>A row's wrapped cells cut into slices of at most <paramref name="linesPerPage"/> lines (one slice when it fits).</summary>
    private static IEnumerable<List<List<string>>> RowSlices(List<List<string>> lines, int linesPerPage)
    {
        var tallest = lines.Max(l => l.Count);
        if (tallest <= linesPerPage)
        {
            yield return lines;
            yield break;
        }
        for (var from = 0; from < tallest; from += linesPerPage)
        {
            yield return [.. lines.Select(cell => cell.Skip(from).Take(linesPerPage).DefaultIfEmpty("").ToList())];
        }
    }

    private void DrawCells(List<List<string>> lines, ImmutableArray<ColumnAlign> aligns, double[] widths, Func<int, FontRole> roleOf, InkColor color, double lh)
    {
        var x = MarginX;
        for (var c = 0; c < lines.Count; c++)
        {
            var role = roleOf(c);
            var y = _y + CellPadY;
            foreach (var line in lines[c])
            {
                var tx = aligns[c] == ColumnAlign.Right ? x + widths[c] - CellPadX - MeasureWidth(line, role) : x + CellPadX;
                _ops.Add(new TextOp(tx, y, line, role, color));
                y += lh;
            }
            x += widths[c];
        }
    }

    /// <summary>Natural widths when they fit; otherwise each column keeps its longest word and shares the rest by need.</summary>
    private double[] ColumnWidths(TableBlock t)
    {
        var n = t.Aligns.Length;
        var natural = new double[n];
        var minimum = new double[n];
        IEnumerable<(ImmutableArray<string> Row, FontRole Role)> rows = t.Rows.Select(r => (r.Select(c => c.Text).ToImmutableArray(), FontRole.CellBold));
        if (!t.Header.IsEmpty) rows = rows.Prepend((t.Header, FontRole.CellBold));
        // Long ledgers repeat the same shapes: measuring a sample of rows keeps layout linear and cheap.
        var sample = rows.Count() > 120 ? rows.Take(60).Concat(rows.TakeLast(60)) : rows;
        foreach (var (row, role) in sample)
        {
            for (var c = 0; c < n; c++)
            {
                var cell = row[c];
                natural[c] = Math.Max(natural[c], MeasureWidth(cell, role) + 2 * CellPadX);
                foreach (var word in cell.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    minimum[c] = Math.Max(minimum[c], Math.Min(MeasureWidth(word, role) + 2 * CellPadX, Width / n));
                }
            }
        }
        var totalNatural = natural.Sum();
        if (totalNatural <= Width)
        {
            // Spread the spare width over text columns so tables span the text block.
            var spare = Width - totalNatural;
            var leftCols = Enumerable.Range(0, n).Where(c => t.Aligns[c] == ColumnAlign.Left).ToArray();
            var targets = leftCols.Length > 0 ? leftCols : Enumerable.Range(0, n).ToArray();
            if (t.Header.IsEmpty) targets = [n - 1];
            foreach (var c in targets) natural[c] += spare / targets.Length;
            return natural;
        }
        var totalMin = minimum.Sum();
        if (totalMin >= Width) return [.. minimum.Select(m => m * Width / totalMin)];
        var share = (Width - totalMin) / (totalNatural - totalMin);
        return [.. Enumerable.Range(0, n).Select(c => minimum[c] + (natural[c] - minimum[c]) * share)];
    }

    /// <summary>
    /// Greedy word wrap by measured width; a word wider than the line breaks between characters. Cost is linear in the
    /// text's length: words are measured with the line they would join (at most a line's width), and a long word is
    /// broken from the cumulative widths of its characters (each distinct character measured once), each piece then
    /// checked with one measurement of its own.
    /// </summary>
    public List<string> Wrap(string text, FontRole role, double width)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            result.Add("");
            return result;
        }
        if (MeasureWidth(text, role) <= width)
        {
            result.Add(text);
            return result;
        }
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (candidate.Length <= MaxCharsOnLine(role, width) && MeasureWidth(candidate, role) <= width)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0) result.Add(current);
            current = word;
            if (word.Length > MaxCharsOnLine(role, width) || MeasureWidth(word, role) > width)
            {
                var pieces = BreakWord(word, role, width);
                result.AddRange(pieces.Take(pieces.Count - 1));
                current = pieces[^1];
            }
        }
        if (current.Length > 0) result.Add(current);
        return result;
    }

    /// <summary>An upper bound on how many characters fit a line: no line holds more than this many of the narrowest.</summary>
    private int MaxCharsOnLine(FontRole role, double width) => (int)Math.Ceiling(width / NarrowestCharWidth(role)) + 1;

    private readonly Dictionary<FontRole, double> _narrowest = [];
    private readonly Dictionary<(FontRole, char), double> _charWidths = [];

    private double NarrowestCharWidth(FontRole role)
    {
        if (_narrowest.TryGetValue(role, out var w)) return w;
        // A hair space is narrower than any printable character of a proportional font; never zero.
        w = Math.Max(0.5, Math.Min(MeasureWidth("i", role), Math.Min(MeasureWidth(".", role), MeasureWidth("'", role))) / 2);
        _narrowest[role] = w;
        return w;
    }

    private double CharWidth(char c, FontRole role)
    {
        if (_charWidths.TryGetValue((role, c), out var w)) return w;
        w = char.IsSurrogate(c) ? 0 : MeasureWidth(c.ToString(), role);
        _charWidths[(role, c)] = w;
        return w;
    }

    /// <summary>Splits a word into pieces that each fit <paramref name="width"/> (a single character always counts as fitting).</summary>
    private List<string> BreakWord(string word, FontRole role, double width)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < word.Length)
        {
            // Estimate the piece from per-character widths, then let one real measurement correct it.
            var end = start;
            var sum = 0.0;
            while (end < word.Length && sum + CharWidth(word[end], role) <= width) sum += CharWidth(word[end++], role);
            if (end < word.Length && char.IsLowSurrogate(word[end]) && end > start) end--;
            while (end - start > 1 && MeasureWidth(word[start..end], role) > width)
            {
                end--;
                if (char.IsLowSurrogate(word[end]) && end - start > 1) end--;
            }
            if (end == start) end = Math.Min(word.Length, start + (char.IsHighSurrogate(word[start]) ? 2 : 1));
            pieces.Add(word[start..end]);
            start = end;
        }
        return pieces;
    }
}
