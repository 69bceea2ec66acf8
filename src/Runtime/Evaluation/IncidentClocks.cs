using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>Where a response or resolution clock starts.</summary>
public enum ClockStart
{
    Started,
    /// <summary>Detected; when an incident has no detection time the clock starts at <see cref="Incident.Started"/> (the earlier, stricter instant) and a warning says so.</summary>
    Detected,
}

/// <summary>Where a clock stops.</summary>
public enum ClockStop
{
    Acknowledged,
    Responded,
    Resolved,
}

/// <summary>A clock rule: from start to stop, optionally counting only inside a business-hours calendar.</summary>
public sealed record ClockRule(ClockStart Start, ClockStop Stop, WeeklyCalendar? BusinessHours = null);

/// <summary>
/// One incident's clock. <see cref="Stopped"/> is false when the stop event has not happened by as-of: the clock then runs
/// until as-of. <see cref="Elapsed"/> is exact (business time when the rule has a calendar).
/// </summary>
public sealed record IncidentClock(string IncidentId, Instant Start, Instant? Stop, bool Stopped, Duration Elapsed, bool StartFellBack, Instant RanUntil);

/// <summary>The outcome of a per-incident commitment ("within 15 minutes, every incident" or "95% of incidents").</summary>
public sealed record PerIncidentOutcome(ImmutableArray<(IncidentClock Clock, bool Breached, bool Pending)> Clocks, int Breaches, int Met, int Pending, ExactRatio? ShareMet);

/// <summary>Per-incident clocks: response and resolution commitments, and the time-to-X KPIs.</summary>
public static class IncidentClocks
{
    public static IncidentClock Measure(Incident incident, ClockRule rule, Instant asOf)
    {
        var fellBack = rule.Start == ClockStart.Detected && incident.Detected is null;
        var start = rule.Start == ClockStart.Detected ? incident.Detected ?? incident.Started : incident.Started;
        Instant? stop = rule.Stop switch
        {
            ClockStop.Acknowledged => incident.Acknowledged,
            ClockStop.Responded => incident.Responded,
            _ => incident.Resolved,
        };
        var stopped = stop is { } s && s <= asOf;
        var end = stopped ? stop!.Value : asOf;
        if (end < start) end = start;
        var elapsed = rule.BusinessHours is { } cal ? cal.ElapsedBetween(start, end) : end - start;
        return new IncidentClock(incident.Id, start, stopped ? stop : null, stopped, elapsed, fellBack, end);
    }

    /// <summary>
    /// Evaluates "within <paramref name="limit"/>" for the qualifying incidents whose clock starts in the window.
    /// A clock meets the limit when elapsed &lt;= limit (exactly the limit meets). A clock still running at as-of is
    /// breached once it has passed the limit, otherwise pending (neither met nor breached, excluded from the share).
    /// </summary>
    public static PerIncidentOutcome Evaluate(IReadOnlyList<Incident> incidents, Func<Incident, bool> qualifies, ClockRule rule, Duration limit, CalendarWindow window, Instant asOf)
    {
        var list = ImmutableArray.CreateBuilder<(IncidentClock, bool, bool)>();
        int breaches = 0, met = 0, pending = 0;
        foreach (var inc in incidents)
        {
            if (!qualifies(inc)) continue;
            var clock = Measure(inc, rule, asOf);
            if (!window.Contains(clock.Start)) continue;
            var over = clock.Elapsed > limit;
            var isPending = !clock.Stopped && !over;
            if (over) breaches++;
            else if (isPending) pending++;
            else met++;
            list.Add((clock, over, isPending));
        }
        var decided = breaches + met;
        return new PerIncidentOutcome(list.ToImmutable(), breaches, met, pending, decided == 0 ? null : new ExactRatio(met, decided));
    }
}

/// <summary>Trend of a count against the previous windows.</summary>
public enum CountTrend
{
    Decreasing,
    Flat,
    Increasing,
    /// <summary>No previous window to compare with.</summary>
    Unknown,
}

/// <summary>Internal KPI measures. Durations are exact ticks; statistics are exact ratios of ticks (seconds = ticks / 10^7).</summary>
public static class KpiMeasures
{
    /// <summary>A tick-valued statistic in minutes, still exact (for targets such as "at most 30 minutes").</summary>
    public static ExactRatio TicksToMinutes(ExactRatio ticks) => new(ticks.Numerator, ticks.Denominator * NodaConstants.TicksPerMinute);

