using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.Benchmarks.Emit;

/// <summary>
/// Warm Roslyn compiles (Roslyn already JIT-compiled in the process) and an in-process cache hit. Cold compile and a
/// cache hit in a fresh process are process-level costs: measure them with Emit/measure-process.sh (hyperfine).
/// Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*RoslynCompile*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RoslynCompileBenchmarks
{
    private GeneratedSource _one = null!;
    private GeneratedSource[] _thousand = null!;
    private EvaluatorCache _cache = null!;
    private EvaluatorCacheKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _one = SyntheticEvaluatorSource.Create("Acme Corp - Premium API", clauses: 27); // about 300 lines
        // A batch of 1,000 small contracts (3 clauses, about 45 lines each): one CI run compiling a whole repository.
        _thousand = [.. Enumerable.Range(0, 1000).Select(i => SyntheticEvaluatorSource.Create($"Customer {i}", clauses: 3))];
        _cache = new EvaluatorCache(Path.Combine(Path.GetTempPath(), "sla-bench-cache-" + Guid.NewGuid().ToString("N")));
        _key = EvaluatorCache.KeyFor(_one.Text);
        var warm = EvaluatorCompiler.CompileBatch([_one]);
        if (!warm.Succeeded) throw new InvalidOperationException(string.Join("\n", warm.Diagnostics));
        _cache.GetOrCompile(_key, () => warm);
    }

    [Benchmark(Description = "warm compile, 1 source of ~300 lines")]
    public int WarmCompileOne() => EvaluatorCompiler.CompileBatch([_one]).AssemblyBytes!.Length;

    [Benchmark(Description = "warm batch compile, 1,000 sources of ~45 lines")]
    public int BatchCompileThousand() => EvaluatorCompiler.CompileBatch(_thousand).AssemblyBytes!.Length;

    [Benchmark(Description = "cache hit: read + verify + load + instantiate + unload")]
    public string CacheHitLoad()
    {
        var lookup = _cache.GetOrCompile(_key, () => throw new InvalidOperationException("expected a hit"));
        using var loaded = EvaluatorAssembly.Load(lookup.AssemblyBytes!);
        return loaded.CreateAll<ICompiledContract>()[0].ContractName;
    }
}
