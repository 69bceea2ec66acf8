using Spectre.Console;
using Spectre.Console.Rendering;

namespace SlaKpiDsl.Cli;

/// <summary>
/// A table of the text reports (<c>sla evaluate</c>): no border, a header row, one space between columns, each column as
/// wide as its widest cell, left or right aligned, one space before each line, lines right-trimmed. Laid out by
/// Spectre.Console, except when every row fits on one line of printable ASCII: then the same lines are written directly
/// (Spectre's layout would not wrap or shorten anything, and its first use costs a short-lived process tens of
/// milliseconds of type loading and JIT). Tests hold the two layouts to the same text.
/// </summary>
internal sealed class TextTable
{
    private readonly (string Header, bool Right)[] _columns;
    private readonly List<string[]> _rows = [];

    public TextTable(params (string Header, bool Right)[] columns) => _columns = columns;

    /// <summary>Adds a row; each cell's hidden characters are shown in their visible form (no control character reaches the terminal).</summary>
    public void AddRow(params string[] cells)
    {
        if (cells.Length != _columns.Length) throw new ArgumentException($"a row of {cells.Length} cells in a table of {_columns.Length} columns", nameof(cells));
        _rows.Add([.. cells.Select(c => SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminal(c))]);
    }

    /// <summary>The table as plain text (no ANSI) for <paramref name="width"/> columns, each line right-trimmed, ending in a line break.</summary>
    public string Render(int width) => Direct(width) ?? Laid(width);

    /// <summary>The lines written directly; null when a cell is not printable ASCII or a row would not fit in <paramref name="width"/>.</summary>
    internal string? Direct(int width)
    {
        var widths = new int[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            if (!Printable(_columns[c].Header)) return null;
            widths[c] = _columns[c].Header.Length;
        }
        foreach (var row in _rows)
            for (var c = 0; c < row.Length; c++)
            {
                if (!Printable(row[c])) return null;
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        // The leading space, the columns and a space between each two, with room to spare: Spectre reserves room for
        // edges, separators and padding a borderless table does not draw, so it wraps before the lines fill the width;
        // well below it, it shrinks nothing and the lines are the same.
        if (1 + widths.Sum() + Margin * widths.Length + Margin > width) return null;
        var text = new System.Text.StringBuilder();
        Line(text, widths, [.. _columns.Select(c => c.Header)]);
        foreach (var row in _rows) Line(text, widths, row);
        return text.ToString();
    }

    private const int Margin = 4;

    internal string Dump() => string.Join("\n", new[] { string.Join("|", _columns.Select(c => c.Header + (c.Right ? ">" : ""))) }.Concat(_rows.Select(r => string.Join("|", r))));

    private void Line(System.Text.StringBuilder text, int[] widths, string[] cells)
    {
        var start = text.Length;
        text.Append(' ');
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) text.Append(' ');
            var pad = widths[c] - cells[c].Length;
            if (_columns[c].Right) text.Append(' ', pad).Append(cells[c]);
            else text.Append(cells[c]).Append(' ', pad);
        }
        var end = text.Length;
        while (end > start && text[end - 1] == ' ') end--;
        text.Length = end;
        text.Append('\n');
    }

    /// <summary>Printable ASCII only (one terminal column a character; Spectre measures the same).</summary>
    private static bool Printable(string text)
    {
        foreach (var c in text)
            if (c is < ' ' or > '~') return false;
        return true;
    }

    /// <summary>
    /// The table laid out by Spectre.Console directly (no console is made: a console detects its terminal, encoding and
    /// CI environment each time, which a short-lived process pays for on every table).
    /// </summary>
    internal string Laid(int width)
    {
        var table = new Table().Border(TableBorder.None).ShowHeaders();
        foreach (var (header, right) in _columns)
        {
            var column = new TableColumn(new Text(header));
            table.AddColumn(right ? column.RightAligned() : column);
        }
        foreach (var row in _rows) table.AddRow([.. row.Select(c => (IRenderable)new Text(c))]);
        var text = new System.Text.StringBuilder();
        foreach (var segment in ((IRenderable)new Padder(table, new Padding(1, 0, 0, 0))).Render(new RenderOptions(PlainText.Instance, new Size(width, 1000)), width))
            if (segment.IsLineBreak) text.Append('\n');
            else if (!segment.IsControlCode) text.Append(segment.Text);
        return string.Join("\n", text.ToString().TrimEnd('\n').Split('\n').Select(l => l.TrimEnd())) + "\n";
    }

    /// <summary>What the tables are laid out for: text without colour, ANSI, links or a terminal; Unicode (a string holds it).</summary>
    private sealed class PlainText : IReadOnlyCapabilities
    {
        public static readonly PlainText Instance = new();

        public ColorSystem ColorSystem => ColorSystem.NoColors;
        public bool Ansi => false;
        public bool Links => false;
        public bool Legacy => false;
        public bool IsTerminal => false;
        public bool Interactive => false;
        public bool Unicode => true;
        public bool AlternateBuffer => false;
    }
}
