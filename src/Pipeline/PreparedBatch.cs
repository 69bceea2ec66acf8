using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// What every command that evaluates shares (evaluate, explain, statements, KPI reports): the data loaded once (snapshot
/// cache, hashed as read) on the other core while the contracts are compiled or found in the cache, every contract
/// compiled as one batch (owned here: dispose it), each contract's records, and the data no contract reads reported.
/// <see cref="Compiled"/>'s contracts are in the order of the contracts given.
/// </summary>
internal sealed class PreparedBatch : IDisposable
{
    private PreparedBatch(LoadedData data, CompiledContracts compiled, ContractInputs inputs, EvaluationPeriod period, Instant asOf)
    {
        Period = period;
        AsOf = asOf;
        Data = data;
        Compiled = compiled;
        Inputs = inputs;
        (Evaluators, lastVersion) = AmendedVersions.Group(compiled.Contracts);
    }

    private readonly ImmutableArray<int> lastVersion;

    /// <summary>
    /// One evaluator per contract as the customer knows it: the versions of an amended contract (compiled side by side,
    /// consecutive in <see cref="Compiled"/>) as one <see cref="AmendedContract"/>; every other evaluator as compiled.
    /// </summary>
    public ImmutableArray<ICompiledContract> Evaluators { get; }

    /// <summary>
    /// The checked contract behind <see cref="Evaluators"/>[<paramref name="index"/>] (<paramref name="contracts"/> in the
    /// order compiled): for an amended contract, its latest version named and dated as the contract (what documents word).
    /// </summary>
    /// <summary>Every version's contract behind <see cref="Evaluators"/>[<paramref name="index"/>] (one for a contract never amended).</summary>
    public IEnumerable<BoundContract> Versions(IReadOnlyList<CheckedContract> contracts, int index)
    {
        var count = Evaluators[index] is AmendedContract amended ? amended.Versions.Length : 1;
        return Enumerable.Range(lastVersion[index] - count + 1, count).Select(i => contracts[i].Contract);
    }

    public CheckedContract Checked(IReadOnlyList<CheckedContract> contracts, int index)
    {
        var last = contracts[lastVersion[index]];
        if (last.Contract.Version is not { } version) return last;
        var facts = Evaluators[index].Facts!;
        return last with { Contract = last.Contract with { Name = version.Contract, EffectiveStart = facts.EffectiveStart, EffectiveEnd = facts.EffectiveEnd } };
    }

    public LoadedData Data { get; }
    public EvaluationPeriod Period { get; }
    public Instant AsOf { get; }
    public CompiledContracts Compiled { get; }

    /// <summary>Each contract on its own services' records where its facts allow (one partition, shared by all contracts and periods).</summary>
    public ContractInputs Inputs { get; }

    /// <summary>Contracts already checked and bound (statements and KPI reports word the contract from its model).</summary>
    public static Outcome<PreparedBatch> Prepare(IReadOnlyList<CheckedContract> contracts, ImmutableArray<PipelineProblem> problemsSoFar,
        string dataDirectory, EvaluationPeriod period, Instant asOf, PipelineServices services) =>
        Prepare(() => Pipeline.Evaluators.Compile([.. contracts.Select(c => c.Contract)], services.Cache(), problemsSoFar: problemsSoFar),
            dataDirectory, period, asOf, services, hashData: true);

    /// <summary>
    /// Contract files as read (evaluate and explain): compiled or loaded by their source key without parsing or binding
    /// when this build recorded them before (<see cref="Evaluators.CompileOrLoad"/>). Neither records the data hash, so a
    /// load that the snapshot cache neither answers nor stores computes none (<see cref="DataLoadOptions.Hashed"/>).
    /// </summary>
    public static Outcome<PreparedBatch> Prepare(ReadContracts read, string dataDirectory, EvaluationPeriod period, Instant asOf, PipelineServices services) =>
        Prepare(() => Pipeline.Evaluators.CompileOrLoad(read, services), dataDirectory, period, asOf, services, hashData: false);

    /// <summary>
    /// Loads the data on the other core while <paramref name="compile"/> runs. Contract errors come first and alone (the
    /// data's result is not needed then); otherwise the contracts' problems, the data's, then a bug in compiling, if any.
    /// Null value after the problems.
    /// </summary>
    private static Outcome<PreparedBatch> Prepare(Func<Outcome<CompiledContracts>> compile, string dataDirectory, EvaluationPeriod period, Instant asOf,
        PipelineServices services, bool hashData)
    {
        // The other core loads the data and then makes what the evaluation reads first (the request slices' columns and
        // their per-service rows), and before that the time zone database, which each generated evaluator's class reads
        // when it is constructed: this core meanwhile reads, checks and loads the evaluators, so on a cache hit that
        // work leaves its path (a run is as long as the longer of the two).
        var loading = Task.Run(() =>
        {
            _ = DateTimeZoneProviders.Tzdb;
            var data = DataLoading.Load(dataDirectory, services, hashData ? null : DataLoadOptions.Default with { Hashed = false });
            var inputs = data.Value?.Inputs(period, asOf);
            inputs?.PrepareRequestColumns();
            return (Data: data, Inputs: inputs);
        });
        var compiled = compile();
        PhaseTimings.Mark("check + compile or cache hit");
        if (compiled.Value is null && compiled.FailureExitCode == 1) return new(null, compiled.Problems);
        var (data, loadedInputs) = loading.GetAwaiter().GetResult();
        PhaseTimings.Mark("load data (rest)");
        ImmutableArray<PipelineProblem> contractProblems = [.. compiled.Problems.Where(p => p.Kind != ProblemKind.Bug)];
        ImmutableArray<PipelineProblem> problems = [.. contractProblems, .. data.Problems, .. compiled.Problems.Where(p => p.Kind == ProblemKind.Bug)];
        if (data.Value is null || compiled.Value is null)
        {
            compiled.Value?.Dispose();
            return new(null, data.Value is null ? [.. contractProblems, .. data.Problems] : problems);
        }
        var inputs = loadedInputs!;
        return new(new PreparedBatch(data.Value, compiled.Value, inputs, period, asOf),
            [.. problems, .. UnreadData.FilesNotRead(dataDirectory), .. UnreadData.RecordsOnUndeclaredServices(compiled.Value.Contracts, data.Value.Data)]);
    }

    public void Dispose() => Compiled.Dispose();
}
