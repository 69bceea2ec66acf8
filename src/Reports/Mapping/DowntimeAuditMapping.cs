using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Mapping;

/// <summary>
/// The downtime audit of one evaluation (the report's latest window): for each evaluated SLA, every incident its
/// trace holds with what happened to it and the deciding clause, the exclusions, and totals that reconcile to the
/// evaluator's downtime; then the contract's incidents of the window no SLA counted or excluded. Nothing is
/// recomputed: every number comes from the trace, and an audit that does not add up is a bug, never printed.
/// </summary>
public static class DowntimeAuditMapping
{
    public static ImmutableArray<SlaAudit> Map(ContractEvaluation evaluation, IReadOnlyList<Incident> incidents, Func<string, string> slaName)
    {
        var byId = new Dictionary<string, Incident>(StringComparer.Ordinal);
        foreach (var i in incidents) byId.TryAdd(i.Id, i);
        var audits = ImmutableArray.CreateBuilder<SlaAudit>();
        foreach (var outcome in evaluation.Slas)
        {
            if (outcome.Result is not { } r) continue;
            var trace = r.Trace;
            if (trace.Incidents.IsEmpty && trace.Periods.IsEmpty && r.DowntimeSeconds is null) continue;
            var timeClauses = trace.Exclusions.Where(x => x.Kind != ExclusionKind.Incident && x.DowntimeRemovedSeconds > 0).Select(x => x.Clause).ToList();
            var rows = trace.Incidents.Select(i =>
            {
                var source = byId.GetValueOrDefault(i.Id);
                return new AuditIncident(i.Id, source?.Service ?? "?", source?.Severity ?? 0, source?.Team, i.Start, i.End, i.Open, i.Seconds,
                    Math.Clamp(i.Weight, 0m, 1m), i.CountedSeconds, OutcomeText(i, timeClauses, StatementMapping.DeployedBasis(trace), trace.Periods.Any(p => p.Dropped)));
            }).ToImmutableArray();
            var exclusions = trace.Exclusions.Select(x => new AuditExclusion(x.Clause, Kind(x.Kind), x.TimeInWindowSeconds, x.DowntimeRemovedSeconds, x.Evidence)).ToImmutableArray();
            var kept = trace.Periods.Where(p => !p.Dropped).Sum(p => p.Seconds * Math.Clamp(p.Weight, 0m, 1m));
            var dropped = trace.Periods.Where(p => p.Dropped).Sum(p => p.Seconds * Math.Clamp(p.Weight, 0m, 1m));
            var downtime = r.DowntimeSeconds; // the number evaluate, the statement and the JSON print
            var audit = new SlaAudit(slaName(outcome.Commitment), trace.Window, rows, exclusions, kept, dropped, downtime);
            if (!audit.Reconciles)
                throw new InvalidOperationException($"The downtime audit of '{outcome.Commitment}' adds up to {audit.AuditedDowntimeSeconds} s but the evaluation counted {downtime} s.");
            audits.Add(audit);
        }
        return audits.ToImmutable();
    }

    /// <summary>The contract's incidents touching [start, end) that no SLA's trace holds, in start order.</summary>
    public static ImmutableArray<UnmeasuredIncident> Unmeasured(ContractEvaluation evaluation, IReadOnlyList<Incident> incidents, Interval window)
    {
        var seen = evaluation.Slas.Where(s => s.Result is not null).SelectMany(s => s.Result!.Trace.Incidents.Select(i => i.Id)).ToHashSet(StringComparer.Ordinal);
        return incidents
            .Where(i => i.Started < window.End && (i.Resolved is not { } r || r > window.Start) && i.Started <= evaluation.AsOf && !seen.Contains(i.Id))
            .OrderBy(i => i.Started).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new UnmeasuredIncident(i.Id, i.Service, i.Severity, Runtime.Data.Formats.IncidentFormat.FormatImpact(i.Impact), i.Team, i.Started, i.Resolved))
            .ToImmutableArray();
    }

    private static string Kind(ExclusionKind kind) => kind switch
    {
        ExclusionKind.Maintenance => "maintenance",
        ExclusionKind.Incident => "incidents",
        _ => "recurring time window",
    };

    /// <summary>What happened to the incident and by which clause (internal wording: clause numbers as the contract writes them).</summary>
    internal static string OutcomeText(IncidentTrace i, IReadOnlyList<string> timeClauses, bool deployedBasis = false, bool minimumDropped = true)
    {
        var inExcludedTime = timeClauses.Count == 0 ? "inside excluded time" : $"inside time excluded by clause {string.Join(", ", timeClauses)}";
        // The rest of a part-counted incident, by what can have left it out here: time exclusions, deployed time, the minimum period.
        List<string> rest = [.. timeClauses.Count > 0 ? [inExcludedTime] : Array.Empty<string>(),
            .. deployedBasis ? ["outside the deployed (measured) time"] : Array.Empty<string>(),
            .. minimumDropped ? ["in a period shorter than the minimum"] : Array.Empty<string>()];
        if (rest.Count == 0) rest = [inExcludedTime];
        var text = i.Outcome switch
        {
            IncidentOutcome.Counted when i.CountedSeconds < i.Seconds => $"counted in part ({Words.Duration(i.CountedSeconds)}); the rest not counted: {string.Join(" or ", rest)}",
            IncidentOutcome.Counted => "counted",
            IncidentOutcome.ExcludedByTime => "not counted: " + inExcludedTime,
            IncidentOutcome.ExcludedByIncidentClause => "excluded by clause " + (i.Clause ?? "?"),
            IncidentOutcome.BelowMinimumPeriod => "not counted: shorter than the minimum downtime period",
            IncidentOutcome.OutsideMeasuredPeriod => "not counted: outside the deployed (measured) time",
            IncidentOutcome.ClockMet => "clock within its limit",
            IncidentOutcome.ClockBreached => "clock over its limit (breach)",
            _ => "clock running at the as-of",
        };
        return i.Open ? text + "; open at the as-of" : text;
    }
}
