using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Reports.Wording;

public static partial class Words
{
    /// <summary>
    /// A change to a contract's term in words (<c>sla diff</c>), without the SLA or KPI it is in: "credit tier 2 raised
    /// from 25% to 30% of fee", "exclusion added: incidents tagged customer-change", "time zone changed from UTC to
    /// Europe/Berlin", "SLA response removed". A number that grew is "raised", one that shrank "lowered"; a duration
    /// "lengthened" or "shortened"; a date "moved".
    /// </summary>
    public static string Change(TermChange change)
    {
        var noun = TermNoun(change);
        return (change.Old, change.New) switch
        {
            (null, { } added) => change.Term is ContractTerm.Contract or ContractTerm.Sla or ContractTerm.Kpi
                ? $"{noun} added" : $"{noun} added: {Value(added)}",
            ({ } removed, null) => change.Term is ContractTerm.Contract or ContractTerm.Sla or ContractTerm.Kpi
                ? $"{noun} removed" : $"{noun} removed: {Value(removed)}",
            (TermValue.AsWritten, TermValue.AsWritten) => $"{noun} changed (read the clause in both versions)",
            (TermValue.CreditLine old, TermValue.CreditLine @new) when old.Condition == @new.Condition =>
                $"{noun} ({old.Condition}) {Verb(old, @new)} {CreditAmount(old.Amount)} to {CreditAmount(@new.Amount)}",
            ({ } old, { } @new) => $"{noun} {Verb(old, @new)} {Value(old)} to {Value(@new)}",
            _ => throw new ArgumentException("A change has an old or a new side.", nameof(change)),
        };
    }

    /// <summary>Where a change is: "contract terms", "SLA availability", "KPI ack".</summary>
    public static string ChangeBlock(ChangeScope scope, string? block) => scope switch
    {
        ChangeScope.Sla => $"SLA {block}",
        ChangeScope.Kpi => $"KPI {block}",
        _ => "contract terms",
    };

    private static string TermNoun(TermChange change)
    {
        var n = change.Ordinal is { } o ? $" {o}" : "";
        return change.Term switch
        {
            ContractTerm.Contract => "contract",
            ContractTerm.Sla => $"SLA {change.Block}",
            ContractTerm.Kpi => $"KPI {change.Block}",
            ContractTerm.Provider => "provider",
            ContractTerm.Customer => "customer",
            ContractTerm.EffectiveStart => "effective start",
            ContractTerm.EffectiveEnd => "effective end",
            ContractTerm.TimeZone => "time zone",
            ContractTerm.Fee => "fee",
            ContractTerm.Rounding => "money rounding",
            ContractTerm.Service => "service",
            ContractTerm.ClaimChannel => "claim channel",
            ContractTerm.Title => "title",
            ContractTerm.Clause => "clause",
            ContractTerm.Guarantee => (change.Scope == ChangeScope.Kpi ? "target" : "guarantee") + n,
            ContractTerm.Target => (change.Scope == ChangeScope.Kpi ? "target" : "guarantee") + n + (change.Measure is { } measure ? $" ({measure})" : "'s bound"),
            ContractTerm.MeasuredServices => "services of the " + (change.Scope == ChangeScope.Kpi ? "target" : "guarantee") + n + (change.Measure is { } of ? $" ({of})" : ""),
            ContractTerm.Window => (change.Scope == ChangeScope.Kpi ? "target" : "guarantee") + n + "'s window",
            ContractTerm.Downtime => "downtime definition",
            ContractTerm.Exclusion => "exclusion",
            ContractTerm.ExcludedTime => "excluded time",
            ContractTerm.Denominator => "measured period",
            ContractTerm.MeasuredValueRounding => "rounding of the measured value",
            ContractTerm.Clock => "clock rule" + n,
            ContractTerm.CreditTier => "credit tier" + n,
            ContractTerm.CreditTierCondition => "credit tier" + n + "'s condition",
            ContractTerm.Cumulative => "credit tiers add up",
            ContractTerm.Cap => "credit cap" + n,
            ContractTerm.Minimum => "minimum credit",
            ContractTerm.ClaimDeadline => "claim deadline",
            ContractTerm.Supports => "supported SLAs",
            ContractTerm.BudgetWarnings => "budget warnings",
            _ => change.Term.ToString(),
        };
    }

