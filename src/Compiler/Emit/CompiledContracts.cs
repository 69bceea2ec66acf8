using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.Compiler.Emit;

/// <summary>
/// The compiled evaluators of a batch of contracts. Invariant: when <see cref="Succeeded"/>, <see cref="Contracts"/>
/// holds one evaluator per input contract in input order and <see cref="Assembly"/> keeps them loaded; otherwise
/// <see cref="Diagnostics"/> holds the SLA9001/SLA9002 internal errors and there are no evaluators.
/// </summary>
public sealed class CompiledContracts : IDisposable
{
    private readonly Lazy<ImmutableArray<GeneratedSource>> _sources;

    internal CompiledContracts(Lazy<ImmutableArray<GeneratedSource>> sources, ImmutableArray<ICompiledContract> contracts, ImmutableArray<Diagnostic> diagnostics, CacheOutcome? outcome, EvaluatorAssembly? assembly, EvaluatorCacheKey entryKey)
    {
        EntryKey = entryKey;
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

    /// <summary>The cache key of the batch's assembly (model hashes under this build), whether or not a cache was used.</summary>
    public EvaluatorCacheKey EntryKey { get; }
    public EvaluatorAssembly? Assembly { get; }
    public bool Succeeded => Assembly is not null;

    public void Dispose() => Assembly?.Dispose();
}
