using SlaKpiDsl.Compiler.Rules;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests.Rules;

/// <summary>Builds small contracts and runs one rule on them, after checking they bind without errors.</summary>
public static class RuleHarness
{
    public const string DefaultSla = """
          sla availability "Availability" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credits capped at 50% of fee per month
          }
        """;

    public const string DefaultKpi = """
          kpi buffer "Buffer" {
            target availability of api at least 99.95% per calendar month
            supports availability
          }
        """;

    public static string Contract(string blocks = DefaultSla + "\n" + DefaultKpi, string header = "  time zone \"UTC\"\n") => $$"""
        contract "C" {
          effective 2026-01-01 until 2027-01-01
        {{header}}  fee 1000.00 USD per month
          service api "API"
        {{blocks}}
        }
        """;

    /// <summary>What the rule reports (before suppressions), asserting the contract itself is error-free.</summary>
    public static IReadOnlyList<Diagnostic> Run(ILintRule rule, string text)
    {
        var result = ContractChecker.Check(new SourceText("t.sla", text));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var contract = Assert.Single(result.Model!.Contracts);
        var findings = rule.Analyse(new LintContext(result.Parse.Source, contract)).ToList();
        Assert.All(findings, f => Assert.Equal(rule.Code, f.Diagnostic.Code));
        return [.. findings.Select(f => f.Diagnostic)];
    }
}
