using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.PeerBench.Generation;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.PeerBench;

/// <summary>
/// Our pipeline over a generated fleet, timed by phase: read the contract files and, unless the cache knows these exact
/// texts, parse and bind them; load the compiled evaluators (from the cache after the first run), load incidents and
/// maintenance, group them by service in one pass, and evaluate every customer's contract on its own records (its
/// services from the evaluator's facts), contracts in parallel on every core.
/// </summary>
public static class OursRunner
{
    public static (IReadOnlyList<CustomerResult> Results, PhaseTimes Times) Run(string root, string cacheDirectory, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        var phase = Stopwatch.StartNew();
        var files = Directory.GetFiles(Path.Combine(root, "contracts"), "*.sla");
        Array.Sort(files, StringComparer.Ordinal);
        var texts = new string[files.Length];
        Parallel.For(0, files.Length, i => texts[i] = File.ReadAllText(files[i]));
        // The key of these exact texts (in file order) under this build of the parser, checker, emitter and runtime: when
        // an earlier run checked and compiled them, the cache holds their evaluators and checking them again would give
        // the same models, so a hit skips parse and bind. A changed file (or build) is a different key: full check.
        var cache = new EvaluatorCache(cacheDirectory);
        var sourceKey = ContractCompilation.SourceKey(texts);
        var check = phase.Elapsed;

        phase.Restart();
        var loaded = ContractCompilation.TryLoadBySource(sourceKey, cache);
        var compile = phase.Elapsed;
        var fromSource = loaded is not null;
        if (loaded is null)
        {
            phase.Restart();
            var bound = new BoundContract[files.Length];
            var errors = new ConcurrentBag<string>();
            Parallel.For(0, files.Length, i =>
            {
                var result = ContractChecker.Check(new SourceText(files[i], texts[i]));
                if (result.HasErrors || result.Model is null) errors.Add(files[i] + ": " + string.Join("; ", result.Diagnostics));
                else bound[i] = result.Model.Contracts.Single();
            });
            if (!errors.IsEmpty) throw new InvalidOperationException("generated contracts do not check:\n" + string.Join("\n", errors.Take(5)));
            check += phase.Elapsed;

            phase.Restart();
            loaded = ContractCompilation.Compile(bound, cache, sourceKey);
            compile += phase.Elapsed;
        }
        using var compiled = loaded;
        if (!compiled.Succeeded) throw new InvalidOperationException("compile failed: " + string.Join("\n", compiled.Diagnostics.Take(5)));
        // Each generated evaluator carries its contract's services (in declaration order), cached or compiled now.
        var services = compiled.Contracts.Select(c => (c.Facts ?? throw new InvalidOperationException($"{c.ContractName} carries no facts")).Services).ToImmutableArray();
        log.WriteLine($"ours: {files.Length} contracts, {compiled.Contracts.Select(c => c.GetType()).Distinct().Count()} evaluator classes (shapes), cache {compiled.CacheOutcome}" + (fromSource ? " (by source key: no parse or bind)" : ""));

        phase.Restart();
        var cpuBeforeLoad = Cpu();
        var dataLog = new DataErrorLog();
        var data = Path.Combine(root, "data");
        // Only what availability needs, on both sides: the peer reads the same two files.
        var (incidents, maintenance) = Load(data, dataLog);
        if (dataLog.HasErrors) throw new InvalidOperationException(dataLog.Format(maxPrinted: 5));
        var load = phase.Elapsed;

        phase.Restart();
        var cpuBeforeCompute = Cpu();
        var results = Evaluate(services, compiled.Contracts, incidents, maintenance);
        var evaluate = phase.Elapsed;
        var cpuAtEnd = Cpu();
        // Profiling aid: PEER_TWICE=N evaluates N more times in the same process (steady state: types loaded, code jitted).
        var again = Environment.GetEnvironmentVariable("PEER_TWICE") is { } twice ? (int.TryParse(twice, out var n) ? n : 1) : 0;
        for (var k = 0; k < again; k++)
        {
            phase.Restart();
            var cpuBefore = Cpu();
            Evaluate(services, compiled.Contracts, incidents, maintenance);
            log.WriteLine($"evaluation {k + 2}: {phase.Elapsed.TotalSeconds:0.000} s wall, {(Cpu() - cpuBefore).TotalSeconds:0.000} s cpu");
        }
        return (results, new PhaseTimes(check, compile, load, evaluate, total.Elapsed, cpuBeforeCompute - cpuBeforeLoad, cpuAtEnd - cpuBeforeCompute));
    }

    /// <summary>The two files availability needs, fully validated; the large one is parsed on every core (<see cref="DataFile.Load{T}"/>).</summary>
    public static (ImmutableArray<Incident> Incidents, ImmutableArray<Maintenance> Maintenance) Load(string data, DataErrorLog log, bool sequential = false)
    {
        var maintenanceLog = new DataErrorLog();
        var maintenance = Task.Run(() => DataFile.Load(MaintenanceFormat.Instance, Path.Combine(data, "maintenance.csv"), maintenanceLog));
        var incidentsPath = Path.Combine(data, "incidents.csv");
        ImmutableArray<Incident> incidents = sequential ? [.. DataFile.ReadIncidents(incidentsPath, log)] : DataFile.Load(IncidentFormat.Instance, incidentsPath, log);
        var m = maintenance.Result;
        foreach (var error in maintenanceLog.Errors) log.Add(error);
        return (incidents, m);
    }

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// Groups the records by service once, then evaluates each contract on its services' records only where its facts
    /// say that gives the same result (<see cref="ContractInputs"/>, as <c>sla evaluate</c> does), else on all records.
    /// </summary>
    public static IReadOnlyList<CustomerResult> Evaluate(ImmutableArray<ImmutableArray<string>> services, ImmutableArray<ICompiledContract> contracts, ImmutableArray<Incident> incidents, ImmutableArray<Maintenance> maintenance)
    {
        var inputs = new ContractInputs(new EvaluationInput(new EvaluationPeriod(2026, month: 11), FleetGenerator.AsOf, incidents, maintenance, [], [], []));
        var results = new CustomerResult[contracts.Length];
        Parallel.For(0, contracts.Length, i =>
        {
            var own = services[i];
            var outcome = contracts[i].Evaluate(inputs.For(contracts[i].Facts)).Slas[0];
            var r = outcome.Result ?? throw new InvalidOperationException($"{contracts[i].ContractName}: {outcome.Reason}");
            results[i] = new CustomerResult(own[0], r.DowntimeSeconds!.Value, r.Measured!.Value.Numerator, r.Measured.Value.Denominator,
                r.Credit?.PercentOfFee ?? 0m, r.Credit?.Amount ?? 0m);
        });
        return results;
    }
}

/// <summary>Wall time of each phase of one run.</summary>
public sealed record PhaseTimes(TimeSpan Check, TimeSpan Compile, TimeSpan Load, TimeSpan Compute, TimeSpan Total, TimeSpan LoadCpu, TimeSpan ComputeCpu);

/// <summary>One customer's numbers, compared field by field with the peer: downtime seconds, availability as a fraction, tier percent, credit.</summary>
public sealed record CustomerResult(string Service, decimal DowntimeSeconds, decimal AvailableNumerator, decimal AvailableDenominator, decimal PercentOfFee, decimal Amount);
