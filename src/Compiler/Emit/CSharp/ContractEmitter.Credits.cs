using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Time;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

// Credit mechanics any SLA shape can call: credit lines (tiers, any guarantee breached, per breached incident, fee multiple
// for the down period) with percent, days-of-service, fixed and multiple amounts; caps per window and per a longer
// period (year, quarter, contract year); minimum credit; the fee of a window; claim deadlines.
//
// A shape that measures a result `result` for a window `window` calls, in its per-window method:
//   CreditsUnsupported(contract, sla, window[, tierSubjects])      -> null when the credits compile
//   EmitCreditLines(w, sla, "CreditLines_x")                         (once, a static field)
//   EmitCreditStep(w, contract, sla, "CreditLines_x", window, facts) (facts: a CreditFacts expression, e.g.
//                                                                     "global::...CreditFacts.Of(result, breaches)")
// and in its per-period method EmitLongerPeriodCreditCaps(w, contract, sla, window, "Measure_x") and
// EmitClaimAndReturn(w, sla, window).
public static partial class ContractEmitter
{
    /// <summary>True when the credits need <c>CreditSchedule</c> (anything beyond percent-of-fee tiers on the exact measured value).</summary>
    private static bool NeedsCreditSchedule(BoundSla sla) =>
        !sla.Credits.Tiers.IsEmpty
        && (sla.MeasuredValueRounding is not null || sla.Credits.Tiers.Any(t => t.Condition is not MeasuredIn || t.Amount is not PercentOfFee));

    /// <summary>Why these credits cannot be compiled yet for this window, or null.</summary>
    private static string? CreditsUnsupported(BoundContract contract, BoundSla sla, M.Window window) =>
        CreditsUnsupported(contract, sla, window, [TierSubject.Availability, TierSubject.Uptime]);

    /// <summary>Why these credits cannot be compiled for this window when tiers may be on <paramref name="tierSubjects"/>, or null.</summary>
    private static string? CreditsUnsupported(BoundContract contract, BoundSla sla, M.Window window, TierSubject[] tierSubjects)
    {
        var credits = sla.Credits;
        if (credits.Tiers.IsEmpty && credits.Caps.IsEmpty && credits.Minimum is null) return ClaimUnsupported(credits.Claim, window);
        if (contract.Fee is null) return "credits without a fee";
        if (FeePeriodsPerWindow(contract.Fee.Per, window) is null) return $"a fee per {contract.Fee.Per} with a window {window}";
        foreach (var tier in credits.Tiers)
        {
            if (tier.Condition is MeasuredIn measured && !tierSubjects.Contains(measured.Subject))
                return $"a credit tier on {measured.Subject} in this SLA";
        }
        foreach (var cap in credits.Caps)
        {
            if (cap.Limit is FeeMultipleForDownPeriod) return "a credit cap written as a fee multiple";
            if (cap.RollingMonths is not null)
            {
                // The binder checked the rest (SLA0160, SLA0161); here only what the emitter must know.
                if (contract.EffectiveStart is null || window.Kind is not (global::SlaKpiDsl.Runtime.Time.WindowKind.CalendarMonth or global::SlaKpiDsl.Runtime.Time.WindowKind.BillingCycle)) return "a rolling cap without monthly windows and an effective date";
                continue;
            }
            if (cap.Per is { } per && !SameWindow(per, window))
            {
                if (!LongerThanWindow(per, window)) return $"a credit cap per {CapPeriodWords(per)} on a window {window}";
                if (cap.Limit is DaysOfService) return "a cap in days of service per a period longer than the window";
                if (cap.Limit is PercentOfFee && FeePeriodsPerCapPeriod(contract.Fee.Per, per) is null) return $"a percent-of-fee cap per {CapPeriodWords(per)} with a fee per {contract.Fee.Per}";
                if (per == CapPeriod.ContractYear && contract.EffectiveStart is null) return "a cap per contract year in a contract without an effective date";
            }
        }
        if (credits.Minimum is { Required: not (ComparisonOperator.AtLeast or ComparisonOperator.Above) }) return "this form of minimum credit";
        return ClaimUnsupported(credits.Claim, window);
    }

