using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1045: an SLA sets a claim deadline (<c>claim within 30 days after the month ends</c>) but the contract has no
/// <c>claims</c> clause: the statement can then say by when to claim but not where or how. One warning per contract,
/// at the first claim deadline; a contract-level <c>suppress SLA1045</c> silences it.
/// </summary>
public sealed class ClaimChannelUnstatedRule : ILintRule
{
    public const string RuleCode = "SLA1045";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        if (context.Contract.ClaimChannel is not null) yield break;
        var first = context.Contract.Slas.FirstOrDefault(s => s.Credits.Claim is not null);
        if (first is null) yield break;
        yield return new LintFinding(DiagnosticBuilder.ClaimChannelUnstated(context.Source, first.Credits.Claim!.Span, first.Name), null);
    }
}
