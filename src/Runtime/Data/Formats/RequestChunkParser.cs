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

    /// <summary>
    /// When the file's first five columns are service, start, length, total, good in this order (as every writer we know
    /// puts them), the number of columns after them (the optional ones, which must be empty); otherwise -1.
    /// </summary>
    private readonly int _orderedExtra = -1;

    // The last service text and its word index in the current builder; timestamps with the last date's day number.
    private byte[] _lastService = [];
    private int _lastWord = -1;
    private Utf8InstantReader _instants;

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
        if (columnCount >= 5 && Array.IndexOf(_slotOfColumn, -1) < 0 && columnOfSlot[Service] == 0 && columnOfSlot[Start] == 1 && columnOfSlot[Length] == 2 && columnOfSlot[Total] == 3 && columnOfSlot[Good] == 4)
            _orderedExtra = columnCount - 5;
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
            if (_orderedExtra >= 0)
            {
                if (!TryOrderedLine(line, columns)) return false;
                continue;
            }
            if (line.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0 || line.Contains((byte)'"')) return false;
            if (!Split(line, starts, lengths)) return false;
            var service = line.Slice(starts[Service], lengths[Service]);
            if (service.IsEmpty || service.Length > RowContext.MaxWordLength) return false; // too long: the ordered reader's DATA022
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

    /// <summary>
    /// One line of the usual column order read field after field, every byte checked by the field that holds it: the
    /// same rows, and the same refusals, as the printable-ASCII check, <see cref="Split"/> and the field parsers of the
    /// general order (a service is printable ASCII without a quote or a comma and without a leading or trailing space;
    /// the other fields admit only their digits, units, signs and separators; the optional columns must be empty).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryOrderedLine(ReadOnlySpan<byte> line, RequestSliceSegment.Builder columns)
    {
        int word;
        int comma;
        // Rows come in runs of one service: the last service and its comma, compared without a search.
        var last = _lastService.Length;
        if (_lastWord >= 0 && line.Length > last && line[last] == (byte)',' && line[..last].SequenceEqual(_lastService))
        {
            comma = last;
            word = _lastWord;
        }
        else
        {
            comma = line.IndexOf((byte)',');
            if (comma <= 0 || comma > RowContext.MaxWordLength) return false;
            var service = line[..comma];
            if (service.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0 || service.Contains((byte)'"') || service[0] == (byte)' ' || service[^1] == (byte)' ')
                return false;
            word = Word(service, columns);
        }
        var rest = line[(comma + 1)..];
        // The start: the fixed-width UTC form has its comma at 20; anything else up to the next comma.
        comma = rest.Length > 20 && rest[20] == (byte)',' ? 20 : rest.IndexOf((byte)',');
        if (comma < 0 || !_instants.TryUnixTicks(rest[..comma], out var startTicks)) return false;
        rest = rest[(comma + 1)..];
        comma = FirstComma(rest);
        if (comma < 0 || !TryLengthSeconds(rest[..comma], out var lengthSeconds)) return false;
        rest = rest[(comma + 1)..];
        comma = FirstComma(rest);
        if (comma < 0 || !TryCount(rest[..comma], out var total)) return false;
        rest = rest[(comma + 1)..];
        // Good runs to the end, or to the empty optional columns: exactly their commas, nothing else.
        var end = rest.Length - _orderedExtra;
        if (end < 0 || !TryCount(rest[..end], out var good) || good > total) return false;
        if (_orderedExtra > 0 && rest[end..].IndexOfAnyExcept((byte)',') >= 0) return false;
        columns.AddColumns(word, startTicks, lengthSeconds, total, good);
        return true;
    }

    /// <summary>The index of the first comma, or -1: a plain loop, as the fields it ends are a few bytes long (a vectorized search costs more to set up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstComma(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
            if (text[i] == (byte)',') return i;
        return -1;
    }

    /// <summary>Cuts the line at commas into exactly the header's columns; a field with a leading or trailing space is refused (Sep's path trims it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>A timestamp with an offset (<see cref="Utf8InstantReader"/>), reusing the day number of the previous start when the date is the same.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryInstantTicks(ReadOnlySpan<byte> text, out long ticks) => _instants.TryUnixTicks(text, out ticks);
}
