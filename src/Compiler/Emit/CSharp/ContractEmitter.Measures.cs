using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Time;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

// SLAs whose guarantees are not availability: request success rate, latency (merged histogram percentile or share of
// slices), incident clocks (every incident or a share, business hours and holidays), alert acknowledgement share, and
// SLAs of several such guarantees (each judged, combined by MeasureResults.ForGuarantees: docs/semantics.md).
public static partial class ContractEmitter
{
    /// <summary>An SLA with at least one guarantee that is not an availability percentage.</summary>
    private static bool ClaimsMeasures(BoundSla sla) =>
        sla.Guarantees.Any(g => g.Objective is not ThresholdObjective { Measure: AvailabilityMeasure });

    /// <summary>How an SLA's credit lines are paid, once checked.</summary>
    private enum MeasureCreditKind { None, AnyGuaranteeBreached, PerBreachedIncident, BySuccessRate }

    private static MeasureCreditKind CreditKindOf(CreditTerms credits) =>
        credits.Tiers.IsEmpty ? MeasureCreditKind.None
        : credits.Tiers.All(t => t.Condition is AnyGuaranteeBreached) ? MeasureCreditKind.AnyGuaranteeBreached
        : credits.Tiers.All(t => t.Condition is PerBreachedIncident) ? MeasureCreditKind.PerBreachedIncident
        : MeasureCreditKind.BySuccessRate;

    /// <summary>Why this SLA cannot be compiled yet, or null.</summary>
    private static string? MeasuresUnsupported(BoundContract contract, BoundSla sla)
    {
        var kind = sla.Guarantees[0].Window?.Kind;
        if (kind is not (WindowKind.CalendarMonth or WindowKind.CalendarQuarter)) return "windows other than calendar month or quarter";
        if (sla.Guarantees.Any(g => g.Window?.Kind != kind)) return "guarantees of one SLA measured over different windows";
        foreach (var g in sla.Guarantees)
            if (MeasureObjectiveUnsupported(contract, g.Objective, sla) is { } why) return why;
        if (sla.MeasuredValueRounding is not null) return "rounding of the measured value";
        var requestGuarantees = sla.Guarantees.Count(g => g.Objective is ThresholdObjective { Measure: SuccessRateMeasure or LatencyMeasure });
        foreach (var exclusion in sla.Exclusions)
        {
            if (exclusion.Predicate is LocalTimeWindow) return "exclusions of local time windows";
            if (exclusion.Predicate is CausedBy or Tagged && exclusion.Cap is not null) return "a cap on an incident exclusion";
            if (exclusion.Predicate is MaintenanceWindows)
            {
                if (sla.Guarantees.Length != requestGuarantees) return "maintenance exclusions for incident clocks or alerts";
                if (sla.Guarantees.Any(g => RequestServices(g.Objective).Length != 1)) return "maintenance exclusions for requests of several services";
                if (exclusion.Cap is { } cap && !SameWindow(cap.Per, kind.Value)) return "an exclusion cap per a period other than the measurement window";
            }
        }
        if (sla.Exclusions.Any(e => e.Predicate is CausedBy or Tagged) && sla.Guarantees.Any(g => g.Objective is not IncidentClockObjective))
            return "incident exclusions for request or alert guarantees";
        var credits = sla.Credits;
        var creditKind = CreditKindOf(credits);
        if (creditKind != MeasureCreditKind.None)
        {
            if (contract.Fee is null) return "credits without a fee";
            if (!SameWindow(contract.Fee.Per, kind.Value)) return "a fee per a period other than the measurement window";
            if (contract.Rounding == RoundingMode.HalfTowardZero) return "half-toward-zero money rounding";
            if (credits.Tiers.Any(t => t.Amount is not PercentOfFee)) return "credit amounts other than a percent of fee";
            switch (creditKind)
            {
                case MeasureCreditKind.PerBreachedIncident:
                    if (sla.Guarantees.Length != 1 || sla.Guarantees[0].Objective is not IncidentClockObjective { EveryIncident: true })
                        return "per-breach credits other than on one every-incident guarantee";
                    if (credits.Tiers.Length != 1) return "more than one per-breach credit line";
                    break;
                case MeasureCreditKind.BySuccessRate:
                    if (credits.Tiers.Any(t => t.Condition is not MeasuredIn { Subject: TierSubject.SuccessRate }))
                        return "credit tiers other than all on success rate, all 'when any guarantee is breached' or all 'per breached incident'";
                    if (sla.Guarantees.Count(g => g.Objective is ThresholdObjective { Measure: SuccessRateMeasure }) != 1)
                        return "success-rate credit tiers without exactly one success-rate guarantee";
                    break;
            }
        }
        foreach (var cap in credits.Caps)
        {
            if (cap.RollingMonths is not null) return "a rolling credit cap (in any N consecutive months) on this measure";
            if (cap.Limit is not (PercentOfFee or DaysOfService)) return "credit caps other than a percent of fee or days of service";
            if (cap.Per is { } per && !SameWindow(per, kind.Value)) return "credit caps per a period other than the measurement window (contract-year caps)";
        }
        if (credits.Caps.Count(c => c.Limit is PercentOfFee) > 1 || credits.Caps.Count(c => c.Limit is DaysOfService) > 1) return "more than one credit cap of a kind";
        if (credits.Minimum is { } minimum && (minimum.Required is not (ComparisonOperator.AtLeast or ComparisonOperator.Above) || contract.Fee is null || minimum.Amount.Currency != contract.Fee.Amount.Currency))
            return "this form of minimum credit";
        if (credits.Claim is not null and not ClaimWithin { Unit: ClaimUnit.Days or ClaimUnit.Months }) return "claim deadlines other than days or months after the window ends";
        if (credits.Claim is ClaimWithin { After: var anchor } && (anchor, kind) is not ((ClaimAnchor.MonthEnd, WindowKind.CalendarMonth) or (ClaimAnchor.QuarterEnd, WindowKind.CalendarQuarter)))
            return "claim deadlines anchored elsewhere than the end of the measurement window";
        return null;
    }

