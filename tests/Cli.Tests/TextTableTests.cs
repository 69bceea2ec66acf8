using CsCheck;
using SlaKpiDsl.Cli;
using Xunit;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The text reports' tables are written directly when every row fits on a line of printable ASCII, else laid out by
/// Spectre.Console: the direct lines must be exactly Spectre's.
/// </summary>
public sealed class TextTableTests
{
    /// <summary>Cells as reports hold them: words, numbers, signs, leading, trailing and repeated spaces, empty cells.</summary>
    private static readonly Gen<string> Cell = Gen.OneOf(
        Gen.Const(""), Gen.Const("-"), Gen.Const("  clause 3.1: uptime"), Gen.Const("0% = 0.00 USD "),
        Gen.String[Gen.Char["abcxyz0123456789 .,%:=<>()-"], 0, 24]);

    private static readonly Gen<(TextTable Table, int Width)> Tables =
        from columns in Gen.Int[1, 8]
        from headers in Gen.Select(Gen.String[Gen.Char["abcdefgh ,()"], 1, 16], Gen.Bool).Array[columns]
        from rows in Cell.Array[columns].Array[0, 7]
        from width in Gen.OneOf(Gen.Const(EvaluateCommand.UnlimitedWidth), Gen.Int[40, 200])
        select (Build(headers, rows), width);

    private static TextTable Build((string, bool)[] headers, string[][] rows)
    {
        var table = new TextTable(headers);
        foreach (var row in rows) table.AddRow(row);
        return table;
    }

    [Fact]
    public void Direct_lines_are_Spectres_whenever_written() =>
        Tables.Sample(t =>
        {
            if (t.Table.Direct(t.Width) is { } direct) Assert.Equal(t.Table.Laid(t.Width), direct);
        }, iter: 3000, print: t => "width " + t.Width + "\n" + t.Table.Dump() + "\nSPECTRE\n" + t.Table.Laid(t.Width).Replace(' ', '_') + "DIRECT\n" + t.Table.Direct(t.Width)?.Replace(' ', '_'));

    [Fact]
    public void A_report_table_that_fits_is_written_directly()
    {
        var table = new TextTable(("sla", false), ("measured", false), ("downtime min", true));
        table.AddRow("uptime", "99.9074%", "40");
        table.AddRow("  clause 3.1: availability", "", "");
        const string Expected = " sla                        measured downtime min\n uptime                     99.9074%           40\n   clause 3.1: availability\n";
        Assert.Equal(Expected, table.Direct(EvaluateCommand.UnlimitedWidth));
        Assert.Equal(Expected, table.Render(EvaluateCommand.UnlimitedWidth));
        Assert.Equal(Expected, table.Laid(EvaluateCommand.UnlimitedWidth));
    }

    [Fact]
    public void Rows_wider_than_the_terminal_and_non_ascii_cells_are_left_to_Spectre()
    {
        var wide = new TextTable(("kpi", false), ("trend", false));
        wide.AddRow("page-load", string.Join(", ", Enumerable.Repeat("2026-10 2,000 ms met", 6)));
        Assert.Null(wide.Direct(80));
        Assert.Equal(wide.Laid(80), wide.Render(80));
        Assert.Contains('\n', wide.Render(80).TrimEnd('\n')); // wrapped by Spectre
        var accented = new TextTable(("contract", false));
        accented.AddRow("Société Générale 東京");
        Assert.Null(accented.Direct(EvaluateCommand.UnlimitedWidth));
        Assert.Equal(accented.Laid(EvaluateCommand.UnlimitedWidth), accented.Render(EvaluateCommand.UnlimitedWidth));
    }
}
