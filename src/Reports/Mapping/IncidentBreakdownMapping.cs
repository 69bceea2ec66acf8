using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Reports.Mapping;

/// <summary>
/// Groups a contract's incidents by severity, team, service and region over the report's windows: per window the
/// incidents that started in it (as the time-to-X KPIs select them), their raw incident time, MTTA and MTTR over the
/// clocks stopped by the as-of (wall clock from <c>started</c>, exact seconds, as docs/semantics.md defines the KPIs).
/// </summary>
public static class IncidentBreakdownMapping
{
    public static ImmutableArray<IncidentBreakdown> Map(IReadOnlyList<Incident> incidents, IReadOnlyList<Interval> windows, Instant asOf) =>
    [
        By(BreakdownDimension.Severity, incidents, windows, asOf, i => "sev" + i.Severity, SeverityOrder),
        By(BreakdownDimension.Team, incidents, windows, asOf, i => i.Team ?? IncidentBreakdown.NotStated, NotStatedLast),
        By(BreakdownDimension.Service, incidents, windows, asOf, i => i.Service, NotStatedLast),
        By(BreakdownDimension.Region, incidents, windows, asOf, i => i.Region ?? IncidentBreakdown.NotStated, NotStatedLast),
    ];

    /// <summary>The cell of one group in one window: the incidents given (already selected by start and group).</summary>
    public static BreakdownCell Cell(IReadOnlyCollection<Incident> incidents, Instant asOf)
    {
        decimal time = 0m, toAck = 0m, toResolve = 0m;
        int acknowledged = 0, resolved = 0;
        foreach (var i in incidents)
        {
            var end = i.Resolved is { } r && r <= asOf ? r : asOf;
            if (end > i.Started) time += Seconds(end - i.Started);
            if (i.Acknowledged is { } a && a <= asOf) { acknowledged++; toAck += Seconds(a - i.Started); }
            if (i.Resolved is { } rr && rr <= asOf) { resolved++; toResolve += Seconds(rr - i.Started); }
        }
        return new BreakdownCell(incidents.Count, time, acknowledged, acknowledged == 0 ? null : toAck / acknowledged, resolved, resolved == 0 ? null : toResolve / resolved);
    }

    private static IncidentBreakdown By(BreakdownDimension dimension, IReadOnlyList<Incident> incidents, IReadOnlyList<Interval> windows, Instant asOf,
        Func<Incident, string> group, Comparison<string> order)
    {
        var inWindows = windows.Select(w => incidents.Where(i => w.Contains(i.Started) && i.Started <= asOf).ToList()).ToList();
        var groups = inWindows.SelectMany(list => list.Select(group)).Distinct(StringComparer.Ordinal).ToList();
        groups.Sort(order);
        var rows = groups.Select(g => new BreakdownRow(g,
            inWindows.Select(list => Cell(list.Where(i => group(i) == g).ToList(), asOf)).ToImmutableArray())).ToImmutableArray();
        return new IncidentBreakdown(dimension, rows);
    }

    private static int SeverityOrder(string a, string b) => int.Parse(a.AsSpan(3)).CompareTo(int.Parse(b.AsSpan(3)));

    private static int NotStatedLast(string a, string b) =>
        (a == IncidentBreakdown.NotStated, b == IncidentBreakdown.NotStated) switch
        {
            (true, false) => 1,
            (false, true) => -1,
            _ => string.CompareOrdinal(a, b),
        };

    private static decimal Seconds(Duration d) => d.BclCompatibleTicks / (decimal)NodaConstants.TicksPerSecond;
}
