using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// One <c>sla</c> block: its guarantees and the rules and money terms that apply. Invariants: at least one guarantee
/// (SLA0121); <see cref="Accounting"/> is the stated accounting or, when <see cref="AccountingStated"/> is false, the
/// default <see cref="ExcludedTimeAccounting.CountsAsAvailable"/> (lint SLA1004 warns when exclusions exist);
/// <see cref="Clocks"/> holds one rule per clock kind a guarantee uses (stated or default); every name is resolved.
/// </summary>
public sealed record BoundSla(
    string Name,
    string? Title,
    string? Clause,
    ImmutableArray<BoundObjective> Guarantees,
    DowntimeRule? Downtime,
    ImmutableArray<Exclusion> Exclusions,
    ExcludedTimeAccounting Accounting,
    bool AccountingStated,
    Denominator Denominator,
    MeasuredValueRounding? MeasuredValueRounding,
    ImmutableArray<ClockRuleClause> Clocks,
    CreditTerms Credits,
    ImmutableArray<Percent> WarnAtBudgetUsed,
    ImmutableArray<Suppression> Suppressions,
    SourceSpan Span);

/// <summary>
/// An internal KPI (never in a customer statement). Invariant: every name in <see cref="Supports"/> is an SLA of the
/// same contract (SLA0117 otherwise); at least one target.
/// </summary>
public sealed record BoundKpi(
    string Name,
    string? Title,
    string? Clause,
    ImmutableArray<BoundObjective> Targets,
    ImmutableArray<string> Supports,
    ImmutableArray<Suppression> Suppressions,
    SourceSpan Span);

/// <summary><c>round measured value to 3 places [half-even]</c>: rounding before comparison, written in the contract.</summary>
public sealed record MeasuredValueRounding(int Places, RoundingMode Mode)
{
    public int Places { get; init; } = Places is >= 0 and <= 10 ? Places : throw new ArgumentOutOfRangeException(nameof(Places), Places, "0 to 10 places.");
}

/// <summary>How an availability SLA finds downtime. Subtypes follow the published SLAs (PUBLISHED-SLAS.md).</summary>
public abstract record DowntimeRule(SourceSpan Span);

/// <summary>
/// Downtime is the union of selected incidents; at each instant the largest weight of the incidents down counts
/// (semantics 3). Merged periods shorter than <see cref="IgnoreShorterThan"/> are dropped (semantics 4).
/// Invariant: at least one weighted selection; the first is the <c>downtime is</c> line (weight 100%).
/// </summary>
/// <see cref="ByAffectedShare"/>: each incident's weight is multiplied by its data's affected share (Cloudflare's affected
/// customer ratio; none stated: 1), so downtime is time x share, exact decimal.
public sealed record IncidentDowntime(ImmutableArray<WeightedSelection> Selections, Duration? IgnoreShorterThan, SourceSpan Span, bool ByAffectedShare = false) : DowntimeRule(Span);

/// <summary>Incidents matching <see cref="Incidents"/> count with <see cref="Weight"/> of their time.</summary>
public sealed record WeightedSelection(IncidentSelection Incidents, Percent Weight);

/// <summary>
/// Google/GitHub/Atlassian style: an interval is down when its error rate satisfies <see cref="ErrorRate"/> with at
/// least <see cref="MinimumRequests"/> requests; only runs of at least <see cref="MinimumConsecutive"/> down intervals
/// count. Invariants: interval positive; MinimumConsecutive &gt;= 1.
/// </summary>
public sealed record ErrorRateDowntime(
    Duration Interval,
    ImmutableArray<string> Services,
    Comparison ErrorRate,
    long? MinimumRequests,
    int MinimumConsecutive,
    Duration? IgnoreShorterThan,
    SourceSpan Span) : DowntimeRule(Span);

