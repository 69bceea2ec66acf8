using System.Text.Json.Serialization;
using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Something an evaluation has to tell its reader beside the value (a cap reached, an open incident counted to as-of, a
/// value resting on no data), as a typed record: its kind is its type, its quantities are values (exact seconds,
/// counts, instants, percents), and <see cref="Audience"/> says who reads it. Runtime makes no sentence of it; the one
/// wording module (Reports' Words) words each kind, so no later stage parses a warning's text. In the trace JSON a
/// warning is an object whose <c>kind</c> names its type (docs/trace-schema.md); <c>sla evaluate --format json</c>
/// writes its wording instead.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ExclusionBeyondCap), "exclusion-beyond-cap")]
[JsonDerivedType(typeof(MeasuredPeriodEmpty), "measured-period-empty")]
[JsonDerivedType(typeof(BreachWithoutCredit), "breach-without-credit")]
[JsonDerivedType(typeof(DowntimeBudgetExceeded), "downtime-budget-exceeded")]
[JsonDerivedType(typeof(DowntimeBudgetShareUsed), "downtime-budget-share-used")]
[JsonDerivedType(typeof(NothingToMeasure), "nothing-to-measure")]
[JsonDerivedType(typeof(ClockStillRunning), "clock-still-running")]
[JsonDerivedType(typeof(ClockStartFellBack), "clock-start-fell-back")]
[JsonDerivedType(typeof(OpenIncidentCounted), "open-incident-counted")]
[JsonDerivedType(typeof(IncidentExcludedForService), "incident-excluded-for-service")]
[JsonDerivedType(typeof(ServiceWarning), "service")]
[JsonDerivedType(typeof(GuaranteeWarning), "guarantee")]
[JsonDerivedType(typeof(GuaranteesUnmeasured), "guarantees-unmeasured")]
[JsonDerivedType(typeof(MeasuredBySla), "measured-by-sla")]
[JsonDerivedType(typeof(SlicesInExcludedTime), "slices-in-excluded-time")]
[JsonDerivedType(typeof(SlicesWithoutHistogram), "slices-without-histogram")]
[JsonDerivedType(typeof(HistogramBoundsDiffer), "histogram-bounds-differ")]
[JsonDerivedType(typeof(PercentileBucket), "percentile-bucket")]
[JsonDerivedType(typeof(PercentileAboveLastBound), "percentile-above-last-bound")]
[JsonDerivedType(typeof(SlicesMeetingLatency), "slices-meeting-latency")]
[JsonDerivedType(typeof(EmptySlicesMeet), "empty-slices-meet")]
[JsonDerivedType(typeof(SlicesWithoutLatency), "slices-without-latency")]
[JsonDerivedType(typeof(SlicesOfOtherLength), "slices-of-other-length")]
[JsonDerivedType(typeof(IncidentShareCounts), "incident-share-counts")]
[JsonDerivedType(typeof(StoppedClocks), "stopped-clocks")]
[JsonDerivedType(typeof(IncidentCountChange), "incident-count-change")]
[JsonDerivedType(typeof(MeasuredValueRounded), "measured-value-rounded")]
[JsonDerivedType(typeof(BudgetWarningNotEvaluated), "budget-warning-not-evaluated")]
[JsonDerivedType(typeof(NoRequestData), "no-request-data")]
[JsonDerivedType(typeof(DownRunOpen), "down-run-open")]
[JsonDerivedType(typeof(PostmortemsCompleted), "postmortems-completed")]
[JsonDerivedType(typeof(AlertsAcknowledged), "alerts-acknowledged")]
[JsonDerivedType(typeof(LedgerLineInOtherCurrency), "ledger-line-in-other-currency")]
[JsonDerivedType(typeof(AveragedIntervals), "averaged-intervals")]
public abstract record EvaluationWarning
{
    /// <summary>Who the warning is for: the customer (statement and every report) unless it is an operational signal (written, never read back: the kind decides it).</summary>
    public virtual WarningAudience Audience => WarningAudience.Customer;
}

/// <summary>An exclusion's time in the window beyond its cap per window is not excluded (and, when the contract says so, counts as downtime).</summary>
public sealed record ExclusionBeyondCap(string Clause, decimal BeyondCapSeconds, decimal CapSeconds, bool CountsAsDowntime) : EvaluationWarning;

/// <summary>The measured period (the denominator) is empty: no value, no credit.</summary>
public sealed record MeasuredPeriodEmpty : EvaluationWarning;

/// <summary>Why a breach earned nothing.</summary>
public enum NoCreditReason
{
    /// <summary>No credit tier matched the value.</summary>
    NoTierMatched,
    /// <summary>No tier matched: the value (<see cref="BreachWithoutCredit.ValuePercent"/>) falls between two tiers.</summary>
    GapBetweenTiers,
    /// <summary>None of the contract's credit lines holds.</summary>
    NoCreditLineHolds,
}

/// <summary>Breached, yet no credit tier or line holds (never silent).</summary>
public sealed record BreachWithoutCredit(NoCreditReason Reason, decimal? ValuePercent = null) : EvaluationWarning;

/// <summary>The downtime used exceeds the budget (<see cref="ThresholdPercent"/>: the contract's one warning threshold, when it is stated that way). Provider only.</summary>
public sealed record DowntimeBudgetExceeded(decimal UsedSeconds, decimal BudgetSeconds, decimal? ThresholdPercent) : EvaluationWarning
{
    public override WarningAudience Audience => WarningAudience.Provider;
}

/// <summary>A "warn at P% of the downtime budget" threshold is reached. Provider only.</summary>
public sealed record DowntimeBudgetShareUsed(decimal ThresholdPercent, decimal UsedSeconds, decimal BudgetSeconds) : EvaluationWarning
{
    public override WarningAudience Audience => WarningAudience.Provider;
}

/// <summary>Nothing to measure for <see cref="Measure"/> in the window: no verdict (and, for a commitment with credits, no credit).</summary>
public sealed record NothingToMeasure(string Measure, string Window, bool NoCredit) : EvaluationWarning;

/// <summary>Where a running clock is left out.</summary>
public enum RunningClockUse
{
    /// <summary>Listed with its elapsed time so far (every-incident clocks).</summary>
    Listed,
    /// <summary>Left out of a share of incidents.</summary>
    NotInShare,
    /// <summary>Left out of a time statistic.</summary>
    NotInStatistic,
}

/// <summary>An incident's clock still runs at as-of (<see cref="Elapsed"/> so far, when known).</summary>
public sealed record ClockStillRunning(string IncidentId, Duration? Elapsed, RunningClockUse Use) : EvaluationWarning;

/// <summary>An incident has no detection time: its clock starts when the incident started.</summary>
public sealed record ClockStartFellBack(string IncidentId) : EvaluationWarning;

/// <summary>An open incident counts until as-of (<see cref="Service"/>: the service it counts for, when the measure names several).</summary>
public sealed record OpenIncidentCounted(string IncidentId, Instant AsOf, string? Service = null) : EvaluationWarning;

/// <summary>An incident matched an incident exclusion: its service does not count as down for it.</summary>
public sealed record IncidentExcludedForService(string IncidentId, string Service, string Clause) : EvaluationWarning;

/// <summary>A warning about one service of a measure over several services.</summary>
public sealed record ServiceWarning(string Service, EvaluationWarning Warning) : EvaluationWarning
{
    public override WarningAudience Audience => Warning.Audience;
}

/// <summary>A warning of one guarantee (its clause, when it has one, and its measure) of an SLA of several guarantees.</summary>
public sealed record GuaranteeWarning(string? Clause, string Measure, EvaluationWarning Warning) : EvaluationWarning
{
    public override WarningAudience Audience => Warning.Audience;
}

/// <summary>Some guarantees had nothing to measure and none was breached: no verdict, no credit.</summary>
public sealed record GuaranteesUnmeasured(int Count) : EvaluationWarning;

/// <summary>A KPI measured by an SLA's guarantee (its rules, exclusions, window and data).</summary>
public sealed record MeasuredBySla(string Sla) : EvaluationWarning;

/// <summary>Slices wholly inside excluded time were not counted.</summary>
public sealed record SlicesInExcludedTime(int Count) : EvaluationWarning;

/// <summary>Slices with requests but no histogram are not in the merged histogram.</summary>
public sealed record SlicesWithoutHistogram(int Count) : EvaluationWarning;

/// <summary>A slice's histogram has other bucket bounds than the window's earlier slices: no value.</summary>
public sealed record HistogramBoundsDiffer(string Service, Instant SliceStart) : EvaluationWarning;

/// <summary>The nearest rank falls in a bucket; its upper bound is the reported value (<see cref="UpperBoundMs"/> null: the overflow bucket).</summary>
public sealed record PercentileBucket(long Rank, long TotalRequests, long LowerBoundMs, long? UpperBoundMs) : EvaluationWarning;

/// <summary>The percentile is above the histogram's last bound: the exact value is unknown.</summary>
public sealed record PercentileAboveLastBound(int Percentile, long LastBoundMs) : EvaluationWarning;

/// <summary>How many slices have their percentile at or under the threshold.</summary>
public sealed record SlicesMeetingLatency(decimal Meeting, decimal Slices, int Percentile, decimal ThresholdMs) : EvaluationWarning;

/// <summary>Slices without requests count as meeting the latency threshold.</summary>
public sealed record EmptySlicesMeet(int Count) : EvaluationWarning;

/// <summary>Slices with requests but no latency data count as not meeting the threshold.</summary>
public sealed record SlicesWithoutLatency(int Count) : EvaluationWarning;

/// <summary>Slices whose length is not the contract's slice length.</summary>
public sealed record SlicesOfOtherLength(int Count, Duration SliceLength) : EvaluationWarning;

/// <summary>The clocks of a share of incidents: met, breached and pending.</summary>
public sealed record IncidentShareCounts(int Met, int Breached, int Pending) : EvaluationWarning;

/// <summary>How many stopped clocks are in a time statistic.</summary>
public sealed record StoppedClocks(int Count) : EvaluationWarning;

/// <summary>The two counts of an incident-count trend.</summary>
public sealed record IncidentCountChange(long Count, string Window, long PreviousCount, string PreviousWindow) : EvaluationWarning;

/// <summary>The measured percent was rounded (the contract's places and mode) before the comparison; the exact value is kept.</summary>
public sealed record MeasuredValueRounded(int Places, MoneyRoundingMode Mode, decimal RoundedPercent, decimal ExactNumerator, decimal ExactDenominator) : EvaluationWarning;

/// <summary>A "warn when P% of downtime budget is used" clause on an availability averaged from error rates, which has no downtime budget.</summary>
public sealed record BudgetWarningNotEvaluated : EvaluationWarning;

/// <summary>No request slice of the service starts in the window: the value rests on no requests at all.</summary>
public sealed record NoRequestData(string Service, string Window) : EvaluationWarning;

/// <summary>A down run reaching as-of is still open: <see cref="Known"/> consecutive down intervals are known of the <see cref="Minimum"/> needed.</summary>
public sealed record DownRunOpen(Instant From, Instant AsOf, int Known, int Minimum, bool Counted) : EvaluationWarning;

/// <summary>How many incidents have a completed postmortem (an unknown one is not completed).</summary>
public sealed record PostmortemsCompleted(long Completed, long Total) : EvaluationWarning;

/// <summary>An availability averaged from error rates: how many intervals of which length, and how many without requests (counted at the stated error rate).</summary>
public sealed record AveragedIntervals(int Intervals, Duration Interval, int Empty, decimal EmptyErrorRatePercent) : EvaluationWarning;

/// <summary>A credits ledger line in another currency than the fee's is not counted against the cap.</summary>
public sealed record LedgerLineInOtherCurrency(string Reference, decimal Amount, string Currency, string FeeCurrency) : EvaluationWarning;

/// <summary>How many alerts were acknowledged in time (one not acknowledged by as-of is not in time).</summary>
public sealed record AlertsAcknowledged(long InTime, long Raised) : EvaluationWarning;
