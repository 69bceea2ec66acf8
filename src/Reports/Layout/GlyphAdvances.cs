using PdfSharp.Drawing;

namespace SlaKpiDsl.Reports.Layout;

/// <summary>
/// Text widths without PDFsharp's per-call work (code points, glyph lookup by a scan of the font's cmap segments, an
/// array per call): PDFsharp measures a text as the sum of its glyphs' integer advances times the size over the units
/// per em, so a width is computed here the same way from each character's advance, found once per role and character
/// by measuring that character alone and kept for the process. The layout measures the same words in ever longer line
/// candidates, thousands of statements over. Bit-identical to <see cref="XGraphics.MeasureString(string, XFont)"/>: a
/// character is used only when its one-character width is exactly its recovered advance times size over units per em
/// (so a simulated bold face, whose widths carry an extra term, never is); any other character (control, surrogate,
/// or not exact) sends the whole text to PDFsharp. A test compares both on every text of the sample statements.
/// </summary>
internal static class GlyphAdvances
{
    private const int Unknown = -1;
    private const int NotExact = -2;
    // One table per role (made when the role is first measured): the advance of each character below the surrogates.
    private static readonly int[]?[] Advances = new int[]?[Enum.GetValues<FontRole>().Length];

    private static int[] TableOf(FontRole role)
    {
        if (Advances[(int)role] is { } table) return table;
        var made = new int[0xD800];
        Array.Fill(made, Unknown);
        return Interlocked.CompareExchange(ref Advances[(int)role], made, null) ?? made;
    }

    /// <summary>The width PDFsharp would give <paramref name="text"/> in <paramref name="role"/>'s font; <paramref name="measure"/> finds what is not known yet.</summary>
    public static double Width(string text, FontRole role, XGraphics measure)
    {
        var font = Typography.Font(role);
        var advances = TableOf(role);
        var sum = 0;
        foreach (var c in text)
        {
            // Below 32 and from the surrogates on, PDFsharp's own path decides.
            if (c < 32 || c >= 0xD800) return measure.MeasureString(text, font).Width;
            var advance = advances[c];
            if (advance == Unknown) advances[c] = advance = Advance(c, font, measure);
            if (advance == NotExact) return measure.MeasureString(text, font).Width;
            sum += advance;
        }
        return text.Length == 0 ? measure.MeasureString(text, font).Width : sum * font.Size / UnitsPerEm(role, font);
    }

    /// <summary>Whether <paramref name="c"/> is measured here (found exact) in <paramref name="role"/>'s font (for tests).</summary>
    internal static bool Exact(FontRole role, char c) => c is >= (char)32 and < (char)0xD800 && TableOf(role)[c] >= 0;

    private static readonly int[] UnitsPerEms = new int[Advances.Length];

    private static int UnitsPerEm(FontRole role, XFont font)
    {
        var known = UnitsPerEms[(int)role];
        return known != 0 ? known : UnitsPerEms[(int)role] = font.Metrics.UnitsPerEm;
    }

    private static int Advance(char c, XFont font, XGraphics measure)
    {
        var alone = measure.MeasureString(c.ToString(), font).Width;
        var unitsPerEm = font.Metrics.UnitsPerEm;
        var advance = (int)Math.Round(alone * unitsPerEm / font.Size);
        return advance >= 0 && advance * font.Size / unitsPerEm == alone ? advance : NotExact;
    }
}
