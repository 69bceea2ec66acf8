using CsCheck;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>Each kernel against a bitmap of small integer points (the obvious definition of the set operation).</summary>
public sealed class IntervalKernelTests
{
    private const int Span = 80;

    private static readonly Gen<(long S, long E)[]> Intervals =
        (from s in Gen.Long[0, Span] from l in Gen.Long[0, 20] select (s, Math.Min(Span, s + l))).Array[0, 8];

    private static bool[] Bitmap((long S, long E)[] xs)
    {
        var b = new bool[Span];
        foreach (var (s, e) in xs) for (var t = s; t < e; t++) b[t] = true;
        return b;
    }

    private static bool[] Bitmap(ReadOnlySpan<long> s, ReadOnlySpan<long> e)
    {
        var b = new bool[Span];
        for (var i = 0; i < s.Length; i++) for (var t = s[i]; t < e[i]; t++) b[t] = true;
        return b;
    }

    private static int Union((long S, long E)[] xs, out long[] s, out long[] e)
    {
        s = xs.Select(x => x.S).ToArray();
        e = xs.Select(x => x.E).ToArray();
        return IntervalKernels.UnionInPlace(s, e);
    }

    [Fact]
    public void Union_matches_the_bitmap_and_is_a_set()
    {
        Intervals.Sample(xs =>
        {
            var n = Union(xs, out var s, out var e);
            Assert.Equal(Bitmap(xs), Bitmap(s.AsSpan(0, n), e.AsSpan(0, n)));
            for (var i = 1; i < n; i++) Assert.True(s[i] > e[i - 1]); // sorted, disjoint, non-touching
        }, iter: 500);
    }

    [Fact]
    public void Intersect_and_subtract_match_the_bitmap()
    {
        Gen.Select(Intervals, Intervals).Sample((a, b) =>
        {
            var na = Union(a, out var aS, out var aE);
            var nb = Union(b, out var bS, out var bE);
            var oS = new long[na + nb]; var oE = new long[na + nb];
            var ni = IntervalKernels.Intersect(aS.AsSpan(0, na), aE.AsSpan(0, na), default, bS.AsSpan(0, nb), bE.AsSpan(0, nb), oS, oE, default);
            var ba = Bitmap(a); var bb = Bitmap(b);
            Assert.Equal(ba.Zip(bb, (x, y) => x && y).ToArray(), Bitmap(oS.AsSpan(0, ni), oE.AsSpan(0, ni)));
            var ns = IntervalKernels.Subtract(aS.AsSpan(0, na), aE.AsSpan(0, na), default, bS.AsSpan(0, nb), bE.AsSpan(0, nb), oS, oE, default);
            Assert.Equal(ba.Zip(bb, (x, y) => x && !y).ToArray(), Bitmap(oS.AsSpan(0, ns), oE.AsSpan(0, ns)));
        }, iter: 500);
    }

    [Fact]
    public void Cap_keeps_the_first_ticks_chronologically()
    {
        Gen.Select(Intervals, Gen.Long[0, Span]).Sample((a, cap) =>
        {
            var n = Union(a, out var s, out var e);
            var expected = Bitmap(a);
            var kept = 0L;
            for (var t = 0; t < Span; t++)
                if (expected[t]) { if (kept < cap) kept++; else expected[t] = false; }
            var m = IntervalKernels.CapChronologicallyInPlace(s.AsSpan(0, n), e.AsSpan(0, n), cap);
            Assert.Equal(expected, Bitmap(s.AsSpan(0, m), e.AsSpan(0, m)));
        }, iter: 500);
    }

    [Fact]
    public void Weighted_union_takes_the_heaviest_rank_at_each_point()
    {
        var gen = (from s in Gen.Long[0, Span] from l in Gen.Long[0, 20] from r in Gen.Int[0, 2] select (s, Math.Min(Span, s + l), r)).Array[0, 8];
        gen.Sample(xs =>
        {
            var expected = new int[Span];
            Array.Fill(expected, -1);
            foreach (var (s, e, r) in xs) for (var t = s; t < e; t++) expected[t] = expected[t] < 0 ? r : Math.Min(expected[t], r);
            var n = xs.Length;
            var oS = new long[2 * n + 1]; var oE = new long[2 * n + 1]; var oR = new int[2 * n + 1];
            var m = IntervalKernels.WeightedUnion(xs.Select(x => x.s).ToArray(), xs.Select(x => x.Item2).ToArray(), xs.Select(x => x.r).ToArray(), 3,
                new long[2 * n], new int[2 * n], new int[3], oS, oE, oR);
            var actual = new int[Span];
            Array.Fill(actual, -1);
            for (var i = 0; i < m; i++)
            {
                for (var t = oS[i]; t < oE[i]; t++) actual[t] = oR[i];
                if (i > 0) Assert.True(oS[i] > oE[i - 1] || oR[i] != oR[i - 1]); // adjacent segments differ in weight
            }
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count(r => r >= 0) * 1m, IntervalKernels.WeightedTicks(oS.AsSpan(0, m), oE.AsSpan(0, m), oR.AsSpan(0, m), [1m, 1m, 1m]));
        }, iter: 500);
    }

    [Fact]
    public void Weighted_union_of_one_weight_equals_the_general_sweep()
    {
        // rankCount 1 takes the single-weight path; a table of two weights with every interval on rank 0 takes the
        // general event sort over the same intervals: the segments must be identical (touching, empty, nested, sorted or not).
        var gen = (from s in Gen.Long[-5, Span] from l in Gen.Long[-2, 20] select (s, s + l)).Array[0, 40];
        gen.Sample(xs =>
        {
            var n = xs.Length;
            var starts = xs.Select(x => x.s).ToArray();
            var ends = xs.Select(x => x.Item2).ToArray();
            var ranks = new int[n];
            var (oneS, oneE, oneR) = (new long[2 * n + 1], new long[2 * n + 1], new int[2 * n + 1]);
            var (twoS, twoE, twoR) = (new long[2 * n + 1], new long[2 * n + 1], new int[2 * n + 1]);
            var one = IntervalKernels.WeightedUnion(starts, ends, ranks, 1, new long[2 * n], new int[2 * n], new int[1], oneS, oneE, oneR);
            var two = IntervalKernels.WeightedUnion(starts, ends, ranks, 2, new long[2 * n], new int[2 * n], new int[2], twoS, twoE, twoR);
            Assert.Equal(twoS[..two], oneS[..one]);
            Assert.Equal(twoE[..two], oneE[..one]);
            Assert.Equal(twoR[..two], oneR[..one]);
            // Inputs untouched (the evaluator reuses them for its traces).
            Assert.Equal(xs.Select(x => x.s), starts);
            Assert.Equal(xs.Select(x => x.Item2), ends);
        }, iter: 2000);
    }

    [Fact]
    public void Weighted_union_of_one_weight_refuses_a_rank_outside_the_table()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            IntervalKernels.WeightedUnion([0L], [5L], [1], 1, new long[2], new int[2], new int[1], new long[2], new long[2], new int[2]));
    }
}
