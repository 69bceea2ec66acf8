using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// Several downtime definitions (GitHub: a minute above 5% errors, or an outage found by monitoring): the evaluator given
/// incidents and the request-defined down runs (<c>alsoDown</c>) agrees exactly with a brute-force reading: mark each
/// minute down by the error-rate rule (runs of n or more, only slices known at as-of), treat those minutes as full-weight
/// downtime beside the incidents, and walk the window minute by minute (<see cref="NaiveDowntimeOracle"/>).
/// </summary>
public sealed class AnyOfDowntimeOracleProperties
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    [Fact]
    public void Any_of_incidents_and_error_rate_minutes_agrees_with_a_minute_oracle()
    {
        var minutes = (from bad in Gen.Frequency((3, Gen.Const(false)), (2, Gen.Const(true))) from present in Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false)))
                       select (bad, present)).Array[0, 400];
        var incident = from start in Gen.Long[-30, 420] from length in Gen.Long[0, 90] from open in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
                       from weight in Gen.OneOf(100, 50) from customer in Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true)))
                       select new OracleIncident("", start, open ? null : start + length, weight, customer);
        var gen = from w in Gen.Long[1, 400]
                  from data in minutes
                  from incidents in incident.Array[0, 6]
                  from n in Gen.Int[1, 6]
                  from asOf in Gen.Frequency((3, Gen.Long[w, w + 60]), (1, Gen.Long[0, w]))
                  from minimum in Gen.OneOf(0L, 0L, 3L, 12L)
                  select (w, data, incidents.Select((i, k) => i with { Id = $"INC-{k}" }).ToArray(), n, asOf, minimum);
        gen.Sample((w, data, incidents, n, asOf, minimum) =>
        {
            var origin = Instant.FromUtc(2026, 11, 1, 0, 0);
            Instant At(long u) => origin + Minute * u;
            var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), origin, At(w));

            // Implementation: minute slices (6% or 0% errors), down runs as evidence, incidents through the commitment.
            var slices = new List<RequestSlice>();
            for (var k = 0; k < data.Length; k++)
                if (data[k].present) slices.Add(new RequestSlice("api", At(k), Minute, 1000, data[k].bad ? 940 : 1000, null));
            var runs = RequestMetrics.DownRuns(slices, 5m, 0, n, asOf: At(asOf));
            var records = incidents.Select(i => new Incident(i.Id, "api", 1, i.Weight100 == 100 ? Impact.Outage : Impact.Degraded,
                At(i.Start), i.End is { } e ? At(e) : null, cause: i.CustomerCaused ? "customer" : null)).ToList();
            var commitment = new DowntimeCommitment("uptime", "1", ValueCondition.AtLeast(99.9m),
                i => i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, _ => 0m }, Minute * minimum,
                [new IncidentExclusion("customer", i => i.Cause == "customer")],
                ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
            var result = new DowntimeEvaluator().Evaluate(commitment, window, At(asOf), records, [], alsoDown: runs);

            // Oracle: a minute is down by the error-rate rule when it is known (starts before as-of), present and bad, and
            // lies in a run of n or more such minutes; those minutes join the incidents at full weight.
            var down = new bool[data.Length];
            for (var k = 0; k < data.Length; k++) down[k] = k < asOf && data[k].present && data[k].bad;
            var all = incidents.ToList();
            for (var k = 0; k < down.Length;)
            {
                if (!down[k]) { k++; continue; }
                var j = k;
                while (j < down.Length && down[j]) j++;
                if (j - k >= n) all.Add(new OracleIncident($"RUN-{k}", k, j, 100, false));
                k = j;
            }
            var oracle = NaiveDowntimeOracle.Evaluate(0, w, asOf, all, minimum, [], false, null);
            Assert.Equal(oracle.Downtime100Units * 60m / 100m, result.DowntimeSeconds);
            Assert.Equal(oracle.MeasuredUnits * 60m, result.MeasuredSeconds);
            Assert.Equal(NaiveDowntimeOracle.AtLeast(oracle, 99_900) ? Verdict.Met : Verdict.Breached, result.Verdict);
        }, iter: 600);
    }
}
