using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class SlaWithoutSupportingKpiRuleTests
{
    private readonly SlaWithoutSupportingKpiRule _rule = new();

    [Fact]
    public void SupportedSlaIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Fact]
    public void SlaWithoutKpiIsReportedOnItsHeader()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, RuleHarness.Contract(RuleHarness.DefaultSla)));
        Assert.Contains("sla 'availability' has no supporting KPI", diagnostic.Message);
        Assert.Contains("smoke detector", diagnostic.Message);
        Assert.Equal("sla availability \"Availability\"", diagnostic.Source.GetText(diagnostic.Span));
    }

    [Fact]
    public void KpiWithoutSupportsDoesNotCount()
    {
        var kpi = RuleHarness.DefaultKpi.Replace("    supports availability\n", "");
        Assert.Single(RuleHarness.Run(_rule, RuleHarness.Contract(RuleHarness.DefaultSla + "\n" + kpi)));
    }
}
