using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using ScottPlot;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// Draws a <see cref="BarChartSpec"/> with ScottPlot (the plot <see cref="ChartPng.NewPlotFor"/> builds, the one chart
/// module) as PDF vectors instead of a raster image: ScottPlot renders onto Skia's SVG canvas and
/// <see cref="SvgTranslator"/> turns that SVG into rectangles, lines and text in the document's embedded font. Sharp at
/// any zoom, its labels are real text (searchable, read by pdftotext). Used for the statement's downtime timeline,
/// drawn thousands of times a batch; the KPI report keeps <see cref="ChartPng"/>.
/// Cost: ScottPlot's text output through Skia's SVG canvas is most of a chart's cost (about 3 ms), so the chart is drawn
/// in three layers that ScottPlot renders onto the same data area: the grid (below the bars), the bars, and the axes,
/// ticks and titles (over the bars' feet). The grid and axes layers depend only on the chart's frame (labels, titles,
/// axis range and ticks, size): they are kept by the frame's value (<see cref="FrameKey"/>), so a batch of statements
/// of one month renders them once, and each statement renders only its bars (about 0.3 ms).
/// The value axis title stands above the plot, horizontally; all text is in <see cref="FontRole.Chart"/>.
/// </summary>
public static class ChartVector
{
    /// <summary>Frames kept at most (a month's statements share a few dozen: the month's length, time zone and axis top).</summary>
    public const int MaxFrames = 256;

    private static readonly ConcurrentDictionary<string, Frame> Frames = new(StringComparer.Ordinal);

    /// <summary>The grid layer, the axes layer and the data area both were laid out for (points, relative to the chart's box).</summary>
    internal sealed record Frame(ImmutableArray<DrawOp> Grid, ImmutableArray<DrawOp> Axes, PixelRect DataArea);

    /// <summary>Appends the chart's operations for <paramref name="box"/> (points, origin top-left) to <paramref name="ops"/>.</summary>
    public static void Draw(BarChartSpec spec, XRect box, List<DrawOp> ops)
    {
        var size = new ChartSize(box.Width, box.Height);
        var key = FrameKey(spec, size);
        if (!Frames.TryGetValue(key, out var frame))
        {
            frame = RenderFrame(spec, size);
            if (Frames.Count < MaxFrames) Frames.TryAdd(key, frame);
        }
        var bars = RenderBars(spec, size, frame.DataArea);
        Offset(frame.Grid, box, ops);
        Offset(bars, box, ops);
        Offset(frame.Axes, box, ops);
    }

    /// <summary>
    /// The value that decides the grid and axes layers: the size, titles, axis range, value ticks with their labels and
    /// category labels (never a reference: equal frames of different statements share one entry).
    /// </summary>
    internal static string FrameKey(BarChartSpec spec, ChartSize size)
    {
        var key = new StringBuilder();
        key.Append(CultureInfo.InvariantCulture, $"{size.WidthPoints:R}x{size.HeightPoints:R}|{spec.Horizontal}|{spec.AxisMin:R}..{spec.AxisMax:R}|");
        key.Append(spec.ValueAxisTitle).Append('\u001f').Append(spec.CategoryAxisTitle).Append('\u001f');
        var label = spec.ValueTickLabel ?? (v => v.ToString("0.###", CultureInfo.InvariantCulture));
        foreach (var t in spec.ValueTicks) key.Append(CultureInfo.InvariantCulture, $"{t:R}=").Append(label(t)).Append('\u001e');
        key.Append('\u001f');
        foreach (var c in spec.CategoryLabels) key.Append(c).Append('\u001e');
        key.Append('\u001f');
        foreach (var r in spec.ReferenceLines) key.Append(r.ToString()).Append('\u001e');
        key.Append('\u001f');
        foreach (var l in spec.Legend) key.Append(l.ToString()).Append('\u001e');
        return key.ToString();
    }

