using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// A shortcut for the plain case of incidents.csv: parses a chunk of whole lines straight from UTF-8 bytes, without Sep
/// or a char decoder. It answers only when it is sure: every line printable ASCII (no quote, no tab, no control byte;
/// <c>\n</c> or <c>\r\n</c> ends), the header's column count, no field with surrounding spaces, severity as digits,
/// timestamps <c>yyyy-MM-ddTHH:mm[:ss[.f..f]]</c> with <c>Z</c> or <c>±hh:mm</c>, and every value valid. On anything
/// else, or any error, <see cref="TryParse"/> returns false and the caller parses the chunk with Sep and
/// <see cref="IncidentFormat"/>, which reports errors. Invariant: when it returns true, its records equal (field by
/// field, strings by value) what <see cref="IncidentFormat.Build"/> makes of the same lines.
/// </summary>
internal sealed class IncidentChunkParser
{
    private const int Id = 0, Service = 1, Severity = 2, ImpactSlot = 3, Cause = 4, Started = 5, Detected = 6,
        Acknowledged = 7, Responded = 8, Resolved = 9, Region = 10, Tags = 11, Postmortem = 12, SlotCount = 13;

    /// <summary>The slots above are <see cref="IncidentFormat"/>'s field order; a reordered format must not be misread.</summary>
    static IncidentChunkParser()
    {
        string[] names = ["id", "service", "severity", "impact", "cause", "started", "detected", "acknowledged", "responded", "resolved", "region", "tags", "postmortem_completed", "affected_share", "team", "title"];
        if (!IncidentFormat.Instance.Fields.Select(f => f.Name).SequenceEqual(names))
            throw new InvalidOperationException("IncidentChunkParser's slots no longer match IncidentFormat's fields.");
    }

    /// <summary>The bytes a plain chunk holds: printable ASCII but the quote, and '\n' (a chunk with '\r' or anything else is checked line by line).</summary>
    internal static readonly SearchValues<byte> PlainBytes =
        SearchValues.Create([(byte)'\n', .. Enumerable.Range(' ', '~' - ' ' + 1).Where(b => b != '"').Select(b => (byte)b)]);

    /// <summary>As <see cref="RowContext.WordList"/>: the first distinct tag lists are shared, later ones built per row.</summary>
    private const int MaxSharedTagLists = 10_000;

    private readonly int[] _slotOfColumn;
    private readonly bool _declines;
    private readonly Shared _shared;

    // A small direct-mapped cache in front of the shared word pool: services come in runs, causes and regions are few.
    private const int CacheSize = 64;
    private readonly byte[]?[] _cachedBytes = new byte[CacheSize][];
    private readonly string[] _cachedWords = new string[CacheSize];

    // Timestamps, remembering the last date's day number: a row's timestamps mostly share one date.
    private Utf8InstantReader _instants;

    /// <summary>What the chunks of one file share: one string per distinct word, one array per distinct tag list.</summary>
    internal sealed class Shared
    {
        public readonly ConcurrentDictionary<string, string> Words = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, ImmutableArray<string>> TagLists = new(StringComparer.Ordinal);
        public int TagListCount;
    }

    /// <param name="columnOfSlot">The header mapping of <see cref="CsvRecordReader.MapHeader"/> (every column a known field).</param>
    /// <param name="columnCount">The header's column count.</param>
    public IncidentChunkParser(int[] columnOfSlot, int columnCount, Shared shared)
    {
        // The format's slots plus affected_share, team and title, which this shortcut does not read: a file with any of them goes through Sep.
        if (columnOfSlot.Length != SlotCount + 3) throw new ArgumentException("Not the incident format's slots.", nameof(columnOfSlot));
        _declines = columnOfSlot[SlotCount] >= 0 || columnOfSlot[SlotCount + 1] >= 0 || columnOfSlot[SlotCount + 2] >= 0;
        _slotOfColumn = new int[columnCount];
        Array.Fill(_slotOfColumn, -1);
        for (var slot = 0; slot < SlotCount; slot++)
            if (columnOfSlot[slot] >= 0) _slotOfColumn[columnOfSlot[slot]] = slot;
        if (!_declines && Array.IndexOf(_slotOfColumn, -1) >= 0) throw new ArgumentException("A column maps to no field.", nameof(columnOfSlot));
        _shared = shared;
    }

    /// <summary>Appends the records of the chunk's lines; false (records then partial) when any line is not the plain, valid case.</summary>
    public bool TryParse(ReadOnlySpan<byte> chunk, List<Incident> records) => TryParse(chunk, records, null);

