using SlaKpiDsl.Tests.Shared;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;

namespace SlaKpiDsl.Reports.Tests;

public class SampleOutputTests
{
    [Fact]
    public void Write_samples_for_inspection()
    {
        var dir = Environment.GetEnvironmentVariable("SAMPLE_OUT") ?? TestSupport.TempDir("samples");
        var (cert, problem) = DemoCertificate.GetOrCreate(dir);
        Assert.Null(problem);
        var r = StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates, new SigningOptions(cert!));
        Assert.True(r.IsSuccess, string.Join("\n", r.Errors));
        StatementRenderer.WriteFiles(r, dir, "statement");
        var big = StatementRenderer.Render(SampleDocuments.Statement(500, "株式会社 Müller & Söhne GmbH"), TestSupport.Templates);
        Assert.True(big.IsSuccess, string.Join("\n", big.Errors));
        StatementRenderer.WriteFiles(big, dir, "ledger500");
        var kpi = KpiReportRenderer.Render(SampleDocuments.KpiReport(), TestSupport.Templates);
        Assert.True(kpi.IsSuccess, string.Join("\n", kpi.Errors));
        File.WriteAllBytes(Path.Combine(dir, "kpi.pdf"), kpi.Pdf!);
    }
}

/// <summary>
/// Golden wording: the markup the default templates produce for the sample statement, reviewed like a contract text.
/// Mismatch writes <c>Name.received.txt</c>; <c>UPDATE_GOLDEN=1</c> accepts.
/// </summary>
public class GoldenMarkupTests
{
    private static void Verify(string name, string actual) => GoldenFile.VerifyBeside(name, actual, "Golden");

    [Fact]
    public void Statement_markup_demo_signed()
    {
        var (markup, errors) = TestSupport.Templates.RenderStatementMarkup(SampleDocuments.Statement(), SlaKpiDsl.Reports.Templating.SignatureKind.Demo);
        Assert.Empty(errors);
        Verify("statement-sample-demo", markup);
    }

    [Fact]
    public void Kpi_report_markup()
    {
        var (markup, errors) = TestSupport.Templates.RenderKpiReportMarkup(SampleDocuments.KpiReport());
        Assert.Empty(errors);
        Verify("kpi-report-sample", markup);
    }

    [Fact]
    public void Portfolio_markup()
    {
        var (markup, errors) = TestSupport.Templates.RenderPortfolioMarkup(SampleDocuments.Portfolio());
        Assert.Empty(errors);
        Verify("portfolio-sample", markup);
    }
}
