using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

public sealed class RequestMetricsTests
{
    private static readonly Duration Minute = Duration.FromMinutes(1);
    private static readonly CalendarWindow Nov = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);

    private static RequestSlice Slice(Instant start, long total, long good, Duration? length = null, LatencyHistogram? h = null) =>
        new("api", start, length ?? Minute, total, good, h);

    public static TheoryData<string, long, long, bool> ClassificationRows => new()
    {
        { "exactly 10% is not above 10%", 2000, 1800, false },
        { "one more error is above", 2000, 1799, true },
        { "too few requests never count", 1999, 0, false },
        { "no requests is not down", 0, 0, false },
    };

    [Theory]
    [MemberData(nameof(ClassificationRows))]
    public void Interval_is_down_when_error_rate_is_strictly_above_with_enough_requests(string row, long total, long good, bool down)
    {
        Assert.True(down == RequestMetrics.IsDown(Slice(Nov.Start, total, good), 10m, 2000), row);
    }

    [Fact]
    public void A_run_crossing_the_window_edge_is_judged_whole_and_counted_inside_each_window()
    {
        // Google: runs of 10+ down minutes. 23:55 Oct 31 - 00:05 Nov 1 (UTC) is one 10-minute run:
        // judged whole it qualifies; November counts its 5 minutes, October its 5.
        var start = Nov.Start - Duration.FromMinutes(5);
        var slices = Enumerable.Range(0, 10).Select(k => Slice(start + Minute * k, 2000, 1000)).ToList();
        var runs = RequestMetrics.DownRuns(slices, 10m, 2000, 10);
        Assert.Equal(1, runs.Count);
        var commitment = new DowntimeCommitment("uptime", "2", ValueCondition.AtLeast(99.9m), _ => 1m, Duration.Zero, [],
            ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
        var nov = new DowntimeEvaluator().Evaluate(commitment, Nov, Nov.End, runs, []);
        var oct = new DowntimeEvaluator().Evaluate(commitment, WindowCalendar.Month(DateTimeZone.Utc, 2026, 10), Nov.End, runs, []);
        Assert.Equal(300m, nov.DowntimeSeconds);
        Assert.Equal(300m, oct.DowntimeSeconds);
    }

    [Fact]
    public void A_missing_slice_breaks_a_run()
    {
        var s = Nov.Start + Duration.FromHours(1);
        var slices = Enumerable.Range(0, 12).Where(k => k != 5).Select(k => Slice(s + Minute * k, 2000, 0)).ToList();
        Assert.Equal(0, RequestMetrics.DownRuns(slices, 10m, 2000, 10).Count);
        Assert.Equal(2, RequestMetrics.DownRuns(slices, 10m, 2000, 5).Count);
    }

    [Fact]
    public void Slices_in_any_order_give_the_runs_of_the_same_slices_in_time_order()
    {
        // The kernel skips its sort when the slices are already in time order: shuffled input must still be sorted.
        var s = Nov.Start + Duration.FromHours(1);
        var ordered = Enumerable.Range(0, 40).Select(k => Slice(s + Minute * k, 2000, k % 13 == 0 ? 2000 : 0)).ToList();
        var shuffled = ordered.OrderBy(x => (x.Start.ToUnixTimeTicks() * 7919) % 101).ToList();
        Assert.NotEqual(ordered, shuffled);
        var a = RequestMetrics.DownRuns(ordered, 10m, 2000, 5);
        var b = RequestMetrics.DownRuns(shuffled, 10m, 2000, 5);
        Assert.Equal(3, a.Count);
        Assert.Equal(a.Ids.ToArray(), b.Ids.ToArray());
        Assert.Equal(a.Starts.ToArray(), b.Starts.ToArray());
        Assert.Equal(a.Ends.ToArray(), b.Ends.ToArray());
    }

    [Fact]
    public void Down_runs_agree_with_a_minute_by_minute_oracle()
    {
        var gen = (from total in Gen.OneOf(0L, 1999L, 2000L, 5000L) from badPermille in Gen.Int[0, 1000] from present in Gen.Frequency((19, Gen.Const(true)), (1, Gen.Const(false)))
                   select (total, badPermille, present)).Array[1, 200];
        Gen.Select(gen, Gen.Int[1, 12]).Sample((minutes, n) =>
        {
            var slices = new List<RequestSlice>();
            for (var k = 0; k < minutes.Length; k++)
                if (minutes[k].present)
                    slices.Add(Slice(Nov.Start + Minute * k, minutes[k].total, minutes[k].total - minutes[k].total * minutes[k].badPermille / 1000));
            // Oracle: mark each minute down, then keep minutes in runs of n or more.
            var down = new bool[minutes.Length];
            for (var k = 0; k < minutes.Length; k++)
            {
                var (total, bp, present) = minutes[k];
                var bad = total * bp / 1000;
                down[k] = present && total >= 2000 && bad * 100 > 5 * total;
            }
            var expected = 0;
            for (var k = 0; k < down.Length;)
            {
                if (!down[k]) { k++; continue; }
                var j = k;
                while (j < down.Length && down[j]) j++;
                if (j - k >= n) expected += j - k;
                k = j;
            }
            var runs = RequestMetrics.DownRuns(slices, 5m, 2000, n);
            long ticks = 0;
            for (var i = 0; i < runs.Count; i++) ticks += runs.Ends[i] - runs.Starts[i];
            Assert.Equal(expected * NodaConstants.TicksPerMinute, ticks);
        }, iter: 300);
    }

    [Fact]
    public void A_run_is_judged_only_on_the_slices_known_at_as_of_and_reported_open()
    {
        // Issue 16: 12 bad minutes from 10:00Z, as-of 10:05Z, runs of 10. Known at as-of: 10:00-10:05, five minutes, so
        // no run of 10 yet: 0 downtime (before the fix the unknown minutes 10:05-10:12 completed the run and 5 counted).
        var ten = Nov.Start + Duration.FromHours(10);
        var asOf = ten + Duration.FromMinutes(5);
        var slices = Enumerable.Range(0, 12).Select(k => Slice(ten + Minute * k, 2000, 0)).ToList();
        var runs = RequestMetrics.DownRuns(slices, 10m, 2000, 10, asOf: asOf);
        Assert.Equal(0, runs.Count);
        var note = Assert.Single(runs.Notes);
        Assert.Equal(new DownRunOpen(ten, asOf, Known: 5, Minimum: 10, Counted: false), note);
        var commitment = new DowntimeCommitment("uptime", "2", ValueCondition.AtLeast(99.9m), _ => 1m, Duration.Zero, [],
            ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
        var result = new DowntimeEvaluator().Evaluate(commitment, Nov, asOf, runs, []);
        Assert.Equal(0m, result.DowntimeSeconds);
        Assert.Contains(note, result.Trace.Warnings);
        // Known up to 10:12 the whole run is known and closed: 12 minutes, no note.
        var later = RequestMetrics.DownRuns(slices, 10m, 2000, 10, asOf: ten + Duration.FromMinutes(13));
        Assert.Equal(1, later.Count);
        Assert.Empty(later.Notes);
        // At 10:10 ten minutes are known: the run counts already, and is still reported open.
        var atTen = RequestMetrics.DownRuns(slices, 10m, 2000, 10, asOf: ten + Duration.FromMinutes(10));
        Assert.Equal(ten + Duration.FromMinutes(10), Instant.FromUnixTimeTicks(atTen.Ends[0]));
        Assert.Equal(new DownRunOpen(ten, ten + Duration.FromMinutes(10), Known: 10, Minimum: 10, Counted: true), Assert.Single(atTen.Notes));
    }

    [Fact]
    public void Slices_after_as_of_change_nothing()
    {
        // Any data starting at or after as-of (down or not, touching a run or not) leaves the runs and their notes as they were
        // with only the known slices; and the known runs agree with the minute-by-minute oracle cut at as-of.
        var minutes = (from total in Gen.OneOf(0L, 2000L) from bad in Gen.Bool from present in Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false)))
                       select (total, bad, present)).Array[1, 120];
        Gen.Select(minutes, Gen.Int[0, 130], Gen.Int[1, 12]).Sample((data, asOfMinute, n) =>
        {
            var asOf = Nov.Start + Minute * asOfMinute;
            var all = new List<RequestSlice>();
            for (var k = 0; k < data.Length; k++)
                if (data[k].present) all.Add(Slice(Nov.Start + Minute * k, data[k].total, data[k].bad ? 0 : data[k].total));
            var known = all.Where(s => s.Start < asOf).ToList();
            var withLater = RequestMetrics.DownRuns(all, 10m, 2000, n, asOf: asOf);
            var onlyKnown = RequestMetrics.DownRuns(known, 10m, 2000, n, asOf: asOf);
            Assert.Equal(onlyKnown.Starts, withLater.Starts);
            Assert.Equal(onlyKnown.Ends, withLater.Ends);
            Assert.True(onlyKnown.Notes.SequenceEqual(withLater.Notes), string.Join(" / ", onlyKnown.Notes) + " VS " + string.Join(" / ", withLater.Notes));
            long expected = 0;
            for (var k = 0; k < data.Length && k < asOfMinute;)
            {
                bool Down(int m) => m < asOfMinute && data[m].present && data[m].total >= 2000 && data[m].bad;
                if (!Down(k)) { k++; continue; }
                var j = k;
                while (j < data.Length && Down(j)) j++;
                if (j - k >= n) expected += j - k;
                k = j;
            }
            long ticks = 0;
            for (var i = 0; i < withLater.Count; i++) ticks += withLater.Ends[i] - withLater.Starts[i];
            Assert.Equal(expected * NodaConstants.TicksPerMinute, ticks);
        }, iter: 400);
    }

    [Fact]
    public void Average_error_rate_uses_the_stated_value_for_empty_intervals()
    {
        // A 4-hour window with hourly intervals: rates 0%, 10%, empty, 50%.
        var w = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), Nov.Start, Nov.Start + Duration.FromHours(4));
        var h = Duration.FromHours(1);
        var slices = new[]
        {
            Slice(w.Start, 100, 100, h),
            Slice(w.Start + h, 50, 45, Minute), Slice(w.Start + h + Minute, 50, 45, Minute), // two slices merge into one hour
            Slice(w.Start + h * 3, 10, 5, h),
        };
        var zeroForEmpty = RequestMetrics.UptimeFromAverageErrorRate(slices, w, h, 0m, out var n, out var empty);
        Assert.Equal(4, n);
        Assert.Equal(1, empty);
        Assert.Equal(0, zeroForEmpty.ComparePercent(85m));     // 100 - (0 + 10 + 0 + 50) / 4
        var hundredForEmpty = RequestMetrics.UptimeFromAverageErrorRate(slices, w, h, 100m, out _, out _);
        Assert.Equal(0, hundredForEmpty.ComparePercent(60m));  // 100 - (0 + 10 + 100 + 50) / 4
    }

    [Fact]
    public void Success_rate_sums_good_over_total_of_non_excluded_slices()
    {
        var s = Nov.Start + Duration.FromDays(2);
        var slices = new[] { Slice(s, 1000, 999), Slice(s + Minute, 1000, 0), Slice(s + Minute * 2, 3000, 3000), Slice(Nov.End, 5, 0) };
        var maint = new TimeExclusion("4.2", ExclusionKind.Maintenance, [(s + Minute).ToUnixTimeTicks()], [(s + Minute * 2).ToUnixTimeTicks()], null);
        var r = RequestMetrics.SuccessRate(slices, Nov, [maint], out var good, out var total, out var excluded);
        Assert.Equal(3999, good);
        Assert.Equal(4000, total);
        Assert.Equal(1, excluded);
        Assert.True(ValueCondition.AtLeast(99.975m).Holds(r!.Value)); // exactly 99.975%
        Assert.False(ValueCondition.Above(99.975m).Holds(r.Value));
    }

    private static LatencyHistogram Hist(params long[] counts) => new([100, 250, 500, 1000], [.. counts]);

    [Fact]
    public void Merged_histogram_percentile_reports_the_upper_bound_of_the_rank_bucket()
    {
        // 100 requests: 90 <= 100 ms, 5 in (100,250], 4 in (250,500], 1 overflow.
        var s = Nov.Start;
        var slices = new[] { Slice(s, 50, 50, h: Hist(45, 3, 2, 0, 0)), Slice(s + Minute, 50, 50, h: Hist(45, 2, 2, 0, 1)) };
        var merged = RequestMetrics.MergeHistograms(slices, Nov, [])!;
        Assert.Equal([90L, 5, 4, 0, 1], merged.Counts.ToArray());
        var p90 = RequestMetrics.Percentile(merged, 90);  // rank 90 -> first bucket
        Assert.Equal(100, p90.UpperBoundMs);
        var p95 = RequestMetrics.Percentile(merged, 95);  // rank 95 -> (100, 250]
        Assert.Equal(250, p95.UpperBoundMs);
        Assert.Equal(100, p95.LowerBoundMs);
        Assert.True(p95.AtMost(250m));
        Assert.False(p95.AtMost(249m));
        var p100 = RequestMetrics.Percentile(merged, 100); // rank 100 -> overflow: never "at most"
        Assert.Null(p100.UpperBoundMs);
        Assert.False(p100.AtMost(1_000_000m));
    }

    [Fact]
    public void Histograms_with_different_bounds_are_not_merged()
    {
        var slices = new[] { Slice(Nov.Start, 1, 1, h: Hist(1, 0, 0, 0, 0)), Slice(Nov.Start + Minute, 1, 1, h: new LatencyHistogram([100, 200], [1, 0, 0])) };
        Assert.Throws<ArgumentException>(() => RequestMetrics.MergeHistograms(slices, Nov, []));
    }

    [Fact]
    public void Share_of_slices_meeting_latency_compares_slice_by_slice()
    {
        var s = Nov.Start;
        var p = (decimal v) => ImmutableSortedDictionary<int, decimal>.Empty.Add(95, v);
        var slices = new[]
        {
            new RequestSlice("api", s, Minute, 10, 10, percentilesMs: p(500m)),          // exactly at 500: meets
            new RequestSlice("api", s + Minute, Minute, 10, 10, percentilesMs: p(501m)), // over
            new RequestSlice("api", s + Minute * 2, Minute, 0, 0),                        // empty: meets when stated so
            new RequestSlice("api", s + Minute * 3, Minute, 10, 10),                      // requests but no latency data
        };
        var share = RequestMetrics.ShareOfSlicesMeetingLatency(slices, Nov, [], 95, 500m, emptySliceMeets: true, out var missing)!.Value;
        Assert.Equal(new ExactRatio(2, 4), share);
        Assert.Equal(1, missing);
    }

    [Fact]
    public void Success_rate_commitment_reports_its_request_budget_and_next_tier()
    {
        // 100,000 requests so far, 30 bad: 99.97%. Target at least 99.95% -> 50 bad allowed, 20 remaining.
        // Tier "below 99.95%": more than 50 bad -> 51 bad, i.e. 21 more.
        var s = Nov.Start + Duration.FromDays(1);
        var slices = new[] { Slice(s, 60_000, 59_990), Slice(s + Minute, 40_000, 39_980) };
        var tiers = new TieredCredits([new CreditTier("10%", ValueCondition.Below(99.95m), 10m)], false, CreditLimits.None);
        var r = MeasureResults.ForSuccessRate("success", "6.1", Nov, Nov.Start + Duration.FromDays(15), slices, [], ValueCondition.AtLeast(99.95m), tiers, new FeeTerms(1000m, "USD"));
        Assert.Equal(Verdict.Met, r.Verdict);
        Assert.Equal(new ExactRatio(99_970, 100_000), r.Measured);
        var b = r.RequestBudget!;
        Assert.Equal(50m, b.AllowedBadRequests);
        Assert.Equal(30, b.UsedBadRequests);
        Assert.Equal(20m, b.RemainingBadRequests);
        Assert.Equal(1.2m, b.BurnRate);                // (30/50) / (15/30)
        Assert.Equal(21m, b.NextTier!.Additional);
        Assert.Equal(BudgetUnit.BadRequests, b.NextTier.AdditionalUnit);
        Assert.Equal(100.00m, b.NextTier.Amount);
    }

    [Fact]
    public void The_error_rate_comparison_is_the_exact_sign_of_bad_x_100_minus_rate_x_total()
    {
        // Integer path (percent with at most 9 decimals) against exact decimal arithmetic, where decimal is exact
        // (products well inside 96 bits); and percents the integer path declines (10 decimals, a huge mantissa).
        var percent = Gen.OneOf(Gen.Int[0, 100].Select(p => (decimal)p), Gen.Long[0, 100_000].Select(p => p / 1000m),
            Gen.Long[0, 10_000_000_000L].Select(p => p / 100_000_000m), Gen.Const(99.99999999995m), Gen.Const(0.0000000001m));
        Gen.Select(Gen.Long[0, 1_000_000_000_000L], Gen.Long[0, 1_000_000_000_000L], percent).Sample((a, b, p) =>
        {
            var (bad, total) = (Math.Min(a, b), Math.Max(a, b));
            Assert.Equal((bad * 100m).CompareTo(p * total), RequestMetrics.CompareErrorRate(bad, total, p));
        });
        // Far beyond decimal's 96 bits: the integer path still compares exactly.
        Assert.True(RequestMetrics.CompareErrorRate(long.MaxValue - 1, long.MaxValue, 99.999999999m) > 0);
        Assert.Equal(0, RequestMetrics.CompareErrorRate(long.MaxValue / 100 * 5, long.MaxValue / 100 * 100, 5m));
    }
}
