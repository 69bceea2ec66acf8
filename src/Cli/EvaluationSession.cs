using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// One contract's facts (parties, zone, titles, effective range), its compiled evaluator, the input it was evaluated on
/// (its own services' records when its facts allow, see <see cref="ContractInputs"/>; change only the period on it) and
/// its evaluation for the period.
/// </summary>
internal sealed record ContractRun(ContractFacts Facts, ICompiledContract Evaluator, EvaluationInput Input, ContractEvaluation Evaluation)
{
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[Facts.TimeZone];
}

/// <summary>
/// What <c>sla evaluate</c> and <c>sla explain</c> share: argument checks, contract and data loading, compilation and
/// evaluation for one period. Owns the compiled evaluators (dispose it), so earlier periods can be evaluated with the
/// same evaluators (KPI trends).
/// </summary>
internal sealed class EvaluationSession : IDisposable
{
    private readonly CompiledContracts compiled;

    private EvaluationSession(CompiledContracts compiled, EvaluationInput input, ImmutableArray<ContractRun> runs)
    {
        this.compiled = compiled;
        Input = input;
        Runs = runs;
    }

    /// <summary>The whole loaded input (period, as-of, all records); each run carries the input it was evaluated on.</summary>
    public EvaluationInput Input { get; }
    public ImmutableArray<ContractRun> Runs { get; }

    /// <summary>Null after printing why (exit code in <paramref name="failure"/>): bad arguments, contracts or data, or a compiler bug.</summary>
    public static EvaluationSession? Open(string[] paths, string dataDirectory, string periodText, string? asOfText, CliServices services, TextWriter stderr, out int failure)
    {
        failure = ExitCodes.Failure;
        var period = EvaluateCommand.ParsePeriod(periodText);
        if (period is null)
        {
            stderr.WriteLine($"error: --period '{periodText}' is not a month (2026-10) or a quarter (2026-Q4)");
            return null;
        }
        if (ReportInputs.ParseAsOf(asOfText, services, stderr) is not { } asOf) return null;
        if (!Directory.Exists(dataDirectory))
        {
            stderr.WriteLine($"error: no such data directory: '{dataDirectory}'");
            return null;
        }
        PhaseTimings.Mark("arguments");
        var read = BoundContracts.Read(paths, services, stderr);
        if (read is null) return null;
        // The data loads on the other core while the contracts are checked and compiled (or found in the cache).
        var snapshots = services.Cache()?.DataSnapshots();
        var loading = Task.Run(() => snapshots is null ? DataDirectory.Load(dataDirectory, DataLoadOptions.Default) : snapshots.Load(dataDirectory, out _));
        var compiled = CompileOrLoad(read, services, stderr);
        PhaseTimings.Mark("check + compile or cache hit");
        if (compiled is null) return null; // contract errors come first; the data load's result is not needed
        var load = loading.GetAwaiter().GetResult();
        PhaseTimings.Mark("load data (rest)");
        if (load.Log.HasErrors)
        {
            // Every data error names its file, line and field; none is skipped silently.
            stderr.WriteLine(load.Log.Format());
            if (!load.Succeeded)
            {
                compiled.Dispose();
                return null;
            }
        }
        if (!compiled.Succeeded)
        {
            foreach (var diagnostic in compiled.Diagnostics) stderr.WriteLine(diagnostic.ToString());
            stderr.WriteLine("internal error: the generated C# did not compile -- this is a bug in sla, please report it");
            compiled.Dispose();
            failure = ExitCodes.InternalError;
            return null;
        }
        var input = ReportInputs.Input(period, asOf, load.Data);
        // Contracts are independent pure functions of the input: evaluated on both cores, results kept in contract order,
        // each on its own services' records where its facts say that gives the same result.
        var inputs = new ContractInputs(input);
        var evaluators = compiled.Contracts;
        var runs = new ContractRun[evaluators.Length];
        Parallel.For(0, evaluators.Length, i =>
        {
            var facts = FactsOf(evaluators[i]);
            var own = inputs.For(facts);
            runs[i] = new ContractRun(facts, evaluators[i], own, evaluators[i].Evaluate(own));
        });
        PhaseTimings.Mark("evaluate");
        failure = ExitCodes.Success;
        return new EvaluationSession(compiled, input, ImmutableArray.Create(runs));
    }

    /// <summary>
    /// The evaluators of the read contracts: straight from the cache when these exact texts were checked and compiled
    /// before by this build (no parsing or binding; the checker is pure, so the result is the same, and each generated
    /// evaluator carries its contract's facts), otherwise checked and compiled through the cache. Null after printing
    /// the reasons when a contract has errors.
    /// </summary>
    private static CompiledContracts? CompileOrLoad(BoundContracts.ReadFiles read, CliServices services, TextWriter stderr)
    {
        var cache = services.Cache();
        var sourceKey = cache is not null && services.CacheCheckedSources && !read.Failed
            ? ContractCompilation.SourceKey([.. read.Sources.Select(s => s.Text)])
            : null;
        // The key includes this build, so a cached evaluator was generated with its facts like a fresh one.
        if (sourceKey is not null && ContractCompilation.TryLoadBySource(sourceKey, cache!) is { } cached) return cached;
        var contracts = BoundContracts.Check(read, services, stderr);
        PhaseTimings.Mark("parse + bind contracts");
        if (contracts is null) return null;
        return ContractCompilation.Compile(contracts, cache, sourceKey);
    }

    // Every generated evaluator carries its contract's facts (ContractEmitter.EmitFacts), whether compiled now or cached.
    private static ContractFacts FactsOf(ICompiledContract evaluator) =>
        evaluator.Facts ?? throw new InvalidOperationException($"evaluator of '{evaluator.ContractName}' carries no contract facts");

    public void Dispose() => compiled.Dispose();
}
