using System.Text.Json;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// A credit tier's and a cap's own clause citation (<c>clause "4.2": credit ...</c>) travel into <c>sla explain</c>, the
/// evaluation JSON and the trace, as an exclusion's does; a fixed-amount tier is worded as the amount it pays.
/// </summary>
public sealed class CreditCitationTests
{
    private const string Contract = """
        contract "Cited" {
          time zone "UTC"
          fee 10.00 GBP per month
          service api "API"
          sla availability "A" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            clause "4.1": credit 2.00 GBP when availability below 99.9%
            clause "4.2": credit 30% of fee when availability below 99.0%
            clause "4.3": credits capped at 25% of fee per month
          }
        }

        """;

    private const string Header = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\n";

    // November 2026 in UTC is 43,200 minutes. 60 minutes down: 99.8611% < 99.9%, not < 99.0%: the 2.00 GBP tier.
    private const string OneHour = Header + "INC-1,api,1,outage,provider,2026-11-10T10:00:00Z,,,,2026-11-10T11:00:00Z,,,\n";

    // 600 minutes down: 98.6111% < 99.0%: the 30% tier (3.00 GBP) is the most valuable, capped at 25% = 2.50 GBP.
    private const string TenHours = Header + "INC-1,api,1,outage,provider,2026-11-10T10:00:00Z,,,,2026-11-10T20:00:00Z,,,\n";

    private static CliRunner.Run Run(CliRunner cli, string incidents, params string[] extra)
    {
        var contract = cli.Write("cited.sla", Contract);
        cli.Write("data/incidents.csv", incidents);
        return cli.Invoke([.. extra[..1], contract, "--data", Path.Combine(cli.Directory, "data"), "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", .. extra[1..]]);
    }

    [Fact]
    public void A_fixed_amount_tier_is_explained_as_its_amount_with_its_clause()
    {
        using var cli = new CliRunner();
        var run = Run(cli, OneHour, "explain");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("  Credit tier 'availability below 99.9%' of clause 4.1 (2.00 GBP) applies because 99.8611% >= 0% and < 99.9%.\n", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("% of fee)", run.Output, StringComparison.Ordinal);
        Assert.Contains("  Credit before caps: 2.00 GBP (20% of the fee of 10.00 GBP).\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cap_that_changes_the_amount_is_explained_with_its_clause()
    {
        using var cli = new CliRunner();
        var run = Run(cli, TenHours, "explain");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("  Credit tier 'availability below 99.0%' of clause 4.2 (30% of fee) applies because 98.6111% >= 0% and < 99.0%.\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("  Then capped at 25% of fee per window (clause 4.3): 3.00 GBP -> 2.50 GBP.\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_carries_every_tier_and_cap_citation_and_what_each_tier_pays()
    {
        using var cli = new CliRunner();
        var run = Run(cli, TenHours, "evaluate", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var doc = JsonDocument.Parse(run.Output);
        var sla = doc.RootElement.GetProperty("contracts")[0].GetProperty("slas")[0];
        var cap = sla.GetProperty("credit").GetProperty("capsApplied")[0];
        Assert.Equal("4.3", cap.GetProperty("clause").GetString());
        var trace = sla.GetProperty("trace").GetProperty("credit");
        Assert.Equal("4.3", trace.GetProperty("caps")[0].GetProperty("clause").GetString());
        var candidates = trace.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(["4.1", "4.2"], candidates.Select(c => c.GetProperty("clause").GetString()));
        Assert.Equal("fixed-amount", candidates[0].GetProperty("payment").GetString());
        Assert.Equal(2.00m, candidates[0].GetProperty("value").GetDecimal());
        Assert.Equal("percent-of-fee", candidates[1].GetProperty("payment").GetString());
        Assert.Equal(30m, candidates[1].GetProperty("value").GetDecimal());
    }
}

/// <summary>The credits ledger beside the data: read by every evaluating command, its errors located (exit 1).</summary>
public sealed class CreditsLedgerFileTests
{
    private const string Contract = """
        contract "Ledgered" {
          effective 2026-01-01 until 2027-01-01
          time zone "UTC"
          fee 1000.00 USD per month
          service api "API"
          sla availability "A" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            clause "5.5": credits capped at 150.00 USD in any 3 consecutive months
          }
        }

        """;

    private const string Incidents = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\n"
        + "INC-1,api,1,outage,provider,2026-11-10T10:00:00Z,,,,2026-11-10T11:00:00Z,,,\n";

    [Fact]
    public void A_ledger_line_consumes_the_rolling_cap_and_is_cited()
    {
        // November: 60 of 43,200 minutes down, 99.86% < 99.9%: 100.00; October's 80.00 from the ledger leaves 70.00 of 150.00.
        using var cli = new CliRunner();
        var contract = cli.Write("ledgered.sla", Contract);
        cli.Write("data/incidents.csv", Incidents);
        cli.Write("data/credits.csv", "reference,contract,sla,window,amount,currency\nCN-10,Ledgered,availability,2026-10,80.00,USD\n");
        var run = cli.Invoke("explain", contract, "--data", Path.Combine(cli.Directory, "data"), "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("  Then credits capped at 150.00 USD in any 3 consecutive months (80.00 USD already credited in the period, of which 80.00 USD from the credits ledger: CN-10) (clause 5.5): 100.00 USD -> 70.00 USD.\n", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not read", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_ledger_line_is_a_located_error_and_exit_1()
    {
        using var cli = new CliRunner();
        var contract = cli.Write("ledgered.sla", Contract);
        cli.Write("data/incidents.csv", Incidents);
        cli.Write("data/credits.csv", "reference,contract,sla,window,amount,currency\n"
            + "CN-1,Ledgered,availability,2026-13,80.00,USD\n"      // line 2: no month 13
            + "CN-2,Ledgered,availability,2026-10,80.005,USD\n"     // line 3: more decimals than USD has
            + "CN-3,Ledgered,availability,2026-10,80.00,XYZ\n"      // line 4: no such currency
            + "CN-3,Ledgered,availability,2026-10,-1,USD\n");       // line 5: reference twice, negative amount
        var run = cli.Invoke("evaluate", contract, "--data", Path.Combine(cli.Directory, "data"), "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("credits.csv(2): error DATA055: [window]", run.Error, StringComparison.Ordinal);
        Assert.Contains("credits.csv(3): error DATA056: [amount]", run.Error, StringComparison.Ordinal);
        Assert.Contains("credits.csv(4): error DATA056: [currency]", run.Error, StringComparison.Ordinal);
        Assert.Contains("credits.csv(5): error DATA011: [amount]", run.Error, StringComparison.Ordinal);
    }
}
