using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Cli.Tests;

public class VerifyCommandTests
{
    private static string SignedSample(CliRunner cli)
    {
        var (cert, problem) = DemoCertificate.GetOrCreate(Path.Combine(cli.Directory, "keys"));
        Assert.Null(problem);
        var templates = TemplateSet.LoadDefaults();
        Assert.True(templates.Templates is not null, string.Join("; ", templates.Errors));
        var rendered = StatementRenderer.Render(SampleDocuments.Statement(), templates.Templates!, new SigningOptions(cert!));
        Assert.True(rendered.IsSuccess);
        return StatementRenderer.WriteFiles(rendered, Path.Combine(cli.Directory, "out"), "acme-2026-11").PdfPath;
    }

    [Fact]
    public void ValidDemoStatementExitsZeroAndSaysDemo()
    {
        using var cli = new CliRunner();
        var pdf = SignedSample(cli);
        var run = cli.Invoke("verify", pdf);
        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Lines);
        Assert.StartsWith($"{pdf}: valid (demo certificate): ", line);
    }

    [Fact]
    public void OneChangedByteMakesItInvalidWithExitOne()
    {
        using var cli = new CliRunner();
        var pdf = SignedSample(cli);
        var bytes = File.ReadAllBytes(pdf);
        var at = Array.IndexOf(bytes, (byte)'A', bytes.Length / 3); // a byte inside the signed content
        bytes[at] = (byte)'B';
        File.WriteAllBytes(pdf, bytes);
        var run = cli.Invoke("verify", pdf);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{pdf}: INVALID: ", run.Lines[0]);
    }

    [Fact]
    public void MissingFileIsInvalid()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("verify", Path.Combine(cli.Directory, "nope.pdf"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist", run.Output);
    }
}
