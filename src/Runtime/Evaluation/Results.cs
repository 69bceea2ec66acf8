using System.Collections.Immutable;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>The verdict on one commitment in one window.</summary>
public enum Verdict
{
    Met,
    Breached,
    /// <summary>Nothing to measure (empty measured period, no requests, no incidents for a share): no credit, a warning says why.</summary>
    NotMeasurable,
}

/// <summary>What a budget and the way to the next credit tier are counted in.</summary>
public enum BudgetUnit
{
    /// <summary>Seconds of downtime (downtime commitments).</summary>
    DowntimeSeconds,
    /// <summary>Bad requests (request-based commitments).</summary>
    BadRequests,
}

/// <summary>
/// The next credit tier that more downtime (or more bad requests) would reach, and what it would cost.
/// <see cref="Additional"/> is in <see cref="AdditionalUnit"/>; <see cref="Strictly"/>: reaching the bound is not enough
/// (an exclusive bound), more than <see cref="Additional"/> is needed.
/// </summary>
public sealed record NextCreditTier(string Label, string Condition, decimal PercentOfFee, decimal ExactAmount, decimal Amount, decimal Additional, BudgetUnit AdditionalUnit, bool Strictly)
{

    /// <summary>The tier's condition as a value (documents word it from this, never from <see cref="Condition"/>'s text); null when built from text alone.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ValueCondition? Band { get; init; }
}

/// <summary>
/// Approaching-breach view of a downtime commitment at the as-of instant. Projection rule (linear): the downtime rate
/// seen so far continues for the rest of the window, projected downtime = used x window length / elapsed; once the
/// window has ended the projection is the used downtime. Burn rate = (used / budget) / (elapsed / window length):
/// 1 means on pace to use exactly the budget. Seconds are exact; burn rate and projected percent are divided once
/// (28 significant digits) and are informational.
/// </summary>
public sealed record DowntimeBudget(
    decimal BudgetSeconds,
    decimal UsedSeconds,
    decimal RemainingSeconds,
    decimal ElapsedSeconds,
    decimal MeasuredSeconds,
    decimal? BurnRate,
    decimal ProjectedDowntimeSeconds,
    ExactRatio? ProjectedValue,
    Verdict ProjectedVerdict,
    NextCreditTier? NextTier)
{
    public decimal BudgetMinutes => BudgetSeconds / 60m;
    public decimal UsedMinutes => UsedSeconds / 60m;
    public decimal RemainingMinutes => RemainingSeconds / 60m;
}

/// <summary>
/// The result of one commitment or KPI in one window, ready to become a statement line. <see cref="Measured"/> is the
/// exact value (a ratio, or a plain number over 1 for durations and counts); <see cref="DowntimeSeconds"/> and
/// <see cref="MeasuredSeconds"/> are exact when the measure is time-based. Credits never apply to KPIs.
/// </summary>
public sealed record CommitmentResult(
    string Commitment,
    string? Clause,
    string Window,
    ExactRatio? Measured,
    ValueUnit Unit,
    decimal? DowntimeSeconds,
    decimal? MeasuredSeconds,
    Verdict Verdict,
    DowntimeBudget? Budget,
    CreditDecision? Credit,
    ImmutableArray<EvaluationWarning> Warnings,
    CommitmentTrace Trace,
    RequestBudget? RequestBudget = null)
{
    /// <summary>
    /// For a count-trend KPI ("incident count decreasing month over month"), whose measured value is the change: the
    /// incident count of the window itself, so a chart plots counts as counts (never the changes as if they were
    /// counts). Null for every other result.
    /// </summary>
    public long? CountInWindow { get; init; }

    /// <summary>The warnings a customer reads, in order (the provider-only ones, such as a budget threshold, left out).</summary>
    public IEnumerable<EvaluationWarning> CustomerWarnings => Warnings.Where(w => w.Audience == WarningAudience.Customer);
}

/// <summary>Who a result's warning is for: the customer (statement and every report) or the provider only (operational).</summary>
public enum WarningAudience
{
    Customer,
    Provider,
}

/// <summary>
/// Approaching-breach view of a request-based commitment ("success rate at least X%") at as-of, in requests:
/// allowed bad requests = total so far x (100 - X) / 100 (exact), used = bad so far, remaining = allowed - used.
/// Projection rule: the traffic mix seen so far continues, so the projected success rate at window end equals the
/// current one. The next tier is reached after <see cref="NextCreditTier.Additional"/> more bad requests
/// out of the same total (whole requests).
/// </summary>
public sealed record RequestBudget(decimal AllowedBadRequests, long UsedBadRequests, decimal RemainingBadRequests, long TotalRequests, decimal ElapsedSeconds, decimal? BurnRate, NextCreditTier? NextTier);
