using System.Text.RegularExpressions;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>The command line goes through the pipeline: it references only this project and calls no stage directly.</summary>
public partial class LayeringTests
{
    private static readonly string Cli = Path.Combine(Scratch.Root, "src", "Cli");

    [Fact]
    public void CliReferencesOnlyThePipeline()
    {
        var project = File.ReadAllText(Path.Combine(Cli, "SlaKpiDsl.Cli.csproj"));
        var references = ProjectReference().Matches(project).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["../Pipeline/SlaKpiDsl.Pipeline.csproj", "../LanguageServer/SlaKpiDsl.LanguageServer.csproj"], references);
    }

    [Fact]
    public void LanguageServerReferencesOnlyThePipeline()
    {
        var project = File.ReadAllText(Path.Combine(Scratch.Root, "src", "LanguageServer", "SlaKpiDsl.LanguageServer.csproj"));
        var references = ProjectReference().Matches(project).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["../Pipeline/SlaKpiDsl.Pipeline.csproj"], references);
    }

    /// <summary>The types that check, compile, load or evaluate: the Cli names none of them (it prints their results).</summary>
    [Theory]
    [InlineData("ContractChecker")]
    [InlineData("ContractCompilation")]
    [InlineData("EvaluatorCompiler")]
    [InlineData("ContractFormatting")]
    [InlineData("ScenarioRunner")]
    [InlineData("DataDirectory")]
    [InlineData("DataSnapshotCache")]
    [InlineData("DataFile.")]
    [InlineData("ContractInputs")]
    [InlineData(".Evaluate(")]
    public void CliCallsNoStageDirectly(string stage)
    {
        var offenders = Directory.GetFiles(Cli, "*.cs").Where(f => File.ReadAllText(f).Contains(stage, StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Empty(offenders);
    }

    [GeneratedRegex("<ProjectReference Include=\"([^\"]+)\"")]
    private static partial Regex ProjectReference();
}
