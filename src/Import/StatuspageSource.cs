using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import;

/// <summary>
/// Atlassian Statuspage exports (docs/data.md, "Statuspage"): the public v2 <c>incidents.json</c> /
/// <c>scheduled-maintenances.json</c> documents (<c>{"page":{...},"incidents":[...]}</c>,
/// <c>{"page":{...},"scheduled_maintenances":[...]}</c>) and the v1 REST list (<c>GET /v1/pages/{id}/incidents</c>, an
/// array). A scheduled maintenance (<c>scheduled_for</c> set, or impact "maintenance") becomes a maintenance record:
/// announced = created_at, window = [scheduled_for, scheduled_until), services = its components through [services].
/// An incident gives each component downtime only for the spans in which its own status (from
/// <c>incident_updates[].affected_components[]</c> old_status/new_status, in time order) was one [statuses] maps to an
/// impact: one incident record per span, severity from the incident's impact (impact_override first), title = the
/// incident's <c>name</c> (each span's record carries it).
/// </summary>
internal static class StatuspageSource
{
    private static readonly string[] JsonArrays = ["incidents", "scheduled_maintenances"];

    public static void Read(IReadOnlyList<string> files, ImportMap map, ImportSink sink, ImportTally tally)
    {
        var row = new ImportRow(map, tally);
        foreach (var file in files)
        {
            using var export = JsonExport.Read(file, File.ReadAllBytes(file), JsonArrays);
            if (export.Problem is { } problem) { sink.FileProblem(problem); continue; }
            if (export.Arrays.Count == 0)
            {
                sink.FileProblem(new DataError(file, 1, null, DataErrorCodes.UnrecognisedExport,
                    "Not a Statuspage export: expected {\"incidents\": [...]} or {\"scheduled_maintenances\": [...]} (public API v2) or an array of incidents (REST API v1)."));
                continue;
            }
            foreach (var (_, records) in export.Arrays)
                foreach (var record in records)
                {
                    row.Start(file, record.Line, record.Path);
                    if (record.Element.ValueKind != JsonValueKind.Object)
                    {
                        row.Error("", DataErrorCodes.MalformedRow, "Expected an incident object.");
                        sink.Finish(row, []);
                    }
                    else if (IsMaintenance(record.Element)) sink.Finish(row, [], Maintenance(record.Element, row, tally));
                    else sink.Finish(row, Incidents(record.Element, row, tally));
                }
        }
    }

    private static bool IsMaintenance(JsonElement item) => JsonExport.Text(item, "scheduled_for") is not null || JsonExport.Text(item, "impact") == "maintenance";

    private static Maintenance? Maintenance(JsonElement item, ImportRow r, ImportTally tally)
    {
        var id = r.RequiredText(JsonExport.Text(item, "id"), "id");
        var announced = r.Instant(JsonExport.Text(item, "created_at"), "created_at", required: true);
        var start = r.Instant(JsonExport.Text(item, "scheduled_for"), "scheduled_for", required: true);
        var end = r.Instant(JsonExport.Text(item, "scheduled_until"), "scheduled_until", required: true);
        if (start is { } s) r.NotBefore(s, "scheduled_for", end, "scheduled_until");
        var services = ImmutableArray.CreateBuilder<string>();
        var components = 0;
        var i = 0;
        foreach (var component in JsonExport.Items(item, "components"))
        {
            components++;
            if (r.Service(JsonExport.Text(component, "name"), $"components[{i++}].name", out _) is { } service && !services.Contains(service)) services.Add(service);
        }
        if (r.HasErrors) return null;
        if (components > 0 && services.Count == 0)
        {
            tally.Skipped("Statuspage maintenance whose components the map all leaves out");
            return null;
        }
        services.Sort(StringComparer.Ordinal);
        // No components on Statuspage: the maintenance is posted for the whole page, so for every service (docs/data.md).
        return new Maintenance(id!, announced!.Value, start!.Value, end!.Value, services.ToImmutable());
    }

    private sealed record Transition(Instant At, int Order, string Component, string? Old, string New, string Field);

