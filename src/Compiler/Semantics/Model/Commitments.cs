using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// One <c>sla</c> block: its guarantees and the money terms that apply when one is breached.
/// Invariants: at least one guarantee; <see cref="Accounting"/> is the stated accounting or, when
/// <see cref="AccountingStated"/> is false, the default <see cref="ExclusionAccounting.CountsAsAvailable"/> (lint SLA1004
/// warns when exclusions exist); every service, calendar and KPI name inside is resolved against the contract.
/// </summary>
public sealed record BoundSla(
    string Name,
    string Title,
    string? Clause,
    ImmutableArray<Guarantee> Guarantees,
    DowntimeRule? Downtime,
    ImmutableArray<Exclusion> Exclusions,
    ExclusionAccounting Accounting,
    bool AccountingStated,
    Denominator Denominator,
    CreditTerms Credits,
    ImmutableArray<Percent> WarnAtBudgetUsed,
    ImmutableArray<Suppression> Suppressions,
    SourceSpan Span);

/// <summary>Whether a guarantee bounds the measure from below (<c>at least</c>) or above (<c>at most</c>, <c>within</c>).</summary>
public enum Bound
{
    AtLeast,
    AtMost,
}

/// <summary>A measured promise of an SLA or a KPI target, over a window. Subtypes say what is measured.</summary>
public abstract record Guarantee(Window Window, SourceSpan Span)
{
    /// <summary>The measure's name in messages and in <c>expect</c> lines: availability, success rate, ...</summary>
    public abstract string Measure { get; }
}

/// <summary><c>availability of api at least 99.9% per calendar month</c>. How downtime is found is the SLA's <see cref="DowntimeRule"/>.</summary>
public sealed record AvailabilityGuarantee(string Service, Bound Bound, Percent Target, Window Window, SourceSpan Span) : Guarantee(Window, Span)
{
    public override string Measure => "availability";
}

/// <summary><c>success rate of api requests at least 99.95%</c>: sum of good / sum of total over non-excluded slices.</summary>
public sealed record SuccessRateGuarantee(string Service, Bound Bound, Percent Target, Window Window, SourceSpan Span) : Guarantee(Window, Span)
{
    public override string Measure => "success rate";
}

/// <summary>
/// <c>downtime of api at most 43 minutes per calendar month</c>: a budget in fixed time. Lint SLA1008 warns: a fixed
/// number of minutes is a different percentage in a 28-day and a 31-day month (and across DST).
/// </summary>
public sealed record DowntimeBudgetGuarantee(string Service, Duration AtMost, Window Window, SourceSpan Span) : Guarantee(Window, Span)
{
    public override string Measure => "downtime";
}

/// <summary>How a latency percentile over a window is computed. Averaging per-slice percentiles is never an option (SLA0114).</summary>
public enum LatencyAggregation
{
    /// <summary>The percentile of the window's merged histogram.</summary>
    MergedHistogram,
    /// <summary>The share of slices whose own percentile meets the threshold.</summary>
    ShareOfSlices,
}

/// <summary>
/// <c>p95 latency of api requests at most 500 ms [in at least 99% of 5-minute slices]</c>.
/// Invariants: 0 &lt; Percentile &lt; 100; SliceShare and SliceLength both set exactly when Aggregation is ShareOfSlices.
/// </summary>
public sealed record LatencyGuarantee(
    string Service,
    decimal Percentile,
    Duration Threshold,
    LatencyAggregation Aggregation,
    Percent? SliceShare,
    Duration? SliceLength,
    Window Window,
    SourceSpan Span) : Guarantee(Window, Span)
{
    public override string Measure => "latency";
}

/// <summary>Named points on an incident's timeline a clock runs between.</summary>
public enum IncidentEvent
{
    Started,
    Detected,
    Acknowledged,
    Responded,
    Resolved,
}

/// <summary>
/// A per-incident clock: <c>response to severity 1 incidents on api within 15 minutes, every incident</c>.
/// Either every incident counts (each breach counted; <see cref="RequiredShare"/> null) or a share must meet it.
/// <see cref="Calendar"/> names a resolved business-hours calendar, or null for the wall clock.
/// Invariant: Start precedes Stop in <see cref="IncidentEvent"/> order; at least one severity.
/// </summary>
public sealed record IncidentClockGuarantee(
    string? Service,
    ImmutableArray<int> Severities,
    IncidentEvent Start,
    IncidentEvent Stop,
    Duration Limit,
    Percent? RequiredShare,
    string? Calendar,
    Window Window,
    SourceSpan Span) : Guarantee(Window, Span)
{
    public override string Measure => Stop == IncidentEvent.Resolved ? "resolution time" : "response time";

    public bool EveryIncident => RequiredShare is null;
}

