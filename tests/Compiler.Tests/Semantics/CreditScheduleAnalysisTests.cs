using SlaKpiDsl.Compiler.Semantics.Credits;

namespace SlaKpiDsl.Compiler.Tests.Semantics;

public class CreditScheduleAnalysisTests
{
    private static TierCondition Tier(string label, PercentRange range, decimal credit) => new(label, range, credit);

    [Fact]
    public void GitHubScheduleLeavesExactly99Uncovered()
    {
        // GitHub Enterprise pre-2021: 10% when uptime <= 99.9 and > 99.0; 25% when < 99.0.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("at most 99.9% and above 99.0%", PercentRange.Between(99.0m, false, 99.9m, true), 10m),
            Tier("below 99.0%", PercentRange.Below(99.0m, false), 25m),
        ]);
        Assert.Empty(findings.Overlaps);
        Assert.Empty(findings.Inversions);
        var gap = Assert.Single(findings.Gaps);
        Assert.True(gap.Uncovered.IsSinglePoint);
        Assert.Equal(99.0m, gap.Uncovered.LowValue);
        Assert.Equal("availability = 99.0%", gap.Uncovered.Describe("availability"));
        Assert.Equal(1, gap.Below);
        Assert.Equal(0, gap.Above);
    }

    [Fact]
    public void NestedBelowTiersAreTheNormalFormAndClean()
    {
        // LANGUAGE.md sketch: below 99.9 -> 10, below 99.0 -> 25, below 95.0 -> 100.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("below 99.9%", PercentRange.Below(99.9m, false), 10m),
            Tier("below 99.0%", PercentRange.Below(99.0m, false), 25m),
            Tier("below 95.0%", PercentRange.Below(95.0m, false), 100m),
        ]);
        Assert.True(findings.IsClean);
    }

    [Fact]
    public void GoogleDisjointRangesAreClean()
    {
        // 99.0 to below 99.9 -> 10; 95.0 to below 99.0 -> 25; below 95.0 -> 50.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(99.0m, true, 99.9m, false), 10m),
            Tier("b", PercentRange.Between(95.0m, true, 99.0m, false), 25m),
            Tier("c", PercentRange.Below(95.0m, false), 50m),
        ]);
        Assert.True(findings.IsClean);
    }

    [Fact]
    public void RangesSharingAnInclusiveBoundOverlapAtThatPoint()
    {
        // Both tiers include 99.0: the author meant disjoint ranges.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(99.0m, true, 99.9m, false), 10m),
            Tier("b", PercentRange.Between(95.0m, true, 99.0m, true), 25m),
        ]);
        var overlap = Assert.Single(findings.Overlaps);
        Assert.Equal((0, 1), (overlap.First, overlap.Second));
        Assert.Equal("availability = 99.0%", overlap.Shared.Describe("availability"));
        // Nothing credits availability below 95.0: a worse measurement than any tier is a gap too.
        Assert.Equal("x in [0%, 95.0%)", Assert.Single(findings.Gaps).Uncovered.Describe("x"));
        Assert.Empty(findings.Inversions);
    }

    [Fact]
    public void PartialOverlapReportsTheSharedRange()
    {
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(98.0m, true, 99.9m, false), 10m),
            Tier("b", PercentRange.Between(95.0m, false, 99.0m, true), 25m),
        ]);
        var overlap = Assert.Single(findings.Overlaps);
        Assert.Equal("x in [98.0%, 99.0%]", overlap.Shared.Describe("x"));
    }

    [Fact]
    public void TheSameRangeTwiceIsAnOverlap()
    {
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Below(99m, false), 10m),
            Tier("b", PercentRange.Below(99m, false), 10m),
        ]);
        Assert.Single(findings.Overlaps);
        Assert.Empty(findings.Inversions);
    }

    [Fact]
    public void WorseMeasurementWithSmallerCreditIsAnInversion()
    {
        // below 99.0 credits 10 but below 99.9 credits 25: worse availability gets less.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("below 99.9%", PercentRange.Below(99.9m, false), 25m),
            Tier("below 99.0%", PercentRange.Below(99.0m, false), 10m),
        ]);
        var inversion = Assert.Single(findings.Inversions);
        Assert.Equal((1, 0), (inversion.Worse, inversion.Better));
    }

    [Fact]
    public void DisjointRangesOutOfOrderAreAnInversion()
    {
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("low", PercentRange.Below(95m, false), 10m),
            Tier("high", PercentRange.Between(95m, true, 99.9m, false), 25m),
        ]);
        var inversion = Assert.Single(findings.Inversions);
        Assert.Equal((0, 1), (inversion.Worse, inversion.Better));
    }

    [Fact]
    public void EqualCreditsAreMonotonic()
    {
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Below(99.9m, false), 10m),
            Tier("b", PercentRange.Below(99m, false), 10m),
        ]);
        Assert.True(findings.IsClean);
    }

    [Fact]
    public void GapBetweenDisjointRangesHasExactBounds()
    {
        // 99.0 <= x < 99.9 and x < 95.0: [95.0, 99.0) is uncovered.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(99.0m, true, 99.9m, false), 10m),
            Tier("c", PercentRange.Below(95.0m, false), 50m),
        ]);
        var gap = Assert.Single(findings.Gaps);
        Assert.Equal("x in [95.0%, 99.0%)", gap.Uncovered.Describe("x"));
        Assert.Equal(1, gap.Below);
        Assert.Equal(0, gap.Above);
    }

    [Fact]
    public void GapFromZeroHasNoLowerNeighbour()
    {
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(95.0m, true, 99.9m, false), 10m),
        ]);
        var gap = Assert.Single(findings.Gaps);
        Assert.Null(gap.Below);
        Assert.Equal("x in [0%, 95.0%)", gap.Uncovered.Describe("x"));
    }

    [Fact]
    public void ExclusiveLowMeetingExclusiveHighLeavesThePoint()
    {
        // x > 99 and x < 99 both exclude 99.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(99m, false, 99.9m, false), 10m),
            Tier("b", PercentRange.Below(99m, false), 20m),
        ]);
        Assert.Equal("x = 99%", Assert.Single(findings.Gaps).Uncovered.Describe("x"));
    }

    [Fact]
    public void ScaleDoesNotMatter99Equals99Point0()
    {
        // 99 and 99.00 are the same decimal value: inclusive 99 meets exclusive 99.00 with no gap and no overlap.
        var findings = CreditScheduleAnalysis.Analyse([
            Tier("a", PercentRange.Between(99m, true, 99.9m, false), 10m),
            Tier("b", PercentRange.Below(99.00m, false), 20m),
        ]);
        Assert.True(findings.IsClean);
    }

    [Fact]
    public void EmptyAndOutOfDomainRangesAreRejectedByTheConstructor()
    {
        Assert.Throws<ArgumentException>(() => PercentRange.Between(99m, false, 99m, true));
        Assert.Throws<ArgumentException>(() => PercentRange.Below(0m, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => PercentRange.Below(100.1m, false));
        Assert.True(PercentRange.Between(99m, true, 99m, true).IsSinglePoint);
    }

    [Fact]
    public void ContainsRespectsInclusiveness()
    {
        var range = PercentRange.Between(99.0m, false, 99.9m, true);
        Assert.False(range.Contains(99.0m));
        Assert.True(range.Contains(99.0000001m));
        Assert.True(range.Contains(99.9m));
        Assert.False(range.Contains(99.9000001m));
    }
}
