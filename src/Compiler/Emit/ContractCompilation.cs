using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.Compiler.Emit;

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

    /// <summary>
    /// The key of a batch's contract source texts (in order, paths excluded) under this build of the parser, checker,
    /// emitter and runtime: equal texts check to equal models, so the key stands for the models without binding them.
    /// </summary>
    public static EvaluatorCacheKey SourceKey(IReadOnlyList<string> sourceTexts)
    {
        ArgumentNullException.ThrowIfNull(sourceTexts);
        var content = new StringBuilder("contract-sources/1\n");
        foreach (var text in sourceTexts)
            content.Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))).Append('\n');
        return EvaluatorCache.KeyFor(content.ToString(), SourceToolIdentity);
    }

    // The parser decides the model from the text, so its build is part of a source key (the model key does not need it).
    /// <summary>From this many contracts on, hashing and instantiating use every core (below it, thread start-up costs more).</summary>
    internal const int ParallelFrom = 32;

    private static readonly string SourceToolIdentity = EvaluatorCache.ToolIdentity + "|" + EvaluatorCache.Identity(typeof(Dsl.Text.SourceText).Assembly);

    /// <summary>
    /// The evaluators recorded for <paramref name="sourceKey"/> by an earlier <see cref="Compile(IReadOnlyList{BoundContract}, EvaluatorCache?, EvaluatorCacheKey?)"/>,
    /// loaded without parsing, binding, generating or compiling anything; null when the index or its entry is missing
    /// or corrupt (then check and compile as usual). The result's <see cref="CompiledContracts.Sources"/> is not available.
    /// </summary>
    public static CompiledContracts? TryLoadBySource(EvaluatorCacheKey sourceKey, EvaluatorCache cache)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.TryReadSourceIndex(sourceKey) is not { } index) return null;
        PhaseTimings.Mark("hit: source index read");
        var (_, bytes) = cache.TryRead(index.EntryKey);
        PhaseTimings.Mark("hit: entry read and MAC");
        if (bytes is null) return null;
        if (!TryInstantiate(bytes, index.SemanticHashes, out var assembly, out var evaluators, out var problem))
        {
            cache.Reject(index.EntryKey, problem);
            return null;
        }
        var sources = new Lazy<ImmutableArray<GeneratedSource>>(() =>
            throw new InvalidOperationException("evaluators loaded by source key carry no generated source; compile the bound contracts to get it"));
        return new CompiledContracts(sources, evaluators, [], Emit.Caching.CacheOutcome.Hit, assembly, index.EntryKey);
    }

    /// <summary>
    /// Loads <paramref name="bytes"/> after the metadata sandbox check and picks one evaluator per hash in
    /// <paramref name="hashes"/>' order; false, with the reason, when the check fails or a hash has no evaluator (an
    /// entry of other contracts). Nothing stays loaded then.
    /// </summary>
    private static bool TryInstantiate(byte[] bytes, IReadOnlyList<string> hashes, out EvaluatorAssembly? assembly,
        out ImmutableArray<ICompiledContract> evaluators, out string problem)
    {
        evaluators = [];
        assembly = EvaluatorAssembly.TryLoad(bytes, out var violation);
        PhaseTimings.Mark("hit: sandbox check, load");
        if (assembly is null)
        {
            problem = "fails the sandbox check (" + violation + ")";
            return false;
        }
        // Matched by the semantic hash each generated class reports, so no class name (a Roslyn-checked identifier) is needed.
        var byHash = new Dictionary<string, ICompiledContract>(StringComparer.Ordinal);
        foreach (var evaluator in assembly.CreateAll<ICompiledContract>()) byHash.TryAdd(evaluator.SemanticHash, evaluator);
        if (hashes.FirstOrDefault(h => !byHash.ContainsKey(h)) is { } missing)
        {
            assembly.Dispose();
            assembly = null;
            problem = $"holds no evaluator for contract model {missing[..Math.Min(12, missing.Length)]} (an entry of other contracts)";
            return false;
        }
        evaluators = [.. hashes.Select(h => byHash[h])];
        problem = "";
        return true;
    }

    /// <summary>As <see cref="Compile(IReadOnlyList{BoundContract}, EvaluatorCache?)"/>; on success also records <paramref name="sourceKey"/> (the key of the texts these contracts were checked from) for <see cref="TryLoadBySource"/>.</summary>
    public static CompiledContracts Compile(IReadOnlyList<BoundContract> contracts, EvaluatorCache? cache, EvaluatorCacheKey? sourceKey)
    {
        var compiled = Compile(contracts, cache);
        if (cache is not null && sourceKey is not null && compiled.Succeeded)
            cache.StoreSourceIndex(sourceKey, compiled.EntryKey, [.. compiled.Contracts.Select(c => c.SemanticHash)]);
        return compiled;
    }

    public static CompiledContracts Compile(IReadOnlyList<BoundContract> contracts, EvaluatorCache? cache = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in contracts)
            if (!names.Add(contract.Name))
                throw new ArgumentException($"contract '{contract.Name}' is given twice in one batch", nameof(contracts));
        // Hashing serialises every model: for a fleet of contracts that is worth every core (order kept by index).
        var hashArray = new string[contracts.Count];
        if (contracts.Count >= ParallelFrom) Parallel.For(0, contracts.Count, i => hashArray[i] = SemanticHash(contracts[i]));
        else for (var i = 0; i < contracts.Count; i++) hashArray[i] = SemanticHash(contracts[i]);
        var hashes = ImmutableCollectionsMarshal.AsImmutableArray(hashArray);
        PhaseTimings.Mark("compile: hash models");
        // The generated text is a function of the model and the compiler build, and KeyFor adds the compiler's identity:
        // the model hashes alone are the key, so a cache hit needs no code generation (which uses Roslyn's escaping).
        var key = EvaluatorCache.KeyFor(string.Join("\n", hashes));
        var sources = new Lazy<ImmutableArray<GeneratedSource>>(() =>
        {
            var emitted = new GeneratedSource[contracts.Count];
            Parallel.For(0, contracts.Count, i => emitted[i] = ContractEmitter.Emit(contracts[i], hashes[i]));
            PhaseTimings.Mark("compile: generate C#");
            return ImmutableArray.Create(emitted);
        });
        Func<CompileResult> compile = () => EvaluatorCompiler.CompileContracts(sources.Value);
        byte[]? bytes;
        ImmutableArray<Diagnostic> diagnostics;
        CacheOutcome? outcome = null;
        if (cache is null)
        {
            var result = compile();
            bytes = result.AssemblyBytes;
            diagnostics = result.Diagnostics;
        }
        else
        {
            var lookup = cache.GetOrCompile(key, compile);
            bytes = lookup.AssemblyBytes;
            diagnostics = lookup.Diagnostics;
            outcome = lookup.Outcome;
            if (lookup.Outcome == Emit.Caching.CacheOutcome.Hit)
            {
                if (TryInstantiate(bytes!, hashes, out var cachedAssembly, out var cachedEvaluators, out var problem))
                    return new CompiledContracts(sources, cachedEvaluators, diagnostics, outcome, cachedAssembly, key);
                // Authentic but refused (sandbox check, other contracts): compile afresh and replace it.
                cache.Reject(key, problem);
                var result = compile();
                bytes = result.AssemblyBytes;
                diagnostics = result.Diagnostics;
                outcome = result.Succeeded ? Emit.Caching.CacheOutcome.RebuiltCorrupt : Emit.Caching.CacheOutcome.Failed;
                if (bytes is not null) cache.Store(key, bytes);
            }
        }
        if (bytes is null) return new CompiledContracts(sources, [], diagnostics, outcome, null, key);
        if (!TryInstantiate(bytes, hashes, out var assembly, out var evaluators, out var failure))
        {
            // Just compiled from our own generated code and refused: a bug in sla (emitter or either sandbox check), exit 2.
            var bug = DiagnosticBuilder.GeneratedCodeLeavesSandbox(new Dsl.Text.SourceText("evaluator assembly", string.Empty), new Dsl.Text.SourceSpan(0, 0),
                "the compiled assembly " + failure, Path.GetTempPath());
            return new CompiledContracts(sources, [], [.. diagnostics, bug], outcome, null, key);
        }
        return new CompiledContracts(sources, evaluators, diagnostics, outcome, assembly, key);
    }
}
