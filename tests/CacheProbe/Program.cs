using System.Diagnostics;
using System.Runtime.CompilerServices;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;

// Usage: SlaKpiDsl.CacheProbe <cache-dir> <contract-name>
//    or: SlaKpiDsl.CacheProbe <cache-dir> --contract <file.sla>   (the real path: check, ContractCompilation, cache)
// Gets the evaluator for <contract-name> from the cache (compiling it on a miss), instantiates it, and prints
// key=value lines: outcome, contract, elapsed-ms, roslyn-loaded, then one assembly=<name> line per loaded assembly.
var started = Stopwatch.GetTimestamp();
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SlaKpiDsl.CacheProbe <cache-dir> <contract-name>");
    return 64;
}
var cache = new EvaluatorCache(args[0]);
if (args[1].StartsWith("--contract=", StringComparison.Ordinal)) return ContractProbe.Run(cache, args[1]["--contract=".Length..], started);
var name = args[1];
var lookup = cache.GetOrCompile(EvaluatorCache.KeyFor(name), () => ProbeCompiler.Compile(name));
if (lookup.AssemblyBytes is null)
{
    foreach (var d in lookup.Diagnostics) Console.Error.WriteLine(d);
    return 2;
}
using var loaded = EvaluatorAssembly.Load(lookup.AssemblyBytes);
var contract = loaded.CreateInstance<ICompiledContract>("SlaKpiDsl.Generated.ProbeContract");
var elapsed = Stopwatch.GetElapsedTime(started);
Console.WriteLine($"outcome={lookup.Outcome}");
Console.WriteLine($"contract={contract.ContractName}");
Console.WriteLine($"elapsed-ms={elapsed.TotalMilliseconds:F1}");
var assemblies = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal).ToList();
Console.WriteLine($"roslyn-loaded={assemblies.Any(a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))}");
foreach (var assembly in assemblies) Console.WriteLine($"assembly={assembly}");
return 0;

internal static class ProbeCompiler
{
    // Kept out of Main's body so that the hit path's JIT never sees the generated-source building either.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CompileResult Compile(string name)
    {
        var writer = new SourceWriter();
        writer.Line("namespace SlaKpiDsl.Generated;");
        writer.Comment("probe contract " + name);
        using (writer.Block("public sealed class ProbeContract : global::SlaKpiDsl.Runtime.Evaluation.ICompiledContract"))
        {
            writer.Line($"public string ContractName => {CSharpText.Literal(name)};");
            writer.Line($"public string SemanticHash => {CSharpText.Literal(EvaluatorCache.KeyFor(name).Hex)};");
            writer.Line("public global::SlaKpiDsl.Runtime.Evaluation.ContractEvaluation Evaluate(global::SlaKpiDsl.Runtime.Evaluation.EvaluationInput input) => throw new global::System.NotSupportedException(\"a probe has no commitments\");");
        }
        return EvaluatorCompiler.CompileBatch([new GeneratedSource("ProbeContract.cs", writer.ToString())]);
    }
}

internal static class ContractProbe
{
    // The path `sla evaluate` takes: bind the contract, then ContractCompilation.Compile through the cache.
    public static int Run(EvaluatorCache cache, string path, long started)
    {
        var check = SlaKpiDsl.Compiler.ContractChecker.Check(SlaKpiDsl.Dsl.Text.SourceText.FromFile(path));
        if (check.HasErrors || check.Model is null)
        {
            foreach (var d in check.Diagnostics) Console.Error.WriteLine(d);
            return 1;
        }
        using var compiled = ContractCompilation.Compile(check.Model.Contracts, cache);
        if (!compiled.Succeeded) return 2;
        Console.WriteLine($"outcome={compiled.CacheOutcome}");
        Console.WriteLine($"contract={compiled.Contracts[0].ContractName}");
        Console.WriteLine($"elapsed-ms={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1}");
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal).ToList();
        Console.WriteLine($"roslyn-loaded={assemblies.Any(a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))}");
        foreach (var assembly in assemblies) Console.WriteLine($"assembly={assembly}");
        return 0;
    }
}
