using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

// ----- guarantees and targets -------------------------------------------------------------------------------------

/// <summary><c>guarantee OBJECTIVE [,] WINDOW</c> in an sla block, e.g.
/// <c>guarantee availability of api at least 99.9% per calendar month</c>.</summary>
public sealed record GuaranteeClauseSyntax(ObjectiveSyntax Objective, WindowSyntax Window, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>target OBJECTIVE [,] [WINDOW]</c> in a kpi block. <see cref="Window"/> is null only for trend
/// objectives (<c>decreasing month over month</c> carries its own step).</summary>
public sealed record TargetClauseSyntax(ObjectiveSyntax Objective, WindowSyntax? Window, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>supports availability</c> (or <c>supports a and b</c>): links a KPI to the SLAs it protects.</summary>
public sealed record SupportsClauseSyntax(ImmutableArray<IdentifierSyntax> Slas, SourceSpan Span) : ClauseSyntax(Span);

// ----- how downtime / availability is measured --------------------------------------------------------------------

/// <summary><c>downtime is incidents on api with impact outage</c>: downtime is the union of the selected incidents.</summary>
public sealed record DowntimeFromIncidentsClauseSyntax(IncidentSelectionSyntax Incidents, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>downtime is each minute on platform with error rate above 10% and at least 2000 requests</c>:
/// an interval of <see cref="Interval"/> length is down when its error rate satisfies <see cref="ErrorRate"/> and it
/// served at least <see cref="MinimumRequests"/> requests (when given).</summary>
public sealed record DowntimeFromErrorRateClauseSyntax(
    DurationLiteralSyntax Interval,
    ImmutableArray<IdentifierSyntax> Services,
    ComparisonSyntax ErrorRate,
    NumberLiteralSyntax? MinimumRequests,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>availability is 100% minus average error rate of each 5-minute interval on storage, empty intervals count as 0%</c>
/// (S3, Azure Storage). <see cref="EmptyIntervalErrorRate"/> is the error rate stated for intervals without requests.</summary>
public sealed record AverageErrorRateClauseSyntax(
    DurationLiteralSyntax Interval,
    ImmutableArray<IdentifierSyntax> Services,
    PercentLiteralSyntax EmptyIntervalErrorRate,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>only runs of at least 10 consecutive down minutes count</c>: shorter runs of down intervals are ignored.
/// <see cref="Noun"/> is the word as written: <c>intervals</c>, <c>minutes</c> or <c>hours</c>.</summary>
public sealed record ConsecutiveRunClauseSyntax(NumberLiteralSyntax Count, string Noun, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>downtime is weighted by the affected share of each incident</c> (Cloudflare): an incident's downtime counts
/// its data's <c>affected_share</c> of the time (an incident without one affects all traffic).</summary>
public sealed record AffectedShareClauseSyntax(SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>downtime counts only when at least 2 zones are down at once</c> (AWS region level): an instant is down when
/// at least <see cref="Count"/> of the downtime rule's services are down at it. <see cref="Noun"/>: <c>services</c> or
/// <c>zones</c>, as written.</summary>
public sealed record AtOnceClauseSyntax(NumberLiteralSyntax Count, string Noun, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>downtime counts 50% for incidents on api with impact degraded</c>: weighted downtime; at each instant
/// the largest applicable weight counts.</summary>
public sealed record DowntimeWeightClauseSyntax(PercentLiteralSyntax Weight, IncidentSelectionSyntax Incidents, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>ignore downtime periods shorter than 1 minute</c>: applies to merged downtime periods.</summary>
public sealed record MinimumDowntimePeriodClauseSyntax(DurationLiteralSyntax Minimum, SourceSpan Span) : ClauseSyntax(Span);

public enum MeasurementBase
{
    /// <summary><c>measured over the calendar window</c> (the default).</summary>
    CalendarWindow,
    /// <summary><c>measured over deployed time</c>: the denominator is the time the resource was deployed (Azure).</summary>
    DeployedTime,
}

/// <summary><c>measured over deployed time</c> / <c>measured over the calendar window</c>: the denominator.</summary>
public sealed record MeasuredOverClauseSyntax(MeasurementBase Base, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>round measured value to 3 places [half-even]</c>: rounding applied before comparison with thresholds.</summary>
public sealed record RoundMeasuredValueClauseSyntax(NumberLiteralSyntax Places, RoundingMode? Mode, SourceSpan Span) : ClauseSyntax(Span);

// ----- exclusions -------------------------------------------------------------------------------------------------

/// <summary><c>exclude EXCLUSION [, at most 4 hours per month]</c>. Time beyond the cap counts as downtime.</summary>
public sealed record ExclusionClauseSyntax(ExclusionSyntax Exclusion, ExclusionCapSyntax? Cap, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>What an exclusion matches.</summary>
public abstract record ExclusionSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>maintenance [announced at least 72 hours ahead]</c>.</summary>
public sealed record MaintenanceExclusionSyntax(DurationLiteralSyntax? MinimumNotice, SourceSpan Span) : ExclusionSyntax(Span);

/// <summary><c>incidents caused by customer, force-majeure</c> (also <c>or</c> between causes).</summary>
public sealed record CauseExclusionSyntax(ImmutableArray<IdentifierSyntax> Causes, SourceSpan Span) : ExclusionSyntax(Span);

/// <summary><c>incidents tagged planned-test</c>.</summary>
public sealed record TagExclusionSyntax(ImmutableArray<IdentifierSyntax> Tags, SourceSpan Span) : ExclusionSyntax(Span);

/// <summary><c>downtime during Sun 02:00-06:00</c>: a recurring local time-of-day window.</summary>
public sealed record TimeWindowExclusionSyntax(WeeklyScheduleSyntax Schedule, SourceSpan Span) : ExclusionSyntax(Span);

public enum CapPeriod
{
    Month,
    Quarter,
    Year,
    /// <summary><c>per contract year</c>: years counted from the effective date.</summary>
    ContractYear,
    BillingCycle,
}

/// <summary><c>at most 4 hours per month</c> on an exclusion.</summary>
public sealed record ExclusionCapSyntax(DurationLiteralSyntax Limit, CapPeriod Per, SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// Which of the two sentences on excluded time the contract writes (the binder turns it into the evaluation's
/// excluded-time accounting).
/// </summary>
public enum ExcludedTimeWording
{
    /// <summary><c>excluded time counts as available</c>: removed from downtime only (Twilio's (A - B + C) / A).</summary>
    CountsAsAvailable,
    /// <summary><c>excluded time is removed from the measured period</c>: removed from downtime and the total.</summary>
    RemovedFromMeasuredPeriod,
}

/// <summary>The stated accounting of excluded time.</summary>
public sealed record ExcludedTimeClauseSyntax(ExcludedTimeWording Accounting, SourceSpan Span) : ClauseSyntax(Span);

// ----- credits ----------------------------------------------------------------------------------------------------

/// <summary><c>credit AMOUNT [when CONDITION | per breached incident]</c>. <see cref="Trigger"/> is null only for a
/// multiplier amount (<c>credit 10 times the fee for the down period</c>), which applies to the down period itself.</summary>
public sealed record CreditClauseSyntax(CreditAmountSyntax Amount, CreditTriggerSyntax? Trigger, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>An amount of credit or a cap.</summary>
public abstract record CreditAmountSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>10% of fee</c>.</summary>
public sealed record PercentOfFeeSyntax(PercentLiteralSyntax Percent, SourceSpan Span) : CreditAmountSyntax(Span);

/// <summary><c>90 days of service</c>: the fee pro rata for that many days.</summary>
public sealed record DaysOfServiceSyntax(NumberLiteralSyntax Days, SourceSpan Span) : CreditAmountSyntax(Span);

/// <summary><c>250.00 USD</c>: a fixed amount.</summary>
public sealed record FixedAmountSyntax(MoneyLiteralSyntax Money, SourceSpan Span) : CreditAmountSyntax(Span);

/// <summary><c>10 times the fee for the down period</c> (Slack): factor x fee pro rata for the downtime.
/// <see cref="OverMeasuredPeriod"/>: <c>... over the measured period</c> (Cloudflare): the fee is prorated over the SLA's
/// measured period (scheduled availability), not the calendar window.</summary>
public sealed record FeeMultipleForDownPeriodSyntax(NumberLiteralSyntax Factor, SourceSpan Span, bool OverMeasuredPeriod = false) : CreditAmountSyntax(Span);

/// <summary>When a credit applies.</summary>
public abstract record CreditTriggerSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>when CONDITION</c>.</summary>
public sealed record WhenTriggerSyntax(CreditConditionSyntax Condition, SourceSpan Span) : CreditTriggerSyntax(Span);

/// <summary><c>per breached incident</c>: the amount is owed once per incident that breaches an every-incident guarantee.</summary>
public sealed record PerBreachedIncidentTriggerSyntax(SourceSpan Span) : CreditTriggerSyntax(Span);

/// <summary>A credit tier's condition.</summary>
public abstract record CreditConditionSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary>What a tier condition compares.</summary>
public enum TierSubject
{
    Availability,
    Uptime,
    SuccessRate,
}

/// <summary><c>availability below 99.9%</c> or <c>availability at most 99.9% and above 99.0%</c>: every bound must hold.</summary>
public sealed record MeasuredValueConditionSyntax(TierSubject Subject, ImmutableArray<ComparisonSyntax> Bounds, SourceSpan Span) : CreditConditionSyntax(Span);

/// <summary><c>any guarantee is breached</c>.</summary>
public sealed record AnyGuaranteeBreachedConditionSyntax(SourceSpan Span) : CreditConditionSyntax(Span);

/// <summary><c>credits are cumulative</c>: every tier that holds adds up (default: only the most severe applies).</summary>
public sealed record CumulativeCreditsClauseSyntax(SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>credits capped at 50% of fee per month</c>, <c>credits capped at 90 days of service [per contract year]</c>,
/// <c>credits capped at 10% of fee in any 12 consecutive months</c>.
/// <see cref="Per"/> null means per window.</summary>
public sealed record CreditCapClauseSyntax(CreditAmountSyntax Limit, CapPeriod? Per, SourceSpan Span) : ClauseSyntax(Span)
{
    /// <summary><c>in any 12 consecutive months</c>: a rolling cap over that many months (then <see cref="Per"/> is null).</summary>
    public NumberLiteralSyntax? RollingMonths { get; init; }
}

/// <summary><c>no credit below 1.00 USD</c> (<see cref="Required"/> = AtLeast) or <c>no credit unless above 1.00 USD</c>
/// (<see cref="Required"/> = Above): smaller credits are not paid.</summary>
public sealed record MinimumCreditClauseSyntax(ComparisonOperator Required, MoneyLiteralSyntax Amount, SourceSpan Span) : ClauseSyntax(Span);

// ----- claims and warnings ----------------------------------------------------------------------------------------

public enum ClaimUnit
{
    Days,
    Months,
    BillingCycles,
}

public enum ClaimAnchor
{
    /// <summary><c>after the month ends</c>.</summary>
    MonthEnd,
    /// <summary><c>after the quarter ends</c>.</summary>
    QuarterEnd,
    /// <summary><c>after the year ends</c>.</summary>
    YearEnd,
    /// <summary><c>after the billing cycle ends</c>.</summary>
    BillingCycleEnd,
    /// <summary><c>after the window ends</c>.</summary>
    WindowEnd,
    /// <summary><c>after the incident</c>.</summary>
    Incident,
}

/// <summary><c>claim within 30 days after the month ends</c>.</summary>
public sealed record ClaimWithinClauseSyntax(NumberLiteralSyntax Count, ClaimUnit Unit, ClaimAnchor After, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>claim by the end of the second billing cycle after the incident</c>; <see cref="Ordinal"/> is 1-based
/// (<c>first</c> = 1) and is written as a word.</summary>
public sealed record ClaimByEndOfCycleClauseSyntax(int Ordinal, ClaimAnchor After, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>warn when 75% of downtime budget is used</c>.</summary>
public sealed record WarnClauseSyntax(PercentLiteralSyntax Used, SourceSpan Span) : ClauseSyntax(Span);

// ----- per-incident clocks ----------------------------------------------------------------------------------------

public enum ClockKind
{
    Response,
    Resolution,
}

public enum ClockEvent
{
    Started,
    Detected,
    Acknowledged,
    Responded,
    Resolved,
}

/// <summary><c>response clock runs [from detected to acknowledged] [during business hours Mon-Fri 08:00-18:00]
/// [except holidays us-federal-2026]</c>. Invariant: at least one of the optional parts is present.</summary>
public sealed record ClockClauseSyntax(
    ClockKind Kind,
    ClockEvent? Start,
    ClockEvent? Stop,
    WeeklyScheduleSyntax? BusinessHours,
    IdentifierSyntax? Holidays,
    SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>Mon-Fri 08:00-18:00</c>, <c>Sat and Sun 00:00-24:00</c>, <c>Sundays 02:00-06:00</c>: local days and a
/// local time-of-day range [From, To).</summary>
public sealed record WeeklyScheduleSyntax(ImmutableArray<DayRangeSyntax> Days, TimeOfDayLiteralSyntax From, TimeOfDayLiteralSyntax To, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>Mon-Fri</c> (First..Last, wrapping past Sunday allowed) or a single day <c>Sun</c> (First = Last).</summary>
public sealed record DayRangeSyntax(DayOfWeek First, DayOfWeek Last, SourceSpan Span) : SyntaxNode(Span);
