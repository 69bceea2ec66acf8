using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// "Down at once in at least N of these zones" (AWS region level): <see cref="AtOnceEvidence"/> and the evaluator agree
/// exactly with a brute-force reading that asks, minute by minute, how many zones have a qualifying incident active
/// (customer-caused ones never qualify, open ones run to as-of), marks the minute down when at least N do, and then walks
/// the window with <see cref="NaiveDowntimeOracle"/> (minimum period, window clipping).
/// </summary>
public sealed class AtOnceDowntimeOracleProperties
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    [Fact]
    public void Zones_down_at_once_agree_with_a_minute_oracle()
    {
        var incident = from zone in Gen.Int[0, 3] from start in Gen.Long[-30, 300] from length in Gen.Long[0, 120]
                       from open in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
                       from customer in Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true)))
                       from impact in Gen.Frequency((5, Gen.Const(Impact.Outage)), (1, Gen.Const(Impact.Degraded)))
                       select (zone, start, end: open ? (long?)null : start + length, customer, impact);
        var gen = from zones in Gen.Int[1, 4]
                  from n in Gen.Int[1, 4]
                  from w in Gen.Long[1, 360]
                  from incidents in incident.Array[0, 12]
                  from asOf in Gen.Frequency((3, Gen.Long[w, w + 60]), (1, Gen.Long[0, w]))
                  from minimum in Gen.OneOf(0L, 0L, 5L)
                  select (zones, Math.Min(n, zones), w, incidents.Where(i => i.zone < zones).ToArray(), asOf, minimum);
        gen.Sample((zones, n, w, incidents, asOf, minimum) =>
        {
            var origin = Instant.FromUtc(2026, 11, 1, 0, 0);
            Instant At(long u) => origin + Minute * u;
            var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), origin, At(w));
            var names = Enumerable.Range(0, zones).Select(z => $"az{z}").ToImmutableArray();
            var records = incidents.Select((i, k) => new Incident($"INC-{k}", names[i.zone], 1, i.impact, At(i.start), i.end is { } e ? At(e) : null,
                cause: i.customer ? "customer" : null)).ToList();
            var commitment = new DowntimeCommitment("region", "1", ValueCondition.AtLeast(99.99m),
                i => names.Contains(i.Service) && i.Impact == Impact.Outage ? 1m : 0m, Minute * minimum,
                [new IncidentExclusion("customer", i => i.Cause == "customer")],
                ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
            var evidence = AtOnceEvidence.FromIncidents(commitment, records, names, n, At(asOf));
            var result = new DowntimeEvaluator().Evaluate(commitment, window, At(asOf), [], [], alsoDown: evidence);

            // Oracle: for each minute, how many zones are down by a qualifying incident?
            var lo = Math.Min(0L, incidents.Select(i => i.start).DefaultIfEmpty(0).Min());
            var hi = Math.Max(w, asOf);
            var runs = new List<OracleIncident>();
            long? runStart = null;
            for (var t = lo; t <= hi; t++)
            {
                var down = t < hi && Enumerable.Range(0, zones).Count(z => incidents.Any(i =>
                    i.zone == z && !i.customer && i.impact == Impact.Outage && i.start <= t && t + 1 <= Math.Min(i.end ?? asOf, asOf))) >= n;
                if (down && runStart is null) runStart = t;
                if (!down && runStart is { } s) { runs.Add(new OracleIncident($"R{s}", s, t, 100, false)); runStart = null; }
            }
            var oracle = NaiveDowntimeOracle.Evaluate(0, w, asOf, runs, minimum, [], false, null);
            Assert.Equal(oracle.Downtime100Units * 60m / 100m, result.DowntimeSeconds);
            Assert.Equal(NaiveDowntimeOracle.AtLeast(oracle, 99_990) ? Verdict.Met : Verdict.Breached, result.Verdict);
            // Every evidence item names at least n zones.
            Assert.All(evidence.Ids, id => Assert.True(id.Split(';')[0].Split(',').Length >= n, id));
        }, iter: 600);
    }

    [Fact]
    public void Changing_pairs_of_zones_are_one_continuous_stretch_in_the_trace()
    {
        // az0 00:00-02:00, az1 01:00-03:00, az2 01:30-10:00; at least 2 at once: 01:00-03:00 = 7,200 s, traced as three
        // stretches (az0+az1, all three, az1+az2) that the evaluator merges into one period.
        var t0 = Instant.FromUtc(2026, 11, 10, 0, 0);
        ImmutableArray<string> zones = ["az0", "az1", "az2"];
        var incidents = new List<Incident>
        {
            new("A", "az0", 1, Impact.Outage, t0, t0 + Duration.FromHours(2)),
            new("B", "az1", 1, Impact.Outage, t0 + Duration.FromHours(1), t0 + Duration.FromHours(3)),
            new("C", "az2", 1, Impact.Outage, t0 + Duration.FromMinutes(90), t0 + Duration.FromHours(10)),
        };
        var commitment = new DowntimeCommitment("region", "1", ValueCondition.AtLeast(99.99m), _ => 1m, Duration.Zero, [],
            ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
        var evidence = AtOnceEvidence.FromIncidents(commitment, incidents, zones, 2, t0 + Duration.FromDays(30));
        Assert.Equal(
        [
            "at once in at least 2 of 3 (az0, az1; az0: A; az1: B)",
            "at once in at least 2 of 3 (az0, az1, az2; az0: A; az1: B; az2: C)",
            "at once in at least 2 of 3 (az1, az2; az1: B; az2: C)",
        ], evidence.Ids);
        var nov = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var result = new DowntimeEvaluator().Evaluate(commitment, nov, nov.End, [], [], alsoDown: evidence);
        Assert.Equal(7200m, result.DowntimeSeconds);
        Assert.Equal(3, result.Trace.Incidents.Length);
        Assert.Single(result.Trace.Periods, p => !p.Dropped);
    }
}
