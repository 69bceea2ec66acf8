using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>A percentile read from a merged histogram. <see cref="UpperBoundMs"/> is null when the rank falls in the overflow bucket.</summary>
public sealed record HistogramPercentile(decimal Percentile, long Rank, long TotalRequests, int BucketIndex, long? UpperBoundMs, long? LowerBoundMs)
{
    /// <summary>"p95 at most 500 ms" holds when the reported bound is at most the threshold; the overflow bucket never meets it.</summary>
    public bool AtMost(decimal thresholdMs) => UpperBoundMs is { } b && b <= thresholdMs;
}

/// <summary>
/// Request-based kernels over <see cref="RequestSlice"/>s of one service. All comparisons are exact (cross-multiplied
/// integers and decimals). A slice belongs to the window that contains its start.
/// </summary>
public static class RequestMetrics
{
    /// <summary>
    /// "A minute is down if its error rate is above X% with at least N requests" (Google): down when
    /// <c>total &gt;= minRequests</c> and <c>bad / total &gt; X%</c> strictly (bad x 100 &gt; X x total, exact).
    /// </summary>
    public static bool IsDown(RequestSlice slice, decimal errorRateAbovePercent, long minRequests) =>
        slice.Total >= minRequests && slice.Total > 0 && CompareErrorRate(slice.Bad, slice.Total, errorRateAbovePercent) > 0;

    /// <summary>"error rate at least X%": down when <c>bad x 100 &gt;= X x total</c> (exact), with the same minimum of requests.</summary>
    public static bool IsDownAtLeast(RequestSlice slice, decimal errorRateAtLeastPercent, long minRequests) =>
        slice.Total >= minRequests && slice.Total > 0 && CompareErrorRate(slice.Bad, slice.Total, errorRateAtLeastPercent) >= 0;

    /// <summary>
    /// The sign of <c>bad x 100 - X x total</c>, exactly. A percent with at most 9 decimals and a mantissa below 2^62 (every
    /// percent a contract writes) is compared in 128-bit integers: <c>bad x 100 x 10^s</c> against <c>m x total</c>
    /// for X = m / 10^s, neither product above 2^126, so no rounding; any other percent in decimal, as before.
    /// </summary>
    internal static int CompareErrorRate(long bad, long total, decimal percent) =>
        IntegerPercent(percent, out var mantissa, out var multiplier)
            ? ((Int128)bad * multiplier).CompareTo((Int128)mantissa * total)
            : (bad * 100m).CompareTo(percent * total);

    /// <summary>
    /// A percent X = m / 10^s with s &lt;= 9 and |m| &lt; 2^62 as (m, 100 x 10^s), so that <c>bad x 100 - X x total</c> has
    /// the sign of <c>bad x (100 x 10^s) - m x total</c>; false for any other percent (compared in decimal).
    /// </summary>
    internal static bool IntegerPercent(decimal percent, out long mantissa, out long multiplier)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(percent, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        mantissa = 0;
        multiplier = 0;
        if (bits[2] != 0 || bits[1] < 0 || bits[1] >= (1 << 30) || scale > 9) return false;
        mantissa = ((long)bits[1] << 32) | (uint)bits[0];
        if (bits[3] < 0) mantissa = -mantissa;
        multiplier = 100L * Pow10[scale];
        return true;
    }

    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    /// <summary>
    /// Down intervals as downtime evidence: runs of at least <paramref name="minConsecutive"/> consecutive down slices
    /// (consecutive = the next slice starts exactly where the previous ends; a missing slice breaks a run).
    /// Boundary rule: runs are judged on all slices passed in (pass the window plus its neighbours), and the downtime
    /// evaluator then counts only the part inside the window. A 10-minute outage from 23:55 to 00:05 is a real
    /// 10-minute outage; judging each window alone would hide it in both.
    /// As-of rule: with <paramref name="asOf"/>, only the slices known at as-of are judged: those that start before it (a
    /// slice running over as-of counts up to as-of, as an incident open at as-of does: the evaluator clips there); a slice
    /// starting at or after as-of changes nothing. A run reaching as-of is still open (its next slice is not yet known):
    /// it counts when its known part already reaches the minimum, else it does not count yet, and either way
    /// <see cref="DowntimeEvidence.Notes"/> says so.
    /// </summary>
    public static DowntimeEvidence DownRuns(IReadOnlyList<RequestSlice> slices, decimal errorRateAbovePercent, long minRequests, int minConsecutive, decimal weight = 1m, Instant? asOf = null) =>
        DownRuns(slices, s => IsDown(s, errorRateAbovePercent, minRequests), minConsecutive, weight, asOf);

