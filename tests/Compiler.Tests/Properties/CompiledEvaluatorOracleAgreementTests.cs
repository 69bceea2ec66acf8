using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Tests.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Properties;

/// <summary>
/// Item 8 of issue 4: generated contracts (text through parser, binder, emitter and Roslyn, compiled as one batch) and
/// generated data give exactly the downtime, measured period, verdict and credit of the runtime's minute-by-minute
/// oracle (tests/Runtime.Tests/Evaluation/NaiveDowntimeOracle.cs). Covers weights, minimum periods, the customer
/// exclusion, maintenance notice and caps, weekly local-time exclusions (Sun 02:00-06:00) with and without caps, both
/// accountings, tiers, the credit cap and minimum, both money roundings,
/// zones with and without DST in the window, incidents crossing the window edges and open incidents.
/// </summary>
public sealed class CompiledEvaluatorOracleAgreementTests
{
    /// <summary>What a generated contract says; the oracle reads these numbers, the compiler reads the text.</summary>
    public sealed record ContractSpec(
        string Name,
        string Zone,
        decimal Target,
        bool DegradedCounts,
        bool PartialCounts,
        int MinimumMinutes,
        bool ExcludeCustomer,
        int? NoticeHours,
        int? CapMinutes,
        bool RemovedFromMeasuredPeriod,
        decimal Fee,
        bool HalfEven,
        (decimal Below, decimal Percent)[] Tiers,
        decimal? CapPercent,
        decimal? MinimumAbove,
        bool SundayWindow = false,
        int? SundayCapMinutes = null)
    {
        public string Text()
        {
            static string D(decimal d) => d.ToString(CultureInfo.InvariantCulture);
            var b = new StringBuilder();
            b.Append($"contract \"{Name}\" {{\n");
            b.Append("  effective 2026-01-01 until 2027-01-01\n");
            b.Append($"  time zone \"{Zone}\"\n");
            b.Append($"  fee {Fee.ToString("0.00", CultureInfo.InvariantCulture)} USD per month\n");
            b.Append(HalfEven ? "  rounding half-even\n" : "  rounding half-away-from-zero\n");
            b.Append("  service api \"API\"\n");
            b.Append("  sla availability \"Availability\" {\n");
            b.Append($"    guarantee availability of api at least {D(Target)}% per calendar month\n");
            b.Append("    downtime is incidents on api with impact outage\n");
            if (DegradedCounts) b.Append("    downtime counts 50% for incidents on api with impact degraded\n");
            if (PartialCounts) b.Append("    downtime counts 25% for incidents on api with impact partial\n");
            if (MinimumMinutes > 0) b.Append($"    ignore downtime periods shorter than {MinimumMinutes} minutes\n");
            if (NoticeHours is { } notice)
                b.Append($"    exclude maintenance announced at least {notice} hours ahead" + (CapMinutes is { } cap ? $", at most {cap} minutes per month" : "") + "\n");
            if (SundayWindow) b.Append("    exclude downtime during Sun 02:00-06:00" + (SundayCapMinutes is { } sundayCap ? $", at most {sundayCap} minutes per month" : "") + "\n");
            if (ExcludeCustomer) b.Append("    exclude incidents caused by customer\n");
            b.Append(RemovedFromMeasuredPeriod ? "    excluded time is removed from the measured period\n" : "    excluded time counts as available\n");
            foreach (var (below, percent) in Tiers) b.Append($"    credit {D(percent)}% of fee when availability below {D(below)}%\n");
            if (CapPercent is { } capPercent) b.Append($"    credits capped at {D(capPercent)}% of fee per month\n");
            if (MinimumAbove is { } minimum) b.Append($"    no credit unless above {minimum.ToString("0.00", CultureInfo.InvariantCulture)} USD\n");
            b.Append("  }\n}\n");
            return b.ToString();
        }
    }

    /// <summary>Data in whole minutes from the window's start: incidents (impact, cause), maintenance (start, end, notice in minutes), as-of.</summary>
    /// <summary>
    /// Data in minutes from <c>Cluster</c> (or, when <c>SundayAnchor</c> is set, from 02:00 local time of that Sunday of
    /// November in the contract's zone, so the weekly exclusion is hit), clamped to about the window.
    /// </summary>
    public sealed record DataSpec(int Contract, long Cluster, int? SundayAnchor, (long Start, long? End, Impact Impact, bool Customer)[] Incidents, (long Start, long End, long NoticeMinutes)[] Maintenance, long AsOf)
    {
        public override string ToString() =>
            $"contract #{Contract} cluster={Cluster} sunday={SundayAnchor?.ToString(CultureInfo.InvariantCulture) ?? "-"} asOf={AsOf}\n incidents: " + string.Join("; ", Incidents.Select(i => $"[{i.Start},{i.End?.ToString(CultureInfo.InvariantCulture) ?? "open"}) {i.Impact}{(i.Customer ? " customer" : "")}"))
            + "\n maintenance: " + string.Join("; ", Maintenance.Select(m => $"[{m.Start},{m.End}) notice {m.NoticeMinutes} min"));
    }

