using System.Text;
using System.Text.RegularExpressions;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;

namespace SlaKpiDsl.Reports.Tests;

public class QpdfTests
{
    public static TheoryData<string> Variants => ["unsigned", "signed", "ledger500", "kpi"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Qpdf_check_passes(string variant)
    {
        var templates = TestSupport.Templates;
        byte[] pdf = variant switch
        {
            "unsigned" => StatementRenderer.Render(SampleDocuments.Statement(), templates).Pdf!,
            "signed" => StatementRenderer.Render(SampleDocuments.Statement(), templates, new SigningOptions(DemoCertificate.GetOrCreate(TestSupport.TempDir("q")).Certificate!)).Pdf!,
            "ledger500" => StatementRenderer.Render(SampleDocuments.Statement(497), templates).Pdf!,
            _ => KpiReportRenderer.Render(SampleDocuments.KpiReport(), templates).Pdf!,
        };
        var path = Path.Combine(TestSupport.TempDir("qpdf"), variant + ".pdf");
        File.WriteAllBytes(path, pdf);
        var (exit, output) = TestSupport.Run("qpdf", "--check", path);
        Assert.True(exit == 0, output);
        Assert.Contains("No syntax or stream encoding errors found", output, StringComparison.Ordinal);
    }
}

public class ReproducibilityTests
{
    [Fact]
    public void Same_inputs_give_byte_identical_unsigned_pdf()
    {
        var a = StatementRenderer.Render(SampleDocuments.Statement(30, "Müller & Söhne GmbH"), TestSupport.Templates).Pdf!;
        var b = StatementRenderer.Render(SampleDocuments.Statement(30, "Müller & Söhne GmbH"), TestSupport.Templates).Pdf!;
        Assert.Equal(a.Length, b.Length);
        Assert.True(a.AsSpan().SequenceEqual(b), "two renders of the same statement differ");
    }

    [Fact]
    public void Dates_and_ids_come_from_the_statement_not_the_clock()
    {
        var pdf = Encoding.Latin1.GetString(StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates).Pdf!);
        Assert.Contains("/CreationDate(D:20261202140000+00'00')", pdf, StringComparison.Ordinal);
        Assert.Contains("/ModDate(D:20261202140000+00'00')", pdf, StringComparison.Ordinal);
        Assert.Matches(new Regex("/ID\\[<[0-9A-F]{64}><[0-9A-F]{64}>\\]"), pdf);
        Assert.DoesNotMatch(new Regex(@"/(?!SLAK)[A-Z]{6}\+Segoe"), pdf);
    }

    [Fact]
    public void Different_content_gives_a_different_document_id()
    {
        static string Id(StatementDocument d) =>
            Regex.Match(Encoding.Latin1.GetString(StatementRenderer.Render(d, TestSupport.Templates).Pdf!), "/ID\\[<([0-9A-F]+)>").Groups[1].Value;
        Assert.NotEqual(Id(SampleDocuments.Statement()), Id(SampleDocuments.Statement(0, "Other Customer")));
    }
}

public class PaginationTests
{
    private static readonly RenderedStatement Ledger = StatementRenderer.Render(SampleDocuments.Statement(497), TestSupport.Templates);

    [Fact]
    public void Five_hundred_incidents_paginate_with_page_n_of_m()
    {
        var pages = TestSupport.PageTexts(Ledger.Pdf!);
        Assert.Equal(Ledger.PageCount, pages.Count);
        Assert.True(pages.Count >= 10, $"500 ledger rows should need many pages, got {pages.Count}");
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.EndsWith($"Page {i + 1} of {pages.Count}", pages[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_incident_appears_in_the_ledger_and_headers_repeat()
    {
        var pages = TestSupport.PageWords(Ledger.Pdf!);
        var ids = pages.SelectMany(w => w).Where(w => w.StartsWith("INC-", StringComparison.Ordinal)).Select(w => w.TrimEnd(':')).ToList();
        // 3 base incidents + 497 generated = 500: each once in the incidents table and once more, in its downtime
        // period or (INC-2049, customer-caused) in the exclusion that removed it.
        Assert.Equal(500, ids.Distinct().Count());
        Assert.All(ids.GroupBy(i => i), g => Assert.Equal(2, g.Count()));
        Assert.Contains("INC-3496", ids);

        var texts = pages.Select(w => string.Join(" ", w)).ToList();
        var pagesWithRows = texts.Where(t => Regex.IsMatch(t, @"INC-3\d{3}")).ToList();
        Assert.True(pagesWithRows.Count >= 18, $"500 incidents and 499 periods should span many pages, got {pagesWithRows.Count}");
        Assert.All(pagesWithRows, t => Assert.True(
            t.Contains("Incident Service Severity Start End Duration Counted Weight Outcome", StringComparison.Ordinal) || t.Contains("Start End Incidents Duration Weight Counted", StringComparison.Ordinal),
            "a page of ledger rows without its table header"));
    }

    [Fact]
    public void Ledger_total_is_exact()
    {
        var doc = SampleDocuments.Statement(497);
        var ledger = doc.Ledgers[0];
        var expected = ledger.Periods.Sum(p => p.Seconds * p.Weight);
        Assert.Equal(expected, ledger.DowntimeSeconds);
        var text = string.Join(" ", TestSupport.PageTexts(Ledger.Pdf!));
        Assert.Contains("Downtime counted " + Templating.TextFormats.Duration(expected), text, StringComparison.Ordinal);
        Assert.Contains("Total before exclusions " + Templating.TextFormats.Duration(expected), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_cell_text_wraps_instead_of_being_dropped()
    {
        var doc = SampleDocuments.Statement();
        var longName = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var ledger = doc.Ledgers[0];
        var withLong = new DowntimeLedger(ledger.CommitmentKey, ledger.Incidents, ledger.Periods,
            [.. ledger.Exclusions, new LedgerExclusion(longName, "3.9", 300, 0)], ledger.DenominatorSeconds, ledger.DenominatorExplanation);
        doc = new StatementDocument(doc.Provider, doc.Customer, doc.Contract, doc.Period, doc.Commitments, [withLong], doc.Credits, doc.Footer, doc.AsOf);
        var words = TestSupport.PageWords(StatementRenderer.Render(doc, TestSupport.Templates).Pdf!).SelectMany(w => w).ToList();
        for (var i = 1; i <= 40; i++) Assert.Contains($"word{i}", words);
    }
}
