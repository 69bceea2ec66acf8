using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// A scenario test pinned by the contract's authors: evidence in one period and the results they expect.
/// Invariant: <see cref="Contract"/> names a contract in the same file or compilation (SLA0120 otherwise);
/// every expectation names an SLA or KPI of it (SLA0119).
/// </summary>
public sealed record BoundScenarioTest(
    string Name,
    string Contract,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    ImmutableArray<ScenarioEvidence> Evidence,
    ImmutableArray<Expectation> Expectations,
    SourceSpan Span);

/// <summary>Evidence a test feeds the evaluator. Instants carry their offset as written (semantics 2).</summary>
public abstract record ScenarioEvidence(SourceSpan Span);

/// <summary><c>incident api outage from ... to ...</c>; End null means still open at the evaluation's as-of instant.</summary>
public sealed record ScenarioIncident(
    string Service,
    string Impact,
    Instant Start,
    Instant? End,
    int? Severity,
    string? Cause,
    SourceSpan Span) : ScenarioEvidence(Span);

/// <summary><c>maintenance api from ... to ... announced ...</c>.</summary>
public sealed record ScenarioMaintenance(string Service, Instant Start, Instant End, Instant? Announced, SourceSpan Span) : ScenarioEvidence(Span);

/// <summary>What an expectation checks.</summary>
public enum ExpectedQuantity
{
    Downtime,
    Availability,
    SuccessRate,
    Credit,
    Breaches,
    Met,
}

/// <summary>An expected value: a duration, a percent (optionally rounded to N places for the comparison), money, a count or a verdict.</summary>
public abstract record ExpectedValue;

public sealed record ExpectedDuration(Duration Value) : ExpectedValue;

/// <summary>Invariant: RoundedToPlaces, when set, is 0..28.</summary>
public sealed record ExpectedPercent(decimal Value, int? RoundedToPlaces) : ExpectedValue;

public sealed record ExpectedCredit(Percent? PercentOfFee, Money? Amount) : ExpectedValue;

public sealed record ExpectedCount(long Value) : ExpectedValue;

public sealed record ExpectedVerdict(bool Met) : ExpectedValue;

/// <summary><c>expect availability of availability = 99.792% rounded to 3 places</c>. Target names an SLA or KPI.</summary>
public sealed record Expectation(ExpectedQuantity Quantity, string Target, ExpectedValue Value, SourceSpan Span);
