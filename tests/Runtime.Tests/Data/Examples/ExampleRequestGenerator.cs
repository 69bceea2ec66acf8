using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Tests.Data.Examples;

/// <summary>
/// Generates examples/data/requests.csv deterministically: 5-minute slices with latency histograms for <c>api</c>
/// (shaped by the api incidents of examples/data/incidents.csv) and 1-minute slices for <c>platform</c> with the
/// planted error-rate runs described in examples/data/README.md. No randomness: traffic varies by a fixed hash.
/// </summary>
internal static class ExampleRequestGenerator
{
    public static readonly Instant From = Instant.FromUtc(2026, 10, 1, 0, 0);
    public static readonly Instant Until = Instant.FromUtc(2026, 12, 1, 5, 0);
    private static readonly ImmutableArray<long> Bounds = [100, 250, 500, 1000];

    /// <summary>A planted run of platform minutes: first minute (UTC), count, and bad requests per mille.</summary>
    public sealed record PlatformRun(Instant Start, int Minutes, int BadPerMille, string Note);

    public static ImmutableArray<PlatformRun> PlatformRuns { get; } =
    [
        new(Instant.FromUtc(2026, 10, 13, 14, 0), 15, 250, "15 bad minutes: counts (10+ run); 14:05 has exactly 2000 requests, 11% bad"),
        new(Instant.FromUtc(2026, 10, 21, 15, 0), 7, 300, "7 bad minutes: too short to count"),
        new(Instant.FromUtc(2026, 10, 31, 23, 55), 12, 400, "12 bad minutes across the UTC month boundary: 5 in October, 7 in November"),
        new(Instant.FromUtc(2026, 11, 7, 7, 0), 5, 500, "50% errors but only 1500 requests a minute: not down (needs at least 2000)"),
        new(Instant.FromUtc(2026, 11, 18, 16, 20), 12, 400, "12 bad minutes: counts"),
        new(Instant.FromUtc(2026, 11, 25, 12, 0), 13, 200, "9 bad minutes, one minute at exactly 10% (not above), 3 bad minutes: no run of 10"),
    ];

    public static IEnumerable<RequestSlice> Generate(IReadOnlyList<Incident> incidents)
    {
        var api = incidents.Where(i => i.Service == "api" && i.Impact is Impact.Outage or Impact.Degraded).ToList();
        for (var t = From; t < Until; t += Duration.FromMinutes(5))
            yield return ApiSlice(t, api);
        for (var t = From; t < Until; t += Duration.FromMinutes(1))
            yield return PlatformSlice(t);
        foreach (var slice in PlantedSlices()) yield return slice;
    }

    private static readonly ImmutableArray<long> CheckoutBounds = [500, 1000, 2000, 5000];

