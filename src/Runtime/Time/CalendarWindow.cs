using NodaTime;

namespace SlaKpiDsl.Runtime.Time;

/// <summary>
/// The calendar period a window measures (docs/language.md, windows), cut at local midnights in the contract's zone. The
/// semantic model's windows use this type too (with their parameter beside it).
/// </summary>
public enum WindowKind
{
    CalendarMonth,
    CalendarQuarter,
    CalendarYear,
    /// <summary><c>per billing cycle [starting on day N]</c>: the window's parameter is the start day (1 by default).</summary>
    BillingCycle,
    /// <summary><c>rolling N days</c>: the window's parameter is N.</summary>
    RollingDays,
}

/// <summary>
/// A measurement window: the half-open instant interval [<see cref="Start"/>, <see cref="End"/>).
/// Invariants: <see cref="Start"/> &lt;= <see cref="End"/>; <see cref="FirstDate"/> and <see cref="EndDate"/> are the
/// local dates (in <see cref="Zone"/>) of the nominal period, <see cref="EndDate"/> exclusive; when the window was
/// clipped by a contract's effective range, <see cref="Start"/>/<see cref="End"/> are the clipped instants and
/// <see cref="IsClipped"/> is true. Elapsed length is real elapsed time (DST-exact), never days x 24 h.
/// </summary>
public sealed record CalendarWindow
{
    public CalendarWindow(WindowKind kind, DateTimeZone zone, LocalDate firstDate, LocalDate endDate, Instant start, Instant end, bool isClipped = false)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (end < start) throw new ArgumentException($"A window cannot end ({end}) before it starts ({start}).", nameof(end));
        if (endDate < firstDate) throw new ArgumentException($"A window's end date ({endDate}) is before its first date ({firstDate}).", nameof(endDate));
        Kind = kind;
        Zone = zone;
        FirstDate = firstDate;
        EndDate = endDate;
        Start = start;
        End = end;
        IsClipped = isClipped;
    }

    public WindowKind Kind { get; }
    public DateTimeZone Zone { get; }
    /// <summary>First local date of the nominal period.</summary>
    public LocalDate FirstDate { get; }
    /// <summary>Local date just after the nominal period (exclusive).</summary>
    public LocalDate EndDate { get; }
    public Instant Start { get; }
    public Instant End { get; }
    public bool IsClipped { get; }

    public Duration Length => End - Start;
    public long StartTicks => Start.ToUnixTimeTicks();
    public long EndTicks => End.ToUnixTimeTicks();

    /// <summary>Number of local calendar days in the nominal period (used for "days of service" caps).</summary>
    public int CalendarDays => Period.Between(FirstDate, EndDate, PeriodUnits.Days).Days;

    /// <summary>A stable human label: <c>2026-11</c>, <c>2026-Q4</c>, <c>2026</c>, or <c>2026-11-15..2026-12-15</c>.</summary>
    public string Label => Kind switch
    {
        WindowKind.CalendarMonth => $"{FirstDate.Year:D4}-{FirstDate.Month:D2}",
        WindowKind.CalendarQuarter => $"{FirstDate.Year:D4}-Q{(FirstDate.Month - 1) / 3 + 1}",
        WindowKind.CalendarYear => $"{FirstDate.Year:D4}",
        _ => $"{FirstDate:yyyy-MM-dd}..{EndDate:yyyy-MM-dd}",
    };

    public bool Contains(Instant instant) => instant >= Start && instant < End;

    /// <summary>
    /// Clips the window to a contract's effective range [effectiveStart, effectiveEnd) of instants. Returns null when
    /// nothing of the window lies inside the range (the window does not exist for the contract).
    /// </summary>
    public CalendarWindow? ClipTo(Instant effectiveStart, Instant effectiveEnd)
    {
        var s = Start > effectiveStart ? Start : effectiveStart;
        var e = End < effectiveEnd ? End : effectiveEnd;
        if (e <= s) return null;
        if (s == Start && e == End) return this;
        return new CalendarWindow(Kind, Zone, FirstDate, EndDate, s, e, isClipped: true);
    }

    public override string ToString() => $"{Label} [{Start}, {End})";
}
