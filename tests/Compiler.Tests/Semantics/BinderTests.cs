using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Tests.Semantics;

/// <summary>What the binder puts in the model for the emitter: names resolved, values typed and exact.</summary>
public class BinderTests
{
    private static BoundContract Bind(string file)
    {
        var result = ContractChecker.Check(file, File.ReadAllText(Path.Combine(RepositoryPaths.Examples, file)));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Model!.Contracts[0];
    }

    [Fact]
    public void ContractHeaderIsTyped()
    {
        var contract = Bind("ecommerce-checkout.sla");
        Assert.Equal("Shopfront - Checkout Platform", contract.Name);
        Assert.Equal(new LocalDate(2026, 1, 1), contract.EffectiveStart);
        Assert.Equal(new LocalDate(2027, 1, 1), contract.EffectiveEnd);
        Assert.Equal("America/New_York", contract.Zone.Id);
        Assert.True(contract.ZoneStated);
        Assert.Equal(new Money(12000.00m, "USD"), contract.Fee!.Amount);
        Assert.Equal(FeePeriod.Month, contract.Fee.Per);
        Assert.Equal(RoundingMode.HalfAwayFromZero, contract.Rounding);
        Assert.Equal(["checkout", "payments"], contract.Services.Select(s => s.Id));
    }

    [Fact]
    public void AvailabilitySlaIsFullyBound()
    {
        var sla = Bind("ecommerce-checkout.sla").FindSla("availability")!;
        Assert.Equal("3.1", sla.Clause);
        var guarantee = Assert.Single(sla.Guarantees);
        var threshold = Assert.IsType<ThresholdObjective>(guarantee.Objective);
        Assert.Equal<string>(["checkout"], Assert.IsType<AvailabilityMeasure>(threshold.Measure).Services);
        Assert.Equal(new Comparison(ComparisonOperator.AtLeast, new PercentQuantity(new Percent(99.9m))), threshold.Bound);
        Assert.Equal(Window.CalendarMonth, guarantee.Window);

        var downtime = Assert.IsType<IncidentDowntime>(sla.Downtime);
        Assert.Equal([100m, 50m], downtime.Selections.Select(s => s.Weight.Value));
        Assert.Equal<string>(["outage"], downtime.Selections[0].Incidents.Impacts);
        Assert.Equal(Duration.FromMinutes(1), downtime.IgnoreShorterThan);

        Assert.Equal(2, sla.Exclusions.Length);
        var maintenance = Assert.IsType<MaintenanceWindows>(sla.Exclusions[0].Predicate);
        Assert.Equal(Duration.FromHours(72), maintenance.MinimumNotice);
        Assert.Equal(new ExclusionCap(Duration.FromHours(4), CapPeriod.Month), sla.Exclusions[0].Cap);
        Assert.Equal<string>(["customer", "force-majeure"], Assert.IsType<CausedBy>(sla.Exclusions[1].Predicate).Causes);
        Assert.True(sla.AccountingStated);
        Assert.Equal(Denominator.Window, sla.Denominator);

        var tiers = sla.Credits.Tiers.Select(t => ((MeasuredIn)t.Condition).Range).ToList();
        Assert.Equal(PercentRange.Below(99.9m, false), tiers[0]);
        Assert.Equal(PercentRange.Below(95.0m, false), tiers[2]);
        Assert.Equal([10m, 25m, 100m], sla.Credits.Tiers.Select(t => ((PercentOfFee)t.Amount).Percent.Value));
        Assert.False(sla.Credits.Cumulative);
        Assert.Equal(new PercentOfFee(new Percent(100m)), Assert.Single(sla.Credits.Caps).Limit);
        Assert.Equal(30, Assert.IsType<ClaimWithin>(sla.Credits.Claim).Count);
        Assert.Equal([75m], sla.WarnAtBudgetUsed.Select(p => p.Value));
    }

