using CsCheck;
using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Time;

public sealed class WeeklyCalendarTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static Instant Local(int y, int mo, int d, int h, int mi) =>
        new LocalDateTime(y, mo, d, h, mi).InZoneStrictly(NewYork).ToInstant();

    private static readonly WeeklyCalendar BusinessHours = WeeklyCalendar.Weekdays(NewYork, new LocalTime(8, 0), new LocalTime(18, 0),
        [new LocalDate(2026, 11, 26)]); // Thanksgiving

    public static TheoryData<string, Instant, Instant, long> Rows => new()
    {
        // Inside one business day.
        { "same day", Local(2026, 11, 10, 9, 0), Local(2026, 11, 10, 9, 15), 15 },
        // Starts before opening: only 08:00-08:30 counts.
        { "before opening", Local(2026, 11, 10, 6, 0), Local(2026, 11, 10, 8, 30), 30 },
        // Friday 17:50 to Monday 08:10: 10 + 10 minutes.
        { "over a weekend", Local(2026, 11, 13, 17, 50), Local(2026, 11, 16, 8, 10), 20 },
        // Wednesday 17:00 to Friday 09:00 across Thanksgiving: 60 + 0 + 60.
        { "over a holiday", Local(2026, 11, 25, 17, 0), Local(2026, 11, 27, 9, 0), 120 },
        // Saturday only: nothing.
        { "weekend only", Local(2026, 11, 14, 9, 0), Local(2026, 11, 14, 17, 0), 0 },
        // Friday Oct 30 17:00 to Monday Nov 2 09:00 spans the fall-back Sunday, which is not a business day.
        { "over the DST weekend", Local(2026, 10, 30, 17, 0), Local(2026, 11, 2, 9, 0), 120 },
        // End before start: zero, never negative.
        { "reversed", Local(2026, 11, 10, 10, 0), Local(2026, 11, 10, 9, 0), 0 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Elapsed_business_time_is_exact(string row, Instant from, Instant to, long minutes)
    {
        Assert.True(BusinessHours.ElapsedBetween(from, to) == Duration.FromMinutes(minutes), row);
    }

    [Fact]
    public void A_range_across_a_DST_transition_counts_real_elapsed_time()
    {
        // A 24/7 "Sundays 00:00-24:00" calendar: the fall-back Sunday lasts 25 hours, the spring-forward one 23.
        var sundays = new WeeklyCalendar(NewYork, [new DailyRange(IsoDayOfWeek.Sunday, LocalTime.Midnight, LocalTime.Midnight)]);
        Assert.Equal(Duration.FromHours(25), sundays.ElapsedBetween(Local(2026, 10, 31, 0, 0), Local(2026, 11, 3, 0, 0)));
        Assert.Equal(Duration.FromHours(23), sundays.ElapsedBetween(Local(2026, 3, 7, 0, 0), Local(2026, 3, 10, 0, 0)));
    }

    [Fact]
    public void Intervals_within_a_window_are_chronological_local_ranges()
    {
        var cal = new WeeklyCalendar(NewYork, [new DailyRange(IsoDayOfWeek.Sunday, new LocalTime(2, 0), new LocalTime(6, 0))]);
        var list = cal.IntervalsWithin(Local(2026, 11, 1, 0, 0), Local(2026, 11, 15, 0, 0));
        Assert.Equal(2, list.Count);
        // Nov 1 02:00 EST (after fall back at 02:00 EDT -> 01:00 EST) to 06:00 EST: 4 hours.
        Assert.Equal(Local(2026, 11, 1, 2, 0).ToUnixTimeTicks(), list[0].StartTicks);
        Assert.Equal(4 * NodaConstants.TicksPerHour, list[0].EndTicks - list[0].StartTicks);
    }

    [Fact]
    public void Overlapping_ranges_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new WeeklyCalendar(NewYork,
            [new DailyRange(IsoDayOfWeek.Monday, new LocalTime(8, 0), new LocalTime(12, 0)), new DailyRange(IsoDayOfWeek.Monday, new LocalTime(11, 0), new LocalTime(13, 0))]));
        Assert.Throws<ArgumentException>(() => new DailyRange(IsoDayOfWeek.Monday, new LocalTime(12, 0), new LocalTime(8, 0)));
    }
}

/// <summary>Business time against a minute-by-minute oracle that asks each minute's local wall time.</summary>
public sealed class WeeklyCalendarOracleProperties
{
    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/Berlin")]
    public void Elapsed_business_time_matches_counting_local_minutes(string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        // Weekday office hours, a holiday, and a Sunday night range that the DST switch cuts through.
        var cal = new WeeklyCalendar(zone,
        [
            .. WeeklyCalendar.Weekdays(zone, new LocalTime(8, 0), new LocalTime(18, 0)).Ranges,
            new DailyRange(IsoDayOfWeek.Sunday, new LocalTime(1, 0), new LocalTime(3, 30)),
            new DailyRange(IsoDayOfWeek.Saturday, new LocalTime(22, 0), LocalTime.Midnight),
        ], [new LocalDate(2026, 10, 28)]);
        var origin = Instant.FromUtc(2026, 10, 20, 0, 0);
        Gen.Select(Gen.Int[0, 20 * 1440], Gen.Int[0, 12 * 1440]).Sample((startMin, lenMin) =>
        {
            var from = origin + Duration.FromMinutes(startMin);
            var to = from + Duration.FromMinutes(lenMin);
            long expected = 0;
            for (var t = from; t < to; t += Duration.FromMinutes(1))
            {
                var local = t.InZone(zone).LocalDateTime;
                if (cal.Holidays.Contains(local.Date)) continue;
                foreach (var r in cal.Ranges)
                    if (r.Day == local.DayOfWeek && local.TimeOfDay >= r.From && (r.To == LocalTime.Midnight || local.TimeOfDay < r.To)) { expected++; break; }
            }
            Assert.Equal(Duration.FromMinutes(expected), cal.ElapsedBetween(from, to));
        }, iter: 60, threads: 1);
    }
}
