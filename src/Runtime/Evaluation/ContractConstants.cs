using System.Collections.Immutable;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// The literal values of one contract's generated evaluator, taken out of its code so that contracts of the same
/// <em>shape</em> (the same generated code up to its literals: a fleet of customers on one template) share one compiled
/// class. The shape's code reads <c>k.S[3]</c> where the contract's own code had its fourth string literal, <c>k.M[0]</c>
/// for its first decimal, and so on, in source order. Invariant: the values are exactly the literals of the contract's
/// generated source (same strings, decimals with their scale, ints, longs), in the order they appear there; a shape is
/// only ever constructed with the constants of a contract of that shape (the compiler writes both side by side).
/// </summary>
public sealed class ContractConstants
{
    public ContractConstants(ImmutableArray<string> strings, ImmutableArray<decimal> decimals, ImmutableArray<int> ints, ImmutableArray<long> longs)
    {
        S = strings.IsDefault ? [] : strings;
        M = decimals.IsDefault ? [] : decimals;
        I = ints.IsDefault ? [] : ints;
        L = longs.IsDefault ? [] : longs;
        if (S.Any(s => s is null)) throw new ArgumentException("a string literal is never null", nameof(strings));
    }

    /// <summary>No literal at all (a class whose code was compiled as written).</summary>
    public static ContractConstants None { get; } = new([], [], [], []);

    /// <summary>The string literals, in source order.</summary>
    public ImmutableArray<string> S { get; }

    /// <summary>The decimal literals (<c>99.95m</c>), in source order, each with its scale.</summary>
    public ImmutableArray<decimal> M { get; }

    /// <summary>The int literals, in source order.</summary>
    public ImmutableArray<int> I { get; }

    /// <summary>The long literals (<c>2592000000000L</c>), in source order.</summary>
    public ImmutableArray<long> L { get; }
}
