using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

public sealed class CreditTests
{
    private static readonly CalendarWindow Nov = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
    private static ExactRatio Pct(decimal p) => new(p, 100m);

    private static readonly ImmutableArray<CreditTier> Aws =
    [
        new("10%", ValueCondition.Below(99.5m), 10m),
        new("30%", ValueCondition.Below(99.0m), 30m),
        new("100%", ValueCondition.Below(95.0m), 100m),
    ];

    public static TheoryData<string, decimal, decimal> AwsRows => new()
    {
        { "above every tier", 99.9m, 0m },
        { "exactly 99.5 is not below 99.5", 99.5m, 0m },
        { "just below 99.5", 99.4999m, 10m },
        { "exactly 99.0 is in the 10% tier", 99.0m, 10m },
        { "most severe of two holding tiers", 98.0m, 30m },
        { "exactly 95.0 is still 30%", 95.0m, 30m },
        { "all three hold: 100%", 50m, 100m },
    };

    [Theory]
    [MemberData(nameof(AwsRows))]
    public void Most_severe_holding_tier_applies(string row, decimal value, decimal percent)
    {
        var d = CreditCalculator.Tiered(Aws, false, Pct(value), new FeeTerms(1000m, "USD"), CreditLimits.None, Nov);
        Assert.True(percent == d.PercentOfFee, row);
        Assert.Equal(percent * 10m, d.Amount);
    }

    [Fact]
    public void Cumulative_tiers_add_up()
    {
        var d = CreditCalculator.Tiered(Aws, true, Pct(98m), new FeeTerms(1000m, "USD"), CreditLimits.None, Nov);
        Assert.Equal(40m, d.PercentOfFee);
        Assert.Equal(["10%", "30%"], d.Trace.Matched.ToArray());
    }

    [Fact]
    public void Caps_apply_in_order_percent_then_days_of_service_then_minimum()
    {
        var fee = new FeeTerms(3000m, "USD");
        // 100% tier capped at 50% of fee = 1500; then at 10 days of service in a 30-day month = 1000.
        var d = CreditCalculator.Tiered(Aws, false, Pct(50m), fee, new CreditLimits(CapPercentOfFee: 50m, CapDaysOfService: 10), Nov);
        Assert.Equal(1000m, d.Amount);
        Assert.Equal(2, d.Trace.Caps.Length);
        Assert.Equal(3000m, d.Trace.AmountBeforeCaps);
    }

    [Fact]
    public void Minimum_credit_suppresses_small_amounts()
    {
        // AWS: credit only if over $1. 10% of $10 = $1.00 exactly: not over $1.
        var fee = new FeeTerms(10m, "USD");
        var d = CreditCalculator.Tiered(Aws, false, Pct(99m), fee, new CreditLimits(Minimum: new MinimumCredit(1m, Inclusive: false)), Nov);
        Assert.Equal(0m, d.Amount);
        Assert.Contains(d.Trace.Caps, c => c.Rule.Contains("minimum"));
        var d2 = CreditCalculator.Tiered(Aws, false, Pct(99m), new FeeTerms(10.10m, "USD"), new CreditLimits(Minimum: new MinimumCredit(1m, false)), Nov);
        Assert.Equal(1.01m, d2.Amount);
    }

    public static TheoryData<string, decimal, string, MoneyRoundingMode, decimal> RoundingRows => new()
    {
        { "half away from zero rounds .5 up", 2.345m, "USD", MoneyRoundingMode.HalfAwayFromZero, 2.35m },
        { "half even rounds .5 to even", 2.345m, "USD", MoneyRoundingMode.HalfEven, 2.34m },
        { "half even rounds .5 up to even", 2.355m, "USD", MoneyRoundingMode.HalfEven, 2.36m },
        { "JPY has no minor unit", 1234.5m, "JPY", MoneyRoundingMode.HalfAwayFromZero, 1235m },
        { "KWD has three decimals", 1.23456m, "KWD", MoneyRoundingMode.HalfAwayFromZero, 1.235m },
    };

