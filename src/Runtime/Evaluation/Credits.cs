using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>A credit tier: when <see cref="Condition"/> holds on the measured value, <see cref="PercentOfFee"/> of the window's fee is credited.
/// Invariant: 0 &lt;= percent &lt;= 100 is not required (multiplier contracts exceed 100); percent is non-negative.</summary>
public sealed record CreditTier
{
    public CreditTier(string label, ValueCondition condition, decimal percentOfFee)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (percentOfFee < 0) throw new ArgumentOutOfRangeException(nameof(percentOfFee), percentOfFee, "A credit percent is non-negative.");
        Label = label;
        Condition = condition;
        PercentOfFee = percentOfFee;
    }

    public string Label { get; }
    public ValueCondition Condition { get; }
    public decimal PercentOfFee { get; }
}

/// <summary>Minimum credit: an amount below it is not issued (AWS: "only if over $1" is Amount 1, Inclusive false).</summary>
public sealed record MinimumCredit(decimal Amount, bool Inclusive);

/// <summary>
/// Caps and floor applied to one window's credit, in this order: percent-of-fee cap, days-of-service cap, money cap,
/// minimum. A day of service is the window's fee divided by its number of local calendar days (of the clipped window:
/// the fee of a clipped window is prorated by days, see <see cref="WindowFees"/>).
/// </summary>
public sealed record CreditLimits(decimal? CapPercentOfFee = null, int? CapDaysOfService = null, MinimumCredit? Minimum = null, decimal? CapAmount = null)
{
    public static readonly CreditLimits None = new();
}

/// <summary>The fee of one window and how money is rounded. Invariant: fee is non-negative; currency is a known ISO 4217 code.</summary>
public sealed record FeeTerms
{
    public FeeTerms(decimal feeForWindow, string currency, MoneyRoundingMode rounding = MoneyRoundingMode.HalfAwayFromZero)
    {
        if (feeForWindow < 0) throw new ArgumentOutOfRangeException(nameof(feeForWindow), feeForWindow, "A fee is non-negative.");
        _ = CurrencyMinorUnits.Get(currency);
        FeeForWindow = feeForWindow;
        Currency = currency;
        Rounding = rounding;
    }

    public decimal FeeForWindow { get; }
    public string Currency { get; }
    public MoneyRoundingMode Rounding { get; }
}

/// <summary>
/// The credit of one commitment in one window. <see cref="ExactAmount"/> is unrounded; <see cref="Amount"/> is it rounded
/// once. <see cref="PercentOfFee"/> is what the matched tier(s) pay; <see cref="GrantedPercentOfFee"/> is the percent of
/// the window's fee that <see cref="ExactAmount"/> is, after caps and the minimum: equal to the tier's percent unless a
/// cap or the minimum changed the amount (a 30% tier capped at 20% grants 20%; a credit below the minimum grants 0%).
/// </summary>
public sealed record CreditDecision(decimal PercentOfFee, decimal ExactAmount, decimal Amount, string Currency, CreditTrace Trace)
{
    private readonly decimal? granted;

    public bool HasCredit => ExactAmount > 0;

    /// <summary>The percent of the fee granted; exact for percent caps and the minimum, divided once (28 significant digits) for money and day caps.</summary>
    public decimal GrantedPercentOfFee { get => granted ?? PercentOfFee; init => granted = value; }

    /// <summary>True when a cap or the minimum made the granted percent differ from the tier's.</summary>
    public bool Limited => GrantedPercentOfFee != PercentOfFee;

    /// <summary>The percent of <paramref name="fee"/> that <paramref name="amount"/> is (0 for a zero fee).</summary>
    public static decimal PercentOf(decimal amount, decimal fee) => fee == 0 || amount == 0 ? 0m : amount * 100m / fee;
}

/// <summary>Credit kernels: tiered, per breached incident, multiplier. Each caps, floors and rounds once at the end.</summary>
public static class CreditCalculator
{
    public const string NoTierMatched = "no tier matched";

