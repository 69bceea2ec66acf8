using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Exact conversions between NodaTime ticks and decimal seconds/minutes. Invariant: every result is the exact quotient
/// in its shortest form (no trailing zeros, as <see cref="Normalize"/> gives). Whole seconds (the usual case: the data
/// has second resolution) are computed in long arithmetic; a fractional second takes the decimal division, which is
/// exact for every tick count.
/// </summary>
public static class TimeMath
{
    public const long TicksPerSecond = NodaConstants.TicksPerSecond;
    public const long TicksPerMinute = NodaConstants.TicksPerMinute;

    public static decimal Seconds(decimal ticks) =>
        IsWholeLong(ticks, TicksPerSecond, out var whole) ? whole / TicksPerSecond : Normalize(ticks / TicksPerSecond);

    public static decimal Seconds(long ticks) =>
        ticks % TicksPerSecond == 0 ? ticks / TicksPerSecond : Normalize((decimal)ticks / TicksPerSecond);

    public static decimal Minutes(decimal ticks) =>
        IsWholeLong(ticks, TicksPerMinute, out var whole) ? whole / TicksPerMinute : Normalize(ticks / TicksPerMinute);

    /// <summary>Same value without trailing zeros (3600.0 -> 3600), so traces read the same whatever the weights were.</summary>
    public static decimal Normalize(decimal value) => value.Scale == 0 ? value : value / 1.000000000000000000000000000000000m;

    public static long Ticks(Instant i) => i.ToUnixTimeTicks();
    public static Instant Instant(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);

    /// <summary>
    /// True when <paramref name="ticks"/> is a non-zero integer (scale 0) in long range divisible by <paramref name="unit"/>:
    /// then the quotient is a whole number and long division gives it in its shortest form. A zero keeps the decimal
    /// path, which preserves a negative zero's sign.
    /// </summary>
    private static bool IsWholeLong(decimal ticks, long unit, out long whole)
    {
        if (ticks.Scale == 0 && ticks != 0 && ticks >= long.MinValue && ticks <= long.MaxValue)
        {
            whole = (long)ticks;
            return whole % unit == 0;
        }
        whole = 0;
        return false;
    }
}
