using System.Globalization;
using NodaTime.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Wording;

/// <summary>Who a worded warning is for: the unit style of its quantities.</summary>
public enum WarningStyle
{
    /// <summary>For the provider's engineers (<c>sla evaluate</c>, <c>sla explain</c>, the KPI report, JSON): exact seconds, NodaTime durations.</summary>
    Exact,
    /// <summary>For the customer (the statement): durations in minutes and words, as the statement's ledger words them.</summary>
    Customer,
}

public static partial class Words
{
    /// <summary>
    /// A typed evaluation warning as a sentence (no trailing full stop). Every kind is worded here and nowhere else;
    /// <paramref name="style"/> chooses how its durations read (exact seconds, or minutes for a customer).
    /// </summary>
    public static string Warning(EvaluationWarning warning, WarningStyle style = WarningStyle.Exact)
    {
        var customer = style == WarningStyle.Customer;
        string Seconds(decimal s) => customer ? Duration(s) : Raw(s) + " s";
        // Counts: grouped for the customer ("8,640 intervals"), as the evaluation holds them for engineers.
        string N(decimal n) => customer ? Number(n) : Raw(n);
        return warning switch
        {
            ExclusionBeyondCap w => customer
                ? $"exclusion {w.Clause}: {Duration(w.BeyondCapSeconds)} over its {Duration(w.CapSeconds)} cap is not excluded{(w.CountsAsDowntime ? " and counts as downtime" : "")}"
                : $"exclusion {w.Clause}: {Seconds(w.BeyondCapSeconds)} beyond its cap of {Seconds(w.CapSeconds)} are not excluded{(w.CountsAsDowntime ? " and count as downtime" : "")}",
            MeasuredPeriodEmpty => "the measured period is empty: no value, no credit",
            BreachWithoutCredit { Reason: NoCreditReason.GapBetweenTiers } w =>
                $"breached but {CreditCalculator.NoTierMatched}: the value {(w.ValuePercent ?? 0).ToString("0.######", Invariant)}% falls in a gap between credit tiers",
            BreachWithoutCredit { Reason: NoCreditReason.NoCreditLineHolds } => $"breached but {CreditCalculator.NoTierMatched}: no credit line holds",
            BreachWithoutCredit => $"breached but {CreditCalculator.NoTierMatched}",
            DowntimeBudgetExceeded w => customer
                ? $"the downtime budget is exceeded ({Duration(w.UsedSeconds)} used of {Duration(w.BudgetSeconds)}{(w.ThresholdPercent is { } t ? $"; warning threshold {Raw(t)}%" : "")})"
                : $"the downtime budget is exceeded ({Raw(w.UsedSeconds)} s used of {Raw(w.BudgetSeconds)} s{(w.ThresholdPercent is { } t2 ? $"; warning threshold {Raw(t2)}%" : "")})",
            DowntimeBudgetShareUsed w => customer
                ? $"{Raw(w.ThresholdPercent)}% of the downtime budget is used ({Duration(w.UsedSeconds)} of {Duration(w.BudgetSeconds)})"
                : $"{Raw(w.ThresholdPercent)}% of the downtime budget is used ({Raw(w.UsedSeconds)} of {Raw(w.BudgetSeconds)} s)",
            NothingToMeasure w => $"{w.Measure}: nothing to measure in {w.Window}; no verdict{(w.NoCredit ? ", no credit" : "")}",
            ClockStillRunning { Use: RunningClockUse.NotInStatistic } w => $"incident {w.IncidentId}: clock still running at as-of; not in the statistic",
            ClockStillRunning w => $"incident {w.IncidentId}: clock still running at as-of ({Elapsed(w.Elapsed, customer)} so far){(w.Use == RunningClockUse.NotInShare ? "; not in the share" : "")}",
            ClockStartFellBack w => $"incident {w.IncidentId}: no detection time; the clock starts when it started",
            OpenIncidentCounted w => $"incident {w.IncidentId}{(w.Service is null ? "" : " on " + w.Service)} is open: counted until as-of {InstantPattern.General.Format(w.AsOf)}",
            IncidentExcludedForService w => $"incident {w.IncidentId} on {w.Service} is excluded ({w.Clause}): its service does not count as down for it",
            ServiceWarning w => $"{w.Service}: {Warning(w.Warning, style)}",
            GuaranteeWarning w => $"{Guarantee(w.Clause, w.Measure)}: {Warning(w.Warning, style)}",
            GuaranteesUnmeasured w => $"{N(w.Count)} guarantee(s) had nothing to measure and none was breached: no verdict, no credit",
            MeasuredBySla w => $"measured by sla {w.Sla} (its rules, exclusions, window and data)",
            SlicesInExcludedTime w => $"{N(w.Count)} slice(s) wholly inside excluded time were not counted",
            SlicesWithoutHistogram w => $"{N(w.Count)} slice(s) with requests but no histogram are not in the merged histogram",
            HistogramBoundsDiffer w => $"the histogram of '{w.Service}' at {InstantPattern.General.Format(w.SliceStart)} has other bucket bounds than the window's earlier slices: merging them would be a guess, so there is no value",
            PercentileBucket w => $"rank {N(w.Rank)} of {N(w.TotalRequests)} requests falls in bucket {w.LowerBoundMs}-{(w.UpperBoundMs is { } up ? up.ToString(Invariant) : "inf")} ms; the bucket's upper bound is reported",
            PercentileAboveLastBound w => $"p{w.Percentile} is above the last bucket bound ({w.LastBoundMs} ms): the exact value is unknown",
            SlicesMeetingLatency w => $"{N(w.Meeting)} of {N(w.Slices)} slices have p{w.Percentile} <= {Raw(w.ThresholdMs)} ms",
            EmptySlicesMeet w => $"{N(w.Count)} slice(s) without requests count as meeting the latency threshold",
            SlicesWithoutLatency w => $"{N(w.Count)} slice(s) with requests but no latency data count as not meeting it",
            SlicesOfOtherLength w => $"{N(w.Count)} slice(s) are not {w.SliceLength.BclCompatibleTicks / NodaTime.NodaConstants.TicksPerSecond} seconds long",
            IncidentShareCounts w => $"{N(w.Met)} met, {N(w.Breached)} breached, {N(w.Pending)} pending",
            StoppedClocks w => $"{N(w.Count)} stopped clock(s) in the statistic",
            IncidentCountChange w => $"{N(w.Count)} incident(s) in {w.Window}, {N(w.PreviousCount)} in {w.PreviousWindow}",
            MeasuredValueRounded w => $"measured value rounded to {w.Places} places ({Rounding(w.Mode)}) before comparison: {Raw(w.RoundedPercent)}% (exact {Raw(w.ExactNumerator)}/{Raw(w.ExactDenominator)})",
            BudgetWarningNotEvaluated => "'warn when ... of downtime budget is used' is not evaluated: an availability averaged from error rates has no downtime budget",
            NoRequestData w => $"no request data for {w.Service} in {w.Window}: the value rests on no requests at all",
            DownRunOpen { Counted: true } w => $"down run from {InstantPattern.General.Format(w.From)} is still open at as-of {InstantPattern.General.Format(w.AsOf)}: {N(w.Known)} consecutive down intervals known, counted (the minimum is {N(w.Minimum)})",
            DownRunOpen w => $"down run from {InstantPattern.General.Format(w.From)} is still open at as-of {InstantPattern.General.Format(w.AsOf)}: {N(w.Known)} of the {N(w.Minimum)} consecutive down intervals needed are known, not counted yet",
            PostmortemsCompleted w => $"{N(w.Completed)} of {N(w.Total)} incident(s) have a completed postmortem (unknown = not completed)",
            AlertsAcknowledged w => $"{N(w.InTime)} of {N(w.Raised)} alert(s) acknowledged in time; an alert not acknowledged by as-of is not in time",
            LedgerLineInOtherCurrency w => $"credits ledger line {w.Reference} ({Raw(w.Amount)} {w.Currency}) is not in the fee's currency ({w.FeeCurrency}): it is not counted against the cap",
            AveragedIntervals w => $"{N(w.Intervals)} intervals of {LargestUnit(w.Interval)}, {N(w.Empty)} without requests (counted as {Raw(w.EmptyErrorRatePercent)}% errors)",
            _ => throw new ArgumentOutOfRangeException(nameof(warning), warning.GetType().Name, "A warning kind without wording."),
        };
    }

