using PdfSharp.Drawing;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>The layout's own text widths (<see cref="GlyphAdvances"/>) are PDFsharp's, bit for bit, for every role.</summary>
public class GlyphAdvancesTests
{
    [Fact]
    public void Every_text_of_the_sample_statements_measures_as_PDFsharp_measures_it_in_every_role()
    {
        Typography.EnsureFonts();
        var templates = TemplateSet.LoadDefaults().Templates!;
        var texts = new HashSet<string>(StringComparer.Ordinal)
        {
            "", " ", "a", "99.95%", "1,234.50 USD", "9 min 30 s", "09:00:30–09:10:00", "…", "≥ 99.9 %", "Ä Ö Ü ß é", "a\tb", "x\u00A0y",
            "\U0001F600 smile", "lone \uD800 surrogate", "[U+1F600]", "Ω ≤ ≠ — “quoted” ‘single’ •",
        };
        foreach (var (extra, name) in new[] { (0, "Acme Corp"), (3, "Zeta GmbH & Co. KG"), (5, "Ünïcödé Ltd") })
        {
            var (markup, errors) = templates.RenderStatementMarkup(SampleDocuments.Statement(extra, name), SignatureKind.Demo);
            Assert.True(errors.IsEmpty);
            foreach (var line in markup.Split('\n'))
            {
                texts.Add(line);
                foreach (var word in line.Split(' ')) texts.Add(word);
                foreach (var cell in line.Split('|')) texts.Add(cell.Trim());
            }
        }
        using var measure = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);
        foreach (var role in Enum.GetValues<FontRole>())
        {
            foreach (var text in texts)
            {
                // Twice: the first finds the characters' advances, the second uses them.
                for (var pass = 0; pass < 2; pass++)
                {
                    var expected = measure.MeasureString(text, Typography.Font(role)).Width;
                    var actual = GlyphAdvances.Width(text, role, measure);
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{role} '{text}': PDFsharp {expected:R}, layout {actual:R}");
                }
            }
        }
        // The fast path is taken: the letters, digits and punctuation of the statements are measured from their advances.
        foreach (var role in Enum.GetValues<FontRole>())
        {
            foreach (var c in "aZ09.,%:- ") Assert.True(GlyphAdvances.Exact(role, c), $"{role} '{c}'");
        }
        Assert.True(texts.Count > 200, texts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