    /// <summary>Mean of stopped clocks as ticks over a count; null when none stopped. Running clocks are not averaged (a warning lists them).</summary>
    public static ExactRatio? MeanTicks(IReadOnlyList<IncidentClock> clocks)
    {
        long sum = 0, n = 0;
        foreach (var c in clocks)
            if (c.Stopped) { sum += c.Elapsed.BclCompatibleTicks; n++; }
        return n == 0 ? null : new ExactRatio(sum, n);
    }

    /// <summary>Median of stopped clocks: the middle value, or the exact mean of the two middle values for an even count.</summary>
    public static ExactRatio? MedianTicks(IReadOnlyList<IncidentClock> clocks)
    {
        var v = Sorted(clocks);
        if (v.Length == 0) return null;
        var mid = v.Length / 2;
        return v.Length % 2 == 1 ? new ExactRatio(v[mid], 1) : new ExactRatio((decimal)v[mid - 1] + v[mid], 2);
    }

    /// <summary>Nearest-rank percentile of stopped clocks: the value at rank ceil(p/100 x n).</summary>
    public static long? PercentileTicks(IReadOnlyList<IncidentClock> clocks, decimal percentile)
    {
        if (percentile <= 0 || percentile > 100) throw new ArgumentOutOfRangeException(nameof(percentile));
        var v = Sorted(clocks);
        if (v.Length == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(percentile * v.Length / 100m));
        return v[rank - 1];
    }

    /// <summary>Share of the window's alerts (by raise time) acknowledged within <paramref name="within"/> (exactly N counts as within); unacknowledged by as-of = not within.</summary>
    public static ExactRatio? ShareOfAlertsAcknowledgedWithin(IReadOnlyList<Alert> alerts, Func<Alert, bool> qualifies, Duration within, CalendarWindow window, Instant asOf, out int raised, out int acknowledgedInTime)
    {
        raised = 0; acknowledgedInTime = 0;
        foreach (var a in alerts)
        {
            if (!qualifies(a) || !window.Contains(a.Raised)) continue;
            raised++;
            if (a.Acknowledged is { } ack && ack <= asOf && ack - a.Raised <= within) acknowledgedInTime++;
        }
        return raised == 0 ? null : new ExactRatio(acknowledgedInTime, raised);
    }

    /// <summary>Postmortem completion: qualifying incidents started in the window with a completed postmortem over all of them (unknown = not completed).</summary>
    public static ExactRatio? PostmortemCompletion(IReadOnlyList<Incident> incidents, Func<Incident, bool> qualifies, CalendarWindow window, out int completed, out int total)
    {
        completed = 0; total = 0;
        foreach (var i in incidents)
        {
            if (!qualifies(i) || !window.Contains(i.Started)) continue;
            total++;
            if (i.PostmortemCompleted == true) completed++;
        }
        return total == 0 ? null : new ExactRatio(completed, total);
    }

    /// <summary>Incidents started in each window (oldest first), and the trend of the last against the one before it.</summary>
    public static (ImmutableArray<int> Counts, CountTrend Trend) CountsAndTrend(IReadOnlyList<Incident> incidents, Func<Incident, bool> qualifies, IReadOnlyList<CalendarWindow> windowsOldestFirst)
    {
        var counts = new int[windowsOldestFirst.Count];
        foreach (var i in incidents)
        {
            if (!qualifies(i)) continue;
            for (var k = 0; k < counts.Length; k++)
                if (windowsOldestFirst[k].Contains(i.Started)) { counts[k]++; break; }
        }
        var trend = counts.Length < 2 ? CountTrend.Unknown
            : counts[^1] < counts[^2] ? CountTrend.Decreasing
            : counts[^1] > counts[^2] ? CountTrend.Increasing : CountTrend.Flat;
        return ([.. counts], trend);
    }

    private static long[] Sorted(IReadOnlyList<IncidentClock> clocks)
    {
        var list = new List<long>(clocks.Count);
        foreach (var c in clocks)
            if (c.Stopped) list.Add(c.Elapsed.BclCompatibleTicks);
        list.Sort();
        return [.. list];
    }
}
