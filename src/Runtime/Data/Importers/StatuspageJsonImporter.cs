using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Data.Importers;

/// <summary>
/// How Statuspage components become contract services: <see cref="ComponentMap"/> maps a component name to a service id
/// ("-" leaves the component out on purpose); without a map the component name is the service id. An incident without
/// components is charged to <see cref="DefaultService"/>, or is an error when none is given.
/// </summary>
public sealed record StatuspageImportOptions
{
    public IReadOnlyDictionary<string, string>? ComponentMap { get; init; }
    public string? DefaultService { get; init; }
    public DataLoadOptions Load { get; init; } = DataLoadOptions.Default;
}

/// <summary>What a Statuspage export holds for us: incidents and scheduled maintenances.</summary>
public sealed record StatuspageImport(ImmutableArray<Incident> Incidents, ImmutableArray<Maintenance> Maintenance);

/// <summary>
/// Imports Atlassian Statuspage incidents JSON: the REST API's incident objects (<c>GET /v1/pages/{id}/incidents</c>, a
/// JSON array) or the public status API's documents (<c>{"page":..., "incidents":[...]}</c>,
/// <c>{"scheduled_maintenances":[...]}</c>). Fields used: id, status, impact, impact_override, created_at, started_at,
/// resolved_at, scheduled_for, scheduled_until, postmortem_published_at, components[].name. An object with
/// <c>scheduled_for</c> (or impact "maintenance") is a scheduled maintenance: announced = created_at, window =
/// [scheduled_for, scheduled_until). Other objects are incidents: started = started_at (else created_at),
/// detected = created_at when not before the start, resolved = resolved_at; impact critical/major/minor/none becomes
/// outage/partial/degraded/none and severity 1/2/3/4. An incident on several services becomes one incident per service,
/// with id "id/service". Errors carry the line where the object starts and a JSON path as the field.
/// </summary>
public static class StatuspageJsonImporter
{
    public static StatuspageImport Read(string path, DataErrorLog log, StatuspageImportOptions? options = null) =>
        Read(File.ReadAllBytes(path), path, log, options);

