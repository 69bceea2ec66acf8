using SlaKpiDsl.Compiler.Semantics.Binding;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1007: a measured value no credit tier covers although tiers exist on both sides (or only above, from 0%), with
/// the gap's exact bounds. A warning, not an error: published contracts have gaps (GitHub's leaves exactly 99.0%), and
/// the language must be able to state them as written; the author decides.
/// </summary>
public sealed class CreditTierGapRule : ILintRule
{
    public const string RuleCode = "SLA1007";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var sla in context.Contract.Slas)
        {
            foreach (var group in Binder.MeasuredTierGroups(sla.Credits.Tiers))
            {
                var conditions = group.Select(t => new TierCondition(t.Condition.Label, t.Condition.Range, 0m)).ToList();
                foreach (var gap in CreditScheduleAnalysis.Analyse(conditions).Gaps)
                {
                    var above = group[gap.Above];
                    var measure = above.Condition.Label.StartsWith("success rate", StringComparison.Ordinal) ? "success rate"
                        : above.Condition.Label.StartsWith("uptime", StringComparison.Ordinal) ? "uptime" : "availability";
                    var between = gap.Below is { } below
                        ? $" (between tier '{group[below].Condition.Label}' and tier '{above.Condition.Label}')"
                        : $" (below tier '{above.Condition.Label}', the worst written)";
                    yield return new LintFinding(DiagnosticBuilder.CreditTierGap(context.Source, above.Tier.Span, gap.Uncovered.Describe(measure), between), sla.Name);
                }
            }
        }
    }
}
