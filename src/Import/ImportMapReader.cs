using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace SlaKpiDsl.Import;

/// <summary>
/// Reads a mapping file (TOML, docs/data.md "The mapping file") into an <see cref="ImportMap"/>. Walks Tomlyn's syntax
/// tree rather than its object model so that every problem points at its line and column: a TOML syntax error, a
/// table or key the format does not define (DATA031: a typo would hide a mapping), a value of the wrong type or an
/// impossible value (DATA030). All problems of the file are reported in one run; the map is null when there was any.
/// </summary>
public static class ImportMapReader
{
    private static readonly string[] Tables = ["services", "priorities", "urgencies", "statuses", "teams", "fields", "columns"];

    /// <summary>Our incident fields a generic [columns] table may name (docs/data.md, incidents).</summary>
    public static readonly ImmutableArray<string> IncidentColumns =
        ["id", "service", "severity", "impact", "cause", "started", "detected", "acknowledged", "responded", "resolved", "region", "tags", "team", "postmortem_completed", "title"];

    public static (ImportMap? Map, ImmutableArray<DataError> Errors) ReadFile(string path) => Read(File.ReadAllText(path), path);

    public static (ImportMap? Map, ImmutableArray<DataError> Errors) Read(string text, string file)
    {
        var errors = ImmutableArray.CreateBuilder<DataError>();
        var document = SyntaxParser.Parse(text, file);
        foreach (var message in document.Diagnostics)
            if (message.Kind == DiagnosticMessageKind.Error)
                errors.Add(At(file, message.Span, null, DataErrorCodes.InvalidMap, $"Not valid TOML: {message.Message}"));
        if (errors.Count > 0) return (null, errors.ToImmutable());

        var builder = new Builder(file, errors);
        foreach (var pair in document.KeyValues) builder.Root(pair);
        var seenTables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in document.Tables)
        {
            var name = KeyText(table.Name);
            if (table is TableArraySyntax || name is null || Array.IndexOf(Tables, name) < 0)
            {
                errors.Add(At(file, table.Span, name, DataErrorCodes.UnknownMapKey,
                    $"[{name}] is not a table of the mapping format; the tables are [{string.Join("], [", Tables)}]."));
                continue;
            }
            if (!seenTables.Add(name))
            {
                errors.Add(At(file, table.Span, name, DataErrorCodes.InvalidMap, $"[{name}] appears twice; write each table once."));
                continue;
            }
            builder.Table(name, table);
        }
        var map = builder.Build();
        return errors.Count > 0 ? (null, errors.ToImmutable()) : (map, []);
    }

    internal static DataError At(string file, SourceSpan span, string? field, string code, string message) =>
        new(file, span.Start.Line + 1, field, code, message) { Column = span.Start.Column + 1 };

    private static string? KeyText(KeySyntax? key)
    {
        if (key?.Key is not { } first) return null;
        var parts = new List<string> { Part(first) };
        foreach (var dotted in key.DotKeys) if (dotted.Key is { } k) parts.Add(Part(k));
        return string.Join('.', parts);
    }

    private static string Part(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax text => text.Value ?? "",
        _ => key.ToString() ?? "",
    };

    private sealed class Builder(string file, ImmutableArray<DataError>.Builder errors)
    {
        private DateTimeZone? _zone;
        private readonly Dictionary<string, MappedService> _services = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _priorities = new(StringComparer.Ordinal);
        private Dictionary<string, UrgencyMapping>? _urgencies;
        private readonly Dictionary<string, Impact?> _statuses = new(ImportMap.DefaultStatuses, StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _teams = new(StringComparer.Ordinal);
        private bool _keepTeams;
        private readonly Dictionary<string, string> _columns = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int, int)> _locations = new(StringComparer.Ordinal);
        private FieldChoice _ack = FieldChoice.Documented, _responded = FieldChoice.Acknowledged, _resolved = FieldChoice.Documented;

        private void Error(SyntaxNode node, string? field, string code, string message) => errors.Add(At(file, node.Span, field, code, message));

        public void Root(KeyValueSyntax pair)
        {
            var key = KeyText(pair.Key);
            if (key != "time_zone")
            {
                Error(pair, key, DataErrorCodes.UnknownMapKey,
                    $"'{key}' is not a key of the mapping format; at the top level only time_zone is allowed, before the tables [{string.Join("], [", Tables)}].");
                return;
            }
            if (Text(pair, key) is not { } id) return;
            _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
            if (_zone is null) Error(pair.Value!, key, DataErrorCodes.InvalidMap, $"'{id}' is not an IANA time zone id (like America/New_York or UTC).");
        }

        public void Table(string name, TableSyntaxBase table)
        {
            if (name == "teams") _keepTeams = true;
            if (name == "urgencies") _urgencies = new Dictionary<string, UrgencyMapping>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in table.Items)
            {
                var key = KeyText(pair.Key);
                var field = $"{name}.{key}";
                if (key is null || pair.Value is null) continue;
                if (!seen.Add(key))
                {
                    Error(pair, field, DataErrorCodes.InvalidMap, $"'{key}' appears twice in [{name}].");
                    continue;
                }
                _locations[field] = (pair.Span.Start.Line + 1, pair.Span.Start.Column + 1);
                switch (name)
                {
                    case "services": Service(pair, key, field); break;
                    case "priorities": if (Severity(pair.Value, field) is { } s) _priorities[key] = s; break;
                    case "urgencies": Urgency(pair, key, field); break;
                    case "statuses": Status(pair, key, field); break;
                    case "teams": Team(pair, key, field); break;
                    case "fields": Field(pair, key, field); break;
                    case "columns": Column(pair, key, field); break;
                }
            }
        }

        private void Service(KeyValueSyntax pair, string key, string field)
        {
            if (Text(pair, field) is not { } id) return;
            if (id == "-") { _services[key] = new MappedService(null); return; }
            if (string.IsNullOrWhiteSpace(id) || id.Any(char.IsControl))
            {
                Error(pair.Value!, field, DataErrorCodes.InvalidMap, $"'{key}' goes to an empty or multi-line service id; write the contract's service id, or \"-\" to leave it out.");
                return;
            }
            _services[key] = new MappedService(id.Trim());
        }

        private int? Severity(ValueSyntax value, string field)
        {
            if (value is IntegerValueSyntax { Value: >= 0 and <= 99 } n) return (int)n.Value;
            Error(value, field, DataErrorCodes.InvalidMap, "A severity is a whole number 0-99 (1 is the most severe).");
            return null;
        }

        private Impact? ImpactWord(ValueSyntax value, string field, bool allowNone, out bool notDowntime)
        {
            notDowntime = false;
            var word = (value as StringValueSyntax)?.Value;
            switch (word)
            {
                case "outage": return Impact.Outage;
                case "degraded": return Impact.Degraded;
                case "partial": return Impact.Partial;
                case "none": return Impact.None;
                case "-" when allowNone: notDowntime = true; return null;
            }
            Error(value, field, DataErrorCodes.InvalidMap,
                $"{(word is null ? "This" : $"'{word}'")} is not an impact: \"outage\", \"degraded\", \"partial\" or \"none\"{(allowNone ? ", or \"-\" for no downtime" : "")}.");
            return null;
        }

        private void Urgency(KeyValueSyntax pair, string key, string field)
        {
            if (pair.Value is not InlineTableSyntax inline)
            {
                Error(pair.Value!, field, DataErrorCodes.InvalidMap, $"An urgency is an inline table: {key} = {{ impact = \"outage\", severity = 1 }}.");
                return;
            }
            Impact? impact = null;
            int? severity = null;
            bool sawImpact = false, sawSeverity = false;
            foreach (var item in inline.Items)
            {
                var inner = item.KeyValue;
                if (inner is null) continue;
                var name = KeyText(inner.Key);
                if (name == "impact" && inner.Value is { } v1) { sawImpact = true; impact = ImpactWord(v1, $"{field}.impact", allowNone: false, out _); }
                else if (name == "severity" && inner.Value is { } v2) { sawSeverity = true; severity = Severity(v2, $"{field}.severity"); }
                else Error(inner, $"{field}.{name}", DataErrorCodes.UnknownMapKey, $"'{name}' is not a key of an urgency; the keys are impact and severity.");
            }
            if (!sawImpact || !sawSeverity)
                Error(pair, field, DataErrorCodes.InvalidMap, $"An urgency needs both impact and severity: {key} = {{ impact = \"outage\", severity = 1 }}.");
            if (impact is null || severity is null) return;
            _urgencies![key] = new UrgencyMapping(impact.Value, severity.Value);
        }

        private void Status(KeyValueSyntax pair, string key, string field)
        {
            var impact = ImpactWord(pair.Value!, field, allowNone: true, out var notDowntime);
            if (impact is not null || notDowntime) _statuses[key] = impact;
        }

        private void Team(KeyValueSyntax pair, string key, string field)
        {
            if (Text(pair, field) is not { } tag) return;
            if (tag == "-") { _teams[key] = null; return; }
            if (!IsKebabWord(tag))
            {
                Error(pair.Value!, field, DataErrorCodes.InvalidMap, $"'{tag}' is not a tag: write a lower-case kebab word like team-payments, or \"-\" to not keep the team.");
                return;
            }
            _teams[key] = tag;
        }

        private void Field(KeyValueSyntax pair, string key, string field)
        {
            if (key is not ("acknowledged" or "responded" or "resolved"))
            {
                Error(pair, field, DataErrorCodes.UnknownMapKey, $"'{key}' is not a key of [fields]; the keys are acknowledged, responded and resolved.");
                return;
            }
            if (Text(pair, field) is not { } value) return;
            FieldChoice? choice = value switch
            {
                "documented" => FieldChoice.Documented,
                "none" when key != "resolved" => FieldChoice.None,
                "acknowledged" when key == "responded" => FieldChoice.Acknowledged,
                _ when value.Length > 0 && !value.Any(char.IsControl) && value is not ("none" or "acknowledged") => new FieldChoice(FieldChoiceKind.Named, value),
                _ => null,
            };
            if (choice is null)
            {
                Error(pair.Value!, field, DataErrorCodes.InvalidMap,
                    $"'{value}' cannot give {key}: write \"documented\"{(key == "responded" ? ", \"acknowledged\"" : "")}{(key != "resolved" ? ", \"none\"" : "")} or the name of a source field holding a timestamp.");
                return;
            }
            if (key == "acknowledged") _ack = choice;
            else if (key == "responded") _responded = choice;
            else _resolved = choice;
        }

        private void Column(KeyValueSyntax pair, string key, string field)
        {
            if (!IncidentColumns.Contains(key))
            {
                Error(pair, field, DataErrorCodes.UnknownMapKey, $"'{key}' is not an incident field; [columns] maps these to source columns: {string.Join(", ", IncidentColumns)}.");
                return;
            }
            if (Text(pair, field) is not { } column) return;
            if (string.IsNullOrWhiteSpace(column))
            {
                Error(pair.Value!, field, DataErrorCodes.InvalidMap, $"[columns] {key} names no source column.");
                return;
            }
            _columns[key] = column;
        }

        private string? Text(KeyValueSyntax pair, string? field)
        {
            if (pair.Value is StringValueSyntax { Value: { } text }) return text;
            Error(pair.Value ?? (SyntaxNode)pair, field, DataErrorCodes.InvalidMap, "Expected a quoted string here.");
            return null;
        }

        public ImportMap Build() => new()
        {
            File = file,
            TimeZone = _zone,
            Services = _services.ToImmutableDictionary(StringComparer.Ordinal),
            Priorities = _priorities.ToImmutableDictionary(StringComparer.Ordinal),
            Urgencies = _urgencies?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImportMap.DefaultUrgencies,
            Statuses = _statuses.ToImmutableDictionary(StringComparer.Ordinal),
            Teams = _teams.ToImmutableDictionary(StringComparer.Ordinal),
            KeepTeams = _keepTeams,
            Acknowledgement = _ack,
            Responded = _responded,
            Resolution = _resolved,
            Columns = _columns.ToImmutableDictionary(StringComparer.Ordinal),
            Locations = _locations.ToImmutableDictionary(StringComparer.Ordinal),
        };
    }

    internal static bool IsKebabWord(string value)
    {
        if (value.Length == 0 || value[0] == '-' || value[^1] == '-') return false;
        foreach (var c in value)
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '-')) return false;
        return true;
    }
}
