using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// Request slices stored by column instead of one object per row, so a fleet's tens of millions of per-minute slices
/// cost 20 bytes each: the start as a 32-bit count of seconds after the segment's first start (as a 64-bit count of
/// ticks after the Unix epoch, 24 bytes a row, in a segment where any start is not so), the length as whole seconds, total
/// and good as 32-bit counts, the service as an index into its segment's word list. A row these columns cannot hold
/// exactly (a histogram, a percentile, a count above 2^31 - 1, a length that is not whole seconds or above 2^31 - 1
/// seconds) is kept whole, as its <see cref="RequestSlice"/>; its start and service are still in the columns. Rows are
/// held in segments of file order (one per parsed chunk).
/// Invariant: <see cref="Get"/> returns, for every row, a slice equal (field by field, record equality) to the one
/// appended; rows keep the order they were appended in.
/// </summary>
public sealed class RequestSliceTable
{
    private readonly RequestSliceSegment[] _segments;
    private readonly int[] _segmentStarts;
    private Dictionary<string, ServiceRows>? _rowsByService;
    private readonly Lock _lock = new();

    internal RequestSliceTable(IReadOnlyList<RequestSliceSegment> segments)
    {
        _segments = [.. segments.Where(s => s.Count > 0)];
        (_segmentStarts, Count) = SegmentStarts.Of([.. _segments.Select(s => s.Count)], "request slices");
    }

    public static RequestSliceTable Empty { get; } = new([]);

    /// <summary>A table of these slices, in this order.</summary>
    public static RequestSliceTable Of(IEnumerable<RequestSlice> slices)
    {
        var segments = new List<RequestSliceSegment>();
        var builder = new RequestSliceSegment.Builder();
        foreach (var slice in slices)
        {
            builder.Add(slice);
            if (builder.Count == SegmentRows) { segments.Add(builder.Build()); builder = new RequestSliceSegment.Builder(); }
        }
        segments.Add(builder.Build());
        return new RequestSliceTable(segments);
    }

    internal const int SegmentRows = 65_536;

    public int Count { get; }

    /// <summary>Bytes held by the columns (rows kept whole counted at a nominal 200 bytes each); the per-service row index adds up to 4 bytes a row once built (8 a run of consecutive rows where that is less).</summary>
    public long ColumnBytes => _segments.Sum(s => s.Bytes);

    /// <summary>The slice of row <paramref name="row"/> (a new object each call for a row in columns).</summary>
    public RequestSlice Get(int row)
    {
        var (segment, local) = Locate(row);
        return _segments[segment].Get(local);
    }

