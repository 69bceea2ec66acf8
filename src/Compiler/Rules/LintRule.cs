using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>What a rule looks at: one bound contract (free of semantic errors in the parts the rule reads) and its text.</summary>
public sealed record LintContext(SourceText Source, BoundContract Contract);

/// <summary>
/// A warning and the sla or kpi block it is about (null: the contract itself), so a <c>suppress</c> inside that block
/// silences it.
/// </summary>
public sealed record LintFinding(Diagnostic Diagnostic, string? Block);

/// <summary>One lint rule: a "common mistake" of SLA-KPI-ARTICLE.txt made checkable. One rule a file, code as a constant.</summary>
public interface ILintRule
{
    string Code { get; }

    IEnumerable<LintFinding> Analyse(LintContext context);
}

/// <summary>Every lint rule, in code order. A plain list: no discovery, no configuration.</summary>
public static class LintRules
{
    public static readonly ImmutableArray<ILintRule> All =
    [
        new SlaWithoutSupportingKpiRule(),
        new KpiWithoutSafetyMarginRule(),
        new ResolutionTimeGuaranteeRule(),
        new ExclusionsWithoutAccountingRule(),
        new CreditsWithoutCapRule(),
        new TimeZoneUnstatedRule(),
        new CreditTierGapRule(),
        new MonthlyTargetInFixedMinutesRule(),
        new ClaimChannelUnstatedRule(),
        new CreditTierPaysWhileMetRule(),
        new NotEvaluableRule(),
    ];

    /// <summary>The first line of a block: where a warning about the whole block points.</summary>
    internal static SourceSpan Head(SourceText source, SourceSpan block)
    {
        var line = source.GetPosition(block.Start).Line;
        var text = source.GetLine(line);
        var column = source.GetPosition(block.Start).Column;
        var length = Math.Max(0, text.Length - (column - 1));
        var brace = text.LastIndexOf('{');
        if (brace >= column - 1) length = brace - (column - 1);
        return new SourceSpan(block.Start, Math.Min(length, block.Length)).TrimmedEnd(source);
    }

    private static SourceSpan TrimmedEnd(this SourceSpan span, SourceText source)
    {
        var end = span.End;
        while (end > span.Start && char.IsWhiteSpace(source.Text[end - 1])) end--;
        return SourceSpan.FromBounds(span.Start, end);
    }
}
