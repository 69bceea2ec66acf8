using System.Collections.Immutable;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The KPI trend chart as a model (no pixels): bar colour is the evaluator's verdict (a value exactly on a strict bound
/// is breached, on an inclusive bound met), count trends plot counts (never the changes), axes start at zero or are
/// marked broken, and every value lies on the axis.
/// </summary>
public class TrendChartTests
{
    public static TheoryData<string, ValueCondition, decimal, BarColour> OnTheBound => new()
    {
        // "above 99.5%" and exactly 99.5%: not above, so breached (the bug drew it in the met colour).
        { "above 99.5%", ValueCondition.Above(99.5m), 99.5m, BarColour.Breached },
        // "at least 99.5%" and exactly 99.5%: met.
        { "at least 99.5%", ValueCondition.AtLeast(99.5m), 99.5m, BarColour.Met },
        // "below 30" and exactly 30: breached; "at most 30" and exactly 30: met.
        { "below 30", ValueCondition.Below(30m, ValueUnit.Plain), 30m, BarColour.Breached },
        { "at most 30", ValueCondition.AtMost(30m, ValueUnit.Plain), 30m, BarColour.Met },
    };

    [Theory]
    [MemberData(nameof(OnTheBound))]
    public void Colour_comes_from_the_evaluators_verdict_exactly_on_the_bound(string targetText, ValueCondition target, decimal value, BarColour expected)
    {
        var evaluation = HandBuiltEvaluations.Evaluation(kpis: [HandBuiltEvaluations.Kpi("k", "K", targetText, target, value)]);
        var row = Assert.Single(KpiReportMapping.Map([evaluation], "Provider", "USD").Kpis);
        var chart = TrendChart.For(row, ["2026-11"]);
        Assert.Equal(expected, Assert.Single(chart.Bars).Colour);
        Assert.Equal(expected == BarColour.Met, row.LatestMeetsTarget);
    }

    [Fact]
    public void A_count_trend_plots_the_counts_not_the_changes()
    {
        // Incidents per month 1, 1, 4, 5: the KPI measures the changes (0, 3, 1); the chart plots 1, 4, 5.
        var months = new[] { (9, 0m, 1L), (10, 3m, 4L), (11, 1m, 5L) };
        var evaluations = months.Select(m => HandBuiltEvaluations.Evaluation(new EvaluationPeriod(2026, month: m.Item1), [Trend(m.Item2, m.Item3)])).ToList();
        var row = Assert.Single(KpiReportMapping.Map(evaluations, "Provider", "USD").Kpis);
        Assert.True(row.ValuesAreCounts);
        Assert.Equal([1m, 4m, 5m], row.Values.Select(v => v!.Value));
        var chart = TrendChart.For(row, [.. evaluations.Select(e => e.Period.ToString())]);
        Assert.Equal([1m, 4m, 5m], chart.Bars.Select(b => b.Value!.Value));
        Assert.Null(chart.Target); // "decreasing month over month" is a direction, not a level to draw
        Assert.Equal(0m, chart.AxisMin);
        Assert.False(chart.AxisBroken);
        Assert.Equal("incidents (count)", chart.ValueAxisTitle);
        // Increases are breaches of "decreasing": the colours are the evaluator's.
        Assert.All(chart.Bars, b => Assert.Equal(BarColour.Breached, b.Colour));
    }

    [Fact]
    public void Percent_near_100_gets_a_marked_break_and_counts_start_at_zero()
    {
        var row = new KpiRow("a", "A", "at least 99.9%", 99.9m, true, "%", [99.95m, 99.5m, 99.99m]) { Verdicts = [KpiVerdict.Met, KpiVerdict.Breached, KpiVerdict.Met] };
        var chart = TrendChart.For(row, ["09", "10", "11"]);
        Assert.True(chart.AxisBroken);
        Assert.True(chart.AxisMin > 0 && chart.AxisMin < 99.5m, $"axis from {chart.AxisMin}");
        Assert.True(chart.AxisMax <= 100m);
        Assert.All(chart.Bars, b => Assert.InRange(b.Value!.Value, chart.AxisMin, chart.AxisMax));
        Assert.InRange(chart.Target!.Value, chart.AxisMin, chart.AxisMax);

        var minutes = new KpiRow("m", "MTTR", "at most 30 min", 30m, false, " min", [22m, 41m, null]) { Verdicts = [KpiVerdict.Met, KpiVerdict.Breached, null] };
        var mttr = TrendChart.For(minutes, ["09", "10", "11"]);
        Assert.False(mttr.AxisBroken);
        Assert.Equal(0m, mttr.AxisMin);
        Assert.Equal("min", mttr.ValueAxisTitle);
        Assert.Equal(BarColour.NoVerdict, mttr.Bars[2].Colour);
    }

    [Fact]
    public void Without_verdicts_no_bar_claims_met_or_breached()
    {
        var row = new KpiRow("a", "A", "at least 99.9%", 99.9m, true, "%", [99.95m]);
        Assert.Equal(BarColour.NoVerdict, Assert.Single(TrendChart.For(row, ["11"]).Bars).Colour);
        Assert.Null(row.LatestMeetsTarget);
    }

    [Fact]
    public void A_kpi_without_a_value_in_any_window_gets_a_sentence_instead_of_an_empty_chart()
    {
        // The page-load KPI has no outcome value (an all-n/a row, like the examples' postmortem completion).
        var document = KpiReportMapping.Map([HandBuiltEvaluations.Evaluation()], "Provider", "USD");
        var empty = Assert.Single(document.Kpis, k => !k.HasValues);
        Assert.Equal("P95 page load", empty.Name);
        var (markup, errors) = TestSupport.Templates.RenderKpiReportMarkup(document);
        Assert.Empty(errors);
        var lines = markup.Split('\n');
        Assert.Equal(document.Kpis.Count(k => k.HasValues), lines.Count(l => l.StartsWith("@chart ", StringComparison.Ordinal)));
        Assert.DoesNotContain("@chart " + empty.Key, lines);
        var heading = Array.IndexOf(lines, "### P95 page load");
        Assert.StartsWith("No window of the report has a value for this KPI", lines[heading + 1], StringComparison.Ordinal);
    }

    private static KpiOutcome Trend(decimal change, long count)
    {
        var k = HandBuiltEvaluations.Kpi("volume", "Incident volume", "incident count decreasing month over month", ValueCondition.Below(0m, ValueUnit.Plain), change);
        return k with { Outcome = CommitmentOutcome.Evaluated(k.Outcome.Result! with { CountInWindow = count }) };
    }
}