    /// <summary>"raised from" / "lowered from" for two numbers of one kind, "lengthened from" / "shortened from" for durations, "moved from" for dates, else "changed from".</summary>
    private static string Verb(TermValue old, TermValue @new)
    {
        static string Order(decimal a, decimal b, string up, string down) => a < b ? up + " from" : a > b ? down + " from" : "changed from";
        return (old, @new) switch
        {
            (TermValue.Percent a, TermValue.Percent b) => Order(a.Value, b.Value, "raised", "lowered"),
            (TermValue.Money a, TermValue.Money b) when a.Currency == b.Currency => Order(a.Amount, b.Amount, "raised", "lowered"),
            (TermValue.Fee a, TermValue.Fee b) when a.Currency == b.Currency && a.Per == b.Per => Order(a.Amount, b.Amount, "raised", "lowered"),
            (TermValue.Duration a, TermValue.Duration b) => Order(a.Value.BclCompatibleTicks, b.Value.BclCompatibleTicks, "lengthened", "shortened"),
            (TermValue.Date, TermValue.Date) => "moved from",
            (TermValue.CreditLine { Amount: CreditAmountTerms.PercentOfFee a } x, TermValue.CreditLine { Amount: CreditAmountTerms.PercentOfFee b } y) when x.Condition == y.Condition =>
                Order(a.Percent, b.Percent, "raised", "lowered"),
            (TermValue.Cap { Limit: CreditAmountTerms.PercentOfFee a } x, TermValue.Cap { Limit: CreditAmountTerms.PercentOfFee b } y) when x.Per == y.Per && x.RollingMonths == y.RollingMonths =>
                Order(a.Percent, b.Percent, "raised", "lowered"),
            (TermValue.Minimum a, TermValue.Minimum b) when a.Currency == b.Currency && a.Required == b.Required => Order(a.Amount, b.Amount, "raised", "lowered"),
            _ => "changed from",
        };
    }

