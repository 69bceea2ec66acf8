using System.Numerics;
using NodaTime;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>One incident as the oracle sees it: times are whole units after the scenario origin; weight in hundredths.</summary>
public sealed record OracleIncident(string Id, long Start, long? End, int Weight100, bool CustomerCaused);

/// <summary>An exclusion clause for the oracle: intervals [start, end) in units, or a per-unit question (local time of day); optional cap in units.</summary>
public sealed record OracleExclusion(string Clause, IReadOnlyList<(long Start, long End)> Intervals, long? CapUnits, Func<long, bool>? CoversUnit = null, bool BeyondCapIsDowntime = false);

/// <summary>
/// A deliberately simple evaluator: it walks every unit (second or minute) and asks each incident and exclusion whether
/// it covers that unit. No sorting, no interval arithmetic: the reference the kernels must agree with exactly.
/// Rules it encodes (docs/semantics.md): max weight per unit; runs of down units shorter than the minimum are dropped,
/// judged on all data; then the window; then clauses in order, each consuming its cap chronologically within the
/// measured basis; first clause covering a unit takes it.
/// </summary>
public static class NaiveDowntimeOracle
{
    public sealed record Outcome(long Downtime100Units, long MeasuredUnits, long[] RemovedPerClause100Units);

    public static Outcome Evaluate(
        long windowStart, long windowEnd, long asOf,
        IReadOnlyList<OracleIncident> incidents,
        long minimumUnits,
        IReadOnlyList<OracleExclusion> exclusions,
        bool removedFromMeasuredPeriod,
        IReadOnlyList<(long Start, long? End)>? deployments)
    {
        var lo = windowStart;
        var hi = windowEnd;
        foreach (var i in incidents)
        {
            lo = Math.Min(lo, i.Start);
            hi = Math.Max(hi, i.End ?? asOf);
        }
        hi = Math.Max(hi, asOf);
        var weight = new long[hi - lo];
        for (var t = lo; t < hi; t++)
        {
            foreach (var i in incidents)
            {
                if (i.CustomerCaused) continue;
                var end = Math.Min(i.End ?? asOf, asOf);
                if (i.Start <= t && t + 1 <= end) weight[t - lo] = Math.Max(weight[t - lo], i.Weight100);
            }
        }
        // Minimum period: drop whole runs of down units that are too short.
        var u = lo;
        while (u < hi)
        {
            if (weight[u - lo] == 0) { u++; continue; }
            var runStart = u;
            while (u < hi && weight[u - lo] > 0) u++;
            if (u - runStart < minimumUnits)
                for (var t = runStart; t < u; t++) weight[t - lo] = 0;
        }
        var used = new long[exclusions.Count];
        var removed = new long[exclusions.Count];
        long downtime = 0, measured = 0;
        for (var t = windowStart; t < windowEnd; t++)
        {
            if (deployments is not null)
            {
                var deployed = false;
                foreach (var d in deployments)
                    if (d.Start <= t && t + 1 <= (d.End ?? windowEnd)) deployed = true;
                if (!deployed) continue;
            }
            var excludedBy = -1;
            var beyondCapDown = false;
            for (var k = 0; k < exclusions.Count; k++)
            {
                var covered = false;
                foreach (var x in exclusions[k].Intervals)
                    if (x.Start <= t && t + 1 <= x.End) covered = true;
                if (exclusions[k].CoversUnit is { } covers && covers(t)) covered = true;
                if (!covered) continue;
                if (exclusions[k].CapUnits is { } cap && used[k] >= cap)
                {
                    if (exclusions[k].BeyondCapIsDowntime) beyondCapDown = true;
                    continue;
                }
                used[k]++;
                if (excludedBy < 0) excludedBy = k;
            }
            var w = t >= lo && t < hi ? weight[t - lo] : 0;
            if (excludedBy >= 0)
            {
                removed[excludedBy] += w; // recorded downtime only: beyond-cap time of another clause is not "removed"
                if (!removedFromMeasuredPeriod) measured++;
                continue;
            }
            if (beyondCapDown) w = 100;
            measured++;
            downtime += w;
        }
        return new Outcome(downtime, measured, removed);
    }

    /// <summary>Exact: is (measured - downtime) / measured in percent at least <paramref name="percentTimes1000"/>/1000? (BigInteger, no decimal.)</summary>
    public static bool AtLeast(Outcome o, long percentTimes1000)
    {
        var m100 = new BigInteger(o.MeasuredUnits) * 100;
        return (m100 - o.Downtime100Units) * 100 * 1000 >= percentTimes1000 * m100;
    }

    public static Instant ToInstant(Instant origin, long units, Duration unit) => origin + unit * units;
}
