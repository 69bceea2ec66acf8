using System.Collections.Immutable;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>Renders the internal portfolio report: never signed (no signing is ever passed), INTERNAL on every page.</summary>
public static class PortfolioRenderer
{
    public static RenderedKpiReport Render(PortfolioDocument document, TemplateSet templates)
    {
        var (markup, errors) = templates.RenderPortfolioMarkup(document);
        if (!errors.IsEmpty) return new RenderedKpiReport(null, 0, [], errors);
        var (parsed, markupErrors) = MarkupParser.Parse(markup, TemplateSet.PortfolioTemplateName + " (output)");
        if (parsed is null) return new RenderedKpiReport(null, 0, [], markupErrors);
        var (blocks, warnings) = Transliteration.Apply(parsed with { Furniture = parsed.Furniture with { DemoBanner = null } });
        var pages = PageLayoutEngine.Layout(blocks, (_, _, _, _) => false);
        var meta = new PdfMetadata(document.Title, "Internal portfolio report", "SLA portfolio", document.AsOf, ImmutableDictionary<string, string>.Empty, null);
        return new RenderedKpiReport(PdfComposer.Compose(pages, blocks.Furniture, meta, signing: null), pages.Length, warnings, []);
    }
}
