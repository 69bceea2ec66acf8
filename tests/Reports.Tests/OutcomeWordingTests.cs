using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>Count-valued SLAs in words (OutcomeWording): what sla evaluate, its JSON and the statement print.</summary>
public sealed class OutcomeWordingTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly CalendarWindow Nov = WindowCalendar.Month(NewYork, 2026, 11);
    private static Instant L(int d, int h, int m) => new LocalDateTime(2026, 11, d, h, m).InZoneStrictly(NewYork).ToInstant();

    private static Incident Inc(string id, Instant started, int ackAfterMin) =>
        new(id, "api", 1, Impact.Outage, started, null, acknowledged: ackAfterMin >= 0 ? started + Duration.FromMinutes(ackAfterMin) : null);

    [Fact]
    public void Every_incident_clock_reads_as_late_incidents_with_running_clocks_and_the_slowest()
    {
        // 15 min (met), 16 and 40 min (late), one unacknowledged 10 minutes before as-of (running, not late yet).
        var incidents = new[] { Inc("R-1", L(3, 10, 0), 15), Inc("R-2", L(4, 10, 0), 16), Inc("R-3", L(5, 10, 0), 40), Inc("R-4", L(6, 10, 0), -1) };
        var asOf = L(6, 10, 10);
        var outcome = IncidentClocks.Evaluate(incidents, _ => true, new ClockRule(ClockStart.Started, ClockStop.Acknowledged), Duration.FromMinutes(15), Nov, asOf);
        var result = MeasureResults.ForEveryIncident("response", "5.1", Nov, asOf, outcome, Duration.FromMinutes(15));
        var evaluated = CommitmentOutcome.Evaluated(result);
        Assert.True(OutcomeWording.IsCount(result));
        Assert.Equal("2 of 4 incidents late (1 still running)", OutcomeWording.Measured(evaluated));
        Assert.Equal("2 of 4 late, 1 running", OutcomeWording.Measured(evaluated, brief: true));
        Assert.Equal("R-3, 40 min", OutcomeWording.Slowest(result));
        Assert.Equal("every incident within 15 min", Words.Target(result.Trace.Measurement));
    }

    [Fact]
    public void Several_guarantees_read_as_breached_of_all_and_a_measured_value_has_no_count_words()
    {
        var window = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var asOf = Instant.FromUtc(2026, 12, 1, 0, 0);
        CommitmentResult G(long good) => MeasureResults.ForValue("sla", "1", "success rate", window, asOf, new ExactRatio(good, 1000), ValueCondition.AtLeast(99m));
        ImmutableArray<CommitmentResult> guarantees = [G(995), G(980), G(970)];  // 99.5% met, 98% and 97% breached
        var combined = MeasureResults.ForGuarantees("sla", "1", window, asOf, guarantees);
        var outcome = CommitmentOutcome.Evaluated(combined) with { Guarantees = guarantees };
        Assert.Equal("2 of 3 guarantees breached", OutcomeWording.Measured(outcome));
        Assert.Equal("2 of 3 breached", OutcomeWording.Measured(outcome, brief: true));
        Assert.False(OutcomeWording.IsCount(guarantees[0]));
        Assert.Null(OutcomeWording.Measured(CommitmentOutcome.Evaluated(guarantees[0])));
    }
}
