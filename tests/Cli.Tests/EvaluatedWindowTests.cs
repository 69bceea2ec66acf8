using System.Text.Json;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// What every output says about one evaluated window and one credit: a contract effective or ending mid-month measures
/// the part of the month inside its term, and the statement header, its ledger, its JSON, <c>evaluate</c> and
/// <c>explain</c> all state that one length; a credit changed by a cap or the minimum shows the percent granted with the
/// tier's percent beside it.
/// </summary>
public sealed class EvaluatedWindowTests
{
    private const string Header = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\n";

    /// <summary>One incident before and one after the 15th, so either kind of part month has downtime.</summary>
    private const string Incidents = Header
        + "I1,api,1,outage,provider,2026-11-10T09:00:00Z,2026-11-10T09:01:00Z,,,2026-11-10T10:30:00Z,,,\n"
        + "I2,api,1,outage,provider,2026-11-20T09:00:30Z,2026-11-20T09:01:00Z,,,2026-11-20T10:30:00Z,,,\n";

    private static string Contract(string term) => $$"""
        contract "Part" {
          provider "P"
          customer "C"
          {{term}}
          time zone "UTC"
          fee 10.00 USD per month
          service api "API"
          sla capped "Capped" {
            clause "1"
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 30% of fee when availability below 99.9%
            credits capped at 20% of fee per month
          }
          sla floor "Floor" {
            clause "2"
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            no credit unless above 1.00 USD
          }
        }
        """;


    private static (CliRunner Cli, string Contract, string Data) Setup(string term)
    {
        var cli = new CliRunner();
        var contract = cli.Write("contracts/part.sla", Contract(term));
        cli.Write("data/incidents.csv", Incidents);
        return (cli, contract, Path.Combine(cli.Directory, "data"));
    }

    private static string[] Args(string command, string contract, string data, params string[] extra) =>
        [command, contract, "--data", data, "--period", "2026-11", "--as-of", "2026-12-05T00:00:00Z", .. extra];

