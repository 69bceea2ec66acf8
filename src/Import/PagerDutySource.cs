using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Import;

/// <summary>
/// PagerDuty exports (docs/data.md, "PagerDuty"), recognised by their shape:
/// <list type="bullet">
/// <item>REST API v2 <c>GET /incidents</c> (<c>{"incidents":[...]}</c> or an array of incident objects), with
/// <c>GET /log_entries</c> (<c>{"log_entries":[...]}</c>, in the same or another file) for acknowledgement and
/// resolution times: acknowledged = the first <c>acknowledge_log_entry</c> or <c>acknowledgements[].at</c>, whichever is
/// earlier; resolved = the <c>resolve_log_entry</c>, else <c>last_status_change_at</c> of a resolved incident;</item>
/// <item>Analytics raw incidents (<c>POST /analytics/raw/incidents</c>: <c>{"data":[...]}</c>) and its CSV download:
/// acknowledged = created_at + seconds_to_first_ack; resolved = resolved_at.</item>
/// </list>
/// Response = the first acknowledgement unless the map's [fields] responded names another field; never
/// seconds_to_engage (PagerDuty's time from first to last engagement of several responders). Severity = the priority
/// name through [priorities], else the urgency's severity; impact = the urgency's impact ([urgencies]). Title = the REST
/// incident's <c>title</c> (else its <c>summary</c>), or the Analytics incident's <c>description</c>.
/// </summary>
internal static class PagerDutySource
{
    private static readonly string[] JsonArrays = ["incidents", "log_entries", "data"];

    /// <summary>The Analytics raw incident fields this import reads (others in the export are not needed).</summary>
    private static readonly string[] AnalyticsColumns = ["id", "service_name", "team_name", "created_at", "resolved_at", "urgency", "priority_name", "seconds_to_first_ack", "description"];

    public static void Read(IReadOnlyList<string> files, ImportMap map, ImportSink sink, ImportTally tally)
    {
        var exports = new Dictionary<string, JsonExport>(StringComparer.Ordinal);
        try
        {
            foreach (var file in files)
                if (!IsCsv(file) && !exports.ContainsKey(file)) exports[file] = JsonExport.Read(file, File.ReadAllBytes(file), JsonArrays);
            // Log entries first: an incident's acknowledgement and resolution may come from any file of the import.
            var log = new LogEntries();
            foreach (var export in exports.Values)
                foreach (var entry in Records(export, "log_entries", IsLogEntry)) log.Add(entry.Element);
            var row = new ImportRow(map, tally);
            foreach (var file in files)
            {
                if (IsCsv(file)) { ReadAnalyticsCsv(file, map, sink, tally); continue; }
                var export = exports[file];
                if (export.Problem is { } problem) { sink.FileProblem(problem); continue; }
                var rest = Records(export, "incidents", IsRestIncident).ToList();
                var analytics = Records(export, "data", IsAnalyticsIncident).ToList();
                var logEntries = Records(export, "log_entries", IsLogEntry).Count();
                if (rest.Count == 0 && analytics.Count == 0 && logEntries == 0 && !IsEmptyKnownDocument(export))
                {
                    sink.FileProblem(new DataError(export.File, 1, null, DataErrorCodes.UnrecognisedExport,
                        "Not a PagerDuty export: expected {\"incidents\": [...]} or {\"log_entries\": [...]} (REST API v2), {\"data\": [...]} (Analytics raw incidents), or an array of those objects."));
                    continue;
                }
                foreach (var record in rest)
                {
                    row.Start(export.File, record.Line, record.Path);
                    sink.Finish(row, RestIncident(record.Element, row, log));
                }
                foreach (var record in analytics)
                {
                    row.Start(export.File, record.Line, record.Path);
                    var e = record.Element;
                    sink.Finish(row, Analytics(row, JsonExport.Scalar(e, "id"), JsonExport.Scalar(e, "service_name"), JsonExport.Scalar(e, "team_name"),
                        JsonExport.Scalar(e, "created_at"), JsonExport.Scalar(e, "resolved_at"), JsonExport.Scalar(e, "urgency"),
                        JsonExport.Scalar(e, "priority_name"), JsonExport.Scalar(e, "seconds_to_first_ack"), JsonExport.Scalar(e, "description"), name => JsonExport.Scalar(e, name)));
                }
            }
        }
        finally
        {
            foreach (var export in exports.Values) export.Dispose();
        }
    }

