using System.Collections.Immutable;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Step three: the compiled evaluators of any number of contracts, always as ONE batch (contracts of one shape share
/// one generated class, <see cref="ShapeParameterizer"/>), through the evaluator cache; or, when these exact contract
/// texts were checked and compiled before by this build, straight from the cache by their source key without parsing
/// or binding (each generated evaluator carries its contract's facts).
/// </summary>
public static class Evaluators
{
    /// <summary>From this many files on, checking uses every core (below it, thread start-up costs more).</summary>
    public const int ParallelFrom = 32;

    /// <summary>
    /// The evaluators of the read files: by source key when allowed and recorded, else checked and compiled (the source
    /// key recorded for next time). Null value after the problems: contract errors, or a bug (the C# did not compile).
    /// </summary>
    public static Outcome<CompiledContracts> CompileOrLoad(ReadContracts read, PipelineServices services)
    {
        var cache = services.Cache();
        var sourceKey = cache is not null && services.CacheCheckedSources && !read.Failed && !read.NothingFound
            ? ContractCompilation.SourceKey([.. read.Sources.Select(s => s.Text)])
            : null;
        PhaseTimings.Mark("source key");
        // The key includes this build, so a cached evaluator was generated with its facts like a fresh one.
        if (sourceKey is not null && ContractCompilation.TryLoadBySource(sourceKey, cache!) is { } cached) return new(cached, []);
        var contracts = ContractSources.Check(read, services);
        PhaseTimings.Mark("parse + bind contracts");
        if (contracts.Value is null) return new(null, contracts.Problems);
        return Compile([.. contracts.Value.Select(c => c.Contract)], cache, sourceKey, contracts.Problems);
    }

    /// <summary>One batch for all <paramref name="contracts"/> (input order kept), through <paramref name="cache"/> when given.</summary>
    public static Outcome<CompiledContracts> Compile(IReadOnlyList<BoundContract> contracts, EvaluatorCache? cache, Compiler.Emit.Caching.EvaluatorCacheKey? sourceKey = null,
        ImmutableArray<PipelineProblem> problemsSoFar = default)
    {
        var problems = problemsSoFar.IsDefault ? [] : problemsSoFar;
        var compiled = ContractCompilation.Compile(contracts, cache, sourceKey);
        if (compiled.Succeeded) return new(compiled, problems);
        compiled.Dispose();
        return new(null, [.. problems, .. compiled.Diagnostics.Select(PipelineProblem.Located), PipelineProblem.GeneratedCodeDidNotCompile()]);
    }

    /// <summary>The generated C# of each contract (what <c>sla compile --emit-cs</c> writes), in input order, without compiling it.</summary>
    public static ImmutableArray<GeneratedSource> Generate(IReadOnlyList<BoundContract> contracts) => ContractCompilation.Generate(contracts);

    /// <summary>The key under which these contract texts are recorded, when the cache and source keys are in use.</summary>
    public static EvaluatorCacheKey? SourceKey(ReadContracts read, PipelineServices services) =>
        services.Cache() is not null && services.CacheCheckedSources && !read.Failed ? ContractCompilation.SourceKey([.. read.Sources.Select(s => s.Text)]) : null;

    /// <summary>
    /// A contract's evaluator identity for a statement footer: SHA-256 (hex) of the contract's semantic hash under this
    /// build of the compiler and runtime, i.e. the cache key its evaluator would have compiled on its own. It does not
    /// depend on which other contracts shared the batch (or the shape class), unlike the batch assembly's hash.
    /// </summary>
    public static string Identity(ICompiledContract evaluator) => EvaluatorCache.KeyFor(evaluator.SemanticHash).Hex;

    /// <summary>The contract facts every generated evaluator carries (ContractEmitter.EmitFacts), compiled now or cached.</summary>
    public static ContractFacts FactsOf(ICompiledContract evaluator) =>
        evaluator.Facts ?? throw new InvalidOperationException($"evaluator of '{evaluator.ContractName}' carries no contract facts");
}