    /// <summary>All rows as objects, in order (for a consumer that needs every slice at once).</summary>
    public ImmutableArray<RequestSlice> ToImmutableArray()
    {
        var items = new RequestSlice[Count];
        var at = 0;
        foreach (var segment in _segments)
            for (var r = 0; r < segment.Count; r++) items[at++] = segment.Get(r);
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    /// <summary>The slices of any of <paramref name="services"/>, as objects, in file order.</summary>
    public ImmutableArray<RequestSlice> SlicesOf(IReadOnlyList<string> services)
    {
        var index = RowsByService();
        var groups = services.Distinct(StringComparer.Ordinal).Where(index.ContainsKey).ToList();
        if (groups.Count == 0) return [];
        var rows = new int[groups.Sum(g => index[g].Count)];
        var at = 0;
        foreach (var g in groups)
            foreach (var row in index[g]) rows[at++] = row;
        if (groups.Count > 1) Array.Sort(rows);
        var items = new RequestSlice[rows.Length];
        var segment = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            while (segment + 1 < _segments.Length && _segmentStarts[segment + 1] <= row) segment++;
            if (row < _segmentStarts[segment]) (segment, _) = Locate(row);
            items[i] = _segments[segment].Get(row - _segmentStarts[segment]);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    private (int Segment, int Local) Locate(int row) => SegmentStarts.Locate(_segmentStarts, Count, row);

    /// <summary>The rows of <paramref name="service"/> in ascending (file) order, empty when it has none.</summary>
    internal ServiceRows RowsOf(string service) => RowsByService().TryGetValue(service, out var rows) ? rows : ServiceRows.Empty;

    /// <summary>
    /// Row <paramref name="row"/> by column, no object made: for a row kept whole, its <see cref="SliceRow.Whole"/> is set
    /// and its start and end are the object's in ticks (<see cref="SliceRow.TickExact"/> says whether they are exactly
    /// its instants). <paramref name="segment"/> is a cursor: rows read in ascending order move it forward only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the kernels' row loops
    internal SliceRow Read(int row, ref int segment)
    {
        if ((uint)segment >= (uint)_segments.Length || row < _segmentStarts[segment]) (segment, _) = Locate(row);
        while (segment + 1 < _segments.Length && _segmentStarts[segment + 1] <= row) segment++;
        return _segments[segment].Row(row - _segmentStarts[segment]);
    }

    /// <summary>Per service, its rows in ascending (file) order; built once, on first need (thread-safe).</summary>
    public Dictionary<string, ServiceRows> RowsByService()
    {
        if (Volatile.Read(ref _rowsByService) is { } built) return built;
        lock (_lock)
        {
            return _rowsByService ??= BuildRowsByService();
        }
    }

    /// <summary>
    /// Each service's rows: as runs of consecutive rows (first row, count) where that takes less memory than one entry a
    /// row (it does when the file groups rows by service, as requests.csv usually is: a run per service and segment), else
    /// row by row. Counted per segment first, so segments fill in parallel (disjoint slots); a run is not carried across
    /// segments.
    /// </summary>
    private Dictionary<string, ServiceRows> BuildRowsByService()
    {
        // Per segment and word: rows, and runs of consecutive rows.
        var rowCounts = new int[_segments.Length][];
        var runCounts = new int[_segments.Length][];
        Parallel.For(0, _segments.Length, s =>
        {
            var segment = _segments[s];
            rowCounts[s] = new int[segment.Words.Length];
            runCounts[s] = new int[segment.Words.Length];
            CountRowsAndRuns(segment.Services.AsSpan(0, segment.Count), rowCounts[s], runCounts[s]);
        });
        var totals = new Dictionary<string, (long Rows, long Runs)>(StringComparer.Ordinal);
        for (var s = 0; s < _segments.Length; s++)
            for (var w = 0; w < _segments[s].Words.Length; w++)
            {
                if (rowCounts[s][w] == 0) continue;
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, _segments[s].Words[w], out _);
                total = (total.Rows + rowCounts[s][w], total.Runs + runCounts[s][w]);
            }
        var firsts = new Dictionary<string, int[]>(totals.Count, StringComparer.Ordinal);
        var lengths = new Dictionary<string, int[]?>(totals.Count, StringComparer.Ordinal);
        foreach (var (service, (rowTotal, runTotal)) in totals)
        {
            // A run costs two ints, a row one.
            var byRuns = runTotal * 2 < rowTotal;
            firsts[service] = new int[byRuns ? runTotal : rowTotal];
            lengths[service] = byRuns ? new int[runTotal] : null;
        }
        // Each segment's first slot in each of its services' arrays.
        var targets = new (int[] Firsts, int[]? Lengths)[_segments.Length][];
        var next = new int[_segments.Length][];
        var filled = new Dictionary<string, int>(totals.Count, StringComparer.Ordinal);
        for (var s = 0; s < _segments.Length; s++)
        {
            var words = _segments[s].Words;
            targets[s] = new (int[], int[]?)[words.Length];
            next[s] = new int[words.Length];
            for (var w = 0; w < words.Length; w++)
            {
                if (rowCounts[s][w] == 0) continue;
                var service = words[w];
                targets[s][w] = (firsts[service], lengths[service]);
                ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(filled, service, out _);
                next[s][w] = at;
                at += lengths[service] is null ? rowCounts[s][w] : runCounts[s][w];
            }
        }
        Parallel.For(0, _segments.Length, s => Fill(_segmentStarts[s], _segments[s].Services.AsSpan(0, _segments[s].Count), targets[s], next[s]));
        var rows = new Dictionary<string, ServiceRows>(totals.Count, StringComparer.Ordinal);
        foreach (var (service, (rowTotal, _)) in totals) rows[service] = new ServiceRows(firsts[service], lengths[service], (int)rowTotal);
        return rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per segment: tiering would leave the loop quick-compiled
    private static void CountRowsAndRuns(ReadOnlySpan<int> services, int[] rows, int[] runs)
    {
        for (var r = 0; r < services.Length; r++)
        {
            var w = services[r];
            rows[w]++;
            if (r == 0 || services[r - 1] != w) runs[w]++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per segment
    private static void Fill(int start, ReadOnlySpan<int> services, (int[] Firsts, int[]? Lengths)[] targets, int[] next)
    {
        for (var r = 0; r < services.Length; r++)
        {
            var w = services[r];
            var (firsts, lengths) = targets[w];
            if (lengths is null) firsts[next[w]++] = start + r;
            else if (r == 0 || services[r - 1] != w) { firsts[next[w]] = start + r; lengths[next[w]++] = 1; }
            else lengths[next[w] - 1]++;
        }
    }

    /// <summary>
    /// Whether the rows break a rule the sequential reader enforces across rows (<see cref="Formats.RequestSliceChecks"/>
    /// and the key check): two slices of one service with the same start or overlapping, or histograms of one service with
    /// different bounds. Services are checked in parallel, each on its rows' [start, end) in start order.
    /// </summary>
    internal bool HasCrossRowProblem()
    {
        var groups = RowsByService().Values.ToArray();
        var problem = 0;
        Parallel.ForEach(groups, () => (Starts: new long[0], Ends: new long[0]), (rows, state, scratch) =>
        {
            if (Volatile.Read(ref problem) != 0) { state.Stop(); return scratch; }
            if (scratch.Starts.Length < rows.Count) scratch = (new long[rows.Count], new long[rows.Count]);
            if (ServiceHasProblem(rows, scratch.Starts.AsSpan(0, rows.Count), scratch.Ends.AsSpan(0, rows.Count))) Volatile.Write(ref problem, 1);
            return scratch;
        }, _ => { });
        return problem != 0;
    }

    /// <summary>One service's part of <see cref="HasCrossRowProblem"/>, on its rows (ascending), with scratch of their length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per service: tiering would leave the loop quick-compiled
    private bool ServiceHasProblem(ServiceRows rows, Span<long> starts, Span<long> ends)
    {
        var ordered = true;
        ImmutableArray<long> bounds = default;
        var segment = 0;
        var i = -1;
        foreach (var row in rows)
        {
            i++;
            // Rows ascend: the segment only moves forward.
            while (segment + 1 < _segments.Length && _segmentStarts[segment + 1] <= row) segment++;
            var (start, end, histogram) = _segments[segment].Span(row - _segmentStarts[segment]);
            starts[i] = start;
            ends[i] = end;
            if (i > 0 && start < starts[i - 1]) ordered = false;
            if (histogram is not null)
            {
                if (bounds.IsDefault) bounds = histogram.UpperBoundsMs;
                else if (!bounds.AsSpan().SequenceEqual(histogram.UpperBoundsMs.AsSpan())) return true;
            }
        }
        if (!ordered) starts.Sort(ends);
        // Disjoint slices sorted by start: each ends at or before the next starts (an equal start always overlaps: lengths are positive).
        for (var k = 1; k < starts.Length; k++)
            if (starts[k] < ends[k - 1]) return true;
        return false;
    }

    /// <summary>The rows touching <paramref name="range"/> (as <see cref="Formats.RequestSliceFormat.Overlaps"/> decides), and how many were left out.</summary>
    internal (RequestSliceTable Kept, int Outside) Within(Interval range)
    {
        var kept = new RequestSliceSegment[_segments.Length];
        var outside = 0;
        Parallel.For(0, _segments.Length, s =>
        {
            var (segment, left) = _segments[s].Within(range);
            kept[s] = segment;
            Interlocked.Add(ref outside, left);
        });
        return (new RequestSliceTable(kept), outside);
    }
}

/// <summary>One segment of a <see cref="RequestSliceTable"/>: rows in file order, by column.</summary>
internal sealed class RequestSliceSegment
{
    private const long TicksPerSecond = NodaConstants.TicksPerSecond;

    public int Count { get; private init; }
    public int[] Services { get; private init; } = [];
    public string[] Words { get; private init; } = [];
    // The start: as whole seconds after the segment's first start (_base, in ticks) when every row's is (a file of
    // whole-second starts within 68 years of each other), else in ticks.
    private long _base;
    private int[]? _startSeconds;
    private long[]? _start;
    private int[] _lengthSeconds = [], _total = [], _good = [];
    private Dictionary<int, RequestSlice>? _whole;

    public long Bytes => Count * (_startSeconds is null ? 24L : 20L) + (_whole?.Count ?? 0) * 200L;

    /// <summary>The row's start in ticks after the Unix epoch (for a row kept whole, its object's truncated to a tick).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long StartTicks(int row) => _startSeconds is { } seconds ? _base + seconds[row] * TicksPerSecond : _start![row];

    public RequestSlice Get(int row)
    {
        if (_whole is not null && _whole.TryGetValue(row, out var whole)) return whole;
        return new RequestSlice(Words[Services[row]], Instant.FromUnixTimeTicks(StartTicks(row)), Duration.FromSeconds(_lengthSeconds[row]), _total[row], _good[row]);
    }

    /// <summary>The row by column (see <see cref="RequestSliceTable.Read"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the kernels' row loops; a segment with rows kept whole goes out of line
    public SliceRow Row(int row) =>
        _whole is null
            ? new SliceRow(StartTicks(row), StartTicks(row) + _lengthSeconds[row] * TicksPerSecond, _total[row], _good[row], null, true)
            : RowMaybeWhole(row);

    private SliceRow RowMaybeWhole(int row)
    {
        if (_whole!.TryGetValue(row, out var whole))
        {
            long start = whole.Start.ToUnixTimeTicks(), end = whole.End.ToUnixTimeTicks();
            var exact = whole.Start == Instant.FromUnixTimeTicks(start) && whole.End == Instant.FromUnixTimeTicks(end);
            return new SliceRow(start, end, whole.Total, whole.Good, whole, exact);
        }
        return new SliceRow(StartTicks(row), StartTicks(row) + _lengthSeconds[row] * TicksPerSecond, _total[row], _good[row], null, true);
    }

    /// <summary>The row's [start, end) in ticks, and its histogram if it has one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (long Start, long End, LatencyHistogram? Histogram) Span(int row)
    {
        if (_whole is not null && _whole.TryGetValue(row, out var whole))
            return (whole.Start.ToUnixTimeTicks(), whole.End.ToUnixTimeTicks(), whole.Histogram);
        var start = StartTicks(row);
        return (start, start + _lengthSeconds[row] * TicksPerSecond, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per segment
    public (RequestSliceSegment Kept, int Outside) Within(Interval range)
    {
        var builder = new Builder(Count, Words);
        for (var r = 0; r < Count; r++)
        {
            var (start, end, _) = Span(r);
            // RecordFormat.Touches with an end: starts before the range ends and ends after it starts.
            if (start < range.End.ToUnixTimeTicks() && end > range.Start.ToUnixTimeTicks())
            {
                if (_whole is not null && _whole.TryGetValue(r, out var whole)) builder.Add(whole);
                else builder.AddColumns(Services[r], StartTicks(r), _lengthSeconds[r], _total[r], _good[r]);
            }
        }
        return (builder.Build(), Count - builder.Count);
    }

    /// <summary>Appends rows; a row the columns cannot hold is kept whole.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<string, int> _wordIndex = new(StringComparer.Ordinal);
        private readonly List<string> _words = [];
        private int[] _services;
        // Whole seconds after _base (the first row's start) until a row's is not, then ticks (see the segment).
        private long _base;
        private int[]? _startSeconds;
        private long[]? _start;
        private int[] _lengthSeconds, _total, _good;
        private Dictionary<int, RequestSlice>? _whole;
        // The last service's word index: services come in runs.
        private string? _lastService;
        private int _lastWord;

        public Builder(int capacity = 1024, IReadOnlyList<string>? words = null)
        {
            capacity = Math.Max(capacity, 16);
            _services = new int[capacity];
            _startSeconds = new int[capacity];
            _lengthSeconds = new int[capacity];
            _total = new int[capacity];
            _good = new int[capacity];
            if (words is not null)
                foreach (var w in words) { _wordIndex[w] = _words.Count; _words.Add(w); }
        }

        public int Count { get; private set; }

        public int WordOf(string service)
        {
            if (ReferenceEquals(service, _lastService)) return _lastWord;
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_wordIndex, service, out var exists);
            if (!exists) { slot = _words.Count; _words.Add(service); }
            _lastService = service;
            _lastWord = slot;
            return slot;
        }

        public void Add(RequestSlice slice)
        {
            var ticks = slice.Length.BclCompatibleTicks;
            var startTicks = slice.Start.ToUnixTimeTicks();
            var whole = slice.Histogram is not null || !slice.PercentilesMs.IsEmpty || slice.Total > int.MaxValue || slice.Start != Instant.FromUnixTimeTicks(startTicks)
                || ticks % TicksPerSecond != 0 || ticks / TicksPerSecond > int.MaxValue || slice.Length != Duration.FromTicks(ticks);
            var row = Count;
            AddColumns(WordOf(slice.Service), startTicks, whole ? 0 : (int)(ticks / TicksPerSecond), whole ? 0 : (int)slice.Total, whole ? 0 : (int)slice.Good);
            if (whole) (_whole ??= [])[row] = slice;
        }

        /// <summary>A row straight into the columns (the caller has checked it is valid and fits: 0 &lt;= good &lt;= total, length &gt; 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the chunk parser's line loop
        public void AddColumns(int word, long startTicks, int lengthSeconds, int total, int good)
        {
            if (Count == _services.Length) Grow();
            _services[Count] = word;
            if (_startSeconds is { } seconds)
            {
                if (Count == 0) _base = startTicks;
                // Instants lie within +-2^59 ticks of the epoch: the difference cannot overflow.
                var delta = startTicks - _base;
                var whole = delta / TicksPerSecond;
                if (whole * TicksPerSecond == delta && whole == (int)whole) seconds[Count] = (int)whole;
                else ToTicks(startTicks);
            }
            else _start![Count] = startTicks;
            _lengthSeconds[Count] = lengthSeconds;
            _total[Count] = total;
            _good[Count] = good;
            Count++;
        }

        /// <summary>A start not whole seconds after the base, or too far from it: the segment keeps starts in ticks.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ToTicks(long startTicks)
        {
            var ticks = new long[_services.Length];
            for (var r = 0; r < Count; r++) ticks[r] = _base + _startSeconds![r] * TicksPerSecond;
            ticks[Count] = startTicks;
            _start = ticks;
            _startSeconds = null;
        }

        private void Grow()
        {
            var size = _services.Length * 2;
            Array.Resize(ref _services, size);
            if (_startSeconds is not null) Array.Resize(ref _startSeconds, size);
            else Array.Resize(ref _start, size);
            Array.Resize(ref _lengthSeconds, size);
            Array.Resize(ref _total, size);
            Array.Resize(ref _good, size);
        }

        public RequestSliceSegment Build()
        {
            // Trimmed to the rows (a loader sizes the builder by line count, so this is usually no copy).
            static T[] Trim<T>(T[] a, int n) => a.Length == n ? a : a[..n];
            return new RequestSliceSegment
            {
                Count = Count,
                Services = Trim(_services, Count),
                Words = [.. _words],
                _base = _base,
                _startSeconds = _startSeconds is null ? null : Trim(_startSeconds, Count),
                _start = _start is null ? null : Trim(_start, Count),
                _lengthSeconds = Trim(_lengthSeconds, Count),
                _total = Trim(_total, Count),
                _good = Trim(_good, Count),
                _whole = _whole,
            };
        }
    }
}

/// <summary>
/// One request slice read from the columns: [start, end) in ticks after the Unix epoch, its counts, and the object itself
/// when the row is kept whole (a histogram, percentiles, a count or length the columns cannot hold). <see cref="TickExact"/>
/// is false only for a row kept whole whose start or end is finer than a tick (then the ticks are truncated, and a reader
/// that must be exact reads <see cref="Whole"/>).
/// </summary>
internal readonly record struct SliceRow(long Start, long End, long Total, long Good, RequestSlice? Whole, bool TickExact)
{
    public long Bad => Total - Good;
}

/// <summary>
/// One service's rows of a <see cref="RequestSliceTable"/>, ascending: runs of consecutive rows (first row and length) or,
/// with no lengths, single rows. Enumerates the rows themselves.
/// </summary>
public sealed class ServiceRows
{
    private readonly int[] _firsts;
    private readonly int[]? _lengths;

    internal ServiceRows(int[] firsts, int[]? lengths, int count)
    {
        _firsts = firsts;
        _lengths = lengths;
        Count = count;
    }

    public static ServiceRows Empty { get; } = new([], null, 0);

    /// <summary>How many rows.</summary>
    public int Count { get; }

    /// <summary>Whether held as runs of consecutive rows (else one entry a row).</summary>
    public bool ByRuns => _lengths is not null;

    public Enumerator GetEnumerator() => new(_firsts, _lengths);

    /// <summary>The rows, ascending.</summary>
    public struct Enumerator(int[] firsts, int[]? lengths)
    {
        private int _run = -1, _row, _end;

        public readonly int Current => _row;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (++_row < _end) return true;
            if (++_run >= firsts.Length) return false;
            _row = firsts[_run];
            _end = _row + (lengths is null ? 1 : lengths[_run]);
            return true;
        }
    }
}
