using System.Collections.Immutable;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The KPI report's ScottPlot charts as specs (no pixels): a trend bar's ink is the evaluator's verdict (exactly on a
/// strict bound red, on an inclusive bound blue), a count trend plots counts, a broken axis says so, a window without
/// a value has no bar and says n/a; the incidents chart stacks the breakdown's counts from zero.
/// </summary>
public sealed class KpiReportChartsTests
{
    public static TheoryData<string, ValueCondition, decimal, InkColor> OnTheBound => new()
    {
        { "above 99.5%", ValueCondition.Above(99.5m), 99.5m, InkColor.Danger },     // strict: 99.5 is not above 99.5
        { "at least 99.5%", ValueCondition.AtLeast(99.5m), 99.5m, InkColor.ChartBar }, // inclusive: met
        { "below 30", ValueCondition.Below(30m, ValueUnit.Plain), 30m, InkColor.Danger },
        { "at most 30", ValueCondition.AtMost(30m, ValueUnit.Plain), 30m, InkColor.ChartBar },
    };

    [Theory]
    [MemberData(nameof(OnTheBound))]
    public void A_trend_bar_is_coloured_by_the_evaluators_verdict_on_the_bound(string targetText, ValueCondition target, decimal value, InkColor expected)
    {
        var evaluation = HandBuiltEvaluations.Evaluation(kpis: [HandBuiltEvaluations.Kpi("k", "K", targetText, target, value)]);
        var row = Assert.Single(KpiReportMapping.Map([evaluation], "Provider", "USD").Kpis);
        var spec = KpiReportCharts.Trend(TrendChart.For(row, ["2026-11"]));
        var bar = Assert.Single(spec.Segments);
        Assert.Equal(expected, bar.Ink);
        Assert.Equal((double)value, bar.Base + bar.Value, 9); // the bar reaches the value itself
        Assert.StartsWith("2026-11: ", Assert.Single(spec.CategoryLabels), StringComparison.Ordinal); // the value with its unit
    }

    [Fact]
    public void A_count_trend_plots_counts_and_a_missing_window_has_no_bar()
    {
        var row = new KpiRow("v", "Incident volume", "decreasing month over month", 0m, false, " incidents", [1m, null, 5m])
        { Verdicts = [KpiVerdict.Met, null, KpiVerdict.Breached], ValuesAreCounts = true, TargetIsLevel = false };
        var spec = KpiReportCharts.Trend(TrendChart.For(row, ["09", "10", "11"]));
        Assert.Equal([1d, 5d], spec.Segments.Select(s => s.Base + s.Value)); // counts, not the change +4
        Assert.All(spec.Segments, s => Assert.Equal(0d, s.Base));
        Assert.Equal(["09: 1 incidents", "10: n/a", "11: 5 incidents"], spec.CategoryLabels.ToArray());
        Assert.Equal([0, 2], spec.Segments.Select(s => s.Category));
        Assert.Equal([InkColor.ChartBar, InkColor.Danger], spec.Segments.Select(s => s.Ink));
        Assert.Empty(spec.ReferenceLines); // a direction is not a level
        Assert.Equal(0d, spec.AxisMin);
        Assert.Equal("incidents (count)", spec.ValueAxisTitle);
    }

    [Fact]
    public void A_broken_percent_axis_says_where_it_starts_and_bars_rise_from_there()
    {
        var row = new KpiRow("a", "A", "at least 99.9%", 99.9m, true, "%", [99.95m, 99.5m, 99.99m]) { Verdicts = [KpiVerdict.Met, KpiVerdict.Breached, KpiVerdict.Met] };
        var chart = TrendChart.For(row, ["09", "10", "11"]);
        var spec = KpiReportCharts.Trend(chart);
        Assert.True(spec.AxisMin > 0);
        Assert.Contains("axis from", spec.ValueAxisTitle, StringComparison.Ordinal);
        Assert.Contains("not zero", spec.ValueAxisTitle, StringComparison.Ordinal);
        Assert.All(spec.Segments, s => Assert.Equal(spec.AxisMin, s.Base));
        Assert.Equal(99.9d, Assert.Single(spec.ReferenceLines).Value);
        Assert.Contains("target 99.9%", spec.CategoryAxisTitle, StringComparison.Ordinal);
        Assert.Equal("10: 99.5%", spec.CategoryLabels[1]);
    }

