using NodaTime;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Time;

public sealed class WindowCalendarTests
{
    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static TheoryData<string, int, int, long> MonthMinutes => new()
    {
        { "America/New_York", 2026, 11, 43_260 }, // fall back: one hour longer than 30 x 1440
        { "America/New_York", 2026, 3, 44_580 },  // spring forward: one hour shorter than 31 x 1440
        { "America/New_York", 2026, 6, 43_200 },  // no transition
        { "Etc/UTC", 2026, 11, 43_200 },          // UTC never shifts
        { "Etc/UTC", 2026, 3, 44_640 },
        { "Europe/Berlin", 2026, 3, 44_580 },     // EU switches on the last Sunday of March
        { "Europe/Berlin", 2026, 10, 44_700 },    // and back on the last Sunday of October
        { "Etc/UTC", 2028, 2, 41_760 },           // leap February
    };

    [Theory]
    [MemberData(nameof(MonthMinutes))]
    public void Calendar_month_length_is_real_elapsed_time(string zone, int year, int month, long minutes)
    {
        var w = WindowCalendar.Month(Zone(zone), year, month);
        Assert.Equal(minutes, w.Length.BclCompatibleTicks / NodaConstants.TicksPerMinute);
        Assert.Equal(0, w.Length.BclCompatibleTicks % NodaConstants.TicksPerMinute);
    }

    [Fact]
    public void Month_bounds_are_local_midnights()
    {
        var w = WindowCalendar.Month(Zone("America/New_York"), 2026, 11);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 4, 0), w.Start); // EDT, -04:00
        Assert.Equal(Instant.FromUtc(2026, 12, 1, 5, 0), w.End);   // EST, -05:00
        Assert.Equal("2026-11", w.Label);
        Assert.Equal(30, w.CalendarDays);
    }

    [Fact]
    public void Quarter_and_year_tile_the_months()
    {
        var z = Zone("Europe/Berlin");
        var q = WindowCalendar.Quarter(z, 2026, 4);
        Assert.Equal(WindowCalendar.Month(z, 2026, 10).Start, q.Start);
        Assert.Equal(WindowCalendar.Month(z, 2026, 12).End, q.End);
        Assert.Equal("2026-Q4", q.Label);
        var y = WindowCalendar.Year(z, 2026);
        long sum = 0;
        for (var m = 1; m <= 12; m++) sum += WindowCalendar.Month(z, 2026, m).Length.BclCompatibleTicks;
        Assert.Equal(y.Length.BclCompatibleTicks, sum);
        Assert.Equal(365L * 24 * 60, y.Length.BclCompatibleTicks / NodaConstants.TicksPerMinute); // +1h and -1h cancel over a year
    }

    [Fact]
    public void Midnight_in_a_DST_gap_resolves_to_the_first_instant_after_the_gap()
    {
        // Havana springs forward at 00:00 on 2026-03-08: that day starts at 01:00 -04:00.
        var z = Zone("America/Havana");
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 5, 0), WindowCalendar.LocalMidnight(z, new LocalDate(2026, 3, 8)));
        var day7 = WindowCalendar.RollingDays(z, 1, new LocalDate(2026, 3, 8));
        var day8 = WindowCalendar.RollingDays(z, 1, new LocalDate(2026, 3, 9));
        Assert.Equal(day7.End, day8.Start); // windows still tile
        Assert.Equal(Duration.FromHours(23), day8.Length);
    }

    [Fact]
    public void Ambiguous_midnight_resolves_to_the_earlier_instant()
    {
        // Havana falls back at 01:00 -> 00:00 on 2026-11-01: midnight happens twice; the day starts at the first.
        var z = Zone("America/Havana");
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 4, 0), WindowCalendar.LocalMidnight(z, new LocalDate(2026, 11, 1)));
    }

    public static TheoryData<int, LocalDate, LocalDate, LocalDate> Cycles => new()
    {
        { 15, new LocalDate(2026, 11, 20), new LocalDate(2026, 11, 15), new LocalDate(2026, 12, 15) }, // after the anchor
        { 15, new LocalDate(2026, 11, 3), new LocalDate(2026, 10, 15), new LocalDate(2026, 11, 15) },  // before the anchor
        { 31, new LocalDate(2026, 2, 28), new LocalDate(2026, 2, 28), new LocalDate(2026, 3, 31) },    // anchor 31 in February starts on the 28th
        { 31, new LocalDate(2026, 2, 27), new LocalDate(2026, 1, 31), new LocalDate(2026, 2, 28) },
        { 1, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), new LocalDate(2026, 12, 1) },     // anchor 1 = calendar month
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public void Billing_cycles_anchor_on_a_day(int anchor, LocalDate date, LocalDate first, LocalDate end)
    {
        var w = WindowCalendar.BillingCycle(DateTimeZone.Utc, anchor, date);
        Assert.Equal(first, w.FirstDate);
        Assert.Equal(end, w.EndDate);
        Assert.Equal(WindowKind.BillingCycle, w.Kind);
    }

    [Fact]
    public void Rolling_window_ends_at_local_midnight_of_the_end_date()
    {
        var z = Zone("America/New_York");
        var w = WindowCalendar.RollingDays(z, 7, new LocalDate(2026, 11, 5));
        Assert.Equal(new LocalDate(2026, 10, 29), w.FirstDate);
        Assert.Equal(Duration.FromHours(7 * 24 + 1), w.Length); // includes the fall-back night
    }

    [Fact]
    public void Effective_range_clips_the_first_and_last_windows()
    {
        var z = Zone("America/New_York");
        var windows = WindowCalendar.Covering(WindowKind.CalendarMonth, z, new LocalDate(2026, 1, 15), new LocalDate(2026, 4, 10));
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], windows.Select(w => w.Label));
        Assert.True(windows[0].IsClipped);
        Assert.Equal(WindowCalendar.LocalMidnight(z, new LocalDate(2026, 1, 15)), windows[0].Start);
        Assert.False(windows[1].IsClipped);
        Assert.Equal(WindowCalendar.LocalMidnight(z, new LocalDate(2026, 4, 10)), windows[3].End);
        Assert.Empty(WindowCalendar.Covering(WindowKind.CalendarMonth, z, new LocalDate(2026, 4, 10), new LocalDate(2026, 4, 10)));
    }

    [Fact]
    public void Previous_window_steps_back_one_period()
    {
        var z = Zone("Etc/UTC");
        Assert.Equal("2026-10", WindowCalendar.Previous(WindowCalendar.Month(z, 2026, 11)).Label);
        Assert.Equal("2025-Q4", WindowCalendar.Previous(WindowCalendar.Quarter(z, 2026, 1)).Label);
        var r = WindowCalendar.Previous(WindowCalendar.RollingDays(z, 30, new LocalDate(2026, 11, 30)));
        Assert.Equal(new LocalDate(2026, 10, 31), r.EndDate);
        Assert.Equal(new LocalDate(2026, 10, 1), r.FirstDate);
    }
}
