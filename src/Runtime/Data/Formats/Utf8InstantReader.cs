using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Timestamps with an offset read from UTF-8 bytes as Unix ticks, for the chunk parsers: <see cref="InstantText.TryParse"/>'s
/// grammar for the texts that carry <c>Z</c> or <c>±hh:mm</c> (without one the zone decides: the Sep path), years 2-9998
/// only, so no offset can carry an instant past NodaTime's range. The common fixed-width forms take
/// <see cref="InstantText.TryFixedWidthSeconds"/>, the rest <see cref="InstantText.TryTimeAndOffset{T}"/>; the day number of
/// the last date read is kept (a file's timestamps mostly share dates), so a row's date is usually compared, not parsed.
/// No NodaTime arithmetic per timestamp: the ticks are the same integers <see cref="InstantText.ToInstant"/> would hold.
/// </summary>
internal struct Utf8InstantReader
{
    private ulong _dateHead;
    private ushort _dateTail;
    private long _days;
    private bool _hasDate;

    /// <summary>The instant's ticks since 1970; false when the text is not a valid timestamp with an offset to a whole tick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryUnixTicks(ReadOnlySpan<byte> text, out long ticks)
    {
        ticks = 0;
        if (text.Length < 17) return false;
        var head = BinaryPrimitives.ReadUInt64LittleEndian(text);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(text[8..]);
        long days;
        if (_hasDate && head == _dateHead && tail == _dateTail) days = _days;
        else
        {
            if (!TryDate(text, out days)) return false;
            (_dateHead, _dateTail, _days, _hasDate) = (head, tail, days, true);
        }
        if (InstantText.TryFixedWidthSeconds(text, days, out var seconds))
        {
            ticks = seconds * NodaConstants.TicksPerSecond;
            return true;
        }
        return TryTimeOfDay(text, days, out ticks);
    }

    /// <summary>The date at indices 0-9 (<c>yyyy-MM-dd</c>, year 2-9998) as days since 1970-01-01.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDate(ReadOnlySpan<byte> text, out long days)
    {
        days = 0;
        if (text.Length < 17 || text[4] != (byte)'-' || text[7] != (byte)'-')
            return false;
        if (!InstantText.TryDigits(text, 0, 4, out var year) || !InstantText.TryDigits(text, 5, 2, out var month) || !InstantText.TryDigits(text, 8, 2, out var day))
            return false;
        if (year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
            return false;
        days = InstantText.DaysFromCivil(year, month, day);
        return true;
    }

    /// <summary>The part after a valid date in the general grammar, which must carry an offset; a fraction finer than a tick is refused (the Sep path reports it: DATA021).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryTimeOfDay(ReadOnlySpan<byte> text, long days, out long ticks)
    {
        ticks = 0;
        if (InstantText.TryTimeAndOffset(text, out var hour, out var minute, out var second, out var nanos, out var offsetSeconds) != InstantText.TimeForm.WithOffset
            || nanos % InstantText.NanosecondsPerTick != 0)
            return false;
        ticks = (days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds) * NodaConstants.TicksPerSecond + nanos / InstantText.NanosecondsPerTick;
        return true;
    }
}
