using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Emit.Caching;

/// <summary>What <see cref="EvaluatorCache.GetOrCompile"/> found or built. Invariant: bytes present unless <see cref="CacheOutcome.Failed"/>.</summary>
public sealed record CacheLookup(CacheOutcome Outcome, byte[]? AssemblyBytes, ImmutableArray<Diagnostic> Diagnostics, string EntryPath);
