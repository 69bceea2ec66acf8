using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// The KPI report's charts as <see cref="BarChartSpec"/>s for <see cref="ChartPng"/>: a KPI's trend (from the tested
/// <see cref="TrendChart"/> model: colour = the evaluator's verdict, counts as counts, axis from zero or marked broken)
/// and the incidents per window stacked by severity or team (counts from zero, one colour per group, named in the legend).
/// </summary>
public static class KpiReportCharts
{
    /// <summary>The <c>@chart</c> key of the incidents-per-window chart of a breakdown dimension: <c>incidents:severity</c>.</summary>
    public const string BreakdownKeyPrefix = "incidents:";

    /// <summary>The ink of a bar: the evaluator's verdict only (met blue, breached red, no verdict grey).</summary>
    public static InkColor Ink(BarColour colour) => colour switch
    {
        BarColour.Met => InkColor.ChartBar,
        BarColour.Breached => InkColor.Danger,
        _ => InkColor.Muted,
    };

    /// <summary>
    /// A KPI trend: one bar per window, the window's value and unit under it ("n/a" and no bar without a value), the
    /// target as a dashed line, the value axis titled with its unit and, when it does not start at zero, saying so.
    /// </summary>
    public static BarChartSpec Trend(TrendChart chart)
    {
        // Each window's value with its unit is in its category label (a label above a bar near the axis top would be cut off).
        var labels = chart.Bars.Select(b => b.Label + ": " + (b.Value is { } v ? Text(v, chart.Unit) : "n/a")).ToImmutableArray();
        var segments = ImmutableArray.CreateBuilder<BarSegment>();
        for (var i = 0; i < chart.Bars.Length; i++)
        {
            if (chart.Bars[i].Value is not { } v) continue;
            // A bar rises from the axis foot (zero, or the broken axis's start), never below it.
            var foot = chart.AxisMin;
            segments.Add(new BarSegment(i, (double)foot, (double)Math.Max(0m, v - foot), Ink(chart.Bars[i].Colour)));
        }
        var title = chart.AxisBroken ? $"{chart.ValueAxisTitle} (axis from {Text(chart.AxisMin, chart.Unit)}, not zero)" : chart.ValueAxisTitle;
        // The target is named in the category axis title; an in-plot label box would cover the value axis's ticks.
        ImmutableArray<ReferenceLine> target = chart.Target is { } t ? [new ReferenceLine((double)t, "", InkColor.ChartTarget)] : [];
        var categoryTitle = "window: value" + (chart.Target is { } tt ? "; dashed line: target " + Text(tt, chart.Unit) : "") + "; red = breached, blue = met, grey = no verdict";
        return new BarChartSpec(labels, categoryTitle, title, (double)chart.AxisMin, (double)chart.AxisMax, segments.ToImmutable(), [], target,
            [(double)chart.AxisMin, (double)chart.AxisMax])
        {
            ValueTickLabel = v => Text((decimal)v, chart.Unit),
        };
    }

    /// <summary>The group inks of a stacked chart, in the order of the groups (the fifth group and later share "other").</summary>
    public static readonly ImmutableArray<InkColor> GroupInks = [InkColor.Accent, InkColor.ChartBar, InkColor.Muted, InkColor.Rule];

    /// <summary>
    /// Incidents per window, one bar per window stacked by the breakdown's groups (by count, from zero). The first three
    /// groups with the most incidents over the report keep their own colour; the rest are stacked together as "other".
    /// The counts are the breakdown's (incidents counted by start), never recomputed.
    /// </summary>
    public static BarChartSpec IncidentsBy(IncidentBreakdown breakdown, ImmutableArray<string> windowLabels)
    {
        var ranked = breakdown.Rows.OrderByDescending(r => r.Windows.Sum(c => (long)c.Incidents)).ThenBy(r => r.Group, StringComparer.Ordinal).ToList();
        var own = ranked.Count <= GroupInks.Length ? ranked : ranked.Take(GroupInks.Length - 1).ToList();
        var groups = own.Select(r => (Name: r.Group, Counts: r.Windows.Select(c => (long)c.Incidents).ToArray())).ToList();
        if (own.Count < ranked.Count)
        {
            var rest = ranked.Skip(own.Count).ToList();
            groups.Add(($"other ({rest.Count} {breakdown.Title}s)", Enumerable.Range(0, windowLabels.Length).Select(w => rest.Sum(r => (long)r.Windows[w].Incidents)).ToArray()));
        }
        var segments = ImmutableArray.CreateBuilder<BarSegment>();
        var totals = new long[windowLabels.Length];
        for (var w = 0; w < windowLabels.Length; w++)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                var n = groups[g].Counts[w];
                if (n == 0) continue;
                segments.Add(new BarSegment(w, totals[w], n, GroupInks[g]) );
                totals[w] += n;
            }
        }
        var (max, step) = CountAxis(totals.DefaultIfEmpty(0).Max());
        var ticks = ImmutableArray.CreateBuilder<double>();
        for (var v = 0L; v <= max; v += step) ticks.Add(v);
        var labels = windowLabels.Select((l, w) => $"{l} ({totals[w]})").ToImmutableArray();
        return new BarChartSpec(labels, $"window (incidents in all); stacked by {breakdown.Title}", "incidents (count)", 0, max, segments.ToImmutable(),
            [.. groups.Select((g, i) => new LegendEntry(g.Name, GroupInks[i]))], [], ticks.ToImmutable())
        {
            ValueTickLabel = v => v.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// A count axis from zero to a whole-number top with headroom for the legend (a third above the tallest bar), ticks at
    /// whole steps (1, 2 or 5 times a power of ten, at most five of them). In long integers: a window's stacked total is a
    /// sum of int counts, and a third more of it once overflowed int to a one-incident axis.
    /// </summary>
    internal static (long Max, long Step) CountAxis(long tallest)
    {
        var wanted = Math.Max(1, tallest + (tallest + 2) / 3);
        for (var power = 1L; ; power *= 10)
            foreach (var step in new[] { power, 2 * power, 5 * power })
                if (wanted <= step * 5) return ((wanted + step - 1) / step * step, step);
    }

    private static string Text(decimal value, string unit)
    {
        var number = Math.Round(value, 3).ToString("#,0.###", CultureInfo.InvariantCulture);
        var u = unit.Trim();
        return u is "" ? number : u == "%" ? number + "%" : number + " " + u;
    }
}
