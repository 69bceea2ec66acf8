using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Compiler.Emit;

// Availability SLAs whose downtime comes from incident records: weights, minimum period, incident and maintenance
// exclusions, accounting, tiered credits with a cap and a minimum, claim deadline, budget warning.
public static partial class ContractEmitter
{
    /// <summary>An SLA whose guarantees are all availability percentages (its downtime rule decides what more it needs).</summary>
    private static bool ClaimsAvailabilityFromIncidents(BoundSla sla) =>
        sla.Guarantees.All(g => g.Objective is ThresholdObjective { Measure: AvailabilityMeasure });

    private static void EmitAvailabilityFromIncidents(SourceWriter w, BoundContract contract, BoundSla sla, string method)
    {
        var name = CSharpText.Literal(sla.Name);
        var clause = sla.Clause is null ? "null" : CSharpText.Literal(sla.Clause);
        var guarantee = sla.Guarantees[0];
        var threshold = (ThresholdObjective)guarantee.Objective;
        var measure = (AvailabilityMeasure)threshold.Measure;
        var downtime = (IncidentDowntime)sla.Downtime!;
        var fieldName = method["Evaluate_".Length..];
        var commitmentField = "Commitment_" + fieldName;

        // The commitment: target, weights, minimum period, incident exclusions, accounting, credits, warn threshold.
        var args = new List<string>
        {
            $"commitment: {name},",
            $"clause: {clause},",
            CSharpText.Comment("guarantee " + threshold.Bound.Operator + " " + ((PercentQuantity)threshold.Bound.Value).Value + " per " + guarantee.Window!.Kind),
            $"target: {Condition(threshold.Bound.Operator, ((PercentQuantity)threshold.Bound.Value).Value.Value)},",
            CSharpText.Comment("downtime weights: the first selection that matches an incident decides its weight"),
            $"weight: i => {WeightExpression(downtime.Selections, measure.Services)},",
            $"minimumPeriod: {CSharpText.Literal(downtime.IgnoreShorterThan ?? NodaTime.Duration.Zero)}, {CSharpText.Comment(Readable(downtime.IgnoreShorterThan ?? NodaTime.Duration.Zero))}",
        };
        var incidentExclusions = sla.Exclusions.Where(e => e.Predicate is CausedBy or Tagged).ToList();
        if (incidentExclusions.Count == 0) args.Add("incidentExclusions: [],");
        else
        {
            args.Add("incidentExclusions:");
            args.Add("[");
            foreach (var exclusion in incidentExclusions)
            {
                var label = (sla.Clause is null ? "" : sla.Clause + " ") + Describe(exclusion.Predicate);
                args.Add($"    new {Rt}IncidentExclusion({CSharpText.Literal(label)}, i => {ExclusionExpression(exclusion.Predicate)}),");
            }
            args.Add("],");
        }
        args.Add($"accounting: {Rt}ExcludedTimeAccounting.{(sla.Accounting == ExcludedTimeAccounting.CountsAsAvailable ? "CountsAsAvailable" : "RemovedFromMeasuredPeriod")},");
        args.Add($"basis: {Rt}MeasuredPeriodBasis.CalendarWindow,");
        args.Add($"credits: {Credits(sla.Credits)},");
        args.Add($"warnAtBudgetPercent: {(sla.WarnAtBudgetUsed.IsEmpty ? "null" : CSharpText.Literal(sla.WarnAtBudgetUsed.Min(p => p.Value)))});");
        w.Line($"private static readonly {Rt}DowntimeCommitment {commitmentField} = new(");
        foreach (var arg in args) w.Line("    " + arg);
        w.Line();
        using (w.Block($"private static {Rt}CommitmentOutcome {method}({Rt}EvaluationInput input)"))
        {
            var monthly = guarantee.Window.Kind == M.WindowKind.CalendarMonth;
            w.Line($"if (input.Period.{(monthly ? "Month" : "Quarter")} is null) return {Rt}CommitmentOutcome.Mismatch({name}, {clause}, {CSharpText.Literal(monthly ? "measured per calendar month: ask for a month (2026-11)" : "measured per calendar quarter: ask for a quarter (2026-Q4)")});");
            w.Line($"var window = WindowFor(input.Period, {Time}WindowKind.{(monthly ? "CalendarMonth" : "CalendarQuarter")});");
            w.Line($"if (window is null) return {Rt}CommitmentOutcome.Outside({name}, {clause}, {CSharpText.Literal("the period lies outside the contract's effective range")});");
            var maintenance = sla.Exclusions.Where(e => e.Predicate is MaintenanceWindows).ToList();
            w.Line($"var exclusions = new global::System.Collections.Generic.List<{Rt}TimeExclusion>();");
            foreach (var exclusion in maintenance)
            {
                var notice = ((MaintenanceWindows)exclusion.Predicate).MinimumNotice;
                w.Comment(Describe(exclusion.Predicate) + (exclusion.Cap is null ? "" : ", at most " + Readable(exclusion.Cap.Limit) + " per " + exclusion.Cap.Per.ToString().ToLowerInvariant()));
                var label = (sla.Clause is null ? "" : sla.Clause + " ") + Describe(exclusion.Predicate);
                var predicate = notice is { } n ? $"m => m.Notice >= {CSharpText.Literal(n)}" : "m => true";
                var cap = exclusion.Cap is null ? "null" : CSharpText.Literal(exclusion.Cap.Limit);
                w.Line($"exclusions.Add({Rt}TimeExclusion.FromMaintenance({CSharpText.Literal(label)}, input.Maintenance, {CSharpText.Literal(measure.Services[0])}, {predicate}, {cap}));");
            }
            var fee = contract.Fee is null ? "null" : $"new {Rt}FeeTerms({CSharpText.Literal(contract.Fee.Amount.Amount)}, {CSharpText.Literal(contract.Fee.Amount.Currency)}, {Rt}MoneyRoundingMode.{(contract.Rounding == RoundingMode.HalfEven ? "HalfEven" : "HalfAwayFromZero")})";
            w.Line($"var result = new {Rt}DowntimeEvaluator().Evaluate({commitmentField}, window, input.AsOf, input.Incidents, exclusions, null, {fee});");
            if (sla.Credits.Claim is ClaimWithin { Unit: ClaimUnit.Days } within)
            {
                w.Comment("claim within " + within.Count + " days after the window ends");
                w.Line($"return {Rt}CommitmentOutcome.Evaluated(result, {Rt}ClaimDeadlines.DaysAfterWindowEnd(window, {CSharpText.Literal(within.Count)}));");
            }
            else w.Line($"return {Rt}CommitmentOutcome.Evaluated(result);");
        }
    }

    /// <summary>Why this SLA cannot be compiled yet, or null when the availability-from-incidents slice covers it.</summary>
    private static string? AvailabilityFromIncidentsUnsupported(BoundContract contract, BoundSla sla)
    {
        if (sla.Guarantees.Length != 1) return "an SLA with more than one guarantee";
        var guarantee = sla.Guarantees[0];
        if (guarantee.Objective is not ThresholdObjective { Measure: AvailabilityMeasure measure, Slices: null, Bound.Value: PercentQuantity })
            return "guarantees other than availability at a percent (success rate, latency, incident clocks, alerts)";
        if (guarantee.Window?.Kind is not (M.WindowKind.CalendarMonth or M.WindowKind.CalendarQuarter)) return "windows other than calendar month or quarter";
        if (sla.Downtime is not IncidentDowntime downtime) return "downtime defined other than by incidents (error-rate intervals, averages)";
        if (downtime.Selections.Any(s => s.Incidents.Impacts.Any(i => !TryImpact(i, out _)))) return "an incident impact the data model does not know";
        if (sla.Denominator == Denominator.DeployedTime) return "measured over deployed time";
        if (sla.MeasuredValueRounding is not null) return "rounding of the measured value";
        foreach (var exclusion in sla.Exclusions)
        {
            if (exclusion.Predicate is LocalTimeWindow) return "exclusions of local time windows";
            if (exclusion.Predicate is CausedBy or Tagged && exclusion.Cap is not null) return "a cap on an incident exclusion";
            if (exclusion.Predicate is MaintenanceWindows && measure.Services.Length != 1) return "maintenance exclusions for an availability over several services";
            if (exclusion.Cap is { } cap && !SameWindow(cap.Per, guarantee.Window.Kind)) return "an exclusion cap per a period other than the measurement window";
        }
        if (contract.Rounding == RoundingMode.HalfTowardZero) return "half-toward-zero money rounding";
        var credits = sla.Credits;
        if (!credits.Tiers.IsEmpty)
        {
            if (contract.Fee is null) return "credits without a fee";
            if (!SameWindow(contract.Fee.Per, guarantee.Window.Kind)) return "a fee per a period other than the measurement window";
            if (credits.Tiers.Any(t => t.Condition is not MeasuredIn { Subject: TierSubject.Availability or TierSubject.Uptime } || t.Amount is not PercentOfFee))
                return "credit tiers other than a percent of fee by measured availability";
        }
        if (credits.Caps.Any(c => c.Limit is not PercentOfFee || (c.Per is { } per && !SameWindow(per, guarantee.Window.Kind))))
            return "credit caps other than a percent of fee per measurement window (contract-year caps, days of service)";
        if (credits.Caps.Length > 1) return "more than one credit cap";
        if (credits.Minimum is { } minimum && (minimum.Required is not (ComparisonOperator.AtLeast or ComparisonOperator.Above) || contract.Fee is null || minimum.Amount.Currency != contract.Fee.Amount.Currency))
            return "this form of minimum credit";
        if (credits.Claim is not null and not ClaimWithin { Unit: ClaimUnit.Days }) return "claim deadlines other than days after the window ends";
        if (credits.Claim is ClaimWithin { After: var anchor } && (anchor, guarantee.Window.Kind) is not ((ClaimAnchor.MonthEnd, M.WindowKind.CalendarMonth) or (ClaimAnchor.QuarterEnd, M.WindowKind.CalendarQuarter)))
            return "claim deadlines anchored elsewhere than the end of the measurement window";
        return null;
    }

    private static bool SameWindow(CapPeriod per, M.WindowKind kind) =>
        (per, kind) is (CapPeriod.Month, M.WindowKind.CalendarMonth) or (CapPeriod.Quarter, M.WindowKind.CalendarQuarter);

    private static bool SameWindow(FeePeriod per, M.WindowKind kind) =>
        (per, kind) is (FeePeriod.Month, M.WindowKind.CalendarMonth) or (FeePeriod.Quarter, M.WindowKind.CalendarQuarter);

    private static string WeightExpression(ImmutableArray<WeightedSelection> selections, ImmutableArray<string> measureServices)
    {
        var parts = selections.Select(s => $"{SelectionExpression(s.Incidents, measureServices)} ? {CSharpText.Literal(s.Weight.Value / 100m)}");
        return string.Join(" : ", parts) + " : 0m";
    }

    private static string ExclusionExpression(ExclusionPredicate predicate) => predicate switch
    {
        CausedBy caused => string.Join(" || ", caused.Causes.Select(c => $"i.Cause == {CSharpText.Literal(c)}")),
        Tagged tagged => string.Join(" || ", tagged.Tags.Select(t => $"i.Tags.Contains({CSharpText.Literal(t)})")),
        _ => throw new InvalidOperationException($"not an incident exclusion: {predicate}"),
    };

    private static string Credits(CreditTerms credits)
    {
        if (credits.Tiers.IsEmpty) return "null";
        var tiers = credits.Tiers.Select(t =>
        {
            var measured = (MeasuredIn)t.Condition;
            var range = measured.Range;
            var condition = $"{Rt}ValueCondition.Between(new {Rt}Bound({CSharpText.Literal(range.LowValue)}, {CSharpText.Literal(range.LowInclusive)}), new {Rt}Bound({CSharpText.Literal(range.HighValue)}, {CSharpText.Literal(range.HighInclusive)}))";
            return $"new {Rt}CreditTier({CSharpText.Literal(measured.Label)}, {condition}, {CSharpText.Literal(((PercentOfFee)t.Amount).Percent.Value)})";
        });
        var cap = credits.Caps.IsEmpty ? "null" : CSharpText.Literal(((PercentOfFee)credits.Caps[0].Limit).Percent.Value);
        var minimum = credits.Minimum is { } m
            ? $"new {Rt}MinimumCredit({CSharpText.Literal(m.Amount.Amount)}, {CSharpText.Literal(m.Required == ComparisonOperator.AtLeast)})"
            : "null";
        return $"new {Rt}TieredCredits([{string.Join(", ", tiers)}], {CSharpText.Literal(credits.Cumulative)}, new {Rt}CreditLimits(CapPercentOfFee: {cap}, Minimum: {minimum}))";
    }
}
