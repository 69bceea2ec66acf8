using System.Text.Json;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The command-line conventions every command follows (issue 12 item 5): one output option name, --format where it
/// means something, --no-color everywhere, one trend-depth name, quarters for report, unknown options refused by
/// name, a plain --as-of message, exit codes in --help, bounded numbers.
/// </summary>
public sealed class ConventionTests
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string SaasApi = Path.Combine(Contracts, "saas-api.sla");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");
    private const string AsOf = "2026-12-01T06:00:00Z";

    private static readonly string[] Commands = ["check", "fmt", "compile", "evaluate", "explain", "statement", "report", "portfolio", "test", "verify"];

    public static TheoryData<string> AllCommands() => [.. Commands];

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void EveryCommandTakesNoColor(string command)
    {
        using var cli = new CliRunner();
        var help = cli.Invoke(command, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--no-color", help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void EveryCommandListsItsExitCodesInHelp(string command)
    {
        using var cli = new CliRunner();
        var help = cli.Invoke(command, "--help").Output;
        Assert.Contains("Exit codes:", help, StringComparison.Ordinal);
        Assert.Contains("0 ", help, StringComparison.Ordinal);
        Assert.Contains("1 ", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("statement")]
    [InlineData("report")]
    [InlineData("portfolio")]
    public void OutputIsDashOOrDashDashOutput(string command)
    {
        using var cli = new CliRunner();
        var help = cli.Invoke(command, "--help").Output;
        Assert.Contains("-o, --output", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--out ", help, StringComparison.Ordinal); // the old name stays accepted but hidden
    }

    [Fact]
    public void StatementWritesWithDashOAndStillAcceptsTheOldOut()
    {
        using var cli = new CliRunner();
        foreach (var name in new[] { "-o", "--output", "--out" })
        {
            var folder = Path.Combine(cli.Directory, name.Trim('-'));
            var run = cli.Invoke("statement", SaasApi, "--data", Data, "--period", "2026-11", "--as-of", AsOf, name, folder, "--no-sign");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Single(Directory.GetFiles(folder, "*.pdf"));
        }
        var missing = cli.Invoke("statement", SaasApi, "--data", Data, "--period", "2026-11", "--as-of", AsOf, "--no-sign");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error: option '-o/--output' is required", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOptionIsRefusedByNameNotTakenForAPath()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Contracts, "--password", "s3cret", "--data", Data, "--period", "2026-11", "--as-of", AsOf);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: unknown option '--password' for 'sla evaluate'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        // Same for every command that takes paths.
        foreach (var command in new[] { "check", "fmt", "compile", "test", "statement", "report", "portfolio", "explain", "verify" })
            Assert.Contains("unknown option '--bogus'", cli.Invoke(command, "--bogus", SaasApi).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AsOfWithoutATimeGetsAPlainMessageWithAnExample()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", SaasApi, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: --as-of '2026-12-01' is not an instant", run.Error, StringComparison.Ordinal);
        Assert.Contains("2026-12-01T00:00:00Z", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pattern", run.Error, StringComparison.OrdinalIgnoreCase); // NodaTime's internal wording
    }

    [Theory]
    [InlineData("evaluate", "--trend", "2147483647")]
    [InlineData("evaluate", "--trend", "100000")] // printed year -6307 before
    [InlineData("evaluate", "--trend", "-1")]
    [InlineData("explain", "--trend", "121")]
    [InlineData("report", "--trend", "100000")]
    [InlineData("report", "--months", "0")] // the older name keeps its meaning and its bound
    [InlineData("evaluate", "--period", "9999-12")] // the period's end overflowed
    [InlineData("evaluate", "--period", "0001-01")]
    [InlineData("report", "--period", "9999-12")]
    [InlineData("portfolio", "--period", "9999-12")]
    public void NumbersOutOfRangeAreExitOneWithAMessage(string command, string option, string value)
    {
        using var cli = new CliRunner();
        string[] args = option == "--period"
            ? [command, SaasApi, "--data", Data, "--period", value, "--as-of", AsOf]
            : [command, SaasApi, "--data", Data, "--period", "2026-11", "--as-of", AsOf, option, value];
        if (command is "report" or "portfolio") args = [.. args, "-o", Path.Combine(cli.Directory, "r.pdf")];
        var run = cli.Invoke(args);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: {option} ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrendDepthIsOneOptionName()
    {
        using var cli = new CliRunner();
        foreach (var command in new[] { "evaluate", "explain", "report" })
            Assert.Contains("--trend", cli.Invoke(command, "--help").Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--months", cli.Invoke("report", "--help").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportAcceptsAQuarterAndTrendCountsEarlierPeriods()
    {
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Directory, "kpi.pdf");
        var quarter = cli.Invoke("report", SaasApi, "--data", Data, "--period", "2026-Q4", "--trend", "1", "--as-of", AsOf, "-o", file);
        Assert.True(quarter.ExitCode == 0, quarter.Error);
        Assert.Contains("2026-Q3 to 2026-Q4", quarter.Output, StringComparison.Ordinal);
        // --trend 2 = two earlier months and the period; the older --months 3 means the same three months.
        var trend = cli.Invoke("report", SaasApi, "--data", Data, "--period", "2026-11", "--trend", "2", "--as-of", AsOf, "-o", file, "--overwrite");
        var months = cli.Invoke("report", SaasApi, "--data", Data, "--period", "2026-11", "--months", "3", "--as-of", AsOf, "-o", file, "--overwrite");
        Assert.Contains("2026-09 to 2026-11", trend.Output, StringComparison.Ordinal);
        Assert.Contains("2026-09 to 2026-11", months.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainFormatJsonHoldsTheSameSentences()
    {
        using var cli = new CliRunner();
        string[] args = ["explain", SaasApi, "--data", Data, "--period", "2026-11", "--as-of", AsOf];
        var text = cli.Invoke(args);
        var json = cli.Invoke([.. args, "--format", "json"]);
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("sla-explain/1", document.RootElement.GetProperty("schema").GetString());
        var commitments = document.RootElement.GetProperty("commitments").EnumerateArray().ToList();
        Assert.NotEmpty(commitments);
        foreach (var commitment in commitments)
            foreach (var line in commitment.GetProperty("explanation").EnumerateArray())
                Assert.Contains(line.GetString()!, text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TestFormatJsonCountsLikeTheText()
    {
        using var cli = new CliRunner();
        var text = cli.Invoke("test", Contracts);
        var json = cli.Invoke("test", Contracts, "--format", "json");
        Assert.Equal(text.ExitCode, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var passed = document.RootElement.GetProperty("passed").GetInt32();
        var failed = document.RootElement.GetProperty("failed").GetInt32();
        Assert.Equal($"{passed} passed, {failed} failed", text.Lines[^1]);
        Assert.Equal(passed + failed, document.RootElement.GetProperty("tests").GetArrayLength());
    }
}

/// <summary>The evaluate text tables (Spectre.Console): every cell starts under its header, trend values carry units.</summary>
public sealed class EvaluateTableTests
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");

    private static CliRunner.Run Evaluate(CliRunner cli) =>
        cli.Invoke("evaluate", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");

    [Fact]
    public void CellsStartUnderTheirHeaders()
    {
        using var cli = new CliRunner();
        var lines = Evaluate(cli).Output.Split('\n');
        var checkedRows = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(" sla ", StringComparison.Ordinal) && !lines[i].StartsWith(" kpi (internal) ", StringComparison.Ordinal)) continue;
            var header = lines[i];
            var verdictColumn = header.IndexOf(" verdict ", StringComparison.Ordinal) + 1;
            var measuredColumn = header.IndexOf(" measured ", StringComparison.Ordinal) + 1;
            // The rows of this table: up to the next blank, note or header line.
            for (var j = i + 1; j < lines.Length && lines[j].StartsWith(' ') && !lines[j].StartsWith("    ", StringComparison.Ordinal) && !lines[j].StartsWith(" sla ", StringComparison.Ordinal) && !lines[j].StartsWith(" kpi (internal) ", StringComparison.Ordinal); j++)
            {
                var row = lines[j];
                if (row.Length <= verdictColumn || row.Contains("ask for a quarter", StringComparison.Ordinal)) continue; // a reason spans the row
                Assert.True(row[measuredColumn - 1] == ' ' && row[measuredColumn] != ' ', $"measured cell not under its header:\n{header}\n{row}");
                Assert.True(row[verdictColumn - 1] == ' ' && row[verdictColumn] != ' ', $"verdict cell not under its header:\n{header}\n{row}");
                Assert.Matches("^(met|breached|not measurable)", row[verdictColumn..]);
                checkedRows++;
            }
        }
        Assert.True(checkedRows >= 20, $"only {checkedRows} rows checked");
    }

    [Fact]
    public void TrendValuesCarryUnits()
    {
        using var cli = new CliRunner();
        var mtta = Evaluate(cli).Lines.Single(l => l.TrimStart().StartsWith("mtta ", StringComparison.Ordinal));
        Assert.Contains("2026-10 380 s met", mtta, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", mtta, StringComparison.Ordinal);
    }
}
