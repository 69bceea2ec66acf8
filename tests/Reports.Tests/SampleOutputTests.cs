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
    private static void Verify(string name, string actual, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(source)!, "Golden");
        var verified = Path.Combine(dir, name + ".verified.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"{name}: output differs from {verified}; see {received} (UPDATE_GOLDEN=1 to accept after review)");
        }
        File.Delete(received);
    }

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
}
