using System.Collections.Immutable;

namespace SlaKpiDsl.Compiler.Semantics.Credits;

/// <summary>One credit tier as the analysis sees it: a label for messages, the measured range it matches, its credit.</summary>
public sealed record TierCondition(string Label, PercentRange Range, decimal CreditPercent);

/// <summary>Two tiers whose ranges partly overlap (or are identical): a measurement in <see cref="Shared"/> matches both.</summary>
public sealed record TierOverlap(int First, int Second, PercentRange Shared);

/// <summary>Tier <see cref="Worse"/> matches worse measurements than tier <see cref="Better"/> but credits less.</summary>
public sealed record TierInversion(int Worse, int Better);

/// <summary>
/// Measurements in <see cref="Uncovered"/> match no tier although tiers exist on both sides (or only above, for a gap
/// starting at 0%). <see cref="Below"/> is the tier covering the worse side (null at 0%), <see cref="Above"/> the better.
/// </summary>
public sealed record TierGap(PercentRange Uncovered, int? Below, int Above);

/// <summary>The exact findings about one credit schedule, each naming tiers by their index in the input.</summary>
public sealed record CreditScheduleFindings(
    ImmutableArray<TierOverlap> Overlaps,
    ImmutableArray<TierInversion> Inversions,
    ImmutableArray<TierGap> Gaps)
{
    public bool IsClean => Overlaps.IsEmpty && Inversions.IsEmpty && Gaps.IsEmpty;
}

/// <summary>
/// Analyses a credit schedule over a measure where a lower value is worse (availability, success rate), exactly, on
/// decimal bounds with inclusive/exclusive flags. The rules (LANGUAGE.md, semantics 7: the most severe tier that holds
/// applies):
/// - nested tiers are the normal way to write a schedule (<c>below 99.9</c>, <c>below 99.0</c>): one range inside the
///   other is fine;
/// - two ranges that partly overlap, or the same range twice, are ambiguous: the author wrote ranges meant to be
///   disjoint and some value matches both (error);
/// - a tier for worse measurements (lower or equal low bound and high bound, not the same range) must credit at least
///   as much as the better one (error otherwise: non-monotonic);
/// - a value between the lowest covered value and the highest tier bound that matches no tier is a gap, reported with
///   its exact bounds (a warning: real published contracts have them, GitHub's leaves exactly 99.0% uncovered).
/// </summary>
public static class CreditScheduleAnalysis
{
    public static CreditScheduleFindings Analyse(IReadOnlyList<TierCondition> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var overlaps = ImmutableArray.CreateBuilder<TierOverlap>();
        var inversions = ImmutableArray.CreateBuilder<TierInversion>();
        for (var i = 0; i < tiers.Count; i++)
        {
            for (var j = i + 1; j < tiers.Count; j++)
            {
                var a = tiers[i].Range;
                var b = tiers[j].Range;
                var shared = a.Intersect(b);
                var nested = a != b && (a.Contains(b) || b.Contains(a));
                if (shared is not null && !nested) overlaps.Add(new TierOverlap(i, j, shared));

                if (a == b) continue;
                if (IsWorse(a, b) && tiers[i].CreditPercent < tiers[j].CreditPercent) inversions.Add(new TierInversion(i, j));
                else if (IsWorse(b, a) && tiers[j].CreditPercent < tiers[i].CreditPercent) inversions.Add(new TierInversion(j, i));
            }
        }
        return new CreditScheduleFindings(overlaps.ToImmutable(), inversions.ToImmutable(), FindGaps(tiers));
    }

    /// <summary>Range <paramref name="a"/> lies at worse (lower) values than <paramref name="b"/>, bound by bound.</summary>
    private static bool IsWorse(PercentRange a, PercentRange b) => a.Low <= b.Low && a.High <= b.High;

    private static ImmutableArray<TierGap> FindGaps(IReadOnlyList<TierCondition> tiers)
    {
        var gaps = ImmutableArray.CreateBuilder<TierGap>();
        if (tiers.Count == 0) return gaps.ToImmutable();
        var order = Enumerable.Range(0, tiers.Count)
            .OrderBy(i => tiers[i].Range.Low)
            .ThenBy(i => tiers[i].Range.High)
            .ToList();
        var reach = Cut.Before(PercentRange.Minimum);
        int? reachedBy = null;
        foreach (var index in order)
        {
            var range = tiers[index].Range;
            if (range.Low > reach) gaps.Add(new TierGap(new PercentRange(reach, range.Low), reachedBy, index));
            if (range.High > reach)
            {
                reach = range.High;
                reachedBy = index;
            }
        }
        return gaps.ToImmutable();
    }
}