    /// <summary>
    /// Tiered credit: the most severe tier that holds (highest percent; on a tie the first listed) applies, or the sum of
    /// all holding tiers when <paramref name="cumulative"/>. A value that matches no tier gets no credit and the trace
    /// says <see cref="NoTierMatched"/>.
    /// </summary>
    public static CreditDecision Tiered(ImmutableArray<CreditTier> tiers, bool cumulative, ExactRatio measured, FeeTerms fee, CreditLimits limits, CalendarWindow window)
    {
        var candidates = ImmutableArray.CreateBuilder<TierCandidateTrace>(tiers.Length);
        var matched = ImmutableArray.CreateBuilder<string>();
        decimal percent = 0;
        CreditTier? best = null;
        foreach (var t in tiers)
        {
            var holds = t.Condition.Holds(measured);
            candidates.Add(new TierCandidateTrace(t.Label, t.Condition.Describe(), t.PercentOfFee, holds) { Band = t.Condition });
            if (!holds) continue;
            if (cumulative)
            {
                matched.Add(t.Label);
                percent += t.PercentOfFee;
            }
            else if (best is null || t.PercentOfFee > best.PercentOfFee)
            {
                best = t;
            }
        }
        if (!cumulative && best is not null)
        {
            matched.Add(best.Label);
            percent = best.PercentOfFee;
        }
        var note = matched.Count == 0
            ? NoTierMatched
            : cumulative ? $"cumulative: {matched.Count} tiers hold" : $"most severe holding tier: {best!.Label}";
        var raw = percent * fee.FeeForWindow / 100m;
        return Finish(CreditBasis.Tiers, candidates.ToImmutable(), matched.ToImmutable(), note, percent, raw, fee, limits, window);
    }

    /// <summary>Per-incident credit: <paramref name="percentPerBreach"/> of the fee for each breached incident.</summary>
    public static CreditDecision PerBreach(decimal percentPerBreach, int breaches, FeeTerms fee, CreditLimits limits, CalendarWindow window)
    {
        if (breaches < 0) throw new ArgumentOutOfRangeException(nameof(breaches));
        var percent = percentPerBreach * breaches;
        return Finish(CreditBasis.PerBreach, [], [], $"{breaches} breached incident(s) x {percentPerBreach}%", percent, percent * fee.FeeForWindow / 100m, fee, limits, window);
    }

    /// <summary>
    /// Multiplier credit (Slack: 10x the amount paid for the down period): multiplier x fee x downtime / window length,
    /// prorated exactly on ticks.
    /// </summary>
    public static CreditDecision Multiplier(decimal multiplier, decimal downtimeTicks, FeeTerms fee, CreditLimits limits, CalendarWindow window)
    {
        var windowTicks = (decimal)window.Length.BclCompatibleTicks;
        if (windowTicks <= 0) throw new ArgumentException("The window is empty.", nameof(window));
        var raw = multiplier * fee.FeeForWindow * downtimeTicks / windowTicks;
        var percent = fee.FeeForWindow == 0 ? 0 : raw * 100m / fee.FeeForWindow;
        return Finish(CreditBasis.Multiplier, [], [], $"{multiplier} x fee x {downtimeTicks / TimeMath.TicksPerSecond}s / {windowTicks / TimeMath.TicksPerSecond}s", percent, raw, fee, limits, window);
    }

    internal static CreditDecision Finish(CreditBasis basis, ImmutableArray<TierCandidateTrace> candidates, ImmutableArray<string> matched, string note,
        decimal percent, decimal raw, FeeTerms fee, CreditLimits limits, CalendarWindow window)
    {
        var caps = ImmutableArray.CreateBuilder<CapTrace>();
        var amount = raw;
        var granted = percent;
        if (limits.CapPercentOfFee is { } capPct)
        {
            var cap = capPct * fee.FeeForWindow / 100m;
            if (amount > cap) { caps.Add(new CapTrace($"capped at {capPct}% of fee per window", amount, cap)); amount = cap; granted = capPct; }
        }
        if (limits.CapDaysOfService is { } days)
        {
            var windowDays = WindowFees.Days(window);
            var cap = fee.FeeForWindow * days / windowDays;
            if (amount > cap) { caps.Add(new CapTrace($"capped at {days} days of service ({windowDays} days in window)", amount, cap)); amount = cap; granted = days * 100m / windowDays; }
        }
        if (limits.CapAmount is { } capAmount && amount > capAmount)
        {
            caps.Add(new CapTrace($"capped at {capAmount} {fee.Currency} per window", amount, capAmount));
            amount = capAmount;
            granted = CreditDecision.PercentOf(capAmount, fee.FeeForWindow);
        }
        if (limits.Minimum is { } min && amount > 0)
        {
            var below = amount < min.Amount || (amount == min.Amount && !min.Inclusive);
            if (below) { caps.Add(new CapTrace($"below minimum credit ({(min.Inclusive ? "at least" : "more than")} {min.Amount})", amount, 0)); amount = 0; granted = 0; }
        }
        var rounded = MoneyRounding.Round(amount, fee.Currency, fee.Rounding);
        var trace = new CreditTrace(basis, candidates, matched, note, percent, fee.FeeForWindow, fee.Currency, raw, caps.ToImmutable(), amount,
            fee.Rounding, CurrencyMinorUnits.Get(fee.Currency), rounded);
        return new CreditDecision(percent, amount, rounded, fee.Currency, trace) { GrantedPercentOfFee = granted };
    }
}

