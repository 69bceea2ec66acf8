using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// An exclusion cap per a period longer than the window (<c>at most 10 hours per year</c> on a quarterly SLA):
/// <see cref="LongerPeriodCaps.RemainingFor"/> per window must agree with <see cref="NaiveDowntimeOracle"/> consuming the
/// cap chronologically over the whole period. The oracle's downtime over [period start, window end) minus over
/// [period start, window start) is the window's downtime (cap use and downtime are per unit, so prefixes add up).
/// </summary>
public sealed class LongerPeriodCapProperties
{
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;
    private static readonly CalendarWindow[] Months = [WindowCalendar.Month(Utc, 2026, 1), WindowCalendar.Month(Utc, 2026, 2), WindowCalendar.Month(Utc, 2026, 3)];
    private static readonly Instant PeriodStart = Months[0].Start;
    private static readonly long PeriodMinutes = (long)(Months[2].End - PeriodStart).TotalMinutes;

    private sealed record Case(OracleIncident[] Incidents, (long Start, long End)[] Maintenance, long CapMinutes, long MinimumMinutes)
    {
        public override string ToString() =>
            $"cap={CapMinutes} min={MinimumMinutes} incidents: {string.Join("; ", Incidents.Select(i => $"[{i.Start},{i.End})"))} maintenance: {string.Join("; ", Maintenance.Select(m => $"[{m.Start},{m.End})"))}";
    }

    private static readonly Gen<Case> Cases =
        from incidents in (from s in Gen.Long[-100, PeriodMinutes + 100] from l in Gen.Long[0, 4000] select new OracleIncident("", s, s + l, 100, false)).Array[0, 6]
        from maintenance in (from s in Gen.Long[-100, PeriodMinutes] from l in Gen.Long[0, 3000] select (s, s + l)).Array[0, 5]
        from cap in Gen.Long[0, 5000]
        from minimum in Gen.OneOf(0L, 0L, 30L)
        select new Case(incidents.Select((i, k) => i with { Id = $"I{k}" }).ToArray(), maintenance, cap, minimum);

    [Fact]
    public void A_cap_per_quarter_on_monthly_windows_agrees_with_the_oracle_over_the_quarter()
    {
        Cases.Sample(c =>
        {
            Instant At(long minute) => PeriodStart + Duration.FromMinutes(minute);
            var incidents = c.Incidents.Select(i => new Incident(i.Id, "api", 1, Impact.Outage, At(i.Start), At(i.End!.Value))).ToList();
            var commitment = new DowntimeCommitment("a", null, ValueCondition.AtLeast(99m), i => 1m, Duration.FromMinutes(c.MinimumMinutes), [],
                ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
            var clause = new TimeExclusion("3.2", ExclusionKind.Maintenance, c.Maintenance.Select(m => At(m.Start).ToUnixTimeTicks()).ToArray(),
                c.Maintenance.Select(m => At(m.End).ToUnixTimeTicks()).ToArray(), null);
            var oracleExclusion = new OracleExclusion("3.2", c.Maintenance.ToList(), c.CapMinutes);
            var asOf = At(PeriodMinutes + 10_000);
            foreach (var window in Months)
            {
                var exclusion = LongerPeriodCaps.RemainingFor(clause, Duration.FromMinutes(c.CapMinutes), PeriodStart, window);
                var result = new DowntimeEvaluator().Evaluate(commitment, window, asOf, incidents, [exclusion]);
                var from = (long)(window.Start - PeriodStart).TotalMinutes;
                var to = (long)(window.End - PeriodStart).TotalMinutes;
                var upToEnd = NaiveDowntimeOracle.Evaluate(0, to, PeriodMinutes + 10_000, c.Incidents, c.MinimumMinutes, [oracleExclusion], false, null);
                var upToStart = NaiveDowntimeOracle.Evaluate(0, from, PeriodMinutes + 10_000, c.Incidents, c.MinimumMinutes, [oracleExclusion], false, null);
                Assert.Equal((upToEnd.Downtime100Units - upToStart.Downtime100Units) * 60m / 100m, result.DowntimeSeconds);
            }
        }, iter: 60);
    }
}
