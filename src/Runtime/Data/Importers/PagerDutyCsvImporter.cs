using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using NodaTime;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Data.Importers;

/// <summary>
/// How PagerDuty's incident fields become ours. PagerDuty has no impact or cause; urgency stands in for impact, and the
/// priority (P1..P5) for severity when the account uses priorities. <see cref="ServiceMap"/> maps PagerDuty service
/// names to contract service ids; when given, an unmapped service is an error (map it to "-" to leave it out on purpose).
/// </summary>
public sealed record PagerDutyImportOptions
{
    public IReadOnlyDictionary<string, string>? ServiceMap { get; init; }
    public Impact HighUrgencyImpact { get; init; } = Impact.Outage;
    public Impact LowUrgencyImpact { get; init; } = Impact.Degraded;
    /// <summary>Severity of a high-urgency incident without priority.</summary>
    public int HighUrgencySeverity { get; init; } = 1;
    /// <summary>Severity of a low-urgency incident without priority.</summary>
    public int LowUrgencySeverity { get; init; } = 3;
    public DataLoadOptions Load { get; init; } = DataLoadOptions.Default;
}

/// <summary>
/// Imports PagerDuty's incidents CSV (the incidents report download and the Analytics raw incidents export, whose
/// columns are <c>id, incident_number, description, service_id, service_name, escalation_policy_name, created_on,
/// resolved_on, seconds_to_first_ack, seconds_to_resolve, urgency, priority_name, ...</c>; the API's
/// <c>created_at</c>/<c>resolved_at</c>/<c>priority</c> spellings are accepted too). Columns we do not use are ignored,
/// as an export carries dozens. Mapping: started = detected = created_on (PagerDuty knows an incident from its trigger);
/// acknowledged = created_on + seconds_to_first_ack; responded = created_on + seconds_to_engage; resolved = resolved_on.
/// </summary>
public static class PagerDutyCsvImporter
{
    private static readonly string[][] Aliases =
    [
        ["id", "incident_id"],
        ["incident_number"],
        ["service_name", "service"],
        ["created_on", "created_at"],
        ["resolved_on", "resolved_at"],
        ["seconds_to_first_ack"],
        ["seconds_to_engage"],
        ["urgency"],
        ["priority_name", "priority"],
        ["status"],
    ];

    private const int Id = 0, Number = 1, Service = 2, Created = 3, Resolved = 4, SecondsToAck = 5, SecondsToEngage = 6,
        Urgency = 7, Priority = 8, Status = 9;