    private static string? ClaimUnsupported(M.ClaimDeadlineClause? claim, M.Window window) => claim switch
    {
        null => null,
        ClaimWithin { After: ClaimAnchor.Incident } => "claim deadlines counted from each incident (within N after the incident)",
        ClaimWithin within when !AnchorIsWindowEnd(within.After, window) => $"a claim deadline after the {within.After} on a window {window}",
        ClaimByEndOfCycle by when by.After is not (ClaimAnchor.Incident or ClaimAnchor.WindowEnd) && !AnchorIsWindowEnd(by.After, window) => $"a claim deadline after the {by.After} on a window {window}",
        _ => null,
    };

    private static bool AnchorIsWindowEnd(ClaimAnchor anchor, M.Window window) => (anchor, window.Kind) switch
    {
        (ClaimAnchor.WindowEnd, _) => true,
        (ClaimAnchor.MonthEnd, WindowKind.CalendarMonth) or (ClaimAnchor.QuarterEnd, WindowKind.CalendarQuarter) or (ClaimAnchor.YearEnd, WindowKind.CalendarYear) => true,
        (ClaimAnchor.BillingCycleEnd, WindowKind.BillingCycle) => true,
        (ClaimAnchor.MonthEnd, WindowKind.BillingCycle) or (ClaimAnchor.BillingCycleEnd, WindowKind.CalendarMonth) => window.Parameter is null or 1,
        _ => false,
    };

    /// <summary>How many fee periods make one window (a monthly fee over a quarter: 3), or null when not a whole number.</summary>
    private static int? FeePeriodsPerWindow(FeePeriod fee, M.Window window) => (fee, window.Kind) switch
    {
        (FeePeriod.Month or FeePeriod.BillingCycle, WindowKind.CalendarMonth or WindowKind.BillingCycle) => 1,
        (FeePeriod.Quarter, WindowKind.CalendarQuarter) or (FeePeriod.Year, WindowKind.CalendarYear) => 1,
        (FeePeriod.Month or FeePeriod.BillingCycle, WindowKind.CalendarQuarter) => 3,
        (FeePeriod.Month or FeePeriod.BillingCycle, WindowKind.CalendarYear) => 12,
        (FeePeriod.Quarter, WindowKind.CalendarYear) => 4,
        _ => null,
    };

    private static int? FeePeriodsPerCapPeriod(FeePeriod fee, CapPeriod cap) => (fee, cap) switch
    {
        (FeePeriod.Month or FeePeriod.BillingCycle, CapPeriod.Year or CapPeriod.ContractYear) => 12,
        (FeePeriod.Quarter, CapPeriod.Year or CapPeriod.ContractYear) => 4,
        (FeePeriod.Year, CapPeriod.Year or CapPeriod.ContractYear) => 1,
        (FeePeriod.Month or FeePeriod.BillingCycle, CapPeriod.Quarter) => 3,
        (FeePeriod.Quarter, CapPeriod.Quarter) => 1,
        _ => null,
    };

    /// <summary>The window's <c>FeeTerms</c> (prorated by days when the effective range clips the window), or "null" without a fee.</summary>
    private static string FeeExpression(BoundContract contract, M.Window window, string windowVar)
    {
        if (contract.Fee is not { } fee || FeePeriodsPerWindow(fee.Per, window) is not { } periods) return "null";
        var amount = fee.Amount.Amount * periods;
        return $"new {Rt}FeeTerms({Rt}WindowFees.For({CSharpText.Literal(amount)}, {windowVar}), {CSharpText.Literal(fee.Amount.Currency)}, {MoneyMode(contract.Rounding)})";
    }

