using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

/// <summary>
/// SLA1055 warns exactly where the compiled evaluator would say "not yet supported", and nowhere else: the rule asks
/// the emitter, so these tests also pin that the two agree (the examples' evaluation is checked in ExamplesTests).
/// </summary>
public class NotEvaluableRuleTests
{
    private readonly NotEvaluableRule _rule = new();

    private const string QuarterlySla = """
          sla availability "Availability" {
            guarantee availability of api at least 99.9% per calendar quarter
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credits capped at 50% of fee per quarter
          }
        """;

    [Fact]
    public void EvaluableContractIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Fact]
    public void MonthlyAvailabilityKpiBesideAQuarterlySlaIsReportedAtItsTarget()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, RuleHarness.Contract(QuarterlySla + "\n" + RuleHarness.DefaultKpi)));
        Assert.Equal("target availability of api at least 99.95% per calendar month", diagnostic.Source.GetText(diagnostic.Span).Trim());
        Assert.Contains("kpi 'buffer' cannot be evaluated", diagnostic.Message);
        Assert.Contains("an availability KPI without an SLA guarantee of the same services and window", diagnostic.Message);
    }

    [Fact]
    public void KpiOfTheSlasOwnWindowIsQuiet() =>
        Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract(QuarterlySla + "\n" + RuleHarness.DefaultKpi.Replace("per calendar month", "per calendar quarter"))));

    [Fact]
    public void SlaWithAMonthlyExclusionCapInsideAQuarterIsReportedAtItsGuarantee()
    {
        var sla = QuarterlySla.Replace("    credit 10%", "    exclude maintenance announced at least 72 hours ahead, at most 4 hours per month\n    excluded time counts as available\n    credit 10%");
        var kpi = RuleHarness.DefaultKpi.Replace("per calendar month", "per calendar quarter");
        var diagnostics = RuleHarness.Run(_rule, RuleHarness.Contract(sla + "\n" + kpi));
        var diagnostic = Assert.Single(diagnostics, d => d.Message.StartsWith("sla 'availability'", StringComparison.Ordinal));
        Assert.StartsWith("guarantee availability of api at least 99.9% per calendar quarter", diagnostic.Source.GetText(diagnostic.Span).Trim());
    }

    [Fact]
    public void ASuppressionInTheKpiSilencesIt()
    {
        var kpi = RuleHarness.DefaultKpi.Replace("    supports availability\n", "    supports availability\n    suppress SLA1055 because \"the monthly buffer is watched in the ops dashboard\"\n");
        var result = ContractChecker.Check(new SlaKpiDsl.Dsl.Text.SourceText("t.sla", RuleHarness.Contract(QuarterlySla + "\n" + kpi)));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code is "SLA1055" or "SLA1900");
    }
}