    /// <summary>Runs of at least <paramref name="minConsecutive"/> consecutive slices for which <paramref name="isDown"/> holds (same run and as-of rules as above).</summary>
    public static DowntimeEvidence DownRuns(IReadOnlyList<RequestSlice> slices, Func<RequestSlice, bool> isDown, int minConsecutive, decimal weight = 1m, Instant? asOf = null)
    {
        if (minConsecutive < 1) throw new ArgumentOutOfRangeException(nameof(minConsecutive));
        var ordered = OrderedByStart(asOf is { } known ? KnownAt(slices, known) : slices);
        var ids = new List<string>();
        var starts = new List<long>();
        var ends = new List<long>();
        List<EvaluationWarning>? notes = null;
        var i = 0;
        while (i < ordered.Count)
        {
            if (!isDown(ordered[i])) { i++; continue; }
            var j = i;
            while (j + 1 < ordered.Count && ordered[j + 1].Start == ordered[j].End && isDown(ordered[j + 1])) j++;
            var length = j - i + 1;
            // Open at as-of: the slice that would continue the run starts at or after as-of, so it is not yet known.
            var open = minConsecutive > 1 && asOf is { } a && ordered[j].End >= a;
            if (length >= minConsecutive)
            {
                ids.Add($"down-run:{ordered[i].Start}..{ordered[j].End} ({length} intervals)");
                starts.Add(ordered[i].Start.ToUnixTimeTicks());
                ends.Add(ordered[j].End.ToUnixTimeTicks());
                if (open) (notes ??= []).Add(new DownRunOpen(ordered[i].Start, asOf!.Value, length, minConsecutive, Counted: true));
            }
            else if (open)
                (notes ??= []).Add(new DownRunOpen(ordered[i].Start, asOf!.Value, length, minConsecutive, Counted: false));
            i = j + 1;
        }
        return new DowntimeEvidence(ids.ToArray(), starts.ToArray(), ends.ToArray(), Enumerable.Repeat(weight, ids.Count).ToArray())
        {
            Notes = notes is null ? [] : [.. notes],
        };
    }

    /// <summary>The slices known at <paramref name="asOf"/> (started before it), in their order; the list itself when all are.</summary>
    private static IReadOnlyList<RequestSlice> KnownAt(IReadOnlyList<RequestSlice> slices, Instant asOf)
    {
        for (var k = 0; k < slices.Count; k++)
            if (slices[k].Start >= asOf) return slices.Where(s => s.Start < asOf).ToList();
        return slices;
    }

    /// <summary>
    /// The slices by start, stable (equal starts keep their order): the list itself when it is already in order (a data
    /// file is written in time order, so the usual case costs one pass instead of a sort), else a sorted copy.
    /// </summary>
    private static IReadOnlyList<RequestSlice> OrderedByStart(IReadOnlyList<RequestSlice> slices)
    {
        for (var k = 1; k < slices.Count; k++)
            if (slices[k].Start < slices[k - 1].Start) return slices.OrderBy(s => s.Start).ToList();
        return slices;
    }