    /// <summary>A guarantee of an SLA named by its clause and measure: "clause 3.1 availability", or the measure alone.</summary>
    public static string Guarantee(string? clause, string measure) => (clause is null ? "" : "clause " + clause + " ") + measure;

    /// <summary>A decimal exactly as the evaluation holds it (its scale kept): the exact style's numbers.</summary>
    private static string Raw(decimal value) => value.ToString(Invariant);

    /// <summary>A duration in its largest whole unit: "5 minutes", "1 hour", "90 seconds" (else NodaTime's round-trip text).</summary>
    public static string LargestUnit(NodaTime.Duration d)
    {
        static string Plural(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");
        var ticks = d.BclCompatibleTicks;
        if (ticks != 0 && ticks % NodaTime.NodaConstants.TicksPerHour == 0) return Plural(ticks / NodaTime.NodaConstants.TicksPerHour, "hour");
        if (ticks % NodaTime.NodaConstants.TicksPerMinute == 0) return Plural(ticks / NodaTime.NodaConstants.TicksPerMinute, "minute");
        if (ticks % NodaTime.NodaConstants.TicksPerSecond == 0) return Plural(ticks / NodaTime.NodaConstants.TicksPerSecond, "second");
        return DurationPattern.Roundtrip.Format(d);
    }

    private static string Elapsed(NodaTime.Duration? elapsed, bool customer) =>
        elapsed is not { } e ? "" : customer ? Duration(e) : DurationPattern.Roundtrip.Format(e);
}
