using System.Collections.Immutable;
using System.Diagnostics;
using SlaKpiDsl.PeerBench.Generation;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.PeerBench;

/// <summary>
/// Our pipeline over a generated fleet, timed by phase: read the contract files and, unless the cache knows these exact
/// texts, parse and bind them; load the compiled evaluators (from the cache after the first run), load incidents and
/// maintenance, group them by service in one pass, and evaluate every customer's contract on its own records (its
/// services from the evaluator's facts), contracts in parallel on every core.
/// </summary>
public static class OursRunner
{
    /// <param name="requests">The request-slice fleet (<see cref="RequestFleetGenerator"/>): requests.csv instead of incidents and maintenance.</param>
    public static (IReadOnlyList<CustomerResult> Results, PhaseTimes Times) Run(string root, string cacheDirectory, TextWriter log, bool requests = false)
    {
        var total = Stopwatch.StartNew();
        var phase = Stopwatch.StartNew();
        // The pipeline as `sla evaluate` runs it: read the files (on every core), then the evaluators by the key of these
        // exact texts when an earlier run checked and compiled them (no parse or bind), else check and compile one batch.
        var services = new PipelineServices { Cache = () => new EvaluatorCache(cacheDirectory), CacheCheckedSources = true };
        var read = ContractSources.Read([Path.Combine(root, "contracts")], services);
        if (read.Failed) throw new InvalidOperationException(string.Join("\n", read.Problems.Take(5)));
        var check = phase.Elapsed;

        phase.Restart();
        var compiledOutcome = Evaluators.CompileOrLoad(read, services);
        if (compiledOutcome.Value is null) throw new InvalidOperationException("generated contracts do not compile:\n" + string.Join("\n", compiledOutcome.Problems.Take(5)));
        using var compiled = compiledOutcome.Value;
        var compile = phase.Elapsed; // check (parse + bind) is inside it on a miss
        log.WriteLine($"ours: {read.Sources.Length} contracts, {compiled.Contracts.Select(c => c.GetType()).Distinct().Count()} evaluator classes (shapes), cache {compiled.CacheOutcome}");

        log.WriteLine($"ours: peak {PeakMb()} MB before the load, GC heap {GC.GetTotalMemory(false) / 1_000_000} MB");
        phase.Restart();
        var cpuBeforeLoad = Cpu();
        var allocBeforeLoad = GC.GetTotalAllocatedBytes(precise: false);
        // The pipeline's load (file discovery, hashing, located errors, column choice), narrowed to what availability needs, on
        // both sides: the peer reads the same files (incidents and maintenance, or the request slices), not alerts or deployments.
        var loaded = Load(root, services, compiled.Contracts, requests);
        var columnBytes = requests ? loaded.Data.RequestTable!.ColumnBytes : loaded.Data.IncidentTable!.ColumnBytes;
        var inputs = loaded.Inputs(new EvaluationPeriod(2026, month: 11), FleetGenerator.AsOf);
        IReadOnlyList<CustomerResult> evaluateAll(ImmutableArray<ICompiledContract> contracts) => [.. EvaluationRun.EvaluateEach(contracts, inputs, FirstSla)];
        var load = phase.Elapsed;
        log.WriteLine($"ours: peak {PeakMb()} MB after the load, GC heap {GC.GetTotalMemory(false) / 1_000_000} MB, columns {columnBytes / 1_000_000} MB, {GcState()}");

        phase.Restart();
        var cpuBeforeCompute = Cpu();
        var allocBeforeCompute = GC.GetTotalAllocatedBytes(precise: false);
        var results = evaluateAll(compiled.Contracts);
        var evaluate = phase.Elapsed;
        log.WriteLine($"ours: peak {PeakMb()} MB after the evaluation, GC heap {GC.GetTotalMemory(false) / 1_000_000} MB, {GcState()}");
        var cpuAtEnd = Cpu();
        var allocAtEnd = GC.GetTotalAllocatedBytes(precise: false);
        // Profiling aid: PEER_TWICE=N evaluates N more times in the same process (steady state: types loaded, code jitted).
        var again = Environment.GetEnvironmentVariable("PEER_TWICE") is { } twice ? (int.TryParse(twice, out var n) ? n : 1) : 0;
        for (var k = 0; k < again; k++)
        {
            phase.Restart();
            var cpuBefore = Cpu();
            evaluateAll(compiled.Contracts);
            log.WriteLine($"evaluation {k + 2}: {phase.Elapsed.TotalSeconds:0.000} s wall, {(Cpu() - cpuBefore).TotalSeconds:0.000} s cpu");
        }
        return (results, new PhaseTimes(check, compile, load, evaluate, total.Elapsed, cpuBeforeCompute - cpuBeforeLoad, cpuAtEnd - cpuBeforeCompute)
        {
            LoadAllocated = allocBeforeCompute - allocBeforeLoad,
            ComputeAllocated = allocAtEnd - allocBeforeCompute,
            IncidentColumnBytes = columnBytes,
        });
    }

