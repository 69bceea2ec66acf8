using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// What statements and KPI reports share once their contracts are checked: the data loaded once (hashed as read), every
/// contract compiled as one batch (owned here: dispose it), each contract's records, and the data no contract reads
/// reported. <see cref="Compiled"/>'s contracts are in the order of the checked contracts.
/// </summary>
internal sealed class PreparedBatch : IDisposable
{
    private PreparedBatch(LoadedData data, CompiledContracts compiled, ContractInputs inputs)
    {
        Data = data;
        Compiled = compiled;
        Inputs = inputs;
    }

    public LoadedData Data { get; }
    public CompiledContracts Compiled { get; }

    /// <summary>Each contract on its own services' records where its facts allow (one partition, shared by all contracts and periods).</summary>
    public ContractInputs Inputs { get; }

    public static Outcome<PreparedBatch> Prepare(IReadOnlyList<CheckedContract> contracts, ImmutableArray<PipelineProblem> problemsSoFar,
        string dataDirectory, EvaluationPeriod period, Instant asOf, PipelineServices services)
    {
        var data = DataLoading.Load(dataDirectory, services);
        ImmutableArray<PipelineProblem> problems = [.. problemsSoFar, .. data.Problems];
        if (data.Value is null) return new(null, problems);
        var compiled = Evaluators.Compile([.. contracts.Select(c => c.Contract)], services.Cache());
        if (compiled.Value is null) return new(null, [.. problems, .. compiled.Problems]);
        var inputs = new ContractInputs(data.Value.Input(period, asOf));
        return new(new PreparedBatch(data.Value, compiled.Value, inputs),
            [.. problems, .. UnreadData.FilesNotRead(dataDirectory), .. UnreadData.RecordsOnUndeclaredServices(compiled.Value.Contracts, inputs.Whole)]);
    }

    public void Dispose() => Compiled.Dispose();
}