    public static TheoryData<string, string, string, long> Terms => new()
    {
        // effective from the 15th: 16 days of November = 23,040 minutes
        { "effective 2026-11-15 until 2027-01-01", "2026-11-15T00:00:00Z", "2026-12-01T00:00:00Z", 23_040 },
        // ending on the 20th (exclusive): 19 days = 27,360 minutes
        { "effective 2026-01-01 until 2026-11-20", "2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z", 27_360 },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void A_part_month_has_one_length_in_the_statement_its_ledger_its_json_evaluate_and_explain(string term, string start, string end, long minutes)
    {
        var (cli, contract, data) = Setup(term);
        using var _ = cli;
        var grouped = minutes.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

        var evaluate = cli.Invoke(Args("evaluate", contract, data, "--format", "json"));
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using (var json = JsonDocument.Parse(evaluate.Output))
        {
            foreach (var sla in json.RootElement.GetProperty("contracts")[0].GetProperty("slas").EnumerateArray())
            {
                Assert.Equal(start, sla.GetProperty("windowStart").GetString());
                Assert.Equal(end, sla.GetProperty("windowEnd").GetString());
                Assert.Equal(minutes * 60m, sla.GetProperty("measuredSeconds").GetDecimal());
            }
        }

        var explain = cli.Invoke(Args("explain", contract, data));
        Assert.True(explain.ExitCode == 0, explain.Error);
        Assert.Contains($"Capped (clause 1), November 2026 in UTC: {grouped} min.", explain.Output, StringComparison.Ordinal);
        Assert.Contains($"Measured period: the whole window, {grouped} min", explain.Output, StringComparison.Ordinal);

        var outDir = Path.Combine(cli.Directory, "out");
        var statement = cli.Invoke(Args("statement", contract, data, "--out", outDir, "--no-sign"));
        Assert.True(statement.ExitCode == 0, statement.Error);
        using (var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "part-2026-11.json"))))
        {
            var period = json.RootElement.GetProperty("period");
            Assert.Equal(minutes, period.GetProperty("length_minutes").GetInt64());
            Assert.Equal(start[..19], period.GetProperty("start_local").GetString());
            Assert.Equal(end[..19], period.GetProperty("end_local").GetString());
            foreach (var ledger in json.RootElement.GetProperty("ledgers").EnumerateArray())
                Assert.Equal(minutes * 60m, ledger.GetProperty("denominator_seconds").GetDecimal());
        }
        var text = PdfText(Path.Combine(outDir, "part-2026-11.pdf"));
        Assert.Contains($"Period November 2026: {start[..10]} 00:00 to {end[..10]} 00:00 (UTC) Period length {grouped} min", text, StringComparison.Ordinal);
        Assert.Contains($"Measured period (denominator) {grouped} min", text, StringComparison.Ordinal);
        Assert.DoesNotContain("43,200", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_text_and_json_show_the_granted_percent_beside_the_tier_percent_after_a_cap_and_after_a_minimum()
    {
        var (cli, contract, data) = Setup("effective 2026-11-15 until 2027-01-01");
        using var _ = cli;
        var text = cli.Invoke(Args("evaluate", contract, data));
        Assert.True(text.ExitCode == 0, text.Error);
        // 89.5 min of 23,040: 30% of the prorated fee (5.33 USD) is 1.60, capped at 20% = 1.07; 10% = 0.53 is below the 1.00 minimum.
        Assert.Contains("20% (tier 30%) = 1.07 USD", text.Output, StringComparison.Ordinal);
        Assert.Contains("0% (tier 10%) = 0.00 USD", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("10% = 0.00", text.Output, StringComparison.Ordinal);

        var json = cli.Invoke(Args("evaluate", contract, data, "--format", "json"));
        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var slas = document.RootElement.GetProperty("contracts")[0].GetProperty("slas");
        var capped = slas[0].GetProperty("credit");
        Assert.Equal(30m, capped.GetProperty("percentOfFee").GetDecimal());
        Assert.Equal(20m, capped.GetProperty("grantedPercentOfFee").GetDecimal());
        Assert.Equal("1.07", capped.GetProperty("amount").GetString());
        var floor = slas[1].GetProperty("credit");
        Assert.Equal(10m, floor.GetProperty("percentOfFee").GetDecimal());
        Assert.Equal(0m, floor.GetProperty("grantedPercentOfFee").GetDecimal());
        Assert.Equal("0.00", floor.GetProperty("amount").GetString());
    }

    [Fact]
    public void The_ledger_shows_the_seconds_its_durations_count()
    {
        // I2 runs 09:00:30-10:30:00 = 89 min 30 s: a ledger that printed 09:00 beside "89 min 30 s" would not add up.
        var (cli, contract, data) = Setup("effective 2026-11-15 until 2027-01-01");
        using var _ = cli;
        var outDir = Path.Combine(cli.Directory, "out");
        var statement = cli.Invoke(Args("statement", contract, data, "--out", outDir, "--no-sign"));
        Assert.True(statement.ExitCode == 0, statement.Error);
        var text = PdfText(Path.Combine(outDir, "part-2026-11.pdf"));
        // The cells wrap (date, then time and offset on the next line), so the words are checked, not their order.
        Assert.Contains("09:00:30 +00:00", text, StringComparison.Ordinal);
        Assert.Contains("89 min 30 s", text, StringComparison.Ordinal);
        Assert.Contains("I2 api sev1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("09:00 +00:00", text, StringComparison.Ordinal);

        // explain words the same incident with the same time and the same duration rule.
        var explain = cli.Invoke(Args("explain", contract, data));
        Assert.Contains("Counted: I2 2026-11-20 09:00:30-10:30 (UTC+00:00), 89 min 30 s.", explain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timestamp_finer_than_100_ns_is_a_located_data_error_not_a_truncated_instant()
    {
        var (cli, contract, data) = Setup("effective 2026-11-15 until 2027-01-01");
        using var _ = cli;
        cli.Write("data/incidents.csv", Header + "I3,api,1,outage,provider,2026-11-20T09:00:00.123456789Z,,,,2026-11-20T10:00:00Z,,,\n");
        var run = cli.Invoke(Args("evaluate", contract, data));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("incidents.csv(2): error DATA021: [started] '2026-11-20T09:00:00.123456789Z' is finer than 100 ns", run.Error, StringComparison.Ordinal);

        // Nine digits in whole ticks are exact: accepted, and the explanation shows the fraction.
        cli.Write("data/incidents.csv", Header + "I3,api,1,outage,provider,2026-11-20T09:00:00.123456700Z,,,,2026-11-20T10:00:00Z,,,\n");
        var exact = cli.Invoke(Args("explain", contract, data));
        Assert.True(exact.ExitCode == 0, exact.Error);
        Assert.Contains("2026-11-20 09:00:00.1234567-10:00 (UTC+00:00), 59 min 59.8765433 s", exact.Output, StringComparison.Ordinal);
    }

    internal static string PdfText(string pdf)
    {
        using var doc = PigDocument.Open(pdf);
        return string.Join(" ", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
