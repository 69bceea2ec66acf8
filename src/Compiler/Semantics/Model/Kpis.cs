using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// An internal KPI (never in a customer statement). Invariant: every name in <see cref="Supports"/> is an SLA of the
/// same contract (SLA0117 otherwise).
/// </summary>
public sealed record BoundKpi(
    string Name,
    string Title,
    KpiTarget Target,
    ImmutableArray<string> Supports,
    ImmutableArray<Suppression> Suppressions,
    SourceSpan Span);

/// <summary>What a KPI aims at.</summary>
public abstract record KpiTarget(SourceSpan Span);

/// <summary>A KPI whose target is one of the SLA measures (availability, success rate, latency, per-incident clock).</summary>
public sealed record MeasureTarget(Guarantee Guarantee, SourceSpan Span) : KpiTarget(Span);

public enum IncidentStatistic
{
    Mean,
    Median,
    P90,
}

/// <summary><c>mean time to resolve severity 1-2 incidents at most 30 minutes per calendar month</c>.</summary>
public sealed record IncidentTimeTarget(
    IncidentStatistic Statistic,
    IncidentEvent Stop,
    ImmutableArray<int> Severities,
    string? Service,
    Duration AtMost,
    Window Window,
    SourceSpan Span) : KpiTarget(Span);

/// <summary><c>95% of alerts on api acknowledged within 5 minutes per calendar month</c>.</summary>
public sealed record AlertAcknowledgementTarget(Percent Share, string? Service, Duration Within, Window Window, SourceSpan Span) : KpiTarget(Span);

/// <summary><c>postmortems completed for severity 1 incidents at least 80% per calendar quarter</c>.</summary>
public sealed record PostmortemCompletionTarget(ImmutableArray<int> Severities, Percent AtLeast, Window Window, SourceSpan Span) : KpiTarget(Span);

public enum Trend
{
    Decreasing,
    Increasing,
}

/// <summary><c>incident count on api decreasing month over month</c>.</summary>
public sealed record IncidentCountTrendTarget(string? Service, Trend Trend, Window Window, SourceSpan Span) : KpiTarget(Span);
