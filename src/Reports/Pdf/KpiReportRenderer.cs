using System.Collections.Immutable;
using System.Globalization;
using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>A rendered internal KPI report (never signed).</summary>
public sealed record RenderedKpiReport(byte[]? Pdf, int PageCount, ImmutableArray<string> Warnings, ImmutableArray<TemplateError> Errors)
{
    public bool IsSuccess => Pdf is not null && Errors.IsEmpty;
}

/// <summary>Renders the internal KPI report with hand-drawn trend charts (bars per window, dashed target line).</summary>
public static class KpiReportRenderer
{
    public static RenderedKpiReport Render(KpiReportDocument document, TemplateSet templates)
    {
        var (markup, errors) = templates.RenderKpiReportMarkup(document);
        if (!errors.IsEmpty) return new RenderedKpiReport(null, 0, [], errors);
        var (parsed, markupErrors) = MarkupParser.Parse(markup, TemplateSet.KpiReportTemplateName + " (output)");
        if (parsed is null) return new RenderedKpiReport(null, 0, [], markupErrors);
        var (blocks, warnings) = Transliteration.Apply(parsed with { Furniture = parsed.Furniture with { DemoBanner = null } });
        var pages = PageLayoutEngine.Layout(blocks, (key, box, ops) => PaintTrend(document, key, box, ops));
        var meta = new PdfMetadata(document.Title, "Internal KPI report", document.Provider, document.AsOf, ImmutableDictionary<string, string>.Empty, null);
        return new RenderedKpiReport(PdfComposer.Compose(pages, blocks.Furniture, meta, signing: null), pages.Length, warnings, []);
    }

    private static bool PaintTrend(KpiReportDocument document, string key, XRect box, List<DrawOp> ops)
    {
        var kpi = document.Kpis.FirstOrDefault(k => k.Key == key);
        if (kpi is null) return false;
        Paint(TrendChart.For(kpi, document.WindowLabels), box, ops);
        return true;
    }

    /// <summary>Draws a <see cref="TrendChart"/>: the axis as the model says (a marked break when it does not start at zero), colours from the verdicts, units on the axis and every bar.</summary>
    internal static void Paint(TrendChart chart, XRect box, List<DrawOp> ops)
    {
        var (lo, hi) = (chart.AxisMin, chart.AxisMax);
        const double axisLeft = 52;
        var plot = new XRect(box.X + axisLeft, box.Y + 6, box.Width - axisLeft - 80, box.Height - 24);
        double Y(decimal v) => plot.Bottom - (double)((Math.Clamp(v, lo, hi) - lo) / (hi - lo)) * plot.Height;

        ops.Add(new LineOp(plot.Left, plot.Top, plot.Left, plot.Bottom, 0.6, InkColor.Muted));
        ops.Add(new LineOp(plot.Left, plot.Bottom, plot.Right, plot.Bottom, 0.6, InkColor.Muted));
        ops.Add(new TextOp(box.X, plot.Top - 3, Label(hi, chart.Unit), FontRole.Small, InkColor.Muted));
        ops.Add(new TextOp(box.X, plot.Bottom - 9, Label(lo, chart.Unit), FontRole.Small, InkColor.Muted));
        ops.Add(new TextOp(box.X, plot.Top + 8, chart.ValueAxisTitle, FontRole.Small, InkColor.Muted));
        if (chart.AxisBroken)
        {
            // The break mark: two short slanted strokes across the value axis just above its foot, and the words.
            ops.Add(new LineOp(plot.Left - 4, plot.Bottom - 10, plot.Left + 4, plot.Bottom - 14, 0.8, InkColor.Danger));
            ops.Add(new LineOp(plot.Left - 4, plot.Bottom - 6, plot.Left + 4, plot.Bottom - 10, 0.8, InkColor.Danger));
            ops.Add(new TextOp(box.X, plot.Bottom - 20, "axis from " + Label(lo, chart.Unit), FontRole.Small, InkColor.Danger));
        }

        var slot = plot.Width / chart.Bars.Length;
        for (var i = 0; i < chart.Bars.Length; i++)
        {
            var bar = chart.Bars[i];
            var x = plot.Left + i * slot;
            ops.Add(new TextOp(x + slot / 2 - 14, plot.Bottom + 3, bar.Label, FontRole.Small, InkColor.Muted));
            if (bar.Value is not { } v)
            {
                ops.Add(new TextOp(x + slot / 2 - 8, plot.Bottom - 12, "n/a", FontRole.Small, InkColor.Muted));
                continue;
            }
            var top = Y(v);
            var zero = Y(Math.Max(lo, 0m));
            var ink = bar.Colour switch { BarColour.Met => InkColor.ChartBar, BarColour.Breached => InkColor.Danger, _ => InkColor.Muted };
            ops.Add(new RectOp(x + slot * 0.2, Math.Min(top, zero), slot * 0.6, Math.Max(0.5, Math.Abs(zero - top)), ink, null));
            ops.Add(new TextOp(x + slot * 0.2, Math.Min(top, zero) - 10, Label(v, chart.Unit), FontRole.Small, InkColor.Text));
        }
        if (chart.Target is { } target)
        {
            var ty = Y(target);
            for (var x = plot.Left; x < plot.Right; x += 6)
            {
                ops.Add(new LineOp(x, ty, Math.Min(x + 3, plot.Right), ty, 0.9, InkColor.ChartTarget));
            }
            ops.Add(new TextOp(plot.Right + 6, ty - 5, "target " + Label(target, chart.Unit), FontRole.Small, InkColor.ChartTarget));
        }
    }

    private static string Label(decimal value, string unit) =>
        Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture) + unit;
}
