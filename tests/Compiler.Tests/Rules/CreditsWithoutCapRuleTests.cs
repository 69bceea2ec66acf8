using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class CreditsWithoutCapRuleTests
{
    private readonly CreditsWithoutCapRule _rule = new();

    [Fact]
    public void CappedCreditsAreQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Fact]
    public void UncappedCreditsAreReportedAtTheFirstCredit()
    {
        var text = RuleHarness.Contract(RuleHarness.DefaultSla.Replace("    credits capped at 50% of fee per month\n", "") + "\n" + RuleHarness.DefaultKpi);
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, text));
        Assert.Equal("credit 10% of fee when availability below 99.9%", diagnostic.Source.GetText(diagnostic.Span));
    }

    [Fact]
    public void SlaWithoutCreditsIsQuiet()
    {
        var text = RuleHarness.Contract(RuleHarness.DefaultSla.Replace("    credit 10% of fee when availability below 99.9%\n    credits capped at 50% of fee per month\n", "") + "\n" + RuleHarness.DefaultKpi);
        Assert.Empty(RuleHarness.Run(_rule, text));
    }
}
