using System.Collections.Immutable;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Pipeline;

/// <summary>The contract files read in path order, and why any named path could not be read (missing, unreadable, nothing found).</summary>
public sealed record ReadContracts(ImmutableArray<SourceText> Sources, ImmutableArray<PipelineProblem> Problems)
{
    /// <summary>Some path was missing or unreadable: the run stops after checking what was read (so every error is reported).</summary>
    public bool Failed => !Problems.IsEmpty;

    /// <summary>Nothing at all was found: there is nothing to check.</summary>
    public bool NothingFound { get; init; }
}

/// <summary>One bound contract with the file (path and text) it was read from and where its name is written there.</summary>
public sealed record CheckedContract(BoundContract Contract, SourceText Source, SourceSpan NameSpan);

/// <summary>
/// Step one and two of the pipeline: find contract files (<see cref="ContractFiles"/>), read them, check and bind each,
/// and check across files that no contract name is defined twice (SLA0128, located at the second definition's name).
/// </summary>
public static class ContractSources
{
    public static ReadContracts Read(IReadOnlyList<string> paths, PipelineServices services)
    {
        var discovery = ContractFiles.Discover(paths);
        var problems = ImmutableArray.CreateBuilder<PipelineProblem>();
        foreach (var missing in discovery.Missing) problems.Add(PipelineProblem.Error($"no such file or folder: '{missing}'"));
        if (discovery.Files.Count == 0 && discovery.Missing.Count == 0)
        {
            problems.Add(PipelineProblem.Error($"no contract files (*.sla, *.orders.csv) under {string.Join(", ", paths.Select(p => $"'{p}'"))}"));
            return new ReadContracts([], problems.ToImmutable()) { NothingFound = true };
        }
        // A fleet's files are read on every core (results kept in path order); a few files are read in turn.
        var texts = new (SourceText? Source, string? Problem)[discovery.Files.Count];
        void ReadOne(int i)
        {
            var path = discovery.Files[i];
            try
            {
                texts[i] = (new SourceText(path, services.ReadText(path)), null);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                texts[i] = (null, $"cannot read '{path}': {exception.Message}");
            }
        }
        if (texts.Length >= Evaluators.ParallelFrom) Parallel.For(0, texts.Length, ReadOne);
        else for (var i = 0; i < texts.Length; i++) ReadOne(i);
        var sources = ImmutableArray.CreateBuilder<SourceText>(texts.Length);
        foreach (var (source, problem) in texts)
        {
            if (source is not null) sources.Add(source);
            else problems.Add(PipelineProblem.Error(problem!));
        }
        return new ReadContracts(sources.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>
    /// Checks every read file (in parallel from <see cref="Evaluators.ParallelFrom"/> files on, results in path
    /// order); the contracts when no file has errors, nothing was missing and no contract name is defined twice.
    /// Warnings never stop a run (they are for <c>sla check</c>).
    /// </summary>
    public static Outcome<IReadOnlyList<CheckedContract>> Check(ReadContracts read, PipelineServices services)
    {
        var problems = ImmutableArray.CreateBuilder<PipelineProblem>();
        problems.AddRange(read.Problems);
        if (read.NothingFound) return new(null, problems.ToImmutable());
        var results = new CheckResult[read.Sources.Length];
        var templates = TemplateChecking.Library(read.Sources);
        if (results.Length >= Evaluators.ParallelFrom) Parallel.For(0, results.Length, i => results[i] = TemplateChecking.Check(read.Sources[i], templates, services));
        else for (var i = 0; i < results.Length; i++) results[i] = TemplateChecking.Check(read.Sources[i], templates, services);
        var failed = read.Failed;
        var contracts = new List<CheckedContract>();
        for (var i = 0; i < results.Length; i++)
        {
            var (source, result) = (read.Sources[i], results[i]);
            if (result.HasErrors || result.Model is null)
            {
                problems.AddRange(result.Diagnostics.Select(PipelineProblem.Located));
                problems.Add(PipelineProblem.Error($"'{source.Path}' has errors; run 'sla check' for the full report"));
                failed = true;
                continue;
            }
            contracts.AddRange(result.Model.Contracts.Select(c => result.Origins.TryGetValue(c.Name, out var origin)
                ? new CheckedContract(c, origin.Source, origin.NameSpan)
                : new CheckedContract(c, source, NameSpan(result, c))));
        }
        var duplicates = DefinedTwice(contracts);
        problems.AddRange(duplicates);
        if (!failed)
        {
            var unamended = TemplateChecking.AmendmentsOfNoForm(templates, contracts.Select(c => c.Contract)).Select(PipelineProblem.Located).ToList();
            problems.AddRange(unamended);
            failed = unamended.Count > 0;
        }
        return failed || duplicates.Length > 0 ? new(null, problems.ToImmutable()) : new(contracts, problems.ToImmutable());
    }

    /// <summary>SLA0128 for each contract whose name an earlier file (in path order) already defines; within one file the binder reports SLA0104.</summary>
    public static ImmutableArray<PipelineProblem> DefinedTwice(IReadOnlyList<CheckedContract> contracts)
    {
        var first = new Dictionary<string, CheckedContract>(StringComparer.Ordinal);
        var problems = ImmutableArray.CreateBuilder<PipelineProblem>();
        foreach (var contract in contracts)
        {
            if (first.TryAdd(contract.Contract.Name, contract)) continue;
            var earlier = first[contract.Contract.Name];
            problems.Add(PipelineProblem.Located(DiagnosticBuilder.ContractDefinedInTwoFiles(contract.Source, contract.NameSpan, contract.Contract.Name,
                earlier.Source.Path, earlier.Source.GetPosition(earlier.NameSpan.Start).Line)));
        }
        return problems.ToImmutable();
    }

    /// <summary>Where a contract's name is written in its file (the whole contract when not found).</summary>
    public static SourceSpan NameSpan(CheckResult result, BoundContract contract) =>
        result.Parse.Root.Members.OfType<ContractSyntax>().FirstOrDefault(c => c.Name.Value == contract.Name)?.Name.Span ?? contract.Span;
}
