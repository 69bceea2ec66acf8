using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>Reading and checking contract files: problems come back as values, located where they can be.</summary>
public class ContractSourcesTests
{
    private static Outcome<IReadOnlyList<CheckedContract>> CheckCase(string folder)
    {
        var services = new PipelineServices { Cache = () => null };
        return ContractSources.Check(ContractSources.Read([Path.Combine(Scratch.Cases, "bad", folder)], services), services);
    }

    [Fact]
    public void ContractDefinedInTwoFilesIsSla0128AtTheSecondName()
    {
        var outcome = CheckCase("contract-defined-twice");
        Assert.Null(outcome.Value);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(ProblemKind.Error, problem.Kind);
        var diagnostic = problem.Diagnostic!;
        Assert.Equal("SLA0128", diagnostic.Code);
        Assert.EndsWith("second.sla", diagnostic.Source.Path);
        // line 2 of second.sla, at the opening quote of "Acme" (col 10)
        var position = diagnostic.Source.GetPosition(diagnostic.Span.Start);
        Assert.Equal((2, 10), (position.Line, position.Column));
        Assert.Contains("first.sla(2)", diagnostic.Message);
    }

    /// <summary>The bad case's golden (tests/cases/bad/contract-defined-twice.verified.txt), paths relative to the case folder.</summary>
    [Fact]
    public void ContractDefinedInTwoFilesMatchesItsGolden()
    {
        var outcome = CheckCase("contract-defined-twice");
        var folder = Path.Combine(Scratch.Cases, "bad") + Path.DirectorySeparatorChar;
        var lines = outcome.Problems.Select(p => p.ToString().Replace(folder, "", StringComparison.Ordinal).Replace('\\', '/')).ToList();
        lines.Add($"{outcome.Problems.Count(p => p.Kind == ProblemKind.Error)} errors, 0 warnings, 0 hints");
        GoldenFile.Verify(Path.Combine(Scratch.Cases, "bad", "contract-defined-twice.verified.txt"), string.Join("\n", lines) + "\n");
    }

    /// <summary>
    /// An amendment that changes no contract of the run is refused, located at the contract's name in the amendment: SLA0265
    /// for a name no file defines; the amendment of the contract written in full beside it is accepted
    /// (tests/cases/bad/amendment-of-no-form.verified.txt).
    /// </summary>
    [Fact]
    public void AmendmentsOfNoOrderFormMatchTheirGolden()
    {
        var outcome = CheckCase("amendment-of-no-form");
        Assert.Null(outcome.Value);
        Assert.Equal(["SLA0265"], outcome.Problems.Where(p => p.Diagnostic is not null).Select(p => p.Diagnostic!.Code));
        var folder = Path.Combine(Scratch.Cases, "bad") + Path.DirectorySeparatorChar;
        var lines = outcome.Problems.Select(p => p.ToString().Replace(folder, "", StringComparison.Ordinal).Replace('\\', '/')).ToList();
        lines.Add($"{outcome.Problems.Count(p => p.Kind == ProblemKind.Error)} errors, 0 warnings, 0 hints");
        GoldenFile.Verify(Path.Combine(Scratch.Cases, "bad", "amendment-of-no-form.verified.txt"), string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void TheSameTwoFilesCheckedAloneAreClean()
    {
        var services = new PipelineServices { Cache = () => null };
        foreach (var file in new[] { "first.sla", "second.sla" })
        {
            var outcome = ContractSources.Check(ContractSources.Read([Path.Combine(Scratch.Cases, "bad", "contract-defined-twice", file)], services), services);
            Assert.Empty(outcome.Problems);
            Assert.Single(outcome.Value!);
        }
    }

    [Fact]
    public void MissingPathIsAProblemNotAnException()
    {
        using var scratch = new Scratch();
        var services = scratch.Services();
        var good = scratch.Write("a.sla", Scratch.Customer(1));
        var read = ContractSources.Read([good, Path.Combine(scratch.Directory, "nope.sla")], services);
        Assert.True(read.Failed);
        Assert.Equal($"error: no such file or folder: '{Path.Combine(scratch.Directory, "nope.sla")}'", Assert.Single(read.Problems).ToString());
        // The file that was there is still checked (every error of a run is reported), but the run stops.
        var outcome = ContractSources.Check(read, services);
        Assert.Null(outcome.Value);
        Assert.Single(outcome.Problems);
    }

    [Fact]
    public void UnreadableFileIsAProblemWithItsPath()
    {
        using var scratch = new Scratch();
        var path = scratch.Write("a.sla", Scratch.Customer(1));
        var services = scratch.Services() with { ReadText = p => throw new UnauthorizedAccessException("Access denied.") };
        var read = ContractSources.Read([path], services);
        Assert.Equal($"error: cannot read '{path}': Access denied.", Assert.Single(read.Problems).ToString());
    }

    [Fact]
    public void AFolderWithoutContractsSaysSo()
    {
        using var scratch = new Scratch();
        var empty = scratch.Folder("empty");
        var read = ContractSources.Read([empty], scratch.Services());
        Assert.True(read.NothingFound);
        Assert.Equal($"error: no contract files (*.sla, *.orders.csv) under '{empty}'", Assert.Single(read.Problems).ToString());
    }

    [Fact]
    public void ContractErrorsComeBackLocated()
    {
        using var scratch = new Scratch();
        var path = scratch.Write("bad.sla", Scratch.Customer(1).Replace("availability of api", "availability of web"));
        var services = scratch.Services();
        var outcome = ContractSources.Check(ContractSources.Read([path], services), services);
        Assert.Null(outcome.Value);
        Assert.Contains(outcome.Problems, p => p.Diagnostic?.Code == "SLA0101");
        Assert.Equal($"error: '{path}' has errors; run 'sla check' for the full report", outcome.Problems[^1].ToString());
    }
}
