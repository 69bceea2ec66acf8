using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1055: an SLA, or a KPI target, that this version compiles to a "not yet supported" outcome (for example a monthly
/// availability KPI beside a quarterly SLA, which has no guarantee of its window to take its downtime from). The
/// contract is valid and `sla check` passes it, but every evaluation, statement and report would show "not evaluated"
/// instead of a number: the author learns it in CI rather than on the first statement. The decision is the emitter's
/// own (<see cref="ContractEmitter.NotEvaluable"/>), so the warning and the generated code cannot disagree. Reported at
/// the SLA's first guarantee or at the KPI's target; a <c>suppress SLA1055</c> in that block silences it.
/// </summary>
public sealed class NotEvaluableRule : ILintRule
{
    public const string RuleCode = "SLA1055";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context) =>
        ContractEmitter.NotEvaluable(context.Contract).Select(n => new LintFinding(
            DiagnosticBuilder.NotEvaluable(context.Source, n.Span, n.IsKpi ? "kpi" : "sla", n.Block, n.Reason), n.Block));
}
