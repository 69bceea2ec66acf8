using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Streams records from JSON Lines: one JSON object per line, property names as the CSV column names. Blank lines are
/// skipped; leading lines starting with '#' are comments (one may declare the zone, as in CSV). Each line is read with
/// <see cref="Utf8JsonReader"/> straight from the UTF-8 bytes.
/// </summary>
internal static class JsonLinesRecordReader
{
    public static IEnumerable<T> Read<T>(RecordFormat<T> format, Stream stream, string file, DataErrorLog log, DataLoadOptions options)
        where T : class
    {
        var context = new RowContext(file, log, options.Zone);
        var lines = new Utf8LineReader(stream);
        var filter = new RecordFilter<T>(format, context, options.Range);
        var values = new string?[format.Fields.Length];
        var reportedUnknown = new HashSet<string>(StringComparer.Ordinal);
        var leading = true;
        while (lines.TryReadLine(out var line))
        {
            if (IsBlank(line.Span)) continue;
            if (leading && line.Span[0] == (byte)'#')
            {
                if (ZoneDirective.Parse(Encoding.UTF8.GetString(line.Span), lines.LineNumber, context) is { } zone) context.Zone = zone;
                continue;
            }
            leading = false;
            context.StartRow(lines.LineNumber);
            var record = ReadValues(format, line.Span, values, context, reportedUnknown) ? format.Build(new FieldRow(values), context) : null;
            if (filter.Accept(record) is { } accepted) yield return accepted;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b is not ((byte)' ' or (byte)'\t')) return false;
        return true;
    }

    /// <summary>Fills <paramref name="values"/> (by field slot) from one JSON object; false when the line is not one.</summary>
    private static bool ReadValues<T>(RecordFormat<T> format, ReadOnlySpan<byte> line, string?[] values, RowContext context, HashSet<string> reportedUnknown)
        where T : class
    {
        Array.Clear(values);
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                context.Error(null, DataErrorCodes.MalformedRow, "A JSON Lines row must be one JSON object on one line.");
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var slot = format.SlotOf(name);
                reader.Read();
                if (slot < 0)
                {
                    if (reportedUnknown.Add(name))
                        context.FileError(name, DataErrorCodes.UnknownColumn, $"'{name}' is not a {format.FileStem} property (known: {string.Join(", ", format.Fields.Select(f => f.Name))}).");
                    reader.Skip();
                    continue;
                }
                if (values[slot] is not null)
                {
                    context.Error(name, DataErrorCodes.MalformedRow, $"'{name}' appears twice in the object.");
                    return false;
                }
                values[slot] = ReadValue(ref reader, format.Fields[slot], context);
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                context.Error(null, DataErrorCodes.MalformedRow, "Text follows the JSON object on this line.");
                return false;
            }
            return !context.RowHasErrors;
        }
        catch (JsonException e)
        {
            context.Error(null, DataErrorCodes.MalformedRow, $"Invalid JSON: {e.Message}");
            return false;
        }
    }

    private static string? ReadValue(ref Utf8JsonReader reader, FieldSpec field, RowContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number when field.Kind is FieldKind.Integer or FieldKind.Decimal or FieldKind.Text:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True or JsonTokenType.False when field.Kind == FieldKind.Boolean:
                return reader.TokenType == JsonTokenType.True ? "true" : "false";
            case JsonTokenType.StartArray when field.Kind == FieldKind.WordList:
                var words = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        context.Error(field.Name, DataErrorCodes.MalformedRow, "A list holds strings only.");
                        reader.Skip();
                        continue;
                    }
                    words.Add(reader.GetString()!);
                }
                // An empty list is written as an absent value.
                return words.Count == 0 ? null : string.Join(';', words);
            case JsonTokenType.StartObject when field.Kind == FieldKind.Histogram:
                var buckets = new StringBuilder();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString();
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !Utf8Parser.TryParse(reader.ValueSpan, out long count, out var used) || used != reader.ValueSpan.Length)
                    {
                        context.Error(field.Name, DataErrorCodes.InvalidHistogram, $"Bucket '{key}' needs a whole-number count.");
                        reader.Skip();
                        continue;
                    }
                    if (buckets.Length > 0) buckets.Append(';');
                    buckets.Append(key).Append('=').Append(count);
                }
                return buckets.ToString();
            default:
                context.Error(field.Name, DataErrorCodes.MalformedRow, $"A {reader.TokenType} is not a valid '{field.Name}' value (expected {Describe(field.Kind)}).");
                reader.Skip();
                return null;
        }
    }

    private static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.Integer => "a whole number",
        FieldKind.Decimal => "a number",
        FieldKind.Boolean => "true or false",
        FieldKind.Timestamp => "an ISO 8601 string",
        FieldKind.WordList => "an array of strings",
        FieldKind.Histogram => "an object like {\"le_100\": 5, \"inf\": 0}",
        _ => "a string",
    };
}