    private static bool IsCsv(string file) => Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase);

    private static bool IsEmptyKnownDocument(JsonExport export) =>
        export.Arrays.Count > 0 && export.Arrays.Values.All(a => a.Count == 0) && (export.Arrays.ContainsKey("") || export.TopLevelNames.Any(n => JsonArrays.Contains(n)));

    /// <summary>The records of a named array, or of a top-level array whose elements match <paramref name="shape"/>.</summary>
    private static IEnumerable<JsonRecord> Records(JsonExport export, string name, Func<JsonElement, bool> shape)
    {
        if (export.Arrays.TryGetValue(name, out var named)) foreach (var r in named) yield return r;
        if (export.Arrays.TryGetValue("", out var top)) foreach (var r in top) if (shape(r.Element)) yield return r;
    }

    private static bool IsRestIncident(JsonElement e) => JsonExport.Text(e, "type") is "incident" || JsonExport.Property(e, "service") is { ValueKind: JsonValueKind.Object };
    private static bool IsAnalyticsIncident(JsonElement e) => JsonExport.Property(e, "service_name") is not null && !IsRestIncident(e);
    private static bool IsLogEntry(JsonElement e) => JsonExport.Text(e, "type")?.EndsWith("_log_entry", StringComparison.Ordinal) == true;

    /// <summary>The first acknowledgement and the resolution of each incident, from its log entries.</summary>
    private sealed class LogEntries
    {
        private readonly Dictionary<string, Instant> _firstAck = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Instant> _resolved = new(StringComparer.Ordinal);

        public void Add(JsonElement entry)
        {
            var type = JsonExport.Text(entry, "type");
            if (type is not ("acknowledge_log_entry" or "resolve_log_entry")) return;
            if (JsonExport.Property(entry, "incident") is not { } incident || JsonExport.Text(incident, "id") is not { } id) return;
            if (JsonExport.Text(entry, "created_at") is not { } text || InstantText.TryParse(text, null, out var at) != InstantParseStatus.Ok) return;
            var target = type == "acknowledge_log_entry" ? _firstAck : _resolved;
            if (type == "acknowledge_log_entry") { if (!target.TryGetValue(id, out var seen) || at < seen) target[id] = at; }
            else if (!target.TryGetValue(id, out var seen) || at > seen) target[id] = at;
        }

        public Instant? FirstAcknowledgement(string id) => _firstAck.TryGetValue(id, out var at) ? at : null;
        public Instant? Resolution(string id) => _resolved.TryGetValue(id, out var at) ? at : null;
    }

    private static Incident[] RestIncident(JsonElement e, ImportRow r, LogEntries log)
    {
        var id = r.RequiredText(JsonExport.Text(e, "id"), "id");
        var serviceName = JsonExport.Property(e, "service") is { } service ? JsonExport.Text(service, "summary") : null;
        var mapped = r.Service(serviceName, "service.summary", out var leftOut);
        var created = r.Instant(JsonExport.Text(e, "created_at"), "created_at", required: true);
        var status = JsonExport.Text(e, "status");
        if (status is not ("triggered" or "acknowledged" or "resolved"))
            r.Error("status", status is null ? DataErrorCodes.MissingValue : DataErrorCodes.UnknownEnumeration,
                $"{(status is null ? "'status' is absent" : $"'{status}' is not an incident status")}: PagerDuty's are triggered, acknowledged and resolved.");
        var (severity, impact) = SeverityAndImpact(r, JsonExport.Property(e, "priority") is { } p ? JsonExport.Text(p, "name") ?? JsonExport.Text(p, "summary") : null,
            JsonExport.Text(e, "urgency"), "priority.name");
        var teams = r.Teams(JsonExport.Items(e, "teams").Select(t => JsonExport.Text(t, "summary") ?? ""), "teams");

        Instant? acknowledged = null;
        switch (r.Map.Acknowledgement.Kind)
        {
            case FieldChoiceKind.Documented:
                foreach (var ack in JsonExport.Items(e, "acknowledgements"))
                    if (r.Instant(JsonExport.Text(ack, "at"), "acknowledgements[].at", required: false) is { } at && (acknowledged is null || at < acknowledged)) acknowledged = at;
                if (id is not null && log.FirstAcknowledgement(id) is { } logged && (acknowledged is null || logged < acknowledged)) acknowledged = logged;
                break;
            case FieldChoiceKind.Named:
                acknowledged = r.Instant(JsonExport.Scalar(e, r.Map.Acknowledgement.Field!), r.Map.Acknowledgement.Field!, required: false);
                break;
        }
        Instant? resolved = null;
        if (r.Map.Resolution.Kind == FieldChoiceKind.Named)
            resolved = r.Instant(JsonExport.Scalar(e, r.Map.Resolution.Field!), r.Map.Resolution.Field!, required: false);
        else if (id is not null && log.Resolution(id) is { } logged) resolved = logged;
        else if (status == "resolved") resolved = r.Instant(JsonExport.Text(e, "last_status_change_at"), "last_status_change_at", required: false);
        if (status == "resolved" && resolved is null && !r.HasErrors)
            r.Error("last_status_change_at", DataErrorCodes.UnmappableRecord,
                "The incident is resolved but neither a resolve_log_entry nor last_status_change_at gives the time: export its log entries with it.");
        if (status is "triggered" or "acknowledged" && resolved is not null && r.Map.Resolution.Kind == FieldChoiceKind.Documented)
            resolved = null; // A resolve entry of a later reopening cannot exist (PagerDuty incidents do not reopen); the status is current.
        var responded = Responded(r, acknowledged, name => JsonExport.Scalar(e, name));
        var title = JsonExport.Text(e, "title") is { } t ? r.Title(t, "title") : r.Title(JsonExport.Text(e, "summary"), "summary");
        return Build(r, id, mapped, leftOut, severity, impact, created, acknowledged, responded, resolved, teams, title);
    }

    private static Instant? Responded(ImportRow r, Instant? acknowledged, Func<string, string?> field) => r.Map.Responded.Kind switch
    {
        FieldChoiceKind.None => null,
        FieldChoiceKind.Named => r.Instant(field(r.Map.Responded.Field!), r.Map.Responded.Field!, required: false),
        _ => acknowledged,
    };

    private static (int Severity, Impact Impact) SeverityAndImpact(ImportRow r, ReadOnlySpan<char> priority, ReadOnlySpan<char> urgencyName, string priorityField)
    {
        UrgencyMapping? urgency = null;
        priority = priority.Trim();
        urgencyName = urgencyName.Trim();
        if (urgencyName.IsEmpty) r.Error("urgency", DataErrorCodes.MissingValue, "'urgency' is required (high or low) and is empty or absent.");
        else urgency = r.Urgency(urgencyName, "urgency");
        int? severity = priority.IsEmpty ? urgency?.Severity : r.Priority(priority, priorityField);
        return (severity ?? 0, urgency?.Impact ?? Impact.None);
    }

    private static Incident[] Build(ImportRow r, string? id, string? service, bool leftOut, int severity, Impact impact, Instant? created,
        Instant? acknowledged, Instant? responded, Instant? resolved, ImmutableArray<string> tags, string? title)
    {
        if (created is { } start)
        {
            r.NotBefore(start, "created_at", acknowledged, "acknowledged");
            r.NotBefore(start, "created_at", responded, "responded");
            r.NotBefore(start, "created_at", resolved, "resolved");
        }
        if (r.HasErrors || leftOut) return [];
        return [new Incident(id!, service!, severity, impact, created!.Value, resolved, detected: created, acknowledged: acknowledged, responded: responded, tags: tags) { Team = ImportRow.TeamName(tags), Title = title }];
    }

    private static Incident[] Analytics(ImportRow r, ReadOnlySpan<char> id, ReadOnlySpan<char> serviceName, ReadOnlySpan<char> team, ReadOnlySpan<char> createdText,
        ReadOnlySpan<char> resolvedText, ReadOnlySpan<char> urgency, ReadOnlySpan<char> priority, ReadOnlySpan<char> secondsToAck, ReadOnlySpan<char> description, Func<string, string?> field)
    {
        var checkedId = r.RequiredText(id, "id");
        var service = r.Service(serviceName, "service_name", out var leftOut);
        var created = r.Instant(createdText, "created_at", required: true);
        var (severity, impact) = SeverityAndImpact(r, priority, urgency, "priority_name");
        var tags = r.Team(team, "team_name");
        Instant? acknowledged = null;
        if (r.Map.Acknowledgement.Kind == FieldChoiceKind.Documented)
        {
            if (r.Seconds(secondsToAck, "seconds_to_first_ack") is { } seconds && created is { } c) acknowledged = c + Duration.FromSeconds(seconds);
        }
        else if (r.Map.Acknowledgement.Kind == FieldChoiceKind.Named)
            acknowledged = r.Instant(field(r.Map.Acknowledgement.Field!), r.Map.Acknowledgement.Field!, required: false);
        var resolved = r.Map.Resolution.Kind == FieldChoiceKind.Named
            ? r.Instant(field(r.Map.Resolution.Field!), r.Map.Resolution.Field!, required: false)
            : r.Instant(resolvedText, "resolved_at", required: false);
        var responded = Responded(r, acknowledged, field);
        return Build(r, checkedId, service, leftOut, severity, impact, created, acknowledged, responded, resolved, tags, r.Title(description, "description"));
    }

    private static void ReadAnalyticsCsv(string file, ImportMap map, ImportSink sink, ImportTally tally)
    {
        using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        using var reader = CsvExport.Open(text, file, sink);
        if (reader is null) return;
        var header = reader.Header;
        var slots = new int[AnalyticsColumns.Length];
        var missing = new List<string>();
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = header.TryIndexOf(AnalyticsColumns[i], out var index) ? index : -1;
            if (slots[i] < 0 && AnalyticsColumns[i] is "id" or "service_name" or "created_at" or "urgency") missing.Add(AnalyticsColumns[i]);
        }
        if (header.ColNames.Count == 0 || missing.Count > 0)
        {
            sink.FileProblem(new DataError(file, 1, missing.FirstOrDefault(), DataErrorCodes.MissingColumn,
                $"Not a PagerDuty Analytics incidents CSV: it has no {string.Join(", ", missing.Select(m => $"'{m}'"))} column{(missing.Count == 1 ? "" : "s")} (docs/data.md lists the columns read)."));
            return;
        }
        var columns = header.ColNames.Count;
        var names = header.ColNames.ToArray();
        // Fields the map's [fields] names, read per row only when named (a named field absent from the header is empty).
        var named = new[] { map.Acknowledgement, map.Responded, map.Resolution }.Where(c => c.Kind == FieldChoiceKind.Named)
            .Select(c => c.Field!).Distinct(StringComparer.Ordinal).Select(n => (Name: n, Index: Array.IndexOf(names, n))).ToArray();
        var row = new ImportRow(map, tally);
        static string? Get(SepReader.Row r, int slot) => slot < 0 ? null : r[slot].ToString();
        static ReadOnlySpan<char> Span(SepReader.Row r, int slot) => slot < 0 ? default : r[slot].Span;
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
            if (!row.StartCsv(file, r, columns, sink)) continue;
            Dictionary<string, string?>? extra = null;
            if (named.Length > 0)
            {
                extra = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (name, index) in named) extra[name] = Get(r, index);
            }
            sink.Finish(row, Analytics(row, Span(r, slots[0]), Span(r, slots[1]), Span(r, slots[2]), Span(r, slots[3]), Span(r, slots[4]),
                Span(r, slots[5]), Span(r, slots[6]), Span(r, slots[7]), Span(r, slots[8]), name => extra?.GetValueOrDefault(name)));
        }
    }
}
