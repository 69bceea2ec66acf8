using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// The money side of an SLA. Invariants: measured tiers have been analysed (no ambiguous overlap, monotonic: SLA0111,
/// SLA0112); every money amount is in the fee's currency (SLA0107) and percent-of-fee amounts have a fee (SLA0113).
/// Not cumulative means the most severe tier that holds applies (semantics 7).
/// </summary>
public sealed record CreditTerms(
    ImmutableArray<CreditTierClause> Tiers,
    bool Cumulative,
    ImmutableArray<CreditCap> Caps,
    MinimumCreditClause? Minimum,
    ClaimDeadlineClause? Claim);

/// <summary>When a tier pays.</summary>
public abstract record CreditCondition;

/// <summary>
/// The measured percent lies in <see cref="Range"/> (lower is worse). <see cref="Label"/> is the condition as written
/// in words (<c>availability at most 99.9% and above 99.0%</c>), for messages and statements.
/// </summary>
public sealed record MeasuredIn(TierSubject Subject, PercentRange Range, string Label) : CreditCondition;

/// <summary><c>when any guarantee is breached</c>.</summary>
public sealed record AnyGuaranteeBreached : CreditCondition;

/// <summary><c>per breached incident</c>: once per incident that breaches an every-incident guarantee.</summary>
public sealed record PerBreachedIncident : CreditCondition;

/// <summary>A multiplier credit applies to the down period itself (<c>credit 10 times the fee for the down period</c>).</summary>
public sealed record ForDownPeriod : CreditCondition;

/// <summary>An amount of credit, or a cap's limit.</summary>
public abstract record CreditAmount;

public sealed record PercentOfFee(Percent Percent) : CreditAmount;

/// <summary>The fee pro rata for that many days. Invariant: Days &gt; 0.</summary>
public sealed record DaysOfService(int Days) : CreditAmount
{
    public int Days { get; init; } = Days > 0 ? Days : throw new ArgumentOutOfRangeException(nameof(Days), Days, "At least one day of service.");
}

public sealed record FixedAmount(Money Amount) : CreditAmount;

/// <summary>
/// Slack style: Factor times the fee pro rata for the down period, over the calendar window; or, when
/// <see cref="OverMeasuredPeriod"/> (Cloudflare), over the SLA's measured period (the window minus excluded time: scheduled
/// availability). Invariant: Factor &gt; 0.
/// </summary>
public sealed record FeeMultipleForDownPeriod(decimal Factor, bool OverMeasuredPeriod = false) : CreditAmount
{
    public decimal Factor { get; init; } = Factor > 0m ? Factor : throw new ArgumentOutOfRangeException(nameof(Factor), Factor, "A multiplier above zero.");
}

/// <summary>One credit line as written; <see cref="Clause"/> is its own citation (<c>clause "3.3": credit ...</c>), or null.</summary>
public sealed record CreditTierClause(CreditCondition Condition, CreditAmount Amount, SourceSpan Span)
{
    public string? Clause { get; init; }
}

/// <summary>
/// <c>credits capped at 50% of fee per month</c>; Per null means per window, unless <see cref="RollingMonths"/> is set:
/// <c>in any 12 consecutive months</c> (2 to 120; the SLA is monthly and has an effective date: SLA0160, SLA0161).
/// <see cref="Clause"/> is the cap's own citation, or null.
/// </summary>
public sealed record CreditCap(CreditAmount Limit, CapPeriod? Per, SourceSpan Span)
{
    public string? Clause { get; init; }

    public int? RollingMonths { get; init; }
}

/// <summary><c>no credit below 1.00 USD</c> (AtLeast) or <c>no credit unless above 1.00 USD</c> (Above); <see cref="Clause"/> is its citation, or null.</summary>
public sealed record MinimumCreditClause(ComparisonOperator Required, Money Amount)
{
    public string? Clause { get; init; }
}

/// <summary>When a claim must be made.</summary>
public abstract record ClaimDeadlineClause(SourceSpan Span);

/// <summary><c>claim within 30 days after the month ends</c>. Invariant: Count &gt; 0.</summary>
public sealed record ClaimWithin(int Count, ClaimUnit Unit, ClaimAnchor After, SourceSpan Span) : ClaimDeadlineClause(Span)
{
    public int Count { get; init; } = Count > 0 ? Count : throw new ArgumentOutOfRangeException(nameof(Count), Count, "A claim period of at least one unit.");
}

/// <summary><c>claim by the end of the second billing cycle after the incident</c>. Invariant: Ordinal &gt;= 1.</summary>
public sealed record ClaimByEndOfCycle(int Ordinal, ClaimAnchor After, SourceSpan Span) : ClaimDeadlineClause(Span)
{
    public int Ordinal { get; init; } = Ordinal >= 1 ? Ordinal : throw new ArgumentOutOfRangeException(nameof(Ordinal), Ordinal, "The first cycle is 1.");
}
