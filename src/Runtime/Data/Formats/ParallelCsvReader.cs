using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using nietras.SeparatedValues;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Loads a large, clean CSV file on every core: the file is cut into chunks at line boundaries, each chunk is parsed
/// on its own (incidents in the plain case by <see cref="IncidentChunkParser"/> straight from the bytes, anything else
/// by a Sep reader and <see cref="RowContext"/>), the chunks' records are joined in file order, checked for duplicate
/// keys in parallel (<see cref="HasDuplicateKey{T}"/>) and filtered by the range, as <see cref="RecordFilter{T}"/> does.
/// Invariant: the result is exactly what <see cref="CsvRecordReader"/> yields for the file. It holds because this
/// reader only answers for files the sequential reader would load without a single error (a duplicate key included)
/// or comment line and without any quote character (a quoted field may hold a newline, so a chunk boundary could fall
/// inside it): on any of those it returns null, and the caller reads the file sequentially, which also reports every
/// error with its file, line and field.
/// </summary>
internal static class ParallelCsvReader
{
    /// <summary>Below this size the sequential reader is as fast (chunking and joining cost more than they save).</summary>
    public const long MinimumFileBytes = 4L << 20;

    private const int ChunkBytes = 4 << 20;

    /// <param name="digest">When given: the file's name, length and bytes are appended as the chunks are read, in file order (see <see cref="DataDigest"/>).</param>
    public static ImmutableArray<T>? TryRead<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions options, int chunkBytes = ChunkBytes,
        DataDigest? digest = null)
        where T : class
    {
        if (ParseChunks(format, path, options, chunkBytes, digest,
                (bytes, count, slots, columnCount, incidents) => ParseChunk(format, bytes, count, slots, columnCount, path, options, incidents)) is not { } parts)
            return null;

        var total = 0;
        var offsets = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            offsets[i] = total;
            total += parts[i]!.Count;
        }
        var records = new T[total];
        Parallel.For(0, parts.Length, i =>
        {
            parts[i]!.CopyTo(records, offsets[i]);
            parts[i] = null;
        });

        // A duplicate key is an error: the sequential reader reports it (its file, line and field, at the second occurrence).
        if (HasDuplicateKey(format, records)) return null;
        // So is an overlap or a histogram with other bounds (RequestSliceChecks): reported the same way.
        if (records is RequestSlice[] slices && RequestSliceChecks.AnyProblem(slices)) return null;
        if (options.Range is not { } range) return ImmutableCollectionsMarshal.AsImmutableArray(records);
        var kept = ImmutableArray.CreateBuilder<T>(total);
        foreach (var record in records)
            if (format.Overlaps(record, range)) kept.Add(record);
        log.AddRowsOutsideRange(total - kept.Count);
        return kept.Count == kept.Capacity ? kept.MoveToImmutable() : kept.ToImmutable();
    }

    /// <summary>
    /// The file's chunks parsed on every core, each chunk's records handed to <paramref name="convert"/> on the thread
    /// that parsed them (so a chunk's records can be turned into columns and dropped there); null when the sequential
    /// reader must read the file (a quote, a comment line, any row with an error).
    /// </summary>
    private static TPart?[]? ParseChunks<T, TPart>(RecordFormat<T> format, string path, DataLoadOptions options, int chunkBytes, DataDigest? digest,
        Func<byte[], int, int[], int, IncidentChunkParser.Shared?, TPart?> parse)
        where T : class
        where TPart : class
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var length = RandomAccess.GetLength(handle);
        digest?.BeginFile(path, length);
        if (ReadHeader(format, handle, length, path, options, digest) is not ({ } slots, var columnCount, var dataStart)) return null;
        var chunks = Chunks(handle, dataStart, length, chunkBytes);
        var incidents = typeof(T) == typeof(Incident) ? new IncidentChunkParser.Shared() : null;
        var parts = new TPart?[chunks.Count];
        var clean = 1;
        // Chunks are read in file order on this thread (so the digest sees the bytes in order) and parsed on every core;
        // at most a few chunks are held at once.
        using (var inFlight = new SemaphoreSlim(Environment.ProcessorCount + 1))
        {
            var parsing = new List<Task>(chunks.Count);
            try
            {
                for (var i = 0; i < chunks.Count && Volatile.Read(ref clean) != 0; i++)
                {
                    inFlight.Wait();
                    var (bytes, count) = ReadChunkBytes(handle, chunks[i], path, inFlight);
                    digest?.Append(bytes.AsSpan(0, count));
                    var index = i;
                    parsing.Add(Task.Run(() =>
                    {
                        try
                        {
                            parts[index] = parse(bytes, count, slots, columnCount, incidents);
                            if (parts[index] is null) Volatile.Write(ref clean, 0);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(bytes);
                            inFlight.Release();
                        }
                    }));
                }
            }
            finally
            {
                Task.WaitAll(parsing);
            }
        }
        return clean == 0 ? null : parts;
    }

    /// <summary>
    /// Incidents into columns (<see cref="IncidentTable"/>), each chunk's records turned into a segment as soon as they
    /// are parsed, so no more than a few chunks' objects are alive at once. The same answer as <see cref="TryRead{T}"/>:
    /// null whenever it would be null (a duplicate id included), the same rows in the same order otherwise. Without a
    /// range only: with one, the caller loads objects and builds the table from them.
    /// </summary>
    public static IncidentTable? TryReadIncidentTable(string path, DataLoadOptions options, int chunkBytes = ChunkBytes, DataDigest? digest = null,
        IncidentColumns columns = IncidentColumns.All)
    {
        if (options.Range is not null) throw new ArgumentException("A range is applied by the object loader.", nameof(options));
        if (ParseChunks(IncidentFormat.Instance, path, options, chunkBytes, digest, (bytes, count, slots, columnCount, shared) =>
            {
                // The plain case straight from the bytes into columns; anything else through Sep as objects, then into columns.
                // Sized by the chunk's line count: the columns are then exactly the rows (no trimmed copies) unless there are blank lines.
                var lines = bytes.AsSpan(0, count).Count((byte)'\n') + (count > 0 && bytes[count - 1] != (byte)'\n' ? 1 : 0);
                var builder = new IncidentSegment.Builder(capacity: lines, idBytes: count / 8, columns: columns);
                // (The parser refuses a quote itself, line by line; Sep's path below refuses the chunk.)
                if (new IncidentChunkParser(slots, columnCount, shared!).TryParse(bytes.AsSpan(0, count), builder))
                    return builder.Build();
                if (ParseChunk(IncidentFormat.Instance, bytes, count, slots, columnCount, path, options, incidents: null) is not { } records) return null;
                builder = new IncidentSegment.Builder(records.Count, columns: columns);
                foreach (var incident in records) builder.Add(incident);
                return builder.Build();
            }) is not { } segments) return null;
        var table = new IncidentTable(segments!);
        return table.HasDuplicateId() ? null : table;
    }

    /// <summary>
    /// Request slices into columns (<see cref="RequestSliceTable"/>), each chunk straight from its bytes
    /// (<see cref="RequestChunkParser"/>) or, when it is not the plain case, through Sep as objects and then into columns,
    /// so no more than a few chunks' objects are alive at once. The same answer as <see cref="TryRead{T}"/>: null whenever
    /// it would be null (a row with an error, a duplicate key, an overlap, histograms of one service with other bounds),
    /// the same rows in the same order otherwise, the range applied to the columns.
    /// </summary>
    public static RequestSliceTable? TryReadRequestTable(string path, DataErrorLog log, DataLoadOptions options, int chunkBytes = ChunkBytes, DataDigest? digest = null)
    {
        var words = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        if (ParseChunks(RequestSliceFormat.Instance, path, options, chunkBytes, digest, (bytes, count, slots, columnCount, _) =>
            {
                var lines = bytes.AsSpan(0, count).Count((byte)'\n') + (count > 0 && bytes[count - 1] != (byte)'\n' ? 1 : 0);
                var builder = new RequestSliceSegment.Builder(capacity: lines);
                if (new RequestChunkParser(slots, columnCount, words).TryParse(bytes.AsSpan(0, count), builder))
                    return builder.Build();
                if (ParseChunk(RequestSliceFormat.Instance, bytes, count, slots, columnCount, path, options, incidents: null) is not { } records) return null;
                builder = new RequestSliceSegment.Builder(records.Count);
                foreach (var slice in records) builder.Add(slice);
                return builder.Build();
            }) is not { } segments) return null;
        var table = new RequestSliceTable(segments!);
        if (table.HasCrossRowProblem()) return null;
        if (options.Range is not { } range) return table;
        var (kept, outside) = table.Within(range);
        log.AddRowsOutsideRange(outside);
        return kept;
    }

    /// <summary>
    /// Whether two records share a key (<see cref="RecordFormat{T}.Key"/>: id, or id and instant), as
    /// <see cref="RecordFilter{T}"/> would find one, checked on every core: keys are hashed in parallel, then each
    /// partition of the hash space is checked by its own task in an open-addressing table of (hash, index).
    /// </summary>
    internal static bool HasDuplicateKey<T>(RecordFormat<T> format, T[] records) where T : class
    {
        var hashes = new int[records.Length];
        var blocks = (records.Length + HashBlock - 1) / HashBlock;
        var counts = new int[blocks * Partitions];
        Parallel.For(0, blocks, b => HashBlockOf(format, records, hashes, counts, b));
        var duplicate = 0;
        Parallel.For(0, Partitions, p =>
        {
            if (PartitionHasDuplicate(format, records, hashes, counts, p)) Volatile.Write(ref duplicate, 1);
        });
        return duplicate != 0;
    }

    private const int PartitionBits = 3, Partitions = 1 << PartitionBits, HashBlock = 1 << 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashBlockOf<T>(RecordFormat<T> format, T[] records, int[] hashes, int[] counts, int block) where T : class
    {
        var end = Math.Min(records.Length, (block + 1) * HashBlock);
        for (var i = block * HashBlock; i < end; i++)
        {
            var (_, id, at) = format.Key(records[i]);
            var hash = HashCode.Combine(id, at);
            hashes[i] = hash;
            counts[block * Partitions + (int)((uint)hash >> (32 - PartitionBits))]++;
        }
    }

    /// <summary>Inserts the partition's keys, in file order, into an open-addressing table of (hash, index + 1); true at the first repeat.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool PartitionHasDuplicate<T>(RecordFormat<T> format, T[] records, int[] hashes, int[] counts, int partition) where T : class
    {
        var count = 0;
        for (var b = partition; b < counts.Length; b += Partitions) count += counts[b];
        if (count == 0) return false;
        // Entries: the hash in the high half, index + 1 in the low half (0 = empty); load factor at most 1/2.
        var table = new long[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)count * 2))];
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
                if ((int)(entry >> 32) == hash && SameKey(format, records[(int)(uint)entry - 1], records[i])) return true;
                slot = (slot + 1) & mask;
            }
        }
        return false;
    }

    private static bool SameKey<T>(RecordFormat<T> format, T a, T b) where T : class
    {
        var (_, idA, atA) = format.Key(a);
        var (_, idB, atB) = format.Key(b);
        return atA == atB && string.Equals(idA, idB, StringComparison.Ordinal);
    }

    /// <summary>The header row's column slots and where the data starts; null when the sequential reader must handle the file.</summary>
    private static (int[]? Slots, int ColumnCount, long DataStart) ReadHeader<T>(RecordFormat<T> format, SafeFileHandle handle, long length, string path, DataLoadOptions options,
        DataDigest? digest)
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
        if (slots is null || scratch.ErrorCount > 0) return (null, 0, 0);
        digest?.Append(head[..(newline + 1)]);
        return (slots, reader.Header.ColNames.Count, newline + 1);
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

    /// <summary>The chunk's bytes, in a rented buffer (the caller returns it); on failure the buffer is returned and <paramref name="inFlight"/> released.</summary>
    private static (byte[] Bytes, int Count) ReadChunkBytes(SafeFileHandle handle, (long Start, long End) chunk, string path, SemaphoreSlim inFlight)
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
            return (bytes, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            inFlight.Release();
            throw;
        }
    }

    /// <summary>The chunk's records in order; null when the chunk holds a quote or any row has an error.</summary>
    private static List<T>? ParseChunk<T>(RecordFormat<T> format, byte[] bytes, int length, int[] slots, int columnCount,
        string path, DataLoadOptions options, IncidentChunkParser.Shared? incidents) where T : class
    {
        if (bytes.AsSpan(0, length).Contains((byte)'"')) return null;
        if (incidents is not null)
        {
            // The plain case straight from the bytes; anything else (or any error) goes through Sep below.
            var fast = new List<Incident>(length / 100);
            if (new IncidentChunkParser(slots, columnCount, incidents).TryParse(bytes.AsSpan(0, length), fast)) return (List<T>)(object)fast;
        }
        var log = new DataErrorLog(0);
        var context = new RowContext(path, log, options.Zone);
        var records = new List<T>(length / 100);
        using var text = new StreamReader(new MemoryStream(bytes, 0, length, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        // A row Sep will not hold (it may read the first on opening): the file is read again in order, which names the line.
        SepReader opened;
        try
        {
            opened = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        using var reader = opened;
        while (CsvRecordReader.TryMoveNext(reader, out var tooLong) || tooLong)
        {
            if (tooLong) return null;
            var record = CsvRecordReader.BuildCurrent(format, reader.Current, slots, columnCount, 0, context, out var blank);
            if (blank) continue;
            if (record is null || log.ErrorCount > 0) return null;
            records.Add(record);
        }
        return records;
    }
}
