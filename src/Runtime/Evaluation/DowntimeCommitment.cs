using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>Tiered credits of a commitment, with their limits and the fee terms of a window.</summary>
public sealed record TieredCredits(ImmutableArray<CreditTier> Tiers, bool Cumulative, CreditLimits Limits);

/// <summary>How much of the trace to keep: Full lists every counted incident and period; Summary keeps totals, exclusions, denominator and credit.</summary>
public enum TraceDetail
{
    Full,
    Summary,
}

/// <summary>
/// A time-based availability commitment as the compiler emits it, one per <c>sla</c> block (built once, reused for every
/// window and service). <see cref="Weight"/> is the compiled qualify-and-weight rule: 0 when an incident does not
/// qualify, otherwise its weight (1 for outage, 0.5 for "counts 50%"); the largest weight among overlapping incidents counts.
/// Invariants: <see cref="MinimumPeriod"/> is non-negative; <see cref="WarnAtBudgetPercent"/>, when set, is in (0, 100].
/// </summary>
public sealed record DowntimeCommitment
{
    public DowntimeCommitment(
        string commitment,
        string? clause,
        ValueCondition target,
        Func<Incident, decimal> weight,
        Duration minimumPeriod,
        ImmutableArray<IncidentExclusion> incidentExclusions,
        ExcludedTimeAccounting accounting,
        MeasuredPeriodBasis basis,
        TieredCredits? credits = null,
        decimal? warnAtBudgetPercent = null,
        IncidentRule? byColumn = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(weight);
        if (minimumPeriod < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(minimumPeriod), "A minimum period is non-negative.");
        if (warnAtBudgetPercent is { } w && (w <= 0 || w > 100)) throw new ArgumentOutOfRangeException(nameof(warnAtBudgetPercent));
        Commitment = commitment;
        Clause = clause;
        Target = target;
        Weight = weight;
        MinimumPeriod = minimumPeriod;
        IncidentExclusions = incidentExclusions.IsDefault ? ImmutableArray<IncidentExclusion>.Empty : incidentExclusions;
        Accounting = accounting;
        Basis = basis;
        Credits = credits;
        WarnAtBudgetPercent = warnAtBudgetPercent;
        ByColumn = byColumn;
    }

    public string Commitment { get; }
    public string? Clause { get; }
    public ValueCondition Target { get; }
    public Func<Incident, decimal> Weight { get; }
    public Duration MinimumPeriod { get; }
    public ImmutableArray<IncidentExclusion> IncidentExclusions { get; }
    public ExcludedTimeAccounting Accounting { get; }
    public MeasuredPeriodBasis Basis { get; }
    public TieredCredits? Credits { get; }
    public decimal? WarnAtBudgetPercent { get; }

    /// <summary>
    /// <see cref="Weight"/> and <see cref="IncidentExclusions"/> as data, for incidents read by column (null: the
    /// evaluator makes the incidents into objects and applies the delegates).
    /// </summary>
    public IncidentRule? ByColumn { get; }
}

/// <summary>
/// Downtime evidence that is not an incident record: intervals with an id and a weight (e.g. runs of down minutes
/// derived from request slices by <see cref="RequestMetrics"/>). Invariant: parallel arrays of one length; end &gt;= start.
/// </summary>
public sealed class DowntimeEvidence
{
    public DowntimeEvidence(string[] ids, long[] starts, long[] ends, decimal[] weights)
    {
        if (ids.Length != starts.Length || starts.Length != ends.Length || ends.Length != weights.Length)
            throw new ArgumentException("Evidence arrays differ in length.");
        for (var i = 0; i < starts.Length; i++)
        {
            if (ends[i] < starts[i]) throw new ArgumentException($"Evidence {ids[i]} ends before it starts.");
            if (weights[i] <= 0) throw new ArgumentException($"Evidence {ids[i]} has a non-positive weight.");
        }
        Ids = ids;
        Starts = starts;
        Ends = ends;
        Weights = weights;
    }

    public string[] Ids { get; }
    public long[] Starts { get; }
    public long[] Ends { get; }
    public decimal[] Weights { get; }

    /// <summary>Several bodies of evidence as one (any-of downtime definitions: the evaluator's union counts a time once).</summary>
    public static DowntimeEvidence Combine(params DowntimeEvidence[] parts) =>
        new([.. parts.SelectMany(p => p.Ids)], [.. parts.SelectMany(p => p.Starts)], [.. parts.SelectMany(p => p.Ends)], [.. parts.SelectMany(p => p.Weights)])
        {
            Notes = [.. parts.SelectMany(p => p.Notes)],
        };

    /// <summary>What the evidence's maker wants the trace to say (a down run still open at as-of); copied into the trace's warnings.</summary>
    public ImmutableArray<EvaluationWarning> Notes { get; init; } = [];
    public int Count => Ids.Length;
}