    /// <summary>
    /// The files availability needs, through the pipeline's load (<see cref="DataLoading.Load"/>, every error located; request
    /// slices hashed as read, incidents not, as <c>sla evaluate</c> loads them): incidents into the columns <paramref name="contracts"/> need (<see cref="DataLoading.IncidentColumnsFor"/>;
    /// every column without contracts) and maintenance, or with <paramref name="requests"/> the request slices into columns.
    /// </summary>
    public static LoadedData Load(string root, PipelineServices services, IEnumerable<ICompiledContract>? contracts = null, bool requests = false)
    {
        // Incidents unhashed, as `sla evaluate` loads a directory whose incidents file is too large for a data snapshot (it
        // records no data hash); request slices hashed, as before.
        var options = requests ? DataLoadOptions.Default with { Kinds = [DataKind.Requests], RequestsInColumns = true }
            : DataLoadOptions.Default with
            {
                Kinds = [DataKind.Incidents, DataKind.Maintenance],
                Hashed = false,
                IncidentColumns = contracts is null ? IncidentColumns.All : DataLoading.IncidentColumnsFor(contracts),
            };
        var loaded = DataLoading.Load(Path.Combine(root, "data"), services, options);
        if (loaded.Problems.Length > 0 || loaded.Value is null) throw new InvalidOperationException(string.Join("\n", loaded.Problems.Take(5)));
        return loaded.Value;
    }

    /// <summary>Where the GC heap is: collections per generation, and each generation's size and fragmentation after the last collection (MB).</summary>
    private static string GcState()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var gens = string.Join(" ", Enumerable.Range(0, info.GenerationInfo.Length).Select(g =>
            $"g{g} {info.GenerationInfo[g].SizeAfterBytes / 1_000_000}/{info.GenerationInfo[g].FragmentationAfterBytes / 1_000_000}"));
        return $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, last ({info.Generation}) heap {info.HeapSizeBytes / 1_000_000} MB, committed {info.TotalCommittedBytes / 1_000_000} MB, size/fragmentation after: {gens}";
    }

    private static long PeakMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>A run reduced to its first SLA's numbers as soon as it is done (its records and trace are then garbage, as the peer's rows are).</summary>
    private static CustomerResult FirstSla(ContractRun run)
    {
        var outcome = run.Evaluation.Slas[0];
        var r = outcome.Result ?? throw new InvalidOperationException($"{run.Evaluator.ContractName}: {outcome.Reason}");
        return new CustomerResult(run.Facts.Services[0], r.DowntimeSeconds!.Value, r.Measured!.Value.Numerator, r.Measured.Value.Denominator,
            r.Credit?.PercentOfFee ?? 0m, r.Credit?.Amount ?? 0m);
    }
}

/// <summary>Wall time of each phase of one run.</summary>
public sealed record PhaseTimes(TimeSpan Check, TimeSpan Compile, TimeSpan Load, TimeSpan Compute, TimeSpan Total, TimeSpan LoadCpu, TimeSpan ComputeCpu)
{
    /// <summary>Bytes allocated by the load and by the evaluation (GC.GetTotalAllocatedBytes), and held by the incident columns.</summary>
    public long LoadAllocated { get; init; }
    public long ComputeAllocated { get; init; }
    public long IncidentColumnBytes { get; init; }
}

/// <summary>One customer's numbers, compared field by field with the peer: downtime seconds, availability as a fraction, tier percent, credit.</summary>
public sealed record CustomerResult(string Service, decimal DowntimeSeconds, decimal AvailableNumerator, decimal AvailableDenominator, decimal PercentOfFee, decimal Amount);
