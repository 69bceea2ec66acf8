using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class ExclusionsWithoutAccountingRuleTests
{
    private readonly ExclusionsWithoutAccountingRule _rule = new();

    private static string Sla(string lines) => RuleHarness.Contract(RuleHarness.DefaultSla.Replace("    credits capped", lines + "    credits capped"));

    [Fact]
    public void NoExclusionsIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Fact]
    public void UnstatedAccountingIsReportedWithTheDefault()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, Sla("    exclude incidents caused by customer\n")));
        Assert.Contains("the default applies: excluded time counts as available", diagnostic.Message);
        Assert.Equal("exclude incidents caused by customer", diagnostic.Source.GetText(diagnostic.Span));
    }

    [Theory]
    [InlineData("excluded time counts as available")]
    [InlineData("excluded time is removed from the measured period")]
    public void StatedAccountingIsQuiet(string accounting) =>
        Assert.Empty(RuleHarness.Run(_rule, Sla($"    exclude incidents caused by customer\n    {accounting}\n")));
}
