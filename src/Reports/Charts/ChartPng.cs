using System.Globalization;
using ScottPlot;
using SkiaSharp;
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

    public static ChartImage Render(BarChartSpec spec, ChartSize size) => ToPng(NewPlotFor(spec), size);

    /// <summary>The plot of a spec, not yet rendered.</summary>
    public static Plot NewPlotFor(BarChartSpec spec)
    {
        var plot = NewPlot();
        var horizontal = spec.Horizontal;
        var count = spec.CategoryLabels.Length;
        // Horizontal bars put the first category at the top (ScottPlot's y axis goes up).
        double Position(int category) => horizontal ? count - 1 - category : category;
        AddBars(plot, spec);
        foreach (var line in spec.ReferenceLines)
        {
            ScottPlot.Plottables.AxisLine h = horizontal
                ? plot.Add.VerticalLine(line.Value, 0.8f, Ink(line.Ink), LinePattern.Dashed)
                : plot.Add.HorizontalLine(line.Value, 0.8f, Ink(line.Ink), LinePattern.Dashed);
            h.LabelText = line.Label;
            h.LabelFontSize = TickFontSize;
            h.LabelFontName = ChartFonts.Family;
        }

        IAxis categoryAxis = horizontal ? plot.Axes.Left : plot.Axes.Bottom;
        IAxis valueAxis = horizontal ? plot.Axes.Bottom : plot.Axes.Left;
        var categories = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < count; i++) categories.AddMajor(Position(i), spec.CategoryLabels[i]);
        categoryAxis.TickGenerator = categories;
        if (!spec.ValueTicks.IsEmpty)
        {
            var values = new ScottPlot.TickGenerators.NumericManual();
            var label = spec.ValueTickLabel ?? (v => v.ToString("0.###", CultureInfo.InvariantCulture));
            foreach (var v in spec.ValueTicks) values.AddMajor(v, label(v));
            valueAxis.TickGenerator = values;
        }
        if (horizontal)
        {
            plot.Axes.SetLimits(spec.AxisMin, spec.AxisMax, -0.6, count - 0.4);
            // The grid follows the value axis: vertical lines at its ticks, none between the categories.
            plot.Grid.XAxisStyle.IsVisible = true;
            plot.Grid.YAxisStyle.IsVisible = false;
        }
        else
        {
            plot.Axes.SetLimits(-0.6, count - 0.4, spec.AxisMin, spec.AxisMax);
        }
        categoryAxis.Label.Text = spec.CategoryAxisTitle;
        valueAxis.Label.Text = spec.ValueAxisTitle;
        if (!spec.Legend.IsEmpty)
        {
            foreach (var entry in spec.Legend)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = entry.Text, FillColor = Ink(entry.Ink), LineWidth = 0 });
            }
            plot.Legend.FontSize = TickFontSize;
            plot.Legend.FontName = ChartFonts.Family;
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.Legend.OutlineWidth = 0;
            plot.Legend.ShadowColor = Colors.Transparent;
            // Inside the data area: ScottPlot 5.1.59 sizes an outside legend panel (ShowLegend(Edge)) as if the scale
            // factor applied twice, leaving a band of blank space; a chart whose bars may reach the top names its colours
            // in its caption instead (the downtime timeline does).
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot;
    }

    /// <summary>Adds the spec's bar segments to a plot (positions as <see cref="NewPlotFor"/> lays the categories out).</summary>
    public static void AddBars(Plot plot, BarChartSpec spec)
    {
        var horizontal = spec.Horizontal;
        var count = spec.CategoryLabels.Length;
        double Position(int category) => horizontal ? count - 1 - category : category;
        foreach (var s in spec.Segments)
        {
            var bar = new Bar
            {
                Position = Position(s.Category),
                ValueBase = s.Base,
                Value = s.Base + s.Value,
                FillColor = Ink(s.Ink),
                LineWidth = 0,
                Size = 0.72,
                Label = s.Label ?? "",
            };
            var added = plot.Add.Bar(bar);
            added.Horizontal = horizontal;
            added.ValueLabelStyle.FontSize = TickFontSize;
            added.ValueLabelStyle.FontName = ChartFonts.Family;
            added.ValueLabelStyle.ForeColor = Ink(InkColor.Text);
        }
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

    /// <summary>
    /// Renders a plot laid out in points at <see cref="Dpi"/> into an opaque RGB PNG (<see cref="PngWriter"/>): the PDF
    /// takes that PNG's compressed data as it is (<c>PngPassThrough</c>), so nothing decodes or recompresses the pixels
    /// (PDFsharp's own PNG import did both, at about 5 times the cost of drawing the chart).
    /// </summary>
    public static ChartImage ToPng(Plot plot, ChartSize size)
    {
        var scale = Dpi / 72.0;
        plot.ScaleFactor = scale;
        var w = (int)Math.Round(size.WidthPoints * scale);
        var h = (int)Math.Round(size.HeightPoints * scale);
        using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgb888x, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException($"Skia cannot make a {w} x {h} surface.");
        surface.Canvas.Clear(SKColors.White);
        plot.Render(surface);
        using var pixmap = surface.PeekPixels();
        return new ChartImage(PngWriter.Rgb(pixmap.GetPixelSpan(), w, h, pixmap.RowBytes), w, h, size);
    }

    public static Color Ink(InkColor ink)
    {
        var c = Typography.Color(ink);
        return new Color(c.R, c.G, c.B);
    }
}
