using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// Incidents stored by column instead of one object per row, so a fleet's millions of incidents cost tens of bytes
/// each: the start as a 64-bit count of ticks (100 ns, the data's precision: the loader refuses finer fractions) after
/// the Unix epoch (32-bit whole seconds after the segment's first start while every start is that), the other lifecycle
/// instants as whole seconds after the start (a column with no value at all costs nothing), the ids as a prefix and a number
/// (I12-3456) while every id of the segment is one, else as ASCII bytes in one arena per segment, services, causes, regions and teams as indexes into a word list,
/// severity, impact and the postmortem flag as bytes. A row that does not fit these encodings (a fraction of a second
/// after its start, an affected share, a non-ASCII id, a severity above 254, an instant too far after its start) is kept
/// whole, as its <see cref="Incident"/>. Rows are held in segments of file order (one per parsed chunk).
/// Invariant: <see cref="Get"/> returns, for every row, an incident equal field by field to the one appended (strings
/// and tag lists by value: equal tag lists of one segment share the first one's array); rows keep the order they were
/// appended in.
/// </summary>
public sealed class IncidentTable
{
    private readonly IncidentSegment[] _segments;
    private readonly int[] _segmentStarts;

    internal IncidentTable(IReadOnlyList<IncidentSegment> segments)
    {
        _segments = [.. segments.Where(s => s.Count > 0)];
        (_segmentStarts, Count) = SegmentStarts.Of([.. _segments.Select(s => s.Count)], "incidents");
    }

    public static IncidentTable Empty { get; } = new([]);

    /// <summary>A table of these incidents, in this order (<paramref name="columns"/>: which fields it keeps, see <see cref="IncidentColumns"/>).</summary>
    public static IncidentTable Of(IEnumerable<Incident> incidents, IncidentColumns columns = IncidentColumns.All)
    {
        var segments = new List<IncidentSegment>();
        var builder = new IncidentSegment.Builder(columns: columns);
        foreach (var incident in incidents)
        {
            builder.Add(incident);
            if (builder.Count == SegmentRows) { segments.Add(builder.Build()); builder = new IncidentSegment.Builder(columns: columns); }
        }
        segments.Add(builder.Build());
        return new IncidentTable(segments);
    }

    /// <summary>Rows per segment when a table is built from a sequence (the loader makes one segment per chunk instead).</summary>
    internal const int SegmentRows = 65_536;

    public int Count { get; }

    /// <summary>Bytes held by the columns (arrays' payloads; rows kept whole are counted at a nominal 200 bytes each).</summary>
    public long ColumnBytes => _segments.Sum(s => s.Bytes);

    /// <summary>The incident of row <paramref name="row"/> (a new object each call); only for a table of <see cref="IncidentColumns.All"/>.</summary>
    public Incident Get(int row)
    {
        var (segment, local) = Locate(row);
        return _segments[segment].Get(local);
    }

    /// <summary>All rows as objects, in order (for a consumer that needs every incident at once).</summary>
    public ImmutableArray<Incident> ToImmutableArray() => Materialize(Enumerable.Range(0, Count).ToArray());

