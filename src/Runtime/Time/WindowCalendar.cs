using NodaTime;

namespace SlaKpiDsl.Runtime.Time;

/// <summary>
/// Builds measurement windows whose ends are local midnights in a contract's time zone.
/// <para>
/// Local midnight resolution (the one documented choice): a window boundary on local date D is
/// <see cref="DateTimeZone.AtStartOfDay(LocalDate)"/>, i.e. the earliest instant whose local date is D. Where midnight
/// exists (every zone with DST at 02:00/03:00, such as America/New_York and Europe/Berlin) this is exactly 00:00.
/// Where a DST gap swallows midnight (e.g. America/Santiago, America/Havana, Asia/Beirut historically) it is the first
/// instant after the gap (e.g. 01:00), so consecutive windows still tile time without gaps or overlaps; where midnight
/// is ambiguous (clocks fall back across 00:00) it is the earlier of the two 00:00s, so the repeated hour belongs to
/// the new day. Both choices keep every instant in exactly one window.
/// </para>
/// </summary>
public static class WindowCalendar
{
    /// <summary>The instant a local date begins in the zone (see the class comment for gaps and ambiguities).</summary>
    public static Instant LocalMidnight(DateTimeZone zone, LocalDate date) => zone.AtStartOfDay(date).ToInstant();

    public static CalendarWindow Month(DateTimeZone zone, int year, int month)
    {
        var first = new LocalDate(year, month, 1);
        return Build(WindowKind.CalendarMonth, zone, first, first.PlusMonths(1));
    }

    public static CalendarWindow Quarter(DateTimeZone zone, int year, int quarter)
    {
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1 to 4.");
        var first = new LocalDate(year, (quarter - 1) * 3 + 1, 1);
        return Build(WindowKind.CalendarQuarter, zone, first, first.PlusMonths(3));
    }

    public static CalendarWindow Year(DateTimeZone zone, int year)
    {
        var first = new LocalDate(year, 1, 1);
        return Build(WindowKind.CalendarYear, zone, first, first.PlusYears(1));
    }

    /// <summary>
    /// The billing cycle anchored on <paramref name="anchorDay"/> (1-31) that contains <paramref name="date"/>.
    /// A cycle runs from the anchor day of one month to the anchor day of the next; in months shorter than the anchor
    /// day the cycle starts on the month's last day (anchor 31 in February starts on Feb 28/29), so cycles tile.
    /// </summary>
    public static CalendarWindow BillingCycle(DateTimeZone zone, int anchorDay, LocalDate date)
    {
        if (anchorDay is < 1 or > 31) throw new ArgumentOutOfRangeException(nameof(anchorDay), anchorDay, "A billing anchor day is 1 to 31.");
        var thisMonthAnchor = AnchorIn(date.Year, date.Month, anchorDay);
        var first = date >= thisMonthAnchor ? thisMonthAnchor : AnchorIn(date.PlusMonths(-1).Year, date.PlusMonths(-1).Month, anchorDay);
        var nextMonth = first.PlusMonths(1);
        var end = AnchorIn(nextMonth.Year, nextMonth.Month, anchorDay);
        return Build(WindowKind.BillingCycle, zone, first, end);
    }

    /// <summary>The billing cycle that follows <paramref name="cycle"/> <paramref name="count"/> times (1 = the next one).</summary>
    public static CalendarWindow FollowingBillingCycle(CalendarWindow cycle, int anchorDay, int count)
    {
        var w = cycle;
        for (var i = 0; i < count; i++) w = BillingCycle(w.Zone, anchorDay, w.EndDate);
        return w;
    }

    /// <summary>Rolling window of <paramref name="days"/> local days ending (exclusive) at local midnight of <paramref name="endDate"/>.</summary>
    public static CalendarWindow RollingDays(DateTimeZone zone, int days, LocalDate endDate)
    {
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days), days, "A rolling window has at least one day.");
        return Build(WindowKind.RollingDays, zone, endDate.PlusDays(-days), endDate);
    }

    /// <summary>The window of the given kind that contains the local date (rolling windows are not periodic: use <see cref="RollingDays"/>).</summary>
    public static CalendarWindow Containing(WindowKind kind, DateTimeZone zone, LocalDate date, int billingAnchorDay = 1) => kind switch
    {
        WindowKind.CalendarMonth => Month(zone, date.Year, date.Month),
        WindowKind.CalendarQuarter => Quarter(zone, date.Year, (date.Month - 1) / 3 + 1),
        WindowKind.CalendarYear => Year(zone, date.Year),
        WindowKind.BillingCycle => BillingCycle(zone, billingAnchorDay, date),
        _ => throw new ArgumentException("Rolling windows have no containing window; use RollingDays.", nameof(kind)),
    };

    /// <summary>The window just before <paramref name="window"/> of the same kind (for trends over previous windows).</summary>
    public static CalendarWindow Previous(CalendarWindow window, int billingAnchorDay = 1) => window.Kind == WindowKind.RollingDays
        ? RollingDays(window.Zone, Period.Between(window.FirstDate, window.EndDate, PeriodUnits.Days).Days, window.FirstDate)
        : Containing(window.Kind, window.Zone, window.FirstDate.PlusDays(-1), billingAnchorDay);

    /// <summary>
    /// Every window of a kind that overlaps the contract's effective range [effectiveFrom, effectiveUntil) of local dates,
    /// each clipped to the range. Ordered chronologically.
    /// </summary>
    public static IReadOnlyList<CalendarWindow> Covering(WindowKind kind, DateTimeZone zone, LocalDate effectiveFrom, LocalDate effectiveUntil, int billingAnchorDay = 1)
    {
        var result = new List<CalendarWindow>();
        if (effectiveUntil <= effectiveFrom) return result;
        var from = LocalMidnight(zone, effectiveFrom);
        var until = LocalMidnight(zone, effectiveUntil);
        var w = Containing(kind, zone, effectiveFrom, billingAnchorDay);
        while (w.FirstDate < effectiveUntil)
        {
            if (w.ClipTo(from, until) is { } clipped) result.Add(clipped);
            w = Containing(kind, zone, w.EndDate, billingAnchorDay);
        }
        return result;
    }

    private static LocalDate AnchorIn(int year, int month, int anchorDay)
    {
        var days = CalendarSystem.Iso.GetDaysInMonth(year, month);
        return new LocalDate(year, month, Math.Min(anchorDay, days));
    }

    private static CalendarWindow Build(WindowKind kind, DateTimeZone zone, LocalDate first, LocalDate end) =>
        new(kind, zone, first, end, LocalMidnight(zone, first), LocalMidnight(zone, end));
}
