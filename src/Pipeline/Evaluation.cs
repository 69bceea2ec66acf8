using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// One contract's facts (parties, zone, titles, effective range), its compiled evaluator, the input it was evaluated on
/// (its own services' records when its facts allow, see <see cref="ContractInputs"/>; change only the period on it) and
/// its evaluation for the period.
/// </summary>
public sealed record ContractRun(ContractFacts Facts, ICompiledContract Evaluator, EvaluationInput Input, ContractEvaluation Evaluation)
{
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[Facts.TimeZone];

    /// <summary>The KPI trends of this run: each KPI over the <paramref name="windows"/> periods before, by the same evaluator.</summary>
    public ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>> Trends(int windows) => KpiTrends.Collect(Evaluator, Input, Evaluation, windows);
}

/// <summary>What to evaluate: contract paths, the data directory, the period and the as-of instant.</summary>
public sealed record EvaluationRequest(IReadOnlyList<string> ContractPaths, string DataDirectory, EvaluationPeriod Period, Instant AsOf)
{
    /// <summary>When set, only the contracts of this shard of the customers are evaluated (<see cref="Shard"/>); the others are checked and compiled as usual.</summary>
    public Shard? Shard { get; init; }
}

/// <summary>
/// Every contract evaluated for one period (what <c>sla evaluate</c> and <c>sla explain</c> show). Owns the compiled
/// evaluators (dispose it), so earlier periods can be evaluated with the same evaluators (KPI trends).
/// </summary>
public sealed class EvaluationRun : IDisposable
{
    private readonly PreparedBatch prepared;

    private EvaluationRun(PreparedBatch prepared, ImmutableArray<ContractRun> runs, ImmutableArray<int> positions)
    {
        this.prepared = prepared;
        Runs = runs;
        Positions = positions;
    }

    /// <summary>
    /// Each run's position among all the contracts read (0-based, ascending): 0, 1, 2, ... without a shard; with one, where
    /// its contracts stand in the whole, so shards' results merge back into the order of one run (<c>sla merge</c>).
    /// </summary>
    public ImmutableArray<int> Positions { get; }

    /// <summary>How many contracts were read and compiled (all shards together).</summary>
    public int ContractsRead => prepared.Evaluators.Length;

    /// <summary>The period evaluated and the as-of instant; each run carries the input it was evaluated on (the records are not all held as objects).</summary>
    public EvaluationPeriod Period => prepared.Period;
    public Instant AsOf => prepared.AsOf;
    public ImmutableArray<ContractRun> Runs { get; }

    /// <summary>How many distinct generated classes the evaluators are instances of (contracts of one shape share one).</summary>
    public int EvaluatorClasses => Runs.Select(r => r.Evaluator.GetType()).Distinct().Count();

    /// <summary>
    /// Reads the contracts, prepares them and the data as every evaluating command does (<see cref="PreparedBatch"/>: data
    /// loaded on the other core meanwhile, snapshot cache; evaluators by source-key hit, else one batch), and evaluates
    /// each contract on its own records, contracts on both cores.
    /// Null value after the problems (contract or data errors, or a bug); data warnings come with a value.
    /// </summary>
    public static Outcome<EvaluationRun> Open(EvaluationRequest request, PipelineServices services)
    {
        if (!System.IO.Directory.Exists(request.DataDirectory)) return new(null, [PipelineProblem.Error($"no such data directory: '{request.DataDirectory}'")]);
        PhaseTimings.Mark("arguments");
        var read = ContractSources.Read(request.ContractPaths, services);
        if (read.NothingFound) return new(null, read.Problems);
        // The same preparation as statements and KPI reports: the data loads on the other core while the contracts are
        // checked and compiled (or found in the cache by their source key).
        var prepared = PreparedBatch.Prepare(read, request.DataDirectory, request.Period, request.AsOf, services);
        if (prepared.Value is not { } batch) return new(null, prepared.Problems);
        var all = batch.Evaluators;
        ImmutableArray<int> positions = request.Shard is { } shard
            ? [.. Enumerable.Range(0, all.Length).Where(i => shard.Contains(all[i], Evaluators.FactsOf(all[i])))]
            : [.. Enumerable.Range(0, all.Length)];
        var runs = EvaluateAll(positions.Length == all.Length ? all : [.. positions.Select(i => all[i])], batch.Inputs);
        PhaseTimings.Mark("evaluate");
        return new(new EvaluationRun(batch, runs, positions), prepared.Problems);
    }

    /// <summary>
    /// Contracts are independent pure functions of the input: evaluated on both cores, results kept in contract order,
    /// each on its own services' records where its facts say that gives the same result.
    /// </summary>
    public static ImmutableArray<ContractRun> EvaluateAll(ImmutableArray<ICompiledContract> evaluators, ContractInputs inputs) =>
        EvaluateEach(evaluators, inputs, run => run);

    /// <summary>
    /// As <see cref="EvaluateAll"/>, each run handed to <paramref name="reduce"/> as soon as it is evaluated and only what
    /// that returns kept (in contract order): a fleet's per-contract inputs (from an <see cref="IncidentTable"/>, objects
    /// made per contract) and traces are then garbage once their contract is done, instead of all held to the end.
    /// </summary>
    public static ImmutableArray<T> EvaluateEach<T>(ImmutableArray<ICompiledContract> evaluators, ContractInputs inputs, Func<ContractRun, T> reduce)
    {
        var results = new T[evaluators.Length];
        inputs.Prepare(evaluators.Select(Evaluators.FactsOf));
        PhaseTimings.Mark("evaluate: prepare inputs");
        Parallel.For(0, evaluators.Length, i =>
        {
            var facts = Evaluators.FactsOf(evaluators[i]);
            var own = inputs.For(facts);
            results[i] = reduce(new ContractRun(facts, evaluators[i], own, evaluators[i].Evaluate(own)));
        });
        return ImmutableArray.Create(results);
    }

    public void Dispose() => prepared.Dispose();
}
