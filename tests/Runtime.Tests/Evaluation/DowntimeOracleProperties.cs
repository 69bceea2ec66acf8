using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>The downtime kernels agree exactly with <see cref="NaiveDowntimeOracle"/> on generated data.</summary>
public sealed class DowntimeOracleProperties
{
    public sealed record Scenario(
        long WindowUnits,
        long AsOf,
        OracleIncident[] Incidents,
        long MinimumUnits,
        OracleExclusion[] Exclusions,
        bool RemovedFromMeasuredPeriod,
        (long Start, long? End)[]? Deployments)
    {
        public override string ToString() =>
            $"W={WindowUnits} asOf={AsOf} min={MinimumUnits} removed={RemovedFromMeasuredPeriod}\n incidents: " +
            string.Join("; ", Incidents.Select(i => $"{i.Id}[{i.Start},{i.End?.ToString() ?? "open"}) w{i.Weight100}{(i.CustomerCaused ? " customer" : "")}")) +
            "\n exclusions: " + string.Join("; ", Exclusions.Select(x => $"{x.Clause} cap={x.CapUnits?.ToString() ?? "-"}{(x.BeyondCapIsDowntime ? " beyond-is-down" : "")} " + string.Join(",", x.Intervals.Select(v => $"[{v.Start},{v.End})")))) +
            "\n deployments: " + (Deployments is null ? "-" : string.Join(",", Deployments.Select(d => $"[{d.Start},{d.End?.ToString() ?? "open"})")));
    }

