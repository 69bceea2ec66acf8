using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1003: an SLA guaranteeing a resolution time. Incident complexity varies; promising resolution in N minutes is a
/// contractual liability (the article: set the MTTR goal as a KPI, promise response in the SLA).
/// </summary>
public sealed class ResolutionTimeGuaranteeRule : ILintRule
{
    public const string RuleCode = "SLA1003";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var sla in context.Contract.Slas)
        {
            foreach (var guarantee in sla.Guarantees)
            {
                var resolves = guarantee.Objective switch
                {
                    IncidentClockObjective clock => clock.Kind == ClockKind.Resolution,
                    ThresholdObjective { Measure: IncidentTimeMeasure time } => time.Milestone == IncidentMilestone.Resolve,
                    _ => false,
                };
                if (resolves) yield return new LintFinding(DiagnosticBuilder.GuaranteesResolutionTime(context.Source, guarantee.Span, sla.Name), sla.Name);
            }
        }
    }
}
