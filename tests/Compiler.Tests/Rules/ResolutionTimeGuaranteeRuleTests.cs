using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class ResolutionTimeGuaranteeRuleTests
{
    private readonly ResolutionTimeGuaranteeRule _rule = new();

    private static string Sla(string kind) => RuleHarness.Contract($$"""
          sla clock "Clock" {
            guarantee {{kind}} severity 1 incidents on api within 4 hours, every incident, per calendar month
            credit 5% of fee per breached incident
            credits capped at 20% of fee per month
          }
        """);

    [Fact]
    public void ResolutionGuaranteeIsReported()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, Sla("resolution of")));
        Assert.Contains("risky contractual liability", diagnostic.Message);
        Assert.StartsWith("guarantee resolution of", diagnostic.Source.GetText(diagnostic.Span));
    }

    [Fact]
    public void ResponseGuaranteeIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, Sla("response to")));

    [Fact]
    public void ResolutionAsKpiIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract(RuleHarness.DefaultSla + """

          kpi mttr "MTTR" {
            target mean time to resolve severity 1 incidents at most 30 minutes per calendar month
            supports availability
          }
        """)));
}
