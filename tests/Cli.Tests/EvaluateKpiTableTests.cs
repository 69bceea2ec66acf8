namespace SlaKpiDsl.Cli.Tests;

/// <summary><c>sla evaluate</c>'s table for the SaaS API example: guarantees, the per-guarantee lines and the KPI section.</summary>
public sealed class EvaluateKpiTableTests
{
    private static readonly string Root = FindRoot();
    private static readonly string SaasApi = Path.Combine(Root, "examples", "contracts", "saas-api.sla");
    private static readonly string Data = Path.Combine(Root, "examples", "data");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    private static string Line(CliRunner.Run run, string start) => run.Lines.Single(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void November_shows_every_guarantee_and_kpi_with_the_readme_numbers()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", SaasApi, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("not yet supported", run.Output, StringComparison.Ordinal);
        // examples/data/README.md, saas-api November: 68,734,923 good of 69,025,226 requests = 99.5794%: 4.1 breached;
        // 8,613 of 8,652 slices with p95 <= 500 ms = 99.5492%: 4.2 met; the SLA credits 10% of 8,000.00 once.
        Assert.Contains("10% = 800.00 USD", Line(run, "success "), StringComparison.Ordinal);
        // The SLA's own value is the count of breached guarantees, in words (was a bare count shown as "100%").
        Assert.Contains("1 of 2 breached", Line(run, "success "), StringComparison.Ordinal);
        Assert.DoesNotContain("100%", Line(run, "success "), StringComparison.Ordinal);
        Assert.Contains("0 of 1 late", Line(run, "response "), StringComparison.Ordinal);
        Assert.Contains("every incident within 15 min", Line(run, "response "), StringComparison.Ordinal);
        Assert.Contains("99.5794%", Line(run, "clause 4.1"), StringComparison.Ordinal);
        Assert.Contains("99.5492%", Line(run, "clause 4.2"), StringComparison.Ordinal);
        // INC-2001 is acknowledged 2 business minutes after detection: no breach, no credit.
        Assert.Contains("0% = 0.00 USD", Line(run, "response "), StringComparison.Ordinal);
        Assert.Contains("100 ms", Line(run, "latency-p50 "), StringComparison.Ordinal);
        Assert.Contains("500 ms", Line(run, "latency-p95 "), StringComparison.Ordinal);
        Assert.Contains("1,000 ms", Line(run, "latency-p99 "), StringComparison.Ordinal); // thousands grouped, as explain and the statement show values
        Assert.Contains("66.6667%", Line(run, "ack "), StringComparison.Ordinal);   // 4 of 6 alerts
        Assert.Contains("220 s", Line(run, "mtta "), StringComparison.Ordinal);     // (240 + 180 + 240) / 3
        Assert.Contains("1 incidents (change)", Line(run, "volume "), StringComparison.Ordinal); // 4 in November, 3 in October
        Assert.Contains("ask for a quarter", Line(run, "postmortems "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quarter_evaluates_the_quarterly_postmortem_kpi()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", SaasApi, "--data", Data, "--period", "2026-Q4", "--as-of", "2026-12-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        // Severity 1 incidents started in Q4 (to as-of), all services: 8, of which 6 have a completed postmortem = 75% < 80%.
        var line = Line(run, "postmortems ");
        Assert.Contains("75%", line, StringComparison.Ordinal);
        Assert.Contains("breached", line, StringComparison.Ordinal);
    }
}
