using System.Diagnostics;
using SlaKpiDsl.Reports.Templating;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>Shared helpers: loaded default templates, PDF text extraction, external tools (which must exist: no silent skips).</summary>
internal static class TestSupport
{
    private static readonly Lazy<TemplateSet> DefaultTemplates = new(() =>
    {
        var result = TemplateSet.LoadDefaults();
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return result.Templates!;
    });

    public static TemplateSet Templates => DefaultTemplates.Value;

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "slakpidsl-reports-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Words per page, read back with PdfPig.</summary>
    public static List<List<string>> PageWords(byte[] pdf)
    {
        using var doc = PigDocument.Open(pdf);
        return doc.GetPages().Select(p => p.GetWords().Select(w => w.Text).ToList()).ToList();
    }

    public static List<string> PageTexts(byte[] pdf) => PageWords(pdf).Select(w => string.Join(" ", w)).ToList();

    public static (int ExitCode, string Output) Run(string tool, params string[] args)
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"required tool '{tool}' is not installed (apt-get install -y poppler-utils qpdf)");
        var psi = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
