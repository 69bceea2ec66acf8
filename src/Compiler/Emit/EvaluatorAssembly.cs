using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Sandbox;
using SlaKpiDsl.Compiler.Emit.Shapes;

namespace SlaKpiDsl.Compiler.Emit;

/// <summary>
/// A compiled evaluator assembly loaded in its own collectible <see cref="AssemblyLoadContext"/>. Invariants: the
/// SlaKpiDsl.Runtime and NodaTime assemblies resolve to the host's own (so <see cref="ICompiledContract"/>, Instant and
/// the runtime's types are the same types on both sides); every other dependency falls back to the default context;
/// <see cref="Dispose"/> unloads the context (it is collected once no instance is referenced); no assembly is loaded
/// before its metadata passes the sandbox check, whether it was just compiled or read from a cache. Holds no Roslyn type.
/// </summary>
public sealed class EvaluatorAssembly : IDisposable
{
    private readonly EvaluatorLoadContext _context;
    private bool _disposed;

    private EvaluatorAssembly(EvaluatorLoadContext context, Assembly assembly, string sha256)
    {
        _context = context;
        Assembly = assembly;
        Sha256 = sha256;
    }

    public Assembly Assembly { get; }

    /// <summary>Hex SHA-256 of the assembly bytes (a statement's footer names the evaluator that computed it).</summary>
    public string Sha256 { get; }

    /// <summary>Loads <paramref name="assemblyBytes"/> after the metadata sandbox check; throws <see cref="InvalidDataException"/> naming the violations when it fails.</summary>
    public static EvaluatorAssembly Load(byte[] assemblyBytes) =>
        TryLoad(assemblyBytes, out var problem) ?? throw new InvalidDataException($"the evaluator assembly leaves the sandbox: {problem}");

    /// <summary>
    /// The assembly loaded, or null with the reason in <paramref name="problem"/> when its metadata fails the sandbox
    /// check (<see cref="AssemblyMetadataInspector"/>): nothing of it is loaded or run then.
    /// </summary>
    public static EvaluatorAssembly? TryLoad(byte[] assemblyBytes, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(assemblyBytes);
        var violations = AssemblyMetadataInspector.Inspect(assemblyBytes);
        if (violations.Count > 0)
        {
            problem = string.Join("; ", violations);
            return null;
        }
        problem = null;
        var context = new EvaluatorLoadContext();
        using var stream = new MemoryStream(assemblyBytes, writable: false);
        return new EvaluatorAssembly(context, context.LoadFromStream(stream), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(assemblyBytes)));
    }

    /// <summary>A new instance of the public type <paramref name="fullTypeName"/>, which must have a public parameterless constructor and implement <typeparamref name="T"/>.</summary>
    public T CreateInstance<T>(string fullTypeName) where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var type = Assembly.GetType(fullTypeName, throwOnError: false, ignoreCase: false)
            ?? throw new InvalidOperationException($"type {fullTypeName} is not in {Assembly.GetName().Name}");
        if (!typeof(T).IsAssignableFrom(type))
            throw new InvalidOperationException($"type {fullTypeName} does not implement {typeof(T).FullName}");
        return (T)Activator.CreateInstance(type)!;
    }

    /// <summary>
    /// The evaluators of the assembly: for a parameterised one (<see cref="EvaluatorCompiler.CompileContracts"/>), one
    /// instance per contract of its instance table, in table order, each its shape class constructed with its constants;
    /// otherwise one instance of every public concrete type implementing <typeparamref name="T"/>, ordered by type name.
    /// </summary>
    public IReadOnlyList<T> CreateAll<T>() where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using (var table = Assembly.GetManifestResourceStream(ContractInstanceTable.ResourceName))
            if (table is not null) return CreateShaped<T>(ContractInstanceTable.Read(table));
        var types = Assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(T).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
        // Each instance loads its class and runs its static constructor (JIT included): a fleet's worth uses every core.
        var instances = new T[types.Length];
        if (types.Length >= ContractCompilation.ParallelFrom) Parallel.For(0, types.Length, i => instances[i] = (T)Activator.CreateInstance(types[i])!);
        else for (var i = 0; i < types.Length; i++) instances[i] = (T)Activator.CreateInstance(types[i])!;
        return instances;
    }

    private T[] CreateShaped<T>(ImmutableArray<ShapedContract> contracts) where T : class
    {
        var constructors = new Dictionary<string, ConstructorInfo>(StringComparer.Ordinal);
        foreach (var name in contracts.Select(c => c.ShapeTypeName).Distinct(StringComparer.Ordinal))
        {
            var type = Assembly.GetType(name, throwOnError: false, ignoreCase: false)
                ?? throw new InvalidDataException($"shape {name} of the instance table is not in {Assembly.GetName().Name}");
            if (!typeof(T).IsAssignableFrom(type)) throw new InvalidDataException($"shape {name} does not implement {typeof(T).FullName}");
            constructors.Add(name, type.GetConstructor([typeof(ContractConstants)])
                ?? throw new InvalidDataException($"shape {name} has no constructor taking its constants"));
        }
        var instances = new T[contracts.Length];
        if (contracts.Length >= ContractCompilation.ParallelFrom)
            Parallel.For(0, contracts.Length, i => instances[i] = (T)constructors[contracts[i].ShapeTypeName].Invoke([contracts[i].Constants]));
        else
            for (var i = 0; i < contracts.Length; i++) instances[i] = (T)constructors[contracts[i].ShapeTypeName].Invoke([contracts[i].Constants]);
        return instances;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _context.Unload();
    }

    private sealed class EvaluatorLoadContext() : AssemblyLoadContext("SlaKpiDsl.Evaluator", isCollectible: true)
    {
        private static readonly Assembly[] Shared = [typeof(ICompiledContract).Assembly, typeof(NodaTime.Instant).Assembly];

        protected override Assembly? Load(AssemblyName assemblyName) =>
            Shared.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName()));
    }
}
