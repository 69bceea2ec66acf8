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
}
