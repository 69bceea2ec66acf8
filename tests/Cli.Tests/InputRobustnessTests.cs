namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// Contracts that once checked clean and then made a later command fail with an internal error (exit 2). Each row is
/// now a located error (file, line, column, catalogue code) from <c>check</c>, and every later command exits 1 with it.
/// </summary>
public sealed class InputRobustnessTests
{
    private static readonly string Data = Path.Combine(RepositoryRoot(), "examples", "data");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private const string Target = "    target availability of api at least 99.95% per calendar month\n";
    private const string Cap = "    credits capped at 10% of fee per month\n";

    /// <summary>Name, contract text, the located error check must report (line, column, code).</summary>
    public static TheoryData<string, string, string> Rows => new()
    {
        // Two target lines in one KPI: evaluate keyed KPI results by name and threw "same key has already been added".
        { "kpi-two-targets", Replace(CliRunner.Clean, Target, Target + Target.Replace("99.95%", "99.99%")), "(13,5): error SLA0118" },
        // A claim period of a million months overflowed the calendar when the deadline was computed.
        { "claim-million-months", Replace(CliRunner.Clean, Cap, Cap + "    claim within 1000000 months after the month ends\n"), "(10,18): error SLA0109" },
        // A comment-only file checked clean; compile and evaluate then said "nothing to compile" as a bug.
        { "comment-only", "# nothing but a comment\n", "(2,1): error SLA0010" },
        // An empty contract name: statements threw "Must not be empty" from the document model.
        { "empty-contract-name", Replace(CliRunner.Clean, "contract \"Clean\"", "contract \"\""), "(1,10): error SLA0109" },
        // An empty SLA title: the statement's commitment heading threw the same way.
        { "empty-sla-title", Replace(CliRunner.Clean, "sla availability \"A\"", "sla availability \"\""), "(5,20): error SLA0109" },
        // A 5,000-character contract name: the statement file name was longer than any file system allows.
        { "contract-name-5000", Replace(CliRunner.Clean, "contract \"Clean\"", $"contract \"{new string('x', 5000)}\""), "(1,10): error SLA0109" },
        // A 28-digit fee: the credit computation overflowed decimal (found by FuzzTests, seed 20261208, case 3011).
        { "fee-28-digits", Replace(CliRunner.Clean, "fee 100.00 USD", "fee 9999999999999999999999999999 USD"), "(3,7): error SLA0109" },
        // A budget warning at 0%: checked clean, then the evaluator's constructor refused it at compile (found by FuzzTests,
        // seed 20261210 case 341 and seed 20261211 case 4120).
        { "warn-at-0-percent", Replace(CliRunner.Clean, "credits capped at 10% of fee per month", "credits capped at 10% of fee per month\n    warn when 0% of downtime budget is used"), "(10,15): error SLA0109" },
        // A 28-digit number of days: multiplying it by ticks per day overflowed decimal in the binder.
        { "duration-28-digits", Replace(CliRunner.Clean, "target availability of api at least 99.95% per calendar month",
            "target mean time to resolve severity 1 incidents at most 9999999999999999999999999999 days per calendar month"), "(12,62): error SLA0109" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_contract_that_once_crashed_a_later_command_is_a_located_error_and_every_command_exits_1(string name, string contract, string located)
    {
        using var cli = new CliRunner();
        var path = cli.Write(name + ".sla", contract);
        var outDir = Path.Combine(cli.Directory, "out");

        var check = cli.Invoke("check", path);
        Assert.True(check.ExitCode == 1, check.Output + check.Error);
        Assert.Contains(name + ".sla" + located, check.Output + check.Error, StringComparison.Ordinal);

        string[][] later =
        [
            ["compile", path],
            ["evaluate", path, "--data", Data, "--period", "2026-10", "--as-of", "2026-11-15T00:00:00Z"],
            ["statement", path, "--data", Data, "--period", "2026-10", "--as-of", "2026-11-15T00:00:00Z", "--out", outDir, "--no-sign"],
        ];
        foreach (var args in later)
        {
            var run = cli.Invoke(args);
            Assert.True(run.ExitCode == 1, $"{args[0]}: exit {run.ExitCode}\n{run.Output}{run.Error}");
            Assert.DoesNotContain("internal error", run.Output + run.Error, StringComparison.Ordinal);
        }
    }
}
