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

public class MarkupDumpTests
{
    [Fact]
    public void Statement_markup_is_produced()
    {
        var (markup, errors) = TestSupport.Templates.RenderStatementMarkup(SampleDocuments.Statement(), SlaKpiDsl.Reports.Templating.SignatureKind.Demo);
        Assert.Empty(errors);
        if (Environment.GetEnvironmentVariable("SAMPLE_OUT") is { } dir) File.WriteAllText(Path.Combine(dir, "statement.markup.txt"), markup);
        Assert.Contains("| Commitment | Clause | Target | Measured | Margin | Result |", markup, StringComparison.Ordinal);
    }
}