    private static readonly string[] Zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata"];

    /// <summary>A fixed, seeded set of contracts (one batch compilation); CsCheck varies and shrinks the data.</summary>
    private static ContractSpec[] Contracts(int count)
    {
        var random = new Random(20261128);
        T Pick<T>(params T[] items) => items[random.Next(items.Length)];
        var specs = new ContractSpec[count];
        for (var k = 0; k < count; k++)
        {
            var target = Pick(99.9m, 99.5m, 99m, 98.75m, 95m, 99.95m);
            // Tiers below the target, strictly decreasing bounds with increasing percent (a valid, monotonic schedule).
            var bounds = new[] { target, target - 0.5m, target - 2m, target - 4.5m }.Take(1 + random.Next(3)).ToArray();
            var percents = new[] { Pick(5m, 10m, 12.5m), 25m, 50m, 100m };
            var tiers = bounds.Select((bound, i) => (bound, percents[i])).ToArray();
            var notice = random.Next(3) == 0 ? (int?)null : Pick(0, 24, 72);
            specs[k] = new ContractSpec(
                Name: $"Generated {k:D3}",
                Zone: Pick(Zones),
                Target: target,
                DegradedCounts: random.Next(2) == 0,
                PartialCounts: random.Next(3) == 0,
                MinimumMinutes: Pick(0, 0, 1, 2, 5, 30),
                ExcludeCustomer: random.Next(2) == 0,
                NoticeHours: notice is 0 ? null : notice,
                CapMinutes: notice is null or 0 || random.Next(2) == 0 ? null : Pick(30, 60, 240),
                RemovedFromMeasuredPeriod: random.Next(2) == 0,
                Fee: Pick(12000m, 1234.57m, 999.99m, 5m, 0.35m),
                HalfEven: random.Next(2) == 0,
                Tiers: tiers,
                CapPercent: random.Next(2) == 0 ? null : Pick(10m, 30m, 100m),
                MinimumAbove: random.Next(4) == 0 ? Pick(1m, 100m) : null);
            // A maintenance clause needs a notice in this generator; contracts without one simply have no maintenance clause.
            if (notice is 0) specs[k] = specs[k] with { NoticeHours = null, CapMinutes = null };
            if (random.Next(3) == 0) specs[k] = specs[k] with { SundayWindow = true, SundayCapMinutes = random.Next(2) == 0 ? null : Pick(90, 240, 300) };
        }
        return specs;
    }