    private static BreakdownCell Count(int n) => new(n, n * 600m, 0, null, 0, null);

    [Fact]
    public void Incidents_stack_by_group_from_zero_and_the_fourth_group_on_share_other()
    {
        var breakdown = new IncidentBreakdown(BreakdownDimension.Team,
        [
            new BreakdownRow("payments", [Count(3), Count(1)]),
            new BreakdownRow("search", [Count(0), Count(2)]),
            new BreakdownRow("storage", [Count(1), Count(0)]),
            new BreakdownRow("edge", [Count(0), Count(1)]),
            new BreakdownRow(IncidentBreakdown.NotStated, [Count(1), Count(0)]),
        ]);
        var spec = KpiReportCharts.IncidentsBy(breakdown, ["2026-10", "2026-11"]);
        // Ranked by incidents over the report (ties by name): payments 4, search 2, (not stated) 1 keep their colours;
        // edge 1 and storage 1 share "other".
        Assert.Equal(["payments", "search", IncidentBreakdown.NotStated, "other (2 teams)"], spec.Legend.Select(l => l.Text));
        Assert.Equal(["2026-10 (5)", "2026-11 (4)"], spec.CategoryLabels.ToArray());
        var october = spec.Segments.Where(s => s.Category == 0).ToList();
        Assert.Equal([(0d, 3d), (3d, 1d), (4d, 1d)], october.Select(s => (s.Base, s.Value)));  // payments 3, not stated 1, other (storage) 1
        var november = spec.Segments.Where(s => s.Category == 1).ToList();
        Assert.Equal([(0d, 1d), (1d, 2d), (3d, 1d)], november.Select(s => (s.Base, s.Value))); // payments 1, search 2, other (edge) 1
        Assert.Equal(0d, spec.AxisMin);
        Assert.True(spec.AxisMax >= 5);
        Assert.All(spec.ValueTicks, t => Assert.Equal(Math.Round(t), t));
        Assert.Equal("incidents (count)", spec.ValueAxisTitle);
    }

    [Theory]
    [InlineData(0L, 1L, 1L)]
    [InlineData(3L, 4L, 1L)]                          // a third above 3 is 4
    [InlineData(9L, 15L, 5L)]                          // 12 wanted: 5 steps of 2 are 10, too few
    [InlineData(60_000L, 80_000L, 20_000L)]
    [InlineData(600_000_000L, 800_000_000L, 200_000_000L)] // 600M * 4 once overflowed int: a 1-incident axis
    [InlineData(4_294_967_294L, 6_000_000_000L, 2_000_000_000L)] // two windows' worth of int.MaxValue stacked
    public void The_count_axis_tops_the_tallest_bar_by_a_third_in_at_most_five_whole_steps(long tallest, long max, long step)
    {
        Assert.Equal((max, step), KpiReportCharts.CountAxis(tallest));
        Assert.True(max >= tallest + tallest / 3 && max / step <= 5 && max % step == 0);
    }

    [Fact]
    public void Stacked_counts_beyond_int_keep_their_sum()
    {
        // Two groups of 1.5 billion incidents in one window: 3 billion, past int.MaxValue, once wrapped to a negative total.
        var breakdown = new IncidentBreakdown(BreakdownDimension.Team,
            [new BreakdownRow("payments", [Count(1_500_000_000)]), new BreakdownRow("search", [Count(1_500_000_000)])]);
        var spec = KpiReportCharts.IncidentsBy(breakdown, ["2026-10"]);
        Assert.Equal(["2026-10 (3000000000)"], spec.CategoryLabels.ToArray());
        Assert.Equal([(0d, 1.5e9), (1.5e9, 1.5e9)], spec.Segments.Select(s => (s.Base, s.Value)));
        Assert.True(spec.AxisMax >= 4e9);
    }

    [Fact]
    public void The_charts_render_to_png()
    {
        var document = SampleDocuments.KpiReport();
        foreach (var spec in document.Kpis.Where(k => k.HasValues).Select(k => KpiReportCharts.Trend(TrendChart.For(k, document.WindowLabels)))
                     .Concat(document.Breakdowns.Where(b => !b.Rows.IsEmpty).Select(b => KpiReportCharts.IncidentsBy(b, document.WindowLabels))))
        {
            var image = ChartPng.Render(spec, new ChartSize(400, 120));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Png.Take(4));
        }
    }
}