    public static StatuspageImport Read(ReadOnlySpan<byte> utf8, string file, DataErrorLog log, StatuspageImportOptions? options = null)
    {
        options ??= new StatuspageImportOptions();
        var context = new RowContext(file, log, options.Load.Zone);
        var lines = new LineIndex(utf8);
        var incidents = ImmutableArray.CreateBuilder<Incident>();
        var maintenance = ImmutableArray.CreateBuilder<Maintenance>();
        var incidentFilter = new RecordFilter<Incident>(IncidentFormat.Instance, context, options.Load.Range);
        var maintenanceFilter = new RecordFilter<Maintenance>(MaintenanceFormat.Instance, context, options.Load.Range);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) { Fail(context, 1, "The file is empty."); return new([], []); }
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadArray(ref reader, "incidents", lines, context, options, incidents, maintenance, incidentFilter, maintenanceFilter);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                var sawArray = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    if (name is "incidents" or "scheduled_maintenances" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        sawArray = true;
                        ReadArray(ref reader, name, lines, context, options, incidents, maintenance, incidentFilter, maintenanceFilter);
                    }
                    else reader.Skip();
                }
                if (!sawArray) Fail(context, 1, "Expected a JSON array of incidents or an object with 'incidents' or 'scheduled_maintenances'.");
            }
            else Fail(context, 1, "Expected a JSON array of incidents or an object with 'incidents' or 'scheduled_maintenances'.");
        }
        catch (JsonException e)
        {
            Fail(context, (int)(e.LineNumber ?? 0) + 1, $"Invalid JSON: {e.Message}");
        }
        return new StatuspageImport(incidents.ToImmutable(), maintenance.ToImmutable());
    }

    private static void Fail(RowContext context, int line, string message)
    {
        context.StartRow(line);
        context.Error(null, DataErrorCodes.MalformedRow, message);
    }

    private static void ReadArray(ref Utf8JsonReader reader, string arrayName, LineIndex lines, RowContext context, StatuspageImportOptions options,
        ImmutableArray<Incident>.Builder incidents, ImmutableArray<Maintenance>.Builder maintenance,
        RecordFilter<Incident> incidentFilter, RecordFilter<Maintenance> maintenanceFilter)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var path = $"{arrayName}[{index++}]";
            context.StartRow(lines.LineOf(reader.TokenStartIndex));
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                context.Error(path, DataErrorCodes.MalformedRow, "Expected an incident object.");
                context.Log.RowLeftOut(DataErrorCodes.MalformedRow);
                reader.Skip();
                continue;
            }
            using var document = JsonDocument.ParseValue(ref reader);
            var item = document.RootElement;
            if (IsMaintenance(item))
            {
                var m = BuildMaintenance(item, path, context, options, out var excluded);
                if (excluded) context.Log.RowLeftOutOnPurpose();
                else if (maintenanceFilter.Accept(m) is { } accepted) maintenance.Add(accepted);
            }
            else
            {
                var built = BuildIncidents(item, path, context, options, out var excluded);
                if (built is null) incidentFilter.Accept(null);
                else
                {
                    foreach (var incident in built)
                        if (incidentFilter.Accept(incident) is { } accepted) incidents.Add(accepted);
                    for (var i = 0; i < excluded; i++) context.Log.RowLeftOutOnPurpose();
                }
            }
        }
    }

    private static bool IsMaintenance(JsonElement item) =>
        Text(item, "scheduled_for") is not null || Text(item, "impact") == "maintenance";

    private static Maintenance? BuildMaintenance(JsonElement item, string path, RowContext c, StatuspageImportOptions options, out bool excluded)
    {
        var id = c.RequiredText(Text(item, "id"), $"{path}.id");
        var announced = c.RequiredInstant(Text(item, "created_at"), $"{path}.created_at");
        var start = c.RequiredInstant(Text(item, "scheduled_for"), $"{path}.scheduled_for");
        var end = c.RequiredInstant(Text(item, "scheduled_until"), $"{path}.scheduled_until");
        var (services, unmapped) = Services(item, path, c, options);
        excluded = false;
        if (!c.RowHasErrors)
        {
            c.RequireNotBefore(start, $"{path}.scheduled_for", end, $"{path}.scheduled_until");
            // Every component deliberately unmapped: the maintenance concerns nothing under contract.
            if (services.IsEmpty && unmapped > 0) { excluded = true; return null; }
        }
        if (c.RowHasErrors) return null;
        return new Maintenance(id, announced, start, end, services);
    }

    private static List<Incident>? BuildIncidents(JsonElement item, string path, RowContext c, StatuspageImportOptions options, out int excluded)
    {
        excluded = 0;
        var id = c.RequiredText(Text(item, "id"), $"{path}.id");
        var created = c.RequiredInstant(Text(item, "created_at"), $"{path}.created_at");
        var startedAt = c.OptionalInstant(Text(item, "started_at"), $"{path}.started_at");
        var resolved = c.OptionalInstant(Text(item, "resolved_at"), $"{path}.resolved_at");
        var impactText = Text(item, "impact_override") ?? Text(item, "impact");
        var (severity, impact) = impactText switch
        {
            "critical" => (1, Impact.Outage),
            "major" => (2, Impact.Partial),
            "minor" => (3, Impact.Degraded),
            "none" => (4, Impact.None),
            null => Missing(c, $"{path}.impact"),
            _ => Unknown(c, $"{path}.impact", impactText),
        };
        var status = Text(item, "status");
        if (status is "resolved" or "postmortem" && resolved is null && !c.RowHasErrors)
            c.Error($"{path}.resolved_at", DataErrorCodes.UnmappableRecord, $"The incident's status is {status} but it has no resolved_at.");
        var (services, unmapped) = Services(item, path, c, options);
        if (c.RowHasErrors) return null;
        var started = startedAt ?? created;
        c.RequireNotBefore(started, $"{path}.started_at", resolved, $"{path}.resolved_at");
        if (c.RowHasErrors) return null;
        if (services.IsEmpty && unmapped == 0)
        {
            if (options.DefaultService is null)
            {
                c.Error($"{path}.components", DataErrorCodes.MissingValue, "The incident names no component; give a default service to charge it to.");
                return null;
            }
            services = [options.DefaultService];
        }
        excluded = services.IsEmpty ? 1 : 0;
        Instant? detected = created >= started ? created : null;
        var postmortem = Text(item, "postmortem_published_at") is not null;
        return services.Select(service => new Incident(services.Length == 1 ? id : $"{id}/{service}", service, severity, impact, started, resolved,
            detected: detected, postmortemCompleted: postmortem)).ToList();
    }

    private static (int, Impact) Missing(RowContext c, string field)
    {
        c.Error(field, DataErrorCodes.MissingValue, "'impact' is required: critical, major, minor or none.");
        return (0, Impact.None);
    }

    private static (int, Impact) Unknown(RowContext c, string field, string value)
    {
        c.Error(field, DataErrorCodes.UnknownEnumeration, $"'{value}' is not a Statuspage impact: critical, major, minor or none.");
        return (0, Impact.None);
    }

    /// <summary>The distinct mapped services of the item's components, and how many components the map leaves out on purpose.</summary>
    private static (ImmutableArray<string> Services, int Unmapped) Services(JsonElement item, string path, RowContext c, StatuspageImportOptions options)
    {
        if (!item.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array) return ([], 0);
        var services = ImmutableArray.CreateBuilder<string>();
        var unmapped = 0;
        var i = 0;
        foreach (var component in components.EnumerateArray())
        {
            var field = $"{path}.components[{i++}].name";
            var name = component.ValueKind == JsonValueKind.Object ? Text(component, "name") : null;
            if (string.IsNullOrWhiteSpace(name))
            {
                c.Error(field, DataErrorCodes.MissingValue, "A component needs a name.");
                continue;
            }
            var service = PagerDutyCsvImporter.MapService(name, options.ComponentMap, field, c, out var leaveOut);
            if (leaveOut) { unmapped++; continue; }
            if (service is not null && !services.Contains(service)) services.Add(service);
        }
        return (services.ToImmutable(), unmapped);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Byte offset to 1-based line number, by binary search over the newline positions.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _newlines = [];

        public LineIndex(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
                if (utf8[i] == (byte)'\n') _newlines.Add(i);
        }

        public int LineOf(long offset)
        {
            var index = _newlines.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }
    }
}
