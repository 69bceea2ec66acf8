using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// The money side of an SLA. Invariants: tiers have been analysed (no ambiguous overlap, monotonic: SLA0111,
/// SLA0112); a money amount needs the contract's fee or a currency (SLA0113). Not cumulative means the most severe
/// tier that holds applies (semantics 7).
/// </summary>
public sealed record CreditTerms(
    ImmutableArray<CreditTier> Tiers,
    bool Cumulative,
    ImmutableArray<CreditCap> Caps,
    Money? MinimumCredit,
    ClaimDeadline? Claim)
{
    public static readonly CreditTerms None = new([], false, [], null, null);
}

/// <summary>When a tier pays.</summary>
public abstract record CreditCondition;

/// <summary>The measured percent (availability, success rate) lies in <see cref="Range"/>; lower is worse.</summary>
public sealed record MeasuredIn(string Measure, PercentRange Range) : CreditCondition;

/// <summary><c>when any guarantee is breached</c>.</summary>
public sealed record AnyGuaranteeBreached : CreditCondition;

/// <summary><c>per breached incident</c>: once per incident that breaches a per-incident clock.</summary>
public sealed record PerBreachedIncident : CreditCondition;

/// <summary>How much a tier pays.</summary>
public abstract record CreditAmount;

/// <summary>A percent of the fee for the window.</summary>
public sealed record PercentOfFee(Percent Percent) : CreditAmount;

/// <summary>Slack style: N times the fee for the down period. Invariant: Multiple &gt; 0.</summary>
public sealed record MultipleOfDownPeriodFee(decimal Multiple) : CreditAmount;

/// <summary>A fixed amount of money.</summary>
public sealed record FixedCredit(Money Amount) : CreditAmount;

/// <summary>One credit tier as written (clause text kept for statements).</summary>
public sealed record CreditTier(CreditCondition Condition, CreditAmount Amount, SourceSpan Span);

/// <summary>Which total a cap limits.</summary>
public enum CapScope
{
    /// <summary>This SLA's credits in one window.</summary>
    PerWindow,
    /// <summary>All commitments' credits in one contract year.</summary>
    PerContractYear,
}

/// <summary>A cap on credits: a percent of the fee, a number of days of service, or a money amount.</summary>
public abstract record CreditCap(CapScope Scope, SourceSpan Span);

public sealed record PercentOfFeeCap(Percent Percent, CapScope Scope, SourceSpan Span) : CreditCap(Scope, Span);

/// <summary>GitHub style: <c>capped at 90 days of service</c>. Invariant: Days &gt; 0.</summary>
public sealed record DaysOfServiceCap(int Days, CapScope Scope, SourceSpan Span) : CreditCap(Scope, Span);

public sealed record MoneyCap(Money Amount, CapScope Scope, SourceSpan Span) : CreditCap(Scope, Span);

/// <summary>When a claim must be made, relative to the window's end.</summary>
public abstract record ClaimDeadline(SourceSpan Span);

/// <summary><c>claim within 30 days after the month ends</c>. Invariant: Days &gt; 0.</summary>
public sealed record ClaimWithinDays(int Days, SourceSpan Span) : ClaimDeadline(Span);

/// <summary>AWS style: by the end of the Nth billing cycle after the window. Invariant: Cycles &gt; 0.</summary>
public sealed record ClaimByEndOfCycle(int Cycles, SourceSpan Span) : ClaimDeadline(Span);
