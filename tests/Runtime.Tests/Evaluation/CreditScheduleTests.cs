using NodaTime;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

public sealed class CreditScheduleTests
{
    private static readonly CalendarWindow November = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
    private static readonly FeeTerms Fee = new(3000.00m, "USD");

    private static CreditLine Below(string label, decimal below, CreditPaymentKind kind, decimal value) =>
        new(label, CreditTrigger.MeasuredIn, ValueCondition.Below(below), kind, value);

    [Theory]
    [InlineData(2.345, MoneyRoundingMode.HalfTowardZero, 2.34)]
    [InlineData(-2.345, MoneyRoundingMode.HalfTowardZero, -2.34)]
    [InlineData(2.3451, MoneyRoundingMode.HalfTowardZero, 2.35)]
    [InlineData(2.345, MoneyRoundingMode.HalfAwayFromZero, 2.35)]
    [InlineData(2.345, MoneyRoundingMode.HalfEven, 2.34)]
    [InlineData(2.355, MoneyRoundingMode.HalfEven, 2.36)]
    [InlineData(2.349, MoneyRoundingMode.TowardZero, 2.34)]
    [InlineData(2.341, MoneyRoundingMode.AwayFromZero, 2.35)]
    [InlineData(-2.341, MoneyRoundingMode.AwayFromZero, -2.35)]
    public void Every_rounding_mode_rounds_money_as_named(double value, MoneyRoundingMode mode, double expected) =>
        Assert.Equal((decimal)expected, MoneyRounding.Round((decimal)value, "USD", mode));

    [Fact]
    public void A_whole_amount_keeps_the_currency_minor_unit() =>
        Assert.Equal("0.00", MoneyRounding.Round(0m, "USD", MoneyRoundingMode.HalfAwayFromZero).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Days_of_service_are_the_window_fee_per_local_day()
    {
        // 99.5% is below 99.9%: 3 days of a 30-day November at 3,000.00 = 300.00.
        var credit = CreditSchedule.Decide([Below("t", 99.9m, CreditPaymentKind.DaysOfService, 3)], false,
            new CreditFacts(new ExactRatio(99.5m, 100m), true, 0, 0), Fee, CreditLimits.None, November);
        Assert.Equal(300.00m, credit.Amount);
        Assert.Equal(10m, credit.PercentOfFee);
    }

    [Fact]
    public void Non_cumulative_lines_pay_the_most_valuable_and_cumulative_lines_add_up()
    {
        var lines = System.Collections.Immutable.ImmutableArray.Create(
            Below("days", 99.9m, CreditPaymentKind.DaysOfService, 3),    // 300.00
            Below("fixed", 99.0m, CreditPaymentKind.FixedAmount, 250m)); // 250.00
        var facts = new CreditFacts(new ExactRatio(98m, 100m), true, 0, 0);
        Assert.Equal(300.00m, CreditSchedule.Decide(lines, false, facts, Fee, CreditLimits.None, November).Amount);
        Assert.Equal(550.00m, CreditSchedule.Decide(lines, true, facts, Fee, CreditLimits.None, November).Amount);
        // A money cap and a minimum: 550 capped at 500; a minimum above that drops it to zero.
        Assert.Equal(500.00m, CreditSchedule.Decide(lines, true, facts, Fee, new CreditLimits(CapAmount: 500m), November).Amount);
        Assert.Equal(0.00m, CreditSchedule.Decide(lines, true, facts, Fee, new CreditLimits(CapAmount: 500m, Minimum: new MinimumCredit(500m, Inclusive: false)), November).Amount);
    }

    [Fact]
    public void Per_breached_incident_any_guarantee_and_down_period_lines()
    {
        var perBreach = new CreditLine("per breached incident", CreditTrigger.PerBreachedIncident, null, CreditPaymentKind.PercentOfFee, 5m);
        Assert.Equal(450.00m, CreditSchedule.Decide([perBreach], false, new CreditFacts(null, true, 3, 0), Fee, CreditLimits.None, November).Amount);
        Assert.Equal(0.00m, CreditSchedule.Decide([perBreach], false, new CreditFacts(null, false, 0, 0), Fee, CreditLimits.None, November).Amount);
        var any = new CreditLine("any", CreditTrigger.AnyGuaranteeBreached, null, CreditPaymentKind.PercentOfFee, 10m);
        Assert.Equal(300.00m, CreditSchedule.Decide([any], false, new CreditFacts(null, true, 0, 0), Fee, CreditLimits.None, November).Amount);
        // 10 x 3,000.00 x 72 minutes / 43,200 minutes = 50.00.
        var multiple = new CreditLine("down", CreditTrigger.ForDownPeriod, null, CreditPaymentKind.FeeMultipleForDownPeriod, 10m);
        Assert.Equal(50.00m, CreditSchedule.Decide([multiple], false, new CreditFacts(null, true, 0, 72 * 60), Fee, CreditLimits.None, November).Amount);
    }

    [Fact]
    public void A_clipped_window_pays_the_fee_prorated_by_local_days()
    {
        // November from the 11th: 20 of 30 days.
        var clipped = November.ClipTo(Instant.FromUtc(2026, 11, 11, 0, 0), November.End)!;
        Assert.Equal(20, WindowFees.Days(clipped));
        Assert.Equal(2000.00m, WindowFees.For(3000.00m, clipped));
        Assert.Equal(3000.00m, WindowFees.For(3000.00m, November));
    }

    [Fact]
    public void A_longer_period_credit_cap_leaves_what_earlier_windows_did_not_use()
    {
        var result = MeasureResults.ForValue("a", null, "availability", November, November.End, new ExactRatio(98m, 100m), ValueCondition.AtLeast(99m),
            new TieredCredits([new CreditTier("t", ValueCondition.Below(99m), 10m)], false, CreditLimits.None), Fee);
        Assert.Equal(300.00m, result.Credit!.Amount);
        Assert.Equal(300.00m, LongerPeriodCaps.CapCredit(result, [100m], 1000m, "year cap").Credit!.Amount);
        var capped = LongerPeriodCaps.CapCredit(result, [400m, 450m], 1000m, "year cap");
        Assert.Equal(150.00m, capped.Credit!.Amount);
        Assert.Equal(150.00m, capped.Trace.Credit!.Amount);
        Assert.Equal(0.00m, LongerPeriodCaps.CapCredit(result, [1200m], 1000m, "year cap").Credit!.Amount);
    }
}
