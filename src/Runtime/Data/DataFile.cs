using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>The two file formats of our own data: CSV with a header row, and JSON Lines.</summary>
public enum DataFileFormat
{
    Csv,
    JsonLines,
}

/// <summary>
/// Reads and writes one data file of one record kind. Reading streams: records are built row by row as the caller
/// enumerates, so memory grows with what the caller keeps (plus one key per row for duplicate detection), not with the
/// file. Bad rows never throw: their errors go to the <see cref="DataErrorLog"/> and the row is not yielded.
/// I/O failures (missing file, unreadable stream) do throw.
/// </summary>
public static class DataFile
{
    /// <summary>The format a path's extension names: .csv, or .jsonl / .ndjson; null otherwise.</summary>
    public static DataFileFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => DataFileFormat.Csv,
        ".jsonl" or ".ndjson" => DataFileFormat.JsonLines,
        _ => null,
    };

    /// <summary>Streams the records of a file; the file is opened on the first <c>MoveNext</c> and closed at the end.</summary>
    public static IEnumerable<T> Read<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions? options = null) where T : class
    {
        var fileFormat = FormatOf(path) ?? throw new ArgumentException($"{path}: the extension must be .csv, .jsonl or .ndjson.", nameof(path));
        return fileFormat == DataFileFormat.Csv ? ReadCsvFile(format, path, log, options ?? DataLoadOptions.Default)
            : ReadJsonLinesFile(format, path, log, options ?? DataLoadOptions.Default);
    }

    /// <summary>
    /// Loads every record of a file at once. A large CSV file without errors, comment lines or quotes is parsed on every
    /// core in chunks (<see cref="ParallelCsvReader"/>); any other file, and any file with an error, is read by the
    /// streaming reader, so the records, the errors and their locations are exactly those of <see cref="Read{T}"/>.
    /// </summary>
    public static ImmutableArray<T> Load<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions? options = null) where T : class
        => Load(format, path, log, options ?? DataLoadOptions.Default, digest: null);

    /// <summary>
    /// <see cref="Load{T}(RecordFormat{T}, string, DataErrorLog, DataLoadOptions?)"/>, appending the bytes parsed to
    /// <paramref name="digest"/> as they are read (of the parallel attempt only when it answered; else of the streaming read).
    /// </summary>
    internal static ImmutableArray<T> Load<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions options, DataDigest? digest) where T : class
    {
        if (FormatOf(path) == DataFileFormat.Csv && Environment.ProcessorCount > 1 && LengthOf(path) >= ParallelCsvReader.MinimumFileBytes)
        {
            using var attempt = digest?.Fork();
            // Request slices through the column reader (a byte-level parser, no Sep row per slice), then as objects.
            if (format is RequestSliceFormat && ParallelCsvReader.TryReadRequestTable(path, log, options, digest: attempt) is { } table)
            {
                if (attempt is not null) digest!.Adopt(attempt);
                return (ImmutableArray<T>)(object)table.ToImmutableArray();
            }
            if (format is not RequestSliceFormat && ParallelCsvReader.TryRead(format, path, log, options, digest: attempt) is { } records)
            {
                if (attempt is not null) digest!.Adopt(attempt);
                return records;
            }
        }
        var fileFormat = FormatOf(path) ?? throw new ArgumentException($"{path}: the extension must be .csv, .jsonl or .ndjson.", nameof(path));
        return fileFormat == DataFileFormat.Csv ? [.. ReadCsvFile(format, path, log, options, digest)] : [.. ReadJsonLinesFile(format, path, log, options, digest)];
    }

    /// <summary>
    /// The incidents of a file into columns (<see cref="IncidentTable"/>): a large clean CSV file on every core, each
    /// chunk's rows turned into columns as soon as they are parsed; any other file (or any file with an error) streams
    /// through the sequential reader, row by row into the columns, so the rows, the errors and their locations are those
    /// of <see cref="Read{T}"/>, and <see cref="IncidentTable.Get"/> equals what <see cref="Load{T}(RecordFormat{T}, string, DataErrorLog, DataLoadOptions?)"/> returns.
    /// With a range the rows are loaded as objects and then stored in columns (the range filter and duplicate check are the object loader's).
    /// <paramref name="columns"/>: which fields the table keeps (<see cref="IncidentColumns"/>); every field is validated either way.
    /// </summary>
    public static IncidentTable LoadIncidentTable(string path, DataErrorLog log, DataLoadOptions? options = null, IncidentColumns columns = IncidentColumns.All)
        => LoadIncidentTable(path, log, options ?? DataLoadOptions.Default, columns, digest: null);

    /// <summary>
    /// <see cref="LoadIncidentTable(string, DataErrorLog, DataLoadOptions?, IncidentColumns)"/>, appending the bytes parsed to
    /// <paramref name="digest"/> as they are read (of the parallel attempt only when it answered; else of the streaming read), as
    /// <see cref="Load{T}(RecordFormat{T}, string, DataErrorLog, DataLoadOptions, DataDigest?)"/> does.
    /// </summary>
    internal static IncidentTable LoadIncidentTable(string path, DataErrorLog log, DataLoadOptions options, IncidentColumns columns, DataDigest? digest)
    {
        if (options.Range is not null) return IncidentTable.Of(Load(IncidentFormat.Instance, path, log, options, digest), columns);
        if (FormatOf(path) == DataFileFormat.Csv && Environment.ProcessorCount > 1 && LengthOf(path) >= ParallelCsvReader.MinimumFileBytes)
        {
            using var attempt = digest?.Fork();
            if (ParallelCsvReader.TryReadIncidentTable(path, options, digest: attempt, columns: columns) is { } table)
            {
                if (attempt is not null) digest!.Adopt(attempt);
                return table;
            }
        }
        var fileFormat = FormatOf(path) ?? throw new ArgumentException($"{path}: the extension must be .csv, .jsonl or .ndjson.", nameof(path));
        return IncidentTable.Of(fileFormat == DataFileFormat.Csv ? ReadCsvFile(IncidentFormat.Instance, path, log, options, digest)
            : ReadJsonLinesFile(IncidentFormat.Instance, path, log, options, digest), columns);
    }

    /// <summary>
    /// The request slices of a file into columns (<see cref="RequestSliceTable"/>): a large clean CSV file on every core,
    /// each chunk straight into columns; any other file (or any file with an error) streams through the sequential
    /// reader row by row into the columns, so the rows, the errors and their locations are those of <see cref="Read{T}"/>,
    /// and <see cref="RequestSliceTable.Get"/> equals what <see cref="Load{T}(RecordFormat{T}, string, DataErrorLog, DataLoadOptions?)"/> returns.
    /// </summary>
    public static RequestSliceTable LoadRequestSliceTable(string path, DataErrorLog log, DataLoadOptions? options = null)
        => LoadRequestSliceTable(path, log, options ?? DataLoadOptions.Default, digest: null);

    /// <summary>
    /// <see cref="LoadRequestSliceTable(string, DataErrorLog, DataLoadOptions?)"/>, appending the bytes parsed to
    /// <paramref name="digest"/> as they are read (of the parallel attempt only when it answered; else of the streaming read),
    /// as <see cref="LoadIncidentTable(string, DataErrorLog, DataLoadOptions, IncidentColumns, DataDigest?)"/> does.
    /// </summary>
    internal static RequestSliceTable LoadRequestSliceTable(string path, DataErrorLog log, DataLoadOptions options, DataDigest? digest)
    {
        if (FormatOf(path) == DataFileFormat.Csv && Environment.ProcessorCount > 1 && LengthOf(path) >= ParallelCsvReader.MinimumFileBytes)
        {
            using var attempt = digest?.Fork();
            if (ParallelCsvReader.TryReadRequestTable(path, log, options, digest: attempt) is { } table)
            {
                if (attempt is not null) digest!.Adopt(attempt);
                return table;
            }
        }
        var fileFormat = FormatOf(path) ?? throw new ArgumentException($"{path}: the extension must be .csv, .jsonl or .ndjson.", nameof(path));
        return RequestSliceTable.Of(fileFormat == DataFileFormat.Csv ? ReadCsvFile(RequestSliceFormat.Instance, path, log, options, digest)
            : ReadJsonLinesFile(RequestSliceFormat.Instance, path, log, options, digest));
    }

    public static IEnumerable<T> ReadCsv<T>(RecordFormat<T> format, TextReader text, string fileName, DataErrorLog log, DataLoadOptions? options = null)
        where T : class => CsvRecordReader.Read(format, text, fileName, log, options ?? DataLoadOptions.Default);

    public static IEnumerable<T> ReadJsonLines<T>(RecordFormat<T> format, Stream utf8, string fileName, DataErrorLog log, DataLoadOptions? options = null)
        where T : class => JsonLinesRecordReader.Read(format, utf8, fileName, log, options ?? DataLoadOptions.Default);

    public static IEnumerable<Incident> ReadIncidents(string path, DataErrorLog log, DataLoadOptions? options = null) => Read(IncidentFormat.Instance, path, log, options);
    public static IEnumerable<Maintenance> ReadMaintenance(string path, DataErrorLog log, DataLoadOptions? options = null) => Read(MaintenanceFormat.Instance, path, log, options);
    public static IEnumerable<Alert> ReadAlerts(string path, DataErrorLog log, DataLoadOptions? options = null) => Read(AlertFormat.Instance, path, log, options);
    public static IEnumerable<RequestSlice> ReadRequestSlices(string path, DataErrorLog log, DataLoadOptions? options = null) => Read(RequestSliceFormat.Instance, path, log, options);
    public static IEnumerable<Deployment> ReadDeployments(string path, DataErrorLog log, DataLoadOptions? options = null) => Read(DeploymentFormat.Instance, path, log, options);

    private static IEnumerable<T> ReadCsvFile<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions options, DataDigest? digest = null) where T : class
    {
        using var file = Open(path);
        var hashing = digest is null ? null : new HashingReadStream(file, digest);
        using var text = new StreamReader((Stream?)hashing ?? file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        foreach (var record in CsvRecordReader.Read(format, text, path, log, options, ExpectedRows(path))) yield return record;
        hashing?.Complete();
    }

    private static IEnumerable<T> ReadJsonLinesFile<T>(RecordFormat<T> format, string path, DataErrorLog log, DataLoadOptions options, DataDigest? digest = null) where T : class
    {
        using var file = Open(path);
        var hashing = digest is null ? null : new HashingReadStream(file, digest);
        foreach (var record in JsonLinesRecordReader.Read(format, (Stream?)hashing ?? file, path, log, options, ExpectedRows(path))) yield return record;
        hashing?.Complete();
    }

    /// <summary>
    /// The length of the file a path opens: through a symbolic link, its target's (<see cref="FileInfo.Length"/> of a link is
    /// the link's own few bytes on Unix, which made a linked 1.4 GB incidents file look small: read sequentially, snapshotted).
    /// </summary>
    public static long LengthOf(string path)
    {
        var info = new FileInfo(path);
        // A dangling link keeps its own length: opening it then fails with the path's name, as for any unreadable file.
        return info.LinkTarget is null ? info.Length : info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target ? target.Length : info.Length;
    }

    /// <summary>The file to parse, unbuffered (the readers buffer); with a digest it is read through a <see cref="HashingReadStream"/>.</summary>
    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>A cautious row-count estimate (rows are rarely under 100 bytes), capped so a huge file cannot over-allocate.</summary>
    private static int ExpectedRows(string path) => (int)Math.Min(LengthOf(path) / 100, 4_000_000);

    /// <summary>Writes records as CSV: header row, then one row per record; values are quoted only when needed. Timestamps are UTC.</summary>
    public static void WriteCsv<T>(RecordFormat<T> format, IEnumerable<T> records, TextWriter writer) where T : class
    {
        writer.Write(string.Join(',', format.Fields.Select(f => f.Name)));
        writer.Write('\n');
        foreach (var record in records)
        {
            var values = format.ToValues(record);
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0) writer.Write(',');
                WriteCsvValue(writer, values[i]);
            }
            writer.Write('\n');
        }
    }

    private static void WriteCsvValue(TextWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\""));
        writer.Write('"');
    }

    /// <summary>Writes records as JSON Lines; absent fields are omitted; lists are arrays and histograms objects.</summary>
    public static void WriteJsonLines<T>(RecordFormat<T> format, IEnumerable<T> records, Stream utf8) where T : class
    {
        using var json = new Utf8JsonWriter(utf8, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var record in records)
        {
            var values = format.ToValues(record);
            json.WriteStartObject();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is not { } value) continue;
                var field = format.Fields[i];
                json.WritePropertyName(field.Name);
                switch (field.Kind)
                {
                    case FieldKind.Integer or FieldKind.Decimal:
                        json.WriteRawValue(value);
                        break;
                    case FieldKind.Boolean:
                        json.WriteBooleanValue(value == "true");
                        break;
                    case FieldKind.WordList:
                        json.WriteStartArray();
                        foreach (var word in value.Split(';')) json.WriteStringValue(word);
                        json.WriteEndArray();
                        break;
                    case FieldKind.Histogram:
                        json.WriteStartObject();
                        foreach (var bucket in value.Split(';'))
                        {
                            var eq = bucket.IndexOf('=');
                            json.WritePropertyName(bucket[..eq]);
                            json.WriteRawValue(bucket[(eq + 1)..]);
                        }
                        json.WriteEndObject();
                        break;
                    default:
                        json.WriteStringValue(value);
                        break;
                }
            }
            json.WriteEndObject();
            json.Flush();
            json.Reset(utf8);
            utf8.WriteByte((byte)'\n');
        }
    }
}
