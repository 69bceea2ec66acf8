using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>Which statistic of incident clocks a KPI targets.</summary>
public enum ClockStatistic
{
    Mean,
    Median,
    Percentile,
}

// Results the compiled evaluators need beyond one value against one target: a histogram percentile (with its overflow
// bucket), an SLA of several guarantees, a KPI judged on an SLA's own measurement, and a count's trend.
public static partial class MeasureResults
{
    /// <summary>
    /// "pP latency at most X ms" over the window's merged histogram (<see cref="RequestMetrics.MergeHistograms"/>). The
    /// measured value is the upper bound of the bucket holding the nearest rank (milliseconds, plain). In the overflow
    /// bucket the value is only known to be above the last bound: the measured value is that bound, an upper-bounded
    /// target is breached and a warning says so. Slices with requests but no histogram are counted in a warning (never
    /// skipped silently); no histogram at all gives <see cref="Verdict.NotMeasurable"/>.
    /// </summary>
    public static CommitmentResult ForHistogramPercentile(
        string commitment, string? clause, CalendarWindow window, Instant asOf,
        IReadOnlyList<RequestSlice> slices, IReadOnlyList<TimeExclusion> exclusions, int percentile, ValueCondition target)
    {
        var notes = new List<EvaluationWarning>();
        var withoutHistogram = 0;
        foreach (var s in slices)
            if (s.Histogram is null && s.Total > 0 && window.Contains(s.Start)) withoutHistogram++;
        if (withoutHistogram > 0) notes.Add(new SlicesWithoutHistogram(withoutHistogram));
        var measure = $"p{percentile} latency (ms, merged histogram)";
        if (!RequestMetrics.TryMergeHistograms(slices, window, exclusions, out var merged, out var differing))
        {
            notes.Add(new HistogramBoundsDiffer(differing!.Service, differing.Start));
            return ForValue(commitment, clause, measure, window, asOf, null, target, notes: notes);
        }
        if (merged is null) return ForValue(commitment, clause, measure, window, asOf, null, target, notes: notes);
        var p = RequestMetrics.Percentile(merged, percentile);
        if (p.TotalRequests == 0) return ForValue(commitment, clause, measure, window, asOf, null, target, notes: notes);
        notes.Add(new PercentileBucket(p.Rank, p.TotalRequests, p.LowerBoundMs ?? 0, p.UpperBoundMs));
        if (p.UpperBoundMs is { } upper) return ForValue(commitment, clause, measure, window, asOf, ExactRatio.Of(upper), target, notes: notes);
        // Overflow bucket: the true value is above the last bound, so only "at least"-style targets can be judged met.
        var last = p.LowerBoundMs ?? 0;
        notes.Add(new PercentileAboveLastBound(percentile, last));
        var result = ForValue(commitment, clause, measure, window, asOf, ExactRatio.Of(last), target, notes: notes);
        if (target.Upper is null || result.Verdict == Verdict.Breached) return result;
        return WithVerdict(result, Verdict.Breached);
    }

    /// <summary>
    /// An SLA of several guarantees (docs/semantics.md, "several guarantees"): each guarantee is judged on its own; the SLA
    /// is breached when any guarantee is breached, met when every guarantee is met, otherwise not measurable. The measured
    /// value is the number of breached guarantees (plain). The credit is either tiered on that number ("when any
    /// guarantee is breached" is the tier <c>&gt;= 1</c>) or, when the tiers name one guarantee's measure, that guarantee's
    /// credit decision passed in as <paramref name="creditFromGuarantee"/>.
    /// </summary>
    public static CommitmentResult ForGuarantees(
        string commitment, string? clause, CalendarWindow window, Instant asOf, ImmutableArray<CommitmentResult> guarantees,
        TieredCredits? creditsByBreachedGuarantees = null, FeeTerms? fee = null, CreditDecision? creditFromGuarantee = null)
    {
        if (guarantees.IsDefaultOrEmpty) throw new ArgumentException("An SLA has at least one guarantee.", nameof(guarantees));
        var breached = guarantees.Count(g => g.Verdict == Verdict.Breached);
        var unmeasured = guarantees.Count(g => g.Verdict == Verdict.NotMeasurable);
        var verdict = breached > 0 ? Verdict.Breached : unmeasured > 0 ? Verdict.NotMeasurable : Verdict.Met;
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        foreach (var g in guarantees)
            foreach (var w in g.Warnings)
                warnings.Add(new GuaranteeWarning(g.Clause, g.Trace.Measurement.Measure, w));
        if (verdict == Verdict.NotMeasurable) warnings.Add(new GuaranteesUnmeasured(unmeasured));
        var value = new ExactRatio(breached, 1);
        var credit = creditFromGuarantee;
        if (verdict == Verdict.NotMeasurable) credit = null;
        else if (creditsByBreachedGuarantees is not null && fee is not null)
            credit = CreditCalculator.Tiered(creditsByBreachedGuarantees.Tiers, creditsByBreachedGuarantees.Cumulative, value, fee, creditsByBreachedGuarantees.Limits, window);
        var measurement = MeasurementTrace.Of("breached guarantees", breached, 1, breached, new TargetCondition.EveryGuaranteeMet(guarantees.Length), verdict, null) with { Kind = MeasureKind.BreachedGuarantees };
        var incidents = guarantees.SelectMany(g => g.Trace.Incidents).ToImmutableArray();
        var trace = new CommitmentTrace(commitment, clause, window.Label, window.Start, window.End, asOf, incidents,
            ImmutableArray<DowntimePeriodTrace>.Empty, ImmutableArray<ExclusionTrace>.Empty, null, measurement, credit?.Trace, warnings.ToImmutable()) { CalendarWindow = window };
        return new CommitmentResult(commitment, clause, window.Label, value, ValueUnit.Plain, null, null, verdict, null, credit, trace.Warnings, trace);
    }