    /// <summary>
    /// S3 / Azure Storage uptime: 100% minus the average of per-interval error rates over the window's intervals
    /// (a grid of <paramref name="interval"/> from the window's start; a last partial interval counts as one interval).
    /// An interval with no requests has the stated <paramref name="emptyIntervalErrorRatePercent"/> (Azure: 0%).
    /// Each interval's rate is one decimal division (28 significant digits); the average is returned as the exact
    /// ratio (count - sum of rates) / count, so uptime percent = 100 x that ratio.
    /// </summary>
    public static ExactRatio UptimeFromAverageErrorRate(IReadOnlyList<RequestSlice> slices, CalendarWindow window, Duration interval, decimal emptyIntervalErrorRatePercent, out int intervals, out int emptyIntervals)
    {
        if (interval <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(interval));
        var len = interval.BclCompatibleTicks;
        var span = window.EndTicks - window.StartTicks;
        intervals = (int)((span + len - 1) / len);
        var total = new long[intervals];
        var bad = new long[intervals];
        foreach (var s in slices)
        {
            if (!window.Contains(s.Start)) continue;
            var k = (int)((s.Start.ToUnixTimeTicks() - window.StartTicks) / len);
            total[k] += s.Total;
            bad[k] += s.Bad;
        }
        decimal sumRates = 0;
        emptyIntervals = 0;
        for (var k = 0; k < intervals; k++)
        {
            if (total[k] == 0) { emptyIntervals++; sumRates += emptyIntervalErrorRatePercent / 100m; }
            else sumRates += (decimal)bad[k] / total[k];
        }
        return intervals == 0 ? new ExactRatio(0, 1) : new ExactRatio(intervals - sumRates, intervals);
    }

    /// <summary>
    /// Success rate = sum of good / sum of total over the window's slices that are not excluded. A slice is excluded when
    /// it lies entirely inside the exclusions' (capped) time; partly covered slices count whole (their requests cannot be
    /// split). Returns null when no request counts.
    /// </summary>
    public static ExactRatio? SuccessRate(IReadOnlyList<RequestSlice> slices, CalendarWindow window, IReadOnlyList<TimeExclusion> exclusions, out long good, out long total, out int excludedSlices)
    {
        var (xs, xe) = ExcludedSet(exclusions, window);
        good = 0; total = 0; excludedSlices = 0;
        foreach (var s in slices)
        {
            if (!window.Contains(s.Start)) continue;
            if (Covered(xs, xe, s.Start.ToUnixTimeTicks(), s.End.ToUnixTimeTicks())) { excludedSlices++; continue; }
            good += s.Good;
            total += s.Total;
        }
        return total == 0 ? null : new ExactRatio(good, total);
    }

    /// <summary>
    /// Share of the window's slices whose latency percentile meets "at most <paramref name="thresholdMs"/>": the slice's
    /// histogram percentile (see <see cref="Percentile"/>) when it has a histogram, else its reported per-slice percentile
    /// (compared slice by slice, never averaged). A slice with no requests counts as meeting when
    /// <paramref name="emptySliceMeets"/>; a slice with requests but no latency data does not meet and is counted in
    /// <paramref name="slicesWithoutData"/>. Returns null when there are no slices.
    /// </summary>
    public static ExactRatio? ShareOfSlicesMeetingLatency(IReadOnlyList<RequestSlice> slices, CalendarWindow window, IReadOnlyList<TimeExclusion> exclusions,
        int percentile, decimal thresholdMs, bool emptySliceMeets, out int slicesWithoutData)
    {
        var (xs, xe) = ExcludedSet(exclusions, window);
        long meeting = 0, count = 0;
        slicesWithoutData = 0;
        foreach (var s in slices)
        {
            if (!window.Contains(s.Start) || Covered(xs, xe, s.Start.ToUnixTimeTicks(), s.End.ToUnixTimeTicks())) continue;
            count++;
            if (s.Total == 0) { if (emptySliceMeets) meeting++; continue; }
            bool meets;
            if (s.Histogram is { } h) meets = Percentile(h, percentile).AtMost(thresholdMs);
            else if (s.PercentilesMs.TryGetValue(percentile, out var v)) meets = v <= thresholdMs;
            else { slicesWithoutData++; meets = false; }
            if (meets) meeting++;
        }
        return count == 0 ? null : new ExactRatio(meeting, count);
    }

    /// <summary>Merges the histograms of the window's non-excluded slices by adding counts. All must share bounds (else an error, not a guess).</summary>
    public static LatencyHistogram? MergeHistograms(IReadOnlyList<RequestSlice> slices, CalendarWindow window, IReadOnlyList<TimeExclusion> exclusions) =>
        TryMergeHistograms(slices, window, exclusions, out var merged, out var differing) ? merged
            : throw new ArgumentException($"Slice {differing!.Service}@{differing.Start} has histogram bounds that differ from the other slices; merging them would be a guess.");

