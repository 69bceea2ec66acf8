using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Emit;

/// <summary>
/// The compiled evaluators of a batch of contracts. Invariant: when <see cref="Succeeded"/>, <see cref="Contracts"/>
/// holds one evaluator per input contract in input order and <see cref="Assembly"/> keeps them loaded; otherwise
/// <see cref="Diagnostics"/> holds the SLA9001/SLA9002 internal errors and there are no evaluators.
/// </summary>
public sealed class CompiledContracts : IDisposable
{
    internal CompiledContracts(ImmutableArray<GeneratedSource> sources, ImmutableArray<ICompiledContract> contracts, ImmutableArray<Diagnostic> diagnostics, CacheOutcome? outcome, EvaluatorAssembly? assembly)
    {
        Sources = sources;
        Contracts = contracts;
        Diagnostics = diagnostics;
        CacheOutcome = outcome;
        Assembly = assembly;
    }

    public ImmutableArray<GeneratedSource> Sources { get; }
    public ImmutableArray<ICompiledContract> Contracts { get; }
    public ImmutableArray<Diagnostic> Diagnostics { get; }
    public CacheOutcome? CacheOutcome { get; }
    public EvaluatorAssembly? Assembly { get; }
    public bool Succeeded => Assembly is not null;

    public void Dispose() => Assembly?.Dispose();
}

/// <summary>
/// Bound models in, loaded evaluators out: hashes each contract (canonical model + tool identity), emits one file per
/// contract, compiles them as one batch through the sandbox, and caches the assembly under the batch's key.
/// </summary>
public static class ContractCompilation
{
    /// <summary>The generated C# for each contract, in input order (no compilation).</summary>
    public static ImmutableArray<GeneratedSource> Generate(IReadOnlyList<BoundContract> contracts) =>
        [.. contracts.Select(c => ContractEmitter.Emit(c, SemanticHash(c)))];

    /// <summary>The hex SHA-256 of a contract's canonical model (spans excluded): equal meaning, equal hash.</summary>
    public static string SemanticHash(BoundContract contract) => ModelSerializer.Hash(contract);

    public static CompiledContracts Compile(IReadOnlyList<BoundContract> contracts, EvaluatorCache? cache = null)
    {
        var sources = Generate(contracts);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in contracts)
            if (!names.Add(ContractEmitter.ClassName(contract)))
                throw new ArgumentException($"contract '{contract.Name}' is given twice in one batch", nameof(contracts));
        var key = EvaluatorCache.KeyFor(string.Join("\n", contracts.Select(SemanticHash)) + "\n" + string.Join("\n", sources.Select(s => s.Text)));
        byte[]? bytes;
        ImmutableArray<Diagnostic> diagnostics;
        CacheOutcome? outcome = null;
        if (cache is null)
        {
            var result = EvaluatorCompiler.CompileBatch(sources);
            bytes = result.AssemblyBytes;
            diagnostics = result.Diagnostics;
        }
        else
        {
            var lookup = cache.GetOrCompile(key, () => EvaluatorCompiler.CompileBatch(sources));
            bytes = lookup.AssemblyBytes;
            diagnostics = lookup.Diagnostics;
            outcome = lookup.Outcome;
        }
        if (bytes is null) return new CompiledContracts(sources, [], diagnostics, outcome, null);
        var assembly = EvaluatorAssembly.Load(bytes);
        var evaluators = contracts.Select(c => assembly.CreateInstance<ICompiledContract>("SlaKpiDsl.Generated." + ContractEmitter.ClassName(c))).ToImmutableArray();
        return new CompiledContracts(sources, evaluators, diagnostics, outcome, assembly);
    }
}
