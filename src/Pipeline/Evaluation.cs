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
    public ImmutableDictionary<string, ImmutableArray<KpiTrendPoint>> Trends(int windows) => KpiTrends.Collect(Evaluator, Input, Evaluation, windows);
}

/// <summary>What to evaluate: contract paths, the data directory, the period and the as-of instant.</summary>
public sealed record EvaluationRequest(IReadOnlyList<string> ContractPaths, string DataDirectory, EvaluationPeriod Period, Instant AsOf);

/// <summary>
/// Every contract evaluated for one period (what <c>sla evaluate</c> and <c>sla explain</c> show). Owns the compiled
/// evaluators (dispose it), so earlier periods can be evaluated with the same evaluators (KPI trends).
/// </summary>
public sealed class EvaluationRun : IDisposable
{
    private readonly CompiledContracts compiled;

    private EvaluationRun(CompiledContracts compiled, EvaluationInput input, ImmutableArray<ContractRun> runs)
    {
        this.compiled = compiled;
        Input = input;
        Runs = runs;
    }

    /// <summary>The whole loaded input (period, as-of, all records); each run carries the input it was evaluated on.</summary>
    public EvaluationInput Input { get; }
    public ImmutableArray<ContractRun> Runs { get; }

    /// <summary>How many distinct generated classes the evaluators are instances of (contracts of one shape share one).</summary>
    public int EvaluatorClasses => Runs.Select(r => r.Evaluator.GetType()).Distinct().Count();

    /// <summary>
    /// Reads the contracts, loads the data on the other core meanwhile (snapshot cache), compiles or loads the evaluators
    /// (source-key hit, else one batch), and evaluates each contract on its own records, contracts on both cores.
    /// Null value after the problems (contract or data errors, or a bug); data warnings come with a value.
    /// </summary>
    public static Outcome<EvaluationRun> Open(EvaluationRequest request, PipelineServices services)
    {
        if (!System.IO.Directory.Exists(request.DataDirectory)) return new(null, [PipelineProblem.Error($"no such data directory: '{request.DataDirectory}'")]);
        PhaseTimings.Mark("arguments");
        var read = ContractSources.Read(request.ContractPaths, services);
        if (read.NothingFound) return new(null, read.Problems);
        // The data loads on the other core while the contracts are checked and compiled (or found in the cache).
        var loading = Task.Run(() => DataLoading.Load(request.DataDirectory, services));
        var compiled = Evaluators.CompileOrLoad(read, services);
        PhaseTimings.Mark("check + compile or cache hit");
        // Contract errors come first; the data load's result is not needed then (a bug in compiling is reported after the data's errors).
        if (compiled.Value is null && compiled.FailureExitCode == 1) return new(null, compiled.Problems);
        var data = loading.GetAwaiter().GetResult();
        PhaseTimings.Mark("load data (rest)");
        ImmutableArray<PipelineProblem> problems = [.. compiled.Problems.Where(p => p.Kind != ProblemKind.Bug), .. data.Problems, .. compiled.Problems.Where(p => p.Kind == ProblemKind.Bug)];
        if (data.Value is null || compiled.Value is null)
        {
            compiled.Value?.Dispose();
            return new(null, data.Value is null ? [.. compiled.Problems.Where(p => p.Kind != ProblemKind.Bug), .. data.Problems] : problems);
        }
        var input = data.Value.Input(request.Period, request.AsOf);
        var runs = EvaluateAll(compiled.Value.Contracts, new ContractInputs(input));
        PhaseTimings.Mark("evaluate");
        problems = [.. problems, .. UnreadData.FilesNotRead(request.DataDirectory), .. UnreadData.RecordsOnUndeclaredServices(compiled.Value.Contracts, input)];
        return new(new EvaluationRun(compiled.Value, input, runs), problems);
    }

    /// <summary>
    /// Contracts are independent pure functions of the input: evaluated on both cores, results kept in contract order,
    /// each on its own services' records where its facts say that gives the same result.
    /// </summary>
    public static ImmutableArray<ContractRun> EvaluateAll(ImmutableArray<ICompiledContract> evaluators, ContractInputs inputs)
    {
        var runs = new ContractRun[evaluators.Length];
        Parallel.For(0, evaluators.Length, i =>
        {
            var facts = Evaluators.FactsOf(evaluators[i]);
            var own = inputs.For(facts);
            runs[i] = new ContractRun(facts, evaluators[i], own, evaluators[i].Evaluate(own));
        });
        return ImmutableArray.Create(runs);
    }

    public void Dispose() => compiled.Dispose();
}