    /// <summary>
    /// Short stretches of slices for the services whose SLAs or KPIs rest on request data (jira, github, storage,
    /// checkout, payments), each around a planted event of examples/data/README.md; outside them the services have no
    /// slices, which each contract reads as its text says (no down minute; an empty interval at 0% errors).
    /// </summary>
    public static IEnumerable<RequestSlice> PlantedSlices()
    {
        // jira (Atlassian: a minute is down when its error rate is above 5%), 1-minute slices.
        foreach (var s in MinuteSlices("jira", Utc(10, 8, 10, 0), 120, 4000, m => m switch
        {
            >= 30 and < 60 => 320,   // 10:30-10:59: 8% errors, 30 down minutes
            60 => 200,               // 11:00: exactly 5% (200 of 4000): not above 5%, not down
            >= 61 and < 65 => 240,   // 11:01-11:04: 6%, 4 down minutes
            _ => 2,
        })) yield return s;
        foreach (var s in MinuteSlices("jira", Utc(10, 25, 6, 0), 60, 3000, m => m is >= 10 and < 20 ? 600 : 2)) yield return s;  // inside MNT-4: counts (no maintenance exclusion)
        foreach (var s in MinuteSlices("jira", Utc(10, 31, 23, 0), 120, 2000, m => m is >= 50 and < 70 ? 200 : 1)) yield return s; // 23:50-00:09: 10 + 10
        foreach (var s in MinuteSlices("jira", Utc(11, 16, 8, 0), 120, 5000, m => m is >= 20 and < 50 ? 350 : 3)) yield return s;  // 08:20-08:49: 7%, 30 down minutes

        // github (quarterly, same 5% rule; incidents caused by the customer are excluded), 1-minute slices.
        foreach (var s in MinuteSlices("github", Instant.FromUtc(2026, 9, 30, 23, 30), 60, 1000, m => m is >= 25 and < 35 ? 100 : 0)) yield return s; // 23:55-00:04: 5 of 10 in Q4
        foreach (var s in MinuteSlices("github", Utc(10, 15, 17, 30), 120, 1000, m => m is >= 30 and < 75 ? 300 : 0)) yield return s;  // INC-1008 18:00-18:44: 45
        foreach (var s in MinuteSlices("github", Utc(11, 3, 14, 30), 120, 1000, m => m switch
        {
            >= 30 and < 100 => 250,  // INC-2008 15:00-16:09: 70
            100 => 50,               // 16:10: exactly 5%, not down
            _ => 0,
        })) yield return s;
        foreach (var s in MinuteSlices("github", Utc(11, 20, 9, 30), 120, 1000, m => m is >= 30 and < 70 ? 150 : 0)) yield return s;   // 10:00-10:39: 30 in INC-2015 (customer), 10 count

        // storage (average of 5-minute interval error rates, empty intervals 0%), 1-minute slices pooled per interval.
        foreach (var s in MinuteSlices("storage", Utc(10, 9, 7, 0), 120, 800, _ => 400)) yield return s;                           // 24 intervals at 50% = 12
        foreach (var s in MinuteSlices("storage", Utc(10, 31, 23, 50), 20, 600, m => m is >= 5 and < 15 ? 600 : 0)) yield return s; // 23:55 and 00:00 intervals at 100%
        foreach (var s in MinuteSlices("storage", Utc(11, 18, 16, 20), 35, 900, _ => 900)) yield return s;                          // 7 intervals at 100%
        long[] totals = [200, 200, 200, 200, 1700], bads = [200, 200, 200, 200, 800];                                              // 17:00 interval: 1600 / 2500 = 64%
        for (var m = 0; m < 5; m++) yield return new RequestSlice("storage", Utc(11, 18, 17, m), Duration.FromMinutes(1), totals[m], totals[m] - bads[m]);

        // checkout (KPI p95 latency <= 2 s, New York months), 1-hour slices with histograms le 500/1000/2000/5000 ms.
        yield return CheckoutSlice(Utc(10, 20, 16, 0), [4500, 1000, 400, 80, 20]);
        yield return CheckoutSlice(Utc(11, 1, 3, 0), [2500, 800, 300, 320, 80]);    // Oct 31 23:00 EDT: October in New York
        yield return CheckoutSlice(Utc(11, 1, 5, 0), [2100, 540, 210, 120, 30]);     // Nov 1 01:00 EDT
        yield return CheckoutSlice(Utc(11, 1, 6, 0), [2100, 540, 210, 120, 30]);     // Nov 1 01:00 EST: the same local hour again
        yield return CheckoutSlice(Utc(11, 17, 18, 0), [2800, 720, 279, 161, 40]);

        // payments (KPI success rate above 99.5%, no exclusions), 1-hour slices.
        yield return new RequestSlice("payments", Utc(10, 4, 6, 0), Duration.FromHours(1), 2000, 1900);     // inside MNT-1: a KPI does not exclude it
        yield return new RequestSlice("payments", Utc(10, 22, 13, 0), Duration.FromHours(1), 4000, 3950);   // INC-1005 (customer): still counts
        yield return new RequestSlice("payments", Utc(11, 1, 3, 0), Duration.FromHours(1), 34000, 33950);   // Oct 31 23:00 EDT: October in New York
        yield return new RequestSlice("payments", Utc(11, 5, 19, 0), Duration.FromHours(1), 10000, 9960);   // INC-2004 (force majeure)
        yield return new RequestSlice("payments", Utc(11, 20, 15, 0), Duration.FromHours(1), 30000, 29900);
    }