    /// <summary>The incidents of these rows (ascending), as objects.</summary>
    public ImmutableArray<Incident> Materialize(ReadOnlySpan<int> rows)
    {
        var items = new Incident[rows.Length];
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

    /// <summary>
    /// The segment holding <paramref name="row"/> and the row's index in it, for a reader walking rows in ascending order:
    /// <paramref name="segment"/> carries the last segment found between calls (start it at 0).
    /// </summary>
    internal IncidentSegment SegmentOf(int row, ref int segment, out int local)
    {
        while (segment + 1 < _segments.Length && _segmentStarts[segment + 1] <= row) segment++;
        if (row < _segmentStarts[segment]) (segment, _) = Locate(row);
        local = row - _segmentStarts[segment];
        return _segments[segment];
    }

    /// <summary>How many rows each service has, counted over the service column (no incident made).</summary>
    public Dictionary<string, int> CountsByService()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var segment in _segments)
        {
            var local = new int[segment.Words.Length];
            segment.CountServices(local);
            for (var w = 0; w < local.Length; w++)
                if (local[w] > 0) CollectionsMarshal.GetValueRefOrAddDefault(counts, segment.Words[w], out _) += local[w];
        }
        return counts;
    }

    /// <summary>Per service, its rows in ascending (file) order; one pass over the service column.</summary>
    public Dictionary<string, int[]> RowsByService()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var perSegment = new int[_segments.Length][];
        var names = new string[_segments.Length][];
        for (var s = 0; s < _segments.Length; s++)
        {
            var segment = _segments[s];
            var local = new int[segment.Words.Length];
            segment.CountServices(local);
            perSegment[s] = local;
            names[s] = segment.Words;
            for (var w = 0; w < local.Length; w++)
                if (local[w] > 0) CollectionsMarshal.GetValueRefOrAddDefault(counts, segment.Words[w], out _) += local[w];
        }
        var rows = new Dictionary<string, int[]>(counts.Count, StringComparer.Ordinal);
        var filled = new Dictionary<string, int>(counts.Count, StringComparer.Ordinal);
        foreach (var (service, count) in counts) { rows[service] = new int[count]; filled[service] = 0; }
        for (var s = 0; s < _segments.Length; s++)
        {
            var segment = _segments[s];
            // The segment's word indexes mapped once to their service's array and fill position.
            var targets = new int[]?[segment.Words.Length];
            var next = new int[segment.Words.Length];
            for (var w = 0; w < targets.Length; w++)
            {
                if (perSegment[s][w] == 0) continue;
                targets[w] = rows[segment.Words[w]];
                next[w] = filled[segment.Words[w]];
                filled[segment.Words[w]] = next[w] + perSegment[s][w];
            }
            segment.FillRows(_segmentStarts[s], targets, next);
        }
        return rows;
    }

    /// <summary>Whether two rows share an id (the incident format's key), checked on every core as the object loader does.</summary>
    internal bool HasDuplicateId()
    {
        if (Count < 2) return false;
        // Scratch outside the GC heap (10M incidents: 40 MB of hashes, 16 MB per worker's table), freed on return.
        using var hashes = new NativeScratch<int>(Count);
        Parallel.For(0, _segments.Length, s =>
        {
            var segment = _segments[s];
            var start = _segmentStarts[s];
            var span = hashes.Span;
            for (var r = 0; r < segment.Count; r++) span[start + r] = segment.IdHash(r);
        });
        // Per partition of the hash space, its count, so one table per worker, sized for the largest, serves every partition
        // it takes (not one large table per partition, which would all wait in the large object heap for a full collection).
        // Exactly one table per core: Parallel.For's per-task state would make one per task it starts, and on a busy
        // thread pool it started a dozen (10M incidents: 200 MB of 16 MB tables, garbage until a full collection).
        var counts = new int[Partitions];
        foreach (var hash in hashes.Span) counts[(uint)hash >> (32 - PartitionBits)]++;
        var size = Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)counts.Max() * 2));
        var duplicate = 0;
        var next = -1;
        var workers = Math.Min(Environment.ProcessorCount, Partitions);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            using var table = new NativeScratch<long>(size);
            int p;
            while (Volatile.Read(ref duplicate) == 0 && (p = Interlocked.Increment(ref next)) < Partitions)
                if (PartitionHasDuplicate(hashes.Span, p, table.Span)) Volatile.Write(ref duplicate, 1);
        });
        return duplicate != 0;
    }

    private const int PartitionBits = 4, Partitions = 1 << PartitionBits;

    /// <summary>Inserts the partition's ids, in row order, into an open-addressing table of (hash, row + 1); true at the first repeat.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool PartitionHasDuplicate(ReadOnlySpan<int> hashes, int partition, Span<long> table)
    {
        // Entries: the hash in the high half, row + 1 in the low half (0 = empty); load factor at most 1/2.
        table.Clear();
        var mask = table.Length - 1;
        for (var i = 0; i < hashes.Length; i++)
        {
            var hash = hashes[i];
            if ((int)((uint)hash >> (32 - PartitionBits)) != partition) continue;
            var slot = hash & mask;
            while (true)
            {
                var entry = table[slot];
                if (entry == 0)
                {
                    table[slot] = ((long)hash << 32) | (uint)(i + 1);
                    break;
                }
                if ((int)(entry >> 32) == hash && SameId((int)(uint)entry - 1, i)) return true;
                slot = (slot + 1) & mask;
            }
        }
        return false;
    }

    private bool SameId(int a, int b)
    {
        var (sa, la) = Locate(a);
        var (sb, lb) = Locate(b);
        return _segments[sa].IdEquals(la, _segments[sb], lb);
    }
}

/// <summary>
/// Which fields an <see cref="IncidentTable"/> keeps. <see cref="DowntimeKernel"/>: only what the downtime kernel reads by
/// column (<c>DowntimeEvaluator</c> through <see cref="Evaluation.IncidentRule"/>: id, service, severity, impact, cause,
/// tags, started, resolved), for a run whose every contract reads incidents only so (<see cref="Evaluation.ContractFacts.ReadsIncidentTable"/>):
/// detected, acknowledged, responded, region, team and the postmortem flag are validated by the loader as always but
/// not stored, and a row in the columns is then no incident (<see cref="IncidentTable.Get"/> refuses; rows kept whole stay whole).
/// </summary>
public enum IncidentColumns
{
    All,
    DowntimeKernel,
}

