using System.Collections.Immutable;
using SkiaSharp;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The chart-rendering module (chart spec in, PNG out): the image is at print resolution for its size in points, its
/// text is set in the font the PDF embeds (not a machine font), a horizontal chart puts its first bar on top along
/// the value axis, and the spec's invariants reject impossible charts.
/// What a chart shows is tested on the chart models, not here.
/// </summary>
public class ChartPngTests
{
    private static BarChartSpec TwoDays() => new(
        ["1", "2"], "November 2026 (day)", "downtime (min)", 0, 60,
        [new BarSegment(0, 0, 30, InkColor.Danger), new BarSegment(1, 0, 10, InkColor.ChartBar), new BarSegment(1, 10, 5, InkColor.Muted)],
        [new LegendEntry("counted", InkColor.Danger), new LegendEntry("excluded", InkColor.Muted)],
        [new ReferenceLine(45, "allowed 45 min", InkColor.ChartTarget)],
        [0, 30, 60]) { ValueTickLabel = v => $"{v:0} min" };

    [Fact]
    public void Renders_a_png_at_print_resolution_for_its_size_in_points()
    {
        var image = ChartPng.Render(TwoDays(), new ChartSize(360, 108));
        // 360 pt x 108 pt at 200 dpi: 1000 x 300 pixels.
        Assert.Equal((1000, 300), (image.WidthPixels, image.HeightPixels));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Png[..4]);
        using var bitmap = SKBitmap.Decode(image.Png);
        Assert.Equal((1000, 300), (bitmap.Width, bitmap.Height));
        // The breach ink of the first day's bar is on the image (the renderer drew the segments it was given).
        var danger = ChartPng.Ink(InkColor.Danger);
        var found = false;
        for (var x = 0; x < bitmap.Width && !found; x += 2)
        {
            for (var y = 0; y < bitmap.Height && !found; y += 2)
            {
                var p = bitmap.GetPixel(x, y);
                found = p.Red == danger.R && p.Green == danger.G && p.Blue == danger.B;
            }
        }
        Assert.True(found, "no pixel in the danger ink");
    }

    [Fact]
    public void A_horizontal_chart_lays_its_bars_along_the_value_axis_with_the_first_category_on_top()
    {
        var spec = new BarChartSpec(["first", "second"], "contract", "credits due (USD)", 0, 60,
            [new BarSegment(0, 0, 50, InkColor.Danger), new BarSegment(1, 0, 20, InkColor.ChartBar)], [], [], [0, 30, 60]) { Horizontal = true };
        using var bitmap = SKBitmap.Decode(ChartPng.Render(spec, new ChartSize(360, 108)).Png);
        var first = Box(bitmap, ChartPng.Ink(InkColor.Danger));
        var second = Box(bitmap, ChartPng.Ink(InkColor.ChartBar));
        Assert.True(first.Bottom < second.Top, $"first bar {first} is not above the second {second}");
        Assert.True(first.Width > first.Height, $"first bar {first} does not lie along the value axis");
        Assert.True(first.Width > second.Width * 2, $"50 against 20: {first.Width} against {second.Width} pixels");
    }

    /// <summary>The pixel box of one ink on an image (empty when the ink is absent).</summary>
    private static SKRectI Box(SKBitmap bitmap, ScottPlot.Color ink)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red != ink.R || p.Green != ink.G || p.Blue != ink.B) continue;
                (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
            }
        }
        Assert.True(right >= 0, "no pixel in the ink");
        return new SKRectI(left, top, right + 1, bottom + 1);
    }

    [Fact]
    public void The_png_is_plain_rgb_so_the_pdf_takes_its_data_unchanged()
    {
        var image = ChartPng.Render(TwoDays(), new ChartSize(360, 108));
        // IHDR: 8 bits, colour type 2 (RGB), not interlaced: what PngPassThrough (and a PDF /Predictor 15 stream) takes.
        Assert.Equal((8, 2, 0), (image.Png[24], image.Png[25], image.Png[28]));
        var read = Assert.NotNull(SlaKpiDsl.Reports.Pdf.PngPassThrough.Read(image.Png));
        Assert.Equal((1000, 300), (read.Width, read.Height));
        // Any other PNG is left to PDFsharp's importer: one with an alpha channel (colour type 6) is not taken.
        var rgba = (byte[])image.Png.Clone();
        rgba[25] = 6;
        Assert.Null(SlaKpiDsl.Reports.Pdf.PngPassThrough.Read(rgba));
    }

    [Fact]
    public void Chart_text_uses_the_font_the_pdf_embeds()
    {
        ChartFonts.EnsureRegistered();
        Assert.Equal("Segoe WP", ChartFonts.Typeface(bold: false).FamilyName);
        // ScottPlot asked for the family by name gets that same embedded face, not a system font.
        var resolved = ScottPlot.Fonts.GetTypeface(ChartFonts.Family, bold: false, italic: false);
        Assert.Equal("Segoe WP", resolved.FamilyName);
        Assert.Equal(ChartFonts.Family, ScottPlot.Fonts.Default);
    }

    [Fact]
    public void The_spec_rejects_impossible_charts()
    {
        // No category; an axis that does not go up; a segment outside the categories; a negative segment.
        Assert.Throws<ArgumentException>(() => new BarChartSpec([], "", "min", 0, 1, []));
        Assert.Throws<ArgumentException>(() => new BarChartSpec(["1"], "", "min", 5, 5, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BarChartSpec(["1"], "", "min", 0, 1, [new BarSegment(1, 0, 1, InkColor.Danger)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BarSegment(0, 0, -1, InkColor.Danger));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChartSize(0, 10));
    }
}
