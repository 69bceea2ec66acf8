using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1050: a credit tier on a measured value that holds for values meeting the SLA's own target. GitHub's published text
/// pays 10% "when uptime is at most 99.9%" with a target of 99.9%: at exactly 99.9% the SLA is met and a credit is due.
/// The warning names the tier's bound that reaches into the met range and the values where both hold (exact, with
/// inclusive and exclusive bounds). A warning, not an error: a contract may be written as published; the author decides.
/// </summary>
public sealed class CreditTierPaysWhileMetRule : ILintRule
{
    public const string RuleCode = "SLA1050";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var sla in context.Contract.Slas)
        {
            foreach (var tier in sla.Credits.Tiers)
            {
                if (tier.Condition is not MeasuredIn measured) continue;
                var successRate = measured.Subject == TierSubject.SuccessRate;
                // The guarantee the tier is judged on: the one of the same measure (availability and uptime are one).
                var targets = sla.Guarantees
                    .Select(g => g.Objective)
                    .OfType<ThresholdObjective>()
                    .Where(t => t.Slices is null && t.Bound.Value is PercentQuantity
                        && (successRate ? t.Measure is SuccessRateMeasure : t.Measure is AvailabilityMeasure))
                    .ToList();
                if (targets.Count != 1) continue;
                var target = targets[0];
                var met = MetRange(target.Bound.Operator, ((PercentQuantity)target.Bound.Value).Value.Value);
                if (met?.Intersect(measured.Range) is not { } overlap) continue;
                var word = successRate ? "success rate" : measured.Subject == TierSubject.Uptime ? "uptime" : "availability";
                yield return new LintFinding(DiagnosticBuilder.CreditTierPaysWhileMet(context.Source, tier.Span, measured.Label, target.Bound.ToString(),
                    overlap.Describe(word), BoundInto(measured.Range, met)), sla.Name);
            }
        }
    }

    /// <summary>The values that meet a percent target.</summary>
    private static PercentRange? MetRange(ComparisonOperator op, decimal bound) => op switch
    {
        ComparisonOperator.AtLeast => PercentRange.Above(bound, inclusive: true),
        ComparisonOperator.Above when bound < PercentRange.Maximum => PercentRange.Above(bound, inclusive: false),
        ComparisonOperator.AtMost => PercentRange.Below(bound, inclusive: true),
        ComparisonOperator.Below when bound > PercentRange.Minimum => PercentRange.Below(bound, inclusive: false),
        _ => null,
    };

    /// <summary>The tier's bound on the side of the met range, in the contract's words ("at most 99.9%").</summary>
    private static string BoundInto(PercentRange tier, PercentRange met)
    {
        // The met range lies above the tier's upper bound or below its lower one: name the bound that crosses into it.
        var upperCrosses = met.High >= tier.High;
        if (upperCrosses)
            return tier.HighValue == PercentRange.Maximum && tier.HighInclusive ? "no upper bound" : (tier.HighInclusive ? "at most " : "below ") + PercentRange.Format(tier.HighValue) + "%";
        return tier.LowValue == PercentRange.Minimum && tier.LowInclusive ? "no lower bound" : (tier.LowInclusive ? "at least " : "above ") + PercentRange.Format(tier.LowValue) + "%";
    }
}
