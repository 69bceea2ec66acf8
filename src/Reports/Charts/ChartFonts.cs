using SkiaSharp;
using PdfSharp.Fonts;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// Gives ScottPlot the font the PDF embeds: Segoe WP, the font file PDFsharp's <c>FailsafeFontResolver</c> carries
/// (regular and bold faces; italic is not used in charts). Charts then never depend on the fonts installed on the
/// machine that renders them.
/// </summary>
public static class ChartFonts
{
    public const string Family = Typography.Family;
    private static readonly Lock RegisterLock = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        if (_registered) return;
        lock (RegisterLock)
        {
            if (_registered) return;
            ScottPlot.Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            ScottPlot.Fonts.Default = Family;
            _registered = true;
        }
    }

    /// <summary>The typeface a chart's text uses for the family name the PDF uses (tests check it is the embedded face).</summary>
    public static SKTypeface Typeface(bool bold) => bold ? EmbeddedFontResolver.Bold.Value : EmbeddedFontResolver.Regular.Value;

    private sealed class EmbeddedFontResolver : ScottPlot.IFontResolver
    {
        internal static readonly Lazy<SKTypeface> Regular = new(() => Load(bold: false));
        internal static readonly Lazy<SKTypeface> Bold = new(() => Load(bold: true));

        private static SKTypeface Load(bool bold)
        {
            Typography.EnsureFonts();
            var resolver = GlobalFontSettings.FontResolver ?? throw new InvalidOperationException("PDFsharp has no font resolver.");
            var info = resolver.ResolveTypeface(Family, bold, false) ?? throw new InvalidOperationException($"PDFsharp's font resolver has no face for {Family}.");
            var bytes = resolver.GetFont(info.FaceName) ?? throw new InvalidOperationException($"PDFsharp's font resolver has no font file for {info.FaceName}.");
            return SKTypeface.FromData(SKData.CreateCopy(bytes)) ?? throw new InvalidOperationException($"Skia cannot read the font file of {info.FaceName}.");
        }

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? (bold ? Bold.Value : Regular.Value) : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            CreateTypeface(fontName, (int)weight >= (int)ScottPlot.FontWeight.SemiBold, slant != ScottPlot.FontSlant.Upright);
    }
}