    /// <summary>Why one guarantee or KPI target of a non-availability measure cannot be compiled (null: it can). Shared with KPIs.</summary>
    private static string? MeasureObjectiveUnsupported(BoundContract contract, Objective objective, BoundSla? sla) => objective switch
    {
        ThresholdObjective { Measure: AvailabilityMeasure } => "an availability guarantee beside other guarantees",
        ThresholdObjective { Measure: SuccessRateMeasure, Slices: null, Bound.Value: PercentQuantity } => null,
        ThresholdObjective { Measure: LatencyMeasure, Slices: null, Bound.Value: DurationQuantity } => null,
        ThresholdObjective { Measure: LatencyMeasure, Slices: not null, Bound: { Operator: ComparisonOperator.AtMost, Value: DurationQuantity } } => null,
        ThresholdObjective { Measure: LatencyMeasure, Slices: not null } => "a latency slice share with a bound other than 'at most'",
        ThresholdObjective t => "the measure " + t.Measure.Name + " as an SLA guarantee",
        IncidentClockObjective clock => ClockUnsupported(contract, sla?.Clocks.FirstOrDefault(c => c.Kind == clock.Kind) ?? M.ClockRuleClause.Default(clock.Kind)),
        AlertAcknowledgementObjective => null,
        TrendObjective => "a trend as an SLA guarantee",
        _ => "this kind of objective",
    };

    private static string? ClockUnsupported(BoundContract contract, M.ClockRuleClause rule)
    {
        if (rule.Start is not (ClockEvent.Started or ClockEvent.Detected)) return "a clock that starts at " + rule.Start.ToString().ToLowerInvariant();
        if (rule.Stop is not (ClockEvent.Acknowledged or ClockEvent.Responded or ClockEvent.Resolved)) return "a clock that stops at " + rule.Stop.ToString().ToLowerInvariant();
        if (rule.HolidayCalendar is { } name && contract.FindCalendar(name) is null) return "an unknown holiday calendar";
        return null;
    }

    private static ImmutableArray<string> RequestServices(Objective objective) => objective switch
    {
        ThresholdObjective { Measure: SuccessRateMeasure s } => s.Services,
        ThresholdObjective { Measure: LatencyMeasure l } => l.Services,
        _ => [],
    };

