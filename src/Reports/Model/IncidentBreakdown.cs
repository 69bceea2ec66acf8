using System.Collections.Immutable;

namespace SlaKpiDsl.Reports.Model;

/// <summary>What incidents are grouped by in a breakdown of the internal KPI report.</summary>
public enum BreakdownDimension
{
    Severity,
    Team,
    Service,
    Region,
}

/// <summary>
/// One group's incidents in one window (incidents by their start, as the time-to-X KPIs count them). Seconds are exact.
/// <see cref="IncidentSeconds"/> is each incident's start to its resolution (or the as-of while open): raw incident
/// time, before any contract's exclusions and weights (the downtime audit shows what each SLA counted).
/// MTTA and MTTR are the means over the incidents acknowledged or resolved by the as-of (stopped clocks only, as the
/// KPIs count them); null when none was. Invariants: counts non-negative, acknowledged and resolved at most incidents.
/// </summary>
public sealed record BreakdownCell
{
    public BreakdownCell(int incidents, decimal incidentSeconds, int acknowledged, decimal? meanSecondsToAcknowledge, int resolved, decimal? meanSecondsToResolve)
    {
        if (incidents < 0 || acknowledged < 0 || resolved < 0 || acknowledged > incidents || resolved > incidents || incidentSeconds < 0)
            throw new ArgumentOutOfRangeException(nameof(incidents), "Counts are non-negative and acknowledged/resolved at most the incidents.");
        if ((acknowledged == 0) != (meanSecondsToAcknowledge is null) || (resolved == 0) != (meanSecondsToResolve is null))
            throw new ArgumentException("A mean is given exactly when at least one clock stopped.");
        Incidents = incidents;
        IncidentSeconds = incidentSeconds;
        Acknowledged = acknowledged;
        MeanSecondsToAcknowledge = meanSecondsToAcknowledge;
        Resolved = resolved;
        MeanSecondsToResolve = meanSecondsToResolve;
    }

    public int Incidents { get; }
    public decimal IncidentSeconds { get; }
    public int Acknowledged { get; }
    public decimal? MeanSecondsToAcknowledge { get; }
    public int Resolved { get; }
    public decimal? MeanSecondsToResolve { get; }
}

/// <summary>One group (a severity, team, service or region) over the report's windows: one cell per window, oldest first.</summary>
public sealed record BreakdownRow(string Group, ImmutableArray<BreakdownCell> Windows);

/// <summary>
/// The report's incidents grouped by one dimension. Invariant: every row has one cell per window of the report; the
/// rows' counts add up, window by window, to the report's incident count (each incident is in exactly one group;
/// "(none)" holds those the data gives no value for).
/// </summary>
public sealed record IncidentBreakdown(BreakdownDimension Dimension, ImmutableArray<BreakdownRow> Rows)
{
    /// <summary>The group of incidents the data gives no team or region.</summary>
    public const string NotStated = "(not stated)";

    public string Title => Dimension switch
    {
        BreakdownDimension.Severity => "severity",
        BreakdownDimension.Team => "team",
        BreakdownDimension.Service => "service",
        _ => "region",
    };
}
