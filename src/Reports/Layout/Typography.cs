using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace SlaKpiDsl.Reports.Layout;

public enum FontRole
{
    Title,
    Section,
    Subsection,
    Body,
    BodyBold,
    Small,
    Cell,
    CellBold,
    Furniture,
    Banner,
    /// <summary>Chart tick labels, axis titles and legends drawn as vectors (ChartVector, SvgTranslator).</summary>
    Chart,
}

public enum InkColor
{
    Text,
    Muted,
    Accent,
    Rule,
    HeaderFill,
    NoticeFill,
    Danger,
    White,
    ChartBar,
    ChartTarget,
}

/// <summary>The type scale and colours of every report. Fonts resolve to the embedded Segoe WP (no system fonts needed).</summary>
internal static class Typography
{
    public const string Family = "Segoe WP";
    private static readonly Lock InitLock = new();
    private static bool _initialised;
    private static Dictionary<FontRole, XFont>? _fonts;

    public static XFont Font(FontRole role)
    {
        EnsureFonts();
        return _fonts![role];
    }

    /// <summary>Sets PDFsharp's global font resolver once, before the first XFont exists (PDFsharp requires that order).</summary>
    public static void EnsureFonts()
    {
        if (_initialised) return;
        lock (InitLock)
        {
            if (_initialised) return;
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new PdfSharp.Snippets.Font.FailsafeFontResolver();
            }
            _fonts = new Dictionary<FontRole, XFont>
            {
                [FontRole.Title] = new(Family, 19, XFontStyleEx.Bold),
                [FontRole.Section] = new(Family, 12, XFontStyleEx.Bold),
                [FontRole.Subsection] = new(Family, 10, XFontStyleEx.Bold),
                [FontRole.Body] = new(Family, 9.5, XFontStyleEx.Regular),
                [FontRole.BodyBold] = new(Family, 9.5, XFontStyleEx.Bold),
                [FontRole.Small] = new(Family, 7.5, XFontStyleEx.Regular),
                [FontRole.Cell] = new(Family, 8.5, XFontStyleEx.Regular),
                [FontRole.CellBold] = new(Family, 8.5, XFontStyleEx.Bold),
                [FontRole.Furniture] = new(Family, 7.5, XFontStyleEx.Regular),
                [FontRole.Banner] = new(Family, 9, XFontStyleEx.Bold),
                [FontRole.Chart] = new(Family, 6.5, XFontStyleEx.Regular),
            };
            _initialised = true;
        }
    }

    public static XColor Color(InkColor ink) => ink switch
    {
        InkColor.Text => XColor.FromArgb(0x1F, 0x25, 0x2E),
        InkColor.Muted => XColor.FromArgb(0x5B, 0x66, 0x75),
        InkColor.Accent => XColor.FromArgb(0x1D, 0x3C, 0x6E),
        InkColor.Rule => XColor.FromArgb(0xC9, 0xD0, 0xDA),
        InkColor.HeaderFill => XColor.FromArgb(0xEC, 0xF0, 0xF5),
        InkColor.NoticeFill => XColor.FromArgb(0xFF, 0xF6, 0xE0),
        InkColor.Danger => XColor.FromArgb(0xB0, 0x1E, 0x23),
        InkColor.White => XColor.FromArgb(0xFF, 0xFF, 0xFF),
        InkColor.ChartBar => XColor.FromArgb(0x4A, 0x6F, 0xA5),
        InkColor.ChartTarget => XColor.FromArgb(0xB0, 0x1E, 0x23),
        _ => XColor.FromArgb(0, 0, 0),
    };
}
