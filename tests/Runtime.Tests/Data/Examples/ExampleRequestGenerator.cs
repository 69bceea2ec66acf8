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
