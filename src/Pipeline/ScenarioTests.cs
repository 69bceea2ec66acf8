using System.Collections.Immutable;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Compiler.Testing;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>A contract or test file as checked: its text and check result, or why it could not be read.</summary>
public sealed record ScenarioFile(string Path, SourceText? Source, CheckResult? Check, string? ReadError)
{
    public bool HasErrors => Check is null || Check.HasErrors;
}

/// <summary>A file with errors whose tests could not run (each counts as failed).</summary>
public sealed record NotRunFile(SourceText Source, int Tests);

/// <summary>One test's outcome with the file it is written in.</summary>
public sealed record ScenarioTestOutcome(SourceText Source, ScenarioOutcome Outcome);

/// <summary>
/// What <c>sla test</c> found: the missing paths, every file checked (in check order: contracts first), the files
/// whose tests could not run, problems (a contract defined twice, a bug) and each test's outcome.
/// </summary>
public sealed record ScenarioTestRun(
    ImmutableArray<string> Missing,
    ImmutableArray<ScenarioFile> Files,
    ImmutableArray<NotRunFile> NotRun,
    ImmutableArray<PipelineProblem> Problems,
    ImmutableArray<ScenarioTestOutcome> Outcomes)
{
    public int Passed => Outcomes.Count(o => o.Outcome.Passed);
    public int Failed => Outcomes.Count(o => !o.Outcome.Passed) + NotRun.Sum(f => f.Tests);
    public int UnreadableFiles => Files.Count(f => f.ReadError is not null);
}

/// <summary>
/// The scenario <c>test</c> blocks of contracts (<c>*.sla</c>) and of test files beside them (<c>*.sla-test</c>, whose
/// tests may name any contract of a <c>.sla</c> file in the same folder), run on the compiled evaluators (one batch for
/// every contract a test names, cached).
/// </summary>
public static class ScenarioTests
{
    /// <summary>The extension of a file that holds only tests, for contracts in <c>.sla</c> files of the same folder.</summary>
    public const string TestFileExtension = ".sla-test";

    public static ScenarioTestRun Run(IReadOnlyList<string> paths, PipelineServices services)
    {
        var (contractFiles, contextFiles, testFiles, missing) = Discover(paths);
        // Contracts first: a .sla-test file binds against the contracts of its folder.
        var files = new List<ScenarioFile>();
        foreach (var path in contractFiles.Concat(contextFiles)) files.Add(Check(path, services, services.Check));
        var goodContracts = files.Where(f => !f.HasErrors).ToList();
        foreach (var path in testFiles)
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            IReadOnlyList<BoundContract> beside = [.. goodContracts
                .Where(f => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(f.Path)) == folder)
                .SelectMany(f => f.Check!.Model!.Contracts)];
            files.Add(Check(path, services, c => services.CheckBeside(c, beside)));
        }
        // Its tests cannot run: each counts as failed, so a broken file never passes by running nothing.
        var notRun = files.Where(f => f.ReadError is null && f.Check!.HasErrors)
            .Select(f => new NotRunFile(f.Source!, Math.Max(1, f.Check!.Parse.Root.Tests.Count()))).ToImmutableArray();
        // Contracts that only came along as the context of a named .sla-test file are compiled, but their own tests not run.
        var context = contextFiles.ToHashSet(StringComparer.Ordinal);
        var runnable = files.Where(f => !f.HasErrors && !context.Contains(f.Path)).ToList();

        var contracts = new Dictionary<string, BoundContract>(StringComparer.Ordinal);
        var checkedContracts = goodContracts.SelectMany(f => f.Check!.Model!.Contracts.Select(c => new CheckedContract(c, f.Source!, NameSpan(f, c)))).ToList();
        var duplicates = ContractSources.DefinedTwice(checkedContracts);
        ScenarioTestRun Result(ImmutableArray<PipelineProblem> problems, ImmutableArray<ScenarioTestOutcome> outcomes) =>
            new([.. missing], [.. files], notRun, problems, outcomes);
        if (!duplicates.IsEmpty) return Result(duplicates, []);
        foreach (var contract in checkedContracts) contracts[contract.Contract.Name] = contract.Contract;

        // One batch compilation for every contract a test names (cached like sla evaluate's).
        var named = runnable.SelectMany(f => f.Check!.Model!.Tests).Select(t => t.Contract).ToHashSet(StringComparer.Ordinal);
        var toCompile = contracts.Values.Where(c => named.Contains(c.Name)).ToList();
        // Nothing to compile (no runnable test) is not an error of its own: the summary says what happened.
        if (toCompile.Count == 0) return Result([], [.. runnable.SelectMany(f => Outcomes(f, new Dictionary<string, (BoundContract, ICompiledContract)>()))]);
        var compiled = Evaluators.Compile(toCompile, services.Cache());
        if (compiled.Value is null) return Result(compiled.Problems, []);
        using var evaluators = compiled.Value;
        var byName = toCompile.Select((c, i) => (c, evaluators.Contracts[i]))
            .ToDictionary(p => p.c.Name, p => (Model: p.c, Evaluator: p.Item2), StringComparer.Ordinal);
        return Result([], [.. runnable.SelectMany(f => Outcomes(f, byName))]);
    }

    private static IEnumerable<ScenarioTestOutcome> Outcomes(ScenarioFile file, IReadOnlyDictionary<string, (BoundContract Model, ICompiledContract Evaluator)> evaluators) =>
        ScenarioRunner.Run(file.Source!, file.Check!.Model!.Tests, evaluators).Select(o => new ScenarioTestOutcome(file.Source!, o));

    private static SourceSpan NameSpan(ScenarioFile file, BoundContract contract) =>
        file.Check!.Parse.Root.Members.OfType<Dsl.Syntax.ContractSyntax>().FirstOrDefault(c => c.Name.Value == contract.Name)?.Name.Span ?? contract.Span;

    private static ScenarioFile Check(string path, PipelineServices services, Func<SourceText, CheckResult> check)
    {
        string text;
        try
        {
            text = services.ReadText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ScenarioFile(path, null, null, $"cannot read '{path}': {exception.Message}");
        }
        var source = new SourceText(path, text);
        return new ScenarioFile(path, source, check(source), null);
    }

    /// <summary>
    /// Contract files named or found in folders, the contract files of the folders of named <c>.sla-test</c> files (context
    /// only), and test files; each sorted and distinct; paths keep the form the user typed.
    /// </summary>
    private static (IReadOnlyList<string> Contracts, IReadOnlyList<string> Context, IReadOnlyList<string> Tests, IReadOnlyList<string> Missing) Discover(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        var contracts = ContractFiles.Discover(list.Where(p => !p.EndsWith(TestFileExtension, StringComparison.Ordinal)));
        var tests = new SortedSet<string>(StringComparer.Ordinal);
        var context = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<string>(contracts.Missing);
        foreach (var path in list)
        {
            if (path.EndsWith(TestFileExtension, StringComparison.Ordinal))
            {
                if (!File.Exists(path))
                {
                    missing.Add(path);
                    continue;
                }
                tests.Add(path);
                var folder = System.IO.Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
                foreach (var file in Directory.EnumerateFiles(folder, "*.sla").Where(f => System.IO.Path.GetExtension(f) == ".sla")) context.Add(file);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*" + TestFileExtension, SearchOption.AllDirectories)) tests.Add(file);
            }
        }
        var named = contracts.Files.Select(System.IO.Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        context.RemoveWhere(f => named.Contains(System.IO.Path.GetFullPath(f)));
        return (contracts.Files, [.. context], [.. tests], missing);
    }
}