    private static void EmitMeasures(SourceWriter w, BoundContract contract, BoundSla sla, string method)
    {
        var name = CSharpText.Literal(sla.Name);
        var clause = sla.Clause is null ? "null" : CSharpText.Literal(sla.Clause);
        var fieldName = method["Evaluate_".Length..];
        var window = sla.Guarantees[0].Window!;
        var kind = window.Kind;
        var creditKind = CreditKindOf(sla.Credits);
        var fee = creditKind == MeasureCreditKind.None ? "null" : "fee";

        // Clock rules as static fields: business hours and holidays are constants of the contract.
        foreach (var rule in sla.Clocks.Where(c => sla.Guarantees.Any(g => g.Objective is IncidentClockObjective o && o.Kind == c.Kind)))
        {
            w.Comment(DescribeClock(rule));
            w.Line($"private static readonly {Rt}ClockRule {ClockField(fieldName, rule.Kind)} = {ClockRuleExpression(contract, rule)};");
        }
        using (w.Block($"private static {Rt}CommitmentOutcome {method}({Rt}EvaluationInput input)"))
        {
            EmitWindowPreamble(w, name, clause, kind);
            if (creditKind != MeasureCreditKind.None) w.Line($"var fee = {FeeExpression(contract, window, "window")};");
            var results = new List<string>();
            string? successRateResult = null;
            for (var k = 0; k < sla.Guarantees.Length; k++)
            {
                var guarantee = sla.Guarantees[k];
                var gClause = guarantee.Clause ?? sla.Clause;
                var label = "g" + (k + 1).ToString(CultureInfo.InvariantCulture);
                w.Comment((gClause is null ? "" : "clause " + gClause + ": ") + "guarantee " + DescribeObjective(guarantee.Objective) + (guarantee.Objective is IncidentClockObjective ? ", " : " ") + guarantee.Window);
                // Credits go on the guarantee itself only for one guarantee paid by its own value or its breaches.
                var single = sla.Guarantees.Length == 1;
                var credit = new GuaranteeCredit(
                    creditKind == MeasureCreditKind.BySuccessRate && guarantee.Objective is ThresholdObjective { Measure: SuccessRateMeasure }
                        ? $"{TieredCreditsExpression(sla.Credits, window)}, fee" : null,
                    single && creditKind == MeasureCreditKind.PerBreachedIncident ? (((PercentOfFee)sla.Credits.Tiers[0].Amount).Percent.Value, LimitsExpression(sla.Credits, window)) : null);
                EmitGuaranteeResult(w, contract, sla.Name, gClause, guarantee.Objective, label, fieldName, sla.Exclusions, sla.Clause, credit);
                if (guarantee.Objective is ThresholdObjective { Measure: SuccessRateMeasure }) successRateResult = label;
                results.Add(label);
            }
            string result;
            if (sla.Guarantees.Length == 1)
            {
                result = results[0];
                if (creditKind == MeasureCreditKind.AnyGuaranteeBreached)
                {
                    w.Comment("credit when the guarantee is breached: " + DescribeCredits(sla.Credits));
                    w.Line($"{result} = {Rt}MeasureResults.WithCreditWhenBreached({result}, {BreachTiersExpression(sla.Credits, window)}, fee, window);");
                }
            }
            else
            {
                w.Comment("several guarantees: breached when any is breached; credit " + (creditKind == MeasureCreditKind.None ? "none" : DescribeCredits(sla.Credits)));
                var list = "[" + string.Join(", ", results) + "]";
                var combined = creditKind switch
                {
                    MeasureCreditKind.AnyGuaranteeBreached => $"{BreachTiersExpression(sla.Credits, window)}, fee",
                    MeasureCreditKind.BySuccessRate => $"creditFromGuarantee: {successRateResult}.Credit",
                    _ => "null, null",
                };
                w.Line($"var result = {Rt}MeasureResults.ForGuarantees({name}, {clause}, window, input.AsOf, {list}, {combined});");
                if (creditKind == MeasureCreditKind.BySuccessRate)
                    w.Line($"{successRateResult} = {successRateResult} with {{ Credit = null, Trace = {successRateResult}.Trace with {{ Credit = null }} }}; {CSharpText.Comment("the credit is the SLA's, once")}");
                result = "result";
            }
            var claim = sla.Credits.Claim switch
            {
                ClaimWithin { Unit: ClaimUnit.Days } days => $", {Rt}ClaimDeadlines.DaysAfterWindowEnd(window, {CSharpText.Literal(days.Count)})",
                ClaimWithin { Unit: ClaimUnit.Months } months => $", {Rt}ClaimDeadlines.MonthsAfterWindowEnd(window, {CSharpText.Literal(months.Count)})",
                _ => "",
            };
            if (sla.Credits.Claim is ClaimWithin c)
                w.Comment("claim within " + c.Count + (c.Unit == ClaimUnit.Months ? " months" : " days") + " after the window ends");
            var guarantees = sla.Guarantees.Length == 1 ? "" : " with { Guarantees = [" + string.Join(", ", results) + "] }";
            w.Line($"return {Rt}CommitmentOutcome.Evaluated({result}{claim}){guarantees};");
        }
    }

    /// <summary>Credit arguments for one guarantee's kernel call: tiered on its value, or per breached incident.</summary>
    private sealed record GuaranteeCredit(string? Tiered, (decimal Percent, string Limits)? PerBreach)
    {
        public static readonly GuaranteeCredit None = new(null, null);
    }

    /// <summary>The mismatch and effective-range checks, then <c>window</c>: shared by SLAs and KPIs of calendar windows.</summary>
    private static void EmitWindowPreamble(SourceWriter w, string name, string clause, WindowKind kind)
    {
        var monthly = kind == WindowKind.CalendarMonth;
        w.Line($"if (input.Period.{(monthly ? "Month" : "Quarter")} is null) return {Rt}CommitmentOutcome.Mismatch({name}, {clause}, {CSharpText.Literal(monthly ? "measured per calendar month: ask for a month (2026-11)" : "measured per calendar quarter: ask for a quarter (2026-Q4)")});");
        w.Line($"var window = WindowFor(input.Period, {Time}WindowKind.{(monthly ? "CalendarMonth" : "CalendarQuarter")});");
        w.Line($"if (window is null) return {Rt}CommitmentOutcome.Outside({name}, {clause}, {CSharpText.Literal("the period lies outside the contract's effective range")});");
    }

    /// <summary>
    /// Writes <c>var LABEL = ...;</c>, a <c>CommitmentResult</c> for one guarantee or KPI target over <c>window</c>.
    /// Exclusions apply as the objective allows (checked by <see cref="MeasuresUnsupported"/>).
    /// </summary>
    private static void EmitGuaranteeResult(SourceWriter w, BoundContract contract, string commitment, string? clauseText, Objective objective,
        string label, string fieldName, ImmutableArray<Exclusion> exclusions, string? slaClause, GuaranteeCredit credit, string? target = null)
    {
        var name = CSharpText.Literal(commitment);
        var clause = clauseText is null ? "null" : CSharpText.Literal(clauseText);
        switch (objective)
        {
            case ThresholdObjective { Measure: SuccessRateMeasure rate } t:
            {
                var excl = EmitRequestExclusions(w, rate.Services, exclusions, slaClause, label);
                w.Line($"var {label} = {Rt}MeasureResults.ForSuccessRate({name}, {clause}, window, input.AsOf, {SlicesExpression(rate.Services)}, {excl}, {target ?? ThresholdCondition(t.Bound)}{(credit.Tiered is { } tiers ? ", " + tiers : "")});");
                break;
            }
            case ThresholdObjective { Measure: LatencyMeasure latency, Slices: null } t:
            {
                var excl = EmitRequestExclusions(w, latency.Services, exclusions, slaClause, label);
                w.Line($"var {label} = {Rt}MeasureResults.ForHistogramPercentile({name}, {clause}, window, input.AsOf, {SlicesExpression(latency.Services)}, {excl}, {CSharpText.Literal(latency.Percentile)}, {target ?? ThresholdCondition(t.Bound, latency: true)});");
                break;
            }
            case ThresholdObjective { Measure: LatencyMeasure latency, Slices: { } share } t:
            {
                var excl = EmitRequestExclusions(w, latency.Services, exclusions, slaClause, label);
                var ms = Milliseconds(((DurationQuantity)t.Bound.Value).Value);
                w.Line($"var {label} = {Rt}MeasureResults.ForLatencySliceShare({name}, {clause}, window, input.AsOf, {SlicesExpression(latency.Services)}, {excl}, "
                    + $"{CSharpText.Literal(latency.Percentile)}, {CSharpText.Literal(ms)}, {CSharpText.Literal(share.SliceLength)}, {target ?? $"{Rt}ValueCondition.AtLeast({CSharpText.Literal(share.Share.Value)})"}); {CSharpText.Comment(SliceLength(share.SliceLength) + " slices")}");
                break;
            }
            case IncidentClockObjective clock:
            {
                var ruleField = ClockField(fieldName, clock.Kind);
                var within = CSharpText.Literal(clock.Within);
                var incidentExclusions = exclusions.Where(e => e.Predicate is CausedBy or Tagged).Select(e => "!(" + ExclusionExpression(e.Predicate) + ")");
                var qualifies = string.Join(" && ", new[] { SelectionExpression(clock.Incidents, []) }.Concat(incidentExclusions));
                w.Line($"var {label}Clocks = {Rt}IncidentClocks.Evaluate(input.Incidents, i => {qualifies}, {ruleField}, {within}, window, input.AsOf); {CSharpText.Comment(Readable(clock.Within))}");
                if (clock.EveryIncident)
                {
                    var perBreach = credit.PerBreach is { } p ? $", {CSharpText.Literal(p.Percent)}, {p.Limits}, fee" : "";
                    w.Line($"var {label} = {Rt}MeasureResults.ForEveryIncident({name}, {clause}, window, input.AsOf, {label}Clocks, {within}{perBreach});");
                }
                else
                {
                    var measure = $"share of {clock.Incidents} with {clock.Kind.ToString().ToLowerInvariant()} within {Readable(clock.Within)}";
                    w.Line($"var {label} = {Rt}MeasureResults.ForIncidentShare({name}, {clause}, window, input.AsOf, {label}Clocks, {CSharpText.Literal(measure)}, {target ?? $"{Rt}ValueCondition.AtLeast({CSharpText.Literal(clock.RequiredShare!.Value.Value)})"});");
                }
                break;
            }
            case AlertAcknowledgementObjective alerts:
            {
                var services = alerts.Services.IsEmpty ? "true" : string.Join(" || ", alerts.Services.Select(s => $"a.Service == {CSharpText.Literal(s)}"));
                var within = CSharpText.Literal(alerts.Within);
                w.Line($"var {label}Share = {Rt}KpiMeasures.ShareOfAlertsAcknowledgedWithin(input.Alerts, a => {services}, {within}, window, input.AsOf, out var {label}Raised, out var {label}InTime); {CSharpText.Comment(Readable(alerts.Within))}");
                var measure = CSharpText.Literal("share of alerts acknowledged within " + Readable(alerts.Within));
                w.Line($"var {label} = {Rt}MeasureResults.ForValue({name}, {clause}, {measure}, window, input.AsOf, {label}Share, {target ?? $"{Rt}ValueCondition.AtLeast({CSharpText.Literal(alerts.Share.Value)})"}, "
                    + $"notes: [new {Rt}AlertsAcknowledged({label}InTime, {label}Raised)]);");
                break;
            }
            default:
                throw new InvalidOperationException($"unchecked objective {objective}");
        }
    }

    /// <summary>Maintenance exclusions for request slices of one service; returns the expression for the exclusion list.</summary>
    private static string EmitRequestExclusions(SourceWriter w, ImmutableArray<string> services, ImmutableArray<Exclusion> exclusions, string? slaClause, string label)
    {
        var maintenance = exclusions.Where(e => e.Predicate is MaintenanceWindows).ToList();
        if (maintenance.Count == 0) return "[]";
        w.Line($"var {label}Exclusions = new global::System.Collections.Generic.List<{Rt}TimeExclusion>();");
        foreach (var exclusion in maintenance)
        {
            var notice = ((MaintenanceWindows)exclusion.Predicate).MinimumNotice;
            w.Comment(Describe(exclusion.Predicate) + (exclusion.Cap is null ? "" : ", at most " + Readable(exclusion.Cap.Limit) + " per " + exclusion.Cap.Per.ToString().ToLowerInvariant()) + ": slices wholly inside are not counted");
            var text = (slaClause is null ? "" : slaClause + " ") + Describe(exclusion.Predicate);
            var predicate = notice is { } n ? $"m => m.Notice >= {CSharpText.Literal(n)}" : "m => true";
            var cap = exclusion.Cap is null ? "null" : CSharpText.Literal(exclusion.Cap.Limit);
            w.Line($"{label}Exclusions.Add({Rt}TimeExclusion.FromMaintenance({CSharpText.Literal(text)}, input.Maintenance, {CSharpText.Literal(services[0])}, {predicate}, {cap}));");
        }
        return label + "Exclusions";
    }

    private static string SlicesExpression(ImmutableArray<string> services) =>
        $"{Rt}RequestEvidence.OfServices(input{string.Concat(services.Select(s => ", " + CSharpText.Literal(s)))})";

    /// <summary>A threshold as an exact condition: percents in percent, durations in seconds (latency in milliseconds), counts plain.</summary>
    private static string ThresholdCondition(Comparison bound, bool latency = false)
    {
        var (value, unit) = bound.Value switch
        {
            PercentQuantity p => (p.Value.Value, "Percent"),
            DurationQuantity d when latency => (Milliseconds(d.Value), "Plain"),
            DurationQuantity d => (Seconds(d.Value), "Plain"),
            CountQuantity c => (c.Value, "Plain"),
            _ => throw new InvalidOperationException($"no condition for {bound.Value}"),
        };
        var factory = bound.Operator switch
        {
            ComparisonOperator.AtLeast => "AtLeast",
            ComparisonOperator.Above => "Above",
            ComparisonOperator.AtMost => "AtMost",
            _ => "Below",
        };
        return $"{Rt}ValueCondition.{factory}({CSharpText.Literal(value)}, {Rt}ValueUnit.{unit})";
    }

    private static decimal Milliseconds(NodaTime.Duration d) => d.BclCompatibleTicks / (decimal)NodaTime.NodaConstants.TicksPerMillisecond;

    private static decimal Seconds(NodaTime.Duration d) => d.BclCompatibleTicks / (decimal)NodaTime.NodaConstants.TicksPerSecond;

    private static string ClockField(string fieldName, ClockKind kind) => "Clock_" + fieldName + "_" + kind;

    private static string ClockRuleExpression(BoundContract contract, M.ClockRuleClause rule)
    {
        var start = rule.Start == ClockEvent.Detected ? "Detected" : "Started";
        var stop = rule.Stop switch { ClockEvent.Acknowledged => "Acknowledged", ClockEvent.Responded => "Responded", _ => "Resolved" };
        var holidays = rule.HolidayCalendar is { } name ? contract.FindCalendar(name)!.Holidays : ImmutableArray<NodaTime.LocalDate>.Empty;
        string calendar;
        if (rule.BusinessHours is null && holidays.IsEmpty) calendar = "null";
        else
        {
            // Without business hours the clock runs all day, every day, except on the holidays.
            var hours = rule.BusinessHours ?? new WeeklyHours([.. Enumerable.Range(1, 7).Select(d => (NodaTime.IsoDayOfWeek)d)], 0, 1440);
            var ranges = hours.Days.Select(d => $"new {Time}DailyRange({Noda}IsoDayOfWeek.{d}, {LocalTime(hours.FromMinute)}, {LocalTime(hours.ToMinute)})");
            var dates = holidays.Select(d => LocalDate(d));
            calendar = $"new {Time}WeeklyCalendar(Zone, [{string.Join(", ", ranges)}], [{string.Join(", ", dates)}])";
        }
        return $"new({Rt}ClockStart.{start}, {Rt}ClockStop.{stop}, {calendar})";
    }

    private static string LocalTime(int minuteOfDay) => minuteOfDay == 1440
        ? $"{Noda}LocalTime.Midnight"
        : $"new {Noda}LocalTime({CSharpText.Literal(minuteOfDay / 60)}, {CSharpText.Literal(minuteOfDay % 60)})";

    private static string DescribeClock(M.ClockRuleClause rule)
    {
        var text = rule.Kind.ToString().ToLowerInvariant() + " clock runs from " + rule.Start.ToString().ToLowerInvariant() + " to " + rule.Stop.ToString().ToLowerInvariant();
        if (rule.BusinessHours is { } h)
            text += " during " + string.Join(",", h.Days.Select(d => d.ToString()[..3])) + " " + $"{h.FromMinute / 60:D2}:{h.FromMinute % 60:D2}-{h.ToMinute / 60:D2}:{h.ToMinute % 60:D2}";
        if (rule.HolidayCalendar is { } cal) text += " except holidays " + cal;
        return text;
    }

    /// <summary>An objective in words for a comment or a measure label (contract text reaches code only through CSharpText).</summary>
    private static string DescribeObjective(Objective objective) => objective switch
    {
        ThresholdObjective t => DescribeMeasure(t.Measure) + " " + t.Bound + (t.Slices is { } s ? $" in at least {s.Share} of {SliceLength(s.SliceLength)} slices" : ""),
        IncidentClockObjective c => $"{c.Kind.ToString().ToLowerInvariant()} to {c.Incidents} within {Readable(c.Within)}, " + (c.EveryIncident ? "every incident" : $"{c.RequiredShare} of incidents"),
        AlertAcknowledgementObjective a => $"{a.Share} of alerts{(a.Services.IsEmpty ? "" : " on " + string.Join(" and ", a.Services))} acknowledged within {Readable(a.Within)}",
        TrendObjective t => DescribeMeasure(t.Measure) + " " + t.Direction.ToString().ToLowerInvariant() + " " + (t.Step == TrendStep.MonthOverMonth ? "month over month" : "quarter over quarter"),
        _ => objective.GetType().Name,
    };

    /// <summary>"5-minute", as the contract writes a slice length.</summary>
    private static string SliceLength(NodaTime.Duration d) => Readable(d).TrimEnd('s').Replace(' ', '-');

    private static string DescribeMeasure(Measure measure) => measure switch
    {
        AvailabilityMeasure a => "availability of " + string.Join(" and ", a.Services),
        SuccessRateMeasure s => "success rate of " + string.Join(" and ", s.Services) + " requests",
        LatencyMeasure l => $"p{l.Percentile} latency of " + string.Join(" and ", l.Services) + " requests",
        IncidentTimeMeasure t => t.Name + " " + t.Incidents,
        PostmortemCompletionMeasure p => "postmortems completed for " + p.Incidents,
        IncidentCountMeasure c => "count of " + c.Incidents,
        DowntimeMeasure d => "downtime of " + string.Join(" and ", d.Services),
        _ => measure.Name,
    };

    private static string DescribeCredits(CreditTerms credits)
    {
        var parts = credits.Tiers.Select(t => ((PercentOfFee)t.Amount).Percent + " of fee " + t.Condition switch
        {
            AnyGuaranteeBreached => "when any guarantee is breached",
            PerBreachedIncident => "per breached incident",
            MeasuredIn m => "when " + m.Label,
            _ => "",
        }).ToList();
        parts.AddRange(credits.Caps.Select(c => "capped at " + (c.Limit is PercentOfFee p ? p.Percent + " of fee" : ((DaysOfService)c.Limit).Days + " days of service")));
        return string.Join("; ", parts);
    }

    /// <summary>"when any guarantee is breached" as a tier on the number of breached guarantees (at least 1).</summary>
    private static string BreachTiersExpression(CreditTerms credits, M.Window window)
    {
        var tiers = credits.Tiers.Select(t =>
            $"new {Rt}CreditTier({CSharpText.Literal(CreditLabel(t.Condition))}, {Rt}ValueCondition.AtLeast(1m, {Rt}ValueUnit.Plain), {CSharpText.Literal(((PercentOfFee)t.Amount).Percent.Value)})");
        return $"new {Rt}TieredCredits([{string.Join(", ", tiers)}], {CSharpText.Literal(credits.Cumulative)}, {LimitsExpression(credits, window)})";
    }

    // Measure shapes are measured per calendar month or quarter only: a cap or fee period matches the window kind exactly.
    private static bool SameWindow(CapPeriod per, WindowKind kind) =>
        (per, kind) is (CapPeriod.Month, WindowKind.CalendarMonth) or (CapPeriod.Quarter, WindowKind.CalendarQuarter);

    private static bool SameWindow(FeePeriod per, WindowKind kind) =>
        (per, kind) is (FeePeriod.Month, WindowKind.CalendarMonth) or (FeePeriod.Quarter, WindowKind.CalendarQuarter);
}
