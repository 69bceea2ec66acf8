using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import;

/// <summary>The exports <c>sla import</c> reads (docs/data.md, "Importing exports").</summary>
public enum ImportSource
{
    /// <summary>PagerDuty: REST API v2 incidents (+ log entries) JSON, Analytics raw incidents JSON or CSV.</summary>
    PagerDuty,
    /// <summary>Atlassian Statuspage: public v2 incidents.json / scheduled-maintenances.json, v1 REST incidents.</summary>
    Statuspage,
    /// <summary>Any other tool's CSV export, through the map's [columns].</summary>
    Csv,
    /// <summary>Any other tool's JSON Lines export, through the map's [columns].</summary>
    JsonLines,
}

/// <summary>A value of the map: the contract service a source name goes to, or left out on purpose ("-").</summary>
public sealed record MappedService(string? ServiceId)
{
    public bool LeftOut => ServiceId is null;
}

/// <summary>What an urgency (PagerDuty) means: the impact, and the severity of an incident that has no priority.</summary>
public sealed record UrgencyMapping(Impact Impact, int Severity);

/// <summary>
/// A mapping file, read (<see cref="ImportMapReader"/>): how a source's names become the contract's words. Every
/// table is keyed by the source's own spelling (case-sensitive, as exported). Invariants: service ids are non-empty
/// single-line text; severities 0-99; a status mapped to null is "not downtime" (e.g. operational).
/// </summary>
public sealed record ImportMap
{
    /// <summary>The map file (for messages); "(built in)" for the defaults.</summary>
    public string File { get; init; } = "(built in)";

    /// <summary>Zone for source timestamps written without an offset; null: such a timestamp is an error.</summary>
    public DateTimeZone? TimeZone { get; init; }

    /// <summary>Source service (PagerDuty), component (Statuspage) or service value (generic) to contract service.</summary>
    public ImmutableDictionary<string, MappedService> Services { get; init; } = ImmutableDictionary<string, MappedService>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Source priority or severity name (PagerDuty priority, Statuspage impact, generic severity) to severity.</summary>
    public ImmutableDictionary<string, int> Priorities { get; init; } = ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>PagerDuty urgency to impact and fallback severity.</summary>
    public ImmutableDictionary<string, UrgencyMapping> Urgencies { get; init; } = DefaultUrgencies;

    /// <summary>Statuspage component status or generic impact value to impact; null: not downtime.</summary>
    public ImmutableDictionary<string, Impact?> Statuses { get; init; } = DefaultStatuses;

    /// <summary>Source team name to the tag kept on the incident (a kebab word); null: not kept. Empty: teams not kept.</summary>
    public ImmutableDictionary<string, string?> Teams { get; init; } = ImmutableDictionary<string, string?>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Whether the map has a [teams] table (then every team seen must be in it).</summary>
    public bool KeepTeams { get; init; }

    /// <summary>Which source field gives responded: <see cref="FieldChoice.Acknowledged"/> (default), none, or a named field.</summary>
    public FieldChoice Responded { get; init; } = FieldChoice.Acknowledged;

    /// <summary>Which source field gives acknowledged: the documented first acknowledgement (default), none, or a named field.</summary>
    public FieldChoice Acknowledgement { get; init; } = FieldChoice.Documented;

    /// <summary>Which source field gives resolved: the documented resolution (default) or a named field.</summary>
    public FieldChoice Resolution { get; init; } = FieldChoice.Documented;

    /// <summary>Generic sources: our incident field name to the source column; empty for PagerDuty and Statuspage.</summary>
    public ImmutableDictionary<string, string> Columns { get; init; } = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Where each key was written (table.key to line and column), for messages that point into the map.</summary>
    public ImmutableDictionary<string, (int Line, int Column)> Locations { get; init; } = ImmutableDictionary<string, (int, int)>.Empty;

    public static ImmutableDictionary<string, UrgencyMapping> DefaultUrgencies { get; } = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, UrgencyMapping>("high", new UrgencyMapping(Impact.Outage, 1)),
        new KeyValuePair<string, UrgencyMapping>("low", new UrgencyMapping(Impact.Degraded, 3)),
    ]);

    /// <summary>Statuspage's component statuses (operational, degraded_performance, partial_outage, major_outage, under_maintenance).</summary>
    public static ImmutableDictionary<string, Impact?> DefaultStatuses { get; } = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, Impact?>("operational", null),
        new KeyValuePair<string, Impact?>("under_maintenance", null),
        new KeyValuePair<string, Impact?>("degraded_performance", Impact.Degraded),
        new KeyValuePair<string, Impact?>("partial_outage", Impact.Partial),
        new KeyValuePair<string, Impact?>("major_outage", Impact.Outage),
    ]);

    /// <summary>Statuspage incident impact to severity when [priorities] does not name it.</summary>
    public static ImmutableDictionary<string, int> DefaultStatuspageSeverities { get; } = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, int>("critical", 1),
        new KeyValuePair<string, int>("major", 2),
        new KeyValuePair<string, int>("minor", 3),
        new KeyValuePair<string, int>("none", 4),
        new KeyValuePair<string, int>("maintenance", 4),
    ]);
}

/// <summary>A choice of source field in the map's [fields]: the documented default, none, our acknowledged, or a named field.</summary>
public sealed record FieldChoice(FieldChoiceKind Kind, string? Field = null)
{
    public static FieldChoice Documented { get; } = new(FieldChoiceKind.Documented);
    public static FieldChoice Acknowledged { get; } = new(FieldChoiceKind.Acknowledged);
    public static FieldChoice None { get; } = new(FieldChoiceKind.None);

    public override string ToString() => Kind switch
    {
        FieldChoiceKind.Documented => "documented",
        FieldChoiceKind.Acknowledged => "acknowledged",
        FieldChoiceKind.None => "none",
        _ => Field!,
    };
}

public enum FieldChoiceKind
{
    Documented,
    Acknowledged,
    None,
    Named,
}
