using System.Text;
using System.Text.Json;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Tests;

public class StatementContentTests
{
    private static readonly RenderedStatement Sample = StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates);

    [Fact]
    public void Numbers_and_wording_are_on_the_page()
    {
        Assert.True(Sample.IsSuccess);
        var text = string.Join(" ", TestSupport.PageTexts(Sample.Pdf!));
        // 90 outage minutes + 30 degraded minutes at weight 0.5 = 105 counted; (43260-105)/43260 = 99.757%.
        Assert.Contains("API availability 3.1 at least 99.9% 99.757% -0.143 pp BREACHED", text, StringComparison.Ordinal);
        // Ledger rows wrap in their cells, so the words of a row's first line come first: service, severity, the dates,
        // duration, counted, weight, outcome (after the first words of the id and title); then the rest of each cell.
        Assert.Contains("Incident Service Severity Start End Duration Counted Weight Outcome", text, StringComparison.Ordinal);
        Assert.Contains("INC-2057: Slow api sev2 2026-11-18 2026-11-18 30 min 30 min 0.5 counted responses degraded 22:15 -05:00 22:45 -05:00", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-18 22:15 -05:00 2026-11-18 22:45 -05:00 INC-2057 30 min 0.5 15 min", text, StringComparison.Ordinal);
        Assert.Contains("api sev2 2026-11-14 2026-11-14 42 min 0 min 1 excluded by INC-2049: outage 03:00 -05:00 03:42 -05:00 clause 3.5 Customer's firewall blocked the API", text, StringComparison.Ordinal);
        Assert.Contains("Total before exclusions 105 min", text, StringComparison.Ordinal);
        Assert.Contains("Downtime counted 105 min", text, StringComparison.Ordinal);
        Assert.Contains("Measured period (denominator) 43,260 min", text, StringComparison.Ordinal);
        Assert.Contains("API latency 4.3 p95 latency at most 300 ms - - Not evaluated", text, StringComparison.Ordinal);
        Assert.Contains("API latency: not evaluated by this version of the evaluator (not yet supported: latency)", text, StringComparison.Ordinal);
        Assert.Contains("Period length 43,260 min", text, StringComparison.Ordinal);
        Assert.Contains("availability below 99.9% 10% 1,200.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("Total credit due 1,200.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("Credits must be claimed by 2026-12-31.", text, StringComparison.Ordinal);
        Assert.Contains("Statement as of 2026-12-02T14:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("Contract source SHA-256 3f1c8a9e0b7d4c2a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Breached_verdict_is_emphasised_in_bold_without_markers()
    {
        using var doc = UglyToad.PdfPig.PdfDocument.Open(Sample.Pdf!);
        var words = doc.GetPage(1).GetWords().ToList();
        var breached = Assert.Single(words, w => w.Text == "BREACHED");
        var met = Assert.Single(words, w => w.Text == "Met");
        Assert.Contains("Bold", breached.Letters[0].FontName, StringComparison.Ordinal);
        Assert.DoesNotContain("Bold", met.Letters[0].FontName, StringComparison.Ordinal);
        Assert.DoesNotContain(words, w => w.Text.Contains("**", StringComparison.Ordinal));
    }

    [Fact]
    public void No_credit_wording_when_nothing_is_due()
    {
        var doc = SampleDocuments.Statement();
        doc = new StatementDocument(doc.Provider, doc.Customer, doc.Contract, doc.Period, doc.Commitments, doc.Ledgers,
            new CreditSummary("USD", [], null, "half-even to 0.01 USD"), doc.Footer, doc.AsOf);
        var text = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(doc, TestSupport.Templates).Pdf!));
        Assert.Contains("No service credit is due for this period.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Total credit due", text, StringComparison.Ordinal);
        Assert.DoesNotContain("claimed by", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_beside_the_pdf_has_the_schema_and_exact_values()
    {
        var dir = TestSupport.TempDir("json");
        var (pdfPath, jsonPath) = StatementRenderer.WriteFiles(Sample, dir, "acme-2026-11");
        Assert.True(File.Exists(pdfPath));
        Assert.Equal(Path.Combine(dir, "acme-2026-11.json"), jsonPath);
        using var json = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var root = json.RootElement;
        Assert.Equal("slakpidsl.statement/1", root.GetProperty("schema").GetString());
        Assert.Equal(43260, root.GetProperty("period").GetProperty("length_minutes").GetInt64());
        Assert.Equal("2026-12-02T14:00:00Z", root.GetProperty("as_of").GetString());
        var ledger = root.GetProperty("ledgers")[0];
        Assert.Equal("6300.0", ledger.GetProperty("downtime_seconds").GetRawText());
        Assert.Equal("2026-11-18T22:15:00-05:00", ledger.GetProperty("incidents")[2].GetProperty("start_local").GetString());
        Assert.Equal("1200.00", root.GetProperty("credits").GetProperty("total").GetRawText());
        Assert.Equal("breached", root.GetProperty("commitments")[0].GetProperty("verdict").GetString());
        Assert.Equal(StatementRendererHash(File.ReadAllBytes(jsonPath)), Sample.ResultSha256);
    }

    [Fact]
    public void Json_keeps_non_ascii_names_verbatim()
    {
        var r = StatementRenderer.Render(SampleDocuments.Statement(0, "株式会社 Müller & Söhne GmbH"), TestSupport.Templates);
        Assert.Contains("\"name\": \"株式会社 Müller & Söhne GmbH\"", Encoding.UTF8.GetString(r.Json!), StringComparison.Ordinal);
    }

    private static string StatementRendererHash(byte[] json) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
}

public class NonAsciiTests
{
    [Fact]
    public void German_umlauts_render_as_themselves()
    {
        var r = StatementRenderer.Render(SampleDocuments.Statement(0, "Müller & Söhne GmbH"), TestSupport.Templates);
        Assert.Empty(r.Warnings);
        var words = TestSupport.PageWords(r.Pdf!)[0];
        Assert.Contains("Müller", words);
        Assert.Contains("Söhne", words);
        Assert.DoesNotContain(words, w => w.Contains("U+", StringComparison.Ordinal));
    }

    [Fact]
    public void Characters_without_glyphs_are_transliterated_flagged_and_warned()
    {
        var r = StatementRenderer.Render(SampleDocuments.Statement(0, "株式会社 Example"), TestSupport.Templates);
        Assert.True(r.IsSuccess);
        var warning = Assert.Single(r.Warnings);
        Assert.Contains("U+682A", warning, StringComparison.Ordinal);
        var text = TestSupport.PageTexts(r.Pdf!)[0];
        Assert.Contains("Customer [U+682A U+5F0F U+4F1A U+793E] Example", text, StringComparison.Ordinal);
        Assert.Contains("Font note:", text, StringComparison.Ordinal);
        // Never the raw characters (they would be empty boxes).
        Assert.DoesNotContain("株", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_check_knows_latin_and_lacks_cjk()
    {
        Assert.True(Layout.FontCoverage.HasGlyph('ü'));
        Assert.True(Layout.FontCoverage.HasGlyph('€'));
        Assert.False(Layout.FontCoverage.HasGlyph('株'));
        Assert.True(Layout.FontCoverage.HasGlyph('\u2026')); // the mark of an amount cut for display (Words.MoneyAmount)
        Assert.Equal("a[U+682A]b", Layout.FontCoverage.Sanitize("a株b").Text);
    }
}

/// <summary>The template functions are the rules of <see cref="SlaKpiDsl.Reports.Wording.Words"/>.</summary>
public class TextFormatsTests
{
    [Theory]
    [InlineData("1200", "USD", "1,200.00 USD")] // whole amounts get two decimals
    [InlineData("1234567.5", "EUR", "1,234,567.50 EUR")]
    [InlineData("0.005", "USD", "0.005 USD")] // an unrounded amount keeps its digits: only the evaluator rounds money
    [InlineData("500", "JPY", "500 JPY")] // the currency's own minor unit (none for yen)
    [InlineData("233.3333", "USD", "233.3333 USD")] // up to eight digits beyond the minor unit are shown whole
    [InlineData("0.33333", "JPY", "0.33333 JPY")]
    [InlineData("1.2345678901", "USD", "1.2345678901 USD")]
    [InlineData("1.23456789012", "USD", "1.234567\u2026 USD")] // more: cut after four beyond the minor unit, never rounded
    [InlineData("2333.3333333333333333333333333", "USD", "2,333.333333\u2026 USD")] // 5,000.00 x 14/30: cut, never rounded, and marked
    [InlineData("-0.6666666666666666666666666667", "EUR", "-0.666666\u2026 EUR")]
    [InlineData("333.3333333333333333333333333", "JPY", "333.3333\u2026 JPY")]
    public void Money(string amount, string currency, string expected) =>
        Assert.Equal(expected, TextFormats.Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("43260", "43,260")]
    [InlineData("15.0", "15")] // every significant digit, no trailing zeros: the one rule explain uses too
    [InlineData("1234.125", "1,234.125")]
    public void Number(string value, string expected) =>
        Assert.Equal(expected, TextFormats.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
