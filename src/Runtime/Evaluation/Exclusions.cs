using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>How excluded time is accounted (the contract must say; LANGUAGE.md rule 5).</summary>
public enum ExcludedTimeAccounting
{
    /// <summary>Excluded time counts as available: removed from downtime only (Twilio's (A - B + C) / A, AWS).</summary>
    CountsAsAvailable,
    /// <summary>Excluded time is removed from the measured period: from downtime and from the total (Cloudflare).</summary>
    RemovedFromMeasuredPeriod,
}

/// <summary>What the measured period (the ratio's denominator) starts from, before excluded time is removed.</summary>
public enum MeasuredPeriodBasis
{
    /// <summary>The calendar window (clipped by the effective range).</summary>
    CalendarWindow,
    /// <summary>The time the resource was deployed inside the window (Azure), from Deployment records.</summary>
    DeployedTime,
}

/// <summary>
/// A time exclusion clause: instant intervals (maintenance windows, a local time-of-day window) during which downtime
/// does not count, with an optional cap per window. Cap rule: the clause's time inside the measured period is consumed
/// in chronological order; the part beyond the cap is not excluded (downtime there counts).
/// Invariant: starts and ends have the same length and every end is not before its start.
/// </summary>
public sealed class TimeExclusion
{
    public TimeExclusion(string clause, ExclusionKind kind, long[] starts, long[] ends, Duration? capPerWindow, ImmutableArray<string> evidence = default, bool beyondCapCountsAsDowntime = false)
    {
        if (starts.Length != ends.Length) throw new ArgumentException("Starts and ends differ in length.");
        for (var i = 0; i < starts.Length; i++)
            if (ends[i] < starts[i]) throw new ArgumentException($"Exclusion interval {i} of clause '{clause}' ends before it starts.");
        if (capPerWindow is { } c && c < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(capPerWindow), "A cap is non-negative.");
        Clause = clause;
        Kind = kind;
        Starts = starts;
        Ends = ends;
        CapPerWindow = capPerWindow;
        Evidence = evidence.IsDefault ? ImmutableArray<string>.Empty : evidence;
        BeyondCapCountsAsDowntime = beyondCapCountsAsDowntime;
    }

    /// <summary>
    /// When true, the clause's own time beyond its cap counts as downtime at full weight even where no incident was
    /// recorded (scheduled downtime beyond "at most 10 hours a year" is downtime: the service was down for it), unless
    /// another clause excludes it. When false, beyond the cap only recorded downtime counts.
    /// </summary>
    public bool BeyondCapCountsAsDowntime { get; }

    public string Clause { get; }
    /// <summary>What the clause excludes: shown in the trace.</summary>
    public ExclusionKind Kind { get; }
    public long[] Starts { get; }
    public long[] Ends { get; }
    public Duration? CapPerWindow { get; }
    /// <summary>Ids of the records that produced the intervals (maintenance ids).</summary>
    public ImmutableArray<string> Evidence { get; }

    /// <summary>Maintenance of <paramref name="service"/> selected by the clause's predicate (e.g. announced at least 72 hours ahead).</summary>
    public static TimeExclusion FromMaintenance(string clause, IEnumerable<Maintenance> maintenance, string service, Func<Maintenance, bool> predicate, Duration? capPerWindow, bool beyondCapCountsAsDowntime = false)
    {
        var s = new List<long>();
        var e = new List<long>();
        var ids = ImmutableArray.CreateBuilder<string>();
        foreach (var m in maintenance)
        {
            if (!m.Covers(service) || !predicate(m)) continue;
            s.Add(m.Start.ToUnixTimeTicks());
            e.Add(m.End.ToUnixTimeTicks());
            ids.Add(m.Id);
        }
        return new TimeExclusion(clause, ExclusionKind.Maintenance, s.ToArray(), e.ToArray(), capPerWindow, ids.ToImmutable(), beyondCapCountsAsDowntime);
    }

    /// <summary>A local weekly time-of-day window ("Sundays 02:00-06:00") materialised over a measurement window.</summary>
    public static TimeExclusion FromWeeklyCalendar(string clause, WeeklyCalendar calendar, CalendarWindow window, Duration? capPerWindow)
    {
        var list = calendar.IntervalsWithin(window.Start, window.End);
        var s = new long[list.Count];
        var e = new long[list.Count];
        for (var i = 0; i < list.Count; i++) (s[i], e[i]) = list[i];
        return new TimeExclusion(clause, ExclusionKind.TimeOfDay, s, e, capPerWindow);
    }
}

/// <summary>An incident exclusion clause (cause in a set, a tag): matching incidents never qualify as downtime; the trace lists them.</summary>
public sealed record IncidentExclusion(string Clause, Func<Incident, bool> Applies);
