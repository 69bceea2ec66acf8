using System.Globalization;
using ScottPlot;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>A chart rendered for the page: PNG bytes, their pixel size and the size in points they are placed at.</summary>
public sealed record ChartImage(byte[] Png, int WidthPixels, int HeightPixels, ChartSize Size);

/// <summary>
/// The one chart-rendering module: a chart model in, PNG bytes out (ScottPlot on SkiaSharp). Text is set in the font the
/// PDF embeds (Segoe WP, from PDFsharp's resolver: <see cref="ChartFonts"/>), never a machine font, so a chart looks
/// the same everywhere; the image is rendered at <see cref="Dpi"/> so it stays sharp when printed (PDFsharp embeds
/// PNG, not vector charts). One ScottPlot unit is one point: sizes and font sizes below are in points.
/// </summary>
public static class ChartPng
{
    /// <summary>Pixels per inch of the rendered image (print resolution).</summary>
    public const double Dpi = 200;

    public const float TickFontSize = 6.5f;
    public const float AxisTitleFontSize = 7f;

    public static ChartImage Render(BarChartSpec spec, ChartSize size)
    {
        var plot = NewPlot();
        foreach (var s in spec.Segments)
        {
            var bar = new Bar
            {
                Position = s.Category,
                ValueBase = s.Base,
                Value = s.Base + s.Value,
                FillColor = Ink(s.Ink),
                LineWidth = 0,
                Size = 0.72,
            };
            plot.Add.Bar(bar);
        }
        foreach (var line in spec.ReferenceLines)
        {
            var h = plot.Add.HorizontalLine(line.Value, 0.8f, Ink(line.Ink), LinePattern.Dashed);
            h.LabelText = line.Label;
            h.LabelFontSize = TickFontSize;
            h.LabelFontName = ChartFonts.Family;
        }

        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < spec.CategoryLabels.Length; i++) bottom.AddMajor(i, spec.CategoryLabels[i]);
        plot.Axes.Bottom.TickGenerator = bottom;
        if (!spec.ValueTicks.IsEmpty)
        {
            var left = new ScottPlot.TickGenerators.NumericManual();
            var label = spec.ValueTickLabel ?? (v => v.ToString("0.###", CultureInfo.InvariantCulture));
            foreach (var v in spec.ValueTicks) left.AddMajor(v, label(v));
            plot.Axes.Left.TickGenerator = left;
        }
        plot.Axes.SetLimits(-0.6, spec.CategoryLabels.Length - 0.4, spec.AxisMin, spec.AxisMax);
        plot.Axes.Bottom.Label.Text = spec.CategoryAxisTitle;
        plot.Axes.Left.Label.Text = spec.ValueAxisTitle;
        if (!spec.Legend.IsEmpty)
        {
            foreach (var entry in spec.Legend)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = entry.Text, FillColor = Ink(entry.Ink), LineWidth = 0 });
            }
            plot.Legend.FontSize = TickFontSize;
            plot.Legend.FontName = ChartFonts.Family;
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.ShowLegend(Alignment.UpperRight);
        }
        return ToPng(plot, size);
    }

    /// <summary>A plot styled for our documents: the embedded font, our type sizes and colours, a light grid.</summary>
    public static Plot NewPlot()
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = TickFontSize;
            axis.TickLabelStyle.ForeColor = Ink(InkColor.Text);
            axis.Label.FontSize = AxisTitleFontSize;
            axis.Label.Bold = false;
            axis.Label.ForeColor = Ink(InkColor.Muted);
            axis.FrameLineStyle.Color = Ink(InkColor.Muted);
            axis.FrameLineStyle.Width = 0.6f;
            axis.MajorTickStyle.Color = Ink(InkColor.Muted);
            axis.MajorTickStyle.Length = 2.5f;
            axis.MinorTickStyle.Length = 0;
        }
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Grid.MajorLineColor = Ink(InkColor.Rule).WithAlpha(140);
        plot.Grid.MajorLineWidth = 0.4f;
        plot.Grid.XAxisStyle.IsVisible = false;
        return plot;
    }

    /// <summary>Renders a plot laid out in points at <see cref="Dpi"/>.</summary>
    public static ChartImage ToPng(Plot plot, ChartSize size)
    {
        var scale = Dpi / 72.0;
        plot.ScaleFactor = scale;
        var w = (int)Math.Round(size.WidthPoints * scale);
        var h = (int)Math.Round(size.HeightPoints * scale);
        return new ChartImage(plot.GetImageBytes(w, h, ImageFormat.Png), w, h, size);
    }

    public static Color Ink(InkColor ink)
    {
        var c = Typography.Color(ink);
        return new Color(c.R, c.G, c.B);
    }
}