    private static List<Incident> Incidents(JsonElement item, ImportRow r, ImportTally tally)
    {
        var incidents = new List<Incident>();
        var id = r.RequiredText(JsonExport.Text(item, "id"), "id");
        var created = r.Instant(JsonExport.Text(item, "created_at"), "created_at", required: true);
        var startedAt = r.Instant(JsonExport.Text(item, "started_at"), "started_at", required: false);
        var resolved = r.Instant(JsonExport.Text(item, "resolved_at"), "resolved_at", required: false);
        var impactField = JsonExport.Text(item, "impact_override") is not null ? "impact_override" : "impact";
        var impactWord = JsonExport.Text(item, impactField);
        int severity = 0;
        if (impactWord is null) r.Error("impact", DataErrorCodes.MissingValue, "'impact' is required: critical, major, minor or none.");
        else if (r.Priority(impactWord, impactField, w => ImportMap.DefaultStatuspageSeverities.TryGetValue(w, out var s) ? s : null) is { } sev) severity = sev;
        var status = JsonExport.Text(item, "status");
        if (status is "resolved" or "postmortem" && resolved is null && !r.HasErrors)
            r.Error("resolved_at", DataErrorCodes.UnmappableRecord, $"The incident's status is {status} but it has no resolved_at.");
        var started = startedAt ?? created;
        if (started is { } st) r.NotBefore(st, startedAt is null ? "created_at" : "started_at", resolved, "resolved_at");

        // The component status transitions, oldest first (Statuspage lists updates newest first).
        var transitions = new List<Transition>();
        var u = 0;
        var updates = JsonExport.Items(item, "incident_updates").ToList();
        foreach (var update in updates)
        {
            var path = $"incident_updates[{u++}]";
            var at = r.Instant(JsonExport.Text(update, "display_at") ?? JsonExport.Text(update, "created_at"), $"{path}.display_at", required: true);
            var c = 0;
            foreach (var affected in JsonExport.Items(update, "affected_components"))
            {
                var field = $"{path}.affected_components[{c++}]";
                var name = JsonExport.Text(affected, "name");
                var code = JsonExport.Text(affected, "code");
                var newStatus = JsonExport.Text(affected, "new_status");
                if (string.IsNullOrEmpty(name)) { r.Error($"{field}.name", DataErrorCodes.MissingValue, "An affected component needs its name."); continue; }
                if (string.IsNullOrEmpty(newStatus)) { r.Error($"{field}.new_status", DataErrorCodes.MissingValue, "An affected component needs its new_status."); continue; }
                r.Status(newStatus, $"{field}.new_status", out _);
                var old = JsonExport.Text(affected, "old_status");
                if (old is not null) r.Status(old, $"{field}.old_status", out _);
                if (at is { } when) transitions.Add(new Transition(when, transitions.Count, code ?? name, old, newStatus, field));
            }
        }
        var componentNames = JsonExport.Items(item, "components").Select(c => JsonExport.Text(c, "name")).Where(n => n is not null).ToList();
        var title = r.Title(JsonExport.Text(item, "name"), "name");
        if (r.HasErrors) return [];
        if (transitions.Count == 0)
        {
            if (componentNames.Count > 0)
            {
                r.Error("incident_updates", DataErrorCodes.NoComponentTransitions,
                    $"The incident names {componentNames.Count} component(s) but no update records a component status (affected_components): no span can be charged to any component. Export the incident with its updates, or leave it out.");
                return [];
            }
            tally.Skipped("Statuspage incident that names no component");
            return [];
        }

        // Names of components by code (affected_components carry both).
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var update in updates)
            foreach (var affected in JsonExport.Items(update, "affected_components"))
                if (JsonExport.Text(affected, "name") is { } n) names[JsonExport.Text(affected, "code") ?? n] = n;
        var firstUpdate = transitions.Min(t => t.At);
        var spans = new List<(string Service, Instant Start, Instant? End, Impact Impact)>();
        foreach (var group in transitions.GroupBy(t => t.Component, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var service = r.Service(names[group.Key], group.First().Field + ".name", out _);
            if (service is null) continue;
            (Instant Start, Impact Impact)? open = null;
            var ordered = group.OrderBy(t => t.At).ThenByDescending(t => t.Order).ToList(); // ties: the later-listed update is older
            var before = ordered[0].Old is { } o ? r.Map.Statuses.GetValueOrDefault(o) : null;
            if (before is { } down) open = (started ?? firstUpdate, down); // already down when first posted: since the incident's start
            foreach (var t in ordered)
            {
                var now = r.Map.Statuses.GetValueOrDefault(t.New);
                // A status posted with the incident's first update takes effect from the incident's start (started_at may be backdated).
                var at = t.At == firstUpdate && started is { } s && s < t.At ? s : t.At;
                if (open is { } current && current.Impact != now)
                {
                    spans.Add((service, current.Start, at, current.Impact));
                    open = null;
                }
                if (now is { } impact && open is null) open = (at, impact);
            }
            if (open is { } still) spans.Add((service, still.Start, resolved, still.Impact)); // still down at the end: until the incident's resolution
        }
        if (r.HasErrors) return [];
        spans.Sort((a, b) => a.Start.CompareTo(b.Start) is var c && c != 0 ? c : string.CompareOrdinal(a.Service, b.Service));
        var perService = spans.GroupBy(s => s.Service).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var postmortem = JsonExport.Text(item, "postmortem_published_at") is not null;
        foreach (var span in spans)
        {
            if (span.End is { } e && e < span.Start)
            {
                r.Error("resolved_at", DataErrorCodes.EndBeforeStart, $"A component status span begins at {InstantText.Format(span.Start)}, after resolved_at ({InstantText.Format(e)}).");
                return [];
            }
            var n = numbers[span.Service] = numbers.GetValueOrDefault(span.Service) + 1;
            var recordId = spans.Count == 1 ? id! : perService[span.Service] == 1 ? $"{id}/{span.Service}" : $"{id}/{span.Service}/{n}";
            Instant? detected = created is { } d && d >= span.Start ? d : null;
            incidents.Add(new Incident(recordId, span.Service, severity, span.Impact, span.Start, span.End, detected: detected, postmortemCompleted: postmortem) { Title = title });
        }
        if (incidents.Count == 0) tally.Skipped("Statuspage incident in which no mapped component was down");
        return incidents;
    }
}