    public static IEnumerable<Incident> Read(string path, DataErrorLog log, PagerDutyImportOptions? options = null)
    {
        using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var incident in Read(text, path, log, options)) yield return incident;
    }

    public static IEnumerable<Incident> Read(TextReader text, string file, DataErrorLog log, PagerDutyImportOptions? options = null)
    {
        options ??= new PagerDutyImportOptions();
        var context = new RowContext(file, log, options.Load.Zone);
        var lineOffset = CsvRecordReader.ReadLeadingComments(text, context);
        using var reader = CsvRecordReader.Open(text, lineOffset + 1, context);
        if (reader is null) yield break;
        var slots = MapHeader(reader.Header, lineOffset + 1, context);
        if (slots is null) yield break;
        var columnCount = reader.Header.ColNames.Count;
        var filter = new RecordFilter<Incident>(IncidentFormat.Instance, context, options.Load.Range);
        while (reader.MoveNext())
        {
            var incident = BuildCurrent(reader.Current, slots, columnCount, lineOffset, context, options, out var skip);
            if (skip) continue;
            if (filter.Accept(incident) is { } accepted) yield return accepted;
        }
    }

    private static int[]? MapHeader(SepReaderHeader header, int line, RowContext context)
    {
        context.StartRow(line);
        var slots = new int[Aliases.Length];
        for (var i = 0; i < Aliases.Length; i++)
        {
            slots[i] = -1;
            foreach (var name in Aliases[i])
                if (header.TryIndexOf(name, out var column)) { slots[i] = column; break; }
        }
        var usable = true;
        foreach (var required in new[] { Service, Created })
        {
            if (slots[required] >= 0) continue;
            context.Error(Aliases[required][0], DataErrorCodes.MissingColumn,
                $"A PagerDuty incidents export has a '{string.Join("' or '", Aliases[required])}' column; this file has none.");
            usable = false;
        }
        if (slots[Id] < 0 && slots[Number] < 0)
        {
            context.Error("id", DataErrorCodes.MissingColumn, "A PagerDuty incidents export has an 'id' or 'incident_number' column; this file has neither.");
            usable = false;
        }
        if (slots[Urgency] < 0 && slots[Priority] < 0)
        {
            context.Error("urgency", DataErrorCodes.MissingColumn, "Severity and impact come from 'urgency' or 'priority_name'; this file has neither.");
            usable = false;
        }
        return usable ? slots : null;
    }

    private static Incident? BuildCurrent(SepReader.Row row, int[] slots, int columnCount, int lineOffset, RowContext c, PagerDutyImportOptions options, out bool skip)
    {
        skip = row.ColCount == 1 && row.Span.Trim().IsEmpty;
        if (skip) return null;
        c.StartRow(row.LineNumberFrom + lineOffset);
        if (row.ColCount != columnCount)
        {
            c.Error(null, DataErrorCodes.MalformedRow, $"The row has {row.ColCount} columns; the header has {columnCount}.");
            return null;
        }
        var fields = new FieldRow(row, slots);
        var id = fields[Id].IsEmpty ? c.RequiredText(fields[Number], "incident_number") : fields[Id].ToString();
        var serviceName = fields[Service];
        string? service;
        if (serviceName.IsEmpty)
        {
            c.Error("service_name", DataErrorCodes.MissingValue, "'service_name' is required.");
            service = null;
        }
        else
        {
            service = MapService(serviceName, options.ServiceMap, "service_name", c, out skip);
            if (skip) { c.Log.RowLeftOutOnPurpose(); return null; }
        }
        var created = c.RequiredInstant(fields[Created], "created_on");
        var resolved = c.OptionalInstant(fields[Resolved], "resolved_on");
        var toAck = c.OptionalInteger(fields[SecondsToAck], "seconds_to_first_ack");
        var toEngage = c.OptionalInteger(fields[SecondsToEngage], "seconds_to_engage");
        var (severity, impact) = SeverityAndImpact(fields[Priority], fields[Urgency], options, c);
        if (fields[Status].Equals("resolved", StringComparison.OrdinalIgnoreCase) && resolved is null && !c.RowHasErrors)
            c.Error("resolved_on", DataErrorCodes.UnmappableRecord, "The incident is resolved but has no resolution time.");
        if (!fields[Created].IsEmpty) c.RequireNotBefore(created, "created_on", resolved, "resolved_on");
        if (c.RowHasErrors) return null;
        Instant? acknowledged = toAck is { } a ? created + Duration.FromSeconds(a) : null;
        Instant? responded = toEngage is { } e ? created + Duration.FromSeconds(e) : null;
        return new Incident(id, service!, severity, impact, created, resolved, detected: created, acknowledged: acknowledged, responded: responded);
    }

    /// <summary>Maps an exported service or component name; "-" in the map means "not covered by any contract".</summary>
    internal static string? MapService(ReadOnlySpan<char> name, IReadOnlyDictionary<string, string>? map, string field, RowContext c, out bool leaveOut)
    {
        leaveOut = false;
        if (map is null) return c.Intern(name);
        var key = name.ToString();
        if (!map.TryGetValue(key, out var mapped))
        {
            c.Error(field, DataErrorCodes.UnmappedService, $"'{key}' is not in the service map; map it to a contract service id, or to \"-\" to leave it out.");
            return null;
        }
        if (mapped == "-") { leaveOut = true; return null; }
        if (string.IsNullOrWhiteSpace(mapped))
        {
            c.Error(field, DataErrorCodes.UnmappedService, $"The service map sends '{key}' to an empty service id.");
            return null;
        }
        return c.Intern(mapped);
    }

    private static (int Severity, Impact Impact) SeverityAndImpact(ReadOnlySpan<char> priority, ReadOnlySpan<char> urgency, PagerDutyImportOptions options, RowContext c)
    {
        bool? high = null;
        if (!urgency.IsEmpty)
        {
            if (urgency.Equals("high", StringComparison.OrdinalIgnoreCase)) high = true;
            else if (urgency.Equals("low", StringComparison.OrdinalIgnoreCase)) high = false;
            else c.Error("urgency", DataErrorCodes.UnknownEnumeration, $"'{urgency}' is not a PagerDuty urgency: high or low.");
        }
        int? severity = null;
        if (!priority.IsEmpty)
        {
            if (priority.Length >= 2 && (priority[0] is 'P' or 'p') && int.TryParse(priority[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 99)
                severity = p;
            else
                c.Error("priority_name", DataErrorCodes.UnknownEnumeration, $"'{priority}' is not a PagerDuty priority like P1..P5.");
        }
        if (high is null && severity is null && !c.RowHasErrors)
            c.Error("urgency", DataErrorCodes.MissingValue, "Neither 'urgency' nor 'priority_name' is set, so severity and impact are unknown.");
        var impact = high switch
        {
            true => options.HighUrgencyImpact,
            false => options.LowUrgencyImpact,
            null => severity <= 2 ? options.HighUrgencyImpact : options.LowUrgencyImpact,
        };
        return (severity ?? (high == true ? options.HighUrgencySeverity : options.LowUrgencySeverity), impact);
    }

    /// <summary>Reads the whole export into memory (exports are small; the evaluator wants arrays).</summary>
    public static ImmutableArray<Incident> ReadAll(string path, DataErrorLog log, PagerDutyImportOptions? options = null) => [.. Read(path, log, options)];
}
