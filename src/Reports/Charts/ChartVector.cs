using System.Globalization;
using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// Draws a <see cref="BarChartSpec"/> as PDF vector operations (rectangles, lines, text in the document's embedded font)
/// instead of a raster image: sharp at any zoom, its labels are real text (searchable, read by pdftotext), and it costs
/// a few hundred microseconds where the 200 dpi image cost milliseconds per chart (docs/performance.md). Used for the
/// statement's downtime timeline, drawn thousands of times a batch; the KPI report keeps <see cref="ChartPng"/>.
/// The geometry is the spec's and nothing else: the value axis runs from <see cref="BarChartSpec.AxisMin"/> to
/// <see cref="BarChartSpec.AxisMax"/> (honest axes are decided by the chart model), every segment's height is its value
/// on that scale, clipped to the plot area, and the value axis title stands above the axis, horizontally.
/// </summary>
public static class ChartVector
{
    /// <summary>The type of tick labels, axis titles and legends (<see cref="FontRole.Chart"/>, 6.5 pt).</summary>
    public const FontRole Font = FontRole.Chart;

    /// <summary>The width of a bar as a share of its category's slot.</summary>
    public const double BarShare = 0.72;

    private const double TickLength = 2.5;
    private const double Gap = 2;

    /// <summary>Appends the chart's operations for <paramref name="box"/> (points, origin top-left) to <paramref name="ops"/>.</summary>
    /// <param name="measure">The width in points of a text in a font role (the layout's measure).</param>
    public static void Draw(BarChartSpec spec, XRect box, Func<string, FontRole, double> measure, List<DrawOp> ops)
    {
        var lineHeight = Typography.Font(Font).GetHeight();
        var ticks = spec.ValueTicks.IsEmpty ? [spec.AxisMin, spec.AxisMax] : spec.ValueTicks;
        var label = spec.ValueTickLabel ?? (v => v.ToString("0.###", CultureInfo.InvariantCulture));
        var tickLabels = ticks.Select(label).ToArray();
        var tickWidth = tickLabels.Max(t => measure(t, Font));

        // The plot area: the value axis title above it, tick labels to its left, day labels and the category title below.
        var left = box.X + tickWidth + TickLength + Gap;
        var right = box.Right - 2;
        var top = box.Y + lineHeight + Gap + lineHeight / 2;
        var bottom = box.Bottom - (string.IsNullOrEmpty(spec.CategoryAxisTitle) ? 1 : 2) * lineHeight - TickLength - Gap;
        if (right - left < 10 || bottom - top < 10) throw new ArgumentException($"A {box.Width:0.#} x {box.Height:0.#} pt box is too small for a chart.", nameof(box));
        double Y(double v) => bottom - (Math.Clamp(v, spec.AxisMin, spec.AxisMax) - spec.AxisMin) / (spec.AxisMax - spec.AxisMin) * (bottom - top);
        var n = spec.CategoryLabels.Length;
        var slot = (right - left) / n;
        double Centre(int category) => left + (category + 0.5) * slot;

        ops.Add(new TextOp(box.X, box.Y, spec.ValueAxisTitle, Font, InkColor.Muted));
        // Grid lines and tick labels at every value tick (right-aligned to the axis, centred on their line).
        for (var i = 0; i < ticks.Length; i++)
        {
            if (ticks[i] < spec.AxisMin || ticks[i] > spec.AxisMax) continue;
            var y = Y(ticks[i]);
            ops.Add(new LineOp(left, y, right, y, 0.4, InkColor.Rule));
            ops.Add(new LineOp(left - TickLength, y, left, y, 0.6, InkColor.Muted));
            ops.Add(new TextOp(left - TickLength - Gap - measure(tickLabels[i], Font), y - lineHeight / 2, tickLabels[i], Font, InkColor.Text));
        }

        foreach (var s in spec.Segments)
        {
            var (from, to) = (Y(s.Base), Y(s.Base + s.Value));
            var width = slot * BarShare;
            if (from - to > 0) ops.Add(new RectOp(Centre(s.Category) - width / 2, to, width, from - to, s.Ink, null));
            if (!string.IsNullOrEmpty(s.Label)) ops.Add(new TextOp(Centre(s.Category) - measure(s.Label, Font) / 2, to - lineHeight, s.Label, Font, InkColor.Text));
        }

        foreach (var line in spec.ReferenceLines)
        {
            if (line.Value < spec.AxisMin || line.Value > spec.AxisMax) continue;
            var y = Y(line.Value);
            ops.Add(new LineOp(left, y, right, y, 0.8, line.Ink));
            if (!string.IsNullOrEmpty(line.Label)) ops.Add(new TextOp(right - measure(line.Label, Font), y - lineHeight, line.Label, Font, line.Ink));
        }

        // The axes over the bars' feet, then the category labels centred under their bars and the category title.
        ops.Add(new LineOp(left, top, left, bottom, 0.6, InkColor.Muted));
        ops.Add(new LineOp(left, bottom, right, bottom, 0.6, InkColor.Muted));
        for (var i = 0; i < n; i++)
        {
            var text = spec.CategoryLabels[i];
            if (string.IsNullOrEmpty(text)) continue;
            ops.Add(new LineOp(Centre(i), bottom, Centre(i), bottom + TickLength, 0.6, InkColor.Muted));
            ops.Add(new TextOp(Centre(i) - measure(text, Font) / 2, bottom + TickLength, text, Font, InkColor.Text));
        }
        if (!string.IsNullOrEmpty(spec.CategoryAxisTitle))
        {
            ops.Add(new TextOp(left + (right - left - measure(spec.CategoryAxisTitle, Font)) / 2, bottom + TickLength + lineHeight, spec.CategoryAxisTitle, Font, InkColor.Muted));
        }

        // The legend, if any: one swatch and name per entry, in a row ending at the right edge, level with the value axis title.
        var x = right;
        for (var i = spec.Legend.Length - 1; i >= 0; i--)
        {
            var entry = spec.Legend[i];
            x -= measure(entry.Text, Font);
            ops.Add(new TextOp(x, box.Y, entry.Text, Font, InkColor.Text));
            x -= lineHeight * 0.6 + Gap;
            ops.Add(new RectOp(x, box.Y + lineHeight * 0.2, lineHeight * 0.6, lineHeight * 0.6, entry.Ink, null));
            x -= 3 * Gap;
        }
    }
}
