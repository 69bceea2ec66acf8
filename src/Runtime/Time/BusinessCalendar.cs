using System.Collections.Immutable;
using NodaTime;
using NodaTime.TimeZones;

namespace SlaKpiDsl.Runtime.Time;

/// <summary>
/// A local time-of-day range on one day of the week, half-open [From, To).
/// Invariant: <see cref="From"/> &lt; <see cref="To"/>, except that <see cref="To"/> = 00:00 means the end of the day (24:00).
/// </summary>
public readonly record struct DailyRange
{
    public DailyRange(IsoDayOfWeek day, LocalTime from, LocalTime to)
    {
        if (day == IsoDayOfWeek.None) throw new ArgumentException("A daily range needs a day of the week.", nameof(day));
        if (to != LocalTime.Midnight && to <= from)
            throw new ArgumentException($"A daily range must end ({to}) after it starts ({from}); use 00:00 as the end for 24:00.", nameof(to));
        Day = day;
        From = from;
        To = to;
    }

    public IsoDayOfWeek Day { get; }
    public LocalTime From { get; }
    public LocalTime To { get; }
}

/// <summary>
/// Local weekly time ranges in a zone with holiday dates on which no range applies: the business-hours calendar of a
/// response clock ("Mon-Fri 08:00-18:00, holidays US-federal-2026") and the time-of-day window of an exclusion
/// ("Sundays 02:00-06:00").
/// <para>
/// Local-to-instant resolution: a range bound that falls into a DST gap maps to the first instant after the gap; a bound
/// in a repeated hour maps to its earlier occurrence (NodaTime's lenient resolver). Elapsed time inside the ranges is
/// then counted as real elapsed time between instants, so a range spanning a transition is exactly one hour shorter or
/// longer.
/// </para>
/// Invariant: ranges of one day do not overlap (checked in the constructor).
/// </summary>
public sealed class WeeklyCalendar
{
    private readonly DailyRange[][] _byDay = new DailyRange[8][];
    private readonly HashSet<LocalDate> _holidays;

    public WeeklyCalendar(DateTimeZone zone, ImmutableArray<DailyRange> ranges, ImmutableArray<LocalDate> holidays = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        Ranges = ranges.IsDefault ? ImmutableArray<DailyRange>.Empty : ranges;
        Holidays = holidays.IsDefault ? ImmutableArray<LocalDate>.Empty : holidays;
        _holidays = new HashSet<LocalDate>(Holidays);
        for (var d = 1; d <= 7; d++)
        {
            var day = (IsoDayOfWeek)d;
            var list = Ranges.Where(r => r.Day == day).OrderBy(r => r.From).ToArray();
            for (var i = 1; i < list.Length; i++)
                if (list[i - 1].To == LocalTime.Midnight || list[i - 1].To > list[i].From)
                    throw new ArgumentException($"Ranges on {day} overlap ({list[i - 1].From}-{list[i - 1].To} and {list[i].From}-{list[i].To}).", nameof(ranges));
            _byDay[d] = list;
        }
    }

    /// <summary>Mon-Fri with the same hours every day, the common business-hours calendar.</summary>
    public static WeeklyCalendar Weekdays(DateTimeZone zone, LocalTime from, LocalTime to, ImmutableArray<LocalDate> holidays = default)
    {
        var b = ImmutableArray.CreateBuilder<DailyRange>();
        for (var d = IsoDayOfWeek.Monday; d <= IsoDayOfWeek.Friday; d++) b.Add(new DailyRange(d, from, to));
        return new WeeklyCalendar(zone, b.ToImmutable(), holidays);
    }

    public DateTimeZone Zone { get; }
    public ImmutableArray<DailyRange> Ranges { get; }
    public ImmutableArray<LocalDate> Holidays { get; }

    /// <summary>Exact elapsed time inside the calendar's ranges between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public Duration ElapsedBetween(Instant from, Instant to)
    {
        long ticks = 0;
        ForEachRange(from, to, (s, e) => ticks += e - s);
        return Duration.FromTicks(ticks);
    }

    /// <summary>The calendar's ranges as instant intervals (ticks) clipped to [from, to), in chronological order.</summary>
    public List<(long StartTicks, long EndTicks)> IntervalsWithin(Instant from, Instant to)
    {
        var list = new List<(long, long)>();
        ForEachRange(from, to, (s, e) => list.Add((s, e)));
        return list;
    }

    private void ForEachRange(Instant from, Instant to, Action<long, long> visit)
    {
        if (to <= from) return;
        var fromTicks = from.ToUnixTimeTicks();
        var toTicks = to.ToUnixTimeTicks();
        // Start a day early: a range on the previous local date can still be running at `from` only if it ends at 24:00,
        // which is already on that date; one extra day covers every zone offset.
        var date = from.InZone(Zone).Date.PlusDays(-1);
        var last = to.InZone(Zone).Date;
        for (; date <= last; date = date.PlusDays(1))
        {
            if (_holidays.Contains(date)) continue;
            foreach (var r in _byDay[(int)date.DayOfWeek])
            {
                var s = Resolve(date.At(r.From));
                var e = r.To == LocalTime.Midnight ? WindowCalendar.LocalMidnight(Zone, date.PlusDays(1)).ToUnixTimeTicks() : Resolve(date.At(r.To));
                if (s < fromTicks) s = fromTicks;
                if (e > toTicks) e = toTicks;
                if (e > s) visit(s, e);
            }
        }
    }

    private long Resolve(LocalDateTime local) => Zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant().ToUnixTimeTicks();
}
