using System.Globalization;
using System.Text.RegularExpressions;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// The distance between a measured value and a single-bound target, read from the trace's target text
/// (<see cref="ValueCondition.Describe"/>: <c>&gt;= 99.9%</c>, <c>&lt;= 30</c>). Exact: <see cref="Points"/> is a ratio in
/// the target's unit (percentage points for a percent target), positive on the side that meets the target, negative
/// on the breaching side, zero exactly at the bound. Two-bound and free-text targets have no margin.
/// </summary>
public sealed partial record TargetMargin(decimal Bound, bool LowerBound, bool Inclusive, bool Percent, ExactRatio Points)
{
    [GeneratedRegex(@"^(>=|>|<=|<) (-?\d+(?:\.\d+)?)(%?)$")]
    private static partial Regex SingleBound();

    /// <summary>The margin of <paramref name="value"/> against <paramref name="target"/>; null when the target is not a single bound.</summary>
    public static TargetMargin? Of(ExactRatio value, string target)
    {
        var match = SingleBound().Match(target);
        if (!match.Success) return null;
        var op = match.Groups[1].Value;
        var bound = decimal.Parse(match.Groups[2].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var percent = match.Groups[3].Value == "%";
        var scaled = percent ? value.Numerator * 100m : value.Numerator;
        var lower = op[0] == '>';
        // value - bound (lower bound) or bound - value (upper bound), over the value's own denominator: no division.
        var difference = lower ? scaled - bound * value.Denominator : bound * value.Denominator - scaled;
        return new TargetMargin(bound, lower, op.Length == 2, percent, new ExactRatio(difference, value.Denominator));
    }

    /// <summary>The margin divided once (28 significant digits): for display only.</summary>
    public decimal ForDisplay => Points.ToDecimalForDisplay();
}