    /// <summary>
    /// As <see cref="MergeHistograms"/>, but bounds that differ are an answer, not an exception: false, with the first
    /// slice whose bounds differ. One data file shares bounds per service (the loader checks), but a measure over several
    /// services may meet two layouts.
    /// </summary>
    public static bool TryMergeHistograms(IReadOnlyList<RequestSlice> slices, CalendarWindow window, IReadOnlyList<TimeExclusion> exclusions,
        out LatencyHistogram? merged, out RequestSlice? differing)
    {
        var (xs, xe) = ExcludedSet(exclusions, window);
        ImmutableArray<long> bounds = default;
        long[]? counts = null;
        merged = null;
        differing = null;
        foreach (var s in slices)
        {
            if (s.Histogram is not { } h || !window.Contains(s.Start) || Covered(xs, xe, s.Start.ToUnixTimeTicks(), s.End.ToUnixTimeTicks())) continue;
            if (counts is null)
            {
                bounds = h.UpperBoundsMs;
                counts = new long[h.Counts.Length];
            }
            else if (!bounds.AsSpan().SequenceEqual(h.UpperBoundsMs.AsSpan()))
            {
                differing = s;
                return false;
            }
            for (var i = 0; i < counts.Length; i++) counts[i] += h.Counts[i];
        }
        merged = counts is null ? null : new LatencyHistogram(bounds, [.. counts]);
        return true;
    }

    /// <summary>
    /// Nearest-rank percentile of a histogram: rank = ceil(p/100 x N) (at least 1); the reported value is the upper bound
    /// of the bucket holding the rank-th smallest request, so the true percentile is at most the reported value and
    /// above the previous bound. In the overflow bucket the upper bound is null (above the last bound).
    /// </summary>
    public static HistogramPercentile Percentile(LatencyHistogram histogram, decimal percentile)
    {
        if (percentile <= 0 || percentile > 100) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is in (0, 100].");
        long n = 0;
        foreach (var c in histogram.Counts) n += c;
        if (n == 0) return new HistogramPercentile(percentile, 0, 0, -1, null, null);
        var rank = (long)Math.Ceiling(percentile * n / 100m);
        if (rank < 1) rank = 1;
        long cum = 0;
        for (var i = 0; i < histogram.Counts.Length; i++)
        {
            cum += histogram.Counts[i];
            if (cum >= rank)
            {
                long? upper = i < histogram.UpperBoundsMs.Length ? histogram.UpperBoundsMs[i] : null;
                long? lower = i == 0 ? 0 : histogram.UpperBoundsMs[i - 1];
                return new HistogramPercentile(percentile, rank, n, i, upper, lower);
            }
        }
        throw new InvalidOperationException("Cumulative count never reached the rank: a bug.");
    }

    private static (long[] Starts, long[] Ends) ExcludedSet(IReadOnlyList<TimeExclusion> exclusions, CalendarWindow window)
    {
        var s = new List<long>();
        var e = new List<long>();
        foreach (var x in exclusions)
        {
            var xs = (long[])x.Starts.Clone();
            var xe = (long[])x.Ends.Clone();
            var m = IntervalKernels.UnionInPlace(xs, xe);
            m = IntervalKernels.ClipInPlace(xs.AsSpan(0, m), xe.AsSpan(0, m), default, window.StartTicks, window.EndTicks);
            if (x.CapPerWindow is { } cap) m = IntervalKernels.CapChronologicallyInPlace(xs.AsSpan(0, m), xe.AsSpan(0, m), cap.BclCompatibleTicks);
            for (var i = 0; i < m; i++) { s.Add(xs[i]); e.Add(xe[i]); }
        }
        var sa = s.ToArray();
        var ea = e.ToArray();
        var n = IntervalKernels.UnionInPlace(sa, ea);
        return (sa[..n], ea[..n]);
    }

    private static bool Covered(long[] xs, long[] xe, long s, long e)
    {
        for (var i = 0; i < xs.Length; i++)
            if (xs[i] <= s && xe[i] >= e) return true;
        return false;
    }
}
