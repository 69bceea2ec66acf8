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

/// <summary>Data no contract reads is reported: once incidents on 'Checkout' (the contract says 'checkout') vanished, 100% met.</summary>
public class UnreadDataTests
{
    [Theory]
    [InlineData("Checkout", "checkout")]   // the same letters in another case
    [InlineData("chekout", "checkout")]    // one edit away
    [InlineData("payment", "payments")]    // one edit away, the other declared name further
    [InlineData("billing", null)]          // nothing close
    public void The_nearest_declared_name_is_the_same_letters_or_at_most_two_edits_away(string service, string? nearest) =>
        Assert.Equal(nearest, UnreadData.Nearest(service, ["checkout", "payments", "api"]));

    [Fact]
    public void Records_on_an_undeclared_service_and_files_not_read_are_warnings_with_counts()
    {
        using var scratch = new Scratch();
        var contracts = scratch.Folder("contracts");
        File.Copy(Path.Combine(Scratch.ExampleContracts, "ecommerce-checkout.sla"), Path.Combine(contracts, "checkout.sla"));
        var data = scratch.Folder("data");
        File.WriteAllText(Path.Combine(data, "incidents.csv"), "id,service,severity,impact,started,resolved\n" +
            "I1,Checkout,1,outage,2026-10-06T14:10:00Z,2026-10-06T14:55:00Z\nI2,Checkout,1,outage,2026-10-07T14:10:00Z,2026-10-07T14:55:00Z\n" +
            "I3,checkout,1,outage,2026-10-08T14:10:00Z,2026-10-08T14:55:00Z\n");
        File.WriteAllText(Path.Combine(data, "incidents.json"), "[]");
        var outcome = EvaluationRun.Open(new EvaluationRequest([contracts], data, new Runtime.Evaluation.EvaluationPeriod(2026, month: 10), NodaTime.Instant.FromUtc(2026, 11, 15, 0, 0)), scratch.Services());
        Assert.NotNull(outcome.Value);
        outcome.Value.Dispose();
        var warnings = outcome.Problems.Where(p => p.Kind == ProblemKind.Warning).Select(p => p.ToString()).ToList();
        Assert.Contains(warnings, w => w.Contains("incidents.json' in the data folder is not read", StringComparison.Ordinal));
        Assert.Contains("warning: data: 2 incidents on service 'Checkout', which no contract declares; they count in no result (did you mean 'checkout'?)", warnings);
    }
}
