namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// An exact measured value: the fraction <see cref="Numerator"/> / <see cref="Denominator"/> (for availability:
/// available ticks over measured ticks). Comparisons cross-multiply, so no division or rounding happens before a verdict.
/// Invariant: <see cref="Denominator"/> &gt; 0.
/// </summary>
public readonly record struct ExactRatio
{
    public ExactRatio(decimal numerator, decimal denominator)
    {
        if (denominator <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "A ratio's denominator must be positive.");
        Numerator = numerator;
        Denominator = denominator;
    }

    public decimal Numerator { get; }
    public decimal Denominator { get; }

    /// <summary>A plain number (milliseconds, a count) as a ratio over 1.</summary>
    public static ExactRatio Of(decimal value) => new(value, 1m);

    /// <summary>The value in percent, divided once at 28 significant digits: for display only, never for verdicts.</summary>
    public decimal ToPercentForDisplay() => Numerator * 100m / Denominator;

    /// <summary>The fraction divided once at 28 significant digits: for display only, never for verdicts.</summary>
    public decimal ToDecimalForDisplay() => Numerator / Denominator;

    /// <summary>Compares the value in percent with <paramref name="percent"/> exactly: -1, 0 or 1.</summary>
    public int ComparePercent(decimal percent) => (Numerator * 100m).CompareTo(percent * Denominator);

    /// <summary>Compares the plain value (not percent) with <paramref name="value"/> exactly.</summary>
    public int CompareValue(decimal value) => Numerator.CompareTo(value * Denominator);

    public override string ToString() => $"{Numerator}/{Denominator}";
}

/// <summary>The unit a measured value is compared in: percent for ratios (99.9 means 99.9%), or the plain value (milliseconds, minutes, counts).</summary>
public enum ValueUnit
{
    Percent,
    Plain,
}

/// <summary>One end of a condition on a measured value. <see cref="Inclusive"/> decides whether the value itself belongs.</summary>
public readonly record struct Bound(decimal Value, bool Inclusive);

/// <summary>
/// A condition on a measured value: <c>Lower &lt;(=) value &lt;(=) Upper</c>, either end optional (a credit tier's
/// "below 99.9%" is Upper(99.9, exclusive); GitHub's "at most 99.9 and above 99.0" is Lower(99.0, exclusive) and
/// Upper(99.9, inclusive)). Invariant: at least one end is present; when both are, Lower &lt;= Upper.
/// </summary>
public sealed record ValueCondition
{
    public ValueCondition(Bound? lower, Bound? upper, ValueUnit unit = ValueUnit.Percent)
    {
        if (lower is null && upper is null) throw new ArgumentException("A condition needs at least one bound.");
        if (lower is { } l && upper is { } u && l.Value > u.Value) throw new ArgumentException($"Lower bound {l.Value} is above upper bound {u.Value}.");
        Lower = lower;
        Upper = upper;
        Unit = unit;
        _description = BuildDescription();
    }

    public Bound? Lower { get; }
    public Bound? Upper { get; }
    public ValueUnit Unit { get; }

    public static ValueCondition AtLeast(decimal v, ValueUnit unit = ValueUnit.Percent) => new(new Bound(v, true), null, unit);
    public static ValueCondition Above(decimal v, ValueUnit unit = ValueUnit.Percent) => new(new Bound(v, false), null, unit);
    public static ValueCondition AtMost(decimal v, ValueUnit unit = ValueUnit.Percent) => new(null, new Bound(v, true), unit);
    public static ValueCondition Below(decimal v, ValueUnit unit = ValueUnit.Percent) => new(null, new Bound(v, false), unit);
    public static ValueCondition Between(Bound lower, Bound upper, ValueUnit unit = ValueUnit.Percent) => new(lower, upper, unit);

    /// <summary>Exact: a value exactly at an inclusive bound holds (so "at least 99.9%" is met by 99.9%).</summary>
    public bool Holds(ExactRatio value)
    {
        if (Lower is { } l)
        {
            var c = Compare(value, l.Value);
            if (c < 0 || (c == 0 && !l.Inclusive)) return false;
        }
        if (Upper is { } u)
        {
            var c = Compare(value, u.Value);
            if (c > 0 || (c == 0 && !u.Inclusive)) return false;
        }
        return true;
    }

    private int Compare(ExactRatio value, decimal bound) => Unit == ValueUnit.Percent ? value.ComparePercent(bound) : value.CompareValue(bound);

    /// <summary>Readable form used in traces: <c>&gt;= 99.9%</c>, <c>&gt; 99.0% and &lt;= 99.9%</c>.</summary>
    public string Describe() => _description;

    // Built once in the constructor (traces describe every candidate tier of every window); a function of the bounds, so record equality is unaffected.
    private readonly string _description;

    private string BuildDescription()
    {
        var suffix = Unit == ValueUnit.Percent ? "%" : "";
        var parts = new List<string>(2);
        if (Lower is { } l) parts.Add($"{(l.Inclusive ? ">=" : ">")} {l.Value}{suffix}");
        if (Upper is { } u) parts.Add($"{(u.Inclusive ? "<=" : "<")} {u.Value}{suffix}");
        return string.Join(" and ", parts);
    }
}
