using CsCheck;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// <see cref="TimeMath"/>'s long fast path against the plain decimal definition (quotient, then trailing zeros dropped):
/// equal value, scale and sign bit, so traces and golden files cannot tell which path ran.
/// </summary>
public sealed class TimeMathTests
{
    private const decimal One = 1.000000000000000000000000000000000m;

    private static decimal Reference(decimal ticks, long unit) => ticks / unit / One;

    private static void Same(decimal expected, decimal actual) =>
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(actual));

    [Theory]
    [InlineData(0L)] // zero: "0", scale 0
    [InlineData(10_000_000L)] // one second
    [InlineData(-10_000_000L)] // minus one second (a budget overrun)
    [InlineData(36_000_000_000L)] // an hour: 3600, not 3600.0000000
    [InlineData(15_000_000L)] // 1.5 s: the decimal path
    [InlineData(1L)] // one tick: 0.0000001
    [InlineData(-1L)] // minus one tick
    [InlineData(600_000_000L)] // a whole minute
    [InlineData(610_000_000L)] // 61 s: whole seconds, fractional minutes
    [InlineData(long.MaxValue)] // largest tick count, fractional
    [InlineData(long.MinValue)] // smallest tick count, fractional
    [InlineData(long.MaxValue - long.MaxValue % 600_000_000L)] // largest whole minute
    [InlineData(long.MinValue - long.MinValue % 600_000_000L)] // smallest whole minute
    public void Seconds_and_minutes_equal_the_decimal_definition(long ticks)
    {
        Same(Reference(ticks, TimeMath.TicksPerSecond), TimeMath.Seconds(ticks));
        Same(Reference(ticks, TimeMath.TicksPerSecond), TimeMath.Seconds((decimal)ticks));
        Same(Reference(ticks, TimeMath.TicksPerMinute), TimeMath.Minutes(ticks));
    }

    [Fact]
    public void Whole_seconds_come_out_without_trailing_zeros()
    {
        var seconds = TimeMath.Seconds(36_000_000_000L);
        Assert.Equal(0, seconds.Scale);
        Assert.Equal("3600", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.5", TimeMath.Seconds(15_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Random_tick_counts_equal_the_decimal_definition()
    {
        // Whole seconds (the fast path), whole minutes, and any tick count (mostly fractional).
        var ticks = Gen.OneOf(Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L].Select(s => s * TimeMath.TicksPerSecond),
            Gen.Long[-10_000_000_000L, 10_000_000_000L].Select(m => m * TimeMath.TicksPerMinute), Gen.Long);
        ticks.Sample(t =>
        {
            Same(Reference(t, TimeMath.TicksPerSecond), TimeMath.Seconds(t));
            Same(Reference(t, TimeMath.TicksPerSecond), TimeMath.Seconds((decimal)t));
            Same(Reference(t, TimeMath.TicksPerMinute), TimeMath.Minutes(t));
        });
    }

    [Fact]
    public void Weighted_decimal_ticks_equal_the_decimal_definition()
    {
        // Weighted downtime: ticks times a weight, with the weight's scale (0.5 gives scale 1, 1.00 gives scale 2).
        var weighted = from t in Gen.Long[-1_000_000_000L, 1_000_000_000L].Select(s => s * TimeMath.TicksPerSecond)
                       from w in Gen.OneOf(Gen.Const(1m), Gen.Const(0.5m), Gen.Const(1.00m), Gen.Const(0.25m), Gen.Const(0.333m))
                       select t * w;
        weighted.Sample(t =>
        {
            Same(Reference(t, TimeMath.TicksPerSecond), TimeMath.Seconds(t));
            Same(Reference(t, TimeMath.TicksPerMinute), TimeMath.Minutes(t));
        });
    }

    [Theory]
    [InlineData("3600.0")] // trailing zero dropped
    [InlineData("3600")] // already shortest
    [InlineData("-0.50")] // negative fraction
    [InlineData("79228162514264337593543950335")] // decimal.MaxValue, scale 0
    [InlineData("7922816251426433759354395033.5")] // largest mantissa with a fraction
    public void Normalize_equals_the_division_by_one(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Same(value / One, TimeMath.Normalize(value));
    }

    [Fact]
    public void A_negative_zero_keeps_its_sign_as_before()
    {
        var negativeZero = decimal.Negate(0m);
        Same(Reference(negativeZero, TimeMath.TicksPerSecond), TimeMath.Seconds(negativeZero));
        Same(negativeZero / One, TimeMath.Normalize(negativeZero));
        Same(new decimal(0, 0, 0, true, 3) / One, TimeMath.Normalize(new decimal(0, 0, 0, true, 3)));
    }
}
