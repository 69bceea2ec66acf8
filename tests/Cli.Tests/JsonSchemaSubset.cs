using System.Text.Json;
using System.Text.RegularExpressions;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// A validator for the subset of JSON Schema 2020-12 that docs/schemas/*.schema.json use: type (one or several),
/// const, enum, pattern, properties, required, additionalProperties: false, items, $ref to #/$defs, if/then/else.
/// Anything else in a schema is an error here, so the schema cannot silently use a keyword nobody checks.
/// </summary>
public sealed class JsonSchemaSubset
{
    private static readonly HashSet<string> Keywords =
    [
        "$schema", "$id", "title", "description", "$defs", "type", "const", "enum", "pattern", "properties", "required",
        "additionalProperties", "items", "$ref", "if", "then", "else",
    ];

    private readonly JsonElement root;

    public JsonSchemaSubset(JsonElement root) => this.root = root;

    /// <summary>Every violation, each with its JSON path; empty when the instance is valid.</summary>
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
            if (!Keywords.Contains(keyword.Name)) errors.Add($"{path}: schema keyword '{keyword.Name}' is not supported by this validator");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            if (!name.StartsWith("#/$defs/", StringComparison.Ordinal)) { errors.Add($"{path}: unsupported $ref {name}"); return; }
            Check(root.GetProperty("$defs").GetProperty(name["#/$defs/".Length..]), value, path, errors);
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Is(value, t))) { errors.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", types)}"); return; }
        }
        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
            errors.Add($"{path}: expected {constant.GetRawText()}, found {value.GetRawText()}");
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
            errors.Add($"{path}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
            errors.Add($"{path}: '{value.GetString()}' does not match {pattern.GetString()}");
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}: missing required '{name}'");
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var sub))
                    Check(sub, property.Value, $"{path}.{property.Name}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False)
                    errors.Add($"{path}: property '{property.Name}' is not in the schema");
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Check(items, item, $"{path}[{i++}]", errors);
        }
        if (schema.TryGetProperty("if", out var condition))
        {
            var conditionErrors = new List<string>();
            Check(condition, value, path, conditionErrors);
            if (conditionErrors.Count == 0) { if (schema.TryGetProperty("then", out var then)) Check(then, value, path, errors); }
            else if (schema.TryGetProperty("else", out var otherwise)) Check(otherwise, value, path, errors);
        }
    }

    private static bool Is(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException($"unknown type {type}"),
    };
}
