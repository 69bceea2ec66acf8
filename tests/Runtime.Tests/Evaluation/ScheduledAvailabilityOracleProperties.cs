using System.Numerics;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// Cloudflare Enterprise: outage minutes weighted by each incident's affected share, over scheduled availability (the
/// window minus the customer's planned downtime), with a credit of 25 times the fee for the down period over that
/// denominator. The evaluator and <see cref="CreditSchedule"/> agree exactly with a brute-force reading: the minute oracle
/// (<see cref="NaiveDowntimeOracle"/>: the largest share active in a minute counts, planned minutes leave downtime and the
/// denominator) and the credit computed as a BigInteger fraction, rounded half away from zero to cents.
/// </summary>
public sealed class ScheduledAvailabilityOracleProperties
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    [Fact]
    public void Affected_share_over_scheduled_availability_and_its_fee_multiple_agree_with_the_oracle()
    {
        var incident = from start in Gen.Long[-30, 600] from length in Gen.Long[0, 120] from share in Gen.Int[1, 100]
                       select new OracleIncident("", start, start + length, share, false);
        var planned = from start in Gen.Long[-30, 600] from length in Gen.Long[0, 300] select (start, start + length);
        var gen = from w in Gen.Long[1, 600]
                  from incidents in incident.Array[0, 8]
                  from plans in planned.Array[0, 3]
                  from fee in Gen.Int[1, 2_000_000]
                  select (w, incidents.Select((i, k) => i with { Id = $"INC-{k}" }).ToArray(), plans, fee);
        gen.Sample((w, incidents, plans, feeCents) =>
        {
            var origin = Instant.FromUtc(2026, 11, 1, 0, 0);
            Instant At(long u) => origin + Minute * u;
            var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), origin, At(w));
            // The share as the data states it (a whole percent here, as a fraction) is the incident's weight.
            var records = incidents.Select(i => new Incident(i.Id, "cdn", 1, Impact.Outage, At(i.Start), At(i.End!.Value)) { AffectedShare = i.Weight100 / 100m }).ToList();
            var commitment = new DowntimeCommitment("availability", "1", ValueCondition.AtLeast(100m), i => 1m * (i.AffectedShare ?? 1m), Duration.Zero, [],
                ExcludedTimeAccounting.RemovedFromMeasuredPeriod, MeasuredPeriodBasis.CalendarWindow);
            var exclusion = new TimeExclusion("customer-planned downtime", ExclusionKind.Maintenance,
                plans.Select(p => At(p.Item1).ToUnixTimeTicks()).ToArray(), plans.Select(p => At(p.Item2).ToUnixTimeTicks()).ToArray(), null);
            var result = new DowntimeEvaluator().Evaluate(commitment, window, At(w + 60), records, [exclusion]);
            var fee = new FeeTerms(feeCents / 100m, "USD");
            var line = new CreditLine("25 x fee for the down period over the measured period", CreditTrigger.ForDownPeriod, null, CreditPaymentKind.FeeMultipleForDownPeriod, 25m) { OverMeasuredPeriod = true };
            var credit = CreditSchedule.Decide([line], false, CreditFacts.Of(result), fee, CreditLimits.None, window);

            var oracle = NaiveDowntimeOracle.Evaluate(0, w, w + 60, incidents, 0,
                [new OracleExclusion("customer-planned downtime", plans.Select(p => (p.Item1, p.Item2)).ToList(), null)], true, null);
            Assert.Equal(oracle.MeasuredUnits * 60m, result.MeasuredSeconds);
            Assert.Equal(oracle.Downtime100Units * 60m / 100m, result.DowntimeSeconds);
            // Credit in cents = 25 x feeCents x (downtime100 / 100) / measured, rounded half away from zero.
            decimal expected = 0m;
            if (oracle.MeasuredUnits > 0 && oracle.Downtime100Units > 0)
            {
                var numerator = new BigInteger(25) * feeCents * oracle.Downtime100Units;
                var denominator = new BigInteger(100) * oracle.MeasuredUnits;
                var cents = BigInteger.DivRem(numerator * 2 + denominator, denominator * 2, out _); // half away from zero (positive)
                expected = (decimal)cents / 100m;
            }
            Assert.Equal(expected, credit.Amount);
        }, iter: 600);
    }

    /// <summary>
    /// Algolia: "Credit = Subscription Price x Outage Period Minutes x Acceleration Ratio / Minutes in the applicable
    /// service month", due only when the month misses its guaranteed uptime (<c>credit 100 times the fee for the down
    /// period when availability below 99.99%</c>). On generated outages and thresholds the credit line agrees with a
    /// brute-force reading: the minute oracle's availability decides whether the line holds (exact rational comparison),
    /// and the amount is the BigInteger fraction 100 x fee x down minutes / window minutes, rounded half away from zero.
    /// </summary>
    [Fact]
    public void A_fee_multiple_with_a_condition_pays_only_when_the_window_misses_the_threshold()
    {
        var incident = from start in Gen.Long[-30, 600] from length in Gen.Long[0, 60]
                       select new OracleIncident("", start, start + length, 100, false);
        var gen = from w in Gen.Long[1, 600]
                  from incidents in incident.Array[0, 6]
                  from thresholdBasisPoints in Gen.Int[9_000, 10_000]
                  from factor in Gen.Int[1, 1_000]
                  from fee in Gen.Int[1, 2_000_000]
                  select (w, incidents.Select((i, k) => i with { Id = $"INC-{k}" }).ToArray(), thresholdBasisPoints, factor, fee);
        gen.Sample((w, incidents, thresholdBasisPoints, factor, feeCents) =>
        {
            var origin = Instant.FromUtc(2026, 11, 1, 0, 0);
            Instant At(long u) => origin + Minute * u;
            var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), origin, At(w));
            var records = incidents.Select(i => new Incident(i.Id, "search", 1, Impact.Outage, At(i.Start), At(i.End!.Value))).ToList();
            var threshold = thresholdBasisPoints / 100m;
            var commitment = new DowntimeCommitment("availability", "1", ValueCondition.AtLeast(threshold), _ => 1m, Duration.Zero, [],
                ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
            var result = new DowntimeEvaluator().Evaluate(commitment, window, At(w + 60), records, []);
            var fee = new FeeTerms(feeCents / 100m, "USD");
            var line = new CreditLine($"availability below {threshold}%", CreditTrigger.MeasuredIn, ValueCondition.Below(threshold), CreditPaymentKind.FeeMultipleForDownPeriod, factor);
            var credit = CreditSchedule.Decide([line], false, CreditFacts.Of(result), fee, CreditLimits.None, window);

            var oracle = NaiveDowntimeOracle.Evaluate(0, w, w + 60, incidents, 0, [], false, null);
            var downMinutes = oracle.Downtime100Units / 100;
            // availability = (w - down) / w < threshold / 100  <=>  100 x 100 x (w - down) < basis points x w
            var holds = new BigInteger(10_000) * (w - downMinutes) < new BigInteger(thresholdBasisPoints) * w;
            decimal expected = 0m;
            if (holds && downMinutes > 0)
            {
                var numerator = new BigInteger(factor) * feeCents * downMinutes;
                var denominator = new BigInteger(w);
                var cents = BigInteger.DivRem(numerator * 2 + denominator, denominator * 2, out _); // half away from zero (positive)
                expected = (decimal)cents / 100m;
            }
            Assert.Equal(oracle.Downtime100Units * 60m / 100m, result.DowntimeSeconds);
            Assert.Equal(expected, credit.Amount);
        }, iter: 600);
    }
}
