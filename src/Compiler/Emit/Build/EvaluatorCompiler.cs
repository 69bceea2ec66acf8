using System.Runtime.CompilerServices;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Sandbox;

namespace SlaKpiDsl.Compiler.Emit.Build;

/// <summary>
/// Compiles generated evaluator sources, many contracts into one assembly (one syntax tree each), in Release,
/// deterministically (same sources, same bytes), with unsafe code off, against a restricted reference set, then
/// checks every referenced symbol against the <see cref="SandboxPolicy"/>. Invariant: this facade's signatures hold no
/// Roslyn type, and Roslyn is reached only through a non-inlined call, so code that merely mentions this class (the
/// cache-hit path) does not load Microsoft.CodeAnalysis.
/// </summary>
public static class EvaluatorCompiler
{
    public static CompileResult CompileBatch(IReadOnlyList<GeneratedSource> sources) =>
        CompileBatch(sources, EvaluatorCompilerOptions.Default);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CompileResult CompileBatch(IReadOnlyList<GeneratedSource> sources, EvaluatorCompilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireDistinctSources(sources);
        return RoslynBatchCompiler.Compile(sources, options);
    }

    /// <summary>
    /// Generated contract sources compiled with contracts of one shape sharing one class (see
    /// <see cref="ShapeParameterizer"/>); load them with <see cref="EvaluatorAssembly.CreateAll{T}"/>. Falls back to
    /// <see cref="CompileBatch(IReadOnlyList{GeneratedSource}, EvaluatorCompilerOptions)"/> (one class per contract, and
    /// its diagnostics) when the sources cannot be parameterised or the shapes do not compile.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CompileResult CompileContracts(IReadOnlyList<GeneratedSource> sources, EvaluatorCompilerOptions? options = null)
    {
        RequireDistinctSources(sources);
        return RoslynBatchCompiler.CompileContracts(sources, options ?? EvaluatorCompilerOptions.Default);
    }

    private static void RequireDistinctSources(IReadOnlyList<GeneratedSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0) throw new ArgumentException("nothing to compile", nameof(sources));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
            if (!names.Add(source.FileName))
                throw new ArgumentException($"two generated sources are named '{source.FileName}'", nameof(sources));
    }
}