    private static Gen<Scenario> ScenarioGen(long windowUnits, int maxIncidents, long maxLength) =>
        from incidents in IncidentGen(windowUnits, maxLength).Array[0, maxIncidents]
        from asOf in Gen.Frequency((4, Gen.Long[windowUnits, windowUnits + 300]), (1, Gen.Long[0, windowUnits]))
        from minimum in Gen.OneOf(0L, 0L, 1L, 2L, 5L, 30L, 61L)
        from exclusions in ExclusionGen(windowUnits, maxLength).Array[0, 2]
        from removed in Gen.Bool
        from deployed in Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true)))
        from deployments in DeploymentGen(windowUnits).Array[1, 3]
        select new Scenario(windowUnits, asOf,
            incidents.Select((i, k) => i with { Id = $"INC-{k}" }).ToArray(),
            minimum,
            exclusions.Select((x, k) => x with { Clause = $"4.{k + 1}" }).ToArray(),
            removed,
            deployed ? deployments : null);

    private static Gen<OracleIncident> IncidentGen(long w, long maxLength) =>
        from start in Gen.Long[-200, w + 200]
        from length in Gen.Frequency((2, Gen.Long[0, 3]), (3, Gen.Long[0, maxLength]))
        from open in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
        from weight in Gen.OneOf(100, 100, 50, 25)
        from customer in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
        select new OracleIncident("", start, open ? null : start + length, weight, customer);

    private static Gen<OracleExclusion> ExclusionGen(long w, long maxLength) =>
        from intervals in (from s in Gen.Long[-100, w + 100] from l in Gen.Long[0, maxLength] select (s, s + l)).Array[0, 4]
        from cap in Gen.Frequency((1, Gen.Const((long?)null)), (2, Gen.Long[0, maxLength].Select(c => (long?)c)))
        from beyondIsDown in Gen.Frequency((2, Gen.Const(false)), (1, Gen.Const(true)))
        select new OracleExclusion("", intervals.Select(v => (v.Item1, v.Item2)).ToList(), cap, null, beyondIsDown);

    private static Gen<(long, long?)> DeploymentGen(long w) =>
        from s in Gen.Long[-50, w]
        from l in Gen.Long[0, w]
        from open in Gen.Bool
        select (s, open ? null : (long?)(s + l));

    private static readonly ImmutableArray<CreditTier> Tiers =
    [
        new("10%", ValueCondition.Below(99.5m), 10m),
        new("25%", ValueCondition.Below(99.0m), 25m),
        new("100%", ValueCondition.Below(95.0m), 100m),
    ];

    /// <summary>Runs the kernels on a scenario in the given window and unit, and checks every number against the oracle.</summary>
    private static void Check(Scenario sc, CalendarWindow window, Duration unit, WeeklyCalendar? timeOfDay = null, Duration? timeOfDayCap = null)
    {
        var origin = window.Start;
        Instant At(long u) => origin + unit * u;
        var incidents = sc.Incidents.Select(i => new Incident(i.Id, "api", 1,
            i.Weight100 switch { 100 => Impact.Outage, 50 => Impact.Degraded, _ => Impact.Partial },
            At(i.Start), i.End is { } e ? At(e) : null, cause: i.CustomerCaused ? "customer" : null)).ToList();
        var exclusions = sc.Exclusions.Select(x => new TimeExclusion(x.Clause, ExclusionKind.Maintenance,
            x.Intervals.Select(v => At(v.Start).ToUnixTimeTicks()).ToArray(),
            x.Intervals.Select(v => At(v.End).ToUnixTimeTicks()).ToArray(),
            x.CapUnits is { } c ? unit * c : null, beyondCapCountsAsDowntime: x.BeyondCapIsDowntime)).ToList();
        var oracleExclusions = sc.Exclusions.ToList();
        if (timeOfDay is not null)
        {
            // Implementation: the calendar materialised as instants. Oracle: ask each unit's local time.
            exclusions.Add(TimeExclusion.FromWeeklyCalendar("4.5 sundays", timeOfDay, window, timeOfDayCap));
            oracleExclusions.Add(new OracleExclusion("4.5 sundays", [], timeOfDayCap is { } tc ? tc.BclCompatibleTicks / unit.BclCompatibleTicks : null,
                u => LocalTimeCovered(timeOfDay, At(u))));
        }
        var deployments = sc.Deployments?.Select((d, k) => new Deployment($"D{k}", "api", At(d.Start), d.End is { } e ? At(e) : null)).ToList();
        var commitment = new DowntimeCommitment("availability", "3.1", ValueCondition.AtLeast(99.5m),
            i => i.Service == "api" ? i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, Impact.Partial => 0.25m, _ => 0m } : 0m,
            unit * sc.MinimumUnits,
            [new IncidentExclusion("4.9", i => i.Cause == "customer")],
            sc.RemovedFromMeasuredPeriod ? ExcludedTimeAccounting.RemovedFromMeasuredPeriod : ExcludedTimeAccounting.CountsAsAvailable,
            deployments is null ? MeasuredPeriodBasis.CalendarWindow : MeasuredPeriodBasis.DeployedTime,
            new TieredCredits(Tiers, false, new CreditLimits(CapPercentOfFee: 50m)));
        var fee = new FeeTerms(1000m, "USD");

        var result = new DowntimeEvaluator().Evaluate(commitment, window, At(sc.AsOf), incidents, exclusions, deployments, fee);

        // The column kernel: the same incidents in an IncidentTable, the rule as data (IncidentRule) instead of the
        // delegates; every number, the traces (ids included) and the warnings equal the object path's.
        var byColumn = new DowntimeCommitment(commitment.Commitment, commitment.Clause, commitment.Target, commitment.Weight, commitment.MinimumPeriod,
            commitment.IncidentExclusions, commitment.Accounting, commitment.Basis, commitment.Credits, commitment.WarnAtBudgetPercent,
            new IncidentRule(
                [new(["api"], null, null, [Impact.Outage], 1m), new(["api"], null, null, [Impact.Degraded], 0.5m), new(["api"], null, null, [Impact.Partial], 0.25m)],
                [new("4.9", ["customer"], [])]));
        var fromColumns = new DowntimeEvaluator().Evaluate(byColumn, window, At(sc.AsOf), new IncidentRows(IncidentTable.Of(incidents)), exclusions, deployments, fee);
        Assert.Equal(result.MeasuredSeconds, fromColumns.MeasuredSeconds);
        Assert.Equal(result.DowntimeSeconds, fromColumns.DowntimeSeconds);
        Assert.Equal(result.Verdict, fromColumns.Verdict);
        Assert.Equal((result.Credit?.PercentOfFee, result.Credit?.Amount), (fromColumns.Credit?.PercentOfFee, fromColumns.Credit?.Amount));
        Assert.Equal(result.Trace.Incidents.ToArray(), fromColumns.Trace.Incidents.ToArray());
        // The column trace makes its incident entries (and periods) when first read, once: a second read is the same array.
        Assert.True(fromColumns.Trace.Incidents == fromColumns.Trace.Incidents);
        Assert.Equal(result.Trace.Periods.ToArray(), fromColumns.Trace.Periods.ToArray());
        Assert.Equal(result.Trace.CountedSegments.ToArray(), fromColumns.Trace.CountedSegments.ToArray());
        Assert.Equal(result.Trace.ExcludedSegments.ToArray(), fromColumns.Trace.ExcludedSegments.ToArray());
        Assert.Equal(result.Trace.Exclusions.Select(x => (x.Clause, x.Kind, x.DowntimeRemovedSeconds)), fromColumns.Trace.Exclusions.Select(x => (x.Clause, x.Kind, x.DowntimeRemovedSeconds)));
        Assert.Equal(result.Warnings.ToArray(), fromColumns.Warnings.ToArray());

        var windowUnits = (window.End - window.Start).BclCompatibleTicks / unit.BclCompatibleTicks;
        var oracle = NaiveDowntimeOracle.Evaluate(0, windowUnits, sc.AsOf, sc.Incidents, sc.MinimumUnits, oracleExclusions,
            sc.RemovedFromMeasuredPeriod, sc.Deployments);

        // Traces: one per incident with time in the window (clipped to it, open ones to as-of), chronological then by
        // ordinal id; period traces chronological and disjoint.
        var expectedTraces = sc.Incidents
            .Select(i => (i.Id, Start: Math.Max(i.Start, 0), End: Math.Min(Math.Min(i.End ?? sc.AsOf, sc.AsOf), windowUnits)))
            .Where(t => t.End > t.Start)
            .OrderBy(t => t.Start).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => (t.Id, At(t.Start), At(t.End)));
        Assert.Equal(expectedTraces, result.Trace.Incidents.Select(t => (t.Id, t.Start, t.End)));
        Assert.All(result.Trace.Periods.Zip(result.Trace.Periods.Skip(1)), p => Assert.True(p.First.End <= p.Second.Start));

        var unitSeconds = (decimal)unit.BclCompatibleTicks / NodaConstants.TicksPerSecond;
        Assert.Equal(oracle.MeasuredUnits * unitSeconds, result.MeasuredSeconds);
        Assert.Equal(oracle.Downtime100Units * unitSeconds / 100m, result.DowntimeSeconds);
        var timeTraces = result.Trace.Exclusions.Where(x => x.Kind != ExclusionKind.Incident).ToList();
        Assert.Equal(oracleExclusions.Count, timeTraces.Count);
        for (var k = 0; k < timeTraces.Count; k++)
            Assert.Equal(oracle.RemovedPerClause100Units[k] * unitSeconds / 100m, timeTraces[k].DowntimeRemovedSeconds);
        if (oracle.MeasuredUnits == 0)
        {
            Assert.Equal(Verdict.NotMeasurable, result.Verdict);
            return;
        }
        Assert.Equal(NaiveDowntimeOracle.AtLeast(oracle, 99_500) ? Verdict.Met : Verdict.Breached, result.Verdict);
        var pct = NaiveDowntimeOracle.AtLeast(oracle, 99_500) ? 0m
            : NaiveDowntimeOracle.AtLeast(oracle, 99_000) ? 10m
            : NaiveDowntimeOracle.AtLeast(oracle, 95_000) ? 25m : 100m;
        Assert.Equal(Math.Min(pct, 50m) * 10m, result.Credit!.Amount);
        // The counted periods in the trace add up to the downtime before time exclusions.
        var countedPeriods = result.Trace.Periods.Where(p => !p.Dropped).Sum(p => p.Seconds * p.Weight);
        if (deployments is null && !sc.Exclusions.Any(x => x.BeyondCapIsDowntime))
            Assert.Equal(countedPeriods, result.DowntimeSeconds + timeTraces.Sum(t => t.DowntimeRemovedSeconds));
    }

    /// <summary>The oracle's reading of a weekly calendar: is this unit's local wall time inside a range on a non-holiday?</summary>
    private static bool LocalTimeCovered(WeeklyCalendar cal, Instant unitStart)
    {
        var local = unitStart.InZone(cal.Zone).LocalDateTime;
        if (cal.Holidays.Contains(local.Date)) return false;
        foreach (var r in cal.Ranges)
            if (r.Day == local.DayOfWeek && local.TimeOfDay >= r.From && (r.To == LocalTime.Midnight || local.TimeOfDay < r.To)) return true;
        return false;
    }

    [Theory]
    [MemberData(nameof(DstMonths))]
    public void Local_time_of_day_exclusions_across_DST_agree_with_the_oracle(string zoneId, int year, int month)
    {
        // Sundays 01:00-03:00 local: the DST switch happens inside this range in every row's month.
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var unit = Duration.FromMinutes(1);
        var window = WindowCalendar.Month(zone, year, month);
        var cal = new WeeklyCalendar(zone, [new DailyRange(IsoDayOfWeek.Sunday, new LocalTime(1, 0), new LocalTime(3, 0))]);
        var w = window.Length.BclCompatibleTicks / unit.BclCompatibleTicks;
        Gen.Select(ScenarioGen(w, 25, 3000), Gen.Frequency((1, Gen.Const((Duration?)null)), (2, Gen.Long[0, 600].Select(c => (Duration?)Duration.FromMinutes(c)))))
            .Sample((sc, cap) => Check(sc, window, unit, cal, cap), iter: 8, threads: 1);
    }

    [Fact]
    public void Exact_threshold_values_agree_with_the_oracle_and_flip_at_one_unit()
    {
        // W = 200k minutes and k down minutes is exactly 99.5%: met; one minute more: breached; one less: met.
        var unit = Duration.FromMinutes(1);
        var gen = from k in Gen.Long[1, 20]
                  from delta in Gen.Long[-1, 1]
                  from start in Gen.Long[0, 200 * k - k - 2]
                  select (k, delta, new Scenario(200 * k, 200 * k, [new OracleIncident("T-1", start, start + k + delta, 100, false)], 0, [], false, null));
        gen.Sample((k, delta, sc) =>
        {
            Check(sc, SmallWindow(sc.WindowUnits, unit), unit);
            var oracle = NaiveDowntimeOracle.Evaluate(0, sc.WindowUnits, sc.AsOf, sc.Incidents, 0, [], false, null);
            Assert.Equal(delta <= 0, NaiveDowntimeOracle.AtLeast(oracle, 99_500));
        }, iter: 200, threads: 1);
    }

    private static CalendarWindow SmallWindow(long units, Duration unit)
    {
        var start = Instant.FromUtc(2026, 11, 1, 0, 0);
        return new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), start, start + unit * units);
    }

    [Fact]
    public void Minute_resolution_small_windows_agree_with_the_oracle()
    {
        var unit = Duration.FromMinutes(1);
        Gen.Long[1, 2880].SelectMany(w => ScenarioGen(w, 12, 400))
            .Sample(sc => Check(sc, SmallWindow(sc.WindowUnits, unit), unit), iter: 400, threads: 1);
    }

    [Fact]
    public void Second_resolution_with_sub_minute_blips_agrees_with_the_oracle()
    {
        var unit = Duration.FromSeconds(1);
        Gen.Long[1, 3600].SelectMany(w => ScenarioGen(w, 15, 240)).Select(sc => sc with { MinimumUnits = sc.MinimumUnits == 0 ? 0 : 60 })
            .Sample(sc => Check(sc, SmallWindow(sc.WindowUnits, unit), unit), iter: 200, threads: 1);
    }

    public static TheoryData<string, int, int> DstMonths => new()
    {
        { "America/New_York", 2026, 3 },  // spring forward: 44,580 minutes
        { "America/New_York", 2026, 11 }, // fall back: 43,260 minutes
        { "Europe/Berlin", 2026, 3 },     // 44,580 minutes
        { "Europe/Berlin", 2026, 10 },    // 44,700 minutes
    };

    [Theory]
    [MemberData(nameof(DstMonths))]
    public void Full_DST_months_agree_with_the_oracle(string zoneId, int year, int month)
    {
        var unit = Duration.FromMinutes(1);
        var window = WindowCalendar.Month(DateTimeZoneProviders.Tzdb[zoneId], year, month);
        var w = window.Length.BclCompatibleTicks / unit.BclCompatibleTicks;
        ScenarioGen(w, 25, 3000).Sample(sc => Check(sc, window, unit), iter: 12, threads: 1);
    }
}
