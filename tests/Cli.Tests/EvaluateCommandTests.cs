using System.Text.Json;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Cli.Tests;

public sealed class EvaluateCommandTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Contracts = Path.Combine(Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(Root, "examples", "data");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    [Fact]
    public void Evaluate_examples_for_November_prints_the_readme_numbers()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        // examples/data/README.md: checkout November (New York) = 185 minutes of 43,260 -> 99.5724% -> 10% of 12,000 USD.
        var checkout = run.Lines.Single(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*availability\s+3\.1\s"));
        Assert.Contains("99.5724%", checkout, StringComparison.Ordinal);
        Assert.Contains("breached", checkout, StringComparison.Ordinal);
        Assert.Contains(" 185 ", checkout, StringComparison.Ordinal);
        Assert.Contains("10% = 1200.00 USD", checkout, StringComparison.Ordinal);
        // The README's excerpt is these lines as printed, none left out between its first and its last.
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var excerpt = readme.Split("An excerpt of the evaluation:\n\n```console\n")[1].Split("```")[0].TrimEnd('\n').Split('\n');
        var printed = run.Lines.Select(l => l.TrimEnd()).ToList();
        var first = printed.IndexOf(excerpt[0].TrimEnd());
        Assert.True(first >= 0, "the README excerpt's first line is not printed: " + excerpt[0]);
        Assert.Equal(excerpt.Select(l => l.TrimEnd()), printed.Skip(first).Take(excerpt.Length));
        // every SLA of the examples compiles: none is reported as not yet supported
        Assert.DoesNotContain(run.Lines, l => l.Contains("not yet supported", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_run_on_unchanged_contracts_skips_the_checker_and_prints_the_same()
    {
        using var cli = new CliRunner();
        var contract = cli.Write("contracts/checkout.sla", File.ReadAllText(Path.Combine(Contracts, "ecommerce-checkout.sla")));
        var checks = 0;
        CheckResult Counting(SourceText source)
        {
            checks++;
            return ContractChecker.Check(source);
        }
        string[] args = ["evaluate", Path.GetDirectoryName(contract)!, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];

        var first = cli.Invoke(Counting, cacheCheckedSources: true, args);
        var second = cli.Invoke(Counting, cacheCheckedSources: true, args);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(1, checks);
        Assert.Equal(first.Output, second.Output);
        Assert.Contains("99.5724%", second.Output, StringComparison.Ordinal);

        // One changed character (a lower fee) is a different source key: checked again, and the new amount shows.
        File.WriteAllText(contract, File.ReadAllText(contract).Replace("12000.00 USD", "11000.00 USD", StringComparison.Ordinal));
        var changed = cli.Invoke(Counting, cacheCheckedSources: true, args);
        Assert.True(changed.ExitCode == 0, changed.Error);
        Assert.Equal(2, checks);
        Assert.Contains("1100.00 USD", changed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_source_index_is_ignored_and_rewritten()
    {
        using var cli = new CliRunner();
        string[] args = ["evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];
        var first = cli.Invoke(ContractChecker.Check, cacheCheckedSources: true, args);
        var index = Directory.GetFiles(Path.Combine(cli.Directory, "cache"), "*.slasrc").Single();
        var good = File.ReadAllText(index);
        File.WriteAllText(index, good.Replace(good.Split('\n')[2], new string('0', 64), StringComparison.Ordinal)); // checksum no longer matches

        var checks = 0;
        var second = cli.Invoke(s => { checks++; return ContractChecker.Check(s); }, cacheCheckedSources: true, args);

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(1, checks);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(good, File.ReadAllText(index));
    }

    [Fact]
    public void A_second_run_reads_the_data_snapshot_and_prints_the_same_and_a_changed_file_is_read_again()
    {
        using var cli = new CliRunner();
        foreach (var file in Directory.GetFiles(Data)) cli.Write(Path.Combine("data", Path.GetFileName(file)), File.ReadAllText(file));
        var data = Path.Combine(cli.Directory, "data");
        string[] args = ["evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];

        var first = cli.Invoke(args);
        var snapshot = Directory.GetFiles(Path.Combine(cli.Directory, "cache", "data"), "*.sladata").Single();
        var written = File.GetLastWriteTimeUtc(snapshot);
        var second = cli.Invoke(args);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(snapshot)); // read, not rewritten
        Assert.Contains("99.5724%", second.Output, StringComparison.Ordinal);

        // Drop the incidents: another key, parsed again, and the result changes (no downtime left to count).
        File.WriteAllText(Path.Combine(data, "incidents.csv"), File.ReadAllLines(Path.Combine(data, "incidents.csv"))[0] + "\n");
        var changed = cli.Invoke(args);
        Assert.True(changed.ExitCode == 0, changed.Error);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cli.Directory, "cache", "data"), "*.sladata").Length);
        Assert.DoesNotContain("99.5724%", changed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_data_is_reported_with_file_line_and_field_on_every_run_and_never_snapshotted()
    {
        using var cli = new CliRunner();
        cli.Write("data/incidents.csv", "id,service,severity,impact,started,resolved\nI1,checkout,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\nI2,checkout,1,boom,2026-11-11T14:00:00Z,\n");
        string[] args = ["evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Path.Combine(cli.Directory, "data"), "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];

        var first = cli.Invoke(args);
        var second = cli.Invoke(args);

        foreach (var run in new[] { first, second })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("incidents.csv(3)", run.Error, StringComparison.Ordinal);
            Assert.Contains("[impact]", run.Error, StringComparison.Ordinal);
        }
        Assert.Equal(first.Error, second.Error);
        var snapshots = Path.Combine(cli.Directory, "cache", "data");
        Assert.True(!Directory.Exists(snapshots) || Directory.GetFiles(snapshots, "*.sladata").Length == 0);
    }

    [Fact]
    public void A_bad_row_in_a_large_incidents_file_is_located_as_in_a_small_one()
    {
        // Large enough to be parsed into columns on every core and never snapshotted: the error still names file, line and field.
        using var cli = new CliRunner();
        var text = new System.Text.StringBuilder("id,service,severity,impact,started,resolved\n");
        var line = 1;
        while (text.Length <= SlaKpiDsl.Runtime.Data.DataSnapshotCache.LargestIncidentsFileBytes)
        {
            line++;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"I{line},checkout,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\n");
        }
        text.Append("IBAD,checkout,1,boom,2026-11-11T14:00:00Z,\n");
        cli.Write("data/incidents.csv", text.ToString());
        string[] args = ["evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Path.Combine(cli.Directory, "data"), "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];

        var run = cli.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"incidents.csv({line + 1}): error DATA", run.Error, StringComparison.Ordinal);
        Assert.Contains("[impact]", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_carries_the_schema_and_exact_values()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("slakpidsl.evaluation/1", json.RootElement.GetProperty("schema").GetString());
        var sla = json.RootElement.GetProperty("contracts")[0].GetProperty("slas")[0];
        Assert.Equal("evaluated", sla.GetProperty("outcome").GetString());
        Assert.Equal(11100m, sla.GetProperty("downtimeSeconds").GetDecimal());
        Assert.Equal(2595600m, sla.GetProperty("measuredSeconds").GetDecimal());
        Assert.Equal("1200.00", sla.GetProperty("credit").GetProperty("amount").GetString());
        Assert.Equal("USD", sla.GetProperty("credit").GetProperty("currency").GetString());
        Assert.Equal(">= 99.9%", sla.GetProperty("target").GetString());
        Assert.Contains("\"target\": \">= 99.9%\"", run.Output, StringComparison.Ordinal); // readable, not \u003E
    }

    [Fact]
    public void A_period_outside_the_effective_range_is_reported()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2027-03", "--as-of", "2027-04-01T06:00:00Z");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("outside the contract's effective range", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("November")]
    public void A_bad_period_is_an_error(string period)
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Contracts, "--data", Data, "--period", period, "--as-of", "2026-12-01T06:00:00Z");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--period", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_data_is_reported_with_file_and_line()
    {
        using var cli = new CliRunner();
        var contract = cli.Write("c.sla", CliRunner.Clean);
        cli.Write("data/incidents.csv", "id,service,severity,impact,started,resolved\nINC-1,api,1,outage,not-a-time,2026-11-01T01:00Z\n");
        var run = cli.Invoke("evaluate", contract, "--data", Path.Combine(cli.Directory, "data"), "--period", "2026-11", "--as-of", "2026-12-01T00:00:00Z");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("incidents.csv(2): error DATA004: [started]", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_writes_generated_cs_files_only()
    {
        using var cli = new CliRunner();
        var target = Path.Combine(cli.Directory, "generated");
        var run = cli.Invoke("compile", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--emit-cs", target);
        Assert.True(run.ExitCode == 0, run.Error);
        var file = Assert.Single(Directory.GetFiles(target));
        Assert.EndsWith(".g.cs", file, StringComparison.Ordinal);
        Assert.Contains("// clause 3.1", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Contains("compiled \"Shopfront - Checkout Platform\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quarter_period_for_a_monthly_sla_is_reported_as_a_mismatch()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2026-Q4", "--as-of", "2027-01-01T06:00:00Z", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var sla = json.RootElement.GetProperty("contracts")[0].GetProperty("slas")[0];
        Assert.Equal("period-mismatch", sla.GetProperty("outcome").GetString());
        Assert.False(sla.TryGetProperty("verdict", out _));
    }
}
