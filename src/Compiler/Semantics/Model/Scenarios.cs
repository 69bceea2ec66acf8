using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// A scenario test pinned by the contract's authors: evidence in one period and the results they expect.
/// Invariants: <see cref="Contract"/> names a contract in the same file (SLA0120); every expectation names an SLA or
/// KPI of it (SLA0119); evidence names declared services (SLA0101).
/// </summary>
public sealed record BoundScenarioTest(
    string Name,
    string Contract,
    TestPeriod? Period,
    Instant? AsOf,
    ImmutableArray<Evidence> Evidence,
    ImmutableArray<Expectation> Expectations,
    SourceSpan Span);

/// <summary>The period a test evaluates: a month, a quarter or a year. Invariant: at most one of Month and Quarter.</summary>
public sealed record TestPeriod(int Year, int? Month, int? Quarter)
{
    public int? Quarter { get; init; } = (Month, Quarter) switch
    {
        ({ }, { }) => throw new ArgumentException("A period is a month, a quarter or a year, not both.", nameof(Quarter)),
        ({ } m, null) when m is < 1 or > 12 => throw new ArgumentOutOfRangeException(nameof(Month), m, "Months are 1-12."),
        (null, { } q) when q is < 1 or > 4 => throw new ArgumentOutOfRangeException(nameof(Quarter), q, "Quarters are 1-4."),
        _ => Quarter,
    };
}

/// <summary>Evidence a test feeds the evaluator. Instants keep the offset they were written with (semantics 2).</summary>
public abstract record Evidence(SourceSpan Span);

/// <summary>A test incident. End null = still open at the as-of instant. Milestones: detected/acknowledged/responded.</summary>
public sealed record IncidentEvidence(
    string Service,
    string Impact,
    OffsetDateTime Start,
    OffsetDateTime? End,
    string? Cause,
    int? Severity,
    ImmutableArray<string> Tags,
    ImmutableArray<Milestone> Milestones,
    bool? PostmortemCompleted,
    SourceSpan Span) : Evidence(Span)
{
    /// <summary><c>affected 25%</c> as a fraction (0.25); null when not stated.</summary>
    public decimal? AffectedShare { get; init; }
}

public sealed record Milestone(ClockEvent Event, OffsetDateTime At);

/// <summary>Maintenance on services (empty = every service).</summary>
public sealed record MaintenanceEvidence(ImmutableArray<string> Services, OffsetDateTime Start, OffsetDateTime End, OffsetDateTime Announced, SourceSpan Span) : Evidence(Span);

/// <summary>One request slice. Invariant: 0 &lt;= Failed &lt;= Total.</summary>
public sealed record RequestsEvidence(string Service, OffsetDateTime Start, OffsetDateTime End, long Total, long Failed, ImmutableArray<LatencyValue> Latencies, SourceSpan Span) : Evidence(Span)
{
    public long Failed { get; init; } = Failed >= 0 && Failed <= Total ? Failed : throw new ArgumentOutOfRangeException(nameof(Failed), Failed, "0 <= failed <= total.");
}

public sealed record LatencyValue(int Percentile, Duration Value);

public sealed record AlertEvidence(string Service, OffsetDateTime Raised, OffsetDateTime? Acknowledged, SourceSpan Span) : Evidence(Span);

public sealed record DeploymentEvidence(string Service, OffsetDateTime Start, OffsetDateTime? End, SourceSpan Span) : Evidence(Span);

/// <summary><c>expect availability of availability = 99.792% rounded to 3 places</c>. All values must hold.</summary>
public sealed record Expectation(ExpectQuantity Quantity, string Subject, ImmutableArray<ExpectedValue> Values, int? RoundedToPlaces, SourceSpan Span);

public abstract record ExpectedValue;

public sealed record ExpectedQuantity(Quantity Value) : ExpectedValue;

public sealed record ExpectedMoney(Money Value) : ExpectedValue;

public sealed record ExpectedPercentOfFee(Percent Value) : ExpectedValue;

public sealed record ExpectedVerdict(Verdict Verdict) : ExpectedValue;
