using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Import;

/// <summary>
/// Any other tool's incidents as CSV (header row) or JSON Lines (one object a line), through the map's [columns]
/// (our incident field = the source column): Jira Service Management, ServiceNow, Opsgenie or a database dump, with
/// no code. service goes through [services]; severity through [priorities] (else a number 0-99 or sevN); impact
/// through [statuses] (else one of our words); team through [teams]. Columns the map does not name are not read.
/// </summary>
internal static class GenericSource
{
    private static readonly string[] Required = ["id", "service", "severity", "impact", "started"];

    /// <summary>Problems with the map's [columns] for a generic source (each at its line in the map), or none.</summary>
    public static ImmutableArray<DataError> CheckColumns(ImportMap map)
    {
        var errors = ImmutableArray.CreateBuilder<DataError>();
        var missing = Required.Where(f => !map.Columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            errors.Add(new DataError(map.File, 0, "columns", DataErrorCodes.InvalidMap,
                $"A CSV or JSON Lines import needs [columns] naming the source column of {string.Join(", ", missing)} (e.g. id = \"Issue key\")."));
        // A team column read into nothing would drop it silently: the teams must be mapped to the tags they keep.
        if (map.Columns.ContainsKey("team") && !map.KeepTeams)
            errors.Add(new DataError(map.File, 0, "columns.team", DataErrorCodes.InvalidMap,
                "[columns] names a team column but the map has no [teams] table: add [teams] with \"<team>\" = \"team-<name>\" (or \"-\") for each team."));
        return errors.ToImmutable();
    }

    public static void Read(IReadOnlyList<string> files, ImportMap map, ImportSink sink, ImportTally tally, bool jsonLines)
    {
        var fields = map.Columns.Keys.Order(StringComparer.Ordinal).ToArray();
        var row = new ImportRow(map, tally);
        foreach (var file in files)
        {
            if (jsonLines) ReadJsonLines(file, fields, map, row, sink);
            else ReadCsv(file, fields, map, row, sink);
        }
    }

    private static void ReadCsv(string file, string[] fields, ImportMap map, ImportRow row, ImportSink sink)
    {
        using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var reader = CsvExport.Open(text, file, sink);
        if (reader is null) return;
        var header = reader.Header;
        var slots = new int[fields.Length];
        var missing = new List<string>();
        for (var i = 0; i < fields.Length; i++)
            if (!header.TryIndexOf(map.Columns[fields[i]], out slots[i])) missing.Add($"'{map.Columns[fields[i]]}' ({fields[i]})");
        if (missing.Count > 0)
        {
            sink.FileProblem(new DataError(file, 1, null, DataErrorCodes.MissingColumn,
                $"The header has no column {string.Join(", ", missing)} that the map's [columns] names; fix the column name in {map.File}."));
            return;
        }
        var count = header.ColNames.Count;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var nextLine = 2;
        while (CsvRecordReader.TryMoveNext(reader, out var tooLong) || tooLong)
        {
            if (tooLong)
            {
                sink.FileProblem(new DataError(file, nextLine, null, DataErrorCodes.MalformedRow, CsvRecordReader.RowTooLong));
                return;
            }
            var r = reader.Current;
            nextLine = r.LineNumberToExcl;
            if (!row.StartCsv(file, r, count, sink)) continue;
            values.Clear();
            for (var i = 0; i < fields.Length; i++) values[fields[i]] = r[slots[i]].ToString();
            sink.Finish(row, Build(row, values, map));
        }
    }

    private static void ReadJsonLines(string file, string[] fields, ImportMap map, ImportRow row, ImportSink sink)
    {
        var line = 0;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var text in File.ReadLines(file, Encoding.UTF8))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            row.Start(file, line, "");
            JsonDocument document;
            try { document = JsonDocument.Parse(text); }
            catch (JsonException e)
            {
                row.Error("(line)", DataErrorCodes.MalformedRow, $"Invalid JSON: {e.Message}");
                sink.Finish(row, []);
                continue;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    row.Error("(line)", DataErrorCodes.MalformedRow, "Expected one JSON object per line.");
                    sink.Finish(row, []);
                    continue;
                }
                values.Clear();
                foreach (var field in fields)
                {
                    var column = map.Columns[field];
                    values[field] = document.RootElement.TryGetProperty(column, out var v) && v.ValueKind == JsonValueKind.Array
                        ? string.Join(';', v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText()))
                        : JsonExport.Scalar(document.RootElement, column);
                }
                sink.Finish(row, Build(row, values, map));
            }
        }
    }

    private static Incident[] Build(ImportRow r, Dictionary<string, string?> v, ImportMap map)
    {
        string F(string field) => map.Columns.TryGetValue(field, out var column) ? column : field;
        string? Get(string field) => v.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var id = r.RequiredText(Get("id"), F("id"));
        var service = r.Service(Get("service"), F("service"), out var leftOut);
        int severity = 0;
        if (Get("severity") is not { } severityText) r.Error(F("severity"), DataErrorCodes.MissingValue, $"'{F("severity")}' (severity) is required.");
        else if (r.Priority(severityText, F("severity"), SeverityNumber) is { } s) severity = s;
        var impact = Impact.None;
        if (Get("impact") is not { } impactText) r.Error(F("impact"), DataErrorCodes.MissingValue, $"'{F("impact")}' (impact) is required.");
        else if (OurImpact(impactText) is { } ours && !map.Statuses.ContainsKey(impactText)) impact = ours;
        else if (r.Status(impactText, F("impact"), out var known) is { } mapped) impact = mapped;
        else if (known) r.Error(F("impact"), DataErrorCodes.UnmappedValue, $"'{impactText}' is mapped to \"-\" (no downtime), which an incident row cannot be: map it to \"none\".");
        var started = r.Instant(Get("started"), F("started"), required: true);
        var detected = r.Instant(Get("detected"), F("detected"), required: false);
        var acknowledged = r.Instant(Get("acknowledged"), F("acknowledged"), required: false);
        var responded = r.Instant(Get("responded"), F("responded"), required: false);
        if (!map.Columns.ContainsKey("responded") && map.Responded.Kind == FieldChoiceKind.Acknowledged) responded = acknowledged;
        var resolved = r.Instant(Get("resolved"), F("resolved"), required: false);
        string? cause = null;
        if (Get("cause") is { } c)
        {
            if (ImportMapReader.IsKebabWord(c)) cause = c;
            else r.Error(F("cause"), DataErrorCodes.InvalidWord, $"'{c}' is not a lower-case kebab word (like force-majeure).");
        }
        var tags = ImmutableArray.CreateBuilder<string>();
        if (Get("tags") is { } tagText)
            foreach (var tag in tagText.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (ImportMapReader.IsKebabWord(tag)) { if (!tags.Contains(tag)) tags.Add(tag); }
                else r.Error(F("tags"), DataErrorCodes.InvalidWord, $"tag '{tag}' is not a lower-case kebab word.");
            }
        string? teamName = null;
        if (Get("team") is { } team)
        {
            var teamTags = r.Teams([team], F("team"));
            teamName = ImportRow.TeamName(teamTags);
            foreach (var tag in teamTags) if (!tags.Contains(tag)) tags.Add(tag);
        }
        bool? postmortem = null;
        if (Get("postmortem_completed") is { } p)
        {
            if (p.Equals("true", StringComparison.OrdinalIgnoreCase) || p.Equals("yes", StringComparison.OrdinalIgnoreCase)) postmortem = true;
            else if (p.Equals("false", StringComparison.OrdinalIgnoreCase) || p.Equals("no", StringComparison.OrdinalIgnoreCase)) postmortem = false;
            else r.Error(F("postmortem_completed"), DataErrorCodes.UnknownEnumeration, $"'{p}' is not one of true, false, yes, no.");
        }
        var title = r.Title(Get("title"), F("title"));
        if (started is { } start)
        {
            r.NotBefore(start, F("started"), detected, F("detected"));
            r.NotBefore(start, F("started"), acknowledged, F("acknowledged"));
            r.NotBefore(start, F("started"), responded, F("responded"));
            r.NotBefore(start, F("started"), resolved, F("resolved"));
        }
        if (r.HasErrors || leftOut) return [];
        tags.Sort(StringComparer.Ordinal);
        return [new Incident(id!, service!, severity, impact, started!.Value, resolved, cause, detected, acknowledged, responded, Get("region"), tags.ToImmutable(), postmortem) { Team = teamName, Title = title }];
    }

    private static int? SeverityNumber(string text)
    {
        var digits = text.StartsWith("sev", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 99 ? n : null;
    }

    private static Impact? OurImpact(string text) => text.ToLowerInvariant() switch
    {
        "outage" => Impact.Outage,
        "degraded" => Impact.Degraded,
        "partial" => Impact.Partial,
        "none" => Impact.None,
        _ => null,
    };
}
