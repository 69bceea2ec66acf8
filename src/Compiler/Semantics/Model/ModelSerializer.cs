using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// Writes a semantic model as canonical text: type names, then every stored property in declaration order,
/// decimals invariant with their written scale, zones by IANA id, durations and dates in NodaTime round-trip patterns.
/// Same model, same text, on every machine: the emitter hashes it for the cache key, and tests compare two models with
/// it (record equality cannot: ImmutableArray compares by reference). Spans are left out unless asked for.
/// </summary>
public static class ModelSerializer
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> StoredPropertiesByType = new();

    public static string Canonical(object? model, bool includeSpans = false)
    {
        var builder = new StringBuilder();
        Write(builder, model, includeSpans);
        return builder.ToString();
    }

    /// <summary>True when both models say the same thing, wherever in the text they were written.</summary>
    public static bool StructurallyEqual(object? a, object? b) => Canonical(a) == Canonical(b);

    /// <summary>SHA-256 of the canonical text, lower-case hex: a cache key for generated code.</summary>
    public static string Hash(object? model) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(model))));

    private static void Write(StringBuilder builder, object? value, bool includeSpans)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string text:
                WriteString(builder, text);
                return;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                return;
            case decimal number:
                builder.Append(number.ToString(CultureInfo.InvariantCulture));
                return;
            case int or long:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case Enum:
                builder.Append(value);
                return;
            case Duration duration:
                builder.Append(DurationPattern.Roundtrip.Format(duration));
                return;
            case LocalDate date:
                builder.Append(LocalDatePattern.Iso.Format(date));
                return;
            case LocalTime time:
                builder.Append(LocalTimePattern.ExtendedIso.Format(time));
                return;
            case OffsetDateTime offsetDateTime:
                builder.Append(OffsetDateTimePattern.ExtendedIso.Format(offsetDateTime));
                return;
            case Instant instant:
                builder.Append(InstantPattern.ExtendedIso.Format(instant));
                return;
            case DateTimeZone zone:
                WriteString(builder, zone.Id);
                return;
            case SourceSpan span:
                builder.Append(span.ToString());
                return;
            case IEnumerable sequence:
                builder.Append('[');
                var first = true;
                foreach (var item in sequence)
                {
                    if (!first) builder.Append(',');
                    first = false;
                    Write(builder, item, includeSpans);
                }
                builder.Append(']');
                return;
        }

        var type = value.GetType();
        builder.Append(type.Name).Append('{');
        var separator = false;
        foreach (var property in StoredPropertiesByType.GetOrAdd(type, StoredProperties))
        {
            if (!includeSpans && property.PropertyType == typeof(SourceSpan)) continue;
            var propertyValue = property.GetValue(value);
            if (propertyValue is null && property.IsDefined(typeof(OmitWhenNullAttribute), false)) continue;
            if (separator) builder.Append(',');
            separator = true;
            builder.Append(property.Name).Append('=');
            Write(builder, propertyValue, includeSpans);
        }
        builder.Append('}');
    }

    /// <summary>Properties with a setter (records' positional and init properties); computed ones say nothing new.</summary>
    private static PropertyInfo[] StoredProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.DeclaringType == type ? 1 : 0)
            .ThenBy(p => p.MetadataToken)
            .ToArray();

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        builder.Append('"');
    }
}
