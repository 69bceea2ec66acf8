using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Json;

/// <summary>
/// The portfolio as JSON (schema <c>slakpidsl.portfolio/1</c>, <c>"internal": true</c>): snake_case members in
/// declaration order, two-space indent, LF newlines, decimals with their own scale, instants ISO 8601 UTC.
/// </summary>
public static class PortfolioJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

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
        o.Converters.Add(new InstantConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static byte[] Serialize(PortfolioDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => InstantPattern.ExtendedIso.Parse(reader.GetString()!).Value;

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) => writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }
}
