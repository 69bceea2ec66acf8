using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>
/// KPI trends evaluate the KPIs alone (<see cref="ICompiledContract.EvaluateKpis"/>) on the same request table period
/// after period (what the kernels found on it is kept, <c>RequestTableMemo</c>): on every example contract, for months,
/// quarters and the year around the example data, with slices as objects and in columns, the KPI outcomes are those of
/// the whole evaluation on a fresh table, trace line by trace line.
/// </summary>
public sealed class KpiTrendsTests
{
    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 6, 0);

    private static readonly EvaluationPeriod[] Periods =
    [
        new(2026, month: 12), new(2026, month: 11), new(2026, month: 10), new(2026, month: 9), new(2026, month: 8),
        new(2026, quarter: 4), new(2026, quarter: 3), new(2026), new(2025, month: 11),
    ];

    private static readonly Lazy<(ImmutableArray<ICompiledContract> Evaluators, DataSet Data)> Examples = new(() =>
    {
        var files = new[] { Scratch.ExampleContracts, Path.Combine(Scratch.Root, "examples", "published") }
            .SelectMany(folder => Directory.GetFiles(folder, "*.sla", SearchOption.AllDirectories)).Order(StringComparer.Ordinal);
        var contracts = files.SelectMany(p => ContractChecker.Check(SourceText.FromFile(p)).Model!.Contracts).ToImmutableArray();
        var compiled = ContractCompilation.Compile(contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var load = DataDirectory.Load(Scratch.ExampleData);
        Assert.True(load.Succeeded);
        return (AmendedVersions.Group(compiled.Contracts).Evaluators, load.Data);
    });

    private static EvaluationInput Input(EvaluationPeriod period, bool columns)
    {
        var data = Examples.Value.Data;
        var input = new EvaluationInput(period, AsOf, data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
        return columns ? input with { Requests = [], RequestTable = RequestSliceTable.Of(data.Requests) } : input;
    }

    /// <summary>Everything a KPI outcome says, its trace explained line by line.</summary>
    private static string Describe(ImmutableArray<KpiOutcome> kpis, ICompiledContract evaluator)
    {
        var zone = DateTimeZoneProviders.Tzdb[evaluator.Facts!.TimeZone];
        return string.Join("\n", kpis.Select(k =>
        {
            var o = k.Outcome;
            var head = $"{k.Kpi}|{k.Title}|{string.Join(",", k.Supports)}|{k.TargetText}|{k.Target}|{k.ValueUnit}|{o.Commitment}|{o.Clause}|{o.Kind}|{o.Reason}|{o.Part}";
            if (o.Result is not { } r) return head;
            return head + $"|{r.Window}|{r.Measured}|{r.Unit}|{r.DowntimeSeconds}|{r.MeasuredSeconds}|{r.Verdict}|{string.Join(";", r.Warnings)}\n  "
                + string.Join("\n  ", TraceExplanation.Lines(r.Trace, new ExplanationContext(zone)));
        }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_kpis_alone_are_the_whole_evaluations_kpis_on_every_example(bool columns)
    {
        var (evaluators, _) = Examples.Value;
        Assert.True(evaluators.Length >= 10, $"only {evaluators.Length} example contracts");
        var kpisSeen = 0;
        foreach (var evaluator in evaluators)
        {
            // One table for all periods, as a trend has it; the whole evaluation each time on a table of its own.
            var shared = Input(Periods[0], columns);
            foreach (var period in Periods)
            {
                var alone = evaluator.EvaluateKpis(shared with { Period = period });
                var whole = evaluator.Evaluate(Input(period, columns)).Kpis;
                Assert.Equal(Describe(whole, evaluator), Describe(alone, evaluator));
                kpisSeen += whole.Count(k => k.Outcome.Kind == OutcomeKind.Evaluated);
            }
        }
        Assert.True(kpisSeen > 50, $"only {kpisSeen} KPI outcomes evaluated");
    }

    [Fact]
    public void A_trend_holds_the_kpis_of_the_whole_evaluations_of_the_earlier_periods()
    {
        var (evaluators, _) = Examples.Value;
        var current = new EvaluationPeriod(2026, month: 11);
        foreach (var evaluator in evaluators)
        {
            var input = Input(current, columns: true);
            var trends = KpiTrends.Collect(evaluator, input, evaluator.Evaluate(input), 3);
            Assert.Equal(evaluator.Evaluate(input).Kpis.Select(k => k.Kpi).Distinct().Order(StringComparer.Ordinal), trends.Keys.Order(StringComparer.Ordinal));
            foreach (var (kpi, points) in trends)
            {
                // Oldest first, each period's outcomes of the KPI (one per target) as the whole evaluation has them.
                var expected = new[] { 8, 9, 10 }.SelectMany(m => evaluator.Evaluate(Input(new EvaluationPeriod(2026, month: m), columns: true)).Kpis
                    .Where(k => k.Kpi == kpi).Select(k => (Period: new EvaluationPeriod(2026, month: m), k))).ToList();
                Assert.Equal(expected.Select(e => e.Period), points.Select(p => p.Period));
                Assert.Equal(Describe([.. expected.Select(e => e.k)], evaluator),
                    Describe([.. expected.Select((e, i) => e.k with { Outcome = points[i].Outcome })], evaluator));
            }
        }
    }
}
