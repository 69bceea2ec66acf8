using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// Metamorphic properties: windows tile time, so the months of a quarter add up to the quarter (the minimum-period rule
/// judges periods on all data, so it does not break additivity); and the input order of incidents never matters.
/// </summary>
public sealed class WindowAdditivityProperties
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static readonly DowntimeCommitment Commitment = new("availability", null, ValueCondition.AtLeast(99.9m),
        i => i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, _ => 0m },
        Duration.FromMinutes(5), [], ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);

    private static Gen<Incident[]> IncidentsAround(CalendarWindow q) =>
        (from startMin in Gen.Long[-2000, (long)q.Length.TotalMinutes + 2000]
         from lenSec in Gen.Frequency((1, Gen.Long[1, 400]), (2, Gen.Long[60, 3 * 86_400]))
         from degraded in Gen.Bool
         select (startMin, lenSec, degraded)).Array[0, 40]
        .Select(xs => xs.Select((x, k) => new Incident($"I-{k}", "api", 1, x.degraded ? Impact.Degraded : Impact.Outage,
            q.Start + Duration.FromMinutes(x.startMin), q.Start + Duration.FromMinutes(x.startMin) + Duration.FromSeconds(x.lenSec))).ToArray());

    [Fact]
    public void Months_of_a_quarter_add_up_to_the_quarter_across_DST()
    {
        var q = WindowCalendar.Quarter(NewYork, 2026, 4); // contains the November fall-back
        var months = new[] { 10, 11, 12 }.Select(m => WindowCalendar.Month(NewYork, 2026, m)).ToArray();
        IncidentsAround(q).Sample(incidents =>
        {
            var ev = new DowntimeEvaluator();
            var asOf = q.End + Duration.FromDays(10);
            var whole = ev.Evaluate(Commitment, q, asOf, incidents, []);
            var parts = months.Select(m => ev.Evaluate(Commitment, m, asOf, incidents, [])).ToArray();
            Assert.Equal(whole.DowntimeSeconds, parts.Sum(p => p.DowntimeSeconds));
            Assert.Equal(whole.MeasuredSeconds, parts.Sum(p => p.MeasuredSeconds));
        }, iter: 150);
    }

    [Fact]
    public void Incident_order_does_not_matter()
    {
        var nov = WindowCalendar.Month(NewYork, 2026, 11);
        Gen.Select(IncidentsAround(nov), Gen.Int).Sample((incidents, seed) =>
        {
            var shuffled = incidents.ToArray();
            new Random(seed).Shuffle(shuffled);
            var a = new DowntimeEvaluator().Evaluate(Commitment, nov, nov.End, incidents, []);
            var b = new DowntimeEvaluator().Evaluate(Commitment, nov, nov.End, shuffled, []);
            Assert.Equal(a.DowntimeSeconds, b.DowntimeSeconds);
            Assert.Equal(TraceJson.Serialize(a.Trace), TraceJson.Serialize(b.Trace));
        }, iter: 150);
    }
}
