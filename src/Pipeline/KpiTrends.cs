using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>One earlier window of a KPI's trend: the period asked for and the KPI's outcome there.</summary>
public sealed record KpiTrendPoint(EvaluationPeriod Period, CommitmentOutcome Outcome);

/// <summary>
/// The trend of each KPI: the same KPI over the N periods before the one evaluated, oldest first, found by running the
/// same compiled evaluator on the earlier periods with the same data and as-of (nothing recomputed by hand; its KPIs only,
/// <see cref="ICompiledContract.EvaluateKpis"/>, which evaluates just the SLAs whose measurement a KPI reuses).
/// </summary>
public static class KpiTrends
{
    public const int DefaultWindows = 3;

    /// <summary>KPI name to its earlier outcomes, oldest first; empty when the contract has no KPIs (no extra evaluation then).</summary>
    public static ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>> Collect(ICompiledContract evaluator, EvaluationInput input, ContractEvaluation current, int windows)
    {
        var earlier = Earlier(input.Period, current, windows);
        return Assemble(current, earlier, [.. earlier.Select(p => evaluator.EvaluateKpis(input with { Period = p }))]);
    }

    /// <summary>
    /// <see cref="Collect"/> for every run, in run order: the earlier periods of all runs evaluated as one list of
    /// independent evaluations on every core (a contract with much data then spreads its periods over the cores instead
    /// of holding one core while the others wait).
    /// </summary>
    public static ImmutableArray<ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>>> CollectAll(IReadOnlyList<ContractRun> runs, int windows)
    {
        var earlier = runs.Select(r => Earlier(r.Input.Period, r.Evaluation, windows)).ToArray();
        var work = new List<(int Run, int Window)>();
        for (var r = 0; r < runs.Count; r++)
            for (var w = 0; w < earlier[r].Count; w++) work.Add((r, w));
        var evaluations = earlier.Select(e => new ImmutableArray<KpiOutcome>[e.Count]).ToArray();
        Parallel.For(0, work.Count, k =>
        {
            var (r, w) = work[k];
            evaluations[r][w] = runs[r].Evaluator.EvaluateKpis(runs[r].Input with { Period = earlier[r][w] });
        });
        return [.. runs.Select((run, r) => Assemble(run.Evaluation, earlier[r], evaluations[r]))];
    }

    /// <summary>The <paramref name="windows"/> periods before <paramref name="period"/>, oldest first; none when <paramref name="current"/> has no KPIs.</summary>
    private static List<EvaluationPeriod> Earlier(EvaluationPeriod period, ContractEvaluation current, int windows)
    {
        if (windows < 0) throw new ArgumentOutOfRangeException(nameof(windows));
        var earlier = new List<EvaluationPeriod>();
        if (current.Kpis.IsEmpty) return earlier;
        for (var i = 0; i < windows; i++) earlier.Insert(0, period = Previous(period));
        return earlier;
    }

    /// <summary>Each KPI of <paramref name="current"/> with its outcomes in the KPI <paramref name="evaluations"/> of the <paramref name="earlier"/> periods.</summary>
    private static ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>> Assemble(ContractEvaluation current, IReadOnlyList<EvaluationPeriod> earlier,
        ImmutableArray<KpiOutcome>[] evaluations)
    {
        var points = current.Kpis.ToDictionary(k => k.Kpi, _ => new List<KpiTrendPoint>(), StringComparer.Ordinal);
        if (points.Count == 0 || earlier.Count == 0) return ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>>.Empty;
        for (var i = 0; i < earlier.Count; i++)
            foreach (var kpi in evaluations[i])
                if (points.TryGetValue(kpi.Kpi, out var list)) list.Add(new KpiTrendPoint(earlier[i], kpi.Outcome));
        // Values as read-only lists (immutable arrays), built without LINQ over key-value pairs: generic code over reference
        // types runs ReadyToRun code, where a dictionary of ImmutableArray values or LINQ over a pair struct is JIT-compiled
        // on every run (about 40 methods on a cache hit).
        var trends = ImmutableDictionary.CreateBuilder<string, IReadOnlyList<KpiTrendPoint>>(StringComparer.Ordinal);
        foreach (var (kpi, list) in points) trends.Add(kpi, list.ToImmutableArray());
        return trends.ToImmutable();
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
