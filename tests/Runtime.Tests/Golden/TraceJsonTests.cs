using SlaKpiDsl.Tests.Shared;
using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Golden;

public sealed class TraceJsonTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static Instant L(int d, int h, int m) => new LocalDateTime(2026, 11, d, h, m).InZoneStrictly(NewYork).ToInstant();

    /// <summary>The sample in docs/trace-schema.md: November 2026 in New York, overlap, weight, blip, maintenance with cap, customer exclusion.</summary>
    internal static CommitmentResult Sample()
    {
        var window = WindowCalendar.Month(NewYork, 2026, 11);
        var commitment = new DowntimeCommitment("availability", "3.1", ValueCondition.AtLeast(99.9m),
            i => i.Service != "api" ? 0m : i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, _ => 0m },
            Duration.FromMinutes(1),
            [new IncidentExclusion("3.5 customer", i => i.Cause == "customer")],
            ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow,
            new TieredCredits([
                new CreditTier("10%", ValueCondition.Below(99.9m), 10m),
                new CreditTier("25%", ValueCondition.Below(99.0m), 25m),
                new CreditTier("100%", ValueCondition.Below(95.0m), 100m),
            ], false, new CreditLimits(CapPercentOfFee: 100m)),
            warnAtBudgetPercent: 75m);
        var incidents = new[]
        {
            new Incident("INC-101", "api", 1, Impact.Outage, L(10, 9, 0), L(10, 10, 0)),
            new Incident("INC-102", "api", 2, Impact.Outage, L(10, 9, 30), L(10, 10, 30)),           // overlaps INC-101
            new Incident("INC-103", "api", 3, Impact.Degraded, L(12, 14, 0), L(12, 16, 0)),           // counts 50%
            new Incident("INC-104", "api", 3, Impact.Outage, L(13, 3, 0), L(13, 3, 0) + Duration.FromSeconds(40)), // blip
            new Incident("INC-105", "api", 1, Impact.Outage, L(15, 2, 0), L(15, 5, 0)),               // in maintenance
            new Incident("INC-106", "api", 1, Impact.Outage, L(18, 11, 0), L(18, 12, 0), cause: "customer"),
        };
        var maintenance = TimeExclusion.FromMaintenance("3.4 maintenance", [
            new Maintenance("MW-7", L(10, 12, 0), L(15, 1, 0), L(15, 4, 0)),
        ], "api", m => m.Notice >= Duration.FromHours(72), Duration.FromHours(2));
        return new DowntimeEvaluator().Evaluate(commitment, window, L(30, 23, 0), incidents, [maintenance], null, new FeeTerms(12000.00m, "USD"));
    }

    [Fact]
    public void Trace_json_matches_the_golden_sample()
    {
        var r = Sample();
        // 90 min union + 60 min at 50% + 2 h - 1 h of the maintenance beyond its 2 h cap... computed: see golden file.
        GoldenFile.VerifyBeside("availability-trace", TraceJson.Serialize(r.Trace));
    }

    [Fact]
    public void Trace_json_carries_the_schema_id_first_and_round_trips_instants()
    {
        var json = TraceJson.Serialize(Sample().Trace);
        using var doc = JsonDocument.Parse(json);
        var first = doc.RootElement.EnumerateObject().First();
        Assert.Equal("schema", first.Name);
        Assert.Equal("slakpidsl.trace/2", first.Value.GetString());
        Assert.Equal("2026-11-01T04:00:00Z", doc.RootElement.GetProperty("windowStart").GetString());
        Assert.Equal("counted", doc.RootElement.GetProperty("incidents")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public void Typed_warnings_are_trace_2_and_worded_warnings_keep_the_trace_1_shape_they_always_had()
    {
        var trace = Sample().Trace;
        Assert.NotEmpty(trace.Warnings);
        using var typed = JsonDocument.Parse(TraceJson.Serialize(trace));
        Assert.Equal("slakpidsl.trace/2", typed.RootElement.GetProperty("schema").GetString());
        Assert.All(typed.RootElement.GetProperty("warnings").EnumerateArray(), w => Assert.Equal(JsonValueKind.Object, w.ValueKind));
        using var worded = JsonDocument.Parse(JsonSerializer.Serialize(trace, TraceJson.WithWarningText(w => "worded " + w.GetType().Name)));
        Assert.Equal("slakpidsl.trace/1", worded.RootElement.EnumerateObject().First().Value.GetString());
        Assert.All(worded.RootElement.GetProperty("warnings").EnumerateArray(), w => Assert.StartsWith("worded ", w.GetString()));
        // Everything but the schema id and the warnings is written alike.
        Assert.Equal(typed.RootElement.GetProperty("measurement").GetRawText(), worded.RootElement.GetProperty("measurement").GetRawText());
    }

    [Fact]
    public void Sample_numbers_add_up()
    {
        var r = Sample();
        // Union 09:00-10:30 = 5,400 s; degraded 2 h x 0.5 = 3,600 s; blip dropped; INC-105 02:00-05:00 with
        // maintenance 01:00-04:00 capped at 2 h (01:00-03:00): 03:00-05:00 = 7,200 s count. Total 16,200 s.
        Assert.Equal(16_200m, r.DowntimeSeconds);
        Assert.Equal(43_260m * 60, r.MeasuredSeconds);
        Assert.Equal(3_600m, r.Trace.Exclusions.Single(x => x.Kind == ExclusionKind.Maintenance).DowntimeRemovedSeconds);
        Assert.Equal(Verdict.Breached, r.Verdict);
        Assert.Equal(1200.00m, r.Credit!.Amount);
    }
}

public sealed class TraceJsonRoundTripTests
{
    [Fact]
    public void A_trace_read_back_serialises_to_the_same_json()
    {
        var json = TraceJson.Serialize(TraceJsonTests.Sample().Trace);
        var back = System.Text.Json.JsonSerializer.Deserialize<CommitmentTrace>(json, TraceJson.Options)!;
        Assert.Equal(json, TraceJson.Serialize(back));
        Assert.Equal(6, back.Incidents.Length);
    }
}
