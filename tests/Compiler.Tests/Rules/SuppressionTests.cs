using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests.Rules;

/// <summary>suppress at contract level covers the contract; inside a block only that block; unused ones are hinted.</summary>
public class SuppressionTests
{
    private const string TwoSlas = """
          sla a "A" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            suppress SLA1001 because "tracked elsewhere"
          }
          sla b "B" {
            guarantee availability of api at least 99.5% per calendar month
            downtime is incidents on api with impact outage
          }
        """;

    private static IReadOnlyList<Diagnostic> Check(string text) => ContractChecker.Check(new SourceText("t.sla", text)).Diagnostics;

    [Fact]
    public void BlockSuppressionCoversOnlyItsBlock()
    {
        var diagnostics = Check(RuleHarness.Contract(TwoSlas));
        var warning = Assert.Single(diagnostics);
        Assert.Equal("SLA1001", warning.Code);
        Assert.Contains("sla 'b'", warning.Message);
    }

    [Fact]
    public void ContractSuppressionCoversEveryBlockAndBlockOnesBecomeUnused()
    {
        var diagnostics = Check(RuleHarness.Contract(TwoSlas, header: "  time zone \"UTC\"\n  suppress SLA1001 because \"KPIs live in the ops repo\"\n"));
        // The block suppression in 'a' wins for 'a' (closest), the contract one covers 'b': both used, nothing reported.
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void UnusedSuppressionIsAHintNotAWarning()
    {
        var diagnostics = Check(RuleHarness.Contract(header: "  time zone \"UTC\"\n  suppress SLA1006 because \"zone stated anyway\"\n"));
        var hint = Assert.Single(diagnostics);
        Assert.Equal(("SLA1900", DiagnosticSeverity.Info), (hint.Code, hint.Severity));
    }

    [Fact]
    public void LintDoesNotRunOnFilesWithErrors()
    {
        var diagnostics = Check(RuleHarness.Contract(TwoSlas.Replace("of api at least 99.5%", "of web at least 99.5%")));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Contains(diagnostics, d => d.Code == "SLA0101");
    }
}
