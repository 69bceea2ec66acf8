using System.Text.Json;
using SlaKpiDsl.Compiler;

namespace SlaKpiDsl.Cli.Tests;

public class CheckCommandTests
{
    [Fact]
    public void CleanFilesExitZeroWithSummary()
    {
        using var cli = new CliRunner();
        var path = cli.Write("a.sla", CliRunner.Clean);
        var run = cli.Invoke("check", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["1 file checked: 0 errors, 0 warnings"], run.Lines);
    }

    [Fact]
    public void WarningsExitZeroAndPrintMsBuildLines()
    {
        using var cli = new CliRunner();
        var path = cli.Write("w.sla", CliRunner.Warning);
        var run = cli.Invoke("check", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Lines.Length);
        Assert.StartsWith($"{path}(1,1): warning SLA1006: contract \"Clean\" states no time zone", run.Lines[0]);
        Assert.Equal("1 file checked: 0 errors, 1 warning", run.Lines[1]);
    }

    [Fact]
    public void WarnAsErrorTurnsWarningsIntoErrors()
    {
        using var cli = new CliRunner();
        var path = cli.Write("w.sla", CliRunner.Warning);
        var run = cli.Invoke("check", "--warnaserror", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(": error SLA1006:", run.Lines[0]);
        Assert.Equal("1 file checked: 1 error, 0 warnings", run.Lines[1]);
    }

    [Fact]
    public void ErrorsExitOne()
    {
        using var cli = new CliRunner();
        var path = cli.Write("e.sla", CliRunner.Error);
        var run = cli.Invoke("check", path);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{path}(6,31): error SLA0101: unknown service 'web'", run.Lines[0]);
    }

    [Fact]
    public void FoldersAreSearchedRecursivelyAndOutputIsSortedByFileLineColumn()
    {
        using var cli = new CliRunner();
        cli.Write("z/late.sla", CliRunner.Error);
        cli.Write("a/early.sla", CliRunner.Warning + "\ncontract \"Second\" {\n  service x\n}\n");
        cli.Write("a/ignored.txt", "not a contract");
        var run = cli.Invoke("check", cli.Directory);
        Assert.Equal(1, run.ExitCode);
        var diagnostics = run.Lines[..^1];
        Assert.Equal(3, diagnostics.Length);
        Assert.Contains("early.sla(1,1): warning SLA1006", diagnostics[0]);
        Assert.Matches(@"early\.sla\(1[0-9],1\): warning SLA1006: contract ""Second""", diagnostics[1]);
        Assert.Contains("late.sla(6,31): error SLA0101", diagnostics[2]);
        Assert.Equal("2 files checked: 1 error, 2 warnings", run.Lines[^1]);
    }

    [Fact]
    public void MissingPathIsAClearErrorWithExitOne()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("check", Path.Combine(cli.Directory, "nope"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: no such file or folder:", run.Error);
        Assert.Contains("nope", run.Error);
    }

    [Fact]
    public void FolderWithoutContractsIsAnError()
    {
        using var cli = new CliRunner();
        cli.Write("notes.txt", "no contracts here");
        var run = cli.Invoke("check", cli.Directory);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: no contract files (*.sla, *.orders.csv) under", run.Error);
        Assert.Equal(["0 files checked: 0 errors, 0 warnings"], run.Lines);
    }

    [Fact]
    public void CheckerCrashIsAnInternalErrorWithExitTwo()
    {
        using var cli = new CliRunner();
        var path = cli.Write("a.sla", CliRunner.Clean);
        var run = cli.Invoke(_ => throw new InvalidOperationException("boom"), "check", path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("internal error: InvalidOperationException: boom -- this is a bug in sla, please report it", run.Error);
        Assert.Contains("at ", run.Error); // the stack trace follows for the report
    }

    [Fact]
    public void UnknownFormatIsRejectedByTheParser()
    {
        using var cli = new CliRunner();
        var path = cli.Write("a.sla", CliRunner.Clean);
        var run = cli.Invoke("check", "--format", "xml", path);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("xml", run.Error);
    }

    [Fact]
    public void JsonReportListsDiagnosticsAndCounts()
    {
        using var cli = new CliRunner();
        cli.Write("e.sla", CliRunner.Error);
        cli.Write("w.sla", CliRunner.Warning);
        var run = cli.Invoke("check", "--format", "json", cli.Directory);
        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("files").GetInt32());
        Assert.Equal(1, root.GetProperty("errors").GetInt32());
        Assert.Equal(1, root.GetProperty("warnings").GetInt32());
        var first = root.GetProperty("diagnostics")[0];
        Assert.Equal("SLA0101", first.GetProperty("code").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(6, first.GetProperty("line").GetInt32());
        Assert.Equal(31, first.GetProperty("column").GetInt32());
        Assert.Equal(34, first.GetProperty("endColumn").GetInt32());
    }

    [Fact]
    public void SarifIsStructurallyValidForCodeScanning()
    {
        using var cli = new CliRunner();
        cli.Write("contracts/e.sla", CliRunner.Error);
        cli.Write("contracts/w.sla", CliRunner.Warning);
        var output = Path.Combine(cli.Directory, "out", "sla.sarif");
        var run = cli.Invoke("check", "--format", "sarif", "--output", output, Path.Combine(cli.Directory, "contracts"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("report written to", run.Output);

        using var sarif = JsonDocument.Parse(File.ReadAllText(output));
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif", root.GetProperty("$schema").GetString());
        var runElement = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = runElement.GetProperty("tool").GetProperty("driver");
        Assert.Equal("sla", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ruleIds.Distinct().Count(), ruleIds.Count);
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("help").GetProperty("text").GetString()));
        });
        var results = runElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString()!;
            Assert.Contains(ruleId, ruleIds);
            Assert.Equal(ruleId, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.StartsWith("contracts/", uri);
            Assert.False(Path.IsPathRooted(uri));
            var region = location.GetProperty("region");
            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
            Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
            Assert.True(region.GetProperty("endColumn").GetInt32() >= 1);
        }
        var error = results.Single(r => r.GetProperty("ruleId").GetString() == "SLA0101");
        Assert.Equal("error", error.GetProperty("level").GetString());
        Assert.Equal("contracts/e.sla", error.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void SarifToStandardOutputIsPureJson()
    {
        using var cli = new CliRunner();
        var path = cli.Write("a.sla", CliRunner.Clean);
        var run = cli.Invoke("check", "--format", "sarif", path);
        Assert.Equal(0, run.ExitCode);
        using var sarif = JsonDocument.Parse(run.Output);
        Assert.Empty(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
    }

    [Fact]
    public void ParallelCheckingGivesTheSameOutputEveryTime()
    {
        using var cli = new CliRunner();
        for (var i = 0; i < 40; i++) cli.Write($"f{i:00}.sla", i % 3 == 0 ? CliRunner.Error : i % 3 == 1 ? CliRunner.Warning : CliRunner.Clean);
        var first = cli.Invoke("check", cli.Directory).Output;
        for (var i = 0; i < 3; i++) Assert.Equal(first, cli.Invoke("check", cli.Directory).Output);
        Assert.Contains("40 files checked: 14 errors, 13 warnings", first);
    }

    [Fact]
    public void NoColourWhenNotATerminal()
    {
        using var cli = new CliRunner();
        var path = cli.Write("w.sla", CliRunner.Warning);
        Assert.DoesNotContain("\u001b[", cli.Invoke("check", path).Output);
    }

    [Fact]
    public void NoColorOptionWinsOverATerminal()
    {
        using var cli = new CliRunner();
        var path = cli.Write("w.sla", CliRunner.Warning);
        using var output = new StringWriter();
        var terminal = new CliServices(ContractChecker.Check, CliServices.DefaultFormatter, cli.Directory, ColourAllowed: true);
        Program.Run(["check", path], output, TextWriter.Null, terminal);
        Assert.Contains("\u001b[33m", output.ToString());
        using var plain = new StringWriter();
        Program.Run(["check", "--no-color", path], plain, TextWriter.Null, terminal);
        Assert.DoesNotContain("\u001b[", plain.ToString());
    }

    [Fact]
    public void UnreadableFileIsAnErrorNotACrash()
    {
        using var cli = new CliRunner();
        var locked = cli.Write("locked.sla", CliRunner.Clean);
        var fine = cli.Write("fine.sla", CliRunner.Clean);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var services = new CliServices(ContractChecker.Check, CliServices.DefaultFormatter, cli.Directory, false)
        {
            ReadText = path => path == locked ? throw new UnauthorizedAccessException("Access denied.") : File.ReadAllText(path),
        };
        var code = Program.Run(["check", cli.Directory], output, error, services);
        Assert.Equal(1, code);
        Assert.Equal($"error: cannot read '{locked}': Access denied.\n", error.ToString().Replace("\r\n", "\n"));
        Assert.Contains("1 file checked: 0 errors, 0 warnings", output.ToString());
        Assert.True(File.Exists(fine));
    }

    [Fact]
    public void ColourOnlyWhenAllowedAndNotDisabled()
    {
        var diagnostic = ContractChecker.Check("w.sla", CliRunner.Warning).Diagnostics[0];
        Assert.Contains("\u001b[33mwarning SLA1006\u001b[0m:", new TerminalColours(true).Line(diagnostic));
        Assert.Equal(diagnostic.ToString(), new TerminalColours(false).Line(diagnostic));
    }
}