/// <summary>An incident's values but its id (and affected share): what a loader hands the columns without making an object.</summary>
internal readonly record struct IncidentFields(
    string Service, int Severity, Impact Impact, Instant Started, Instant? Resolved, string? Cause, Instant? Detected,
    Instant? Acknowledged, Instant? Responded, string? Region, ImmutableArray<string> Tags, bool? PostmortemCompleted, string? Team = null)
{
    public static IncidentFields Of(Incident i) =>
        new(i.Service, i.Severity, i.Impact, i.Started, i.Resolved, i.Cause, i.Detected, i.Acknowledged, i.Responded, i.Region, i.Tags, i.PostmortemCompleted, i.Team);

    public Incident ToIncident(string id) =>
        new(id, Service, Severity, Impact, Started, Resolved, Cause, Detected, Acknowledged, Responded, Region, Tags, PostmortemCompleted) { Team = Team };
}

/// <summary>
/// One run of rows of an <see cref="IncidentTable"/>, in columns (see there for the encodings). Immutable once built.
/// </summary>
internal sealed class IncidentSegment
{
    /// <summary>A lifecycle instant that is not there (a null), in the seconds-after-start columns.</summary>
    private const uint Absent = uint.MaxValue;
    private const uint MaxSeconds = uint.MaxValue - 1;
    private const long TicksPerSecond = NodaConstants.TicksPerSecond;

    public int Count { get; private init; }
    // The start: whole seconds after _base (the segment's first start kept in the columns, in ticks) while every row's
    // is, within 32 bits (about 68 years either way); else every start in ticks (_started).
    private long _base;
    private int[]? _startSeconds;
    private long[]? _started;
    private uint[]? _resolved, _detected, _acknowledged, _responded;
    // The ids: while every id of the segment is a prefix and a decimal number of at most 9 digits without a leading zero
    // (I12-3456: "I12-" and 3456), the prefix's index (_idPrefix into _prefixes) and the number (_idNumber), 6 bytes a row;
    // else ASCII bytes in one arena (_ids, each row's end in _idEnds).
    private int[]? _idEnds;
    private byte[]? _ids;
    private ushort[]? _idPrefix;
    private uint[]? _idNumber;
    private byte[][] _prefixes = [];
    private string[] _prefixStrings = [];
    // The service as its index in Words: 16 bits while the segment has at most 65,536 words, else 32 (_services32).
    private ushort[]? _services16;
    private int[]? _services32;
    private IncidentColumns _columns;
    public string[] Words { get; private init; } = [];
    private byte[] _severity = [], _impact = [];
    private ushort[]? _cause, _region, _tags, _team;
    private byte[]? _postmortem;
    private ImmutableArray<string>[] _tagLists = [];
    private Dictionary<int, Incident>? _whole;

    public long Bytes =>
        (_started?.Length ?? 0) * 8L + (_startSeconds?.Length ?? 0) * 4L + (_services16?.Length ?? 0) * 2L + (_services32?.Length ?? 0) * 4L + ((_resolved?.Length ?? 0) + (_detected?.Length ?? 0) + (_acknowledged?.Length ?? 0) + (_responded?.Length ?? 0)) * 4L
        + (_idEnds?.Length ?? 0) * 4L + (_ids?.Length ?? 0) + (_idPrefix?.Length ?? 0) * 2L + (_idNumber?.Length ?? 0) * 4L
        + _prefixes.Sum(p => (long)p.Length) + _severity.Length + _impact.Length
        + ((_cause?.Length ?? 0) + (_region?.Length ?? 0) + (_tags?.Length ?? 0) + (_team?.Length ?? 0)) * 2L + (_postmortem?.Length ?? 0) + (_whole?.Count ?? 0) * 200L;

    public Incident Get(int row)
    {
        if (_whole is not null && _whole.TryGetValue(row, out var whole)) return whole;
        if (_columns != IncidentColumns.All)
            throw new InvalidOperationException("This table keeps only the columns the downtime kernel reads (IncidentColumns.DowntimeKernel): its rows are not incidents.");
        var start = Instant.FromUnixTimeTicks(StartedTicks(row));
        return new Incident(Id(row), Words[ServiceWord(row)], _severity[row], (Impact)_impact[row], start, At(_resolved, row, start),
            WordOrNull(_cause, row), At(_detected, row, start), At(_acknowledged, row, start), At(_responded, row, start),
            WordOrNull(_region, row), _tags is null ? [] : _tagLists[_tags[row]],
            _postmortem is null ? null : _postmortem[row] switch { 1 => false, 2 => true, _ => null }) { Team = WordOrNull(_team, row) };
    }

