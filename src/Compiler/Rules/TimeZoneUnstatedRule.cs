using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1006: no time zone stated. Most published SLAs are silent; windows are then cut at UTC midnights, which the
/// contract should say (PUBLISHED-SLAS.md).
/// </summary>
public sealed class TimeZoneUnstatedRule : ILintRule
{
    public const string RuleCode = "SLA1006";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        if (context.Contract.ZoneStated) yield break;
        yield return new LintFinding(DiagnosticBuilder.TimeZoneUnstated(context.Source, LintRules.Head(context.Source, context.Contract.Span), context.Contract.Name), null);
    }
}
