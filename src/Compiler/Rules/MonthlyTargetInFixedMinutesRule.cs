using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1008: a downtime budget in fixed minutes per calendar month (or quarter, or billing cycle). 43 minutes is 99.90%
/// of a 30-day month but 99.89% of February and 99.90% of a 31-day month: state the percentage instead.
/// </summary>
public sealed class MonthlyTargetInFixedMinutesRule : ILintRule
{
    public const string RuleCode = "SLA1008";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        var objectives = context.Contract.Slas.SelectMany(s => s.Guarantees.Select(g => (Objective: g, Block: s.Name)))
            .Concat(context.Contract.Kpis.SelectMany(k => k.Targets.Select(t => (Objective: t, Block: k.Name))));
        foreach (var (objective, block) in objectives)
        {
            if (objective.Objective is not ThresholdObjective { Measure: DowntimeMeasure, Bound.Value: DurationQuantity budget }) continue;
            if (objective.Window is not { Kind: WindowKind.CalendarMonth or WindowKind.CalendarQuarter or WindowKind.BillingCycle or WindowKind.CalendarYear }) continue;
            yield return new LintFinding(DiagnosticBuilder.MonthlyTargetInFixedMinutes(context.Source, objective.Span, budget.Written, objective.Window.ToString()), block);
        }
    }
}
