using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

public enum ComparisonOperator
{
    /// <summary><c>at least</c>: value &gt;= bound (a value exactly at the threshold meets it).</summary>
    AtLeast,
    /// <summary><c>at most</c>: value &lt;= bound.</summary>
    AtMost,
    /// <summary><c>above</c> (also written <c>over</c>): value &gt; bound.</summary>
    Above,
    /// <summary><c>below</c> (also written <c>under</c>): value &lt; bound.</summary>
    Below,
}

/// <summary><c>at least 99.9%</c>, <c>below 99.0%</c>, <c>at most 500 ms</c>. <see cref="Value"/> is a percent,
/// duration or number literal.</summary>
public sealed record ComparisonSyntax(ComparisonOperator Operator, LiteralSyntax Value, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>severity 1</c> or <c>severity 1-2</c> (inclusive).</summary>
public sealed record SeverityRangeSyntax(NumberLiteralSyntax Low, NumberLiteralSyntax? High, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>[severity R] incidents [on a and b] [with impact outage or degraded]</c>. Empty lists mean "any".</summary>
public sealed record IncidentSelectionSyntax(
    SeverityRangeSyntax? Severity,
    ImmutableArray<IdentifierSyntax> Services,
    ImmutableArray<IdentifierSyntax> Impacts,
    SourceSpan Span) : SyntaxNode(Span);

// ----- windows ----------------------------------------------------------------------------------------------------

/// <summary>The measurement window of a guarantee or target.</summary>
public abstract record WindowSyntax(SourceSpan Span) : SyntaxNode(Span);

public enum CalendarUnit
{
    Month,
    Quarter,
    Year,
}

/// <summary><c>per calendar month|quarter|year</c>.</summary>
public sealed record CalendarWindowSyntax(CalendarUnit Unit, SourceSpan Span) : WindowSyntax(Span);

/// <summary><c>per billing cycle [starting on day 15]</c>; without a day the cycle starts on the 1st.</summary>
public sealed record BillingCycleWindowSyntax(NumberLiteralSyntax? StartDay, SourceSpan Span) : WindowSyntax(Span);

/// <summary><c>rolling 30 days</c> (KPIs).</summary>
public sealed record RollingWindowSyntax(NumberLiteralSyntax Days, SourceSpan Span) : WindowSyntax(Span);

// ----- objectives -------------------------------------------------------------------------------------------------

/// <summary>What a guarantee or target promises.</summary>
public abstract record ObjectiveSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>MEASURE COMPARISON [in at least 99% of 5-minute slices]</c>.</summary>
public sealed record ThresholdObjectiveSyntax(MeasureSyntax Measure, ComparisonSyntax Bound, SliceShareSyntax? Slices, SourceSpan Span) : ObjectiveSyntax(Span);

/// <summary><c>in at least 99% of 5-minute slices</c>: the share of slices that must meet the bound.</summary>
public sealed record SliceShareSyntax(PercentLiteralSyntax Share, DurationLiteralSyntax SliceLength, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>response to severity 1 incidents on api within 15 minutes, every incident</c> or <c>..., 95% of incidents</c>.
/// <see cref="Share"/> null means every incident counts (each breach is counted).</summary>
public sealed record IncidentClockObjectiveSyntax(
    ClockKind Kind,
    IncidentSelectionSyntax Incidents,
    DurationLiteralSyntax Within,
    PercentLiteralSyntax? Share,
    SourceSpan Span) : ObjectiveSyntax(Span);

/// <summary><c>95% of alerts on api acknowledged within 5 minutes</c>.</summary>
public sealed record AlertAcknowledgementObjectiveSyntax(
    PercentLiteralSyntax Share,
    ImmutableArray<IdentifierSyntax> Services,
    DurationLiteralSyntax Within,
    SourceSpan Span) : ObjectiveSyntax(Span);

public enum TrendDirection
{
    Decreasing,
    Increasing,
    NotIncreasing,
}

public enum TrendStep
{
    MonthOverMonth,
    QuarterOverQuarter,
}

/// <summary><c>incident count on api decreasing month over month</c>.</summary>
public sealed record TrendObjectiveSyntax(MeasureSyntax Measure, TrendDirection Direction, TrendStep Step, SourceSpan Span) : ObjectiveSyntax(Span);

// ----- measures ---------------------------------------------------------------------------------------------------

/// <summary>A measured quantity.</summary>
public abstract record MeasureSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>availability of api [and checkout]</c>.</summary>
public sealed record AvailabilityMeasureSyntax(ImmutableArray<IdentifierSyntax> Services, SourceSpan Span) : MeasureSyntax(Span);

/// <summary><c>success rate of api requests</c>: sum of good / sum of total requests.</summary>
public sealed record SuccessRateMeasureSyntax(ImmutableArray<IdentifierSyntax> Services, SourceSpan Span) : MeasureSyntax(Span);

/// <summary><c>p95 latency of api requests</c>; <see cref="Percentile"/> is 1-99 (from the word <c>p95</c>).
/// Without a slice share it is computed from merged histograms over the window.</summary>
public sealed record LatencyMeasureSyntax(int Percentile, ImmutableArray<IdentifierSyntax> Services, SourceSpan Span) : MeasureSyntax(Span);

public enum StatisticKind
{
    Mean,
    Median,
    Percentile,
}

/// <summary><c>mean</c>, <c>median</c> or <c>p90</c> (<see cref="Percentile"/> set only for the last).</summary>
public sealed record StatisticSyntax(StatisticKind Kind, int? Percentile, SourceSpan Span) : SyntaxNode(Span);

public enum IncidentMilestone
{
    Acknowledge,
    Respond,
    Resolve,
}

/// <summary><c>mean time to resolve severity 1-2 incidents [on api]</c>, <c>p90 time to acknowledge incidents</c>.</summary>
public sealed record IncidentTimeMeasureSyntax(StatisticSyntax Statistic, IncidentMilestone Milestone, IncidentSelectionSyntax Incidents, SourceSpan Span) : MeasureSyntax(Span);

/// <summary><c>postmortems completed for severity 1 incidents</c>: the share with a completed postmortem.</summary>
public sealed record PostmortemCompletionMeasureSyntax(IncidentSelectionSyntax Incidents, SourceSpan Span) : MeasureSyntax(Span);

/// <summary><c>incident count on api</c> or <c>count of severity 1 incidents on api</c>.</summary>
public sealed record IncidentCountMeasureSyntax(IncidentSelectionSyntax Incidents, SourceSpan Span) : MeasureSyntax(Span);