    /// <summary>One side of a change in words, as the contract would say it.</summary>
    public static string Value(TermValue value) => value switch
    {
        TermValue.Percent p => Percent(p.Value),
        TermValue.Money m => Money(m.Amount, m.Currency),
        TermValue.Fee f => $"{Money(f.Amount, f.Currency)} per {Per(f.Per)}",
        TermValue.Duration d => LargestUnit(d.Value),
        TermValue.Date d => Date(d.Value),
        TermValue.Name n => n.Value,
        TermValue.Names n => n.Values.IsEmpty ? "none" : string.Join(" and ", n.Values),
        TermValue.Flag f => f.Value ? "yes" : "no",
        TermValue.Places p => $"{p.Value} places ({RoundingRule(p.Mode, null, stated: true)})",
        TermValue.Window w => WindowWords(w.Kind, w.Parameter),
        TermValue.Rounding r => RoundingRule(r.Mode, r.Currency, r.Stated),
        TermValue.Guarantee g => Guarantee(g.Terms),
        TermValue.Exclusion e => Exclusion(e.Terms),
        TermValue.CreditLine c => $"{CreditAmount(c.Amount)} when {c.Condition}",
        TermValue.TierCondition c => c.Words,
        TermValue.Cap c => $"{CreditAmount(c.Limit)}" + (c.RollingMonths is { } months ? $" in any {months} consecutive months" : c.Per is { } per ? $" per {CapPer(per)}" : " per window"),
        TermValue.Minimum m => (m.Required == ComparisonOperator.Above ? "no credit unless above " : "no credit below ") + Money(m.Amount, m.Currency),
        TermValue.ClaimDeadline c => c.Unit is { } unit
            ? $"within {Count(c.Count, unit switch { ClaimUnit.Days => "day", ClaimUnit.Months => "month", _ => "billing cycle" })} after {Anchor(c.After)}"
            : $"by the end of billing cycle {c.Count} after {Anchor(c.After)}",
        TermValue.ClaimChannel c => string.Join(", ", new[] { c.Contact is null ? null : "contact " + c.Contact, c.Portal is null ? null : "portal " + c.Portal, c.Reference is null ? null : "reference " + c.Reference }.OfType<string>()),
        TermValue.ExcludedTime x => (x.Accounting == ExcludedTimeAccounting.CountsAsAvailable ? "counts as available" : "removed from the measured period") + (x.Stated ? "" : " (the default)"),
        TermValue.AsWritten => "as written in the contract",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "A term value without wording."),
    };

    private static string Per(FeePeriod per) => per switch
    {
        FeePeriod.Month => "month",
        FeePeriod.Quarter => "quarter",
        FeePeriod.Year => "year",
        _ => "billing cycle",
    };

    private static string CapPer(CapPeriod per) => per switch
    {
        CapPeriod.Month => "month",
        CapPeriod.Quarter => "quarter",
        CapPeriod.Year => "year",
        CapPeriod.ContractYear => "contract year",
        _ => "billing cycle",
    };

    private static string Anchor(ClaimAnchor anchor) => anchor switch
    {
        ClaimAnchor.MonthEnd => "the month ends",
        ClaimAnchor.QuarterEnd => "the quarter ends",
        ClaimAnchor.YearEnd => "the year ends",
        ClaimAnchor.BillingCycleEnd => "the billing cycle ends",
        ClaimAnchor.WindowEnd => "the window ends",
        _ => "the incident",
    };

    private static string WindowWords(WindowKind kind, int? parameter) => kind switch
    {
        WindowKind.CalendarMonth => "per calendar month",
        WindowKind.CalendarQuarter => "per calendar quarter",
        WindowKind.CalendarYear => "per calendar year",
        WindowKind.BillingCycle => $"per billing cycle starting on day {parameter}",
        _ => $"rolling {parameter} days",
    };

    /// <summary>"10% of fee", "3 days of service", "100.00 USD", "10 times the fee for the down period".</summary>
    public static string CreditAmount(CreditAmountTerms amount) => amount switch
    {
        CreditAmountTerms.PercentOfFee p => Percent(p.Percent) + " of fee",
        CreditAmountTerms.DaysOfService d => Count(d.Days, "day") + " of service",
        CreditAmountTerms.Fixed f => Money(f.Amount, f.Currency),
        CreditAmountTerms.FeeMultiple m => $"{Plain(m.Factor)} times the fee for the down period" + (m.OverMeasuredPeriod ? " (over the measured period)" : ""),
        _ => throw new ArgumentOutOfRangeException(nameof(amount), amount, "A credit amount without wording."),
    };

    /// <summary>"maintenance announced at least 72 hours ahead, at most 4 hours per month", "incidents tagged customer-change".</summary>
    public static string Exclusion(ExclusionTerms terms) => terms switch
    {
        ExclusionTerms.Maintenance { MinimumNotice: { } notice } => $"maintenance announced at least {LargestUnit(notice)} ahead",
        ExclusionTerms.Maintenance => "maintenance",
        ExclusionTerms.CausedBy c => "incidents caused by " + string.Join(" or ", c.Causes),
        ExclusionTerms.Tagged t => "incidents tagged " + string.Join(" or ", t.Tags),
        ExclusionTerms.Hours h => "downtime during " + string.Join(",", h.Days.Select(d => d.ToString()[..3])) + " " + MinuteOfDay(h.FromMinute) + "-" + MinuteOfDay(h.ToMinute),
        _ => throw new ArgumentOutOfRangeException(nameof(terms), terms, "An exclusion without wording."),
    } + (terms.CapLimit is { } limit ? $", at most {LargestUnit(limit)} per {CapPer(terms.CapPer ?? CapPeriod.Month)}" : "");

    private static string MinuteOfDay(int minute) => $"{minute / 60:D2}:{minute % 60:D2}";

    /// <summary>
    /// What a change would have done to an SLA or KPI in a period: "November 2026's credit 1,250.00 USD -> 1,500.00 USD",
    /// with "result 99.5% met -> 99.5% breached" first when the result differs; "no effect on November 2026 (99.95% met,
    /// credit 0.00 USD)" when the outcome is the same; one side's outcome when the SLA or KPI exists on one side only.
    /// </summary>
    public static string Effect(ChangeEffect effect, string periodName)
    {
        var (old, @new) = (effect.Old, effect.New);
        if (old is null || @new is null) return $"{periodName} under the {(old is null ? "new" : "old")} terms: {Outcome((old ?? @new)!)}";
        if (!effect.Differs) return $"no effect on {periodName} ({Outcome(old)})";
        var parts = new List<string>();
        if (old.Measured != @new.Measured || old.Verdict != @new.Verdict || old.Reason != @new.Reason)
            parts.Add($"result {Result(old)} -> {Result(@new)}");
        if (old.Credit != @new.Credit || old.Currency != @new.Currency)
            parts.Add($"credit {CreditWords(old)} -> {CreditWords(@new)}");
        // Only the target moved: the same measured value, judged against another bound with the same verdict.
        if (parts.Count == 0) parts.Add($"result {Result(old)} against {(old.Target is { } t ? Condition(t) : "its target")} -> {Result(@new)} against {(@new.Target is { } u ? Condition(u) : "its target")}");
        return $"{periodName}'s {string.Join("; ", parts)}";
    }

    /// <summary>A contract's total credit for the period under both versions: "total credit for November 2026: 0.00 USD -> 250.00 USD".</summary>
    public static string TotalCredit(decimal? old, decimal? @new, string? currency, string periodName)
    {
        string Amount(decimal? amount) => amount is { } a ? currency is null ? Number(a) : Money(a, currency) : "none";
        return old == @new ? $"total credit for {periodName}: {Amount(old)} (unchanged)" : $"total credit for {periodName}: {Amount(old)} -> {Amount(@new)}";
    }

    /// <summary>
    /// The credit of one version of an amended contract for a period: only the days that version judges, so never called
    /// the period's total ("credit for November 2026 under these terms, on their days: 233.33 USD -> 256.67 USD").
    /// </summary>
    public static string VersionCredit(decimal? old, decimal? @new, string? currency, string periodName)
    {
        string Amount(decimal? amount) => amount is { } a ? currency is null ? Number(a) : Money(a, currency) : "none";
        return old == @new ? $"credit for {periodName} under these terms, on their days: {Amount(old)} (unchanged)" : $"credit for {periodName} under these terms, on their days: {Amount(old)} -> {Amount(@new)}";
    }

    /// <summary>Which terms of an amended contract a version is: "order form terms" (or "contract terms") for the terms as signed, "as amended on 2026-11-15" for an amendment.</summary>
    public static string VersionTerms(Runtime.Evaluation.ContractVersion version) => version.Number == 0
        ? (version.FromTemplate ? "order form" : "contract") + " terms"
        : $"as amended on {version.Effective:yyyy-MM-dd} (amendment {version.Number})";

    private static string Outcome(OutcomeSide side) => Result(side) + (side.Credit is not null ? ", credit " + CreditWords(side) : "");

    private static string Result(OutcomeSide side) => side.Verdict is { } verdict
        ? side.Count is { } count ? $"{Verdict(verdict)} ({count})"
        : (side.Measured is { } measured ? Measured(measured, side.Unit, side.Target) + (side.UnitName is { } unit ? " " + unit : "") + " " : "") + Verdict(verdict)
        : side.Reason ?? "not evaluated";

    /// <summary>One side's result as <see cref="Effect"/> words it: "99.5794% breached", "met (0 of 1 incidents late)", "100 ms met".</summary>
    public static string OutcomeResult(OutcomeSide side) => Result(side);

    private static string CreditWords(OutcomeSide side) => side.Credit is { } credit
        ? side.Currency is { } currency ? Money(credit, currency) : Number(credit)
        : "none";
}