    /// <summary>The per-window caps and the minimum as a <c>CreditLimits</c> expression (longer-period caps are applied per period).</summary>
    private static string LimitsExpression(CreditTerms credits, M.Window window)
    {
        var perWindow = credits.Caps.Where(c => c.RollingMonths is null && (c.Per is null || SameWindow(c.Per.Value, window))).ToList();
        // The lowest cap of each kind binds; its citation is the one the trace names.
        var percentCap = perWindow.Where(c => c.Limit is PercentOfFee).MinBy(c => ((PercentOfFee)c.Limit).Percent.Value);
        var daysCap = perWindow.Where(c => c.Limit is DaysOfService).MinBy(c => ((DaysOfService)c.Limit).Days);
        var moneyCap = perWindow.Where(c => c.Limit is FixedAmount).MinBy(c => ((FixedAmount)c.Limit).Amount.Amount);
        var percent = (percentCap?.Limit as PercentOfFee)?.Percent.Value;
        var days = (daysCap?.Limit as DaysOfService)?.Days;
        var money = (moneyCap?.Limit as FixedAmount)?.Amount.Amount;
        var minimum = credits.Minimum is { } m
            ? $"new {Rt}MinimumCredit({CSharpText.Literal(m.Amount.Amount)}, Inclusive: {CSharpText.Literal(m.Required == ComparisonOperator.AtLeast)})"
            : "null";
        var citations = new List<string>();
        if (percentCap?.Clause is { } pc) citations.Add($"CapPercentClause = {CSharpText.Literal(pc)}");
        if (daysCap?.Clause is { } dc) citations.Add($"CapDaysClause = {CSharpText.Literal(dc)}");
        if (moneyCap?.Clause is { } mc) citations.Add($"CapAmountClause = {CSharpText.Literal(mc)}");
        if (credits.Minimum?.Clause is { } nc) citations.Add($"MinimumClause = {CSharpText.Literal(nc)}");
        return $"new {Rt}CreditLimits(CapPercentOfFee: {(percent is { } p ? CSharpText.Literal(p) : "null")}, CapDaysOfService: {(days is { } d ? CSharpText.Literal(d) : "null")}, "
            + $"Minimum: {minimum}, CapAmount: {(money is { } a ? CSharpText.Literal(a) : "null")})"
            + (citations.Count == 0 ? "" : " { " + string.Join(", ", citations) + " }");
    }

    /// <summary>Percent-of-fee tiers on the measured value, for the kernels that decide them themselves (budget shows the next tier).</summary>
    private static string TieredCreditsExpression(CreditTerms credits, M.Window window)
    {
        if (credits.Tiers.IsEmpty) return "null";
        var tiers = credits.Tiers.Select(t =>
        {
            var measured = (MeasuredIn)t.Condition;
            return $"new {Rt}CreditTier({CSharpText.Literal(measured.Label)}, {RangeCondition(measured)}, {CSharpText.Literal(((PercentOfFee)t.Amount).Percent.Value)}){ClauseInitialiser(t.Clause)}";
        });
        return $"new {Rt}TieredCredits([{string.Join(", ", tiers)}], {CSharpText.Literal(credits.Cumulative)}, {LimitsExpression(credits, window)})";
    }

    /// <summary>An object initialiser that sets a runtime object's clause citation, or nothing when the line cites none.</summary>
    private static string ClauseInitialiser(string? clause) => clause is null ? "" : $" {{ Clause = {CSharpText.Literal(clause)} }}";

    private static string RangeCondition(MeasuredIn measured)
    {
        var range = measured.Range;
        return $"{Rt}ValueCondition.Between(new {Rt}Bound({CSharpText.Literal(range.LowValue)}, {CSharpText.Literal(range.LowInclusive)}), new {Rt}Bound({CSharpText.Literal(range.HighValue)}, {CSharpText.Literal(range.HighInclusive)}))";
    }

    /// <summary>The SLA's credit lines as a static field, one line per <c>credit</c> clause, in written order.</summary>
    /// <summary>
    /// The label a generated evaluator gives a credit line or tier, which its trace names; reports key the contract's
    /// wording of each line by it, so this is the one place it is decided.
    /// </summary>
    public static string CreditLabel(CreditCondition condition) => condition switch
    {
        MeasuredIn m => m.Label,
        AnyGuaranteeBreached => "any guarantee is breached",
        PerBreachedIncident => "per breached incident",
        ForDownPeriod => "for the down period",
        var other => throw new InvalidOperationException($"unknown credit condition {other}"),
    };

