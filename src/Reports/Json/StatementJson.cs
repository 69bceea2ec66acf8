using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Json;

/// <summary>
/// The statement as JSON (schema <c>slakpidsl.statement/1</c>). Canonical form = this serializer's output: UTF-8
/// without BOM, snake_case members in declaration order, two-space indent, LF newlines, decimals with their own scale.
/// </summary>
public static class StatementJson
{
    /// <summary>The reports' canonical JSON options (the portfolio uses them too).</summary>
    internal static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.Converters.Add(new PatternConverter<Instant>(InstantPattern.ExtendedIso));
        o.Converters.Add(new PatternConverter<LocalDate>(LocalDatePattern.Iso));
        o.Converters.Add(new PatternConverter<LocalDateTime>(LocalDateTimePattern.ExtendedIso));
        o.Converters.Add(new PatternConverter<OffsetDateTime>(OffsetDateTimePattern.Rfc3339));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static byte[] Serialize(StatementDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    public static string Sha256Hex(byte[] canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(canonicalJson));

    private sealed class PatternConverter<T>(IPattern<T> pattern) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            pattern.Parse(reader.GetString()!).Value;

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(pattern.Format(value));
    }
}
