using System.Numerics;
using NodaTime;
using SlaKpiDsl.Compiler.Tests.Emit;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Tests.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Properties;

/// <summary>
/// The example contracts' request-defined, averaged, deployed-time and request-KPI results on examples/data agree with
/// brute force: down minutes judged slice by slice and walked minute by minute through
/// <see cref="NaiveDowntimeOracle"/>, interval error rates summed as exact fractions, percentiles found by counting
/// requests one by one. The oracle reads the contracts' numbers as written here, never the generated code.
/// </summary>
public sealed class ExampleOracleAgreementTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 9, 1, 0, 0);
    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 6, 0);
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static long Minutes(Instant t) => (long)(t - Origin).TotalMinutes;

    private static (long Start, long End) UtcWindow(string period) => period switch
    {
        "2026-10" => (Minutes(Instant.FromUtc(2026, 10, 1, 0, 0)), Minutes(Instant.FromUtc(2026, 11, 1, 0, 0))),
        "2026-11" => (Minutes(Instant.FromUtc(2026, 11, 1, 0, 0)), Minutes(Instant.FromUtc(2026, 12, 1, 0, 0))),
        "2026-Q4" => (Minutes(Instant.FromUtc(2026, 10, 1, 0, 0)), Minutes(Instant.FromUtc(2027, 1, 1, 0, 0))),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    /// <summary>Every slice of the service whose own error rate is above 5% is a down stretch of its length.</summary>
    private static List<OracleIncident> DownSlices(string service) =>
        ExampleAvailabilityTests.Data.Requests.Where(s => s.Service == service && s.Bad * 100 > 5 * s.Total)
            .Select(s => new OracleIncident($"{service}@{s.Start}", Minutes(s.Start), Minutes(s.Start + s.Length), 100, false)).ToList();

    private static void AssertAgrees(CommitmentResult result, NaiveDowntimeOracle.Outcome oracle, long targetTimes1000)
    {
        Assert.Equal(oracle.Downtime100Units * 60m / 100m, result.DowntimeSeconds);
        Assert.Equal(oracle.MeasuredUnits * 60m, result.MeasuredSeconds);
        Assert.Equal(NaiveDowntimeOracle.AtLeast(oracle, targetTimes1000) ? Verdict.Met : Verdict.Breached, result.Verdict);
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    public void Atlassian_down_minutes_agree_with_the_oracle(string period)
    {
        var (start, end) = UtcWindow(period);
        var oracle = NaiveDowntimeOracle.Evaluate(start, end, Minutes(AsOf), DownSlices("jira"), 0, [], false, null);
        AssertAgrees(ExampleAvailabilityTests.Outcome("Atlassian Cloud - Premium", "uptime", ExampleAvailabilityTests.Period(period)).Result!, oracle, 99_900);
    }

    [Fact]
    public void GitHub_down_minutes_minus_customer_incident_time_agree_with_the_oracle()
    {
        var (start, end) = UtcWindow("2026-Q4");
        string[] causes = ["customer", "customer-connectivity", "force-majeure", "customer-equipment"];
        var customer = ExampleAvailabilityTests.Data.Incidents.Where(i => i.Service == "github" && i.Cause is { } c && causes.Contains(c))
            .Select(i => (Minutes(i.Started), Minutes(i.Resolved ?? AsOf))).ToList();
        Assert.NotEmpty(customer);
        var oracle = NaiveDowntimeOracle.Evaluate(start, end, Minutes(AsOf), DownSlices("github"), 0, [new OracleExclusion("customer", customer, null)], false, null);
        AssertAgrees(ExampleAvailabilityTests.Outcome("GitHub Enterprise Cloud", "uptime", ExampleAvailabilityTests.Period("2026-Q4")).Result!, oracle, 99_900);
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    public void VM_deployed_time_with_the_capped_sunday_exclusion_agrees_with_the_oracle(string period)
    {
        var (start, end) = UtcWindow(period);
        var data = ExampleAvailabilityTests.Data;
        var incidents = data.Incidents.Where(i => i.Service == "vms" && i.Impact == Impact.Outage)
            .Select(i => new OracleIncident(i.Id, Minutes(i.Started), i.Resolved is { } r ? Minutes(r) : null, 100, false)).ToList();
        var deployments = data.Deployments.Where(d => d.Service == "vms")
            .Select(d => (Minutes(d.Start), d.End is { } e ? Minutes(e) : (long?)null)).ToList();
        static bool SundayMorning(long minute) =>
            (Origin + Duration.FromMinutes(minute)).InUtc() is var t && t.DayOfWeek == IsoDayOfWeek.Sunday && t.Hour is >= 2 and < 6;
        var oracle = NaiveDowntimeOracle.Evaluate(start, end, Minutes(AsOf), incidents, 0,
            [new OracleExclusion("sunday", [], 240, SundayMorning)], true, deployments);
        AssertAgrees(ExampleAvailabilityTests.Outcome("Object Storage and VMs", "vm-uptime", ExampleAvailabilityTests.Period(period)).Result!, oracle, 99_990);
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    public void Storage_average_of_interval_error_rates_agrees_with_exact_fractions(string period)
    {
        var (start, end) = UtcWindow(period);
        var slices = ExampleAvailabilityTests.Data.Requests.Where(s => s.Service == "storage").ToList();
        // sum of rates as one fraction: each 5-minute interval pools the slices that start in it; empty intervals are 0%
        BigInteger num = 0, den = 1;
        var intervals = 0;
        for (var k = start; k < end; k += 5, intervals++)
        {
            long total = 0, bad = 0;
            foreach (var s in slices)
                if (Minutes(s.Start) >= k && Minutes(s.Start) < k + 5) { total += s.Total; bad += s.Bad; }
            if (total == 0) continue;
            (num, den) = (num * total + bad * den, den * total);
        }
        // availability = (intervals - sum) / intervals, against the compiled value's exact decimal ratio (the example's
        // interval rates, 50%, 64% and 100%, are exact decimals, so the kernel's one division per interval is exact too)
        var result = ExampleAvailabilityTests.Outcome("Object Storage and VMs", "storage-uptime", ExampleAvailabilityTests.Period(period)).Result!;
        var (n, d) = (Fraction(result.Measured!.Value.Numerator), Fraction(result.Measured.Value.Denominator));
        Assert.Equal((intervals * den - num) * d.Num * n.Den, n.Num * d.Den * intervals * den);
        Assert.Equal((intervals * den - num) * 1000 >= 999 * intervals * den ? Verdict.Met : Verdict.Breached, result.Verdict);
    }

    private static (BigInteger Num, BigInteger Den) Fraction(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        if (value < 0) mantissa = -mantissa;
        return (mantissa, BigInteger.Pow(10, (bits[3] >> 16) & 0xFF));
    }

    private static (Instant Start, Instant End) NewYorkMonth(string period)
    {
        var month = int.Parse(period[5..], System.Globalization.CultureInfo.InvariantCulture);
        return (NewYork.AtStartOfDay(new LocalDate(2026, month, 1)).ToInstant(), NewYork.AtStartOfDay(new LocalDate(2026, month + 1, 1)).ToInstant());
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    public void Checkout_p95_agrees_with_counting_requests_one_by_one(string period)
    {
        var (start, end) = NewYorkMonth(period);
        var slices = ExampleAvailabilityTests.Data.Requests.Where(s => s.Service == "checkout" && s.Start >= start && s.Start < end).ToList();
        var bounds = slices[0].Histogram!.UpperBoundsMs;
        var counts = new long[bounds.Length + 1];
        foreach (var s in slices)
            for (var b = 0; b < counts.Length; b++) counts[b] += s.Histogram!.Counts[b];
        var n = counts.Sum();
        var rank = (95 * n + 99) / 100;
        long seen = 0;
        var bucket = 0;
        for (var r = 1L; r <= rank; r++)
        {
            while (seen + counts[bucket] < r) seen += counts[bucket++];
        }
        var result = ExampleAvailabilityTests.Kpi("Shopfront - Checkout Platform", "page-load", ExampleAvailabilityTests.Period(period)).Outcome.Result!;
        Assert.True(bucket < bounds.Length, "the example's p95 is never in the overflow bucket");
        Assert.Equal(0, result.Measured!.Value.CompareValue(bounds[bucket]));
        Assert.Equal(bounds[bucket] <= 2000 ? Verdict.Met : Verdict.Breached, result.Verdict);
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    public void Payment_success_agrees_with_summing_the_new_york_months_slices(string period)
    {
        var (start, end) = NewYorkMonth(period);
        var slices = ExampleAvailabilityTests.Data.Requests.Where(s => s.Service == "payments" && s.Start >= start && s.Start < end).ToList();
        var (good, total) = (slices.Sum(s => s.Good), slices.Sum(s => s.Total));
        var result = ExampleAvailabilityTests.Kpi("Shopfront - Checkout Platform", "payment-success", ExampleAvailabilityTests.Period(period)).Outcome.Result!;
        Assert.Equal(good * result.Measured!.Value.Denominator, total * result.Measured.Value.Numerator);
        Assert.Equal(good * 1000 > 995 * total ? Verdict.Met : Verdict.Breached, result.Verdict);
    }
}