    private static void EmitCreditLines(SourceWriter w, BoundSla sla, string field)
    {
        w.Line($"private static readonly global::System.Collections.Immutable.ImmutableArray<{Rt}CreditLine> {field} =");
        w.Line("[");
        foreach (var tier in sla.Credits.Tiers)
        {
            var label = CreditLabel(tier.Condition);
            var (trigger, condition) = tier.Condition switch
            {
                MeasuredIn m => ("MeasuredIn", RangeCondition(m)),
                AnyGuaranteeBreached => ("AnyGuaranteeBreached", "null"),
                PerBreachedIncident => ("PerBreachedIncident", "null"),
                ForDownPeriod => ("ForDownPeriod", "null"),
                var other => throw new InvalidOperationException($"unknown credit condition {other}"),
            };
            var (payment, value, words) = tier.Amount switch
            {
                PercentOfFee p => ("PercentOfFee", p.Percent.Value, p.Percent + " of fee"),
                DaysOfService d => ("DaysOfService", d.Days, d.Days + " days of service"),
                FixedAmount f => ("FixedAmount", f.Amount.Amount, f.Amount.ToString()),
                FeeMultipleForDownPeriod x => ("FeeMultipleForDownPeriod", x.Factor, x.Factor + " times the fee" + (x.OverMeasuredPeriod ? " over the measured period" : "")),
                var other => throw new InvalidOperationException($"unknown credit amount {other}"),
            };
            var when = tier.Condition is MeasuredIn or AnyGuaranteeBreached ? " when " + label : " " + label;
            w.Line($"    {CSharpText.Comment("credit " + words + when)}");
            var inits = new List<string>();
            if (tier.Clause is not null) inits.Add($"Clause = {CSharpText.Literal(tier.Clause)}");
            if (tier.Amount is FeeMultipleForDownPeriod { OverMeasuredPeriod: true }) inits.Add("OverMeasuredPeriod = true");
            var init = inits.Count == 0 ? "" : $" {{ {string.Join(", ", inits)} }}";
            w.Line($"    new {Rt}CreditLine({CSharpText.Literal(label)}, {Rt}CreditTrigger.{trigger}, {condition}, {Rt}CreditPaymentKind.{payment}, {CSharpText.Literal(value)}){init},");
        }
        w.Line("];");
        w.Line();
    }

    /// <summary>Decides the window's credit from the credit lines and replaces the result's credit (no fee: no credit).</summary>
    private static void EmitCreditStep(SourceWriter w, BoundContract contract, BoundSla sla, string linesField, M.Window window, string factsExpression)
    {
        var fee = FeeExpression(contract, window, "window");
        if (fee == "null") return;
        w.Comment("credits" + (sla.Credits.Cumulative ? " (cumulative)" : ": the most valuable holding line applies") + ", then the window's caps and minimum, rounded once");
        w.Line($"result = {Rt}CreditSchedule.WithCredit(result, {Rt}CreditSchedule.Decide({linesField}, {CSharpText.Literal(sla.Credits.Cumulative)}, {factsExpression}, {fee}, {LimitsExpression(sla.Credits, window)}, window));");
    }

