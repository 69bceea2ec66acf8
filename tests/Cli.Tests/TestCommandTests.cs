using System.Text.RegularExpressions;

namespace SlaKpiDsl.Cli.Tests;

/// <summary><c>sla test</c>: exact comparison, failure lines with locations, exit codes, test files beside contracts.</summary>
public sealed partial class TestCommandTests
{
    private static readonly string Contracts = Path.Combine(FindRoot(), "examples", "contracts");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    // A contract in UTC whose single SLA the emitter supports today (availability from incidents): November = 43,200 min.
    private const string Contract = """
        contract "Shop" {
          time zone "UTC"
          fee 1000.00 USD per month
          service web "Web"
          sla availability "Web availability" {
            guarantee availability of web at least 99.9% per calendar month
            downtime is incidents on web with impact outage
            credit 10% of fee when availability below 99.9%
            credits capped at 10% of fee per month
          }
          kpi buffer "Buffer" {
            target availability of web at least 99.95% per calendar month
            supports availability
          }
        }

        """;

    private const string PassingTest = """
        test "an hour down" for "Shop" {
          period 2026-11
          incident web outage from 2026-11-10T10:00Z to 2026-11-10T11:00Z
          expect downtime of availability = 60 minutes
          expect availability of availability = 99.8611% rounded to 4 places
          expect credit of availability = 10% of fee = 100.00 USD
          expect verdict of availability = breached
        }

        """;

