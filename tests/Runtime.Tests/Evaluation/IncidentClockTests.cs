using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

public sealed class IncidentClockTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly CalendarWindow Nov = WindowCalendar.Month(NewYork, 2026, 11);
    private static Instant L(int d, int h, int m) => new LocalDateTime(2026, 11, d, h, m).InZoneStrictly(NewYork).ToInstant();

    private static Incident Inc(string id, Instant started, int ackAfterMin, int? resolveAfterMin = null, int severity = 1, bool? pm = null, Instant? detected = null) =>
        new(id, "api", severity, Impact.Outage, started, resolveAfterMin is { } r ? started + Duration.FromMinutes(r) : null,
            detected: detected, acknowledged: ackAfterMin >= 0 ? started + Duration.FromMinutes(ackAfterMin) : null, postmortemCompleted: pm);

    [Fact]
    public void Every_incident_counts_each_breach_and_exactly_the_limit_meets()
    {
        var incidents = new[]
        {
            Inc("R-1", L(3, 10, 0), 15),   // exactly 15 minutes: met
            Inc("R-2", L(4, 10, 0), 16),   // breach
            Inc("R-3", L(5, 10, 0), 40),   // breach
            Inc("R-4", L(6, 10, 0), -1),   // not acknowledged, 10 minutes before as-of: pending
            Inc("R-5", L(6, 10, 0), 5, severity: 3), // not severity 1: does not qualify
        };
        var asOf = L(6, 10, 10);
        var outcome = IncidentClocks.Evaluate(incidents, i => i.Severity == 1, new ClockRule(ClockStart.Started, ClockStop.Acknowledged), Duration.FromMinutes(15), Nov, asOf);
        Assert.Equal(2, outcome.Breaches);
        Assert.Equal(1, outcome.Met);
        Assert.Equal(1, outcome.Pending);
        Assert.Equal(new ExactRatio(1, 3), outcome.ShareMet);
        var result = MeasureResults.ForEveryIncident("response", "5.1", Nov, asOf, outcome, Duration.FromMinutes(15), 5m, new CreditLimits(CapPercentOfFee: 20m), new FeeTerms(12000m, "USD"));
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(1200.00m, result.Credit!.Amount);
        Assert.Contains(result.Trace.Incidents, t => t.Id == "R-4" && t.Outcome == IncidentOutcome.ClockPending && t.Open);
        Assert.Contains(result.Warnings, w => w is ClockStillRunning { IncidentId: "R-4" });
    }

    [Fact]
    public void Business_hours_clock_counts_only_business_time()
    {
        // Friday Nov 13 17:55 to Monday Nov 16 08:12: 5 + 12 = 17 business minutes > 15.
        var cal = WeeklyCalendar.Weekdays(NewYork, new LocalTime(8, 0), new LocalTime(18, 0));
        var inc = Inc("B-1", L(13, 17, 55), (int)(L(16, 8, 12) - L(13, 17, 55)).TotalMinutes);
        var clock = IncidentClocks.Measure(inc, new ClockRule(ClockStart.Started, ClockStop.Acknowledged, cal), L(20, 0, 0));
        Assert.Equal(Duration.FromMinutes(17), clock.Elapsed);
        Assert.True(clock.Stopped);
    }

    [Fact]
    public void Detected_start_falls_back_to_started_and_says_so()
    {
        var rule = new ClockRule(ClockStart.Detected, ClockStop.Acknowledged);
        var withDetection = IncidentClocks.Measure(Inc("D-1", L(3, 10, 0), 20, detected: L(3, 10, 5)), rule, L(30, 0, 0));
        Assert.Equal(Duration.FromMinutes(15), withDetection.Elapsed);
        var without = IncidentClocks.Measure(Inc("D-2", L(3, 10, 0), 20), rule, L(30, 0, 0));
        Assert.Equal(Duration.FromMinutes(20), without.Elapsed);
        Assert.True(without.StartFellBack);
    }

    [Fact]
    public void Mean_median_and_p90_time_to_resolve_are_exact()
    {
        var rule = new ClockRule(ClockStart.Started, ClockStop.Resolved);
        var asOf = L(30, 0, 0);
        var clocks = new[] { 10, 20, 30, 45 }.Select((m, k) => IncidentClocks.Measure(Inc($"M-{k}", L(3 + k, 10, 0), 1, m), rule, asOf)).ToList();
        clocks.Add(IncidentClocks.Measure(Inc("OPEN", L(29, 23, 0), 1), rule, asOf)); // still open: not in the statistics
        var min = NodaConstants.TicksPerMinute;
        Assert.Equal(new ExactRatio(105m * min, 4), KpiMeasures.MeanTicks(clocks));        // 26.25 minutes
        Assert.Equal(new ExactRatio(50m * min, 2), KpiMeasures.MedianTicks(clocks));       // (20 + 30) / 2
        Assert.Equal(45 * min, KpiMeasures.PercentileTicks(clocks, 90));                   // rank ceil(3.6) = 4
        Assert.True(ValueCondition.AtMost(30m * min, ValueUnit.Plain).Holds(KpiMeasures.MeanTicks(clocks)!.Value));
        var meanMinutes = KpiMeasures.TicksToMinutes(KpiMeasures.MeanTicks(clocks)!.Value);
        Assert.True(ValueCondition.AtMost(26.25m, ValueUnit.Plain).Holds(meanMinutes));   // exactly 26.25 meets "at most"
        Assert.False(ValueCondition.AtMost(26.24m, ValueUnit.Plain).Holds(meanMinutes));
    }

    [Fact]
    public void Alerts_acknowledged_within_N_share()
    {
        var s = L(3, 10, 0);
        var alerts = new[]
        {
            new Alert("A-1", "api", s, s + Duration.FromMinutes(5)),   // exactly 5: within
            new Alert("A-2", "api", s, s + Duration.FromMinutes(6)),   // late
            new Alert("A-3", "api", s, null),                          // never acknowledged
            new Alert("A-4", "api", L(2, 0, 0) - Duration.FromDays(5), null), // raised in October: not in the window
        };
        var share = KpiMeasures.ShareOfAlertsAcknowledgedWithin(alerts, _ => true, Duration.FromMinutes(5), Nov, L(30, 0, 0), out var raised, out var ok);
        Assert.Equal(3, raised);
        Assert.Equal(1, ok);
        Assert.Equal(new ExactRatio(1, 3), share);
    }

    [Fact]
    public void Postmortem_completion_and_incident_count_trend()
    {
        var incidents = new[]
        {
            Inc("P-1", L(3, 10, 0), 1, 10, pm: true), Inc("P-2", L(4, 10, 0), 1, 10, pm: false), Inc("P-3", L(5, 10, 0), 1, 10, pm: null),
            Inc("P-4", L(5, 10, 0), 1, 10, severity: 2, pm: false),
            Inc("O-1", Nov.Start - Duration.FromDays(3), 1, 10), Inc("O-2", Nov.Start - Duration.FromDays(4), 1, 10),
            Inc("O-3", Nov.Start - Duration.FromDays(5), 1, 10), Inc("O-4", Nov.Start - Duration.FromDays(6), 1, 10),
        };
        var rate = KpiMeasures.PostmortemCompletion(incidents, i => i.Severity == 1, Nov, out var done, out var total);
        Assert.Equal((1, 3), (done, total));
        var result = MeasureResults.ForValue("postmortems", null, "postmortem completion", Nov, L(30, 0, 0), rate, ValueCondition.AtLeast(80m));
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Null(result.Credit);
        var (counts, trend) = KpiMeasures.CountsAndTrend(incidents, _ => true, [WindowCalendar.Previous(Nov), Nov]);
        Assert.Equal([4, 4], counts.ToArray());
        Assert.Equal(CountTrend.Flat, trend);
        var (_, trend2) = KpiMeasures.CountsAndTrend(incidents.Skip(1).ToList(), _ => true, [WindowCalendar.Previous(Nov), Nov]);
        Assert.Equal(CountTrend.Decreasing, trend2);
    }

    [Fact]
    public void Nothing_to_measure_is_not_measurable_with_a_warning()
    {
        var result = MeasureResults.ForValue("ack", null, "alerts acknowledged within 5 minutes", Nov, L(30, 0, 0), null, ValueCondition.AtLeast(95m));
        Assert.Equal(Verdict.NotMeasurable, result.Verdict);
        Assert.Single(result.Warnings);
    }
}
