using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class CreditTierGapRuleTests
{
    private readonly CreditTierGapRule _rule = new();

    private static string Tiers(string tiers) => RuleHarness.Contract(
        RuleHarness.DefaultSla.Replace("    credit 10% of fee when availability below 99.9%\n", tiers) + "\n" + RuleHarness.DefaultKpi);

    [Fact]
    public void NestedTiersHaveNoGap() => Assert.Empty(RuleHarness.Run(_rule, Tiers(
        "    credit 10% of fee when availability below 99.9%\n    credit 25% of fee when availability below 99.0%\n")));

    [Fact]
    public void GitHubTiersLeaveExactly99()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, Tiers(
            "    credit 10% of fee when availability at most 99.9% and above 99.0%\n    credit 25% of fee when availability below 99.0%\n")));
        Assert.Equal(
            "no credit tier covers availability = 99.0% (between tier 'availability below 99.0%' and tier 'availability at most 99.9% and above 99.0%')",
            diagnostic.Message);
    }

    [Fact]
    public void RangeGapHasBothBounds()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, Tiers(
            "    credit 10% of fee when availability at least 99.0% and below 99.9%\n    credit 50% of fee when availability below 95%\n")));
        Assert.StartsWith("no credit tier covers availability in [95%, 99.0%)", diagnostic.Message);
    }

    [Fact]
    public void NothingBelowTheWorstTierIsAGapFromZero()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, Tiers("    credit 10% of fee when availability at least 95% and below 99.9%\n")));
        Assert.StartsWith("no credit tier covers availability in [0%, 95%)", diagnostic.Message);
    }
}
