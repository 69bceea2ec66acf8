using System.Numerics;
using System.Runtime.CompilerServices;
using NodaTime;
using NodaTime.Text;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>Why a timestamp text did not become an <see cref="Instant"/>.</summary>
public enum InstantParseStatus
{
    Ok,
    /// <summary>Not <c>yyyy-MM-ddTHH:mm[:ss[.f..f]]</c> followed by <c>Z</c>, <c>+hh:mm</c>, <c>-hh:mm</c> or nothing.</summary>
    Invalid,
    /// <summary>A local time with no offset, and no zone was declared for the file.</summary>
    MissingOffset,
    /// <summary>A local time that the declared zone skips (spring forward) or repeats (fall back).</summary>
    AmbiguousOrSkipped,
    /// <summary>
    /// A fraction finer than one tick (100 ns, the kernels' unit; docs/semantics.md, "One time precision"): refused, never
    /// truncated, so every instant evaluated is the instant written.
    /// </summary>
    FinerThanTick,
    /// <summary>
    /// A timestamp that would be valid but for a fraction of more than nine digits: the grammar reads at most nine
    /// (nanoseconds), and time is exact to a tick, seven digits (docs/semantics.md, "One time precision").
    /// </summary>
    TooManyFractionDigits,
}

/// <summary>
/// Parses ISO 8601 timestamps from spans without allocating: <c>2026-11-10T09:00:00-05:00</c>,
/// <c>2026-11-10T14:00:00Z</c>, up to 9 fractional digits, the last two zero (time is exact to 100 ns, one tick; a finer
/// fraction is <see cref="InstantParseStatus.FinerThanTick"/>). A local time without offset is accepted only when a zone
/// is declared, and only when that local time occurs exactly once in the zone (no resolver guesses across DST).
/// Agrees with NodaTime's <see cref="OffsetDateTimePattern.ExtendedIso"/> on every text both accept (property-tested).
/// </summary>
public static class InstantText
{
    /// <summary>Formats an instant as ISO 8601 UTC (<c>2026-11-10T14:00:00Z</c>, fraction only when non-zero).</summary>
    /// <remarks>
    /// Exactly <see cref="InstantPattern.ExtendedIso"/>'s text (property-tested), written directly for the instants of
    /// years 1-9999 held to a tick: writing a million incidents formats five million instants (sla import).
    /// </remarks>
    public static string Format(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        var days = Math.DivRem(ticks, NodaConstants.TicksPerDay, out var tickOfDay);
        if (tickOfDay < 0) { days--; tickOfDay += NodaConstants.TicksPerDay; }
        var (year, month, day) = CivilFromDays(days);
        if (year is < 1 or > 9999 || Instant.FromUnixTimeTicks(ticks) != instant) return InstantPattern.ExtendedIso.Format(instant);
        var fraction = (int)(tickOfDay % NodaConstants.TicksPerSecond);
        var secondOfDay = (int)(tickOfDay / NodaConstants.TicksPerSecond);
        var fractionDigits = 0;
        if (fraction != 0)
        {
            fractionDigits = 7;
            while (fraction % 10 == 0) { fraction /= 10; fractionDigits--; }
        }
        return string.Create(20 + (fractionDigits > 0 ? fractionDigits + 1 : 0), (year, month, day, secondOfDay, fraction, fractionDigits), static (span, v) =>
        {
            Digits(span, 0, v.year, 4);
            span[4] = '-';
            Digits(span, 5, v.month, 2);
            span[7] = '-';
            Digits(span, 8, v.day, 2);
            span[10] = 'T';
            Digits(span, 11, v.secondOfDay / 3600, 2);
            span[13] = ':';
            Digits(span, 14, v.secondOfDay / 60 % 60, 2);
            span[16] = ':';
            Digits(span, 17, v.secondOfDay % 60, 2);
            var pos = 19;
            if (v.fractionDigits > 0)
            {
                span[pos++] = '.';
                Digits(span, pos, v.fraction, v.fractionDigits);
                pos += v.fractionDigits;
            }
            span[pos] = 'Z';
        });
    }

