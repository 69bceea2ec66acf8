using System.Collections.Immutable;
using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>A rendered internal KPI report (never signed).</summary>
public sealed record RenderedKpiReport(byte[]? Pdf, int PageCount, ImmutableArray<string> Warnings, ImmutableArray<TemplateError> Errors)
{
    public bool IsSuccess => Pdf is not null && Errors.IsEmpty;
}

/// <summary>Renders the internal KPI report; its charts are drawn by <see cref="ChartPng"/> from <see cref="KpiReportCharts"/>' specs.</summary>
public static class KpiReportRenderer
{
    public static RenderedKpiReport Render(KpiReportDocument document, TemplateSet templates) =>
        RenderInternal(templates.RenderKpiReportMarkup(document), TemplateSet.KpiReportTemplateName,
            new PdfMetadata(document.Title, "Internal KPI report", document.Provider, document.AsOf, ImmutableDictionary<string, string>.Empty, null),
            (key, box, ops) => PaintChart(document, key, box, ops));

    /// <summary>
    /// An internal report (the KPI report, the portfolio) from its template's markup: parsed, transliterated, laid out
    /// with its charts drawn by <paramref name="paintChart"/>, composed without a demo banner and never signed.
    /// </summary>
    internal static RenderedKpiReport RenderInternal((string Markup, ImmutableArray<TemplateError> Errors) rendered, string templateName,
        PdfMetadata meta, Func<string, XRect, List<DrawOp>, bool> paintChart)
    {
        if (!rendered.Errors.IsEmpty) return new RenderedKpiReport(null, 0, [], rendered.Errors);
        var (parsed, markupErrors) = MarkupParser.Parse(rendered.Markup, templateName + " (output)");
        if (parsed is null) return new RenderedKpiReport(null, 0, [], markupErrors);
        var (blocks, warnings) = Transliteration.Apply(parsed with { Furniture = parsed.Furniture with { DemoBanner = null } });
        var pages = PageLayoutEngine.Layout(blocks, (key, box, ops, _) => paintChart(key, box, ops));
        return new RenderedKpiReport(PdfComposer.Compose(pages, blocks.Furniture, meta, signing: null), pages.Length, warnings, []);
    }

    /// <summary>
    /// Draws a chart of the report with <see cref="ChartPng"/> (ScottPlot): a KPI's trend by its key, or the incidents per
    /// window stacked by severity or team (<c>incidents:severity</c>, <c>incidents:team</c>).
    /// </summary>
    private static bool PaintChart(KpiReportDocument document, string key, XRect box, List<DrawOp> ops)
    {
        BarChartSpec? spec = null;
        if (key.StartsWith(KpiReportCharts.BreakdownKeyPrefix, StringComparison.Ordinal))
        {
            var dimension = key[KpiReportCharts.BreakdownKeyPrefix.Length..];
            if (document.Breakdowns.FirstOrDefault(b => b.Title == dimension) is { Rows.IsEmpty: false } breakdown)
                spec = KpiReportCharts.IncidentsBy(breakdown, document.WindowLabels);
        }
        else if (document.Kpis.FirstOrDefault(k => k.Key == key) is { } kpi)
            spec = KpiReportCharts.Trend(TrendChart.For(kpi, document.WindowLabels));
        if (spec is null) return false;
        ops.Add(new ImageOp(box.X, box.Y, box.Width, box.Height, ChartPng.Render(spec, new ChartSize(box.Width, box.Height))));
        return true;
    }
}