    [Fact]
    public void Every_example_scenario_passes()
    {
        // Counted from the files, so adding a scenario needs no edit here. Fails until the emitter supports every example
        // SLA (branches emit-availability and emit-measures); each failure names the expectation and the reason.
        // The README's command: the demo contracts and the published texts (examples/published), folders searched recursively.
        string[] folders = [Contracts, Path.Combine(Path.GetDirectoryName(Contracts)!, "published")];
        var files = folders.SelectMany(d => Directory.EnumerateFiles(d, "*.sla", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(d, "*.sla-test", SearchOption.AllDirectories)));
        var tests = files.Sum(f => TestHeader().Matches(File.ReadAllText(f)).Count);
        Assert.True(tests >= 200, $"only {tests} example scenarios");
        // The README promises the number this command prints for them.
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Contracts))!, "README.md"));
        Assert.Contains($"# the scenario tests beside the contracts and the published texts ({tests} pass)", readme, StringComparison.Ordinal);
        using var cli = new CliRunner();
        var run = cli.Invoke("test", folders[0], folders[1]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal($"{tests} passed, 0 failed", run.Lines[^1]);
    }

    /// <summary>The 1-based line of the first line containing <paramref name="marker"/>.</summary>
    private static int LineOf(string text, string marker) => Array.FindIndex(text.Split('\n'), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

    [GeneratedRegex(@"^test "".*"" for "".*"" \{\s*$", RegexOptions.Multiline)]
    private static partial Regex TestHeader();

    [Fact]
    public void Passing_scenario_exits_0_with_the_summary_line()
    {
        using var cli = new CliRunner();
        var path = cli.Write("shop.sla", Contract + PassingTest);
        var run = cli.Invoke("test", path);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains(run.Lines, l => l.StartsWith("PASS ", StringComparison.Ordinal) && l.Contains("\"an hour down\" (5 expected values)", StringComparison.Ordinal));
        Assert.Equal("1 passed, 0 failed", run.Lines[^1]);
    }

    [Fact]
    public void One_expected_value_is_counted_in_the_singular()
    {
        using var cli = new CliRunner();
        var oneValue = """
            test "one value" for "Shop" {
              period 2026-11
              incident web outage from 2026-11-10T10:00Z to 2026-11-10T11:00Z
              expect downtime of availability = 60 minutes
            }

            """;
        var path = cli.Write("shop.sla", Contract + oneValue);
        var passing = cli.Invoke("test", path);
        Assert.True(passing.ExitCode == 0, passing.Output + passing.Error);
        Assert.Contains(passing.Lines, l => l.StartsWith("PASS ", StringComparison.Ordinal) && l.EndsWith("test \"one value\" (1 expected value)", StringComparison.Ordinal));
        var failing = cli.Invoke("test", cli.Write("shop2.sla", Contract + oneValue.Replace("= 60 minutes", "= 61 minutes", StringComparison.Ordinal)));
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains(failing.Lines, l => l.StartsWith("FAIL ", StringComparison.Ordinal) && l.EndsWith("test \"one value\" (1 failure among 1 expected value)", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_failing_expected_value_is_reported_with_location_expected_and_actual()
    {
        using var cli = new CliRunner();
        var text = Contract + PassingTest
            .Replace("= 60 minutes", "= 61 minutes", StringComparison.Ordinal)
            .Replace("10% of fee = 100.00 USD", "10% of fee = 100.01 USD", StringComparison.Ordinal);
        var path = cli.Write("shop.sla", text);
        var run = cli.Invoke("test", path);
        Assert.Equal(1, run.ExitCode);
        var downtimeLine = LineOf(text, "expect downtime");
        var creditLine = LineOf(text, "expect credit");
        Assert.Contains($"{path}({downtimeLine},3): error SLA2001: test \"an hour down\": expect downtime of availability: expected 61 minutes, actual 60 minutes", run.Lines);
        Assert.Contains($"{path}({creditLine},3): error SLA2001: test \"an hour down\": expect credit of availability: expected 100.01 USD, actual 100.00 USD", run.Lines);
        Assert.Equal(2, run.Lines.Count(l => l.Contains(" error SLA2001: ", StringComparison.Ordinal)));
        Assert.Equal("0 passed, 1 failed", run.Lines[^1]);
    }

    [Fact]
    public void Comparison_is_exact_unless_the_expectation_rounds()
    {
        using var cli = new CliRunner();
        // 43,140 / 43,200 = 99.86111...%: 99.8611% is not equal, only "rounded to 4 places" is.
        var text = Contract + PassingTest.Replace("99.8611% rounded to 4 places", "99.8611%", StringComparison.Ordinal);
        var run = cli.Invoke("test", cli.Write("shop.sla", text));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Lines, l => l.Contains("expect availability of availability: expected 99.8611%, actual 99.8611111111%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_test_file_beside_the_contract_names_it()
    {
        using var cli = new CliRunner();
        cli.Write("contracts/shop.sla", Contract);
        var tests = cli.Write("contracts/shop.sla-test", PassingTest);
        var folder = cli.Invoke("test", Path.Combine(cli.Directory, "contracts"));
        Assert.True(folder.ExitCode == 0, folder.Output + folder.Error);
        Assert.Equal("1 passed, 0 failed", folder.Lines[^1]);
        // Naming only the test file brings its folder's contracts along.
        var single = cli.Invoke("test", tests);
        Assert.True(single.ExitCode == 0, single.Output + single.Error);
        Assert.Equal("1 passed, 0 failed", single.Lines[^1]);
    }

    [Fact]
    public void A_test_file_naming_no_contract_beside_it_is_an_error()
    {
        using var cli = new CliRunner();
        cli.Write("a/shop.sla", Contract);
        var tests = cli.Write("b/shop.sla-test", PassingTest);
        var run = cli.Invoke("test", tests);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Lines, l => l.Contains(" error SLA0120: ", StringComparison.Ordinal));
        Assert.Equal("0 passed, 1 failed", run.Lines[^1]);
    }

    [Fact]
    public void No_tests_at_all_is_a_failure_not_a_pass()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("test", cli.Write("shop.sla", Contract));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no scenario tests", run.Error, StringComparison.Ordinal);
        Assert.Equal("0 passed, 0 failed", run.Lines[^1]);
    }

    [Fact]
    public void A_bug_inside_sla_exits_2()
    {
        using var cli = new CliRunner();
        var path = cli.Write("shop.sla", Contract + PassingTest);
        var run = cli.Invoke(_ => throw new InvalidOperationException("checker bug"), "test", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("internal error: InvalidOperationException: checker bug", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_fails()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("test", cli.Write("shop.sla", Contract + PassingTest), Path.Combine(cli.Directory, "nope.sla"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no such file or folder", run.Error, StringComparison.Ordinal);
    }
}
