using SlaKpiDsl.Compiler.Rules;

namespace SlaKpiDsl.Compiler.Tests.Rules;

public class TimeZoneUnstatedRuleTests
{
    private readonly TimeZoneUnstatedRule _rule = new();

    [Fact]
    public void StatedZoneIsQuiet() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract()));

    [Fact]
    public void StatedUtcIsQuietToo() => Assert.Empty(RuleHarness.Run(_rule, RuleHarness.Contract(header: "  time zone \"Etc/UTC\"\n")));

    [Fact]
    public void UnstatedZoneIsReportedOnTheContractLine()
    {
        var diagnostic = Assert.Single(RuleHarness.Run(_rule, RuleHarness.Contract(header: "")));
        Assert.Contains("UTC midnights", diagnostic.Message);
        Assert.Equal("contract \"C\"", diagnostic.Source.GetText(diagnostic.Span));
    }
}
