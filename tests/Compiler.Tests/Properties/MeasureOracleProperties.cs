using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Properties;

/// <summary>
/// The compiled evaluator against brute force on generated data: the success rate summed slice by slice, and the share
/// of incidents responded within 30 business minutes counted minute by minute in local time (Berlin, March 2026: the
/// clocks jump forward on Sunday the 29th; Monday the 30th is a holiday).
/// </summary>
public sealed class MeasureOracleProperties
{
    private const string Contract = """
        contract "Property" {
          time zone "Europe/Berlin"
          service api "API"
          service web "Web"
          holidays h "Holidays" {
            holiday 2026-03-30 "A holiday"
          }
          sla success "Success" {
            guarantee success rate of api requests at least 99% per calendar month
          }
          sla clocks "Response share" {
            guarantee response to severity 1-2 incidents on api within 30 minutes, 90% of incidents, per calendar month
            response clock runs from started to responded during business hours Mon-Fri 09:00-17:00 except holidays h
          }
        }
        """;

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly Instant WindowStart = Berlin.AtStartOfDay(new LocalDate(2026, 3, 1)).ToInstant();
    private static readonly Instant WindowEnd = Berlin.AtStartOfDay(new LocalDate(2026, 4, 1)).ToInstant();

    private static readonly Lazy<ICompiledContract> Evaluator = new(() =>
    {
        var check = ContractChecker.Check(new SourceText("property.sla", Contract));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        return compiled.Contracts[0];
    });

    private static bool SameValue(ExactRatio? a, ExactRatio? b) =>
        (a, b) is (null, null) || (a is { } x && b is { } y && x.Numerator * y.Denominator == y.Numerator * x.Denominator);

    // Slices every 5 minutes from two days before the window to two days after it, some on another service.
    private static readonly Gen<RequestSlice> Slices =
        from k in Gen.Int[-576, 32 * 288]
        from web in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from total in Gen.Frequency((1, Gen.Const(0L)), (6, Gen.Long[1, 5000]))
        from badShare in Gen.Int[0, 100]
        select new RequestSlice(web ? "web" : "api", WindowStart + Duration.FromMinutes(5L * k), Duration.FromMinutes(5), total, total - total * badShare / 1000);

    [Fact]
    public void Compiled_success_rate_equals_the_sum_over_the_windows_slices()
    {
        Gen.Select(Slices.Array[0, 40], Gen.Int[0, 3]).Sample((slices, _) =>
        {
            var input = new EvaluationInput(new EvaluationPeriod(2026, month: 3), WindowEnd, [], [], [], [.. slices], []);
            var result = Evaluator.Value.Evaluate(input).Slas[0].Result!;
            long good = 0, total = 0;
            foreach (var s in slices)
                if (s.Service == "api" && s.Start >= WindowStart && s.Start < WindowEnd) { good += s.Good; total += s.Total; }
            ExactRatio? expected = total == 0 ? null : new ExactRatio(good, total);
            return SameValue(expected, result.Measured)
                && result.Verdict == (expected is not { } e ? Verdict.NotMeasurable : e.ComparePercent(99m) >= 0 ? Verdict.Met : Verdict.Breached);
        }, iter: 300);
    }

    // Incidents on whole minutes around the window; responded 0 minutes to 3 days later, or not (yet).
    private static readonly Gen<Incident> Incidents =
        from id in Gen.Int[1, 1_000_000]
        from startMinute in Gen.Int[-3 * 1440, 34 * 1440]
        from minutesToRespond in Gen.Frequency((3, Gen.Int[0, 120]), (2, Gen.Int[0, 3 * 1440]))
        from responds in Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false)))
        from severity in Gen.Int[1, 3]
        from web in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        let started = WindowStart + Duration.FromMinutes(startMinute)
        select new Incident("I" + id, web ? "web" : "api", severity, Impact.Outage, started, null,
            responded: responds ? started + Duration.FromMinutes(minutesToRespond) : null);

    private static bool BusinessMinute(Instant minute)
    {
        var local = minute.InZone(Berlin).LocalDateTime;
        return local.DayOfWeek <= IsoDayOfWeek.Friday && local.Date != new LocalDate(2026, 3, 30)
            && local.TimeOfDay >= new LocalTime(9, 0) && local.TimeOfDay < new LocalTime(17, 0);
    }

    [Fact]
    public void Compiled_share_of_incidents_within_business_minutes_equals_minute_by_minute_counting()
    {
        Gen.Select(Incidents.Array[0, 12], Gen.Int[0, 31 * 1440]).Sample((incidents, asOfMinute) =>
        {
            var asOf = WindowStart + Duration.FromMinutes(asOfMinute);
            var input = new EvaluationInput(new EvaluationPeriod(2026, month: 3), asOf, [.. incidents.DistinctBy(i => i.Id)], [], [], [], []);
            var result = Evaluator.Value.Evaluate(input).Slas[1].Result!;
            int met = 0, breached = 0;
            foreach (var i in incidents.DistinctBy(i => i.Id))
            {
                if (i.Service != "api" || i.Severity > 2 || i.Started < WindowStart || i.Started >= WindowEnd) continue;
                var stopped = i.Responded is { } r && r <= asOf;
                var end = stopped ? i.Responded!.Value : asOf;
                var minutes = 0;
                for (var t = i.Started; t < end; t += Duration.FromMinutes(1))
                    if (BusinessMinute(t)) minutes++;
                if (minutes > 30) breached++;
                else if (stopped) met++;
            }
            ExactRatio? expected = met + breached == 0 ? null : new ExactRatio(met, met + breached);
            return SameValue(expected, result.Measured);
        }, iter: 150);
    }
}
