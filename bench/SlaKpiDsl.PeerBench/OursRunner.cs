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
        var dataLog = new DataErrorLog();
        var data = Path.Combine(root, "data");
        // Only what availability needs, on both sides: the peer reads the same files (incidents and maintenance, or the request slices).
        Func<ImmutableArray<ICompiledContract>, IReadOnlyList<CustomerResult>> evaluateAll;
        long columnBytes = 0;
        if (requests)
        {
            var slices = DataFile.LoadRequestSliceTable(Path.Combine(data, "requests.csv"), dataLog);
            columnBytes = slices.ColumnBytes;
            evaluateAll = contracts => EvaluateRequests(contracts, slices);
        }
        else
        {
            // Every contract reads incidents only through the downtime kernel's columns: the table keeps only those.
            var columns = compiled.Contracts.All(c => Evaluators.FactsOf(c)?.ReadsIncidentTable == true) ? IncidentColumns.DowntimeKernel : IncidentColumns.All;
            var (incidents, maintenance) = Load(data, dataLog, columns: columns);
            columnBytes = incidents.ColumnBytes;
            evaluateAll = contracts => Evaluate(contracts, incidents, maintenance);
        }
        if (dataLog.HasErrors) throw new InvalidOperationException(dataLog.Format(maxPrinted: 5));
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
    /// The two files availability needs, fully validated; the incidents into columns (<see cref="DataFile.LoadIncidentTable"/>:
    /// the large file parsed on every core, each chunk into columns as it is parsed; <paramref name="sequential"/>: streamed row by row;
    /// <paramref name="columns"/>: the fields the table keeps).
    /// </summary>
    public static (IncidentTable Incidents, ImmutableArray<Maintenance> Maintenance) Load(string data, DataErrorLog log, bool sequential = false,
        IncidentColumns columns = IncidentColumns.All)
    {
        var maintenanceLog = new DataErrorLog();
        var maintenance = Task.Run(() => DataFile.Load(MaintenanceFormat.Instance, Path.Combine(data, "maintenance.csv"), maintenanceLog));
        var incidentsPath = Path.Combine(data, "incidents.csv");
        var incidents = sequential ? IncidentTable.Of(DataFile.ReadIncidents(incidentsPath, log), columns) : DataFile.LoadIncidentTable(incidentsPath, log, columns: columns);
        var m = maintenance.Result;
        foreach (var error in maintenanceLog.Errors) log.Add(error);
        return (incidents, m);
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

    /// <summary>
    /// Every contract evaluated by the pipeline (<see cref="EvaluationRun.EvaluateEach{T}"/>: each on its services' records
    /// where its facts allow, contracts on every core, as <c>sla evaluate</c> does), each reduced to the first SLA's
    /// numbers as soon as it is done (its records and trace are then garbage, as the peer's rows are).
    /// </summary>
    public static IReadOnlyList<CustomerResult> Evaluate(ImmutableArray<ICompiledContract> contracts, IncidentTable incidents, ImmutableArray<Maintenance> maintenance)
    {
        var inputs = new ContractInputs(new EvaluationInput(new EvaluationPeriod(2026, month: 11), FleetGenerator.AsOf, [], maintenance, [], [], []), incidents);
        return [.. EvaluationRun.EvaluateEach(contracts, inputs, FirstSla)];
    }

    /// <summary>The request-slice fleet's contracts on the slices in columns (each contract confined to its services gets its service's slices made from the columns), as <see cref="Evaluate"/> does.</summary>
    public static IReadOnlyList<CustomerResult> EvaluateRequests(ImmutableArray<ICompiledContract> contracts, RequestSliceTable slices)
    {
        var inputs = new ContractInputs(new EvaluationInput(new EvaluationPeriod(2026, month: 11), FleetGenerator.AsOf, [], [], [], [], []), incidents: null, requests: slices);
        return [.. EvaluationRun.EvaluateEach(contracts, inputs, FirstSla)];
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