/// <summary>How an availability SLA finds downtime. Subtypes follow the published SLAs (PUBLISHED-SLAS.md).</summary>
public abstract record DowntimeRule(SourceSpan Span);

/// <summary>
/// Downtime is the union of incidents on the services with an impact in <see cref="Weights"/>; at each instant the
/// largest weight counts (semantics 3). Merged periods shorter than <see cref="IgnoreShorterThan"/> are dropped
/// (semantics 4). Invariant: at least one impact; weights in 0..100.
/// </summary>
public sealed record IncidentDowntime(
    ImmutableArray<string> Services,
    ImmutableArray<ImpactWeight> Weights,
    Duration? IgnoreShorterThan,
    SourceSpan Span) : DowntimeRule(Span);

/// <summary>An incident impact and the share of its time that counts as downtime (outage 100%, degraded 50%).</summary>
public sealed record ImpactWeight(string Impact, Percent Weight);

/// <summary>
/// Google/GitHub/Atlassian style: an interval (a minute) is down when the error rate exceeds <see cref="ErrorRateAbove"/>
/// with at least <see cref="MinimumRequests"/> requests; only runs of at least <see cref="MinimumConsecutive"/> down
/// intervals count. Invariant: Interval positive; MinimumConsecutive &gt;= 1.
/// </summary>
public sealed record MetricThresholdDowntime(
    string Service,
    Percent ErrorRateAbove,
    Duration Interval,
    long? MinimumRequests,
    int MinimumConsecutive,
    SourceSpan Span) : DowntimeRule(Span);

/// <summary>
/// S3/Azure Storage style: availability is 100% minus the average of per-interval error rates;
/// an interval without requests has <see cref="EmptyIntervalErrorRate"/>.
/// </summary>
public sealed record AverageErrorRateDowntime(string Service, Duration Interval, Percent EmptyIntervalErrorRate, SourceSpan Span) : DowntimeRule(Span);

/// <summary>What availability is measured against (PUBLISHED-SLAS.md: three denominators).</summary>
public enum Denominator
{
    /// <summary>The whole calendar window.</summary>
    Window,
    /// <summary>The window minus excluded time (set by <c>excluded time is removed from the measured period</c>).</summary>
    WindowMinusExcluded,
    /// <summary>The time the resource was deployed in the window (Azure).</summary>
    DeployedTime,
}

/// <summary>What excluded time does (LANGUAGE.md semantics 5).</summary>
public enum ExclusionAccounting
{
    /// <summary>Excluded time is removed from downtime only (Twilio's A - B + C). The default when unstated.</summary>
    CountsAsAvailable,
    /// <summary>Excluded time is removed from both downtime and the measured period.</summary>
    RemovedFromPeriod,
}

/// <summary>
/// One exclusion: a predicate over evidence with an optional cap per window (time beyond the cap counts as downtime).
/// </summary>
public sealed record Exclusion(ExclusionPredicate Predicate, Duration? CapPerWindow, WindowKind? CapWindow, SourceSpan Span);

/// <summary>What an exclusion matches.</summary>
public abstract record ExclusionPredicate;

/// <summary>Maintenance announced at least <see cref="MinimumNotice"/> ahead.</summary>
public sealed record MaintenanceAnnounced(Duration MinimumNotice) : ExclusionPredicate;

/// <summary>Incidents whose cause is one of <see cref="Causes"/> (customer, force-majeure, ...). Invariant: non-empty, distinct.</summary>
public sealed record CausedBy(ImmutableArray<string> Causes) : ExclusionPredicate;

/// <summary>Incidents carrying a tag.</summary>
public sealed record Tagged(string Tag) : ExclusionPredicate;

/// <summary>A recurring local time-of-day window (<c>Sun 02:00-06:00</c>) in the contract's zone.</summary>
public sealed record LocalTimeWindow(WeeklyHours Hours) : ExclusionPredicate;