    private static Instant? At(uint[]? column, int row, Instant start) =>
        column is null || column[row] == Absent ? null : start.PlusTicks(column[row] * TicksPerSecond);

    private string? WordOrNull(ushort[]? column, int row) => column is null || column[row] == 0 ? null : Words[column[row] - 1];

    /// <summary>Whether the row is kept whole (<see cref="Whole"/>); its columns then hold zeros but for the service.</summary>
    public bool IsWhole(int row) => _whole is not null && _whole.ContainsKey(row);

    public Incident Whole(int row) => _whole![row];

    // A column row's values, read without making its incident (each equals the field of Get(row)).
    public long StartedTicks(int row) => _startSeconds is { } seconds ? _base + seconds[row] * TicksPerSecond : _started![row];

    /// <summary>The row's service as its index in <see cref="Words"/>.</summary>
    public int ServiceWord(int row) => _services16 is { } narrow ? narrow[row] : _services32![row];

    /// <summary>Adds each row's service to its word's count.</summary>
    public void CountServices(int[] counts)
    {
        if (_services16 is { } narrow) foreach (var w in narrow) counts[w]++;
        else foreach (var w in _services32!) counts[w]++;
    }

    /// <summary>Writes each row's table row (<paramref name="start"/> + row) at its word's target array, at its next position.</summary>
    public void FillRows(int start, int[]?[] targets, int[] next)
    {
        for (var r = 0; r < Count; r++)
        {
            var w = ServiceWord(r);
            targets[w]![next[w]++] = start + r;
        }
    }

    /// <summary>The resolved instant's ticks (the same <c>start + seconds x ticks per second</c> as <see cref="Get"/>), false when it has none.</summary>
    public bool TryResolvedTicks(int row, out long ticks)
    {
        if (_resolved is null || _resolved[row] == Absent) { ticks = 0; return false; }
        ticks = StartedTicks(row) + _resolved[row] * TicksPerSecond;
        return true;
    }

    public string Service(int row) => Words[ServiceWord(row)];
    public int Severity(int row) => _severity[row];
    public Impact ImpactOf(int row) => (Impact)_impact[row];
    public string? Cause(int row) => WordOrNull(_cause, row);
    public ImmutableArray<string> Tags(int row) => _tags is null ? [] : _tagLists[_tags[row]];

    public int IdHash(int row)
    {
        if (_whole is not null && _whole.TryGetValue(row, out var whole)) return Hash(Encoding.UTF8.GetBytes(whole.Id));
        if (_idNumber is { } numbers)
        {
            // The same bytes as the id's (a prefix of at most 256 bytes, then at most 9 digits), so a hash compares across segments.
            Span<byte> bytes = stackalloc byte[256 + 10];
            var prefix = _prefixes[_idPrefix![row]];
            prefix.CopyTo(bytes);
            numbers[row].TryFormat(bytes[prefix.Length..], out var written, default, CultureInfo.InvariantCulture);
            return Hash(bytes[..(prefix.Length + written)]);
        }
        var start = row == 0 ? 0 : _idEnds![row - 1];
        return Hash(_ids.AsSpan(start, _idEnds![row] - start));
    }

    private static int Hash(ReadOnlySpan<byte> id)
    {
        var hash = new HashCode();
        hash.AddBytes(id);
        return hash.ToHashCode();
    }

    public bool IdEquals(int row, IncidentSegment other, int otherRow) => string.Equals(Id(row), other.Id(otherRow), StringComparison.Ordinal);

    /// <summary>The prefix and the number's digits as one string (one allocation, no string for the number alone).</summary>
    private static string SplitId(string prefix, uint number)
    {
        var digits = 1;
        for (var n = number; n >= 10; n /= 10) digits++;
        return string.Create(prefix.Length + digits, (prefix, number), static (chars, id) =>
        {
            id.prefix.CopyTo(chars);
            id.number.TryFormat(chars[id.prefix.Length..], out _, default, CultureInfo.InvariantCulture);
        });
    }

    public string Id(int row)
    {
        if (_whole is not null && _whole.TryGetValue(row, out var whole)) return whole.Id;
        if (_idNumber is { } numbers) return SplitId(_prefixStrings[_idPrefix![row]], numbers[row]);
        var start = row == 0 ? 0 : _idEnds![row - 1];
        return Encoding.ASCII.GetString(_ids!, start, _idEnds![row] - start);
    }

