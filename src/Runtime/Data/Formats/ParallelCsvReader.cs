using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Microsoft.Win32.SafeHandles;
using nietras.SeparatedValues;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Loads a large, clean CSV file on every core: the file is cut into chunks at line boundaries, each chunk is parsed
/// by its own Sep reader and <see cref="RowContext"/>, and the chunks' records are joined in file order, then passed
/// through one <see cref="RecordFilter{T}"/> (duplicates, range) in that order. Invariant: the result is exactly what
/// <see cref="CsvRecordReader"/> yields for the file. It holds because this reader only answers for files the
/// sequential reader would load without a single error or comment line and without any quote character (a quoted
/// field may hold a newline, so a chunk boundary could fall inside it): on any of those it returns null, and the
/// caller reads the file sequentially, which also reports every error with its file, line and field.
/// </summary>
internal static class ParallelCsvReader
{
    /// <summary>Below this size the sequential reader is as fast (chunking and joining cost more than they save).</summary>
    public const long MinimumFileBytes = 4L << 20;

    private const int ChunkBytes = 4 << 20;

    public static ImmutableArray<T>? TryRead<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions options, int chunkBytes = ChunkBytes)
        where T : class
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var length = RandomAccess.GetLength(handle);
        if (ReadHeader(format, handle, length, path, options) is not ({ } slots, var columnCount, var dataStart)) return null;
        var chunks = Chunks(handle, dataStart, length, chunkBytes);
        var parts = new List<T>?[chunks.Count];
        var clean = 1;
        Parallel.For(0, chunks.Count, i =>
        {
            if (Volatile.Read(ref clean) == 0) return;
            parts[i] = ReadChunk(format, handle, chunks[i], slots, columnCount, path, options);
            if (parts[i] is null) Volatile.Write(ref clean, 0);
        });
        if (clean == 0) return null;

        // Duplicates and the range, in file order, exactly as the sequential reader applies them.
        var total = 0;
        foreach (var part in parts) total += part!.Count;
        var scratch = new DataErrorLog(0);
        var filter = new RecordFilter<T>(format, new RowContext(path, scratch, options.Zone), options.Range, total);
        var kept = ImmutableArray.CreateBuilder<T>(total);
        foreach (var part in parts)
            foreach (var record in part!)
            {
                if (filter.Accept(record) is { } accepted) kept.Add(accepted);
                else if (scratch.HasErrors) return null;
            }
        log.AddRowsOutsideRange(scratch.RowsOutsideRange);
        return kept.Count == kept.Capacity ? kept.MoveToImmutable() : kept.ToImmutable();
    }

    /// <summary>The header row's column slots and where the data starts; null when the sequential reader must handle the file.</summary>
    private static (int[]? Slots, int ColumnCount, long DataStart) ReadHeader<T>(RecordFormat<T> format, SafeFileHandle handle, long length, string path, DataLoadOptions options)
        where T : class
    {
        var buffer = new byte[(int)Math.Min(length, 64 * 1024)];
        var n = RandomAccess.Read(handle, buffer, 0);
        var head = buffer.AsSpan(0, n);
        var bom = head.StartsWith("\uFEFF"u8) ? 3 : 0;
        var newline = head.IndexOf((byte)'\n');
        // A comment line (a zone directive) or a quoted header: leave it to the sequential reader.
        if (newline < 0 || head[bom..].StartsWith("#"u8) || head[..newline].Contains((byte)'"')) return (null, 0, 0);
        var scratch = new DataErrorLog(0);
        var context = new RowContext(path, scratch, options.Zone);
        var headerLine = Encoding.UTF8.GetString(head[bom..(newline + 1)]);
        using var reader = CsvRecordReader.Open(new StringReader(headerLine), 1, context);
        if (reader is null) return (null, 0, 0);
        var slots = CsvRecordReader.MapHeader(format, reader.Header, 1, context);
        return slots is null || scratch.ErrorCount > 0 ? (null, 0, 0) : (slots, reader.Header.ColNames.Count, newline + 1);
    }

    /// <summary>Cuts [start, length) into pieces of about <paramref name="chunkBytes"/>, each ending just after a '\n' (or at the end).</summary>
    private static List<(long Start, long End)> Chunks(SafeFileHandle handle, long start, long length, int chunkBytes)
    {
        var chunks = new List<(long, long)>();
        var probe = new byte[4096];
        while (start < length)
        {
            var end = Math.Min(start + chunkBytes, length);
            while (end < length)
            {
                var n = RandomAccess.Read(handle, probe, end);
                var newline = probe.AsSpan(0, n).IndexOf((byte)'\n');
                if (newline >= 0) { end += newline + 1; break; }
                end += n;
            }
            chunks.Add((start, end));
            start = end;
        }
        return chunks;
    }

    /// <summary>The chunk's records in order; null when the chunk holds a quote or any row has an error.</summary>
    private static List<T>? ReadChunk<T>(RecordFormat<T> format, SafeFileHandle handle, (long Start, long End) chunk, int[] slots, int columnCount,
        string path, DataLoadOptions options) where T : class
    {
        var length = (int)(chunk.End - chunk.Start);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read, length - read), chunk.Start + read);
                if (n == 0) throw new IOException($"{path} became shorter while it was read.");
                read += n;
            }
            if (bytes.AsSpan(0, length).Contains((byte)'"')) return null;
            var log = new DataErrorLog(0);
            var context = new RowContext(path, log, options.Zone);
            var records = new List<T>(length / 100);
            using var text = new StreamReader(new MemoryStream(bytes, 0, length, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
            while (reader.MoveNext())
            {
                var record = CsvRecordReader.BuildCurrent(format, reader.Current, slots, columnCount, 0, context, out var blank);
                if (blank) continue;
                if (record is null || log.ErrorCount > 0) return null;
                records.Add(record);
            }
            return records;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
