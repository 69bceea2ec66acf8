using System.Text;
using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The vector chart renderer (the statement's downtime timeline): the geometry is the spec's (bars stand on the axis
/// minimum, heights proportional to values, nothing outside the box), its text is real text in the embedded font, and
/// the statement carries the timeline as vectors, not as an image.
/// </summary>
public class ChartVectorTests
{
    private static readonly XRect Box = new(50, 100, 471.28, 120);

    private static double Measure(string text, FontRole role) => text.Length * 3.0;

    private static BarChartSpec TwoDays() => new(
        ["1", "2"], "day of November 2026", "downtime per day (min)", 0, 60,
        [new BarSegment(0, 0, 30, InkColor.Danger), new BarSegment(1, 0, 15, InkColor.Danger), new BarSegment(1, 15, 45, InkColor.Muted)],
        [], [], [0, 20, 40, 60]) { ValueTickLabel = v => $"{v:0} min" };

    private static List<DrawOp> Draw(BarChartSpec spec)
    {
        var ops = new List<DrawOp>();
        ChartVector.Draw(spec, Box, Measure, ops);
        return ops;
    }

    [Fact]
    public void Bars_stand_on_the_axis_minimum_and_their_heights_are_proportional_to_their_values()
    {
        var bars = Draw(TwoDays()).OfType<RectOp>().ToList();
        Assert.Equal(3, bars.Count);
        var (day1, day2Counted, day2Excluded) = (bars[0], bars[1], bars[2]);
        Assert.Equal(InkColor.Danger, day1.Fill);
        Assert.Equal(InkColor.Muted, day2Excluded.Fill);
        // 30 of 60 minutes is half the plot height; 15 is half of that; the stacked 45 sits on top of the 15.
        Assert.Equal(day1.Height / 2, day2Counted.Height, 6);
        Assert.Equal(day2Counted.Height * 3, day2Excluded.Height, 6);
        Assert.Equal(day1.Y + day1.Height, day2Counted.Y + day2Counted.Height, 6);
        Assert.Equal(day2Counted.Y, day2Excluded.Y + day2Excluded.Height, 6);
        // The full bar (60 of 60) reaches the top tick's grid line; the foot is the zero grid line.
        var grid = Draw(TwoDays()).OfType<LineOp>().Where(l => l.Color == InkColor.Rule).Select(l => l.Y1).ToList();
        Assert.Equal(4, grid.Count);
        Assert.Equal(grid[0], day1.Y + day1.Height, 6);
        Assert.Equal(grid[^1], day2Excluded.Y, 6);
        Assert.True(day1.X < day2Counted.X);
    }

    [Fact]
    public void Every_operation_is_inside_the_box_and_every_label_is_text()
    {
        var ops = Draw(TwoDays());
        foreach (var op in ops)
        {
            var (x, y, w, h) = op switch
            {
                RectOp r => (r.X, r.Y, r.Width, r.Height),
                LineOp l => (Math.Min(l.X1, l.X2), Math.Min(l.Y1, l.Y2), Math.Abs(l.X2 - l.X1), Math.Abs(l.Y2 - l.Y1)),
                TextOp t => (t.X, t.Y, Measure(t.Text, t.Font), Typography.Font(t.Font).GetHeight()),
                _ => throw new InvalidOperationException(op.ToString()),
            };
            Assert.True(x >= Box.X - 0.01 && y >= Box.Y - 0.01 && x + w <= Box.Right + 0.01 && y + h <= Box.Bottom + 0.01, $"{op} leaves the box {Box}");
        }
        var texts = ops.OfType<TextOp>().Select(t => t.Text).ToList();
        Assert.Equal(["downtime per day (min)", "0 min", "20 min", "40 min", "60 min", "1", "2", "day of November 2026"], texts);
        Assert.All(ops.OfType<TextOp>(), t => Assert.Equal(FontRole.Chart, t.Font));
    }

    [Fact]
    public void A_value_beyond_the_axis_is_clipped_to_the_plot_area()
    {
        var spec = new BarChartSpec(["1"], "", "downtime per day (min)", 0, 10, [new BarSegment(0, 0, 25, InkColor.Danger)], [], [], [0, 10]);
        var ops = Draw(spec);
        var bar = Assert.Single(ops.OfType<RectOp>());
        var top = ops.OfType<LineOp>().Where(l => l.Color == InkColor.Rule).Min(l => l.Y1);
        Assert.Equal(top, bar.Y, 6);
    }

    [Fact]
    public void The_statement_draws_its_timeline_as_vectors_with_readable_axis_text()
    {
        var rendered = Pdf.StatementRenderer.Render(Model.SampleDocuments.Statement(), TestSupport.Templates);
        Assert.True(rendered.IsSuccess, string.Join("\n", rendered.Errors));
        using (var doc = UglyToad.PdfPig.PdfDocument.Open(rendered.Pdf!))
        {
            Assert.Empty(doc.GetPages().SelectMany(p => p.GetImages()));
        }
        Assert.DoesNotContain("/Subtype/Image", Encoding.Latin1.GetString(rendered.Pdf!), StringComparison.Ordinal);
        var text = string.Join(" ", TestSupport.PageTexts(rendered.Pdf!));
        Assert.Contains("downtime per day (min)", text, StringComparison.Ordinal);
        Assert.Contains("day of November 2026 (America/New_York); one bar per day", text, StringComparison.Ordinal);
    }
}
