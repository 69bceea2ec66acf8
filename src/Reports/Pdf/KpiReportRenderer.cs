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
        var values = kpi.Values;
        var known = values.Where(v => v.HasValue).Select(v => v!.Value).Append(kpi.Target).ToList();
        var min = known.Min();
        var max = known.Max();
        var span = max - min;
        // Pad the scale so neither the lowest bar nor the target line sits on the axis.
        var lo = min - (span == 0 ? 1 : span * 0.25m);
        var hi = max + (span == 0 ? 1 : span * 0.1m);
        if (kpi.Unit == "%" && max <= 100m) hi = Math.Min(hi, 100m); // no percent axis above 100%
        const double axisLeft = 46;
        var plot = new XRect(box.X + axisLeft, box.Y + 6, box.Width - axisLeft - 80, box.Height - 24);
        double Y(decimal v) => plot.Bottom - (double)((v - lo) / (hi - lo)) * plot.Height;

        ops.Add(new LineOp(plot.Left, plot.Top, plot.Left, plot.Bottom, 0.6, InkColor.Muted));
        ops.Add(new LineOp(plot.Left, plot.Bottom, plot.Right, plot.Bottom, 0.6, InkColor.Muted));
        ops.Add(new TextOp(box.X, plot.Top - 3, Label(hi, kpi.Unit), FontRole.Small, InkColor.Muted));
        ops.Add(new TextOp(box.X, plot.Bottom - 9, Label(lo, kpi.Unit), FontRole.Small, InkColor.Muted));

        var slot = plot.Width / values.Length;
        for (var i = 0; i < values.Length; i++)
        {
            var x = plot.Left + i * slot;
            ops.Add(new TextOp(x + slot / 2 - 14, plot.Bottom + 3, document.WindowLabels[i], FontRole.Small, InkColor.Muted));
            if (values[i] is not { } v)
            {
                ops.Add(new TextOp(x + slot / 2 - 8, plot.Bottom - 12, "n/a", FontRole.Small, InkColor.Muted));
                continue;
            }
            var meets = kpi.HigherIsBetter ? v >= kpi.Target : v <= kpi.Target;
            var top = Y(v);
            ops.Add(new RectOp(x + slot * 0.2, top, slot * 0.6, plot.Bottom - top, meets ? InkColor.ChartBar : InkColor.Danger, null));
            ops.Add(new TextOp(x + slot * 0.2, top - 10, Label(v, kpi.Unit), FontRole.Small, InkColor.Text));
        }
        var ty = Y(kpi.Target);
        for (var x = plot.Left; x < plot.Right; x += 6)
        {
            ops.Add(new LineOp(x, ty, Math.Min(x + 3, plot.Right), ty, 0.9, InkColor.ChartTarget));
        }
        ops.Add(new TextOp(plot.Right + 6, ty - 5, "target " + Label(kpi.Target, kpi.Unit), FontRole.Small, InkColor.ChartTarget));
        return true;
    }

    private static string Label(decimal value, string unit) =>
        Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture) + unit;
}