    /// <summary>Appends rows into growing columns; <see cref="Build"/> trims them into a segment. Not thread-safe (one per chunk).</summary>
    internal sealed class Builder
    {
        private int _count;
        private readonly IncidentColumns _columns;
        // Starts as whole seconds after _base (set by the first row kept in the columns) until one is not, then ticks (see the segment).
        private long _base;
        private bool _hasBase;
        private int[]? _startSeconds;
        private long[]? _started;
        private uint[]? _resolved, _detected, _acknowledged, _responded;
        // Ids split into prefix and number (see the segment) until one is not, then bytes in the rented arena.
        private ushort[]? _idPrefix;
        private uint[]? _idNumber;
        private readonly List<byte[]> _prefixes = [];
        private readonly Dictionary<string, int> _prefixIndex = new(StringComparer.Ordinal);
        private int _lastPrefix = -1;
        private readonly int _idBytes;
        private int[]? _idEnds;
        private byte[]? _ids;
        private int _idLength;
        // Services in 16 bits until a word index does not fit, then 32.
        private ushort[]? _services16;
        private int[]? _services32;
        private byte[] _severity, _impact;
        private ushort[]? _cause, _region, _tags, _team;
        private byte[]? _postmortem;
        private readonly List<string> _words = [];
        private readonly Dictionary<string, int> _wordIndex = new(StringComparer.Ordinal);
        private readonly List<ImmutableArray<string>> _tagLists = [[]];
        private readonly Dictionary<ImmutableArray<string>, int> _tagIndex = new(TagListComparer.Instance);
        private Dictionary<int, Incident>? _whole;

        /// <param name="capacity">Rows expected (the columns grow past it).</param>
        /// <param name="idBytes">Bytes of ids expected (the arena grows past it).</param>
        /// <param name="columns">Which fields the segment keeps (<see cref="IncidentColumns"/>); every value is still validated by the loader.</param>
        public Builder(int capacity = 1024, int idBytes = 0, IncidentColumns columns = IncidentColumns.All)
        {
            capacity = Math.Max(1, capacity);
            _columns = columns;
            _startSeconds = new int[capacity];
            _idPrefix = new ushort[capacity];
            _idNumber = new uint[capacity];
            // The arena, when ids are bytes, is an estimate (the loader passes an eighth of the chunk's bytes): rented, and
            // copied at its exact length by Build, so the estimate's slack goes back to the pool instead of becoming garbage per chunk.
            _idBytes = idBytes > 0 ? idBytes : capacity * 8;
            _services16 = new ushort[capacity];
            _severity = new byte[capacity];
            _impact = new byte[capacity];
        }

        public int Count => _count;

        /// <summary>Appends an incident: into the columns when its values fit them, else whole.</summary>
        public void Add(Incident incident)
        {
            var id = incident.Id;
            // A title (free text, nearly one per incident) is not a word for the index: a titled incident is kept whole.
            if (incident.AffectedShare is null && incident.Title is null && id.Length <= 256 && Ascii.IsValid(id))
            {
                Span<byte> ascii = stackalloc byte[id.Length];
                Encoding.ASCII.GetBytes(id, ascii);
                if (TryAdd(ascii, IncidentFields.Of(incident))) return;
            }
            var row = _count;
            Grow(row + 1);
            SetService(row, WordIndex(incident.Service));
            // Kept whole; the columns hold zeros (and the service, for grouping) for this row.
            (_whole ??= [])[row] = incident;
            // No id in the columns (the incident has it): an empty id as bytes, index and number 0 while split.
            if (_idEnds is not null) _idEnds[row] = _idLength;
            else { _idPrefix![row] = 0; _idNumber![row] = 0; }
            if (_startSeconds is not null) _startSeconds[row] = 0;
            else _started![row] = 0;
            _severity[row] = 0;
            _impact[row] = 0;
            ClearOptional(row);
            _count++;
        }