    /// <summary>The grid and axes layers of a chart, without its bars (drawn by ScottPlot; the data area from its layout).</summary>
    internal static Frame RenderFrame(BarChartSpec spec, ChartSize size)
    {
        var frameOnly = new BarChartSpec(spec.CategoryLabels, spec.CategoryAxisTitle, spec.ValueAxisTitle, spec.AxisMin, spec.AxisMax, [], spec.Legend,
            spec.ReferenceLines, spec.ValueTicks) { ValueTickLabel = spec.ValueTickLabel, Horizontal = spec.Horizontal };

        // The axes layer lays the chart out: ScottPlot sizes the data area around the tick labels and titles.
        var axes = VectorPlot(frameOnly);
        Keep(axes, "RenderPlottables", "RenderLegends", "RenderPanels", "RenderPlottablesLast");
        var axesSvg = Svg(axes, size);
        var dataArea = axes.RenderManager.LastRender.DataRect;

        // The grid layer: ScottPlot's grid stage alone, on the same data area.
        var grid = VectorPlot(frameOnly);
        grid.Layout.Fixed(Padding(dataArea, size));
        Keep(grid, "RenderGridsBelowPlottables", "RenderGridsAbovePlottables");
        var gridSvg = Svg(grid, size);
        return new Frame(SvgTranslator.Translate(gridSvg), SvgTranslator.Translate(axesSvg), dataArea);
    }

    /// <summary>The bars layer: the spec's segments on the frame's data area, with no axes, grid or background.</summary>
    internal static ImmutableArray<DrawOp> RenderBars(BarChartSpec spec, ChartSize size, PixelRect dataArea)
    {
        if (spec.Segments.IsEmpty) return [];
        var bars = BarsPlot(spec, size, dataArea);
        bars.Clear();
        ChartPng.AddBars(bars, spec);
        try
        {
            return SvgTranslator.Translate(Svg(bars, size, firstRender: false));
        }
        finally
        {
            bars.Clear();
        }
    }

    /// <summary>
    /// This thread's bars plot for a frame: its axes, limits and fixed layout are the frame's and it has been rendered
    /// once, so each statement only swaps the bars and renders once (a fresh plot costs a second, discarded render).
    /// Kept per thread (statements render in parallel) and by the frame's value, as many as the frames kept: a fleet's
    /// month has dozens of frames (time zones times axis tops: 72 in the 1,000-customer benchmark fleet), and a smaller
    /// bound made each thread rebuild its plots over and over.
    /// </summary>
    private static Plot BarsPlot(BarChartSpec spec, ChartSize size, PixelRect dataArea)
    {
        var key = FrameKey(spec, size);
        var plots = _barsPlots ??= new Dictionary<string, Plot>(StringComparer.Ordinal);
        if (plots.TryGetValue(key, out var plot)) return plot;
        if (plots.Count >= MaxFrames) plots.Clear();
        plot = VectorPlot(spec);
        plot.Layout.Fixed(Padding(dataArea, size));
        plot.Clear();
        Keep(plot, "RenderPlottables");
        Svg(plot, size, firstRender: true);
        plots[key] = plot;
        return plot;
    }

    [ThreadStatic]
    private static Dictionary<string, Plot>? _barsPlots;

