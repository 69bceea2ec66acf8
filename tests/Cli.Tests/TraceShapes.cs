using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// Results of every shape the runtime produces, built with the runtime's own kernels on small hand-made data (plus the
/// documented downtime sample and a hand-typed trace of shapes no emitter produces yet).
/// </summary>
internal static class TraceShapes
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly CalendarWindow November = WindowCalendar.Month(NewYork, 2026, 11);
    public static readonly Instant AsOf = At("2026-12-01T06:00:00Z");

    public static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    /// <summary>docs/trace-schema.md's sample (the Runtime golden): overlap, weight, blip, capped maintenance, customer exclusion.</summary>
    // The JSON carries the target and the window as text only; the evaluator's typed target (availability at least 99.9%)
    // and its typed window (November 2026 in New York) are restored here.
    public static CommitmentTrace Downtime()
    {
        var trace = JsonSerializer.Deserialize<CommitmentTrace>(File.ReadAllText(Path.Combine(Root, "tests", "Runtime.Tests", "Golden", "availability-trace.verified.txt")), TraceJson.Options)!;
        Assert.Equal(">= 99.9%", trace.Measurement.Target);
        Assert.Equal(November.Label, trace.Window);
        return trace with { Measurement = trace.Measurement with { Condition = new TargetCondition.Bounded(ValueCondition.AtLeast(99.9m)) }, CalendarWindow = November };
    }

    private static readonly TieredCredits Tiers = new(
        [new CreditTier("below 99.9%", ValueCondition.Below(99.9m), 10), new CreditTier("below 99%", ValueCondition.Below(99m), 25)],
        false, new CreditLimits(CapPercentOfFee: 20));

    /// <summary>Success rate 99.85% of 2,000,000 requests: 10% credit.</summary>
    public static CommitmentResult Requests()
    {
        var start = November.Start;
        var slices = new List<RequestSlice>
        {
            new("api", start, Duration.FromDays(10), 1_000_000, 999_000),
            new("api", start + Duration.FromDays(10), Duration.FromDays(10), 1_000_000, 998_000),
        };
        return MeasureResults.ForSuccessRate("success", "4.1", November, AsOf, slices, [], ValueCondition.AtLeast(99.9m), Tiers, new FeeTerms(5000m, "EUR"));
    }

    private static readonly Incident[] Clocked =
    [
        new("INC-7", "api", 1, Impact.Outage, At("2026-11-03T14:00:00Z"), At("2026-11-03T16:00:00Z"), acknowledged: At("2026-11-03T14:10:00Z")),
        new("INC-8", "api", 1, Impact.Outage, At("2026-11-09T14:00:00Z"), At("2026-11-09T18:00:00Z"), acknowledged: At("2026-11-09T14:20:30Z")),
        new("INC-9", "api", 2, Impact.Degraded, At("2026-12-01T04:50:00Z"), null),
    ];

    /// <summary>"acknowledged within 15 minutes, every incident", as of 04:55Z: INC-8 breaches (20 min 30 s), INC-9 still running (5 min); 5% per breach.</summary>
    public static CommitmentResult Clocks()
    {
        var asOf = At("2026-12-01T04:55:00Z");
        var outcome = IncidentClocks.Evaluate(Clocked, _ => true, new ClockRule(ClockStart.Started, ClockStop.Acknowledged), Duration.FromMinutes(15), November, asOf);
        return MeasureResults.ForEveryIncident("response", "5.1", November, asOf, outcome, Duration.FromMinutes(15), 5m, CreditLimits.None, new FeeTerms(12000m, "USD"));
    }

    /// <summary>KPI: mean time to resolve (minutes, plain) at most 30: 180 minutes, breached.</summary>
    public static CommitmentResult MeanTimeToResolve()
    {
        var outcome = IncidentClocks.Evaluate(Clocked.Take(2).ToArray(), _ => true, new ClockRule(ClockStart.Started, ClockStop.Resolved), Duration.FromMinutes(30), November, AsOf);
        var mean = KpiMeasures.MeanTicks(outcome.Clocks.Select(c => c.Clock).ToList()) is { } ticks ? KpiMeasures.TicksToMinutes(ticks) : (ExactRatio?)null;
        return MeasureResults.ForValue("mttr", null, "mean time to resolve (minutes)", November, AsOf, mean, ValueCondition.AtMost(30m, ValueUnit.Plain), incidents: MeasureResults.Clocks(outcome));
    }

    /// <summary>KPI: share of alerts acknowledged within 5 minutes, at least 95%: 2 of 3, breached.</summary>
    public static CommitmentResult Alerts()
    {
        Alert[] alerts =
        [
            new("AL-1", "api", At("2026-11-02T10:00:00Z"), At("2026-11-02T10:04:59Z")),
            new("AL-2", "api", At("2026-11-05T10:00:00Z"), At("2026-11-05T10:05:00Z")),
            new("AL-3", "api", At("2026-11-07T10:00:00Z"), null),
        ];
        var share = KpiMeasures.ShareOfAlertsAcknowledgedWithin(alerts, _ => true, Duration.FromMinutes(5), November, AsOf, out var raised, out var inTime);
        return MeasureResults.ForValue("ack", null, "alerts acknowledged within 5 minutes", November, AsOf, share, ValueCondition.AtLeast(95m),
            notes: [new AlertsAcknowledged(inTime, raised)]);
    }

    /// <summary>A KPI with nothing to measure: no verdict.</summary>
    public static CommitmentResult NothingToMeasure() =>
        MeasureResults.ForValue("postmortems", null, "postmortem completion", November, AsOf, null, ValueCondition.AtLeast(80m));

    /// <summary>
    /// Shapes no emitter produces yet: deployed-time denominator minus excluded time, a time-of-day exclusion and one of
    /// an unknown kind, a multiplier credit with caps and rounding, an open incident, an incident outside deployed time,
    /// a dropped period with no incident (metric evidence), an unknown measure with a two-bound target.
    /// </summary>
    public static CommitmentTrace Generic()
    {
        var s = November.Start;
        return new CommitmentTrace("vm-uptime", "7.2", "2026-11", s, November.End, AsOf,
            [
                new IncidentTrace("INC-50", IncidentOutcome.Counted, s + Duration.FromHours(30), November.End, true, 2_541_600m, 1m, 2_541_600m, null),
                new IncidentTrace("INC-51", IncidentOutcome.OutsideMeasuredPeriod, s + Duration.FromHours(2), s + Duration.FromHours(3) + Duration.FromSeconds(1), false, 3601m, 1m, 0m, null),
                new IncidentTrace("INC-52", IncidentOutcome.ExcludedByTime, s + Duration.FromHours(5), s + Duration.FromHours(5) + Duration.FromMilliseconds(1500), false, 1.5m, 1m, 0m, null),
            ],
            [new DowntimePeriodTrace(s + Duration.FromHours(20), s + Duration.FromHours(20) + Duration.FromSeconds(59), 59m, 1m, true)],
            [
                new ExclusionTrace("7.3 nightly", ExclusionKind.TimeOfDay, 93_600m, null, 0m, 93_600m, 3_600m, []),
                new ExclusionTrace("7.4 region", ExclusionKind.Maintenance, 600m, 300m, 300m, 300m, 0m, ["R-1"]),
            ],
            new DenominatorTrace(DenominatorKind.DeployedTimeMinusExcluded, 2_595_600m, 2_000_000m, 93_900m, 1_906_100m, "deployed 2000000 s - excluded 93900 s = 1906100 s"),
            MeasurementTrace.Of("error budget burn", 3m, 2m, 1.5m, new TargetCondition.Bounded(ValueCondition.Between(new Bound(1m, false), new Bound(2m, true), ValueUnit.Plain)), Verdict.Met, null),
            new CreditTrace(CreditBasis.Multiplier, [], [], "10 x fee x 600s / 2595600s", 0.2311604253351826167360147943m, 333.33m, "JPY", 0.7705m,
                [new CapTrace("capped at 0.1% of fee per window", 0.7705m, 0.33333m)], 0.33333m, MoneyRoundingMode.HalfEven, 0, 0m),
            [new OpenIncidentCounted("INC-50", AsOf), new NoRequestData("vm", "2026-11")]) { CalendarWindow = November };
    }
}