    /// <summary>Caps per a period longer than the window: the earlier windows of that period are evaluated and consume the cap first.</summary>
    private static void EmitLongerPeriodCreditCaps(SourceWriter w, BoundContract contract, BoundSla sla, M.Window window, string measureMethod)
    {
        if (contract.Fee is not { } fee) return;
        var ledger = false;
        void Ledger()
        {
            if (ledger) return;
            ledger = true;
            w.Comment("credits already granted outside the data (credits.csv) for this SLA count against the caps below");
            w.Line($"var (ledger, ledgerChecked) = {Rt}CreditCapChain.LinesFor(result, input.CreditsLedger, {CSharpText.Literal(contract.Name)}, {CSharpText.Literal(sla.Name)});");
            w.Line("result = ledgerChecked;");
        }
        var rollingIndex = 0;
        foreach (var cap in sla.Credits.Caps.Where(c => c.RollingMonths is not null))
        {
            var months = cap.RollingMonths!.Value;
            var chain = $"rolling{++rollingIndex}";
            var amount = cap.Limit switch
            {
                PercentOfFee p => p.Percent.Value * fee.Amount.Amount * months / 100m,
                FixedAmount f => f.Amount.Amount,
                _ => throw new InvalidOperationException("checked by the binder (SLA0161)"),
            };
            var words = "credits capped at " + (cap.Limit is PercentOfFee pc ? pc.Percent + " of fee" : ((FixedAmount)cap.Limit).Amount.ToString()) + $" in any {months} consecutive months";
            Ledger();
            w.Comment(words + $" = {amount} {fee.Amount.Currency}: every window from the effective date is granted in order; a window shares the cap with the {months - 1} months before it");
            w.Line($"var {chain} = new global::System.Collections.Generic.List<({Time}CalendarWindow Window, decimal Credit)>();");
            w.Line($"foreach (var earlierWindow in {Time}WindowCalendar.Covering({WindowKindExpression(window)}, Zone, EffectiveFrom!.Value, window.FirstDate, {CSharpText.Literal(window.Parameter ?? 1)}))");
            w.Line($"    {chain}.Add((earlierWindow, {measureMethod}(input, earlierWindow).Credit?.ExactAmount ?? 0m));");
            w.Line($"result = {Rt}CreditCapChain.Apply(result, window, {chain}, {Rt}CreditCapChain.WithinMonths({CSharpText.Literal(months)}), {CSharpText.Literal(amount)}, {CSharpText.Literal(words)}, {(cap.Clause is null ? "null" : CSharpText.Literal(cap.Clause))}, ledger);");
        }
        foreach (var cap in sla.Credits.Caps)
        {
            if (cap.RollingMonths is not null || cap.Per is not { } per || SameWindow(per, window)) continue;
            var amount = cap.Limit switch
            {
                PercentOfFee p => p.Percent.Value * fee.Amount.Amount * FeePeriodsPerCapPeriod(fee.Per, per)!.Value / 100m,
                FixedAmount f => f.Amount.Amount,
                _ => throw new InvalidOperationException("checked by CreditsUnsupported"),
            };
            var words = "credits capped at " + (cap.Limit is PercentOfFee pc ? pc.Percent + " of fee" : ((FixedAmount)cap.Limit).Amount.ToString()) + " per " + CapPeriodWords(per);
            w.Comment(words + $" = {amount} {fee.Amount.Currency}: earlier windows of the {CapPeriodWords(per)} consume it first");
            var first = per switch
            {
                CapPeriod.ContractYear => "ContractYearStart(window.FirstDate)",
                CapPeriod.Year => $"new {Noda}LocalDate(window.FirstDate.Year, 1, 1)",
                _ => $"new {Noda}LocalDate(window.FirstDate.Year, (window.FirstDate.Month - 1) / 3 * 3 + 1, 1)",
            };
            Ledger();
            w.Line($"var earlier{per} = new global::System.Collections.Generic.List<({Time}CalendarWindow Window, decimal Credit)>();");
            w.Line($"foreach (var earlierWindow in {Time}WindowCalendar.Covering({WindowKindExpression(window)}, Zone, Later(EffectiveFrom, {first}), window.FirstDate, {CSharpText.Literal(window.Parameter ?? 1)}))");
            w.Line($"    earlier{per}.Add((earlierWindow, {measureMethod}(input, earlierWindow).Credit?.ExactAmount ?? 0m));");
            w.Line($"result = {Rt}CreditCapChain.Apply(result, window, earlier{per}, {Rt}CreditCapChain.SamePeriod, {CSharpText.Literal(amount)}, {CSharpText.Literal(words)}, {(cap.Clause is null ? "null" : CSharpText.Literal(cap.Clause))}, ledger);");
        }
    }

    /// <summary>Returns the outcome with the claim deadline the contract states.</summary>
    private static void EmitClaimAndReturn(SourceWriter w, BoundSla sla, M.Window window)
    {
        var anchor = CSharpText.Literal(window.Kind == WindowKind.BillingCycle ? window.Parameter ?? 1 : 1);
        switch (sla.Credits.Claim)
        {
            case ClaimWithin { Unit: ClaimUnit.Days } within:
                w.Comment($"claim within {within.Count} days after the window ends");
                w.Line($"return {Rt}CommitmentOutcome.Evaluated(result, {Rt}ClaimDeadlines.DaysAfterWindowEnd(window, {CSharpText.Literal(within.Count)}));");
                break;
            case ClaimWithin { Unit: ClaimUnit.Months } within:
                w.Comment($"claim within {within.Count} months after the window ends");
                w.Line($"return {Rt}CommitmentOutcome.Evaluated(result, {Rt}ClaimDeadlines.MonthsAfterWindowEnd(window, {CSharpText.Literal(within.Count)}));");
                break;
            case ClaimWithin within:
                w.Comment($"claim within {within.Count} billing cycles after the window ends: by the end of the {within.Count}th following cycle");
                w.Line($"return {Rt}CommitmentOutcome.Evaluated(result, {Rt}ClaimDeadlines.EndOfFollowingBillingCycle(window, {anchor}, {CSharpText.Literal(within.Count)}));");
                break;
            case ClaimByEndOfCycle by:
                w.Comment($"claim by the end of billing cycle number {by.Ordinal} after the window's (the incident's) cycle");
                w.Line($"return {Rt}CommitmentOutcome.Evaluated(result, {Rt}ClaimDeadlines.EndOfFollowingBillingCycle(window, {anchor}, {CSharpText.Literal(by.Ordinal)}));");
                break;
            default:
                w.Line($"return {Rt}CommitmentOutcome.Evaluated(result);");
                break;
        }
    }
}
