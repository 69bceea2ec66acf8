using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PdfSharp.Fonts;

namespace SlaKpiDsl.Reports.Layout;

/// <summary>
/// Finds characters the embedded font has no glyph for (they would print as empty boxes) and replaces each run of
/// them with a clearly marked code-point transliteration, e.g. "株式会社" -> "[U+682A U+5F0F U+4F1A U+793E]".
/// </summary>
internal static class FontCoverage
{
    private static readonly ConcurrentDictionary<int, bool> Covered = new();

    public static bool HasGlyph(int codePoint)
    {
        if (codePoint < 0x20) return true;
        return Covered.GetOrAdd(codePoint, cp =>
            GlyphHelper.GlyphIndexFromCodePoint(cp, Typography.Font(FontRole.Body)) != 0
            && GlyphHelper.GlyphIndexFromCodePoint(cp, Typography.Font(FontRole.BodyBold)) != 0);
    }

    /// <summary>The text with unprintable runs transliterated, and the distinct characters that were missing.</summary>
    public static (string Text, ImmutableArray<string> Missing) Sanitize(string text)
    {
        var missing = ImmutableArray.CreateBuilder<string>();
        StringBuilder? result = null;
        var inRun = false;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var ok = HasGlyph(rune.Value);
            if (!ok && result is null)
            {
                result = new StringBuilder(text.Length + 16);
                result.Append(text, 0, index);
            }
            if (result is not null)
            {
                if (!ok)
                {
                    result.Append(inRun ? " " : "[");
                    result.Append("U+").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture));
                    if (!missing.Contains(rune.ToString())) missing.Add(rune.ToString());
                    inRun = true;
                }
                else
                {
                    if (inRun) result.Append(']');
                    inRun = false;
                    result.Append(rune.ToString());
                }
            }
            index += rune.Utf16SequenceLength;
        }
        if (inRun) result!.Append(']');
        return (result?.ToString() ?? text, missing.ToImmutable());
    }
}
