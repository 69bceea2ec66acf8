using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// "Down at the same time in at least N of these services or zones" (AWS region level: all instances in two or more
/// zones without connectivity at once). Each service's down intervals are united first (its own overlapping incidents
/// or runs count once for it); an instant is down when at least N services are down at it. The result is downtime
/// evidence at weight 1, one item per stretch with the same services down, each naming the services and the records
/// that made them down, for the evaluator's union and trace. Exact: integer ticks, no rounding.
/// </summary>
public static class AtOnceEvidence
{
    /// <summary>One down interval of one service, [Start, End) in ticks, with the record that made it.</summary>
    public readonly record struct DownInterval(long Start, long End, string Id);

    /// <summary>
    /// From incident records: an incident counts for its service when the commitment's weight qualifies it and no incident
    /// exclusion applies (the excluded ones are named in the notes); open incidents run until as-of, nothing after as-of is
    /// known.
    /// </summary>
    public static DowntimeEvidence FromIncidents(DowntimeCommitment commitment, IReadOnlyList<Incident> incidents, ImmutableArray<string> services, int atLeast, Instant asOf)
    {
        var asOfTicks = asOf.ToUnixTimeTicks();
        var perService = services.Select(_ => new List<DownInterval>()).ToArray();
        var notes = new List<EvaluationWarning>();
        foreach (var inc in incidents)
        {
            var k = services.IndexOf(inc.Service);
            if (k < 0 || commitment.Weight(inc) <= 0) continue;
            var s = inc.Started.ToUnixTimeTicks();
            var e = Math.Min(inc.Resolved?.ToUnixTimeTicks() ?? asOfTicks, asOfTicks);
            if (e <= s) continue;
            if (commitment.IncidentExclusions.FirstOrDefault(x => x.Applies(inc)) is { } excluded)
            {
                notes.Add(new IncidentExcludedForService(inc.Id, inc.Service, excluded.Clause));
                continue;
            }
            if (inc.Resolved is null) notes.Add(new OpenIncidentCounted(inc.Id, asOf, inc.Service));
            perService[k].Add(new DownInterval(s, e, inc.Id));
        }
        return Of(services, perService, atLeast, notes);
    }

    /// <summary>From each service's own down runs (<paramref name="runs"/>[k] for <paramref name="services"/>[k]); their notes are kept.</summary>
    public static DowntimeEvidence FromRuns(ImmutableArray<string> services, IReadOnlyList<DowntimeEvidence> runs, int atLeast)
    {
        if (runs.Count != services.Length) throw new ArgumentException("One body of runs per service.", nameof(runs));
        var perService = runs.Select(r => Enumerable.Range(0, r.Count).Select(i => new DownInterval(r.Starts[i], r.Ends[i], r.Ids[i])).ToList()).ToArray();
        var notes = runs.SelectMany((r, k) => r.Notes.Select(n => (EvaluationWarning)new ServiceWarning(services[k], n))).ToList();
        return Of(services, perService, atLeast, notes);
    }

    /// <summary>The stretches during which at least <paramref name="atLeast"/> services are down (services[k] is down during perService[k]).</summary>
    public static DowntimeEvidence Of(ImmutableArray<string> services, IReadOnlyList<List<DownInterval>> perService, int atLeast, IEnumerable<EvaluationWarning>? notes = null)
    {
        if (atLeast < 1 || atLeast > services.Length) throw new ArgumentOutOfRangeException(nameof(atLeast), atLeast, $"1 to {services.Length} services.");
        // Each service's union, then one event list: +1 at a start, -1 at an end (ends before starts at one instant, so
        // touching intervals of one service never count it twice and [a, b) [b, c) of two services never overlap).
        var events = new List<(long Time, int Delta, int Service)>();
        for (var k = 0; k < perService.Count; k++)
            foreach (var (s, e) in Union(perService[k]))
            {
                events.Add((s, +1, k));
                events.Add((e, -1, k));
            }
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Delta.CompareTo(b.Delta));
        var down = new bool[services.Length];
        var count = 0;
        var ids = new List<string>();
        var starts = new List<long>();
        var ends = new List<long>();
        long? open = null;
        string? openSet = null;
        for (var i = 0; i < events.Count;)
        {
            var t = events[i].Time;
            for (; i < events.Count && events[i].Time == t; i++)
            {
                down[events[i].Service] = events[i].Delta > 0;
                count += events[i].Delta;
            }
            var set = count >= atLeast ? string.Join(", ", services.Where((_, k) => down[k])) : null;
            if (set == openSet) continue;
            if (open is { } from && openSet is not null) Close(from, t, openSet);
            open = set is null ? null : t;
            openSet = set;
        }
        return new DowntimeEvidence([.. ids], [.. starts], [.. ends], [.. Enumerable.Repeat(1m, ids.Count)]) { Notes = notes is null ? [] : [.. notes] };

        void Close(long from, long to, string set)
        {
            // Name the records behind each service down in the stretch.
            var behind = new List<string>();
            for (var k = 0; k < services.Length; k++)
            {
                var records = perService[k].Where(d => d.Start < to && d.End > from).Select(d => d.Id).Distinct().ToList();
                if (records.Count > 0) behind.Add($"{services[k]}: {string.Join(", ", records)}");
            }
            ids.Add($"at once in at least {atLeast} of {services.Length} ({set}; {string.Join("; ", behind)})");
            starts.Add(from);
            ends.Add(to);
        }
    }

    private static IEnumerable<(long Start, long End)> Union(List<DownInterval> intervals)
    {
        if (intervals.Count == 0) yield break;
        var sorted = intervals.OrderBy(d => d.Start).ToList();
        var (s, e) = (sorted[0].Start, sorted[0].End);
        foreach (var d in sorted.Skip(1))
        {
            if (d.Start <= e) { e = Math.Max(e, d.End); continue; }
            yield return (s, e);
            (s, e) = (d.Start, d.End);
        }
        yield return (s, e);
    }
}
