using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// One incident in an SLA's downtime audit, as the evaluator's trace gives it (clipped to the window and the as-of):
/// what happened to it and the clause that decided it. Seconds are exact; weight in [0, 1].
/// </summary>
public sealed record AuditIncident(string IncidentId, string Service, int Severity, string? Team, Instant Start, Instant End, bool Open,
    decimal Seconds, decimal Weight, decimal CountedSeconds, string Outcome);

/// <summary>What one exclusion clause removed from an SLA's downtime (exact seconds), and its evidence (maintenance ids).</summary>
public sealed record AuditExclusion(string Clause, string Kind, decimal TimeInWindowSeconds, decimal DowntimeRemovedSeconds, ImmutableArray<string> Evidence);

/// <summary>
/// Every incident one SLA's evaluation saw in the report's latest window, counted or excluded and by which clause,
/// with the totals: the downtime periods (the incidents' union, weighted, minus those shorter than the minimum period)
/// minus what the exclusions removed is the audited downtime, and it must equal the evaluator's downtime for the SLA
/// (<see cref="Reconciles"/>; the mapping refuses to build an audit that does not). For an SLA that measures no
/// downtime (an incident clock), <see cref="EvaluatorDowntimeSeconds"/> is null and the incidents are listed alone.
/// </summary>
public sealed record SlaAudit
{
    public SlaAudit(string slaName, string window, ImmutableArray<AuditIncident> incidents, ImmutableArray<AuditExclusion> exclusions,
        decimal periodSeconds, decimal droppedSeconds, decimal? evaluatorDowntimeSeconds)
    {
        SlaName = Require.NonEmpty(slaName, nameof(slaName));
        Window = Require.NonEmpty(window, nameof(window));
        Incidents = incidents.IsDefault ? [] : incidents;
        Exclusions = exclusions.IsDefault ? [] : exclusions;
        PeriodSeconds = periodSeconds;
        DroppedSeconds = droppedSeconds;
        EvaluatorDowntimeSeconds = evaluatorDowntimeSeconds;
    }

    public string SlaName { get; }
    public string Window { get; }
    public ImmutableArray<AuditIncident> Incidents { get; }
    public ImmutableArray<AuditExclusion> Exclusions { get; }
    /// <summary>Weighted downtime of the periods the minimum-period rule kept, before exclusions.</summary>
    public decimal PeriodSeconds { get; }
    /// <summary>Downtime in periods shorter than the contract's minimum period (not counted).</summary>
    public decimal DroppedSeconds { get; }
    public decimal RemovedByExclusionsSeconds => Exclusions.Sum(e => e.DowntimeRemovedSeconds);
    public decimal AuditedDowntimeSeconds => PeriodSeconds - RemovedByExclusionsSeconds;
    public decimal? EvaluatorDowntimeSeconds { get; }
    public bool MeasuresDowntime => EvaluatorDowntimeSeconds is not null;
    public bool Reconciles => EvaluatorDowntimeSeconds is not { } d || d == AuditedDowntimeSeconds;
    public int Counted => Incidents.Count(i => i.CountedSeconds > 0);
}

/// <summary>An incident of the contract's services in the latest window that no SLA's evaluation counted or excluded (its impact, severity or service is outside every SLA's selection).</summary>
public sealed record UnmeasuredIncident(string IncidentId, string Service, int Severity, string Impact, string? Team, Instant Start, Instant? End);
