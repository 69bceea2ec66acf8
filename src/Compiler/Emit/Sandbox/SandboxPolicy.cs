using System.Collections.Immutable;

namespace SlaKpiDsl.Compiler.Emit.Sandbox;

/// <summary>
/// What generated evaluator code may touch: an allow-list, not a deny-list. Invariant: a symbol is allowed only if it
/// is declared in the generated compilation itself, or its outermost type lives in an allowed namespace (exactly, or
/// below a namespace in <see cref="AllowedNamespaceTrees"/>) and is not in <see cref="DeniedTypes"/>, or it is listed in
/// <see cref="AllowedTypes"/>; types directly in <c>System</c> must also be in <see cref="AllowedSystemTypes"/>.
/// <c>SlaKpiDsl.Runtime.Data</c> is not a tree: it holds file-reading loaders, so only its model records are listed. Evaluators have no clock, no floating point, no I/O,
/// no reflection, no threads: time comes in as data and numbers are exact.
/// </summary>
public sealed record SandboxPolicy
{
    public static SandboxPolicy Default { get; } = new()
    {
        AllowedNamespaces = ["System", "System.Collections", "System.Collections.Generic", "System.Collections.Immutable", "System.Linq"],
        AllowedNamespaceTrees = ["NodaTime", "SlaKpiDsl.Runtime.Time", "SlaKpiDsl.Runtime.Evaluation"],
        AllowedTypes =
        [
            "SlaKpiDsl.Runtime.Data.Incident", "SlaKpiDsl.Runtime.Data.Maintenance", "SlaKpiDsl.Runtime.Data.Alert",
            "SlaKpiDsl.Runtime.Data.RequestSlice", "SlaKpiDsl.Runtime.Data.LatencyHistogram", "SlaKpiDsl.Runtime.Data.Deployment",
            "SlaKpiDsl.Runtime.Data.Impact", "SlaKpiDsl.Runtime.Data.LedgerCredit",
            // A contract's incidents as table rows or objects (read-only; IncidentSource.Of hands it to the downtime kernel).
            "SlaKpiDsl.Runtime.Data.IncidentRows",
        ],
        AllowedSystemTypes =
        [
            "Object", "String", "Boolean", "Char", "Byte", "SByte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64",
            "Decimal", "Void", "Math", "MidpointRounding", "Nullable", "Nullable`1", "Index", "Range",
            "ValueTuple", "ValueTuple`1", "ValueTuple`2", "ValueTuple`3", "ValueTuple`4", "ValueTuple`5", "ValueTuple`6",
            "ValueTuple`7", "ValueTuple`8",
            "Func`1", "Func`2", "Func`3", "Func`4", "Func`5", "Func`6", "Action", "Action`1", "Action`2", "Action`3",
            "Predicate`1", "Comparison`1", "IComparable", "IComparable`1", "IEquatable`1", "IDisposable",
            "Array", "ReadOnlySpan`1", "Span`1", "StringComparison", "StringComparer",
            "Exception", "ArgumentException", "ArgumentNullException", "ArgumentOutOfRangeException",
            "InvalidOperationException", "NotSupportedException", "OverflowException", "DivideByZeroException",
        ],
        // The clock is injected: an evaluator that read the system clock would make statements irreproducible.
        DeniedTypes = ["NodaTime.SystemClock"],
    };

    /// <summary>The namespace generated types are declared in (or below); declaring types elsewhere is a violation.</summary>
    public string GeneratedNamespace { get; init; } = "SlaKpiDsl.Generated";

    /// <summary>Namespaces allowed exactly (not their children).</summary>
    public ImmutableArray<string> AllowedNamespaces { get; init; } = [];

    /// <summary>Namespaces allowed with all their children.</summary>
    public ImmutableArray<string> AllowedNamespaceTrees { get; init; } = [];

    /// <summary>Metadata names (<c>Func`2</c>) of the types allowed directly in namespace <c>System</c>.</summary>
    public ImmutableArray<string> AllowedSystemTypes { get; init; } = [];

    /// <summary>Full metadata names of types allowed although their namespace is not (the data model records, not the loaders).</summary>
    public ImmutableArray<string> AllowedTypes { get; init; } = [];

    /// <summary>Full metadata names of types denied even though their namespace is allowed.</summary>
    public ImmutableArray<string> DeniedTypes { get; init; } = [];

    public bool IsGeneratedNamespace(string ns) =>
        ns == GeneratedNamespace || ns.StartsWith(GeneratedNamespace + ".", StringComparison.Ordinal);

    public bool IsNamespaceAllowed(string ns) =>
        IsGeneratedNamespace(ns)
        || AllowedNamespaces.Contains(ns)
        || AllowedNamespaceTrees.Any(tree => ns == tree || ns.StartsWith(tree + ".", StringComparison.Ordinal));

    /// <summary>True for a namespace that only leads to allowed ones (<c>System</c> in <c>System.Linq</c>) or to allowed types, so naming it is harmless (each type is still checked).</summary>
    public bool IsNamespacePrefix(string ns) =>
        ns.Length == 0 || AllowedNamespaces.Concat(AllowedNamespaceTrees).Concat(AllowedTypes).Any(a => a.StartsWith(ns + ".", StringComparison.Ordinal));

    public bool IsTypeAllowed(string ns, string metadataName)
    {
        if (AllowedTypes.Contains(ns + "." + metadataName)) return true;
        if (!IsNamespaceAllowed(ns)) return false;
        if (DeniedTypes.Contains(ns + "." + metadataName)) return false;
        return ns != "System" || AllowedSystemTypes.Contains(metadataName);
    }
}