    private static void Digits(Span<char> span, int start, int value, int count)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's civil_from_days).</summary>
    internal static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var dayOfEra = z - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return ((int)Math.Clamp(year, int.MinValue, int.MaxValue), month, day);
    }

    public static InstantParseStatus TryParse(ReadOnlySpan<char> text, DateTimeZone? declaredZone, out Instant instant)
    {
        instant = default;
        // yyyy-MM-ddTHH:mm is the shortest accepted form (16 characters).
        if (text.Length < 16 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day))
            return InstantParseStatus.Invalid;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
            return InstantParseStatus.Invalid;
        var form = TryTimeAndOffset(text, out var hour, out var minute, out var second, out var nanos, out var offsetSeconds);
        if (form == TimeForm.Invalid)
            return HasTooManyFractionDigits(text) ? InstantParseStatus.TooManyFractionDigits : InstantParseStatus.Invalid;
        if (nanos % NanosecondsPerTick != 0) return InstantParseStatus.FinerThanTick;
        if (form == TimeForm.NoOffset)
        {
            if (declaredZone is null) return InstantParseStatus.MissingOffset;
            var local = new LocalDateTime(year, month, day, hour, minute, second).PlusNanoseconds(nanos);
            var mapping = declaredZone.MapLocal(local);
            if (mapping.Count != 1) return InstantParseStatus.AmbiguousOrSkipped;
            instant = mapping.First().ToInstant();
            return InstantParseStatus.Ok;
        }
        instant = ToInstant(DaysFromCivil(year, month, day), hour, minute, second, nanos, offsetSeconds);
        return InstantParseStatus.Ok;
    }

    /// <summary>
    /// Whether a text the grammar refused would be valid with its fraction cut to nine digits: then the fraction's length
    /// alone is what is wrong, and the error says so (not "not an ISO 8601 timestamp").
    /// </summary>
    private static bool HasTooManyFractionDigits(ReadOnlySpan<char> text)
    {
        if (text.Length < 21 || text[19] != '.') return false;
        var end = 20;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (end - 20 <= 9) return false;
        var cut = string.Concat(text[..29], text[end..]);
        return TryTimeAndOffset(cut.AsSpan(), out _, out _, out _, out _, out _) != TimeForm.Invalid;
    }

    /// <summary>One tick, the finest time the kernels hold (and the compiler accepts in a contract's constants).</summary>
    internal const long NanosecondsPerTick = 100;

    /// <summary>How the text after a date ends, as <see cref="TryTimeAndOffset{T}"/> read it.</summary>
    internal enum TimeForm { Invalid, NoOffset, WithOffset }

    /// <summary>
    /// The part of a timestamp after its date (which takes indices 0-9): <c>THH:mm[:ss[.f{1,9}]]</c>, then <c>Z</c>,
    /// <c>+hh:mm</c>/<c>-hh:mm</c> (at most 18 hours) or the end. Hours, minutes and seconds are range-checked. One
    /// grammar for UTF-16 text and for the byte-level chunk parser's UTF-8 bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TimeForm TryTimeAndOffset<T>(ReadOnlySpan<T> text, out int hour, out int minute, out int second, out long nanos, out int offsetSeconds)
        where T : unmanaged, IBinaryInteger<T>
    {
        hour = minute = second = offsetSeconds = 0;
        nanos = 0;
        if (text.Length < 16 || Ascii(text[10]) != 'T' || Ascii(text[13]) != ':' || !TryDigits(text, 11, 2, out hour) || !TryDigits(text, 14, 2, out minute))
            return TimeForm.Invalid;
        var pos = 16;
        if (pos < text.Length && Ascii(text[pos]) == ':')
        {
            if (!TryDigits(text, pos + 1, 2, out second)) return TimeForm.Invalid;
            pos += 3;
            if (pos < text.Length && Ascii(text[pos]) == '.')
            {
                pos++;
                var digits = 0;
                while (pos < text.Length && Ascii(text[pos]) - '0' <= 9)
                {
                    if (++digits > 9) return TimeForm.Invalid;
                    nanos = nanos * 10 + (Ascii(text[pos]) - '0');
                    pos++;
                }
                if (digits == 0) return TimeForm.Invalid;
                for (var i = digits; i < 9; i++) nanos *= 10;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return TimeForm.Invalid;
        if (pos == text.Length) return TimeForm.NoOffset;
        var sign = Ascii(text[pos]);
        if (sign == 'Z' && pos + 1 == text.Length) return TimeForm.WithOffset;
        if ((sign == '+' || sign == '-') && pos + 6 == text.Length && Ascii(text[pos + 3]) == ':'
            && TryDigits(text, pos + 1, 2, out var offsetHours) && TryDigits(text, pos + 4, 2, out var offsetMinutes)
            && offsetHours <= 18 && offsetMinutes <= 59)
        {
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
            return Math.Abs(offsetSeconds) > 18 * 3600 ? TimeForm.Invalid : TimeForm.WithOffset;
        }
        return TimeForm.Invalid;
    }

    /// <summary>
    /// The two fixed-width forms almost every machine-written file uses, on UTF-8 bytes after a date already read (indices
    /// 0-9): <c>yyyy-MM-ddTHH:mm:ssZ</c> (20 bytes) and <c>yyyy-MM-ddTHH:mm:ss±hh:mm</c> (25 bytes), as the seconds of
    /// the instant since 1970 for the date's <paramref name="days"/>. False for every other text, valid or not: the caller
    /// then reads it with <see cref="TryTimeAndOffset{T}"/>, which gives the same seconds for these forms (tested byte by
    /// byte on mutated texts) and decides the rest. Straight-line: no loop, no fraction, one range check per field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryFixedWidthSeconds(ReadOnlySpan<byte> text, long days, out long unixSeconds)
    {
        unixSeconds = 0;
        int offsetSeconds;
        if (text.Length == 20)
        {
            if (text[19] != (byte)'Z') return false;
            offsetSeconds = 0;
        }
        else if (text.Length == 25)
        {
            var sign = text[19];
            if ((sign != (byte)'+' && sign != (byte)'-') || text[22] != (byte)':') return false;
            if (!TwoDigits(text[20], text[21], out var offsetHours) || !TwoDigits(text[23], text[24], out var offsetMinutes) || offsetHours > 18 || offsetMinutes > 59)
                return false;
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (offsetSeconds > 18 * 3600) return false;
            if (sign == (byte)'-') offsetSeconds = -offsetSeconds;
        }
        else return false;
        if (text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':'
            || !TwoDigits(text[11], text[12], out var hour) || !TwoDigits(text[14], text[15], out var minute) || !TwoDigits(text[17], text[18], out var second)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        unixSeconds = days * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TwoDigits(byte tens, byte units, out int value)
    {
        var t = (uint)(tens - '0');
        var u = (uint)(units - '0');
        value = (int)(t * 10 + u);
        return t <= 9 && u <= 9;
    }

    /// <summary>
    /// The instant of a local date (as days since 1970-01-01) and time at a UTC offset. Direct arithmetic instead of
    /// LocalDateTime/OffsetDateTime: this runs several times per row on million-row files.
    /// </summary>
    internal static Instant ToInstant(long days, int hour, int minute, int second, long nanos, int offsetSeconds) =>
        Instant.FromUnixTimeSeconds(days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds).PlusNanoseconds(nanos);

    private static uint Ascii<T>(T unit) where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(unit);

    /// <summary>Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    internal static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /// <summary>
    /// The <paramref name="count"/> ASCII digits at <paramref name="start"/> as a number; false when the text is too
    /// short or any of them is not a digit. For UTF-16 text and for the byte-level chunk parser's UTF-8 bytes.
    /// </summary>
    internal static bool TryDigits<T>(ReadOnlySpan<T> text, int start, int count, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (start + count > text.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var d = Ascii(text[i]) - '0';
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
