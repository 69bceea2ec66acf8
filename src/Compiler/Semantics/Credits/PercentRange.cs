namespace SlaKpiDsl.Compiler.Semantics.Credits;

/// <summary>
/// A cut in the real line just before or just after a decimal value. Cuts let inclusive and exclusive bounds compare
/// exactly: "below 99.0" ends at <c>Before(99.0)</c>, "at most 99.0" ends at <c>After(99.0)</c>.
/// Ordered by value, then Before &lt; After.
/// </summary>
public readonly record struct Cut(decimal Value, bool After) : IComparable<Cut>
{
    public static Cut Before(decimal value) => new(value, false);

    public static Cut AfterValue(decimal value) => new(value, true);

    public int CompareTo(Cut other)
    {
        var byValue = Value.CompareTo(other.Value);
        return byValue != 0 ? byValue : After.CompareTo(other.After);
    }

    public static bool operator <(Cut a, Cut b) => a.CompareTo(b) < 0;
    public static bool operator >(Cut a, Cut b) => a.CompareTo(b) > 0;
    public static bool operator <=(Cut a, Cut b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Cut a, Cut b) => a.CompareTo(b) >= 0;

    public static Cut Min(Cut a, Cut b) => a <= b ? a : b;
    public static Cut Max(Cut a, Cut b) => a >= b ? a : b;
}

/// <summary>
/// A set of measured percentages between two cuts, <c>[Low, High)</c> in cut terms. Each bound is a decimal with
/// its own inclusive/exclusive flag, so 99.0 inclusive and 99.0 exclusive are different, exactly.
/// Invariant: 0 &lt;= every bound value &lt;= 100; Low &lt;= High (Low == High is the empty set, which the
/// constructor rejects: a tier matching nothing is a contract error reported by the binder before building one).
/// </summary>
public sealed record PercentRange
{
    public static readonly decimal Minimum = 0m;
    public static readonly decimal Maximum = 100m;

    public PercentRange(Cut low, Cut high)
    {
        if (low.Value < Minimum || low.Value > Maximum) throw new ArgumentOutOfRangeException(nameof(low), low.Value, "A percent bound lies in 0..100.");
        if (high.Value < Minimum || high.Value > Maximum) throw new ArgumentOutOfRangeException(nameof(high), high.Value, "A percent bound lies in 0..100.");
        if (low >= high) throw new ArgumentException($"Empty percent range: low {low} is not below high {high}.", nameof(low));
        Low = low;
        High = high;
    }

    public Cut Low { get; private init; }
    public Cut High { get; private init; }

    public decimal LowValue => Low.Value;
    public bool LowInclusive => !Low.After;
    public decimal HighValue => High.Value;
    public bool HighInclusive => High.After;

    /// <summary>Everything from 0% (inclusive) to the given bound.</summary>
    public static PercentRange Below(decimal bound, bool inclusive) =>
        new(Cut.Before(Minimum), inclusive ? Cut.AfterValue(bound) : Cut.Before(bound));

    /// <summary>Everything from the given bound to 100% (inclusive).</summary>
    public static PercentRange Above(decimal bound, bool inclusive) =>
        new(inclusive ? Cut.Before(bound) : Cut.AfterValue(bound), Cut.AfterValue(Maximum));

    public static PercentRange Between(decimal low, bool lowInclusive, decimal high, bool highInclusive) =>
        new(lowInclusive ? Cut.Before(low) : Cut.AfterValue(low), highInclusive ? Cut.AfterValue(high) : Cut.Before(high));

    public bool Contains(decimal value) => Low <= Cut.Before(value) && Cut.AfterValue(value) <= High;

    public bool Contains(PercentRange other) => Low <= other.Low && other.High <= High;

    public bool Overlaps(PercentRange other) => Cut.Max(Low, other.Low) < Cut.Min(High, other.High);

    /// <summary>The intersection, or null when the ranges are disjoint.</summary>
    public PercentRange? Intersect(PercentRange other)
    {
        var low = Cut.Max(Low, other.Low);
        var high = Cut.Min(High, other.High);
        return low < high ? new PercentRange(low, high) : null;
    }

    public bool IsSinglePoint => Low.Value == High.Value && !Low.After && High.After;

    /// <summary>Describes the set for a message about a measure: "availability = 99.0%", "availability in [95.0%, 99.0%)".</summary>
    public string Describe(string measure)
    {
        if (IsSinglePoint) return $"{measure} = {Format(LowValue)}%";
        var open = LowInclusive ? "[" : "(";
        var close = HighInclusive ? "]" : ")";
        return $"{measure} in {open}{Format(LowValue)}%, {Format(HighValue)}%{close}";
    }

    public override string ToString() => Describe("x");

    internal static string Format(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