    /// <summary>
    /// A KPI judged on the measurement an SLA guarantee already made (the availability buffer: same downtime rule,
    /// exclusions, window and data, one computation): <paramref name="value"/> reads the value from the guarantee's
    /// result, which is compared with the KPI's stricter target; the result never carries a credit or a budget. An SLA
    /// that was not evaluated gives the KPI the same outcome kind and its reason.
    /// </summary>
    public static CommitmentOutcome ForKpiOnCommitment(
        string kpi, string? clause, string measure, CommitmentOutcome sla, int guaranteeIndex,
        Func<CommitmentResult, ExactRatio?> value, ValueCondition target)
    {
        ArgumentNullException.ThrowIfNull(sla);
        if (sla.Result is null)
            return new CommitmentOutcome(kpi, clause, sla.Kind, null, $"sla {sla.Commitment}: {sla.Reason}");
        var measured = sla.Guarantees.IsEmpty ? sla.Result : sla.Guarantees[guaranteeIndex];
        var v = value(measured);
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        warnings.Add(new MeasuredBySla(sla.Commitment));
        var verdict = MeasureConclusion.Judge(v, target);
        if (verdict == Verdict.NotMeasurable) warnings.Add(new NothingToMeasure(measure, measured.Window, NoCredit: false));
        var display = v is { } d ? (target.Unit == ValueUnit.Percent ? d.ToPercentForDisplay() : d.ToDecimalForDisplay()) : 0m;
        var measurement = MeasurementTrace.Of(measure, v?.Numerator ?? 0, v?.Denominator ?? 0, display, new TargetCondition.Bounded(target), verdict, measured.DowntimeSeconds);
        var trace = measured.Trace with { Commitment = kpi, Clause = clause, Measurement = measurement, Credit = null, Warnings = warnings.ToImmutable() };
        return CommitmentOutcome.Evaluated(new CommitmentResult(kpi, clause, measured.Window, v, target.Unit, measured.DowntimeSeconds, measured.MeasuredSeconds,
            verdict, null, null, trace.Warnings, trace));
    }

    /// <summary>
    /// "pP latency at most X ms in at least S% of N-minute slices": the share of the window's slices whose own percentile
    /// meets the threshold (<see cref="RequestMetrics.ShareOfSlicesMeetingLatency"/>; never an average of percentiles).
    /// A slice without requests meets (no request was slow; a warning counts them); a slice with requests but no latency
    /// data does not meet; slices whose length differs from the contract's are counted in a warning.
    /// </summary>
    public static CommitmentResult ForLatencySliceShare(
        string commitment, string? clause, CalendarWindow window, Instant asOf, IReadOnlyList<RequestSlice> slices,
        IReadOnlyList<TimeExclusion> exclusions, int percentile, decimal thresholdMs, Duration sliceLength, ValueCondition shareTarget)
    {
        var share = RequestMetrics.ShareOfSlicesMeetingLatency(slices, window, exclusions, percentile, thresholdMs, emptySliceMeets: true, out var withoutData);
        var notes = new List<EvaluationWarning>();
        int empty = 0, otherLength = 0;
        foreach (var s in slices)
        {
            if (!window.Contains(s.Start)) continue;
            if (s.Total == 0) empty++;
            if (s.Length != sliceLength) otherLength++;
        }
        if (share is { } r) notes.Add(new SlicesMeetingLatency(r.Numerator, r.Denominator, percentile, thresholdMs));
        if (empty > 0) notes.Add(new EmptySlicesMeet(empty));
        if (withoutData > 0) notes.Add(new SlicesWithoutLatency(withoutData));
        if (otherLength > 0) notes.Add(new SlicesOfOtherLength(otherLength, sliceLength));
        return ForValue(commitment, clause, $"share of slices with p{percentile} latency <= {thresholdMs} ms", window, asOf, share, shareTarget, notes: notes);
    }

