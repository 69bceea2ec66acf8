using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// The concluding step every measure shares once its value is known (downtime, request metrics, KPI statistics): the
/// verdict against the target, the tiered credit, the budget at as-of and the next credit tier. Each measure computes
/// its value its own way and then concludes here, so a verdict or a credit is decided by one rule everywhere.
/// </summary>
public static class MeasureConclusion
{
    /// <summary>Met when the value satisfies the target, breached when it does not, not measurable without a value.</summary>
    public static Verdict Judge(ExactRatio? value, ValueCondition target) =>
        value is { } v ? (target.Holds(v) ? Verdict.Met : Verdict.Breached) : Verdict.NotMeasurable;

    /// <summary>
    /// The tiered credit on the value (none without credits, a fee or a value). A breach that matches no tier is not
    /// silent: a warning says so (with the value, when <paramref name="nameTheGap"/>, for a percent that falls between tiers).
    /// </summary>
    public static CreditDecision? TieredCredit(TieredCredits? credits, FeeTerms? fee, ExactRatio? value, Verdict verdict, CalendarWindow window,
        ImmutableArray<EvaluationWarning>.Builder warnings, bool nameTheGap = false)
    {
        if (credits is null || fee is null || value is not { } v) return null;
        var credit = CreditCalculator.Tiered(credits.Tiers, credits.Cumulative, v, fee, credits.Limits, window);
        if (credit.Trace.Matched.IsEmpty && verdict == Verdict.Breached)
            warnings.Add(nameTheGap
                ? new BreachWithoutCredit(NoCreditReason.GapBetweenTiers, v.ToPercentForDisplay())
                : new BreachWithoutCredit(NoCreditReason.NoTierMatched));
        return credit;
    }

    /// <summary>
    /// The downtime budget of a percent target with a lower bound (null otherwise): budget, used, remaining, burn rate,
    /// the projection to the window's end at the current rate, and the next credit tier as downtime grows.
    /// </summary>
    public static DowntimeBudget? DowntimeBudget(ValueCondition target, TieredCredits? credits, CalendarWindow window, Instant asOf, decimal downtime, long measuredTicks, FeeTerms? fee)
    {
        if (target.Lower is not { } lower || target.Unit != ValueUnit.Percent) return null;
        var budgetTicks = measuredTicks * (100m - lower.Value) / 100m;
        var elapsed = Math.Clamp(asOf.ToUnixTimeTicks(), window.StartTicks, window.EndTicks) - window.StartTicks;
        var length = window.EndTicks - window.StartTicks;
        decimal? burn = elapsed > 0 && budgetTicks > 0 ? downtime * length / (budgetTicks * elapsed) : null;
        var projected = elapsed >= length || elapsed == 0 ? downtime : Math.Min(downtime * length / elapsed, measuredTicks);
        var projectedValue = new ExactRatio(measuredTicks - projected, measuredTicks);
        var projectedVerdict = target.Holds(projectedValue) ? Verdict.Met : Verdict.Breached;
        NextCreditTier? next = null;
        if (credits is not null && fee is not null)
            next = NextTier(credits, new ExactRatio(measuredTicks - downtime, measuredTicks), fee, window, upper =>
            {
                // Availability falls as downtime grows; the tier starts where the value reaches its upper bound.
                var atBound = measuredTicks * (100m - upper.Value) / 100m;
                if (atBound < downtime || atBound > measuredTicks) return null;
                var probe = upper.Inclusive ? atBound : Math.Min(atBound + 1, measuredTicks);
                return new TierReach(new ExactRatio(measuredTicks - probe, measuredTicks), TimeMath.Seconds(atBound - downtime), BudgetUnit.DowntimeSeconds, !upper.Inclusive);
            });
        return new DowntimeBudget(TimeMath.Seconds(budgetTicks), TimeMath.Seconds(downtime), TimeMath.Seconds(budgetTicks - downtime), TimeMath.Seconds(elapsed),
            TimeMath.Seconds(measuredTicks), burn, TimeMath.Seconds(projected), projectedValue, projectedVerdict, next);
    }

