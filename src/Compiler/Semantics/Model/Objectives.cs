using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// A guarantee (in an SLA) or a target (in a KPI): an objective over a window. <see cref="Window"/> is null only for
/// trend objectives, which carry their own step. <see cref="Clause"/> is the line's own citation
/// (<c>clause "4.2": guarantee ...</c>), null when the line has none.
/// </summary>
public sealed record BoundObjective(Objective Objective, Window? Window, SourceSpan Span)
{
    public string? Clause { get; init; }
}

/// <summary>
/// Which incidents a clause is about. Empty lists mean any; severities are an inclusive range when set.
/// Invariant: services are declared services; SeverityLow &lt;= SeverityHigh.
/// </summary>
public sealed record IncidentSelection(int? SeverityLow, int? SeverityHigh, ImmutableArray<string> Services, ImmutableArray<string> Impacts)
{
    public int? SeverityHigh { get; init; } = SeverityLow is { } low && SeverityHigh is { } high && high < low
        ? throw new ArgumentOutOfRangeException(nameof(SeverityHigh), high, "A severity range runs from low to high.")
        : SeverityHigh;

    public override string ToString() =>
        (SeverityLow is { } low ? $"severity {low}{(SeverityHigh is { } high && high != low ? $"-{high}" : "")} " : "") + "incidents"
        + (Services.IsEmpty ? "" : " on " + string.Join(" and ", Services))
        + (Impacts.IsEmpty ? "" : " with impact " + string.Join(" or ", Impacts));
}

/// <summary>A typed value a measure is compared with.</summary>
public abstract record Quantity;

public sealed record PercentQuantity(Percent Value) : Quantity
{
    public override string ToString() => Value.ToString();
}

/// <summary>A duration; exact (NodaTime ticks), from the literal's decimal value and unit.</summary>
public sealed record DurationQuantity(Duration Value, string Written) : Quantity
{
    public override string ToString() => Written;
}

public sealed record CountQuantity(decimal Value) : Quantity
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary><c>at least 99.9%</c>: operator and typed value. Invariant: the value's type suits the measure (binder).</summary>
public sealed record Comparison(ComparisonOperator Operator, Quantity Value)
{
    public override string ToString() => Operator switch
    {
        ComparisonOperator.AtLeast => "at least ",
        ComparisonOperator.AtMost => "at most ",
        ComparisonOperator.Above => "above ",
        _ => "below ",
    } + Value;

    /// <summary>True when the bound asks for a high value (availability at least ...).</summary>
    public bool IsLowerBound => Operator is ComparisonOperator.AtLeast or ComparisonOperator.Above;
}

/// <summary>What is measured.</summary>
public abstract record Measure
{
    /// <summary>The measure's name in messages and credit conditions.</summary>
    public abstract string Name { get; }
}

/// <summary><c>availability of api [and checkout]</c>; how downtime is found is the SLA's <see cref="DowntimeRule"/>.</summary>
public sealed record AvailabilityMeasure(ImmutableArray<string> Services) : Measure
{
    public override string Name => "availability";
}

/// <summary><c>success rate of api requests</c>: sum of good / sum of total over non-excluded slices.</summary>
public sealed record SuccessRateMeasure(ImmutableArray<string> Services) : Measure
{
    public override string Name => "success rate";
}

/// <summary>
/// <c>p95 latency of api requests</c>. Without a slice share it is the percentile of the window's merged histogram;
/// with one, the share of slices whose own percentile meets the bound. Never an average of per-slice percentiles.
/// </summary>
public sealed record LatencyMeasure(int Percentile, ImmutableArray<string> Services) : Measure
{
    public int Percentile { get; init; } = Percentile is >= 1 and <= 99 ? Percentile : throw new ArgumentOutOfRangeException(nameof(Percentile), Percentile, "p1 to p99.");

    public override string Name => $"p{Percentile} latency";
}

