using System.Text;
using System.Text.Json;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Streams records from JSON Lines: one JSON object per line, property names as the CSV column names. Blank lines are
/// skipped; leading lines starting with '#' are comments (one may declare the zone, as in CSV). Each line is read with
/// <see cref="Utf8JsonReader"/> straight from the UTF-8 bytes; property names are matched as UTF-8 and values decoded
/// into one reusable char buffer, so only the strings a record keeps are allocated.
/// </summary>
internal static class JsonLinesRecordReader
{
    public static IEnumerable<T> Read<T>(RecordFormat<T> format, Stream stream, string file, DataErrorLog log, DataLoadOptions options, int expectedRows = 0)
        where T : class
    {
        var context = new RowContext(file, log, options.Zone);
        var lines = new Utf8LineReader(stream);
        var filter = new RecordFilter<T>(format, context, options.Range, expectedRows);
        var names = format.Fields.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        var values = new JsonFieldBuffer(format.Fields.Length);
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
            var record = ReadValues(format, names, line.Span, values, context, reportedUnknown) ? format.Build(new FieldRow(values), context) : null;
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
    private static bool ReadValues<T>(RecordFormat<T> format, byte[][] names, ReadOnlySpan<byte> line, JsonFieldBuffer values, RowContext context,
        HashSet<string> reportedUnknown) where T : class
    {
        values.Clear();
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                context.Error(null, DataErrorCodes.MalformedRow, "A JSON Lines row must be one JSON object on one line.");
                return false;
            }
            var expected = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var slot = FindSlot(ref reader, names, expected);
                if (slot < 0)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    if (reportedUnknown.Add(name))
                        context.FileError(name, DataErrorCodes.UnknownColumn, $"'{name}' is not a property of {format.FileStem} records (known: {string.Join(", ", format.Fields.Select(f => f.Name))}).");
                    reader.Skip();
                    continue;
                }
                expected = slot + 1;
                reader.Read();
                var field = format.Fields[slot];
                if (values.Has(slot))
                {
                    context.Error(field.Name, DataErrorCodes.MalformedRow, $"'{field.Name}' appears twice in the object.");
                    return false;
                }
                values.Begin(slot);
                if (ReadValue(ref reader, field, values, context)) values.End();
                else values.Abandon();
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
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException || e.Message.Contains("surrogate", StringComparison.Ordinal))
        {
            // Utf8JsonReader checks a string's UTF-8 and \u escapes only when it is decoded.
            context.Error(null, DataErrorCodes.MalformedRow, "A string is not valid text: invalid UTF-8 bytes or a lone surrogate escape such as \\ud800.");
            return false;
        }
    }

    /// <summary>Matches the property name against the field names, trying the next field in order first (the usual layout).</summary>
    private static int FindSlot(ref Utf8JsonReader reader, byte[][] names, int expected)
    {
        for (var i = 0; i < names.Length; i++)
        {
            var slot = (expected + i) % names.Length;
            if (reader.ValueTextEquals(names[slot])) return slot;
        }
        return -1;
    }

    /// <summary>Decodes one value into the buffer; false for null (absent) or a value of the wrong JSON type (reported).</summary>
    private static bool ReadValue(ref Utf8JsonReader reader, FieldSpec field, JsonFieldBuffer values, RowContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return false;
            case JsonTokenType.String:
                CopyString(ref reader, values);
                return true;
            case JsonTokenType.Number when field.Kind is FieldKind.Integer or FieldKind.Decimal or FieldKind.Text:
                CopyNumber(ref reader, values);
                return true;
            case JsonTokenType.True or JsonTokenType.False when field.Kind == FieldKind.Boolean:
                values.Append(reader.TokenType == JsonTokenType.True ? "true" : "false");
                return true;
            case JsonTokenType.StartArray when field.Kind == FieldKind.WordList:
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        context.Error(field.Name, DataErrorCodes.MalformedRow, "A list holds strings only.");
                        reader.Skip();
                        continue;
                    }
                    if (!first) values.Append(';');
                    first = false;
                    CopyString(ref reader, values);
                }
                return true;
            case JsonTokenType.StartObject when field.Kind == FieldKind.Histogram:
                var firstBucket = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!firstBucket) values.Append(';');
                    firstBucket = false;
                    CopyString(ref reader, values);
                    values.Append('=');
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        context.Error(field.Name, DataErrorCodes.InvalidHistogram, "Every bucket needs a whole-number count.");
                        reader.Skip();
                        continue;
                    }
                    CopyNumber(ref reader, values);
                }
                return true;
            default:
                context.Error(field.Name, DataErrorCodes.MalformedRow, $"A {reader.TokenType} is not a valid '{field.Name}' value (expected {Describe(field.Kind)}).");
                reader.Skip();
                return false;
        }
    }

    private static void CopyString(ref Utf8JsonReader reader, JsonFieldBuffer values)
    {
        // Unescaped text never has more chars than the escaped UTF-8 bytes.
        var max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        values.Advance(reader.CopyString(values.Reserve(max)));
    }

    private static void CopyNumber(ref Utf8JsonReader reader, JsonFieldBuffer values) =>
        values.Advance(Encoding.UTF8.GetChars(reader.ValueSpan, values.Reserve(reader.ValueSpan.Length)));

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
