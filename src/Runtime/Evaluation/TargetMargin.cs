namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// The distance between a measured value and a single-bound target (<c>&gt;= 99.9%</c>, <c>&lt;= 30</c>), from the
/// target as a value (<see cref="ValueCondition"/>). Exact: <see cref="Points"/> is a ratio in the target's unit
/// (percentage points for a percent target), positive on the side that meets the target, negative on the breaching
/// side, zero exactly at the bound. A two-bound target has no margin.
/// </summary>
public sealed record TargetMargin(decimal Bound, bool LowerBound, bool Inclusive, bool Percent, ExactRatio Points)
{
    /// <summary>The margin of <paramref name="value"/> against <paramref name="target"/>; null when the target is not a single bound.</summary>
    public static TargetMargin? Of(ExactRatio value, ValueCondition? target)
    {
        if (target is null || (target.Lower is null) == (target.Upper is null)) return null;
        var lower = target.Lower is not null;
        var bound = (target.Lower ?? target.Upper)!.Value;
        var percent = target.Unit == ValueUnit.Percent;
        var scaled = percent ? value.Numerator * 100m : value.Numerator;
        // value - bound (lower bound) or bound - value (upper bound), over the value's own denominator: no division.
        var difference = lower ? scaled - bound.Value * value.Denominator : bound.Value * value.Denominator - scaled;
        return new TargetMargin(bound.Value, lower, bound.Inclusive, percent, new ExactRatio(difference, value.Denominator));
    }

    /// <summary>The margin divided once (28 significant digits): for display only.</summary>
    public decimal ForDisplay => Points.ToDecimalForDisplay();
}
