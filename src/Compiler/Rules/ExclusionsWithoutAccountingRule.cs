using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1004: exclusions without a stated accounting. Whether excluded time counts as available or leaves the measured
/// period changes the percentage (LANGUAGE.md semantics 5); the message names the default that applies.
/// </summary>
public sealed class ExclusionsWithoutAccountingRule : ILintRule
{
    public const string RuleCode = "SLA1004";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var sla in context.Contract.Slas)
        {
            if (sla.Exclusions.IsEmpty || sla.AccountingStated) continue;
            yield return new LintFinding(DiagnosticBuilder.ExclusionsWithoutAccounting(context.Source, sla.Exclusions[0].Span, sla.Name), sla.Name);
        }
    }
}