    [Fact]
    public void GitHubTierIsTheExactHalfOpenRange()
    {
        var sla = Bind("github-enterprise.sla").Slas[0];
        var ranges = sla.Credits.Tiers.Select(t => t.Condition).OfType<MeasuredIn>().Select(m => m.Range).ToList();
        // 10% when uptime <= 99.9 and > 99.0: (99.0, 99.9].
        Assert.Contains(PercentRange.Between(99.0m, false, 99.9m, true), ranges);
        Assert.DoesNotContain(ranges, r => r.Contains(99.0m));
    }

    [Fact]
    public void KpisResolveTheirSupportedSlas()
    {
        var contract = Bind("ecommerce-checkout.sla");
        Assert.All(contract.Kpis, k => Assert.Equal<string>(["availability"], k.Supports));
        var latency = Assert.IsType<ThresholdObjective>(contract.FindKpi("page-load")!.Targets[0].Objective);
        Assert.Equal(95, Assert.IsType<LatencyMeasure>(latency.Measure).Percentile);
        Assert.Equal(Duration.FromSeconds(2), Assert.IsType<DurationQuantity>(latency.Bound.Value).Value);
        Assert.Null(latency.Slices);
    }

    [Fact]
    public void ScenarioTestsBindEvidenceAndExpectations()
    {
        var result = ContractChecker.Check("e.sla", File.ReadAllText(Path.Combine(RepositoryPaths.Examples, "ecommerce-checkout.sla")));
        var test = result.Model!.Tests[0];
        Assert.Equal(new TestPeriod(2026, 11, null), test.Period);
        var incident = Assert.IsType<IncidentEvidence>(Assert.Single(test.Evidence));
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 0), incident.Start.ToInstant());
        Assert.Equal(Offset.FromHours(-5), incident.Start.Offset);
        var credit = test.Expectations.Single(e => e.Quantity == ExpectQuantity.Credit);
        Assert.Equal<ExpectedValue>([new ExpectedPercentOfFee(new Percent(10m)), new ExpectedMoney(new Money(1200.00m, "USD"))], credit.Values);
    }

    [Fact]
    public void ResponseClockUsesTheStatedCalendarOrTheDefault()
    {
        var contract = Bind("saas-api.sla");
        var clocks = contract.Slas.SelectMany(s => s.Clocks).ToList();
        Assert.NotEmpty(clocks);
        Assert.All(clocks, c => Assert.True(c.Start < c.Stop));
        Assert.All(clocks.Where(c => c.HolidayCalendar is not null), c => Assert.NotNull(contract.FindCalendar(c.HolidayCalendar!)));
    }

    [Fact]
    public void UnstatedZoneIsUtcAndFlagged()
    {
        var result = ContractChecker.Check("z.sla", "contract \"Z\" {\n  service api\n}\n");
        var contract = result.Model!.Contracts[0];
        Assert.Equal(DateTimeZone.Utc, contract.Zone);
        Assert.False(contract.ZoneStated);
        Assert.Contains(result.Diagnostics, d => d.Code == "SLA1006");
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("Etc/GMT+5", true)]
    [InlineData("America/Nowhere", false)]
    [InlineData("EST5EDTX", false)]
    public void ZonesAreCheckedAgainstTzdb(string zone, bool known)
    {
        var result = ContractChecker.Check("z.sla", $"contract \"Z\" {{\n  time zone \"{zone}\"\n}}\n");
        Assert.Equal(!known, result.Diagnostics.Any(d => d.Code == "SLA0102"));
    }

    [Theory]
    [InlineData("0%", false)]
    [InlineData("100%", false)]
    [InlineData("100.0001%", true)]
    public void PercentBoundsAreInclusive(string percent, bool error)
    {
        var text = $"contract \"P\" {{\n  time zone \"UTC\"\n  service api\n  sla a {{\n    guarantee availability of api at least {percent} per calendar month\n  }}\n}}\n";
        Assert.Equal(error, ContractChecker.Check("p.sla", text).Diagnostics.Any(d => d.Code == "SLA0103"));
    }
}
