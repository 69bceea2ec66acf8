using System.Text;
using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The vector chart renderer (the statement's downtime timeline, drawn by ScottPlot and translated from its SVG): the
/// geometry is the spec's (bars stand on the axis minimum, heights proportional to values, nothing outside the box),
/// its text is real text in the embedded font, the frame layers are kept by value, and the statement carries the
/// timeline as vectors, not as an image.
/// </summary>
public class ChartVectorTests
{
    private static readonly XRect Box = new(50, 100, 471.28, 120);

    private static readonly XGraphics MeasureContext = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);

    private static double Measure(string text, FontRole role) => MeasureContext.MeasureString(text, Typography.Font(role)).Width;

    private static BarChartSpec TwoDays() => new(
        ["1", "2"], "day of November 2026", "downtime per day (min)", 0, 60,
        [new BarSegment(0, 0, 30, InkColor.Danger), new BarSegment(1, 0, 15, InkColor.Danger), new BarSegment(1, 15, 45, InkColor.Muted)],
        [], [], [0, 20, 40, 60]) { ValueTickLabel = v => $"{v:0} min" };

    private static List<DrawOp> Draw(BarChartSpec spec)
    {
        var ops = new List<DrawOp>();
        ChartVector.Draw(spec, Box, ops);
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
        var grid = Draw(TwoDays()).OfType<LineOp>().Where(l => l.Color == InkColor.Rule).Select(l => l.Y1).Order().ToList();
        Assert.Equal(4, grid.Count);
        Assert.Equal(grid[^1], day1.Y + day1.Height, 3);
        Assert.Equal(grid[0], day2Excluded.Y, 3);
        // The ticks are evenly spaced: 20 minutes apart on the page as on the axis.
        Assert.Equal(grid[1] - grid[0], grid[3] - grid[2], 3);
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
        Assert.Equal(["0 min", "1", "2", "20 min", "40 min", "60 min", "day of November 2026", "downtime per day (min)"], texts.Order(StringComparer.Ordinal));
        Assert.All(ops.OfType<TextOp>(), t => Assert.Equal(FontRole.Chart, t.Font));
    }

    [Fact]
    public void A_value_beyond_the_axis_is_clipped_to_the_plot_area()
    {
        var spec = new BarChartSpec(["1"], "", "downtime per day (min)", 0, 10, [new BarSegment(0, 0, 25, InkColor.Danger)], [], [], [0, 10]);
        var ops = Draw(spec);
        var bar = Assert.Single(ops.OfType<RectOp>());
        var top = ops.OfType<LineOp>().Where(l => l.Color == InkColor.Rule).Min(l => l.Y1);
        Assert.Equal(top, bar.Y, 3);
    }

    [Fact]
    public void Statements_with_the_same_frame_share_its_layers_and_draw_the_same()
    {
        var size = new ChartSize(Box.Width, Box.Height);
        var other = TwoDays() with { };
        var fewerBars = new BarChartSpec(["1", "2"], "day of November 2026", "downtime per day (min)", 0, 60, [new BarSegment(0, 0, 10, InkColor.Danger)],
            [], [], [0, 20, 40, 60]) { ValueTickLabel = v => $"{v:0} min" };
        // The key is the frame's value: other instances, other bars, same key; another label or axis top, another key.
        Assert.Equal(ChartVector.FrameKey(TwoDays(), size), ChartVector.FrameKey(fewerBars, size));
        Assert.NotEqual(ChartVector.FrameKey(TwoDays(), size), ChartVector.FrameKey(new BarChartSpec(["1", "3"], "day of November 2026",
            "downtime per day (min)", 0, 60, [], [], [], [0, 20, 40, 60]) { ValueTickLabel = v => $"{v:0} min" }, size));
        Assert.NotEqual(ChartVector.FrameKey(TwoDays(), size), ChartVector.FrameKey(new BarChartSpec(["1", "2"], "day of November 2026",
            "downtime per day (min)", 0, 60, [], [], [], [0, 20, 40, 60]) { ValueTickLabel = v => $"{v:0} minutes" }, size));
        Assert.NotEqual(ChartVector.FrameKey(TwoDays(), size), ChartVector.FrameKey(TwoDays(), new ChartSize(Box.Width, Box.Height + 1)));
        // Drawn from the kept frame or anew, the chart is the same; another chart on the same frame in between leaves nothing behind.
        var first = Draw(TwoDays());
        Assert.Single(Draw(fewerBars).OfType<RectOp>());
        Assert.Equal(first, Draw(other));
        var fresh = ChartVector.RenderFrame(TwoDays(), size);
        var expected = fresh.Grid.Concat(ChartVector.RenderBars(TwoDays(), size, fresh.DataArea)).Concat(fresh.Axes).ToList();
        Assert.Equal(expected.Count, Draw(TwoDays()).Count);
        Assert.Equal(Draw(TwoDays()), expected.Select(op => op switch
        {
            RectOp r => (DrawOp)(r with { X = r.X + Box.X, Y = r.Y + Box.Y }),
            LineOp l => l with { X1 = l.X1 + Box.X, Y1 = l.Y1 + Box.Y, X2 = l.X2 + Box.X, Y2 = l.Y2 + Box.Y },
            TextOp t => t with { X = t.X + Box.X, Y = t.Y + Box.Y },
            _ => op,
        }));
    }

    [Fact]
    public void The_grid_is_under_the_bars_and_the_axes_over_them()
    {
        var ops = Draw(TwoDays());
        var firstBar = ops.FindIndex(op => op is RectOp);
        var lastBar = ops.FindLastIndex(op => op is RectOp);
        Assert.All(ops.Take(firstBar), op => Assert.True(op is LineOp { Color: InkColor.Rule }, $"{op} before the bars"));
        Assert.All(ops.Skip(lastBar + 1), op => Assert.False(op is LineOp { Color: InkColor.Rule } or RectOp, $"{op} after the bars"));
        Assert.Contains(ops.Skip(lastBar + 1), op => op is LineOp { Color: InkColor.Muted });
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