    /// <summary>
    /// The provider's warning when the used share of a downtime budget reached the contract's "warn at P%" (null when it
    /// did not, or the contract has no such threshold, or there is no budget).
    /// </summary>
    public static EvaluationWarning? BudgetWarning(DowntimeBudget? budget, decimal? warnAtPercent)
    {
        if (budget is null || warnAtPercent is not { } warnPct || budget.BudgetSeconds < 0 || budget.UsedSeconds * 100m < warnPct * budget.BudgetSeconds) return null;
        return budget.UsedSeconds > budget.BudgetSeconds
            ? new DowntimeBudgetExceeded(budget.UsedSeconds, budget.BudgetSeconds, warnPct)
            : new DowntimeBudgetShareUsed(warnPct, budget.UsedSeconds, budget.BudgetSeconds);
    }

    /// <summary>
    /// The request budget of a success-rate target with a lower percent bound (null otherwise): bad requests allowed,
    /// used and remaining, the burn rate at as-of, and the next credit tier as bad requests grow (whole requests, the
    /// total unchanged).
    /// </summary>
    public static RequestBudget? RequestBudget(ValueCondition target, TieredCredits? credits, CalendarWindow window, Instant asOf, long good, long total, FeeTerms? fee)
    {
        if (target.Lower is not { } lower || target.Unit != ValueUnit.Percent) return null;
        var bad = total - good;
        var allowed = total * (100m - lower.Value) / 100m;
        var elapsed = Math.Clamp(asOf.ToUnixTimeTicks(), window.StartTicks, window.EndTicks) - window.StartTicks;
        var length = window.EndTicks - window.StartTicks;
        decimal? burn = allowed > 0 && elapsed > 0 ? bad * (decimal)length / (allowed * elapsed) : null;
        NextCreditTier? next = null;
        if (credits is not null && fee is not null)
            next = NextTier(credits, new ExactRatio(good, total), fee, window, upper =>
            {
                // Whole requests: the smallest bad count that makes the condition hold, with the total unchanged.
                var badAtBound = total * (100m - upper.Value) / 100m;
                var needed = upper.Inclusive ? Math.Ceiling(badAtBound) : Math.Floor(badAtBound) + 1;
                if (needed < bad || needed > total) return null;
                return new TierReach(new ExactRatio(total - needed, total), needed - bad, BudgetUnit.BadRequests, false);
            });
        return new RequestBudget(allowed, bad, allowed - bad, total, TimeMath.Seconds(elapsed), burn, next);
    }

    /// <summary>Where a tier is reached as the value falls: the value there, how much more of the measured thing it takes, and whether the bound itself is not enough.</summary>
    private sealed record TierReach(ExactRatio Probe, decimal Additional, BudgetUnit AdditionalUnit, bool Strictly);

    /// <summary>
    /// The first tier (by the amount needed) that does not hold now and pays more than the current credit, reached as the
    /// percent value falls to the tier's upper bound (<paramref name="reach"/> says where that is, or null when it cannot be).
    /// </summary>
    private static NextCreditTier? NextTier(TieredCredits cr, ExactRatio current, FeeTerms fee, CalendarWindow window, Func<Bound, TierReach?> reach)
    {
        var now = CreditCalculator.Tiered(cr.Tiers, cr.Cumulative, current, fee, cr.Limits, window);
        NextCreditTier? best = null;
        foreach (var t in cr.Tiers)
        {
            if (t.Condition.Unit != ValueUnit.Percent || t.Condition.Holds(current) || t.Condition.Upper is not { } upper) continue;
            if (reach(upper) is not { } at || !t.Condition.Holds(at.Probe)) continue;
            var credit = CreditCalculator.Tiered(cr.Tiers, cr.Cumulative, at.Probe, fee, cr.Limits, window);
            if (credit.ExactAmount <= now.ExactAmount && now.HasCredit) continue;
            var candidate = new NextCreditTier(t.Label, t.Condition.Describe(), credit.PercentOfFee, credit.ExactAmount, credit.Amount, at.Additional, at.AdditionalUnit, at.Strictly) { Band = t.Condition };
            if (best is null || candidate.Additional < best.Additional) best = candidate;
        }
        return best;
    }
}