    [Theory]
    [MemberData(nameof(RoundingRows))]
    public void Money_is_rounded_to_the_minor_unit_with_the_stated_mode(string row, decimal exact, string currency, MoneyRoundingMode mode, decimal rounded)
    {
        Assert.True(rounded == MoneyRounding.Round(exact, currency, mode), row);
    }

    [Fact]
    public void Rounding_happens_once_from_the_exact_amount()
    {
        // 10% of 12345.675 = 1234.5675: rounded once -> 1234.57 (rounding the fee first would give 1234.57 too, but
        // rounding 3 x 1/3 parts separately would not sum back); the trace keeps the exact amount.
        var d = CreditCalculator.Tiered(Aws, false, Pct(99m), new FeeTerms(12345.675m, "USD"), CreditLimits.None, Nov);
        Assert.Equal(1234.5675m, d.ExactAmount);
        Assert.Equal(1234.57m, d.Amount);
        Assert.Equal(MoneyRoundingMode.HalfAwayFromZero, d.Trace.Rounding);
        Assert.Equal(2, d.Trace.MinorUnits);
    }

    [Fact]
    public void Unknown_currency_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FeeTerms(1m, "XYZ"));
    }

    [Fact]
    public void Per_breach_credit_counts_each_breached_incident_and_is_capped()
    {
        var d = CreditCalculator.PerBreach(5m, 5, new FeeTerms(1000m, "USD"), new CreditLimits(CapPercentOfFee: 20m), Nov);
        Assert.Equal(25m, d.PercentOfFee);
        Assert.Equal(200m, d.Amount);
    }

    [Fact]
    public void Multiplier_credit_is_prorated_exactly_on_elapsed_time()
    {
        // Slack: 10x the fee for the down period. 90 minutes of a 43,200-minute month at $4,320/month = $9 paid; x10 = $90.
        var d = CreditCalculator.Multiplier(10m, 90m * NodaConstants.TicksPerMinute, new FeeTerms(4320m, "USD"), CreditLimits.None, Nov);
        Assert.Equal(90m, d.ExactAmount);
        Assert.Equal(90.00m, d.Amount);
    }

    [Fact]
    public void Contract_year_cap_is_applied_chronologically_across_commitments()
    {
        var z = DateTimeZone.Utc;
        var entries = new[]
        {
            new ContractYearCap.Entry("success", 1, WindowCalendar.Month(z, 2026, 3), 400m),
            new ContractYearCap.Entry("availability", 0, WindowCalendar.Month(z, 2026, 3), 500m),
            new ContractYearCap.Entry("availability", 0, WindowCalendar.Month(z, 2026, 1), 300.005m),
        };
        var granted = ContractYearCap.Apply(entries, 1000m, "USD", MoneyRoundingMode.HalfAwayFromZero);
        Assert.Equal(["availability", "availability", "success"], granted.Select(g => g.Entry.Commitment));
        Assert.Equal([300.005m, 500m, 199.995m], granted.Select(g => g.ExactAmount));
        Assert.Equal([300.01m, 500m, 200.00m], granted.Select(g => g.Amount));
        Assert.NotNull(granted[2].Cap);
    }

    [Fact]
    public void Claim_deadlines_are_local_dates()
    {
        var ny = DateTimeZoneProviders.Tzdb["America/New_York"];
        var nov = WindowCalendar.Month(ny, 2026, 11);
        // "within 30 days after the month ends": Dec 1..Dec 30; expires at local midnight starting Dec 31.
        var d = ClaimDeadlines.DaysAfterWindowEnd(nov, 30);
        Assert.Equal(new LocalDate(2026, 12, 30), d.LastDay);
        Assert.Equal(Instant.FromUtc(2026, 12, 31, 5, 0), d.Expires);
        // AWS: by the end of the second billing cycle after the incident's cycle (anchor 1 = calendar months): January.
        var aws = ClaimDeadlines.EndOfFollowingBillingCycle(nov, 1, 2);
        Assert.Equal(new LocalDate(2027, 1, 31), aws.LastDay);
    }
}
