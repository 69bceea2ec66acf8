using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>SLA1005: credits without a cap. Per-incident and multiplier credits especially can exceed the fee.</summary>
public sealed class CreditsWithoutCapRule : ILintRule
{
    public const string RuleCode = "SLA1005";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var sla in context.Contract.Slas)
        {
            if (sla.Credits.Tiers.IsEmpty || !sla.Credits.Caps.IsEmpty) continue;
            yield return new LintFinding(DiagnosticBuilder.CreditsWithoutCap(context.Source, sla.Credits.Tiers[0].Span, sla.Name), sla.Name);
        }
    }
}