        /// <summary>
        /// Appends a row from its fields (an ASCII id, no affected share) when every value fits the columns; false, with
        /// nothing appended, when one does not (the caller then appends the incident whole).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryAdd(ReadOnlySpan<byte> asciiId, in IncidentFields incident)
        {
            if (incident.Severity is < 0 or > 254) return false;
            var started = incident.Started;
            var ticks = started.ToUnixTimeTicks();
            if (Instant.FromUnixTimeTicks(ticks) != started) return false;
            // Fields the segment does not keep (IncidentColumns.DowntimeKernel) are neither encoded nor stored (they stay Absent, 0).
            var all = _columns == IncidentColumns.All;
            uint detected = Absent, acknowledged = Absent, responded = Absent;
            if (!Seconds(started, incident.Resolved, out var resolved)
                || (all && (!Seconds(started, incident.Detected, out detected) || !Seconds(started, incident.Acknowledged, out acknowledged)
                    || !Seconds(started, incident.Responded, out responded))))
                return false;
            var row = _count;
            Grow(row + 1);
            int cause = 0, region = 0, tags = 0, team = 0;
            if (incident.Cause is { } c && (cause = WordIndex(c) + 1) > ushort.MaxValue) return false;
            if (all && incident.Region is { } g && (region = WordIndex(g) + 1) > ushort.MaxValue) return false;
            if (!incident.Tags.IsDefaultOrEmpty && (tags = TagIndex(incident.Tags)) > ushort.MaxValue) return false;
            if (all && incident.Team is { } t && (team = WordIndex(t) + 1) > ushort.MaxValue) return false;
            SetService(row, WordIndex(incident.Service));
            SetId(row, asciiId);
            SetStart(row, ticks);
            _severity[row] = (byte)incident.Severity;
            _impact[row] = (byte)incident.Impact;
            Set<uint>(ref _resolved, row, resolved, Absent);
            Set<uint>(ref _detected, row, detected, Absent);
            Set<uint>(ref _acknowledged, row, acknowledged, Absent);
            Set<uint>(ref _responded, row, responded, Absent);
            Set<ushort>(ref _cause, row, (ushort)cause, 0);
            Set<ushort>(ref _region, row, (ushort)region, 0);
            Set<ushort>(ref _tags, row, (ushort)tags, 0);
            Set<ushort>(ref _team, row, (ushort)team, 0);
            if (all) Set<byte>(ref _postmortem, row, incident.PostmortemCompleted switch { false => (byte)1, true => (byte)2, null => (byte)0 }, 0);
            _count++;
            return true;
        }

