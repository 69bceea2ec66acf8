using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>Exact conversions between NodaTime ticks and decimal seconds/minutes.</summary>
public static class TimeMath
{
    public const long TicksPerSecond = NodaConstants.TicksPerSecond;
    public const long TicksPerMinute = NodaConstants.TicksPerMinute;

    public static decimal Seconds(decimal ticks) => Normalize(ticks / TicksPerSecond);
    public static decimal Seconds(long ticks) => Normalize((decimal)ticks / TicksPerSecond);
    public static decimal Minutes(decimal ticks) => Normalize(ticks / TicksPerMinute);

    /// <summary>Same value without trailing zeros (3600.0 -> 3600), so traces read the same whatever the weights were.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
    public static long Ticks(Instant i) => i.ToUnixTimeTicks();
    public static Instant Instant(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);
}
