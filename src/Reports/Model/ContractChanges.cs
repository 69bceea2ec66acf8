using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Reports.Model;

/// <summary>Where in a contract a change is: its own terms, one SLA, or one KPI.</summary>
public enum ChangeScope
{
    Contract,
    Sla,
    Kpi,
}

/// <summary>The term of a contract a change is about: the noun its sentence names.</summary>
public enum ContractTerm
{
    /// <summary>A whole contract added or removed (scope Contract).</summary>
    Contract,
    /// <summary>A whole SLA added or removed.</summary>
    Sla,
    /// <summary>A whole KPI added or removed.</summary>
    Kpi,
    Provider,
    Customer,
    EffectiveStart,
    EffectiveEnd,
    TimeZone,
    Fee,
    Rounding,
    Service,
    ClaimChannel,
    Title,
    Clause,
    /// <summary>A guarantee (SLA) or target (KPI) as a whole: its measure changed, or it was added or removed.</summary>
    Guarantee,
    /// <summary>The bound of a guarantee or target whose measure stayed the same.</summary>
    Target,
    /// <summary>The services a guarantee's or target's measure is of (the measure otherwise the same).</summary>
    MeasuredServices,
    Window,
    Downtime,
    Exclusion,
    ExcludedTime,
    Denominator,
    MeasuredValueRounding,
    Clock,
    CreditTier,
    CreditTierCondition,
    Cumulative,
    Cap,
    Minimum,
    ClaimDeadline,
    Supports,
    BudgetWarnings,
}

/// <summary>
/// One difference between two versions of a contract, as values (never a sentence; <see cref="Wording.Words.Change"/>
/// words it). <see cref="Old"/> null: added; <see cref="New"/> null: removed; both: changed. Invariant: at least one side
/// is set; <see cref="Block"/> names the SLA or KPI exactly when the scope is not the contract; <see cref="Ordinal"/>
/// (1-based) tells which of several (the second tier, the first guarantee) when the term is one of a list.
/// </summary>
public sealed record TermChange
{
    public TermChange(ChangeScope scope, string? block, ContractTerm term, int? ordinal, TermValue? old, TermValue? @new)
    {
        if (old is null && @new is null) throw new ArgumentException("A change has an old or a new side.", nameof(old));
        if ((scope == ChangeScope.Contract) != (block is null)) throw new ArgumentException("An SLA or KPI change names its block; a contract change does not.", nameof(block));
        Scope = scope;
        Block = block;
        Term = term;
        Ordinal = ordinal;
        Old = old;
        New = @new;
    }

    public ChangeScope Scope { get; }
    public string? Block { get; }
    public ContractTerm Term { get; }
    public int? Ordinal { get; }
    public TermValue? Old { get; }
    public TermValue? New { get; }

    /// <summary>What the term measures, when its noun alone does not say (a guarantee's bound: "success rate"); null otherwise.</summary>
    public string? Measure { get; init; }
}

