using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary><c>test "name" for "contract name" { period ...; evidence ...; expect ... }</c>: a scenario pinning a worked
/// example. <see cref="ContractName"/> names a contract by its quoted name (resolved by the binder).</summary>
public sealed record TestSyntax(StringLiteralSyntax Name, StringLiteralSyntax ContractName, ImmutableArray<ClauseSyntax> Clauses, SourceSpan Span) : TopLevelSyntax(Span)
{
    public IEnumerable<ExpectClauseSyntax> Expectations => Clauses.OfType<ExpectClauseSyntax>();
}

/// <summary><c>period 2026-11</c> (also <c>2026-Q4</c>, <c>2026</c>): the window evaluated.</summary>
public sealed record PeriodClauseSyntax(PeriodLiteralSyntax Period, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>as of 2026-12-01T00:00Z</c>: the evaluation instant (open incidents run until it).</summary>
public sealed record AsOfClauseSyntax(InstantLiteralSyntax At, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>incident api outage from I [to I] [cause c] [severity 1] [tagged t] [detected at I] [acknowledged at I]
/// [responded at I] [postmortem completed|missing]</c>. <see cref="To"/> null = still open.</summary>
public sealed record IncidentEvidenceSyntax(
    IdentifierSyntax Service,
    IdentifierSyntax Impact,
    InstantLiteralSyntax From,
    InstantLiteralSyntax? To,
    ImmutableArray<IncidentAttributeSyntax> Attributes,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary>An optional fact about a test incident.</summary>
public abstract record IncidentAttributeSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>cause customer</c>.</summary>
public sealed record CauseAttributeSyntax(IdentifierSyntax Cause, SourceSpan Span) : IncidentAttributeSyntax(Span);

/// <summary><c>severity 1</c>.</summary>
public sealed record SeverityAttributeSyntax(NumberLiteralSyntax Severity, SourceSpan Span) : IncidentAttributeSyntax(Span);

/// <summary><c>tagged planned-test</c>.</summary>
public sealed record TagAttributeSyntax(IdentifierSyntax Tag, SourceSpan Span) : IncidentAttributeSyntax(Span);

/// <summary><c>detected at I</c>, <c>acknowledged at I</c>, <c>responded at I</c> (<see cref="Event"/> is never
/// Started or Resolved: those are <c>from</c>/<c>to</c>).</summary>
public sealed record MilestoneAttributeSyntax(ClockEvent Event, InstantLiteralSyntax At, SourceSpan Span) : IncidentAttributeSyntax(Span);

/// <summary><c>affected 25%</c>: the share of the customer's traffic the incident affected (the data's affected_share).</summary>
public sealed record AffectedShareAttributeSyntax(PercentLiteralSyntax Share, SourceSpan Span) : IncidentAttributeSyntax(Span);

/// <summary><c>postmortem completed</c> or <c>postmortem missing</c>.</summary>
public sealed record PostmortemAttributeSyntax(bool Completed, SourceSpan Span) : IncidentAttributeSyntax(Span);

/// <summary><c>maintenance [on api] from I to I announced I</c>; no services means every service.</summary>
public sealed record MaintenanceEvidenceSyntax(
    ImmutableArray<IdentifierSyntax> Services,
    InstantLiteralSyntax From,
    InstantLiteralSyntax To,
    InstantLiteralSyntax Announced,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>requests on api from I to I total 2500 failed 300 [p95 420 ms]</c>: one request slice.</summary>
public sealed record RequestsEvidenceSyntax(
    IdentifierSyntax Service,
    InstantLiteralSyntax From,
    InstantLiteralSyntax To,
    NumberLiteralSyntax Total,
    NumberLiteralSyntax Failed,
    ImmutableArray<LatencyValueSyntax> Latencies,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>p95 420 ms</c> inside a requests line.</summary>
public sealed record LatencyValueSyntax(int Percentile, DurationLiteralSyntax Value, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>alert on api at I [acknowledged at I]</c>.</summary>
public sealed record AlertEvidenceSyntax(IdentifierSyntax Service, InstantLiteralSyntax Raised, InstantLiteralSyntax? Acknowledged, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>deployed api from I [to I]</c>.</summary>
public sealed record DeploymentEvidenceSyntax(IdentifierSyntax Service, InstantLiteralSyntax From, InstantLiteralSyntax? To, SourceSpan Span) : ClauseSyntax(Span);

public enum ExpectQuantity
{
    Downtime,
    Availability,
    Credit,
    Verdict,
    SuccessRate,
    ExcludedTime,
    Breaches,
    Value,
}

/// <summary><c>expect QUANTITY of NAME = V [= V ...] [rounded to N places]</c>; several values state the same
/// quantity in several forms (<c>10% of fee = 1200.00 USD</c>), all of which must hold.</summary>
public sealed record ExpectClauseSyntax(
    ExpectQuantity Quantity,
    IdentifierSyntax Subject,
    ImmutableArray<ExpectedValueSyntax> Values,
    NumberLiteralSyntax? RoundedToPlaces,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary>One expected value.</summary>
public abstract record ExpectedValueSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary>A literal: percent, duration, money or number.</summary>
public sealed record LiteralExpectedValueSyntax(LiteralSyntax Value, SourceSpan Span) : ExpectedValueSyntax(Span);

/// <summary><c>10% of fee</c>.</summary>
public sealed record PercentOfFeeExpectedValueSyntax(PercentLiteralSyntax Percent, SourceSpan Span) : ExpectedValueSyntax(Span);

/// <summary>The verdict a test expects, as written: <c>met</c> or <c>breached</c> (the binder turns it into the evaluation's verdict).</summary>
public enum VerdictKeyword
{
    Met,
    Breached,
}

/// <summary><c>met</c> or <c>breached</c>.</summary>
public sealed record VerdictExpectedValueSyntax(VerdictKeyword Verdict, SourceSpan Span) : ExpectedValueSyntax(Span);
