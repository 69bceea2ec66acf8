using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Benchmarks.Evaluation;

/// <summary>
/// One month of availability for 10,000 services with 1,000,000 generated incidents (100 per service): qualify and
/// weight, union, minimum period, a customer-cause exclusion and a capped maintenance exclusion, tiered credits with a
/// cap, rounding. Data generation and grouping by service (the loader's job) happen in GlobalSetup, outside the timing.
/// Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*AvailabilityKernel*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class AvailabilityKernelBenchmarks
{
    private const int Services = 10_000;
    private const int IncidentsPerService = 100;

    private CalendarWindow _window = null!;
    private Instant _asOf;
    private Incident[][] _incidents = null!;
    private TimeExclusion[][] _exclusions = null!;
    private DowntimeCommitment _commitment = null!;
    private FeeTerms _fee = null!;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        _window = WindowCalendar.Month(zone, 2026, 11);
        _asOf = _window.End + Duration.FromDays(1);
        var rng = new Random(20261101);
        var windowSeconds = (int)_window.Length.TotalSeconds;
        _incidents = new Incident[Services][];
        _exclusions = new TimeExclusion[Services][];
        for (var s = 0; s < Services; s++)
        {
            var service = $"svc-{s:D5}";
            var list = new Incident[IncidentsPerService];
            for (var k = 0; k < IncidentsPerService; k++)
            {
                // Starts across the month plus a day either side (window crossings); lengths from sub-minute blips to hours.
                var start = _window.Start + Duration.FromSeconds(rng.Next(-86_400, windowSeconds + 86_400));
                var length = rng.Next(4) == 0 ? rng.Next(1, 60) : rng.Next(60, 4 * 3600);
                var impact = rng.Next(5) == 0 ? Impact.Degraded : Impact.Outage;
                var cause = rng.Next(20) == 0 ? "customer" : null;
                list[k] = new Incident($"{service}-{k}", service, 1 + rng.Next(3), impact, start, start + Duration.FromSeconds(length), cause);
            }
            _incidents[s] = list;
            var maintenance = new Maintenance[2];
            for (var m = 0; m < 2; m++)
            {
                var ms = _window.Start + Duration.FromSeconds(rng.Next(0, windowSeconds - 4 * 3600));
                maintenance[m] = new Maintenance($"{service}-mw{m}", ms - Duration.FromDays(4), ms, ms + Duration.FromHours(3), [service]);
            }
            _exclusions[s] = [TimeExclusion.FromMaintenance("4.2 maintenance", maintenance, service, x => x.Notice >= Duration.FromHours(72), Duration.FromHours(4))];
        }
        _commitment = new DowntimeCommitment("availability", "3.1", ValueCondition.AtLeast(99.9m),
            i => i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, _ => 0m },
            Duration.FromMinutes(1),
            [new IncidentExclusion("4.3 customer", i => i.Cause == "customer")],
            ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow,
            new TieredCredits([
                new CreditTier("10%", ValueCondition.Below(99.9m), 10m),
                new CreditTier("25%", ValueCondition.Below(99.0m), 25m),
                new CreditTier("100%", ValueCondition.Below(95.0m), 100m),
            ], false, new CreditLimits(CapPercentOfFee: 50m)),
            warnAtBudgetPercent: 75m);
        _fee = new FeeTerms(1000.00m, "USD");
    }

    private decimal Run(TraceDetail detail)
    {
        var evaluator = new DowntimeEvaluator();
        decimal credits = 0;
        for (var s = 0; s < Services; s++)
        {
            var r = evaluator.Evaluate(_commitment, _window, _asOf, _incidents[s], _exclusions[s], null, _fee, detail);
            credits += r.Credit!.Amount;
        }
        return credits;
    }

    /// <summary>Totals, exclusions, denominator and credit in the trace (what a statement needs).</summary>
    [Benchmark(Baseline = true)]
    public decimal MonthForAllServices_SummaryTrace() => Run(TraceDetail.Summary);

    /// <summary>Plus every counted incident and merged period in the trace (what `sla explain` shows).</summary>
    [Benchmark]
    public decimal MonthForAllServices_FullTrace() => Run(TraceDetail.Full);
}