    private static Instant Utc(int month, int day, int hour, int minute) => Instant.FromUtc(2026, month, day, hour, minute);

    /// <summary><paramref name="minutes"/> 1-minute slices of <paramref name="total"/> requests from <paramref name="start"/>, the bad count by minute offset.</summary>
    private static IEnumerable<RequestSlice> MinuteSlices(string service, Instant start, int minutes, long total, Func<int, long> bad)
    {
        for (var m = 0; m < minutes; m++)
            yield return new RequestSlice(service, start + Duration.FromMinutes(m), Duration.FromMinutes(1), total, total - bad(m));
    }

    private static RequestSlice CheckoutSlice(Instant start, long[] counts)
    {
        var total = counts.Sum();
        return new RequestSlice("checkout", start, Duration.FromHours(1), total, total - total / 1000, new LatencyHistogram(CheckoutBounds, [.. counts]));
    }

    private static RequestSlice ApiSlice(Instant start, List<Incident> incidents)
    {
        var end = start + Duration.FromMinutes(5);
        var index = (start - From).TotalMinutes;
        var hour = start.InUtc().Hour;
        var total = 4000L + (hour is >= 13 and <= 22 ? 6000 : 1500) + Hash((long)index) % 1200;
        var impact = incidents.Where(i => i.Started < end && (i.Resolved ?? Instant.MaxValue) > start).Select(i => (Impact?)i.Impact).Min();
        long good;
        long[] shares; // per mille of requests per bucket: le_100, le_250, le_500, le_1000, inf
        switch (impact)
        {
            case Impact.Outage:
                good = total / 20;
                shares = [50, 100, 150, 200, 500];
                break;
            case Impact.Degraded:
                good = total - total / 50;
                shares = [200, 300, 300, 150, 50];
                break;
            default:
                good = total - total / 5000 - Hash((long)index + 7) % 3;
                shares = [700, 220, 60, 15, 5];
                break;
        }
        var counts = new long[shares.Length];
        long assigned = 0;
        for (var i = 0; i < shares.Length - 1; i++)
        {
            counts[i] = total * shares[i] / 1000;
            assigned += counts[i];
        }
        counts[^1] = total - assigned;
        return new RequestSlice("api", start, Duration.FromMinutes(5), total, good, new LatencyHistogram(Bounds, [.. counts]));
    }

    private static RequestSlice PlatformSlice(Instant start)
    {
        var index = (long)(start - From).TotalMinutes;
        var hour = start.InUtc().Hour;
        var night = hour is >= 6 and < 10;
        var total = night ? 1800 + Hash(index) % 150 : 2400 + Hash(index) % 600;
        var bad = total / 1000;
        foreach (var run in PlatformRuns)
        {
            var offset = (long)(start - run.Start).TotalMinutes;
            if (start < run.Start || offset >= run.Minutes) continue;
            bad = total * run.BadPerMille / 1000;
            if (run.Start == Instant.FromUtc(2026, 10, 13, 14, 0) && offset == 5) { total = 2000; bad = 220; }
            if (run.Start == Instant.FromUtc(2026, 11, 7, 7, 0)) { total = 1500; bad = 750; }
            if (run.Start == Instant.FromUtc(2026, 11, 25, 12, 0) && offset == 9) { total = 2400; bad = 240; }
        }
        return new RequestSlice("platform", start, Duration.FromMinutes(1), total, total - bad);
    }

    /// <summary>A fixed integer hash (SplitMix64 finaliser), so traffic looks irregular but never changes.</summary>
    private static long Hash(long x)
    {
        var z = unchecked((ulong)x + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
