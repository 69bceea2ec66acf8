namespace SlaKpiDsl.Cli.Tests;

public class FmtCommandTests
{
    private static readonly string Messy = CliRunner.Clean.Replace("\n  time zone", "\n      time zone").Replace("at least 99.9%", "at  least 99.9%");

    [Fact]
    public void CheckReportsFilesThatWouldChangeAndWritesNothing()
    {
        using var cli = new CliRunner();
        var messy = cli.Write("messy.sla", Messy);
        var clean = cli.Write("clean.sla", CliRunner.Clean);
        var run = cli.Invoke("fmt", "--check", cli.Directory);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{messy}: would be reformatted", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith(clean, StringComparison.Ordinal));
        Assert.Equal(Messy, File.ReadAllText(messy));
        Assert.Equal(2, Directory.GetFiles(cli.Directory).Length); // no temp files left
    }

    [Fact]
    public void CheckOnFormattedFilesExitsZero()
    {
        using var cli = new CliRunner();
        cli.Write("clean.sla", CliRunner.Clean);
        var run = cli.Invoke("fmt", "--check", cli.Directory);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("1 file checked: 0 would be reformatted, 0 with syntax errors (not formatted)", run.Lines[^1]);
    }

    [Fact]
    public void FmtRewritesOnlyChangedFilesAndIsIdempotent()
    {
        using var cli = new CliRunner();
        var messy = cli.Write("messy.sla", Messy);
        var clean = cli.Write("clean.sla", CliRunner.Clean);
        var cleanWritten = File.GetLastWriteTimeUtc(clean);
        Thread.Sleep(20);
        var run = cli.Invoke("fmt", cli.Directory);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{messy}: formatted", run.Lines);
        Assert.Equal(CliRunner.Clean, File.ReadAllText(messy));
        Assert.Equal(cleanWritten, File.GetLastWriteTimeUtc(clean));
        Assert.Equal(0, cli.Invoke("fmt", "--check", cli.Directory).ExitCode);
        Assert.Equal(2, Directory.GetFiles(cli.Directory).Length);
    }

    [Fact]
    public void FilesWithSyntaxErrorsAreReportedAndNeverFormatted()
    {
        using var cli = new CliRunner();
        var broken = Messy.Replace("sla availability \"A\" {", "sla availability \"A\"");
        var path = cli.Write("broken.sla", broken);
        var run = cli.Invoke("fmt", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Lines, l => l.StartsWith(path + "(", StringComparison.Ordinal) && l.Contains(": error SLA00", StringComparison.Ordinal));
        Assert.Equal(broken, File.ReadAllText(path));
    }

    [Fact]
    public void FormatterBugIsAnInternalErrorAndWritesNothing()
    {
        using var cli = new CliRunner();
        var path = cli.Write("messy.sla", Messy);
        using var output = new StringWriter();
        using var error = new StringWriter();
        // A formatter that changes a number changes the meaning: ContractFormatting must refuse it.
        var services = new CliServices(SlaKpiDsl.Compiler.ContractChecker.Check, parse => parse.Source.Text.Replace("99.95%", "99.5%"), cli.Directory, false);
        var code = Program.Run(["fmt", path], output, error, services);
        Assert.Equal(2, code);
        Assert.Contains("changed the meaning", error.ToString());
        Assert.Equal(Messy, File.ReadAllText(path));
    }
}