        private void SetId(int row, ReadOnlySpan<byte> ascii)
        {
            if (_idNumber is { } numbers)
            {
                if (TrySplit(ascii, out var prefixLength, out var number) && TryPrefix(ascii[..prefixLength], out var prefix))
                {
                    _idPrefix![row] = prefix;
                    numbers[row] = number;
                    return;
                }
                IdsToBytes();
            }
            if (!_idsRented) throw new InvalidOperationException("The builder was built already.");
            if (_ids!.Length < _idLength + ascii.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_ids.Length * 2, _idLength + ascii.Length));
                _ids.AsSpan(0, _idLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_ids);
                _ids = larger;
            }
            ascii.CopyTo(_ids.AsSpan(_idLength));
            _idLength += ascii.Length;
            _idEnds![row] = _idLength;
        }

        /// <summary>An id as a prefix and its trailing decimal number: at most 9 digits (the whole run of them), no leading zero but "0" itself.</summary>
        private static bool TrySplit(ReadOnlySpan<byte> ascii, out int prefixLength, out uint number)
        {
            number = 0;
            var digits = 0;
            while (digits < ascii.Length && digits < 10 && char.IsAsciiDigit((char)ascii[ascii.Length - 1 - digits])) digits++;
            prefixLength = ascii.Length - digits;
            if (digits is 0 or 10 || prefixLength > 256 || (digits > 1 && ascii[prefixLength] == (byte)'0')) return false;
            for (var i = prefixLength; i < ascii.Length; i++) number = number * 10 + (uint)(ascii[i] - '0');
            return true;
        }

        private bool TryPrefix(ReadOnlySpan<byte> prefix, out ushort index)
        {
            if (_lastPrefix >= 0 && prefix.SequenceEqual(_prefixes[_lastPrefix])) { index = (ushort)_lastPrefix; return true; }
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_prefixIndex, Encoding.ASCII.GetString(prefix), out var exists);
            if (!exists)
            {
                if (_prefixes.Count > ushort.MaxValue)
                {
                    _prefixIndex.Remove(Encoding.ASCII.GetString(prefix));
                    index = 0;
                    return false;
                }
                slot = _prefixes.Count;
                _prefixes.Add(prefix.ToArray());
            }
            _lastPrefix = slot;
            index = (ushort)slot;
            return true;
        }

        /// <summary>An id that does not split: every id so far written as bytes into the rented arena, and bytes from here on.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void IdsToBytes()
        {
            var ends = new int[_idPrefix!.Length];
            _ids = ArrayPool<byte>.Shared.Rent(_idBytes);
            _idsRented = true;
            _idLength = 0;
            Span<byte> digits = stackalloc byte[10];
            for (var r = 0; r < _count; r++)
            {
                if (_whole is null || !_whole.ContainsKey(r))
                {
                    var prefix = _prefixes[_idPrefix[r]];
                    _idNumber![r].TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                    if (_ids.Length < _idLength + prefix.Length + written)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_ids.Length * 2, _idLength + prefix.Length + written));
                        _ids.AsSpan(0, _idLength).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(_ids);
                        _ids = larger;
                    }
                    prefix.CopyTo(_ids.AsSpan(_idLength));
                    digits[..written].CopyTo(_ids.AsSpan(_idLength + prefix.Length));
                    _idLength += prefix.Length + written;
                }
                ends[r] = _idLength;
            }
            _idEnds = ends;
            _idPrefix = null;
            _idNumber = null;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SetStart(int row, long ticks)
        {
            if (_startSeconds is { } seconds)
            {
                if (!_hasBase) { _base = ticks; _hasBase = true; }
                // Instants lie within +-2^59 ticks of the epoch: the difference cannot overflow.
                var delta = ticks - _base;
                var whole = delta / TicksPerSecond;
                if (whole * TicksPerSecond == delta && whole == (int)whole) { seconds[row] = (int)whole; return; }
                StartsToTicks();
            }
            _started![row] = ticks;
        }

        /// <summary>A start not whole seconds after the base, or too far from it: the segment keeps starts in ticks from here on.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void StartsToTicks()
        {
            var ticks = new long[_startSeconds!.Length];
            for (var r = 0; r < _count; r++) ticks[r] = _base + _startSeconds[r] * TicksPerSecond;
            _started = ticks;
            _startSeconds = null;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SetService(int row, int word)
        {
            if (_services16 is { } narrow && word <= ushort.MaxValue) { narrow[row] = (ushort)word; return; }
            if (_services32 is null) ServicesToInt();
            _services32![row] = word;
        }

        /// <summary>A word index past 16 bits: the segment keeps services in 32 bits from here on.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ServicesToInt()
        {
            var wide = new int[_services16!.Length];
            for (var r = 0; r < _count; r++) wide[r] = _services16[r];
            _services32 = wide;
            _services16 = null;
        }

        private void ClearOptional(int row)
        {
            Set<uint>(ref _resolved, row, Absent, Absent);
            Set<uint>(ref _detected, row, Absent, Absent);
            Set<uint>(ref _acknowledged, row, Absent, Absent);
            Set<uint>(ref _responded, row, Absent, Absent);
            Set<ushort>(ref _cause, row, (ushort)0, 0);
            Set<ushort>(ref _region, row, (ushort)0, 0);
            Set<ushort>(ref _tags, row, (ushort)0, 0);
            Set<ushort>(ref _team, row, (ushort)0, 0);
            Set<byte>(ref _postmortem, row, 0, 0);
        }

        /// <summary>Sets a value in an optional column, creating it (filled with <paramref name="none"/>) at its first other value.</summary>
        private void Set<T>(ref T[]? column, int row, T value, T none) where T : unmanaged, IEquatable<T>
        {
            if (column is null)
            {
                if (value.Equals(none)) return;
                column = new T[_severity.Length];
                column.AsSpan(0, row).Fill(none);
            }
            column[row] = value;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // into TryAdd, optimized from its first call: no Tier-0 NodaTime arithmetic while a file loads
        private static bool Seconds(Instant start, Instant? at, out uint seconds)
        {
            seconds = Absent;
            if (at is not { } a) return true;
            var offset = a - start;
            if (offset > Duration.FromSeconds(MaxSeconds)) return false;
            var ticks = offset.BclCompatibleTicks;
            if (offset != Duration.FromTicks(ticks) || ticks % TicksPerSecond != 0 || ticks / TicksPerSecond > MaxSeconds) return false;
            seconds = (uint)(ticks / TicksPerSecond);
            return true;
        }

        private int WordIndex(string word)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_wordIndex, word, out var exists);
            if (!exists)
            {
                index = _words.Count;
                _words.Add(word);
            }
            return index;
        }

        private int TagIndex(ImmutableArray<string> tags)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_tagIndex, tags, out var exists);
            if (!exists)
            {
                index = _tagLists.Count;
                _tagLists.Add(tags);
            }
            return index;
        }

        private void Grow(int rows)
        {
            if (rows <= _severity.Length) return;
            var size = Math.Max(rows, _severity.Length * 2);
            if (_started is not null) Array.Resize(ref _started, size);
            if (_startSeconds is not null) Array.Resize(ref _startSeconds, size);
            if (_idEnds is not null) Array.Resize(ref _idEnds, size);
            if (_idPrefix is not null) Array.Resize(ref _idPrefix, size);
            if (_idNumber is not null) Array.Resize(ref _idNumber, size);
            if (_services16 is not null) Array.Resize(ref _services16, size);
            if (_services32 is not null) Array.Resize(ref _services32, size);
            Array.Resize(ref _severity, size);
            Array.Resize(ref _impact, size);
            if (_resolved is not null) Array.Resize(ref _resolved, size);
            if (_detected is not null) Array.Resize(ref _detected, size);
            if (_acknowledged is not null) Array.Resize(ref _acknowledged, size);
            if (_responded is not null) Array.Resize(ref _responded, size);
            if (_cause is not null) Array.Resize(ref _cause, size);
            if (_region is not null) Array.Resize(ref _region, size);
            if (_tags is not null) Array.Resize(ref _tags, size);
            if (_team is not null) Array.Resize(ref _team, size);
            if (_postmortem is not null) Array.Resize(ref _postmortem, size);
        }

        /// <summary>The ids at their exact length; the rented arena goes back to the pool (the builder is done once built).</summary>
        private byte[]? ExactIds()
        {
            if (!_idsRented || _ids is null) return _ids;
            var exact = _ids.AsSpan(0, _idLength).ToArray();
            ArrayPool<byte>.Shared.Return(_ids);
            _ids = exact;
            _idsRented = false;
            return exact;
        }

        // Whether _ids is the rented arena (until Build; a segment never holds a rented array, nor does one go back twice).
        private bool _idsRented;

        /// <summary>The segment: the columns as they are when they hold exactly the rows (a builder sized by a line count), else trimmed copies.</summary>
        public IncidentSegment Build()
        {
            var n = _count;
            static T[]? Exact<T>(T[]? column, int n) => column is null || column.Length == n ? column : column[..n];
            return new IncidentSegment
            {
                Count = n,
                _columns = _columns,
                _base = _base,
                _startSeconds = Exact(_startSeconds, n),
                _started = Exact(_started, n),
                _resolved = Exact(_resolved, n),
                _detected = Exact(_detected, n),
                _acknowledged = Exact(_acknowledged, n),
                _responded = Exact(_responded, n),
                _idEnds = Exact(_idEnds, n),
                _ids = ExactIds(),
                _idPrefix = Exact(_idPrefix, n),
                _idNumber = Exact(_idNumber, n),
                _prefixes = [.. _prefixes],
                _prefixStrings = [.. _prefixes.Select(p => Encoding.ASCII.GetString(p))],
                _services16 = Exact(_services16, n),
                _services32 = Exact(_services32, n),
                Words = [.. _words],
                _severity = Exact(_severity, n)!,
                _impact = Exact(_impact, n)!,
                _cause = Exact(_cause, n),
                _region = Exact(_region, n),
                _tags = Exact(_tags, n),
                _team = Exact(_team, n),
                _postmortem = Exact(_postmortem, n),
                _tagLists = [.. _tagLists],
                _whole = _whole,
            };
        }
    }

    /// <summary>Tag lists by their words (the loader shares equal lists, but a list built per row must find its index too); the array kept is the first one seen.</summary>
    private sealed class TagListComparer : IEqualityComparer<ImmutableArray<string>>
    {
        public static readonly TagListComparer Instance = new();

        public bool Equals(ImmutableArray<string> x, ImmutableArray<string> y) => x == y || x.AsSpan().SequenceEqual(y.AsSpan());

        public int GetHashCode(ImmutableArray<string> tags)
        {
            var hash = new HashCode();
            foreach (var tag in tags) hash.Add(tag, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}

/// <summary>
/// One evaluation's incidents: either records as objects, or rows of an <see cref="IncidentTable"/> (ascending, so in
/// file order; all rows when none are given) read by column where the reader can (the downtime kernel,
/// <c>DowntimeEvaluator</c>). Invariant: <see cref="Materialize"/> gives the same incidents, in the same order, either way.
/// </summary>
public sealed class IncidentRows
{
    private readonly int[]? _rows;

    public IncidentRows(ImmutableArray<Incident> incidents) => Objects = incidents.IsDefault ? [] : incidents;

    public IncidentRows(IncidentTable table, int[]? rows = null)
    {
        Table = table;
        _rows = rows;
    }

    /// <summary>The table the rows are of; null when the incidents are objects (<see cref="Objects"/>).</summary>
    public IncidentTable? Table { get; }

    public ImmutableArray<Incident> Objects { get; } = [];

    public int Count => Table is null ? Objects.Length : _rows?.Length ?? Table.Count;

    /// <summary>The table row of the k-th incident (only with a table).</summary>
    public int RowAt(int k) => _rows is null ? k : _rows[k];

    /// <summary>The incidents as objects, in order.</summary>
    public ImmutableArray<Incident> Materialize() =>
        Table is null ? Objects : _rows is null ? Table.ToImmutableArray() : Table.Materialize(_rows);
}
