using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class KpiWithoutSafetyMarginRuleTests
{
    private readonly KpiWithoutSafetyMarginRule _rule = new();

    private static string WithKpiTarget(string target) =>
        RuleHarness.Contract(RuleHarness.DefaultSla + "\n" + RuleHarness.DefaultKpi.Replace("availability of api at least 99.95%", target));

    [Fact]
    public void StricterTargetIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Theory]
    [InlineData("availability of api at least 99.9%")]   // equal: no margin
    [InlineData("availability of api at least 99.5%")]   // looser than the SLA
    public void EqualOrLooserTargetIsReported(string target)
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, WithKpiTarget(target)));
        Assert.Contains("kpi 'buffer'", diagnostic.Message);
        Assert.Contains("sla 'availability' target at least 99.9%", diagnostic.Message);
    }

    [Fact]
    public void DifferentMeasuresAreNotCompared() =>
        Assert.Empty(RuleHarness.Run(_rule, WithKpiTarget("success rate of api requests at least 90%")));

    [Fact]
    public void ResponseClockTargetMustBeShorter()
    {
        const string sla = """
              sla response "Response" {
                guarantee response to severity 1 incidents on api within 15 minutes, every incident, per calendar month
                credit 5% of fee per breached incident
                credits capped at 20% of fee per month
              }
              kpi fast "Fast" {
                target response to severity 1 incidents on api within 15 minutes, every incident, per calendar month
                supports response
              }
            """;
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, RuleHarness.Contract(sla)));
        Assert.Contains("target within 15 minutes is not stricter than sla 'response' target within 15 minutes", diagnostic.Message);
        Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract(sla.Replace("within 15 minutes, every incident, per calendar month\n    supports", "within 10 minutes, every incident, per calendar month\n    supports"))));
    }
}
