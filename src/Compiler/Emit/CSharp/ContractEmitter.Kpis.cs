using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Time;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

// KPI targets: each becomes a KpiOutcome (internal, never credited). A target whose measure and window equal a
// guarantee of an SLA of the contract (supported SLAs first) is judged on that SLA's own measurement, so the
// availability buffer uses the SLA's downtime rule, exclusions and kernel, computed once; the rest call the same
// kernels as SLAs (success rate, latency, clocks, alerts) or the KPI kernels (time-to-X statistics, postmortems,
// counts, trends) over all the data, without exclusions.
public static partial class ContractEmitter
{
    /// <summary>One generated KPI method and, when it reuses an SLA's measurement, the index of that SLA.</summary>
    private sealed record KpiCall(string Method, int? SlaIndex);

    private static List<KpiCall> EmitKpis(SourceWriter w, BoundContract contract)
    {
        var calls = new List<KpiCall>();
        var names = new IdentifierScope();
        foreach (var kpi in contract.Kpis)
        {
            var id = names[kpi.Name];
            for (var k = 0; k < kpi.Targets.Length; k++)
            {
                var method = "Kpi_" + id + (kpi.Targets.Length == 1 ? "" : "_" + (k + 1).ToString(CultureInfo.InvariantCulture));
                calls.Add(EmitKpiTarget(w, contract, kpi, kpi.Targets[k], method));
                w.Line();
            }
        }
        return calls;
    }

    private static KpiCall EmitKpiTarget(SourceWriter w, BoundContract contract, BoundKpi kpi, BoundObjective target, string method)
    {
        var name = CSharpText.Literal(kpi.Name);
        var clauseText = target.Clause ?? kpi.Clause;
        var clause = clauseText is null ? "null" : CSharpText.Literal(clauseText);
        var (condition, unit, targetText) = KpiTarget(target.Objective);
        var reuse = FindMeasuringSla(contract, kpi, target);
        var why = reuse is null ? KpiUnsupported(contract, target) : null;

        w.Comment("kpi " + kpi.Name + (kpi.Title is null ? "" : ": " + kpi.Title) + (kpi.Supports.IsEmpty ? "" : " (supports " + string.Join(", ", kpi.Supports) + ")"));
        if (clauseText is not null) w.Clause(clauseText);
        w.Comment("target " + DescribeObjective(target.Objective) + (target.Window is null ? "" : (target.Objective is IncidentClockObjective ? ", " : " ") + target.Window));
        var supports = "[" + string.Join(", ", kpi.Supports.Select(CSharpText.Literal)) + "]";
        var header = $"new {Rt}KpiOutcome({name}, {(kpi.Title is null ? "null" : CSharpText.Literal(kpi.Title))}, {supports}, {CSharpText.Literal(targetText)}, target, ";
        var parameters = $"{Rt}EvaluationInput input" + (reuse is null ? "" : $", {Rt}CommitmentOutcome sla");
        using (w.Block($"private static {Rt}KpiOutcome {method}({parameters})"))
        {
            w.Line($"var target = {condition};");
            if (why is not null)
            {
                w.Line($"return {header}{Rt}CommitmentOutcome.NotSupported({name}, {clause}, {CSharpText.Literal(why)})) {{ ValueUnit = {CSharpText.Literal(unit)} }};");
                return new KpiCall(method, null);
            }
            if (reuse is { } r)
            {
                var sla = contract.Slas[r.SlaIndex];
                w.Comment("measured by sla " + sla.Name + ": the same guarantee, judged against the KPI's target");
                var value = target.Objective is ThresholdObjective { Measure: DowntimeMeasure }
                    ? $"r => r.DowntimeSeconds is {{ }} d ? {Rt}ExactRatio.Of(d) : null"
                    : "r => r.Measured";
                var measure = CSharpText.Literal(DescribeMeasure(((ThresholdObjective)target.Objective).Measure));
                w.Line($"var outcome = {Rt}MeasureResults.ForKpiOnCommitment({name}, {clause}, {measure}, sla, {CSharpText.Literal(r.GuaranteeIndex)}, {value}, target);");
                w.Line($"return {header}outcome) {{ ValueUnit = {CSharpText.Literal(unit)} }};");
                return new KpiCall(method, r.SlaIndex);
            }
            w.Line($"return {header}{method}_Outcome(input, target)) {{ ValueUnit = {CSharpText.Literal(unit)} }};");
        }
        w.Line();
        EmitKpiOutcome(w, contract, kpi, target, method, name, clause);
        return new KpiCall(method, null);
    }

