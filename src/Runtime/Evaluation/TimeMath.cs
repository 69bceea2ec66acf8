using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>Exact conversions between NodaTime ticks and decimal seconds/minutes.</summary>
public static class TimeMath
{
    public const long TicksPerSecond = NodaConstants.TicksPerSecond;
    public const long TicksPerMinute = NodaConstants.TicksPerMinute;

    public static decimal Seconds(decimal ticks) => ticks / TicksPerSecond;
    public static decimal Seconds(long ticks) => (decimal)ticks / TicksPerSecond;
    public static decimal Minutes(decimal ticks) => ticks / TicksPerMinute;
    public static long Ticks(Instant i) => i.ToUnixTimeTicks();
    public static Instant Instant(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);
}
