using nietras.SeparatedValues;
using System.Text.Json;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import;

/// <summary>One object of a JSON export with where it is: the 1-based line its object starts on and its JSON path.</summary>
internal readonly record struct JsonRecord(JsonElement Element, int Line, string Path);

/// <summary>
/// Reads a JSON export document: the named top-level arrays of an object (<c>{"incidents":[...]}</c>) or a top-level
/// array, each element with its line and JSON path. The documents stay alive as long as this object (dispose it).
/// </summary>
internal sealed class JsonExport : IDisposable
{
    private readonly List<JsonDocument> _documents = [];

    public string File { get; }

    /// <summary>Arrays found, by property name ("" for a top-level array).</summary>
    public Dictionary<string, List<JsonRecord>> Arrays { get; } = new(StringComparer.Ordinal);

    /// <summary>The top-level property names of an object document (empty for an array).</summary>
    public List<string> TopLevelNames { get; } = [];

    public DataError? Problem { get; private set; }

    private JsonExport(string file) => File = file;

    public static JsonExport Read(string file, byte[] utf8, ICollection<string> arrayNames)
    {
        var export = new JsonExport(file);
        var lines = new LineIndex(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                export.Problem = new DataError(file, 1, null, DataErrorCodes.MalformedRow, "The file is empty.");
                return export;
            }
            if (reader.TokenType == JsonTokenType.StartArray) export.ReadArray(ref reader, "", lines);
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    export.TopLevelNames.Add(name);
                    reader.Read();
                    if (arrayNames.Contains(name) && reader.TokenType == JsonTokenType.StartArray) export.ReadArray(ref reader, name, lines);
                    else reader.Skip();
                }
            }
            else export.Problem = new DataError(file, 1, null, DataErrorCodes.UnrecognisedExport, "Expected a JSON object or array.");
        }
        catch (JsonException e)
        {
            export.Problem = new DataError(file, (int)(e.LineNumber ?? 0) + 1, null, DataErrorCodes.MalformedRow, $"Invalid JSON: {e.Message}");
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidOperationException)
        {
            // The reader met the end of the bytes inside a value (a truncated file).
            export.Problem = new DataError(file, lines.LineOf(reader.BytesConsumed), null, DataErrorCodes.MalformedRow, "Invalid JSON: the file ends inside a value (truncated?).");
        }
        return export;
    }

    private void ReadArray(ref Utf8JsonReader reader, string name, LineIndex lines)
    {
        var list = new List<JsonRecord>();
        Arrays[name] = list;
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var line = lines.LineOf(reader.TokenStartIndex);
            var path = name.Length == 0 ? $"[{index}]" : $"{name}[{index}]";
            index++;
            var document = JsonDocument.ParseValue(ref reader);
            _documents.Add(document);
            list.Add(new JsonRecord(document.RootElement, line, path));
        }
    }

    public void Dispose()
    {
        foreach (var document in _documents) document.Dispose();
    }

    /// <summary>A string property; null when absent, null or not a string.</summary>
    public static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A string or number property as text (exports write numbers either way); null when absent or null.</summary>
    public static string? Scalar(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static JsonElement? Property(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The elements of an array property (none when absent or null).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement item, string name) =>
        Property(item, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>Byte offset to 1-based line number, by binary search over the newline positions.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _newlines = [];

        public LineIndex(ReadOnlySpan<byte> utf8)
        {
            for (var i = utf8.IndexOf((byte)'\n'); i >= 0;)
            {
                _newlines.Add(i);
                var next = utf8[(i + 1)..].IndexOf((byte)'\n');
                i = next < 0 ? -1 : i + 1 + next;
            }
        }

        public int LineOf(long offset)
        {
            var index = _newlines.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }
    }
}

/// <summary>Opens a CSV export with Sep (header row, RFC 4180 quotes); a header Sep rejects (a column named twice) is a problem of the file, not an exception.</summary>
internal static class CsvExport
{
    public static SepReader? Open(TextReader text, string file, ImportSink sink)
    {
        var reader = SlaKpiDsl.Runtime.Data.Formats.CsvRecordReader.OpenWithHeader(text, out var problem);
        if (reader is null) sink.FileProblem(new DataError(file, 1, null, DataErrorCodes.MalformedRow, problem!));
        return reader;
    }
}