/// <summary>
/// Several downtime definitions in one SLA (GitHub: a minute with error rate above 5% <b>or</b> unavailable by monitoring):
/// an instant is down when any definition holds, and it counts once (the evaluator's union). Runs of consecutive down
/// intervals are judged per error-rate rule; <see cref="IgnoreShorterThan"/> applies to the merged periods of all.
/// Invariant: at least two definitions in all (one alone is that rule itself); every error-rate rule distinct.
/// </summary>
public sealed record AnyOfDowntime(IncidentDowntime? Incidents, ImmutableArray<ErrorRateDowntime> ErrorRates, Duration? IgnoreShorterThan, SourceSpan Span) : DowntimeRule(Span);

/// <summary>
/// "At the same time in at least N of these services or zones" (AWS region level: all instances in two or more zones
/// without connectivity at once): an instant is down when at least <see cref="Count"/> of <see cref="Services"/> are down
/// by <see cref="Inner"/> at that instant (a service's own overlapping incidents or runs count once for it).
/// Invariants: <see cref="Inner"/> is one incident rule without weights or one error-rate rule; 1 &lt;= Count &lt;= Services.Length.
/// </summary>
public sealed record AtOnceDowntime(DowntimeRule Inner, int Count, ImmutableArray<string> Services, SourceSpan Span) : DowntimeRule(Span)
{
    /// <summary>The minimum period of the inner rule (it applies to the at-once periods).</summary>
    public Duration? IgnoreShorterThan => Inner switch
    {
        IncidentDowntime i => i.IgnoreShorterThan,
        ErrorRateDowntime e => e.IgnoreShorterThan,
        _ => null,
    };
}

/// <summary>
/// S3/Azure Storage style: availability is 100% minus the average of per-interval error rates; an interval without
/// requests has <see cref="EmptyIntervalErrorRate"/>.
/// </summary>
public sealed record AverageErrorRateAvailability(Duration Interval, ImmutableArray<string> Services, Percent EmptyIntervalErrorRate, SourceSpan Span) : DowntimeRule(Span);

/// <summary>What availability is measured against (PUBLISHED-SLAS.md: three denominators).</summary>
public enum Denominator
{
    /// <summary>The whole window.</summary>
    Window,
    /// <summary>The window minus excluded time (<c>excluded time is removed from the measured period</c>).</summary>
    WindowMinusExcluded,
    /// <summary>The time the resource was deployed in the window (<c>measured over deployed time</c>, Azure).</summary>
    DeployedTime,
}

/// <summary>
/// One exclusion: a predicate over evidence with an optional cap (time beyond the cap counts as downtime).
/// <see cref="Clause"/> is the exclusion's own clause reference (<c>clause "3.2": exclude ...</c>), null when the line
/// has none (the trace then labels it with the SLA's clause).
/// </summary>
public sealed record Exclusion(ExclusionPredicate Predicate, ExclusionCap? Cap, SourceSpan Span, string? Clause = null);

/// <summary><c>at most 4 hours per month</c>. Invariant: limit positive.</summary>
public sealed record ExclusionCap(Duration Limit, CapPeriod Per);

/// <summary>What an exclusion matches.</summary>
public abstract record ExclusionPredicate;

/// <summary>Maintenance, announced at least <see cref="MinimumNotice"/> ahead when stated.</summary>
public sealed record MaintenanceWindows(Duration? MinimumNotice) : ExclusionPredicate;

/// <summary>Incidents whose cause is one of <see cref="Causes"/>. Invariant: non-empty, distinct, in written order.</summary>
public sealed record CausedBy(ImmutableArray<string> Causes) : ExclusionPredicate;

/// <summary>Incidents carrying one of the tags.</summary>
public sealed record Tagged(ImmutableArray<string> Tags) : ExclusionPredicate;

/// <summary>A recurring local time-of-day window (<c>Sun 02:00-06:00</c>) in the contract's zone.</summary>
public sealed record LocalTimeWindow(WeeklyHours Hours) : ExclusionPredicate;
