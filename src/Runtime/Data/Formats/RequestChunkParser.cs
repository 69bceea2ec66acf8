using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// A shortcut for the plain case of requests.csv: parses a chunk of whole lines straight from UTF-8 bytes into
/// <see cref="RequestSliceSegment"/> columns, without Sep, a char decoder or an object per row. It answers only when it
/// is sure: every line printable ASCII (no quote; <c>\n</c> or <c>\r\n</c> ends), the header's column count, no field
/// with surrounding spaces, start <c>yyyy-MM-ddTHH:mm[:ss[.f..f]]</c> with <c>Z</c> or <c>±hh:mm</c>, length digits and
/// one of s, m, h (as <see cref="RequestSliceFormat.TryParseLength"/>), total and good plain digits with
/// 0 &lt;= good &lt;= total &lt;= 2^31 - 1, and the optional columns (histogram, percentiles) empty. On anything else
/// <see cref="TryParse"/> returns false and the caller parses the chunk with Sep and <see cref="RequestSliceFormat"/>,
/// which reports errors. Invariant: when it returns true, the rows appended equal (field by field) what
/// <see cref="RequestSliceFormat.Build"/> makes of the same lines.
/// </summary>
internal sealed class RequestChunkParser
{
    private const int Service = 0, Start = 1, Length = 2, Total = 3, Good = 4, SlotCount = 10;

    static RequestChunkParser()
    {
        string[] names = ["service", "start", "length", "total", "good", "histogram", "p50_ms", "p90_ms", "p95_ms", "p99_ms"];
        if (!RequestSliceFormat.Instance.Fields.Select(f => f.Name).SequenceEqual(names))
            throw new InvalidOperationException("RequestChunkParser's slots no longer match RequestSliceFormat's fields.");
    }

    /// <summary>Per column of the file, the format slot it holds.</summary>
    private readonly int[] _slotOfColumn;
    private readonly ConcurrentDictionary<string, string> _words;

    // The last service text and its word index in the current builder; the last date and its day number.
    private byte[] _lastService = [];
    private int _lastWord = -1;
    private ulong _lastDateHead;
    private ushort _lastDateTail;
    private long _lastDays = long.MinValue;

    /// <param name="columnOfSlot">The header mapping of <see cref="CsvRecordReader.MapHeader"/>.</param>
    /// <param name="words">One string per distinct service across the file's chunks.</param>
    public RequestChunkParser(int[] columnOfSlot, int columnCount, ConcurrentDictionary<string, string> words)
    {
        if (columnOfSlot.Length != SlotCount) throw new ArgumentException("Not the request-slice format's slots.", nameof(columnOfSlot));
        _slotOfColumn = new int[columnCount];
        Array.Fill(_slotOfColumn, -1);
        for (var slot = 0; slot < SlotCount; slot++)
            if (columnOfSlot[slot] >= 0) _slotOfColumn[columnOfSlot[slot]] = slot;
        _words = words;
    }

    /// <summary>Appends the chunk's rows; false (the builder then partial: discard it) when any line is not the plain, valid case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<byte> chunk, RequestSliceSegment.Builder columns)
    {
        Span<int> starts = stackalloc int[SlotCount];
        Span<int> lengths = stackalloc int[SlotCount];
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline < 0) { line = chunk; chunk = default; }
            else { line = chunk[..newline]; chunk = chunk[(newline + 1)..]; }
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (line.IsEmpty) continue; // a blank line: Sep skips it too
            if (line.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0 || line.Contains((byte)'"')) return false;
            if (!Split(line, starts, lengths)) return false;
            var service = line.Slice(starts[Service], lengths[Service]);
            if (service.IsEmpty) return false;
            if (!TryInstantTicks(line.Slice(starts[Start], lengths[Start]), out var startTicks)) return false;
            if (!TryLengthSeconds(line.Slice(starts[Length], lengths[Length]), out var lengthSeconds)) return false;
            if (!TryCount(line.Slice(starts[Total], lengths[Total]), out var total) || !TryCount(line.Slice(starts[Good], lengths[Good]), out var good) || good > total)
                return false;
            for (var slot = Good + 1; slot < SlotCount; slot++)
                if (lengths[slot] != 0) return false; // a histogram or a percentile: the Sep path keeps the row whole
            columns.AddColumns(Word(service, columns), startTicks, lengthSeconds, total, good);
        }
        return true;
    }

    /// <summary>Cuts the line at commas into exactly the header's columns; a field with a leading or trailing space is refused (Sep's path trims it).</summary>
    private bool Split(ReadOnlySpan<byte> line, Span<int> starts, Span<int> lengths)
    {
        lengths.Clear();
        var column = 0;
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != (byte)',') continue;
            if (column == _slotOfColumn.Length) return false;
            if (i > start && (line[start] == (byte)' ' || line[i - 1] == (byte)' ')) return false;
            var slot = _slotOfColumn[column];
            if (slot < 0) return false;
            starts[slot] = start;
            lengths[slot] = i - start;
            column++;
            start = i + 1;
        }
        return column == _slotOfColumn.Length;
    }

    private int Word(ReadOnlySpan<byte> ascii, RequestSliceSegment.Builder columns)
    {
        if (_lastWord >= 0 && ascii.SequenceEqual(_lastService)) return _lastWord;
        Span<char> chars = ascii.Length <= 256 ? stackalloc char[ascii.Length] : new char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++) chars[i] = (char)ascii[i];
        var lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(chars, out var word))
        {
            var s = new string(chars);
            word = _words.GetOrAdd(s, s);
        }
        _lastService = ascii.ToArray();
        _lastWord = columns.WordOf(word);
        return _lastWord;
    }

    /// <summary>Digits only, at most 2^31 - 1 (RowContext accepts a sign too: such a row goes through Sep).</summary>
    private static bool TryCount(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 10) return false;
        long n = 0;
        foreach (var b in text)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            n = n * 10 + d;
        }
        if (n > int.MaxValue) return false;
        value = (int)n;
        return true;
    }

    /// <summary>As <see cref="RequestSliceFormat.TryParseLength"/>: 1 to 1,000,000 of s, m or h.</summary>
    private static bool TryLengthSeconds(ReadOnlySpan<byte> text, out int seconds)
    {
        seconds = 0;
        if (text.Length < 2 || text.Length > 8) return false;
        var unit = text[^1] switch { (byte)'s' => 1L, (byte)'m' => 60L, (byte)'h' => 3600L, _ => 0L };
        if (unit == 0) return false;
        long n = 0;
        foreach (var b in text[..^1])
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            n = n * 10 + d;
        }
        if (n <= 0 || n > 1_000_000 || n * unit > int.MaxValue) return false;
        seconds = (int)(n * unit);
        return true;
    }

    /// <summary><see cref="IncidentChunkParser.TryInstant"/>, reusing the day number of the previous start when the date is the same.</summary>
    private bool TryInstantTicks(ReadOnlySpan<byte> text, out long ticks)
    {
        ticks = 0;
        if (text.Length < 17) return false;
        var head = BinaryPrimitives.ReadUInt64LittleEndian(text);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(text[8..]);
        NodaTime.Instant instant;
        if (head == _lastDateHead && tail == _lastDateTail && _lastDays != long.MinValue)
        {
            if (!IncidentChunkParser.TryTimeOfDay(text, _lastDays, out instant)) return false;
        }
        else
        {
            if (!IncidentChunkParser.TryInstant(text, out instant, out var days)) return false;
            (_lastDateHead, _lastDateTail, _lastDays) = (head, tail, days);
        }
        ticks = instant.ToUnixTimeTicks();
        return true;
    }
}
