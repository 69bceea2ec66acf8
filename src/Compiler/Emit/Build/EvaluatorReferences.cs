using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Emit.Build;

/// <summary>
/// The only assemblies generated code is compiled against: the core library (System.Private.CoreLib must be present
/// because the framework's System.Runtime forwards to it, so File and Environment are still resolvable: the
/// <see cref="SandboxInspector"/> allow-list is the real barrier), System.Runtime, System.Collections,
/// System.Collections.Immutable, System.Linq, NodaTime and SlaKpiDsl.Runtime. Loaded once per process.
/// </summary>
internal static class EvaluatorReferences
{
    private static readonly string[] FrameworkAssemblies =
        ["System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Collections.Immutable", "System.Linq"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(Load);

    public static ImmutableArray<MetadataReference> All => Lazy.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var paths = new List<string>();
        foreach (var name in FrameworkAssemblies)
        {
            if (!trusted.TryGetValue(name, out var path))
                throw new InvalidOperationException($"framework assembly {name} is not among the trusted platform assemblies");
            paths.Add(path);
        }
        paths.Add(typeof(NodaTime.Instant).Assembly.Location);
        paths.Add(typeof(ICompiledContract).Assembly.Location);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