/// <summary>One side of a change: a typed value the wording module words (and orders: raised or lowered).</summary>
public abstract record TermValue
{
    public sealed record Percent(decimal Value) : TermValue;
    public sealed record Money(decimal Amount, string Currency) : TermValue;
    public sealed record Fee(decimal Amount, string Currency, FeePeriod Per) : TermValue;
    public sealed record Duration(NodaTime.Duration Value) : TermValue;
    public sealed record Date(LocalDate Value) : TermValue;
    /// <summary>A name or identifier the contract wrote (a time zone id, a title, a clause number, a service).</summary>
    public sealed record Name(string Value) : TermValue;
    public sealed record Names(ImmutableArray<string> Values) : TermValue;
    public sealed record Flag(bool Value) : TermValue;
    public sealed record Places(int Value, RoundingMode Mode) : TermValue;
    public sealed record Window(WindowKind Kind, int? Parameter) : TermValue;
    public sealed record Rounding(RoundingMode Mode, string? Currency, bool Stated) : TermValue;
    public sealed record Guarantee(GuaranteeTerms Terms) : TermValue;
    public sealed record Exclusion(ExclusionTerms Terms) : TermValue;
    /// <summary>A credit line: its condition as the contract words it ("availability below 99.0%") and its amount.</summary>
    public sealed record CreditLine(string Condition, CreditAmountTerms Amount) : TermValue;
    /// <summary>A credit line's condition alone.</summary>
    public sealed record TierCondition(string Words) : TermValue;
    public sealed record Cap(CreditAmountTerms Limit, CapPeriod? Per, int? RollingMonths) : TermValue;
    public sealed record Minimum(ComparisonOperator Required, decimal Amount, string Currency) : TermValue;
    /// <summary><c>claim within 30 days after the month ends</c> (Unit set) or <c>by the end of the second billing cycle after ...</c> (Unit null).</summary>
    public sealed record ClaimDeadline(int Count, ClaimUnit? Unit, ClaimAnchor After) : TermValue;
    public sealed record ClaimChannel(string? Contact, string? Portal, string? Reference) : TermValue;
    public sealed record ExcludedTime(ExcludedTimeAccounting Accounting, bool Stated) : TermValue;
    /// <summary>A term the wording module does not spell out (a downtime definition, a clock rule): the reader is sent to the contract.</summary>
    public sealed record AsWritten : TermValue;
}

/// <summary>An exclusion's predicate and cap, as values.</summary>
public abstract record ExclusionTerms(NodaTime.Duration? CapLimit, CapPeriod? CapPer)
{
    public sealed record Maintenance(NodaTime.Duration? MinimumNotice, NodaTime.Duration? CapLimit, CapPeriod? CapPer) : ExclusionTerms(CapLimit, CapPer);
    public sealed record CausedBy(ImmutableArray<string> Causes, NodaTime.Duration? CapLimit, CapPeriod? CapPer) : ExclusionTerms(CapLimit, CapPer);
    public sealed record Tagged(ImmutableArray<string> Tags, NodaTime.Duration? CapLimit, CapPeriod? CapPer) : ExclusionTerms(CapLimit, CapPer);
    /// <summary>Local hours on some weekdays, minutes of the day (24:00 = 1440).</summary>
    public sealed record Hours(ImmutableArray<IsoDayOfWeek> Days, int FromMinute, int ToMinute, NodaTime.Duration? CapLimit, CapPeriod? CapPer) : ExclusionTerms(CapLimit, CapPer);
}

/// <summary>An amount of credit or a cap's limit, as values.</summary>
public abstract record CreditAmountTerms
{
    public sealed record PercentOfFee(decimal Percent) : CreditAmountTerms;
    public sealed record DaysOfService(int Days) : CreditAmountTerms;
    public sealed record Fixed(decimal Amount, string Currency) : CreditAmountTerms;
    public sealed record FeeMultiple(decimal Factor, bool OverMeasuredPeriod) : CreditAmountTerms;
}

/// <summary>
/// What a change would have done to one SLA or KPI in a period: its outcome under the old and the new terms (null on the
/// side where it does not exist). Invariant: at least one side.
/// </summary>
public sealed record ChangeEffect(ChangeScope Scope, string Block, OutcomeSide? Old, OutcomeSide? New)
{
    public bool Differs => Old != New;
}

/// <summary>
/// One side's outcome in words-ready values: the verdict and measured value when evaluated (else <see cref="Reason"/>),
/// and the credit granted (SLAs only; zero is a credit of zero).
/// </summary>
public sealed record OutcomeSide(Verdict? Verdict, ExactRatio? Measured, ValueUnit Unit, ValueCondition? Target, decimal? Credit, string? Currency, string? Reason)
{
    /// <summary>For an SLA whose value is a count ("1 of 2 guarantees breached", "0 of 1 incidents late"): those words, from <see cref="Wording.OutcomeWording"/>.</summary>
    public string? Count { get; init; }

    /// <summary>A KPI's unit after a plain value ("ms", "s"); null for percents and SLAs.</summary>
    public string? UnitName { get; init; }
}
