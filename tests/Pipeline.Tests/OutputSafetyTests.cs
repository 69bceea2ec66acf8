using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>
/// Output that would silently overwrite or fail deep inside a write: contract names sharing a statement file name, and
/// output paths of the wrong kind. Each is an error before any work, located where the input is a contract.
/// </summary>
public class OutputSafetyTests
{
    private static IReadOnlyList<CheckedContract> Checked(string folder)
    {
        var services = new PipelineServices { Cache = () => null };
        var outcome = ContractSources.Check(ContractSources.Read([Path.Combine(Scratch.Cases, "bad", folder)], services), services);
        Assert.Empty(outcome.Problems);
        return outcome.Value!;
    }

    /// <summary>The bad case's golden (tests/cases/bad/contract-file-names-shared.verified.txt): once three "wrote" lines and one file.</summary>
    [Fact]
    public void Contract_names_that_give_one_statement_file_name_are_Sla0130_naming_both_contracts()
    {
        var problems = StatementContexts.SharedFileNames(Checked("contract-file-names-shared"), "-2026-10.pdf");
        Assert.Equal(2, problems.Length);
        Assert.All(problems, p => Assert.Equal("SLA0130", p.Diagnostic!.Code));
        var folder = Path.Combine(Scratch.Cases, "bad") + Path.DirectorySeparatorChar;
        var lines = problems.Select(p => p.ToString().Replace(folder, "", StringComparison.Ordinal).Replace('\\', '/')).ToList();
        lines.Add($"{problems.Length} errors, 0 warnings, 0 hints");
        GoldenFile.Verify(Path.Combine(Scratch.Cases, "bad", "contract-file-names-shared.verified.txt"), string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void A_statement_batch_with_names_sharing_a_file_name_writes_nothing()
    {
        using var scratch = new Scratch();
        var output = Path.Combine(scratch.Directory, "out");
        var request = new StatementRequest([Path.Combine(Scratch.Cases, "bad", "contract-file-names-shared")], Scratch.ExampleData,
            new Runtime.Evaluation.EvaluationPeriod(2026, month: 10), NodaTime.Instant.FromUtc(2026, 11, 15, 0, 0), output, false,
            Reports.Templating.TemplateSet.LoadDefaults().Templates!, null);
        var outcome = Statements.Write(request, scratch.Services());
        Assert.Null(outcome.Value);
        Assert.Equal(["SLA0130", "SLA0130"], outcome.Problems.Select(p => p.Diagnostic?.Code));
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
    }

    [Fact]
    public void Output_paths_of_the_wrong_kind_or_unwritable_are_errors_naming_the_option()
    {
        using var scratch = new Scratch();
        var folder = scratch.Folder("a-folder");
        var file = scratch.Write("a-file", "x");
        Assert.Equal("error: --output '" + folder + "' is a folder; name a file", OutputPaths.FileProblem(folder, "--output")!.ToString());
        Assert.Equal("error: --out '" + file + "' is a file; name a folder", OutputPaths.FolderProblem(file, "--out")!.ToString());
        Assert.StartsWith("error: the folder of --out '", OutputPaths.FileProblem(Path.Combine(file, "report.pdf"), "--out")!.ToString());
        // A folder nobody may create or write into (root may write anywhere else, so /proc stands in for a read-only folder).
        if (OperatingSystem.IsLinux()) Assert.StartsWith("error: cannot write into --out '/proc/self/sla'", OutputPaths.FolderProblem("/proc/self/sla", "--out")!.ToString());
        Assert.Null(OutputPaths.FolderProblem(Path.Combine(folder, "new", "deeper"), "--out"));
        Assert.Null(OutputPaths.FileProblem(Path.Combine(folder, "report.sarif"), "--output"));
    }
}
