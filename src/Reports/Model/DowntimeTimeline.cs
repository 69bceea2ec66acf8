using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// One local day of a statement period and the downtime in it, weighted as the measurement weighs it, in exact seconds:
/// counted, removed by an exclusion clause, and not counted because its period was shorter than the contract's minimum.
/// Invariant: every amount is non-negative.
/// </summary>
public sealed record TimelineDay
{
    public TimelineDay(LocalDate date, decimal countedSeconds, decimal excludedSeconds, decimal tooShortSeconds)
    {
        if (countedSeconds < 0 || excludedSeconds < 0 || tooShortSeconds < 0) throw new ArgumentOutOfRangeException(nameof(countedSeconds), "Downtime in a day is non-negative.");
        Date = date;
        CountedSeconds = countedSeconds;
        ExcludedSeconds = excludedSeconds;
        TooShortSeconds = tooShortSeconds;
    }

    public LocalDate Date { get; }
    public decimal CountedSeconds { get; }
    public decimal ExcludedSeconds { get; }
    public decimal TooShortSeconds { get; }
}

/// <summary>
/// Where a commitment's downtime lies in the statement period, day by day (local days of the contract's zone; a
/// daylight-saving day is 23 or 25 hours long). Invariants: one entry per local day of the period, consecutive and in
/// order; the days' counted seconds add up to the ledger's downtime counted, the excluded ones to its downtime removed
/// by exclusions, and the too-short ones to its periods dropped by the minimum-period rule (the mapping checks the
/// totals against the evaluator's).
/// </summary>
public sealed record DowntimeTimeline
{
    public DowntimeTimeline(string timeZone, ImmutableArray<TimelineDay> days)
    {
        TimeZone = Require.NonEmpty(timeZone, nameof(timeZone));
        if (days.IsDefaultOrEmpty) throw new ArgumentException("A timeline has at least one day.", nameof(days));
        for (var i = 1; i < days.Length; i++)
        {
            if (days[i].Date != days[i - 1].Date.PlusDays(1)) throw new ArgumentException($"Timeline days must be consecutive: {days[i - 1].Date} then {days[i].Date}.", nameof(days));
        }
        Days = days;
        CountedSeconds = days.Sum(d => d.CountedSeconds);
        ExcludedSeconds = days.Sum(d => d.ExcludedSeconds);
        TooShortSeconds = days.Sum(d => d.TooShortSeconds);
    }

    public string TimeZone { get; }
    public ImmutableArray<TimelineDay> Days { get; }
    public decimal CountedSeconds { get; }
    public decimal ExcludedSeconds { get; }
    public decimal TooShortSeconds { get; }
    public bool HasDowntime => CountedSeconds > 0 || ExcludedSeconds > 0 || TooShortSeconds > 0;

    /// <summary>
    /// The timeline of a downtime measurement's trace over the local days from <paramref name="firstDay"/> to
    /// <paramref name="lastDay"/> (inclusive) in <paramref name="zone"/>: the counted segments, the downtime each time
    /// exclusion removed, and the periods dropped as too short, each split at local midnights and weighted.
    /// </summary>
    public static DowntimeTimeline From(CommitmentTrace trace, DateTimeZone zone, LocalDate firstDay, LocalDate lastDay)
    {
        if (lastDay < firstDay) throw new ArgumentException("The timeline's last day is before its first.", nameof(lastDay));
        var count = Period.DaysBetween(firstDay, lastDay) + 1;
        var bounds = new long[count + 1];
        for (var i = 0; i <= count; i++) bounds[i] = zone.AtStartOfDay(firstDay.PlusDays(i)).ToInstant().ToUnixTimeTicks();
        var counted = new decimal[count];
        var excluded = new decimal[count];
        var tooShort = new decimal[count];
        foreach (var s in trace.CountedSegments) Spread(s.Start, s.End, s.Weight, bounds, counted);
        foreach (var x in trace.ExcludedSegments) Spread(x.Start, x.End, x.Weight, bounds, excluded);
        foreach (var p in trace.Periods.Where(p => p.Dropped)) Spread(p.Start, p.End, p.Weight, bounds, tooShort);
        var days = ImmutableArray.CreateBuilder<TimelineDay>(count);
        for (var i = 0; i < count; i++) days.Add(new TimelineDay(firstDay.PlusDays(i), TimeMath.Normalize(counted[i]), TimeMath.Normalize(excluded[i]), TimeMath.Normalize(tooShort[i])));
        return new DowntimeTimeline(zone.Id, days.MoveToImmutable());
    }

    /// <summary>Adds the weighted seconds of [start, end) to each day it overlaps; time outside the days is not drawn (the caller checks the totals).</summary>
    private static void Spread(Instant start, Instant end, decimal weight, long[] bounds, decimal[] into)
    {
        var s = start.ToUnixTimeTicks();
        var e = end.ToUnixTimeTicks();
        for (var i = 0; i < into.Length; i++)
        {
            var from = Math.Max(s, bounds[i]);
            var to = Math.Min(e, bounds[i + 1]);
            if (to > from) into[i] += TimeMath.Seconds(to - from) * weight;
        }
    }
}
