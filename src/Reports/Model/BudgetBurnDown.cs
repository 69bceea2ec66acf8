namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// An SLA's downtime budget at the as-of and its linear projection to the window's end, as the evaluator computed it
/// (<see cref="Runtime.Evaluation.DowntimeBudget"/>: the rate seen so far continues), and the money at stake: the next
/// credit tier's amount in the contract's currency (or the credit owed once breached). Seconds are exact.
/// Invariants: budget, used, elapsed and window non-negative; elapsed at most the window.
/// </summary>
public sealed record BudgetBurnDown
{
    public BudgetBurnDown(string slaName, decimal budgetSeconds, decimal usedSeconds, decimal elapsedSeconds, decimal windowSeconds,
        decimal projectedSeconds, KpiVerdict verdict, KpiVerdict projectedVerdict, string? nextTier, decimal? secondsToNextTier, bool strictly, decimal moneyAtStake, string currency)
    {
        SlaName = Require.NonEmpty(slaName, nameof(slaName));
        if (budgetSeconds < 0 || usedSeconds < 0 || elapsedSeconds < 0 || windowSeconds < 0 || elapsedSeconds > windowSeconds || moneyAtStake < 0)
            throw new ArgumentOutOfRangeException(nameof(budgetSeconds), "Budget, used, elapsed, window and money are non-negative, elapsed at most the window.");
        BudgetSeconds = budgetSeconds;
        UsedSeconds = usedSeconds;
        ElapsedSeconds = elapsedSeconds;
        WindowSeconds = windowSeconds;
        ProjectedSeconds = projectedSeconds;
        Verdict = verdict;
        ProjectedVerdict = projectedVerdict;
        NextTier = nextTier;
        SecondsToNextTier = secondsToNextTier;
        Strictly = strictly;
        MoneyAtStake = moneyAtStake;
        Currency = Require.NonEmpty(currency, nameof(currency));
    }

    public string SlaName { get; }
    public decimal BudgetSeconds { get; }
    public decimal UsedSeconds { get; }
    public decimal RemainingSeconds => BudgetSeconds - UsedSeconds;
    public decimal ElapsedSeconds { get; }
    public decimal WindowSeconds { get; }
    /// <summary>Downtime at the window's end if the rate so far continues (the used downtime once the window has ended).</summary>
    public decimal ProjectedSeconds { get; }
    /// <summary>The evaluator's verdict at the as-of.</summary>
    public KpiVerdict Verdict { get; }
    /// <summary>The evaluator's verdict on the projected downtime.</summary>
    public KpiVerdict ProjectedVerdict { get; }
    /// <summary>The next credit tier more downtime would reach ("10%"); null when none is left.</summary>
    public string? NextTier { get; }
    /// <summary>More downtime that reaches <see cref="NextTier"/> (more than this when <see cref="Strictly"/>).</summary>
    public decimal? SecondsToNextTier { get; }
    public bool Strictly { get; }
    public decimal MoneyAtStake { get; }
    public string Currency { get; }
    /// <summary>Percent of the budget used, one decimal (100 when the budget is zero and any downtime was counted).</summary>
    public decimal UsedPercent => BudgetSeconds > 0 ? Math.Round(UsedSeconds * 100m / BudgetSeconds, 1, MidpointRounding.AwayFromZero) : UsedSeconds > 0 ? 100m : 0m;
    /// <summary>Percent of the window elapsed at the as-of, one decimal.</summary>
    public decimal ElapsedPercent => WindowSeconds > 0 ? Math.Round(ElapsedSeconds * 100m / WindowSeconds, 1, MidpointRounding.AwayFromZero) : 100m;
}
