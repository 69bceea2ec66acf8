namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Exact interval kernels over half-open tick intervals [start, end) held in parallel spans (NodaTime ticks since the
/// Unix epoch, 100 ns each). "A set" below means: sorted by start, pairwise disjoint and non-touching, no empty
/// interval (the output of <see cref="UnionInPlace"/>). "Segments" are sets whose intervals also carry a weight rank
/// (0 = the heaviest weight) and may touch when their ranks differ. Kernels allocate nothing; outputs go to
/// caller-provided spans, which must be at least as long as documented.
/// </summary>
public static class IntervalKernels
{
    /// <summary>Sorts and merges in place (overlapping or touching intervals become one); returns the set's count.</summary>
    public static int UnionInPlace(Span<long> starts, Span<long> ends)
    {
        if (starts.Length != ends.Length) throw new ArgumentException("Starts and ends differ in length.");
        starts.Sort(ends);
        var n = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            var s = starts[i];
            var e = ends[i];
            if (e <= s) continue;
            if (n > 0 && s <= ends[n - 1])
            {
                if (e > ends[n - 1]) ends[n - 1] = e;
            }
            else
            {
                starts[n] = s;
                ends[n] = e;
                n++;
            }
        }
        return n;
    }

    /// <summary>Clips a set (or segments) in place to [lo, hi); returns the new count. Ranks, when given, move with their interval.</summary>
    public static int ClipInPlace(Span<long> starts, Span<long> ends, Span<int> ranks, long lo, long hi)
    {
        var n = 0;
        var hasRanks = !ranks.IsEmpty;
        for (var i = 0; i < starts.Length; i++)
        {
            var s = Math.Max(starts[i], lo);
            var e = Math.Min(ends[i], hi);
            if (e <= s) continue;
            starts[n] = s;
            ends[n] = e;
            if (hasRanks) ranks[n] = ranks[i];
            n++;
        }
        return n;
    }

    /// <summary>Total length in ticks.</summary>
    public static long TotalTicks(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends)
    {
        long t = 0;
        for (var i = 0; i < starts.Length; i++) t += ends[i] - starts[i];
        return t;
    }

    /// <summary>
    /// Intersection of segments <paramref name="a"/> (with optional ranks) and a set <paramref name="b"/>.
    /// Output spans need room for <c>aStarts.Length + bStarts.Length</c> intervals.
    /// </summary>
    public static int Intersect(
        ReadOnlySpan<long> aStarts, ReadOnlySpan<long> aEnds, ReadOnlySpan<int> aRanks,
        ReadOnlySpan<long> bStarts, ReadOnlySpan<long> bEnds,
        Span<long> outStarts, Span<long> outEnds, Span<int> outRanks)
    {
        int i = 0, j = 0, n = 0;
        var hasRanks = !aRanks.IsEmpty;
        while (i < aStarts.Length && j < bStarts.Length)
        {
            var s = Math.Max(aStarts[i], bStarts[j]);
            var e = Math.Min(aEnds[i], bEnds[j]);
            if (e > s)
            {
                outStarts[n] = s;
                outEnds[n] = e;
                if (hasRanks) outRanks[n] = aRanks[i];
                n++;
            }
            if (aEnds[i] < bEnds[j]) i++;
            else j++;
        }
        return n;
    }

    /// <summary>
    /// Segments <paramref name="a"/> (with optional ranks) minus the set <paramref name="b"/>.
    /// Output spans need room for <c>aStarts.Length + bStarts.Length</c> intervals.
    /// </summary>
    public static int Subtract(
        ReadOnlySpan<long> aStarts, ReadOnlySpan<long> aEnds, ReadOnlySpan<int> aRanks,
        ReadOnlySpan<long> bStarts, ReadOnlySpan<long> bEnds,
        Span<long> outStarts, Span<long> outEnds, Span<int> outRanks)
    {
        var n = 0;
        var j = 0;
        var hasRanks = !aRanks.IsEmpty;
        for (var i = 0; i < aStarts.Length; i++)
        {
            var s = aStarts[i];
            var e = aEnds[i];
            while (j < bStarts.Length && bEnds[j] <= s) j++;
            var k = j;
            while (s < e && k < bStarts.Length && bStarts[k] < e)
            {
                if (bStarts[k] > s)
                {
                    outStarts[n] = s;
                    outEnds[n] = bStarts[k];
                    if (hasRanks) outRanks[n] = aRanks[i];
                    n++;
                }
                s = Math.Max(s, bEnds[k]);
                k++;
            }
            if (s < e)
            {
                outStarts[n] = s;
                outEnds[n] = e;
                if (hasRanks) outRanks[n] = aRanks[i];
                n++;
            }
        }
        return n;
    }

    /// <summary>
    /// Keeps the first <paramref name="capTicks"/> of a set in chronological order and truncates the rest (in place);
    /// returns the new count. The part beyond the cap is what an exclusion with a cap no longer excludes.
    /// </summary>
    public static int CapChronologicallyInPlace(Span<long> starts, Span<long> ends, long capTicks)
    {
        long used = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            var len = ends[i] - starts[i];
            if (used + len <= capTicks)
            {
                used += len;
                continue;
            }
            var keep = capTicks - used;
            if (keep > 0)
            {
                ends[i] = starts[i] + keep;
                return i + 1;
            }
            return i;
        }
        return starts.Length;
    }

    /// <summary>
    /// Weighted union: at each instant the heaviest weight among the active intervals counts. Input intervals carry a
    /// weight rank (0 = heaviest, ranks below <paramref name="rankCount"/>); output segments are sorted, disjoint, touch
    /// only where the rank changes, and carry the rank in force. <paramref name="eventTimes"/>/<paramref name="eventCodes"/>
    /// are scratch spans of length at least twice the input; output spans need room for twice the input.
    /// </summary>
    public static int WeightedUnion(
        ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<int> ranks, int rankCount,
        Span<long> eventTimes, Span<int> eventCodes, Span<int> activeCounts,
        Span<long> outStarts, Span<long> outEnds, Span<int> outRanks)
    {
        if (rankCount == 1) return SingleRankUnion(starts, ends, ranks, eventTimes, outStarts, outEnds, outRanks);
        var m = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            if (ends[i] <= starts[i]) continue;
            var r = ranks[i];
            if ((uint)r >= (uint)rankCount) throw new ArgumentOutOfRangeException(nameof(ranks), r, "A weight rank is outside the weight table.");
            eventTimes[m] = starts[i]; eventCodes[m] = r + 1; m++;
            eventTimes[m] = ends[i]; eventCodes[m] = -(r + 1); m++;
        }
        eventTimes = eventTimes[..m];
        eventCodes = eventCodes[..m];
        eventTimes.Sort(eventCodes);
        activeCounts = activeCounts[..rankCount];
        activeCounts.Clear();
        var n = 0;
        var k = 0;
        while (k < m)
        {
            var t = eventTimes[k];
            while (k < m && eventTimes[k] == t)
            {
                var c = eventCodes[k];
                if (c > 0) activeCounts[c - 1]++;
                else activeCounts[-c - 1]--;
                k++;
            }
            if (k >= m) break;
            var top = -1;
            for (var r = 0; r < rankCount; r++)
                if (activeCounts[r] > 0) { top = r; break; }
            if (top < 0) continue;
            var next = eventTimes[k];
            if (n > 0 && outEnds[n - 1] == t && outRanks[n - 1] == top)
            {
                outEnds[n - 1] = next;
            }
            else
            {
                outStarts[n] = t;
                outEnds[n] = next;
                outRanks[n] = top;
                n++;
            }
        }
        return n;
    }

    /// <summary>
    /// <see cref="WeightedUnion"/> with one weight: the same sweep over the same event times, with the starts and the ends
    /// sorted apart as plain longs (no codes to move; starts already ascending are not sorted) and one active count.
    /// </summary>
    private static int SingleRankUnion(
        ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<int> ranks, Span<long> eventTimes,
        Span<long> outStarts, Span<long> outEnds, Span<int> outRanks)
    {
        var m = 0;
        var startsAscending = true;
        var ending = eventTimes[starts.Length..];
        for (var i = 0; i < starts.Length; i++)
        {
            if (ends[i] <= starts[i]) continue;
            if (ranks[i] != 0) throw new ArgumentOutOfRangeException(nameof(ranks), ranks[i], "A weight rank is outside the weight table.");
            if (m > 0 && starts[i] < eventTimes[m - 1]) startsAscending = false;
            eventTimes[m] = starts[i];
            ending[m] = ends[i];
            m++;
        }
        var s = eventTimes[..m];
        var e = ending[..m];
        if (!startsAscending) s.Sort();
        e.Sort();
        // Every interval ends after it starts, so while starts remain, so do ends: e[j] is always there when s[i] is.
        int a = 0, b = 0, active = 0, n = 0;
        while (b < m)
        {
            var t = a < m ? Math.Min(s[a], e[b]) : e[b];
            while (a < m && s[a] == t) { active++; a++; }
            while (b < m && e[b] == t) { active--; b++; }
            if (b >= m) break;
            if (active == 0) continue;
            var next = a < m ? Math.Min(s[a], e[b]) : e[b];
            if (n > 0 && outEnds[n - 1] == t)
            {
                outEnds[n - 1] = next;
            }
            else
            {
                outStarts[n] = t;
                outEnds[n] = next;
                outRanks[n] = 0;
                n++;
            }
        }
        return n;
    }

    /// <summary>
    /// Minimum-period filter on weighted segments, in place: a downtime period is a maximal run of touching segments
    /// (any weight); a period shorter than <paramref name="minTicks"/> (measured in elapsed ticks, unweighted) is
    /// dropped whole. Returns the new count.
    /// </summary>
    public static int DropPeriodsShorterThan(Span<long> starts, Span<long> ends, Span<int> ranks, long minTicks)
    {
        if (minTicks <= 0) return starts.Length;
        var n = 0;
        var i = 0;
        while (i < starts.Length)
        {
            var j = i;
            while (j + 1 < starts.Length && starts[j + 1] == ends[j]) j++;
            if (ends[j] - starts[i] >= minTicks)
            {
                for (var k = i; k <= j; k++)
                {
                    starts[n] = starts[k];
                    ends[n] = ends[k];
                    ranks[n] = ranks[k];
                    n++;
                }
            }
            i = j + 1;
        }
        return n;
    }

    /// <summary>Weighted length: the sum of each segment's ticks times its rank's weight (exact decimal).</summary>
    public static decimal WeightedTicks(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, ReadOnlySpan<int> ranks, ReadOnlySpan<decimal> weightsByRank)
    {
        Span<long> perRank = weightsByRank.Length <= 16 ? stackalloc long[weightsByRank.Length] : new long[weightsByRank.Length];
        perRank.Clear();
        for (var i = 0; i < starts.Length; i++) perRank[ranks[i]] += ends[i] - starts[i];
        decimal total = 0;
        for (var r = 0; r < perRank.Length; r++) total += perRank[r] * weightsByRank[r];
        return total;
    }
}
