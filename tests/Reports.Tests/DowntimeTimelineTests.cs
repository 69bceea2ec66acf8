using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The statement's downtime timeline as a model (no pixels): which minutes land on which local day (split at local
/// midnight, a daylight-saving day being 25 hours long), counted versus removed by an exclusion versus too short,
/// weighted as counted, with totals equal to the evaluator's; and the chart drawn from it (unit, axis from zero to a
/// round top, one labelled bar per day, stacking order, colours named in the caption).
/// </summary>
public sealed class DowntimeTimelineTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly CalendarWindow November = WindowCalendar.Month(NewYork, 2026, 11);

    private static Instant Local(int day, int hour, int minute) => NewYork.AtLeniently(new LocalDateTime(2026, 11, day, hour, minute)).ToInstant();

    private static Incident Down(string id, Instant start, Instant end, Impact impact = Impact.Outage) => new(id, "api", 1, impact, start, end, null);

    private static CommitmentResult Evaluate(IReadOnlyList<Incident> incidents, IReadOnlyList<TimeExclusion>? exclusions = null, Duration? minimum = null)
    {
        var c = new DowntimeCommitment("availability", "3.1", ValueCondition.AtLeast(99.9m),
            i => i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, _ => 0m },
            minimum ?? Duration.Zero, [], ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow,
            new TieredCredits([], false, new CreditLimits()), warnAtBudgetPercent: null);
        return new DowntimeEvaluator().Evaluate(c, November, November.End, incidents, exclusions ?? [], null, new FeeTerms(1000m, "USD"));
    }

    private static DowntimeTimeline Timeline(CommitmentResult r) => DowntimeTimeline.From(r.Trace, NewYork, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30));

    private static TimelineDay Day(DowntimeTimeline t, int day) => t.Days.Single(d => d.Date == new LocalDate(2026, 11, day));

    [Fact]
    public void An_outage_across_local_midnight_is_split_between_the_two_days()
    {
        // 23:30 on the 16th to 00:45 on the 17th, New York time: 30 min on the 16th, 45 min on the 17th.
        var t = Timeline(Evaluate([Down("A", Local(16, 23, 30), Local(17, 0, 45))]));
        Assert.Equal(30, t.Days.Length);
        Assert.Equal(1800m, Day(t, 16).CountedSeconds);
        Assert.Equal(2700m, Day(t, 17).CountedSeconds);
        Assert.Equal(4500m, t.CountedSeconds);
        Assert.All(t.Days.Where(d => d.Date.Day is not (16 or 17)), d => Assert.Equal(0m, d.CountedSeconds));
    }

    [Fact]
    public void The_fall_back_day_is_25_hours_and_its_last_hour_stays_on_it()
    {
        // 1 November 2026 has 25 hours in New York: 22:00 to 24:00 local is still the 1st (2 h), not the 2nd.
        var t = Timeline(Evaluate([Down("B", Local(1, 22, 0), Local(2, 0, 0))]));
        Assert.Equal(7200m, Day(t, 1).CountedSeconds);
        Assert.Equal(0m, Day(t, 2).CountedSeconds);
        // A whole-day outage of the 1st counts 25 hours on it.
        var whole = Timeline(Evaluate([Down("C", Local(1, 0, 0), Local(2, 0, 0))]));
        Assert.Equal(25 * 3600m, Day(whole, 1).CountedSeconds);
    }

    [Fact]
    public void Excluded_downtime_is_drawn_where_the_exclusion_removed_it_and_the_totals_are_the_evaluators()
    {
        // Outage 10:00-13:00 on the 5th; maintenance 11:00-12:00 excludes one hour of it; a degraded hour at 50% on the 9th.
        var maintenance = new TimeExclusion("3.2 maintenance", ExclusionKind.Maintenance, [Local(5, 11, 0).ToUnixTimeTicks()], [Local(5, 12, 0).ToUnixTimeTicks()], null);
        var r = Evaluate([Down("D", Local(5, 10, 0), Local(5, 13, 0)), Down("E", Local(9, 8, 0), Local(9, 9, 0), Impact.Degraded)], [maintenance]);
        var t = Timeline(r);
        Assert.Equal((7200m, 3600m), (Day(t, 5).CountedSeconds, Day(t, 5).ExcludedSeconds));
        Assert.Equal((1800m, 0m), (Day(t, 9).CountedSeconds, Day(t, 9).ExcludedSeconds));
        Assert.Equal(r.DowntimeSeconds, t.CountedSeconds);
        Assert.Equal(r.Trace.Exclusions.Sum(x => x.DowntimeRemovedSeconds), t.ExcludedSeconds);
    }

    [Fact]
    public void A_period_shorter_than_the_minimum_is_drawn_as_too_short_not_counted()
    {
        var r = Evaluate([Down("F", Local(20, 8, 0), Local(20, 8, 0) + Duration.FromSeconds(40))], minimum: Duration.FromMinutes(1));
        var t = Timeline(r);
        Assert.Equal((0m, 40m), (Day(t, 20).CountedSeconds, Day(t, 20).TooShortSeconds));
        Assert.Equal(0m, r.DowntimeSeconds);
    }

    [Fact]
    public void The_chart_stacks_counted_then_excluded_in_minutes_on_an_axis_from_zero()
    {
        var maintenance = new TimeExclusion("3.2 maintenance", ExclusionKind.Maintenance, [Local(5, 11, 0).ToUnixTimeTicks()], [Local(5, 12, 0).ToUnixTimeTicks()], null);
        var spec = TimelineChart.For(Timeline(Evaluate([Down("D", Local(5, 10, 0), Local(5, 13, 0))], [maintenance])));
        // One labelled bar per day of November.
        Assert.Equal([.. Enumerable.Range(1, 30).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))], spec.CategoryLabels.ToArray());
        Assert.Equal("downtime per day (min)", spec.ValueAxisTitle);
        Assert.Contains("November 2026 (America/New_York)", spec.CategoryAxisTitle, StringComparison.Ordinal);
        // The 5th (index 4): 120 min counted from the axis, 60 min excluded on top; nothing else is drawn.
        Assert.Equal([new BarSegment(4, 0, 120, InkColor.Danger), new BarSegment(4, 120, 60, InkColor.Muted)], spec.Segments.ToArray());
        // 180 min on the busiest day: the axis runs from 0 to 200 min in steps of 50 (a round top at or above it).
        Assert.Equal((0d, 200d), (spec.AxisMin, spec.AxisMax));
        Assert.Equal([0d, 50d, 100d, 150d, 200d], spec.ValueTicks.ToArray());
        Assert.Equal("150 min", spec.ValueTickLabel!(150));
        // No legend box (a bar may reach the top): the caption names the colours, which are these.
        Assert.Empty(spec.Legend);
        Assert.Equal([(InkColor.Danger, "red"), (InkColor.Muted, "grey"), (InkColor.Rule, "light grey")], TimelineChart.Colours.ToArray());
    }

    [Fact]
    public void A_day_with_more_than_three_hours_switches_the_axis_to_hours()
    {
        var spec = TimelineChart.For(Timeline(Evaluate([Down("G", Local(12, 0, 0), Local(12, 5, 0))])));
        Assert.Equal("downtime per day (h)", spec.ValueAxisTitle);
        Assert.Equal([new BarSegment(11, 0, 5, InkColor.Danger)], spec.Segments.ToArray());
        Assert.Equal((0d, 5d), (spec.AxisMin, spec.AxisMax));
    }

    [Theory]
    // busiest day (in the axis unit) -> the axis top and its step
    [InlineData(7, 8, 2)]
    [InlineData(180, 200, 50)]
    [InlineData(5, 5, 1)]
    [InlineData(0.05, 0.1, 0.1)]
    [InlineData(1441, 1500, 500)]
    public void The_axis_top_is_round_and_at_or_above_the_busiest_day(double busiest, double top, double step)
    {
        var (max, s) = TimelineChart.RoundUp((decimal)busiest);
        Assert.Equal(((decimal)top, (decimal)step), (max, s));
    }

    [Fact]
    public void A_quarter_is_labelled_by_the_first_of_each_month()
    {
        var days = Enumerable.Range(0, 92).Select(i => new TimelineDay(new LocalDate(2026, 10, 1).PlusDays(i), 0, 0, 0)).ToImmutableArray();
        var labels = TimelineChart.DayLabels(days);
        Assert.Equal(["Oct 1", "Nov 1", "Dec 1"], labels.Where(l => l != ""));
        Assert.Equal(92, labels.Length);
    }
}
