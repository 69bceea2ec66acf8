using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Compiler.Tests.Semantics;

/// <summary>The published SLAs' distinctive rules (PUBLISHED-SLAS.md) arrive in the model without a workaround.</summary>
public class PublishedSlaModelTests
{
    private static BoundContract Bind(string file)
    {
        var result = ContractChecker.Check(file, File.ReadAllText(Path.Combine(RepositoryPaths.Examples, file)));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Model!.Contracts[0];
    }

    [Fact]
    public void GoogleMinuteThresholdWithConsecutiveRuns()
    {
        var sla = Bind("google-cloud-template.sla").Slas[0];
        var downtime = Assert.IsType<ErrorRateDowntime>(sla.Downtime);
        Assert.Equal(Duration.FromMinutes(1), downtime.Interval);
        Assert.Equal(new Comparison(ComparisonOperator.Above, new PercentQuantity(new Percent(10m))), downtime.ErrorRate);
        Assert.Equal(2000L, downtime.MinimumRequests);
        Assert.Equal(10, downtime.MinimumConsecutive);
        // 99.0 to below 99.9 -> 10; 95.0 to below 99.0 -> 25; below 95.0 -> 50: disjoint and covering.
        var ranges = sla.Credits.Tiers.Select(t => ((MeasuredIn)t.Condition).Range).ToList();
        Assert.Equal(PercentRange.Between(99.0m, true, 99.9m, false), ranges[0]);
        Assert.Equal(PercentRange.Between(95.0m, true, 99.0m, false), ranges[1]);
        Assert.True(CreditScheduleAnalysis.Analyse([.. sla.Credits.Tiers.Select(t => new TierCondition("t", ((MeasuredIn)t.Condition).Range, 0m))]).Gaps.IsEmpty);
    }

    [Fact]
    public void StorageAverageErrorRateAndVmDeployedTime()
    {
        var contract = Bind("storage-and-compute.sla");
        var storage = contract.Slas[0];
        var average = Assert.IsType<AverageErrorRateAvailability>(storage.Downtime);
        Assert.Equal(Duration.FromMinutes(5), average.Interval);
        Assert.Equal(new Percent(0m), average.EmptyIntervalErrorRate);
        Assert.Equal(new ClaimByEndOfCycle(2, ClaimAnchor.Incident, default), storage.Credits.Claim! with { Span = default });

        var vms = contract.Slas[1];
        Assert.Equal(Denominator.DeployedTime, vms.Denominator);
        Assert.Equal(ExcludedTimeAccounting.RemovedFromMeasuredPeriod, vms.Accounting);
        var window = Assert.IsType<LocalTimeWindow>(vms.Exclusions[0].Predicate);
        Assert.Equal<IsoDayOfWeek>([IsoDayOfWeek.Sunday], window.Hours.Days);
        Assert.Equal((120, 360), (window.Hours.FromMinute, window.Hours.ToMinute));
        Assert.Equal(new ExclusionCap(Duration.FromHours(4), CapPeriod.Month), vms.Exclusions[0].Cap);
        Assert.Equal(CapPeriod.BillingCycle, vms.Credits.Caps[0].Per);
        Assert.Single(vms.Suppressions, s => s.Code == "SLA1001");
    }

    [Fact]
    public void SlackMultiplierCreditForTheDownPeriod()
    {
        var sla = Bind("slack.sla").Slas[0];
        var tier = Assert.Single(sla.Credits.Tiers);
        Assert.IsType<ForDownPeriod>(tier.Condition);
        Assert.Equal(new FeeMultipleForDownPeriod(10m), tier.Amount);
        Assert.Equal(Denominator.WindowMinusExcluded, sla.Denominator);
        Assert.Empty(sla.Credits.Caps);
    }

    [Fact]
    public void AwsMinimumCreditAndBillingCycleWindow()
    {
        var sla = Bind("aws-ec2-instance.sla").Slas[0];
        Assert.Equal(new Window(WindowKind.BillingCycle, 1), sla.Guarantees[0].Window);
        Assert.Equal(new MinimumCreditClause(ComparisonOperator.Above, new Money(1.00m, "USD")), sla.Credits.Minimum);
        Assert.Equal([10m, 30m, 100m], sla.Credits.Tiers.Select(t => ((PercentOfFee)t.Amount).Percent.Value));
    }

    [Fact]
    public void TwilioExcludedTimeCountsAsAvailable()
    {
        var sla = Bind("twilio.sla").Slas[0];
        Assert.True(sla.AccountingStated);
        Assert.Equal(ExcludedTimeAccounting.CountsAsAvailable, sla.Accounting);
        Assert.Equal(Denominator.Window, sla.Denominator);
    }
}
