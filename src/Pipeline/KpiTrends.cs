using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>One earlier window of a KPI's trend: the period asked for and the KPI's outcome there.</summary>
public sealed record KpiTrendPoint(EvaluationPeriod Period, CommitmentOutcome Outcome);

/// <summary>
/// The trend of each KPI: the same KPI over the N periods before the one evaluated, oldest first, found by running the
/// same compiled evaluator on the earlier periods with the same data and as-of (nothing recomputed by hand).
/// </summary>
public static class KpiTrends
{
    public const int DefaultWindows = 3;

    /// <summary>KPI name to its earlier outcomes, oldest first; empty when the contract has no KPIs (no extra evaluation then).</summary>
    public static ImmutableDictionary<string, ImmutableArray<KpiTrendPoint>> Collect(ICompiledContract evaluator, EvaluationInput input, ContractEvaluation current, int windows)
    {
        if (windows < 0) throw new ArgumentOutOfRangeException(nameof(windows));
        var points = current.Kpis.ToDictionary(k => k.Kpi, _ => new List<KpiTrendPoint>(), StringComparer.Ordinal);
        if (points.Count == 0 || windows == 0) return ImmutableDictionary<string, ImmutableArray<KpiTrendPoint>>.Empty;
        var period = input.Period;
        var earlier = new List<EvaluationPeriod>();
        for (var i = 0; i < windows; i++) earlier.Insert(0, period = Previous(period));
        foreach (var p in earlier)
        {
            var evaluation = evaluator.Evaluate(input with { Period = p });
            foreach (var kpi in evaluation.Kpis)
                if (points.TryGetValue(kpi.Kpi, out var list)) list.Add(new KpiTrendPoint(p, kpi.Outcome));
        }
        return points.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>The period just before: the previous month, quarter or year.</summary>
    public static EvaluationPeriod Previous(EvaluationPeriod period) => period switch
    {
        { Month: 1 } => new EvaluationPeriod(period.Year - 1, month: 12),
        { Month: { } m } => new EvaluationPeriod(period.Year, month: m - 1),
        { Quarter: 1 } => new EvaluationPeriod(period.Year - 1, quarter: 4),
        { Quarter: { } q } => new EvaluationPeriod(period.Year, quarter: q - 1),
        _ => new EvaluationPeriod(period.Year - 1),
    };
}
