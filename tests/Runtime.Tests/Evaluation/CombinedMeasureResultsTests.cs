using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>How several guarantees combine, and the KPI judged on an SLA's measurement (docs/semantics.md, section 4a).</summary>
public sealed class CombinedMeasureResultsTests
{
    private static readonly CalendarWindow November = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 0, 0);
    private static readonly FeeTerms Fee = new(1000.00m, "USD");
    private static readonly TieredCredits AnyBreach = new([new CreditTier("any guarantee is breached", ValueCondition.AtLeast(1m, ValueUnit.Plain), 10m)], false, CreditLimits.None);

    private static CommitmentResult Guarantee(ExactRatio? value) =>
        MeasureResults.ForValue("sla", "1", "success rate", November, AsOf, value, ValueCondition.AtLeast(99m));

    [Theory]
    [InlineData(true, true, Verdict.Met, 0, "0.00")]
    [InlineData(true, false, Verdict.Breached, 1, "100.00")]
    [InlineData(false, false, Verdict.Breached, 2, "100.00")] // two breaches still credit 10% once
    [InlineData(true, null, Verdict.NotMeasurable, 0, null)]
    [InlineData(false, null, Verdict.Breached, 1, "100.00")]  // a breach is established even with one guarantee unmeasured
    public void Several_guarantees_combine_breach_first_then_not_measurable(bool firstMet, bool? secondMet, Verdict expected, int breaches, string? credit)
    {
        ExactRatio? Value(bool? met) => met switch { true => new ExactRatio(995, 1000), false => new ExactRatio(980, 1000), null => null };
        var result = MeasureResults.ForGuarantees("sla", "1", November, AsOf, [Guarantee(Value(firstMet)), Guarantee(Value(secondMet))], AnyBreach, Fee);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(ExactRatio.Of(breaches), result.Measured);
        Assert.Equal(credit, result.Credit?.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_kpi_on_an_sla_takes_its_value_and_drops_credit_and_budget()
    {
        var slaResult = MeasureResults.ForSuccessRate("success", "4.1", November, AsOf,
            [new RequestSlice("api", November.Start, Duration.FromMinutes(5), 10_000, 9_995)], [], ValueCondition.AtLeast(99.9m),
            new TieredCredits([new CreditTier("below 99.9%", ValueCondition.Below(99.9m), 10m)], false, CreditLimits.None), Fee);
        Assert.NotNull(slaResult.Credit);
        var outcome = MeasureResults.ForKpiOnCommitment("buffer", null, "success rate", CommitmentOutcome.Evaluated(slaResult), 0, r => r.Measured, ValueCondition.AtLeast(99.99m));
        var kpi = outcome.Result!;
        Assert.Equal(new ExactRatio(9_995, 10_000), kpi.Measured);
        Assert.Equal(Verdict.Breached, kpi.Verdict);  // 99.95% < 99.99% while the SLA (>= 99.9%) is met
        Assert.Equal(Verdict.Met, slaResult.Verdict);
        Assert.Null(kpi.Credit);
        Assert.Null(kpi.RequestBudget);
        Assert.Equal("buffer", kpi.Trace.Commitment);
    }

    [Fact]
    public void A_kpi_on_an_unevaluated_sla_says_why()
    {
        var sla = CommitmentOutcome.NotSupported("uptime", null, "error-rate downtime");
        var outcome = MeasureResults.ForKpiOnCommitment("buffer", null, "availability", sla, 0, r => r.Measured, ValueCondition.AtLeast(99.99m));
        Assert.Equal(OutcomeKind.NotYetSupported, outcome.Kind);
        Assert.Equal("sla uptime: not yet supported: error-rate downtime", outcome.Reason);
    }

    [Fact]
    public void Histogram_overflow_breaches_an_upper_bound_and_meets_a_lower_one_above_the_last_bound()
    {
        var slice = new RequestSlice("api", November.Start, Duration.FromMinutes(5), 10, 10, new LatencyHistogram([100, 500], [0, 0, 10]));
        var atMost = MeasureResults.ForHistogramPercentile("lat", null, November, AsOf, [slice], [], 95, ValueCondition.AtMost(5000m, ValueUnit.Plain));
        Assert.Equal(Verdict.Breached, atMost.Verdict); // above 500 ms, maybe above 5000: not provably met
        Assert.Equal(ExactRatio.Of(500), atMost.Measured);
        var atLeast = MeasureResults.ForHistogramPercentile("lat", null, November, AsOf, [slice], [], 95, ValueCondition.AtLeast(400m, ValueUnit.Plain));
        Assert.Equal(Verdict.Met, atLeast.Verdict);
    }

    [Fact]
    public void Histograms_of_two_services_with_other_bounds_give_no_value_instead_of_an_internal_error()
    {
        // Each service's file rows share bounds (the loader checks), but a measure over api and web meets two layouts.
        var api = new RequestSlice("api", November.Start, Duration.FromMinutes(5), 10, 10, new LatencyHistogram([100, 500], [10, 0, 0]));
        var web = new RequestSlice("web", November.Start, Duration.FromMinutes(5), 10, 10, new LatencyHistogram([50, 300], [10, 0, 0]));
        var result = MeasureResults.ForHistogramPercentile("lat", null, November, AsOf, [api, web], [], 95, ValueCondition.AtMost(500m, ValueUnit.Plain));
        Assert.Equal(Verdict.NotMeasurable, result.Verdict);
        Assert.Null(result.Measured);
        Assert.Contains(result.Warnings, w => w is HistogramBoundsDiffer);
    }

    [Fact]
    public void Count_trend_is_this_window_minus_the_previous()
    {
        Incident At(int month, int day) => new($"I{month}-{day}", "api", 1, Impact.Outage, Instant.FromUtc(2026, month, day, 12, 0), Instant.FromUtc(2026, month, day, 13, 0));
        ImmutableArray<Incident> incidents = [At(10, 1), At(10, 2), At(10, 3), At(11, 5)];
        var result = MeasureResults.ForCountTrend("volume", null, WindowCalendar.Previous(November), November, AsOf, incidents, _ => true, ValueCondition.Below(0m, ValueUnit.Plain));
        Assert.Equal(ExactRatio.Of(-2), result.Measured); // 1 in November, 3 in October
        Assert.Equal(Verdict.Met, result.Verdict);
    }
}
