using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Emit.Build;

/// <summary>
/// The outcome of compiling a batch of generated sources. Invariant: exactly one of the two holds:
/// <see cref="AssemblyBytes"/> is a loadable assembly and <see cref="Diagnostics"/> has no error, or
/// <see cref="AssemblyBytes"/> is null and <see cref="Diagnostics"/> holds at least one SLA9xxx error. Holds no Roslyn
/// type, so callers on the cache-hit path can mention it without loading Roslyn.
/// </summary>
public sealed record CompileResult
{
    public CompileResult(string assemblyName, byte[]? assemblyBytes, ImmutableArray<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        var hasError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (assemblyBytes is null && !hasError)
            throw new ArgumentException("a failed compilation must carry an error diagnostic", nameof(diagnostics));
        if (assemblyBytes is not null && hasError)
            throw new ArgumentException("a successful compilation cannot carry an error diagnostic", nameof(diagnostics));
        AssemblyName = assemblyName;
        AssemblyBytes = assemblyBytes;
        Diagnostics = diagnostics;
    }

    public string AssemblyName { get; }
    public byte[]? AssemblyBytes { get; }
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool Succeeded => AssemblyBytes is not null;
}
