using System.Text.Json;

namespace SlaKpiDsl.Import.Tests;

/// <summary>sla import, then sla evaluate on what it wrote: numbers worked out by hand below.</summary>
public sealed class EndToEndTests
{
    private const string Contract = """
        contract "Imported" {
          time zone "UTC"
          fee 1000.00 USD per month
          service api "API"
          sla availability "Checkout availability" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
          }
        }

        """;

    [Fact]
    public void Import_then_evaluate_reproduces_the_hand_computed_month_and_a_second_run_writes_the_same_bytes()
    {
        using var scratch = new Scratch();
        var csv = scratch.Write("export/incidents.csv", Fixtures.AnalyticsCsv);
        var map = scratch.Write("pagerduty.toml", Fixtures.PagerDutyMap);
        var first = scratch.Sla("import", "pagerduty", csv, "--map", map, "-o", scratch.Path("data"));
        Assert.True(first.ExitCode == 0, first.Error);
        var bytes = File.ReadAllBytes(scratch.Path("data/incidents.csv"));

        var second = scratch.Sla("import", "pagerduty", csv, "--map", map, "-o", scratch.Path("data"), "--overwrite");
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(bytes, File.ReadAllBytes(scratch.Path("data/incidents.csv")));

        var run = scratch.Sla("evaluate", scratch.Write("contract.sla", Contract), "--data", scratch.Path("data"), "--period", "2026-11",
            "--as-of", "2026-12-01T00:00:00Z", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var sla = json.RootElement.GetProperty("contracts")[0].GetProperty("slas")[0];
        // By hand: November 2026 has 30 days = 2,592,000 s. The only outage on api is Q1, 14:00Z-15:30Z = 5,400 s (Q2 is
        // degraded, low urgency; Q3 is Internal Tools, left out). Availability = 1 - 5400/2592000 = 99.7916...% < 99.9%,
        // so the credit is 10% of 1000.00 USD = 100.00 USD.
        Assert.Equal(2592000m, sla.GetProperty("measuredSeconds").GetDecimal());
        Assert.Equal(5400m, sla.GetProperty("downtimeSeconds").GetDecimal());
        Assert.Equal("100.00", sla.GetProperty("credit").GetProperty("amount").GetString());
    }

    [Fact]
    public void The_written_file_is_the_documented_incidents_csv()
    {
        using var scratch = new Scratch();
        var run = scratch.Sla("import", "pagerduty", scratch.Write("pd.csv", Fixtures.AnalyticsCsv), "--map", scratch.Write("m.toml", Fixtures.PagerDutyMap), "-o", scratch.Path("data"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed,affected_share,team,title\n"
            + "Q1ABCDEFGHIJK1,api,1,outage,,2026-11-10T14:00:00Z,2026-11-10T14:00:00Z,2026-11-10T14:04:00Z,2026-11-10T14:04:00Z,2026-11-10T15:30:00Z,,team-payments,,,payments,Checkout 5xx above 20%\n"
            + "Q2ABCDEFGHIJK2,api,3,degraded,,2026-11-12T15:00:00Z,2026-11-12T15:00:00Z,2026-11-12T15:10:00Z,2026-11-12T15:10:00Z,2026-11-12T16:00:00Z,,team-payments,,,payments,Checkout p95 above 800 ms\n",
            File.ReadAllText(scratch.Path("data/incidents.csv")));
    }
}

/// <summary>A large import is formatted in chunks on every core; its bytes are exactly one sequential write's.</summary>
public sealed class LargeImportTests
{
    [Fact]
    public void A_chunked_write_gives_the_bytes_of_a_sequential_write()
    {
        using var scratch = new Scratch();
        var lines = Fixtures.AnalyticsCsv.Split('\n');
        var text = new System.Text.StringBuilder(lines[0]).Append('\n');
        for (var i = 0; i < 140_000; i++) // three chunks of 65,536 rows, the last one partial
            text.Append(lines[1 + i % 2].Replace(i % 2 == 0 ? "Q1ABCDEFGHIJK1" : "Q2ABCDEFGHIJK2", $"Q{i:D13}", StringComparison.Ordinal)
                .Replace("2026-11-1", i % 3 == 0 ? "2026-11-2" : "2026-11-1", StringComparison.Ordinal)).Append('\n');
        var result = SourceTests.Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("big.csv", text.ToString()));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections.Take(3)));
        Assert.Equal(140_000, result.Incidents.Length);
        var expected = new StringWriter { NewLine = "\n" };
        SlaKpiDsl.Runtime.Data.DataFile.WriteCsv(SlaKpiDsl.Runtime.Data.Formats.IncidentFormat.Instance, result.Incidents, expected);
        Assert.Equal(expected.ToString(), File.ReadAllText(scratch.Path("out/incidents.csv")));
    }
}