    private static void EmitKpiOutcome(SourceWriter w, BoundContract contract, BoundKpi kpi, BoundObjective target, string method, string name, string clause)
    {
        var objective = target.Objective;
        var fieldName = method["Kpi_".Length..];
        if (objective is IncidentClockObjective clock)
            w.Line($"private static readonly {Rt}ClockRule {ClockField(fieldName, clock.Kind)} = {ClockRuleExpression(contract, M.ClockRuleClause.Default(clock.Kind))}; {CSharpText.Comment("KPIs use the default clock: wall clock from started")}");
        if (objective is ThresholdObjective { Measure: IncidentTimeMeasure time })
            w.Line($"private static readonly {Rt}ClockRule Clock_{fieldName} = new({Rt}ClockStart.Started, {Rt}ClockStop.{Milestone(time.Milestone)}, null); {CSharpText.Comment("wall clock from started")}");
        using (w.Block($"private static {Rt}CommitmentOutcome {method}_Outcome({Rt}EvaluationInput input, {Rt}ValueCondition target)"))
        {
            // The window: the trend's step, or the target's window.
            var kind = objective is TrendObjective trend ? (trend.Step == TrendStep.MonthOverMonth ? WindowKind.CalendarMonth : WindowKind.CalendarQuarter) : target.Window!.Kind;
            if (kind == WindowKind.RollingDays)
            {
                var days = target.Window!.Parameter!.Value;
                w.Line($"if (input.Period.Month is null && input.Period.Quarter is null) return {Rt}CommitmentOutcome.Mismatch({name}, {clause}, {CSharpText.Literal("a rolling window ends at the end of a month or quarter: ask for one")});");
                w.Comment($"the {days} days ending when the period ends, or at the end of the as-of day when that is earlier");
                w.Line($"var window = RollingWindowFor(input.Period, input.AsOf, {CSharpText.Literal(days)});");
                w.Line($"if (window is null) return {Rt}CommitmentOutcome.Outside({name}, {clause}, {CSharpText.Literal("the period lies outside the contract's effective range")});");
            }
            else EmitWindowPreamble(w, name, clause, kind);

            switch (objective)
            {
                case ThresholdObjective { Measure: SuccessRateMeasure or LatencyMeasure }:
                case IncidentClockObjective:
                case AlertAcknowledgementObjective:
                    EmitGuaranteeResult(w, contract, kpi.Name, target.Clause ?? kpi.Clause, objective, "result", fieldName, [], null, GuaranteeCredit.None, "target");
                    break;
                case ThresholdObjective { Measure: IncidentTimeMeasure timeMeasure }:
                {
                    var statistic = timeMeasure.Statistic switch { StatisticKind.Mean => "Mean", StatisticKind.Median => "Median", _ => "Percentile" };
                    var percentile = timeMeasure.Percentile is { } p ? CSharpText.Literal(p) : "null";
                    w.Line($"var result = {Rt}MeasureResults.ForIncidentTimeStatistic({name}, {clause}, window, input.AsOf, input.Incidents, i => {SelectionExpression(timeMeasure.Incidents, [])}, "
                        + $"Clock_{fieldName}, {Rt}ClockStatistic.{statistic}, {percentile}, {CSharpText.Literal(timeMeasure.Name + " (seconds)")}, target);");
                    break;
                }
                case ThresholdObjective { Measure: PostmortemCompletionMeasure postmortems }:
                    w.Line($"var share = {Rt}KpiMeasures.PostmortemCompletion(input.Incidents, i => {SelectionExpression(postmortems.Incidents, [])}, window, out var completed, out var total);");
                    w.Line($"var result = {Rt}MeasureResults.ForValue({name}, {clause}, \"postmortem completion\", window, input.AsOf, share, target, notes: [new {Rt}PostmortemsCompleted(completed, total)]);");
                    break;
                case ThresholdObjective { Measure: IncidentCountMeasure count }:
                    w.Line($"var counted = {Rt}KpiMeasures.CountsAndTrend(input.Incidents, i => {SelectionExpression(count.Incidents, [])}, [window]).Counts[0]; {CSharpText.Comment("incidents started in the window")}");
                    w.Line($"var result = {Rt}MeasureResults.ForValue({name}, {clause}, \"incident count\", window, input.AsOf, {Rt}ExactRatio.Of(counted), target);");
                    break;
                case TrendObjective { Measure: IncidentCountMeasure count }:
                    w.Line($"var result = {Rt}MeasureResults.ForCountTrend({name}, {clause}, {Time}WindowCalendar.Previous(window), window, input.AsOf, input.Incidents, i => {SelectionExpression(count.Incidents, [])}, target);");
                    break;
                default:
                    throw new InvalidOperationException($"unchecked KPI objective {objective}");
            }
            w.Line($"return {Rt}CommitmentOutcome.Evaluated(result);");
        }
    }

    private static string Milestone(IncidentMilestone milestone) => milestone switch
    {
        IncidentMilestone.Acknowledge => "Acknowledged",
        IncidentMilestone.Respond => "Responded",
        _ => "Resolved",
    };

    /// <summary>The SLA guarantee that measures exactly this KPI target (same measure, services and window), supported SLAs first.</summary>
    private static (int SlaIndex, int GuaranteeIndex)? FindMeasuringSla(BoundContract contract, BoundKpi kpi, BoundObjective target)
    {
        if (target.Objective is not ThresholdObjective { Slices: null } t) return null;
        var wanted = t.Measure switch
        {
            AvailabilityMeasure a => (Measure?)a,
            DowntimeMeasure d => new AvailabilityMeasure(d.Services),
            SuccessRateMeasure s => s,
            _ => null,
        };
        if (wanted is null) return null;
        var order = Enumerable.Range(0, contract.Slas.Length).OrderBy(i => kpi.Supports.Contains(contract.Slas[i].Name) ? 0 : 1);
        foreach (var i in order)
        {
            var guarantees = contract.Slas[i].Guarantees;
            for (var g = 0; g < guarantees.Length; g++)
                if (guarantees[g].Objective is ThresholdObjective { Slices: null } gt && SameMeasure(gt.Measure, wanted) && guarantees[g].Window == target.Window)
                    return (i, g);
        }
        return null;
    }

    private static bool SameMeasure(Measure a, Measure b) => (a, b) switch
    {
        (AvailabilityMeasure x, AvailabilityMeasure y) => x.Services.SequenceEqual(y.Services),
        (SuccessRateMeasure x, SuccessRateMeasure y) => x.Services.SequenceEqual(y.Services),
        _ => false,
    };

    /// <summary>Why a KPI target (not measured by an SLA) cannot be compiled yet, or null.</summary>
    private static string? KpiUnsupported(BoundContract contract, BoundObjective target)
    {
        var objective = target.Objective;
        if (objective is not TrendObjective && target.Window?.Kind is not (WindowKind.CalendarMonth or WindowKind.CalendarQuarter or WindowKind.RollingDays))
            return "KPI windows other than calendar month, quarter or rolling days";
        return objective switch
        {
            ThresholdObjective { Measure: AvailabilityMeasure } => "an availability KPI without an SLA guarantee of the same services and window that defines its downtime",
            ThresholdObjective { Measure: DowntimeMeasure } => "a downtime KPI without an availability SLA guarantee of the same services and window that defines its downtime",
            ThresholdObjective { Measure: IncidentTimeMeasure or PostmortemCompletionMeasure or IncidentCountMeasure } => null,
            ThresholdObjective or IncidentClockObjective or AlertAcknowledgementObjective => MeasureObjectiveUnsupported(contract, objective, null),
            TrendObjective { Measure: IncidentCountMeasure } => null,
            TrendObjective t => "a trend of " + t.Measure.Name,
            _ => "this kind of target",
        };
    }

    /// <summary>The KPI's target as an exact condition, the unit its value is shown in, and the target as the contract writes it.</summary>
    private static (string Condition, string Unit, string Text) KpiTarget(Objective objective) => objective switch
    {
        ThresholdObjective { Measure: LatencyMeasure, Slices: { } share } t =>
            ($"{Rt}ValueCondition.AtLeast({CSharpText.Literal(share.Share.Value)})", "%", $"{t.Bound} in at least {share.Share} of {Readable(share.SliceLength)} slices"),
        ThresholdObjective { Measure: LatencyMeasure } t => (ThresholdCondition(t.Bound, latency: true), "ms", t.Bound.ToString()),
        ThresholdObjective t => (ThresholdCondition(t.Bound), t.Bound.Value switch
        {
            PercentQuantity => "%",
            DurationQuantity => "s",
            _ => "incidents",
        }, t.Bound.ToString()),
        IncidentClockObjective { EveryIncident: true } c =>
            ($"{Rt}ValueCondition.AtMost(0m, {Rt}ValueUnit.Plain)", "breached incidents", "every incident within " + Readable(c.Within)),
        IncidentClockObjective c =>
            ($"{Rt}ValueCondition.AtLeast({CSharpText.Literal(c.RequiredShare!.Value.Value)})", "%", $"at least {c.RequiredShare} within {Readable(c.Within)}"),
        AlertAcknowledgementObjective a =>
            ($"{Rt}ValueCondition.AtLeast({CSharpText.Literal(a.Share.Value)})", "%", $"at least {a.Share} acknowledged within {Readable(a.Within)}"),
        TrendObjective t => (t.Direction switch
        {
            TrendDirection.Decreasing => $"{Rt}ValueCondition.Below(0m, {Rt}ValueUnit.Plain)",
            TrendDirection.Increasing => $"{Rt}ValueCondition.Above(0m, {Rt}ValueUnit.Plain)",
            _ => $"{Rt}ValueCondition.AtMost(0m, {Rt}ValueUnit.Plain)",
        }, "incidents (change)", DescribeObjective(t)[(DescribeMeasure(t.Measure).Length + 1)..]),
        _ => ($"{Rt}ValueCondition.AtLeast(0m, {Rt}ValueUnit.Plain)", "", objective.GetType().Name),
    };

    private static void EmitRollingWindowHelper(SourceWriter w)
    {
        w.Line();
        w.Comment("a rolling window of N local days ending when the period ends (or at the end of the as-of day when earlier), clipped to the effective range; null when it does not apply");
        using (w.Block($"private static {Time}CalendarWindow? RollingWindowFor({Rt}EvaluationPeriod period, {Noda}Instant asOf, int days)"))
        {
            w.Line($"{Noda}LocalDate end;");
            w.Line($"if (period.Month is {{ }} month) end = new {Noda}LocalDate(period.Year, month, 1).PlusMonths(1);");
            w.Line($"else if (period.Quarter is {{ }} quarter) end = new {Noda}LocalDate(period.Year, (quarter - 1) * 3 + 1, 1).PlusMonths(3);");
            w.Line("else return null;");
            w.Line("var asOfDayEnd = asOf.InZone(Zone).Date.PlusDays(1);");
            w.Line("if (asOfDayEnd < end) end = asOfDayEnd;");
            w.Line($"var window = {Time}WindowCalendar.RollingDays(Zone, days, end);");
            w.Line($"var from = EffectiveFrom is {{ }} f ? {Time}WindowCalendar.LocalMidnight(Zone, f) : window.Start;");
            w.Line($"var until = EffectiveUntil is {{ }} u ? {Time}WindowCalendar.LocalMidnight(Zone, u) : window.End;");
            w.Line("return window.ClipTo(from, until);");
        }
    }
}
