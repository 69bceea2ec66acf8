using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>What <c>sla statement</c> writes: one statement (PDF and JSON) per contract of the paths for one period.</summary>
public sealed record StatementRequest(
    IReadOnlyList<string> ContractPaths,
    string DataDirectory,
    EvaluationPeriod Period,
    Instant AsOf,
    string OutputDirectory,
    bool Overwrite,
    TemplateSet Templates,
    SigningOptions? Signing);

/// <summary>One contract's statement: the PDF written (its JSON beside it), or why not; the renderer's warnings either way.</summary>
public sealed record StatementOutcome(string Contract, string? PdfPath, string? Problem, ImmutableArray<string> Warnings);

/// <summary>Every contract's outcome in path order, and how many generated classes their evaluators shared.</summary>
public sealed record StatementBatch(ImmutableArray<StatementOutcome> Outcomes, int EvaluatorClasses, int Statements);

/// <summary>
/// Statements for a batch of contracts: check and bind every file, load the data once (hashed as read), compile ALL
/// contracts as one batch (contracts of one shape share one class; cached), evaluate each on its own records, map,
/// render, sign and write, two contracts per core at a time. A failure for one contract is its outcome; the others go on.
/// </summary>
public static class Statements
{
    /// <summary>
    /// Statements rendered at once: two per core. Every <see cref="OutputBatch.GroupSize"/> statements the worker that
    /// completes a group waits on the disk (<see cref="OutputBatch"/>: one flush of the group, renames, the folder's
    /// flush), not the CPU; a second worker per core keeps the core busy meanwhile. One statement in flight holds well
    /// under a megabyte, so the extra workers cost little memory.
    /// </summary>
    internal static int Workers => 2 * Math.Max(1, Environment.ProcessorCount);

    /// <param name="progress">Called once with the number of statements to write; returns what to call after each.</param>
    public static Outcome<StatementBatch> Write(StatementRequest request, PipelineServices services, Func<int, Action>? progress = null)
    {
        if (OutputPaths.FolderProblem(request.OutputDirectory, "--out") is { } outProblem) return new(null, [outProblem]);
        var read = ContractSources.Read(request.ContractPaths, services);
        RunTimings.Mark("read contract files");
        var contracts = ContractSources.Check(read, services);
        RunTimings.Mark("check + bind contracts");
        if (contracts.Value is not { } checkedContracts) return new(null, contracts.Problems);
        var shared = StatementContexts.SharedFileNames(checkedContracts, $"-{request.Period}.pdf");
        if (shared.Length > 0) return new(null, [.. contracts.Problems, .. shared]);
        var prepared = PreparedBatch.Prepare(checkedContracts, contracts.Problems, request.DataDirectory, request.Period, request.AsOf, services);
        if (prepared.Value is null) return new(null, prepared.Problems);
        using var batch = prepared.Value;
        var (evaluators, inputs, dataSha256) = (batch.Compiled, batch.Inputs,
            batch.Data.Sha256 ?? throw new InvalidOperationException("a statement's data is always loaded with its hash"));
        var tick = progress?.Invoke(batch.Evaluators.Length);
        var outcomes = new StatementOutcome[batch.Evaluators.Length];
        inputs.Prepare(batch.Evaluators.Select(e => e.Facts));
        RunTimings.Mark("contract inputs");
        using (var files = new OutputBatch(request.OutputDirectory, request.Overwrite))
        {
            Parallel.For(0, outcomes.Length, new ParallelOptions { MaxDegreeOfParallelism = Workers }, i =>
            {
                outcomes[i] = One(i, batch.Checked(checkedContracts, i), batch.Evaluators[i], dataSha256, inputs, request, files,
                    StatementContexts.PartWordings(batch.Versions(checkedContracts, i)));
                tick?.Invoke();
            });
            // The last group's files get their names here; a statement whose files could not be named failed after all.
            RunTimings.Mark("statements rendered");
            foreach (var (i, problem) in files.Complete())
            {
                outcomes[i] = outcomes[i] with { PdfPath = null, Problem = problem };
            }
            RunTimings.Mark("last commit");
        }
        var classes = evaluators.Contracts.Select(c => c.GetType()).Distinct().Count();
        return new(new StatementBatch([.. outcomes], classes, outcomes.Length), prepared.Problems);
    }

    /// <summary>Evaluates, maps, renders, writes one contract's statement; an exception is that contract's outcome (a bug, said so).</summary>
    private static StatementOutcome One(int index, CheckedContract contract, ICompiledContract evaluator, string dataSha256, ContractInputs inputs, StatementRequest request,
        OutputBatch files, IEnumerable<KeyValuePair<string, Reports.Mapping.CommitmentWording>> partWordings)
    {
        var name = contract.Contract.Name;
        try
        {
            var input = inputs.For(evaluator.Facts);
            var evaluation = evaluator.Evaluate(input);
            var footer = new StatementFooter(StatementContexts.Sha256(contract.Source.Text), dataSha256, Evaluators.Identity(evaluator));
            // The ledgers name each incident's service, severity, impact and title from the records evaluated.
            var document = StatementMapping.Map(evaluation, StatementContexts.Context(contract.Contract, footer) is var context ? context with { Incidents = input.IncidentObjects(), Versions = evaluator.Facts?.Versions ?? [], Commitments = context.Commitments.SetItems(partWordings) } : null!);
            var rendered = StatementRenderer.Render(document, request.Templates, request.Signing);
            if (!rendered.IsSuccess) return new StatementOutcome(name, null, string.Join("; ", rendered.Errors), []);
            var (paths, problem) = files.Add(index, rendered, $"{StatementContexts.Slug(name)}-{request.Period}");
            var warnings = rendered.Warnings.ToList();
            if (document.Commitments.All(c => c.Verdict == StatementVerdict.NotEvaluated))
                warnings.Add("no SLA of this contract could be evaluated for the period; the statement says so");
            return new StatementOutcome(name, paths.PdfPath, problem, [.. warnings]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The output folder was checked before the batch; a write can still fail (disk full, permissions changed).
            return new StatementOutcome(name, null, $"cannot write the statement into '{request.OutputDirectory}': {exception.Message}", []);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // One customer's failure must not cost the others their statements; the message says it is a bug.
            return new StatementOutcome(name, null, $"internal error ({exception.GetType().Name}: {exception.Message}) -- this is a bug in sla, please report it", []);
        }
    }
}