    private static Gen<DataSpec> DataGen(int contracts) =>
        from contract in Gen.Int[0, contracts - 1]
        from cluster in Gen.Long[-120, 43_300]
        from incidents in (
            from start in Gen.Frequency((3, Gen.Long[-90, 90].Select(d => d)), (1, Gen.Long[-43_300, 43_300]))
            from length in Gen.Frequency((2, Gen.Long[0, 4]), (3, Gen.Long[0, 300]))
            from open in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
            from impact in Gen.OneOf(Gen.Const(Impact.Outage), Gen.Const(Impact.Outage), Gen.Const(Impact.Degraded), Gen.Const(Impact.Partial), Gen.Const(Impact.None))
            from customer in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
            select (start, open ? (long?)null : start + length, impact, customer)).Array[0, 6]
        from maintenance in (
            from start in Gen.Long[-90, 120]
            from length in Gen.Long[1, 300]
            from notice in Gen.OneOf(Gen.Const(0L), Gen.Const(24L * 60), Gen.Const(24L * 60 - 1), Gen.Const(72L * 60), Gen.Const(72L * 60 - 1), Gen.Long[0, 6000])
            select (start, start + length, notice)).Array[0, 3]
        from sunday in Gen.Frequency((2, Gen.Const((int?)null)), (1, Gen.Int[0, 4].Select(k => (int?)k)))
        from asOfLate in Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)))
        from asOfEarly in Gen.Long[0, 43_200]
        select new DataSpec(contract, cluster, sunday,
            // Incidents cluster around one instant so they overlap, cross the window's edges and meet maintenance.
            [.. incidents.Select(i => (i.start, i.Item2, i.impact, i.customer))],
            [.. maintenance.Select(m => (m.start, m.Item2, m.notice))],
            asOfLate ? 50_000 : asOfEarly);

    /// <summary>The data of a spec in minutes from the window start of the contract's zone.</summary>
    private static DataSpec Placed(DataSpec data, DateTimeZone zone, Instant windowStart)
    {
        var origin = data.Cluster;
        if (data.SundayAnchor is { } k)
        {
            // November 2026 starts on a Sunday: Sundays are the 1st, 8th, 15th, 22nd and 29th.
            var sunday = zone.AtLeniently(new LocalDateTime(2026, 11, 1 + 7 * k, 2, 0)).ToInstant();
            origin = (long)(sunday - windowStart).TotalMinutes;
        }
        return data with
        {
            Incidents = [.. data.Incidents.Select(i => (Clamp(origin + i.Start), i.End is { } e ? Clamp(origin + e) : (long?)null, i.Impact, i.Customer))],
            Maintenance = [.. data.Maintenance.Select(m => (Clamp(origin + m.Start), Clamp(origin + m.End), m.NoticeMinutes)).Where(m => m.Item2 > m.Item1)],
        };
    }

    private static long Clamp(long minute) => Math.Clamp(minute, -1_000, 44_500);

    [Fact]
    public void Compiled_evaluators_agree_with_the_minute_by_minute_oracle()
    {
        var specs = Contracts(40);
        var bound = specs.Select(s =>
        {
            var check = ContractChecker.Check($"{s.Name}.sla", s.Text());
            Assert.False(check.HasErrors, s.Text() + string.Join("\n", check.Diagnostics));
            return check.Model!.Contracts.Single();
        }).ToList();
        using var compiled = ContractCompilation.Compile(bound);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var checkedCases = 0;
        DataGen(specs.Length).Sample(generated =>
        {
            var spec = specs[generated.Contract];
            var zone = DateTimeZoneProviders.Tzdb[spec.Zone];
            var windowStart = zone.AtStartOfDay(new LocalDate(2026, 11, 1)).ToInstant();
            var data = Placed(generated, zone, windowStart);
            var windowMinutes = (long)(zone.AtStartOfDay(new LocalDate(2026, 12, 1)).ToInstant() - windowStart).TotalMinutes;
            Instant At(long minute) => windowStart + Duration.FromMinutes(minute);
            var incidents = data.Incidents.Select((i, k) => new Incident($"INC-{k}", "api", 1, i.Impact, At(i.Start), i.End is { } e ? At(e) : null,
                cause: i.Customer ? "customer" : "provider")).ToImmutableArray();
            var maintenance = data.Maintenance.Select((m, k) => new Maintenance($"MNT-{k}", At(m.Start) - Duration.FromMinutes(m.NoticeMinutes), At(m.Start), At(m.End))).ToImmutableArray();
            var input = new EvaluationInput(new EvaluationPeriod(2026, month: 11), At(data.AsOf), incidents, maintenance, [], [], []);
            var outcome = compiled.Contracts[data.Contract].Evaluate(input).Slas.Single();
            Assert.True(outcome.Result is not null, outcome.Reason);
            var result = outcome.Result!;

            var oracle = Oracle(spec, data, windowMinutes, zone, windowStart);
            Assert.Equal(oracle.MeasuredUnits * 60m, result.MeasuredSeconds);
            Assert.Equal(oracle.Downtime100Units * 60m / 100m, result.DowntimeSeconds);
            if (oracle.MeasuredUnits == 0)
            {
                Assert.Equal(Verdict.NotMeasurable, result.Verdict);
                Assert.False(result.Credit?.HasCredit ?? false);
                return;
            }
            // Exact measured value: (measured x 100 - downtime x 100) / (measured x 100), cross-multiplied.
            var measured = result.Measured!.Value;
            Assert.Equal(measured.Numerator * (oracle.MeasuredUnits * 100m), (oracle.MeasuredUnits * 100m - oracle.Downtime100Units) * measured.Denominator);
            Assert.Equal(Below(oracle, spec.Target) ? Verdict.Breached : Verdict.Met, result.Verdict);
            var percent = spec.Tiers.Where(t => Below(oracle, t.Below)).Select(t => t.Percent).DefaultIfEmpty(0m).Max();
            var exact = Math.Min(percent, spec.CapPercent ?? 100m) * spec.Fee / 100m;
            if (spec.MinimumAbove is { } minimum && exact <= minimum) exact = 0m;
            var amount = Math.Round(exact, 2, spec.HalfEven ? MidpointRounding.ToEven : MidpointRounding.AwayFromZero);
            Assert.Equal(amount, result.Credit?.Amount ?? 0m);
            Interlocked.Increment(ref checkedCases);
        }, iter: 300, threads: 1);
        Assert.True(checkedCases >= 220, $"only {checkedCases} cases had a measured period");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool[]> SundayMinutes = new(StringComparer.Ordinal);

    /// <summary>availability &lt; bound%, exactly (BigInteger, the oracle's own arithmetic).</summary>
    private static bool Below(NaiveDowntimeOracle.Outcome o, decimal boundPercent) =>
        !NaiveDowntimeOracle.AtLeast(o, (long)(boundPercent * 1000m));

    private static NaiveDowntimeOracle.Outcome Oracle(ContractSpec spec, DataSpec data, long windowMinutes, DateTimeZone zone, Instant windowStart)
    {
        var incidents = new List<OracleIncident>();
        for (var k = 0; k < data.Incidents.Length; k++)
        {
            var (start, end, impact, customer) = data.Incidents[k];
            var weight = impact switch
            {
                Impact.Outage => 100,
                Impact.Degraded when spec.DegradedCounts => 50,
                Impact.Partial when spec.PartialCounts => 25,
                _ => 0,
            };
            if (weight == 0) continue;
            incidents.Add(new OracleIncident($"INC-{k}", start, end, weight, customer && spec.ExcludeCustomer));
        }
        var exclusions = new List<OracleExclusion>();
        if (spec.NoticeHours is { } hours)
        {
            var announced = data.Maintenance.Where(m => m.NoticeMinutes >= hours * 60L).Select(m => (m.Start, m.End)).ToList();
            exclusions.Add(new OracleExclusion("maintenance", announced, spec.CapMinutes));
        }
        if (spec.SundayWindow)
        {
            // The oracle asks each minute's local wall time: Sunday, 02:00 <= time < 06:00 (computed once per zone).
            var sundayMinutes = SundayMinutes.GetOrAdd(zone.Id, _ =>
                [.. Enumerable.Range(0, (int)windowMinutes).Select(minute =>
                {
                    var local = (windowStart + Duration.FromMinutes(minute)).InZone(zone).LocalDateTime;
                    return local.DayOfWeek == IsoDayOfWeek.Sunday && local.Hour >= 2 && local.Hour < 6;
                })]);
            exclusions.Add(new OracleExclusion("sundays", [], spec.SundayCapMinutes, minute => minute >= 0 && minute < sundayMinutes.Length && sundayMinutes[minute]));
        }
        return NaiveDowntimeOracle.Evaluate(0, windowMinutes, data.AsOf, incidents, spec.MinimumMinutes, exclusions, spec.RemovedFromMeasuredPeriod, null);
    }

    [Fact]
    public void Generated_contracts_check_clean_and_differ()
    {
        var specs = Contracts(40);
        Assert.Equal(specs.Length, specs.Select(s => s.Text()[s.Text().IndexOf('\n', StringComparison.Ordinal)..]).Distinct().Count());
        foreach (var spec in specs)
        {
            var check = ContractChecker.Check($"{spec.Name}.sla", spec.Text());
            Assert.False(check.HasErrors, spec.Text() + string.Join("\n", check.Diagnostics));
        }
        // Every feature the agreement test claims to cover appears in some contract.
        Assert.Contains(specs, s => s.RemovedFromMeasuredPeriod);
        Assert.Contains(specs, s => !s.RemovedFromMeasuredPeriod);
        Assert.Contains(specs, s => s.CapMinutes is not null);
        Assert.Contains(specs, s => s.DegradedCounts && s.PartialCounts);
        Assert.Contains(specs, s => s.MinimumMinutes > 0 && s.ExcludeCustomer);
        Assert.Contains(specs, s => s.Tiers.Length == 3 && s.CapPercent is not null);
        Assert.Contains(specs, s => s.MinimumAbove is not null);
        Assert.Contains(specs, s => s.Zone == "America/New_York");
        Assert.Contains(specs, s => s.HalfEven);
        Assert.Contains(specs, s => s.SundayWindow && s.SundayCapMinutes is not null);
        Assert.Contains(specs, s => s.SundayWindow && s.SundayCapMinutes is null);
    }
}
