using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1001: an SLA no KPI supports. "SLAs without KPIs are fire alarms without smoke detectors": breaches are found
/// only when customers complain or the month ends.
/// </summary>
public sealed class SlaWithoutSupportingKpiRule : ILintRule
{
    public const string RuleCode = "SLA1001";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var sla in context.Contract.Slas)
        {
            if (context.Contract.Kpis.Any(k => k.Supports.Contains(sla.Name))) continue;
            yield return new LintFinding(DiagnosticBuilder.SlaWithoutSupportingKpi(context.Source, LintRules.Head(context.Source, sla.Span), sla.Name), sla.Name);
        }
    }
}
