using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Wraps a measured value (request metrics, KPI statistics, per-incident shares) into a <see cref="CommitmentResult"/>
/// with its trace, verdict and optional credit, so every commitment and KPI reaches the statement stage in one shape.
/// </summary>
public static partial class MeasureResults
{
    /// <summary>
    /// A value compared with a target. A null value (nothing to measure) gives <see cref="Verdict.NotMeasurable"/> and a
    /// warning. Credits, when given, are tiered on the value.
    /// </summary>
    public static CommitmentResult ForValue(
        string commitment, string? clause, string measure, CalendarWindow window, Instant asOf,
        ExactRatio? value, ValueCondition target, TieredCredits? credits = null, FeeTerms? fee = null,
        IEnumerable<EvaluationWarning>? notes = null, ImmutableArray<IncidentTrace> incidents = default, MeasureKind kind = MeasureKind.Value)
    {
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        if (notes is not null) warnings.AddRange(notes);
        var verdict = MeasureConclusion.Judge(value, target);
        if (verdict == Verdict.NotMeasurable) warnings.Add(new NothingToMeasure(measure, window.Label, NoCredit: true));
        var credit = MeasureConclusion.TieredCredit(credits, fee, value, verdict, window, warnings);
        var display = value is { } d ? (target.Unit == ValueUnit.Percent ? d.ToPercentForDisplay() : d.ToDecimalForDisplay()) : 0m;
        var measurement = MeasurementTrace.Of(measure, value?.Numerator ?? 0, value?.Denominator ?? 0, display, new TargetCondition.Bounded(target), verdict, null) with { Kind = kind };
        var trace = new CommitmentTrace(commitment, clause, window.Label, window.Start, window.End, asOf,
            incidents.IsDefault ? ImmutableArray<IncidentTrace>.Empty : incidents, ImmutableArray<DowntimePeriodTrace>.Empty,
            ImmutableArray<ExclusionTrace>.Empty, null, measurement, credit?.Trace, warnings.ToImmutable()) { CalendarWindow = window };
        return new CommitmentResult(commitment, clause, window.Label, value, target.Unit, null, null, verdict, null, credit, trace.Warnings, trace);
    }

    /// <summary>
    /// "within N, every incident": breached when any clock breached; credit = percent per breach (capped).
    /// The measured value is the breach count (plain). Each clock is listed in the trace.
    /// </summary>
    public static CommitmentResult ForEveryIncident(
        string commitment, string? clause, CalendarWindow window, Instant asOf, PerIncidentOutcome outcome, Duration limit,
        decimal? percentPerBreach = null, CreditLimits? limits = null, FeeTerms? fee = null)
    {
        var incidents = Clocks(outcome);
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        foreach (var c in outcome.Clocks)
        {
            if (c.Pending) warnings.Add(new ClockStillRunning(c.Clock.IncidentId, c.Clock.Elapsed, RunningClockUse.Listed));
            if (c.Clock.StartFellBack) warnings.Add(new ClockStartFellBack(c.Clock.IncidentId));
        }
        var value = new ExactRatio(outcome.Breaches, 1);
        var verdict = outcome.Breaches > 0 ? Verdict.Breached : Verdict.Met;
        CreditDecision? credit = null;
        if (percentPerBreach is { } p && fee is not null)
            credit = CreditCalculator.PerBreach(p, outcome.Breaches, fee, limits ?? CreditLimits.None, window);
        var measurement = MeasurementTrace.Of("breached incidents", outcome.Breaches, 1, outcome.Breaches, new TargetCondition.EveryIncidentWithin(limit), verdict, null) with { Kind = MeasureKind.BreachedIncidents };
        var trace = new CommitmentTrace(commitment, clause, window.Label, window.Start, window.End, asOf, incidents,
            ImmutableArray<DowntimePeriodTrace>.Empty, ImmutableArray<ExclusionTrace>.Empty, null, measurement, credit?.Trace, warnings.ToImmutable()) { CalendarWindow = window };
        return new CommitmentResult(commitment, clause, window.Label, value, ValueUnit.Plain, null, null, verdict, null, credit, trace.Warnings, trace);
    }

    /// <summary>The clocks of a per-incident outcome as trace entries (start, stop or as-of, exact seconds).</summary>
    public static ImmutableArray<IncidentTrace> Clocks(PerIncidentOutcome outcome)
    {
        var b = ImmutableArray.CreateBuilder<IncidentTrace>(outcome.Clocks.Length);
        foreach (var (clock, breached, pending) in outcome.Clocks)
        {
            var o = breached ? IncidentOutcome.ClockBreached : pending ? IncidentOutcome.ClockPending : IncidentOutcome.ClockMet;
            b.Add(new IncidentTrace(clock.IncidentId, o, clock.Start, clock.RanUntil, !clock.Stopped,
                TimeMath.Seconds(clock.Elapsed.BclCompatibleTicks), 1m, TimeMath.Seconds(clock.Elapsed.BclCompatibleTicks), null));
        }
        return b.MoveToImmutable();
    }

    /// <summary>
    /// "success rate of S requests at least X%": sum good / sum total over the window's non-excluded slices, with the
    /// request budget and next credit tier at as-of.
    /// </summary>
    public static CommitmentResult ForSuccessRate(
        string commitment, string? clause, CalendarWindow window, Instant asOf,
        IReadOnlyList<Data.RequestSlice> slices, IReadOnlyList<TimeExclusion> exclusions, ValueCondition target,
        TieredCredits? credits = null, FeeTerms? fee = null)
    {
        var rate = RequestMetrics.SuccessRate(slices, window, exclusions, out var good, out var total, out var excludedSlices);
        var notes = new List<EvaluationWarning>();
        if (excludedSlices > 0) notes.Add(new SlicesInExcludedTime(excludedSlices));
        var result = ForValue(commitment, clause, "success rate", window, asOf, rate, target, credits, fee, notes, kind: MeasureKind.SuccessRate);
        if (rate is null || MeasureConclusion.RequestBudget(target, credits, window, asOf, good, total, fee) is not { } budget) return result;
        return result with { RequestBudget = budget };
    }
}
