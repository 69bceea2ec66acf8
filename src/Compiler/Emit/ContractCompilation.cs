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
    private readonly Lazy<ImmutableArray<GeneratedSource>> _sources;

    internal CompiledContracts(Lazy<ImmutableArray<GeneratedSource>> sources, ImmutableArray<ICompiledContract> contracts, ImmutableArray<Diagnostic> diagnostics, CacheOutcome? outcome, EvaluatorAssembly? assembly)
    {
        _sources = sources;
        Contracts = contracts;
        Diagnostics = diagnostics;
        CacheOutcome = outcome;
        Assembly = assembly;
    }

    /// <summary>The generated C#; produced on first use, so a cache hit never generates source (nor loads Roslyn).</summary>
    public ImmutableArray<GeneratedSource> Sources => _sources.Value;
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
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in contracts)
            if (!names.Add(contract.Name))
                throw new ArgumentException($"contract '{contract.Name}' is given twice in one batch", nameof(contracts));
        var hashes = contracts.Select(SemanticHash).ToImmutableArray();
        // The generated text is a function of the model and the compiler build, and KeyFor adds the compiler's identity:
        // the model hashes alone are the key, so a cache hit needs no code generation (which uses Roslyn's escaping).
        var key = EvaluatorCache.KeyFor(string.Join("\n", hashes));
        var sources = new Lazy<ImmutableArray<GeneratedSource>>(
            () => [.. contracts.Select((c, i) => ContractEmitter.Emit(c, hashes[i]))]);
        byte[]? bytes;
        ImmutableArray<Diagnostic> diagnostics;
        CacheOutcome? outcome = null;
        if (cache is null)
        {
            var result = EvaluatorCompiler.CompileBatch(sources.Value);
            bytes = result.AssemblyBytes;
            diagnostics = result.Diagnostics;
        }
        else
        {
            var lookup = cache.GetOrCompile(key, () => EvaluatorCompiler.CompileBatch(sources.Value));
            bytes = lookup.AssemblyBytes;
            diagnostics = lookup.Diagnostics;
            outcome = lookup.Outcome;
        }
        if (bytes is null) return new CompiledContracts(sources, [], diagnostics, outcome, null);
        var assembly = EvaluatorAssembly.Load(bytes);
        // Matched by the semantic hash each generated class reports, so no class name (a Roslyn-checked identifier) is needed.
        var byHash = assembly.CreateAll<ICompiledContract>().ToDictionary(e => e.SemanticHash, StringComparer.Ordinal);
        var evaluators = hashes.Select(h => byHash[h]).ToImmutableArray();
        return new CompiledContracts(sources, evaluators, diagnostics, outcome, assembly);
    }
}