/// <summary><c>mean time to resolve severity 1-2 incidents</c>. Percentile set only for the percentile statistic.</summary>
public sealed record IncidentTimeMeasure(StatisticKind Statistic, int? Percentile, IncidentMilestone Milestone, IncidentSelection Incidents) : Measure
{
    public override string Name => $"{(Statistic == StatisticKind.Percentile ? $"p{Percentile}" : Statistic.ToString().ToLowerInvariant())} time to {Milestone.ToString().ToLowerInvariant()}";
}

/// <summary><c>postmortems completed for severity 1 incidents</c>: a share of incidents.</summary>
public sealed record PostmortemCompletionMeasure(IncidentSelection Incidents) : Measure
{
    public override string Name => "postmortem completion";
}

/// <summary><c>incident count on api</c>.</summary>
public sealed record IncidentCountMeasure(IncidentSelection Incidents) : Measure
{
    public override string Name => "incident count";
}

/// <summary>
/// <c>downtime of api</c> compared with a duration: a downtime budget. Lint SLA1008 warns when the window's length varies
/// (a fixed number of minutes is a different percentage in a 28-day and a 31-day month).
/// </summary>
public sealed record DowntimeMeasure(ImmutableArray<string> Services) : Measure
{
    public override string Name => "downtime";
}

/// <summary>What a guarantee or target promises.</summary>
public abstract record Objective;

/// <summary>
/// <c>MEASURE BOUND [in at least 99% of 5-minute slices]</c>. Invariant: the value type suits the measure (percent for
/// availability, success rate and postmortem completion; duration for latency and incident times; count for counts).
/// </summary>
public sealed record ThresholdObjective(Measure Measure, Comparison Bound, SliceShare? Slices) : Objective;

/// <summary><c>in at least 99% of 5-minute slices</c>. Invariant: slice length positive.</summary>
public sealed record SliceShare(Percent Share, Duration SliceLength)
{
    public Duration SliceLength { get; init; } = SliceLength > Duration.Zero ? SliceLength : throw new ArgumentOutOfRangeException(nameof(SliceLength), SliceLength, "Slices last longer than zero.");
}

/// <summary>
/// A per-incident clock: <c>response to severity 1 incidents on api within 15 minutes, every incident</c>.
/// <see cref="RequiredShare"/> null means every incident counts (each breach counted). How the clock runs is the SLA's
/// <see cref="ClockRuleClause"/> of the same kind (or its default).
/// </summary>
public sealed record IncidentClockObjective(ClockKind Kind, IncidentSelection Incidents, Duration Within, Percent? RequiredShare) : Objective
{
    public bool EveryIncident => RequiredShare is null;
}

/// <summary><c>95% of alerts on api acknowledged within 5 minutes</c>.</summary>
public sealed record AlertAcknowledgementObjective(Percent Share, ImmutableArray<string> Services, Duration Within) : Objective;

/// <summary><c>incident count on api decreasing month over month</c>.</summary>
public sealed record TrendObjective(Measure Measure, TrendDirection Direction, TrendStep Step) : Objective;

/// <summary>
/// How a response or resolution clock runs: from <see cref="Start"/> to <see cref="Stop"/>, only inside
/// <see cref="BusinessHours"/> (local time; null = wall clock) and never on the dates of <see cref="HolidayCalendar"/>.
/// Defaults when the SLA has no clock line: response runs started to responded, resolution started to resolved, wall clock.
/// Invariant: Start comes before Stop in incident order.
/// </summary>
public sealed record ClockRuleClause(ClockKind Kind, ClockEvent Start, ClockEvent Stop, WeeklyHours? BusinessHours, string? HolidayCalendar, SourceSpan Span)
{
    public ClockEvent Stop { get; init; } = Stop > Start ? Stop : throw new ArgumentException($"A clock stops after it starts ({Start} to {Stop}).", nameof(Stop));

    public static ClockRuleClause Default(ClockKind kind) =>
        new(kind, ClockEvent.Started, kind == ClockKind.Response ? ClockEvent.Responded : ClockEvent.Resolved, null, null, default);
}