    /// <summary>The plot rendered by ScottPlot onto Skia's SVG canvas, one unit a point (the size need not be whole points).</summary>
    private static string Svg(Plot plot, ChartSize size, bool firstRender = true)
    {
        var (w, h) = ((float)size.WidthPoints, (float)size.HeightPoints);
        var rect = new PixelRect(0, w, h, 0);
        // ScottPlot 5.1.59 draws a fresh plot's first render twice over (it lays out again once the ticks exist): that
        // render goes to a canvas that keeps nothing, and the laid-out plot is then drawn once onto the SVG canvas.
        if (firstRender)
        {
            using var nothing = new SkiaSharp.SKNoDrawCanvas((int)Math.Ceiling(w), (int)Math.Ceiling(h));
            plot.RenderManager.Render(nothing, rect);
        }
        using var stream = new MemoryStream();
        using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, w, h), stream))
        {
            plot.RenderManager.Render(canvas, rect);
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// The plot of a spec styled for vectors: the value axis title above the plot, horizontal; every text in the chart
    /// size; the grid in the opaque rule colour; no background (the page is white).
    /// </summary>
    private static Plot VectorPlot(BarChartSpec spec)
    {
        var plot = ChartPng.NewPlotFor(spec);
        plot.ScaleFactor = 1;
        IAxis valueAxis = spec.Horizontal ? plot.Axes.Bottom : plot.Axes.Left;
        valueAxis.Label.Text = "";
        plot.Axes.Title.Label.Text = spec.ValueAxisTitle;
        plot.Axes.Title.Label.FontSize = (float)SvgTranslator.ChartFontSize;
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Title.Label.Padding = 2;
        // The top and right axes draw nothing (no frame, no ticks) but would reserve a band of blank space.
        plot.Axes.Top.IsVisible = false;
        plot.Axes.Right.IsVisible = false;
        plot.Axes.Title.Label.ForeColor = ChartPng.Ink(InkColor.Muted);
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = (float)SvgTranslator.ChartFontSize;
            axis.TickLabelStyle.FontSize = (float)SvgTranslator.ChartFontSize;
        }
        plot.Grid.MajorLineColor = ChartPng.Ink(InkColor.Rule);
        return plot;
    }

    /// <summary>The drawing stages of ScottPlot's render a layer keeps (by name); every stage that only computes stays.</summary>
    private static readonly string[] DrawingStages = ["ClearCanvas", "RenderFigureBackground", "RenderDataBackground", "RenderGridsBelowPlottables",
        "RenderPlottables", "RenderGridsAbovePlottables", "RenderLegends", "RenderPanels", "RenderBorders", "RenderZoomRectangle", "RenderPlottablesLast", "RenderBenchmark"];

    /// <summary>
    /// Leaves out of a plot's render the drawing stages a layer does not draw (the page is the background: no stage
    /// clears or fills it). Fails if ScottPlot's stages are not the ones this layering was written for.
    /// </summary>
    private static void Keep(Plot plot, params string[] stages)
    {
        var actions = plot.RenderManager.RenderActions;
        foreach (var stage in stages.Concat(DrawingStages))
        {
            if (!actions.Any(a => a.GetType().Name == stage)) throw new InvalidOperationException($"ScottPlot's render has no stage {stage}: the vector chart layers need updating for this ScottPlot version.");
        }
        actions.RemoveAll(a => Array.IndexOf(DrawingStages, a.GetType().Name) >= 0 && Array.IndexOf(stages, a.GetType().Name) < 0);
    }

    /// <summary>
    /// The data area as padding from the chart's edges: ScottPlot 5.1.59 draws no grid lines under a layout fixed by a
    /// data rectangle (<c>Layout.Fixed(PixelRect)</c>), but does under the same layout fixed by padding.
    /// </summary>
    private static PixelPadding Padding(PixelRect dataArea, ChartSize size) =>
        new((float)dataArea.Left, (float)(size.WidthPoints - dataArea.Right), (float)(size.HeightPoints - dataArea.Bottom), (float)dataArea.Top);

    private static void Offset(ImmutableArray<DrawOp> layer, XRect box, List<DrawOp> ops)
    {
        foreach (var op in layer)
        {
            ops.Add(op switch
            {
                RectOp r => r with { X = r.X + box.X, Y = r.Y + box.Y },
                LineOp l => l with { X1 = l.X1 + box.X, Y1 = l.Y1 + box.Y, X2 = l.X2 + box.X, Y2 = l.Y2 + box.Y },
                TextOp t => t with { X = t.X + box.X, Y = t.Y + box.Y },
                _ => throw new InvalidOperationException($"A chart layer holds {op.GetType().Name}, which is not offset."),
            });
        }
    }
}