/// <summary>
/// Cap on all credits of a contract year across commitments. Deterministic: windows are applied in chronological order
/// (then by the caller's commitment order); a credit that would exceed the remaining cap is reduced to it. Amounts stay
/// exact; the rounded amount is computed once from the capped exact amount.
/// </summary>
public static class ContractYearCap
{
    public sealed record Entry(string Commitment, int CommitmentOrder, CalendarWindow Window, decimal ExactAmount);

    public sealed record Granted(Entry Entry, decimal ExactAmount, decimal Amount, CapTrace? Cap);

    public static ImmutableArray<Granted> Apply(IEnumerable<Entry> entries, decimal yearCapAmount, string currency, MoneyRoundingMode mode)
    {
        var ordered = entries.OrderBy(e => e.Window.Start).ThenBy(e => e.CommitmentOrder).ToList();
        var result = ImmutableArray.CreateBuilder<Granted>(ordered.Count);
        var remaining = yearCapAmount;
        foreach (var e in ordered)
        {
            var granted = Math.Min(e.ExactAmount, Math.Max(remaining, 0));
            remaining -= granted;
            var cap = granted < e.ExactAmount ? new CapTrace($"contract-year cap {yearCapAmount} {currency} across commitments", e.ExactAmount, granted) : null;
            result.Add(new Granted(e, granted, MoneyRounding.Round(granted, currency, mode), cap));
        }
        return result.MoveToImmutable();
    }
}

/// <summary>The last local date a credit claim may be made, and the instant the right expires (local midnight after it).</summary>
public sealed record ClaimDeadline(LocalDate LastDay, Instant Expires);

/// <summary>Claim deadlines relative to a window's end.</summary>
public static class ClaimDeadlines
{
    /// <summary>"claim within N days after the window ends": the window's last day is followed by N full local days.</summary>
    public static ClaimDeadline DaysAfterWindowEnd(CalendarWindow window, int days)
    {
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days));
        var expiresDate = window.EndDate.PlusDays(days);
        return new ClaimDeadline(expiresDate.PlusDays(-1), WindowCalendar.LocalMidnight(window.Zone, expiresDate));
    }

    /// <summary>"claim within N months after the window ends": the right expires at local midnight N months after the window's end date.</summary>
    public static ClaimDeadline MonthsAfterWindowEnd(CalendarWindow window, int months)
    {
        if (months < 1) throw new ArgumentOutOfRangeException(nameof(months));
        var expiresDate = window.EndDate.PlusMonths(months);
        return new ClaimDeadline(expiresDate.PlusDays(-1), WindowCalendar.LocalMidnight(window.Zone, expiresDate));
    }

    /// <summary>"by the end of the Nth billing cycle after the window" (AWS: second), cycles anchored on <paramref name="anchorDay"/>.</summary>
    public static ClaimDeadline EndOfFollowingBillingCycle(CalendarWindow window, int anchorDay, int nth)
    {
        if (nth < 1) throw new ArgumentOutOfRangeException(nameof(nth));
        var cycle = WindowCalendar.BillingCycle(window.Zone, anchorDay, window.EndDate.PlusDays(-1));
        var target = WindowCalendar.FollowingBillingCycle(cycle, anchorDay, nth);
        return new ClaimDeadline(target.EndDate.PlusDays(-1), target.End);
    }
}
