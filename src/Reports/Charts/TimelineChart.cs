using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// The downtime timeline of a statement as a bar chart: one bar per local day, stacked counted / excluded / too short
/// (in that order from the axis), in minutes, or in hours when a day holds more than three hours. Honest axes: the
/// value axis starts at zero and ends at a round value at or above the busiest day; its title names the unit; every
/// day of a month-long period is labelled with its day of the month, a longer period with the first of each month.
/// </summary>
public static class TimelineChart
{
    /// <summary>Above this much downtime in a day (in seconds) the axis counts hours instead of minutes.</summary>
    public const decimal HoursAbove = 3 * 3600;

    /// <summary>
    /// The colours as the statement's caption names them (the chart has no legend box: a bar may reach the top, where
    /// a legend would cover it): counted in the danger red, excluded in the muted grey, too short in the rule's light grey.
    /// </summary>
    public static readonly ImmutableArray<(InkColor Ink, string Name)> Colours = [(InkColor.Danger, "red"), (InkColor.Muted, "grey"), (InkColor.Rule, "light grey")];

    public static BarChartSpec For(DowntimeTimeline timeline)
    {
        var days = timeline.Days;
        var busiest = days.Max(d => d.CountedSeconds + d.ExcludedSeconds + d.TooShortSeconds);
        var hours = busiest > HoursAbove;
        var unit = hours ? 3600m : 60m;
        var unitName = hours ? "h" : "min";
        var (axisMax, step) = RoundUp(busiest / unit);

        var segments = ImmutableArray.CreateBuilder<BarSegment>();
        for (var i = 0; i < days.Length; i++)
        {
            var d = days[i];
            var at = 0d;
            foreach (var (seconds, ink) in new[] { (d.CountedSeconds, Colours[0].Ink), (d.ExcludedSeconds, Colours[1].Ink), (d.TooShortSeconds, Colours[2].Ink) })
            {
                if (seconds <= 0) continue;
                var value = (double)(seconds / unit);
                segments.Add(new BarSegment(i, at, value, ink));
                at += value;
            }
        }
        var ticks = ImmutableArray.CreateBuilder<double>();
        for (var v = 0m; v <= axisMax; v += step) ticks.Add((double)v);
        return new BarChartSpec(DayLabels(days), CategoryTitle(timeline), $"downtime per day ({unitName})", 0, (double)axisMax, segments.ToImmutable(),
            [], [], ticks.ToImmutable())
        {
            ValueTickLabel = v => v.ToString("0.##", CultureInfo.InvariantCulture) + " " + unitName,
        };
    }

    /// <summary>
    /// A round top for the value axis at or above <paramref name="max"/> and its tick step: 1, 2 or 5
    /// times a power of ten, at most five steps.
    /// </summary>
    internal static (decimal Max, decimal Step) RoundUp(decimal max)
    {
        if (max <= 0) return (1m, 1m);
        var step = 0.1m;
        while (true)
        {
            foreach (var m in new[] { 1m, 2m, 5m })
            {
                var s = step * m;
                if (max / s <= 5m) return (Math.Max(s, decimal.Ceiling(max / s) * s), s);
            }
            step *= 10m;
        }
    }

    internal static ImmutableArray<string> DayLabels(ImmutableArray<TimelineDay> days)
    {
        var oneMonth = days.Length <= 31;
        return [.. days.Select((d, i) => oneMonth ? d.Date.Day.ToString(CultureInfo.InvariantCulture)
            : d.Date.Day == 1 || i == 0 ? d.Date.ToString("MMM d", CultureInfo.InvariantCulture) : "")];
    }

    private static string CategoryTitle(DowntimeTimeline timeline)
    {
        var first = timeline.Days[0].Date;
        var last = timeline.Days[^1].Date;
        var sameMonth = first.Year == last.Year && first.Month == last.Month;
        var span = sameMonth ? first.ToString("MMMM yyyy", CultureInfo.InvariantCulture) : $"{first.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)} to {last.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}";
        return (sameMonth ? "day of " : "days, ") + span + $" ({timeline.TimeZone}); one bar per day";
    }
}
