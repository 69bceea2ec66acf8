using SlaKpiDsl.Runtime.Time;
using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// Evaluations built by hand, as the compiled evaluators produce them: the trace is docs/trace-schema.md's sample
/// (the runtime's golden file): November 2026 in New York, two overlapping outages counted once (90 min), a degraded
/// incident at 50%, a 40-second blip below the minimum, an outage one hour of which lies beyond a 2-hour maintenance
/// cap, a customer-caused incident; downtime 16,200 s; 10% of 12,000.00 USD. KPIs are added by hand because the emitter
/// fills <see cref="ContractEvaluation.Kpis"/> only after another branch's merge.
/// </summary>
internal static class HandBuiltEvaluations
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 4, 0);
    public const string Contract = "Shopfront - Checkout Platform";

    private static Instant T(int day, int hour, int minute, int second = 0) => Instant.FromUtc(2026, 11, day, hour, minute, second);

    public static CommitmentTrace AvailabilityTrace(ImmutableArray<IncidentTrace>? extraIncidents = null, ImmutableArray<DowntimePeriodTrace>? extraPeriods = null, decimal extraDowntime = 0)
    {
        var incidents = ImmutableArray.Create(
            new IncidentTrace("INC-101", IncidentOutcome.Counted, T(10, 14, 0), T(10, 15, 0), false, 3600, 1, 3600, null),
            new IncidentTrace("INC-102", IncidentOutcome.Counted, T(10, 14, 30), T(10, 15, 30), false, 3600, 1, 3600, null),
            new IncidentTrace("INC-103", IncidentOutcome.Counted, T(12, 19, 0), T(12, 21, 0), false, 7200, 0.5m, 7200, null),
            new IncidentTrace("INC-104", IncidentOutcome.BelowMinimumPeriod, T(13, 8, 0), T(13, 8, 0, 40), false, 40, 1, 0, null),
            new IncidentTrace("INC-105", IncidentOutcome.Counted, T(15, 7, 0), T(15, 10, 0), false, 10800, 1, 7200, null),
            new IncidentTrace("INC-106", IncidentOutcome.ExcludedByIncidentClause, T(18, 16, 0), T(18, 17, 0), false, 3600, 1, 0, "3.5 customer"));
        var periods = ImmutableArray.Create(
            new DowntimePeriodTrace(T(10, 14, 0), T(10, 15, 30), 5400, 1, false),
            new DowntimePeriodTrace(T(12, 19, 0), T(12, 21, 0), 7200, 0.5m, false),
            new DowntimePeriodTrace(T(13, 8, 0), T(13, 8, 0, 40), 40, 1, true),
            new DowntimePeriodTrace(T(15, 7, 0), T(15, 10, 0), 10800, 1, false));
        var downtime = 16200m + extraDowntime;
        const decimal window = 2595600m;
        return new CommitmentTrace("availability", "3.1", "2026-11", T(1, 4, 0), Instant.FromUtc(2026, 12, 1, 5, 0), AsOf,
            extraIncidents is { } ei ? incidents.AddRange(ei) : incidents,
            extraPeriods is { } ep ? periods.AddRange(ep) : periods,
            [
                new ExclusionTrace("3.5 customer", ExclusionKind.Incident, 3600, null, 0, 3600, 0, ["INC-106"]),
                new ExclusionTrace("3.4 maintenance", ExclusionKind.Maintenance, 10800, 7200, 3600, 7200, 3600, ["MW-7"]),
            ],
            new DenominatorTrace(DenominatorKind.CalendarWindow, window, null, 0, window, "window 2026-11 = 2595600 s (excluded time counts as available) = 2595600 s"),
            MeasurementTrace.Of("availability", (window - downtime) * 10_000_000m, window * 10_000_000m, (window - downtime) * 100m / window, new TargetCondition.Bounded(ValueCondition.AtLeast(99.9m)), Verdict.Breached, downtime),
            null,
            [new ExclusionBeyondCap("3.4 maintenance", 3600, 7200, false), new DowntimeBudgetExceeded(16200, 2595.6m, 75)]) { CalendarWindow = WindowCalendar.Month(DateTimeZoneProviders.Tzdb["America/New_York"], 2026, 11) };
    }

    public static CreditDecision Credit()
    {
        var trace = new CreditTrace(CreditBasis.Tiers,
            [
                new TierCandidateTrace("10%", "< 99.9%", 10, true) { Band = ValueCondition.Below(99.9m) },
                new TierCandidateTrace("25%", "< 99.0%", 25, false) { Band = ValueCondition.Below(99.0m) },
            ],
            ["10%"], "most severe holding tier: 10%", 10, 12000.00m, "USD", 1200.00m, [], 1200.00m, MoneyRoundingMode.HalfAwayFromZero, 2, 1200.00m);
        return new CreditDecision(10, 1200.00m, 1200.00m, "USD", trace);
    }

    public static CommitmentResult Availability(CommitmentTrace? trace = null)
    {
        trace ??= AvailabilityTrace();
        var m = trace.Measurement;
        var budget = new DowntimeBudget(2595.6m, m.DowntimeSeconds!.Value, 2595.6m - m.DowntimeSeconds.Value, 2595600, 2595600, null, m.DowntimeSeconds.Value, null, Verdict.Breached,
            new NextCreditTier("25%", "< 99.0%", 25, 3000.00m, 3000.00m, 9756, BudgetUnit.DowntimeSeconds, true));
        return new CommitmentResult("availability", "3.1", "2026-11", new ExactRatio(m.Numerator, m.Denominator), ValueUnit.Percent, m.DowntimeSeconds, 2595600,
            Verdict.Breached, budget, Credit(), trace.Warnings, trace);
    }

    /// <summary>A KPI outcome with a measured percent (availability-like) or a plain value (minutes).</summary>
    public static KpiOutcome Kpi(string key, string title, string targetText, ValueCondition target, decimal? value, params string[] supports)
    {
        var window = "2026-11";
        if (value is not { } v) return new KpiOutcome(key, title, [.. supports], targetText, target, CommitmentOutcome.NotSupported(key, null, "this kind of KPI"));
        var ratio = target.Unit == ValueUnit.Percent ? new ExactRatio(v, 100m) : ExactRatio.Of(v);
        var trace = new CommitmentTrace(key, null, window, T(1, 4, 0), Instant.FromUtc(2026, 12, 1, 5, 0), AsOf, [], [], [], null,
            MeasurementTrace.Of(key, ratio.Numerator, ratio.Denominator, v, new TargetCondition.Bounded(target), target.Holds(ratio) ? Verdict.Met : Verdict.Breached, null), null, []) { CalendarWindow = WindowCalendar.Month(DateTimeZoneProviders.Tzdb["America/New_York"], 2026, 11) };
        var result = new CommitmentResult(key, null, window, ratio, target.Unit, null, null,
            target.Holds(ratio) ? Verdict.Met : Verdict.Breached, null, null, [], trace);
        return new KpiOutcome(key, title, [.. supports], targetText, target, CommitmentOutcome.Evaluated(result));
    }

    public static ImmutableArray<KpiOutcome> Kpis(decimal buffer = 99.5724m, decimal mttr = 41m) =>
    [
        Kpi("availability-buffer", "Internal availability target", ">= 99.97%", ValueCondition.AtLeast(99.97m), buffer, "availability"),
        Kpi("critical-mttr", "Critical incident MTTR", "<= 20 minutes", ValueCondition.AtMost(20m, ValueUnit.Plain), mttr, "availability"),
        Kpi("page-load", "P95 page load", "<= 2 seconds", ValueCondition.AtMost(2m, ValueUnit.Plain), null, "availability"),
    ];

    public static ContractEvaluation Evaluation(EvaluationPeriod? period = null, ImmutableArray<KpiOutcome>? kpis = null, CommitmentResult? availability = null) =>
        new(Contract, period ?? new EvaluationPeriod(2026, month: 11), AsOf,
        [
            CommitmentOutcome.Evaluated(availability ?? Availability(), new ClaimDeadline(new LocalDate(2026, 12, 30), Instant.FromUtc(2026, 12, 31, 5, 0))),
            CommitmentOutcome.NotSupported("response", "5.1", "this kind of guarantee (IncidentClock)"),
        ])
        { Kpis = kpis ?? Kpis() };

    public static StatementContext Context(string? customer = "Shopfront Retail LLC") => new(
        Contract, "Example Commerce Cloud Inc.", customer, new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), NewYork, "USD", "half-away-from-zero to 0.01 USD",
        ImmutableDictionary<string, CommitmentWording>.Empty
            .Add("availability", new CommitmentWording("Checkout availability", "availability at least 99.9%"))
            .Add("response", new CommitmentWording("Incident response", "mean time to respond at most 15 minutes")),
        new StatementFooter(new string('a', 64), new string('b', 64), new string('c', 64)));
}
