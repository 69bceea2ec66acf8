using System.Collections.Immutable;
using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>
/// Renders the internal portfolio report: never signed (no signing is ever passed), INTERNAL on every page. Its charts
/// are <see cref="PortfolioCharts"/>' specs drawn by <see cref="ChartPng"/>, as the KPI report's are.
/// </summary>
public static class PortfolioRenderer
{
    public static RenderedKpiReport Render(PortfolioDocument document, TemplateSet templates) =>
        KpiReportRenderer.RenderInternal(templates.RenderPortfolioMarkup(document), TemplateSet.PortfolioTemplateName,
            new PdfMetadata(document.Title, "Internal portfolio report", "SLA portfolio", document.AsOf, ImmutableDictionary<string, string>.Empty, null),
            (key, box, ops) => PaintChart(document, key, box, ops));

    /// <summary>Draws a chart of the portfolio: a currency's credits due (<c>credits:USD</c>) or the worst services (<c>worst-services</c>).</summary>
    private static bool PaintChart(PortfolioDocument document, string key, XRect box, List<DrawOp> ops)
    {
        var spec = key == PortfolioCharts.WorstServicesKey ? PortfolioCharts.WorstServices(document)
            : key.StartsWith(PortfolioCharts.CreditsKeyPrefix, StringComparison.Ordinal) ? PortfolioCharts.CreditsDue(document, key[PortfolioCharts.CreditsKeyPrefix.Length..])
            : null;
        if (spec is null) return false;
        ops.Add(new ImageOp(box.X, box.Y, box.Width, box.Height, ChartPng.Render(spec, new ChartSize(box.Width, box.Height))));
        return true;
    }
}
