using System.Collections.Immutable;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// The checks across rows of one requests file, row by row in file order: the slices of one service do not overlap
/// (a request minute counted twice would be a guess at which row is right), and every histogram of a service has the
/// bucket bounds of its first one (windows merge histograms by adding counts, which needs equal bounds).
/// Linear for rows in time order per service (the usual export); a service whose rows come out of order moves to a
/// sorted set, O(log n) per row. The accepted slices of a service are pairwise disjoint, so sorted by start they are
/// also sorted by end, and a new slice can only overlap its neighbours in start order.
/// </summary>
internal sealed class RequestSliceChecks
{
    private readonly Dictionary<string, ServiceSlices> _services = new(StringComparer.Ordinal);

    /// <summary>What is wrong with the slice given the rows accepted before it, or null; a slice with a problem is not recorded.</summary>
    public (string Field, string Code, string Message)? Check(RequestSlice slice)
    {
        if (!_services.TryGetValue(slice.Service, out var slices)) _services[slice.Service] = slices = new ServiceSlices();
        if (slice.Histogram is { } histogram)
        {
            if (slices.Bounds.IsDefault) slices.Bounds = histogram.UpperBoundsMs;
            else if (!slices.Bounds.AsSpan().SequenceEqual(histogram.UpperBoundsMs.AsSpan()))
                return ("histogram", DataErrorCodes.InvalidHistogram,
                    $"The bucket bounds ({Bounds(histogram.UpperBoundsMs)}) differ from those of the first histogram of '{slice.Service}' ({Bounds(slices.Bounds)}); the histograms of one service share their bounds, so windows can merge them.");
        }
        var start = slice.Start.ToUnixTimeTicks();
        var end = slice.End.ToUnixTimeTicks();
        if (slices.Overlapping(start, end) is { } other)
        {
            return ("start", DataErrorCodes.OverlappingSlices,
                $"The slice {InstantText.Format(slice.Start)} to {InstantText.Format(slice.End)} overlaps the slice of '{slice.Service}' from {Instant(other.Start)} to {Instant(other.End)}; slices of one service must not overlap.");
        }
        slices.Add(start, end);
        return null;
    }

    /// <summary>Whether any slice of <paramref name="records"/>, in order, fails a check (for readers that leave reporting to the sequential reader).</summary>
    public static bool AnyProblem(IEnumerable<RequestSlice> records)
    {
        var checks = new RequestSliceChecks();
        foreach (var record in records)
            if (checks.Check(record) is not null) return true;
        return false;
    }

    private static string Bounds(ImmutableArray<long> bounds) => string.Join(", ", bounds.Select(b => "le_" + b));

    private static string Instant(long ticks) => InstantText.Format(NodaTime.Instant.FromUnixTimeTicks(ticks));

    /// <summary>The accepted slices of one service as [start, end) ticks: a list while they come in order, a sorted set after.</summary>
    private sealed class ServiceSlices
    {
        private List<(long Start, long End)>? _inOrder = [];
        private SortedSet<(long Start, long End)>? _sorted;

        /// <summary>The bucket bounds of the service's first histogram; default until there is one.</summary>
        public ImmutableArray<long> Bounds { get; set; }

        public (long Start, long End)? Overlapping(long start, long end)
        {
            if (_inOrder is { } list)
            {
                if (list.Count == 0 || list[^1].Start <= start) return list.Count > 0 && list[^1].End > start ? list[^1] : null;
                _sorted = new SortedSet<(long, long)>(list);
                _inOrder = null;
            }
            var set = _sorted!;
            // The neighbours in start order: the last slice starting at or before this one, and the first starting after it.
            // A view's Max/Min is O(log n) and the default value when the view is empty (never a member: slices have length).
            var before = set.GetViewBetween((long.MinValue, long.MinValue), (start, long.MaxValue)).Max;
            if (set.Contains(before) && before.End > start) return before;
            var after = set.GetViewBetween((start, long.MaxValue), (long.MaxValue, long.MaxValue)).Min;
            if (set.Contains(after) && after.Start < end) return after;
            return null;
        }

        public void Add(long start, long end)
        {
            if (_inOrder is { } list) list.Add((start, end));
            else _sorted!.Add((start, end));
        }
    }
}