    /// <summary>
    /// "within N for P% of incidents": met / (met + breached) over the incidents whose clock starts in the window, with
    /// every clock in the trace; pending clocks (still running, not yet over) are left out of the share and listed.
    /// </summary>
    public static CommitmentResult ForIncidentShare(
        string commitment, string? clause, CalendarWindow window, Instant asOf, PerIncidentOutcome outcome, string measure, ValueCondition target)
    {
        var notes = new List<EvaluationWarning> { new IncidentShareCounts(outcome.Met, outcome.Breaches, outcome.Pending) };
        foreach (var c in outcome.Clocks)
        {
            if (c.Pending) notes.Add(new ClockStillRunning(c.Clock.IncidentId, c.Clock.Elapsed, RunningClockUse.NotInShare));
            if (c.Clock.StartFellBack) notes.Add(new ClockStartFellBack(c.Clock.IncidentId));
        }
        return ForValue(commitment, clause, measure, window, asOf, outcome.ShareMet, target, notes: notes, incidents: Clocks(outcome));
    }

    /// <summary>
    /// "credit X% of fee when any guarantee is breached" on an SLA of one guarantee: the tiers are conditions on the
    /// number of breached guarantees (1 when the result is breached, else 0); a not-measurable result earns nothing.
    /// </summary>
    public static CommitmentResult WithCreditWhenBreached(CommitmentResult result, TieredCredits credits, FeeTerms fee, CalendarWindow window)
    {
        var credit = CreditCalculator.Tiered(credits.Tiers, credits.Cumulative, new ExactRatio(result.Verdict == Verdict.Breached ? 1 : 0, 1), fee, credits.Limits, window);
        return result with { Credit = credit, Trace = result.Trace with { Credit = credit.Trace } };
    }

    /// <summary>
    /// "mean / median / pN time to X of the selected incidents" in seconds (plain, exact): the clocks of the qualifying
    /// incidents whose clock starts in the window; only stopped clocks enter the statistic, running ones are listed.
    /// </summary>
    public static CommitmentResult ForIncidentTimeStatistic(
        string kpi, string? clause, CalendarWindow window, Instant asOf, IReadOnlyList<Incident> incidents, Func<Incident, bool> qualifies,
        ClockRule rule, ClockStatistic statistic, int? percentile, string measure, ValueCondition targetSeconds)
    {
        var outcome = IncidentClocks.Evaluate(incidents, qualifies, rule, Duration.MaxValue, window, asOf);
        var clocks = outcome.Clocks.Select(c => c.Clock).ToList();
        ExactRatio? ticks = statistic switch
        {
            ClockStatistic.Mean => KpiMeasures.MeanTicks(clocks),
            ClockStatistic.Median => KpiMeasures.MedianTicks(clocks),
            _ => KpiMeasures.PercentileTicks(clocks, percentile ?? throw new ArgumentNullException(nameof(percentile))) is { } p ? ExactRatio.Of(p) : null,
        };
        ExactRatio? seconds = ticks is { } t ? new ExactRatio(t.Numerator, t.Denominator * NodaConstants.TicksPerSecond) : null;
        var notes = new List<EvaluationWarning> { new StoppedClocks(clocks.Count(c => c.Stopped)) };
        foreach (var c in clocks)
            if (!c.Stopped) notes.Add(new ClockStillRunning(c.IncidentId, null, RunningClockUse.NotInStatistic));
                return ForValue(kpi, clause, measure, window, asOf, seconds, targetSeconds, notes: notes, incidents: Clocks(outcome));
    }

    /// <summary>
    /// "incident count decreasing month over month": the measured value is this window's count minus the previous
    /// window's (plain, exact); the target is a condition on that change (decreasing: below 0; not increasing: at most 0;
    /// increasing: above 0). Both counts are in the trace's measurement note.
    /// </summary>
    public static CommitmentResult ForCountTrend(
        string kpi, string? clause, CalendarWindow previous, CalendarWindow window, Instant asOf,
        IReadOnlyList<Incident> incidents, Func<Incident, bool> qualifies, ValueCondition target)
    {
        var (counts, _) = KpiMeasures.CountsAndTrend(incidents, qualifies, [previous, window]);
        var notes = new EvaluationWarning[] { new IncidentCountChange(counts[1], window.Label, counts[0], previous.Label) };
        return ForValue(kpi, clause, "change in incident count", window, asOf, ExactRatio.Of(counts[1] - counts[0]), target, notes: notes) with { CountInWindow = counts[1] };
    }

    /// <summary>"15 minutes", "4 hours", "90 seconds": the largest whole unit, for trace targets.</summary>
    internal static string ReadableDuration(Duration d)
    {
        static string Plural(long n, string unit) => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");
        var ticks = d.BclCompatibleTicks;
        if (ticks != 0 && ticks % NodaConstants.TicksPerHour == 0) return Plural(ticks / NodaConstants.TicksPerHour, "hour");
        if (ticks % NodaConstants.TicksPerMinute == 0) return Plural(ticks / NodaConstants.TicksPerMinute, "minute");
        if (ticks % NodaConstants.TicksPerSecond == 0) return Plural(ticks / NodaConstants.TicksPerSecond, "second");
        return d.ToString();
    }

    private static CommitmentResult WithVerdict(CommitmentResult result, Verdict verdict)
    {
        var trace = result.Trace with { Measurement = result.Trace.Measurement with { Verdict = verdict } };
        return result with { Verdict = verdict, Trace = trace };
    }
}