    /// <summary>
    /// As <see cref="TryParse(ReadOnlySpan{byte}, List{Incident})"/>, into columns: no object per row (a row the columns
    /// cannot encode is appended whole, see <see cref="IncidentSegment"/>).
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> chunk, IncidentSegment.Builder columns) => TryParse(chunk, null, columns);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParse(ReadOnlySpan<byte> chunk, List<Incident>? records, IncidentSegment.Builder? columns)
    {
        if (_declines) return false;
        // One pass over the chunk instead of two a line: when every byte is printable ASCII but the quote, or '\n', no line needs its own check.
        var checkLines = chunk.IndexOfAnyExcept(PlainBytes) >= 0;
        Span<int> starts = stackalloc int[SlotCount];
        Span<int> lengths = stackalloc int[SlotCount];
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline < 0)
            {
                line = chunk;
                chunk = default;
            }
            else
            {
                line = chunk[..newline];
                chunk = chunk[(newline + 1)..];
            }
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (line.IsEmpty) continue; // a blank line: Sep skips it too
            // Printable ASCII only: no quote (may hide a comma or newline), no tab or other byte that trimming or decoding could change.
            if (checkLines && (line.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0 || line.Contains((byte)'"'))) return false;
            if (!Split(line, starts, lengths)) return false;
            if (!TryRow(line, starts, lengths, out var row)) return false;
            var id = line.Slice(starts[Id], lengths[Id]);
            if (columns is null) records!.Add(row.ToIncident(Encoding.ASCII.GetString(id)));
            else if (!columns.TryAdd(id, row)) columns.Add(row.ToIncident(Encoding.ASCII.GetString(id)));
        }
        return true;
    }

    /// <summary>Cuts the line at commas into exactly the header's columns; a field with a leading or trailing space is refused (Sep's path trims it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Split(ReadOnlySpan<byte> line, Span<int> starts, Span<int> lengths)
    {
        starts.Clear();
        lengths.Clear();
        var columns = _slotOfColumn;
        var column = 0;
        var start = 0;
        var i = 0;
        // Commas 16 bytes at a time, then the tail byte by byte.
        ref var first = ref MemoryMarshal.GetReference(line);
        var comma = Vector128.Create((byte)',');
        for (; i + 16 <= line.Length; i += 16)
        {
            var mask = Vector128.Equals(Vector128.LoadUnsafe(ref first, (nuint)i), comma).ExtractMostSignificantBits();
            while (mask != 0)
            {
                var at = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (column == columns.Length - 1 || !Field(line, start, at, columns[column], starts, lengths)) return false;
                column++;
                start = at + 1;
            }
        }
        for (; i < line.Length; i++)
        {
            if (line[i] != (byte)',') continue;
            if (column == columns.Length - 1 || !Field(line, start, i, columns[column], starts, lengths)) return false;
            column++;
            start = i + 1;
        }
        return column == columns.Length - 1 && Field(line, start, line.Length, columns[column], starts, lengths);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Field(ReadOnlySpan<byte> line, int start, int end, int slot, Span<int> starts, Span<int> lengths)
    {
        if (end > start && (line[start] == (byte)' ' || line[end - 1] == (byte)' ')) return false;
        starts[slot] = start;
        lengths[slot] = end - start;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryRow(ReadOnlySpan<byte> line, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, out IncidentFields row)
    {
        row = default;
        var id = line.Slice(starts[Id], lengths[Id]);
        var service = line.Slice(starts[Service], lengths[Service]);
        if (id.IsEmpty || service.IsEmpty) return false;
        // A field longer than the cap (in bytes, so at least as many as its characters): the ordered reader reports DATA022.
        if (id.Length > RowContext.MaxWordLength || service.Length > RowContext.MaxWordLength || lengths[Cause] > RowContext.MaxWordLength
            || lengths[Region] > RowContext.MaxWordLength || lengths[Tags] > RowContext.MaxWordLength) return false;
        if (!TrySeverity(line.Slice(starts[Severity], lengths[Severity]), out var severity)) return false;
        if (!TryImpact(line.Slice(starts[ImpactSlot], lengths[ImpactSlot]), out var impact)) return false;
        var causeText = line.Slice(starts[Cause], lengths[Cause]);
        if (!causeText.IsEmpty && !IsKebabWord(causeText)) return false;
        if (!TryInstantCached(line.Slice(starts[Started], lengths[Started]), out var started)) return false;
        if (!TryOptionalInstant(line.Slice(starts[Detected], lengths[Detected]), started, out var detected)
            || !TryOptionalInstant(line.Slice(starts[Acknowledged], lengths[Acknowledged]), started, out var acknowledged)
            || !TryOptionalInstant(line.Slice(starts[Responded], lengths[Responded]), started, out var responded)
            || !TryOptionalInstant(line.Slice(starts[Resolved], lengths[Resolved]), started, out var resolved))
            return false;
        if (!TryBoolean(line.Slice(starts[Postmortem], lengths[Postmortem]), out var postmortem)) return false;
        if (!TryTags(line.Slice(starts[Tags], lengths[Tags]), out var tags)) return false;
        var regionText = line.Slice(starts[Region], lengths[Region]);
        row = new IncidentFields(Word(service), severity, impact, started, resolved, causeText.IsEmpty ? null : Word(causeText),
            detected, acknowledged, responded, regionText.IsEmpty ? null : Word(regionText), tags, postmortem);
        return true;
    }

    /// <summary>One shared string per distinct word (service ids, causes, regions, tags), as <see cref="RowContext.Intern"/> does per file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Word(ReadOnlySpan<byte> ascii)
    {
        var slot = (int)((uint)(ascii.Length * 31 + ascii[0] * 7 + ascii[^1] + ascii[ascii.Length / 2] * 3) % CacheSize);
        if (_cachedBytes[slot] is { } cached && ascii.SequenceEqual(cached)) return _cachedWords[slot];
        var word = SharedWord(ascii);
        _cachedBytes[slot] = ascii.ToArray();
        _cachedWords[slot] = word;
        return word;
    }

    private string SharedWord(ReadOnlySpan<byte> ascii)
    {
        Span<char> chars = ascii.Length <= 256 ? stackalloc char[ascii.Length] : new char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++) chars[i] = (char)ascii[i];
        var lookup = _shared.Words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var word)) return word;
        var s = new string(chars);
        return _shared.Words.GetOrAdd(s, s);
    }

    /// <summary>Digits only (as <see cref="IncidentFormat.ParseSeverity"/> accepts them, without the 'sev' prefix), 0-99.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TrySeverity(ReadOnlySpan<byte> text, out int severity)
    {
        severity = 0;
        if (text.IsEmpty || text.Length > 9) return false;
        foreach (var b in text)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            severity = severity * 10 + (int)d;
        }
        return severity <= 99;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryImpact(ReadOnlySpan<byte> text, out Impact impact)
    {
        impact = Impact.None;
        if (text.SequenceEqual("outage"u8)) impact = Impact.Outage;
        else if (text.SequenceEqual("degraded"u8)) impact = Impact.Degraded;
        else if (text.SequenceEqual("partial"u8)) impact = Impact.Partial;
        else if (!text.SequenceEqual("none"u8)) return false; // other spellings (Outage, NONE): the Sep path
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryBoolean(ReadOnlySpan<byte> text, out bool? value)
    {
        value = null;
        if (text.IsEmpty) return true;
        if (text.SequenceEqual("true"u8) || text.SequenceEqual("yes"u8)) value = true;
        else if (text.SequenceEqual("false"u8) || text.SequenceEqual("no"u8)) value = false;
        else return false;
        return true;
    }

    /// <summary>Kebab words separated by single ';' (no spaces); shared like <see cref="RowContext.WordList"/> shares them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTags(ReadOnlySpan<byte> text, out ImmutableArray<string> tags)
    {
        tags = [];
        if (text.IsEmpty) return true;
        Span<char> chars = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        for (var i = 0; i < text.Length; i++) chars[i] = (char)text[i];
        var lookup = _shared.TagLists.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out tags)) return true;
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var range in text.Split((byte)';'))
        {
            var word = text[range];
            if (!IsKebabWord(word)) return false;
            builder.Add(Word(word));
        }
        tags = builder.DrainToImmutable();
        if (Volatile.Read(ref _shared.TagListCount) < MaxSharedTagLists)
        {
            var key = new string(chars);
            if (_shared.TagLists.TryAdd(key, tags)) Interlocked.Increment(ref _shared.TagListCount);
            else tags = _shared.TagLists[key];
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsKebabWord(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value[0] == (byte)'-' || value[^1] == (byte)'-') return false;
        foreach (var c in value)
            if (!(c is >= (byte)'a' and <= (byte)'z' || c is >= (byte)'0' and <= (byte)'9' || c == (byte)'-')) return false;
        return true;
    }

    /// <summary>Empty is absent; otherwise a timestamp not before <paramref name="started"/> (an earlier one is an error for the Sep path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryOptionalInstant(ReadOnlySpan<byte> text, Instant started, out Instant? instant)
    {
        instant = null;
        if (text.IsEmpty) return true;
        if (!TryInstantCached(text, out var at) || at < started) return false;
        instant = at;
        return true;
    }

    /// <summary>A timestamp with an offset (<see cref="Utf8InstantReader"/>), reusing the day number of the previous one when the date is the same.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryInstantCached(ReadOnlySpan<byte> text, out Instant instant)
    {
        var ok = _instants.TryUnixTicks(text, out var ticks);
        instant = Instant.FromUnixTimeTicks(ticks);
        return ok;
    }

    /// <summary>
    /// <see cref="InstantText.TryParse"/> on bytes, for texts with an offset only (without one the zone decides: the Sep
    /// path). Years 2-9998 only, so no offset can carry an instant past NodaTime's range.
    /// </summary>
    internal static bool TryInstant(ReadOnlySpan<byte> text, out Instant instant)
    {
        var reader = new Utf8InstantReader();
        var ok = reader.TryUnixTicks(text, out var ticks);
        instant = ok ? Instant.FromUnixTimeTicks(ticks) : default;
        return ok;
    }
}
