using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class MonthlyTargetInFixedMinutesRuleTests
{
    private readonly MonthlyTargetInFixedMinutesRule _rule = new();

    private static string Budget(string window) => RuleHarness.Contract(RuleHarness.DefaultSla + "\n" + RuleHarness.DefaultKpi + $$"""

          kpi budget "Budget" {
            target downtime of api at most 43 minutes {{window}}
            supports availability
          }
        """);

    [Fact]
    public void PercentTargetsAreQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Theory]
    [InlineData("per calendar month")]
    [InlineData("per calendar quarter")]
    [InlineData("per billing cycle")]
    public void FixedMinutesOverVaryingWindowsAreReported(string window)
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, Budget(window)));
        Assert.Contains("43 minutes " + window, diagnostic.Message);
    }

    [Fact]
    public void FixedMinutesOverRollingDaysAreQuiet() => Assert.Empty(RuleHarness.Run(_rule, Budget("rolling 30 days")));
}
