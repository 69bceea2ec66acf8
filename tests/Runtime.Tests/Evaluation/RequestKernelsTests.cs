using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// <see cref="RequestKernels"/>: down runs and "any slice in the window" read from a <see cref="RequestSliceTable"/>'s
/// columns equal, field by field (ids, starts, ends, weights, notes), what <see cref="RequestMetrics"/> gives on the same
/// service's slices as objects in file order, and the error-rate test of <see cref="ErrorRateRule"/> equals
/// <see cref="RequestMetrics.IsDown"/>/<see cref="RequestMetrics.IsDownAtLeast"/>. Generated data: several services
/// interleaved, gaps, rows the columns cannot hold (a histogram, percentiles, a count above 2^31 - 1, a length that is not
/// whole seconds, a start finer than a tick) among column rows, sometimes out of start order, as-of anywhere.
/// </summary>
public sealed class RequestKernelsTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 11, 1, 0, 0);
    private static readonly string[] Services = ["api", "web", "db"];
    private static readonly decimal[] Percents = [5m, 0.1m, 10m, 99.95m, 0m, 100m, 1m / 3m, 33.333333333m];

    /// <summary>A row: service index, minute offset (gaps and repeats possible across services), total, bad share, and how it is kept.</summary>
    private static readonly Gen<(int Service, int Minute, long Total, long Bad, int Kind)> Row =
        from service in Gen.Int[0, 2]
        from minute in Gen.Int[0, 120]
        from total in Gen.Frequency((6, Gen.Long[0, 3000]), (1, Gen.Const(0L)), (1, Gen.Long[int.MaxValue - 5L, int.MaxValue + 5L]))
        from badShare in Gen.Frequency((3, Gen.Const(0)), (2, Gen.Int[0, 100]), (1, Gen.Const(100)))
        from kind in Gen.Frequency((12, Gen.Const(0)), (1, Gen.Int[1, 4]))
        select (service, minute, total, total * badShare / 100, kind);

    private static RequestSlice Make((int Service, int Minute, long Total, long Bad, int Kind) r)
    {
        var start = Origin + Duration.FromMinutes(r.Minute);
        var length = Duration.FromMinutes(1);
        LatencyHistogram? histogram = null;
        ImmutableSortedDictionary<int, decimal>? percentiles = null;
        switch (r.Kind)
        {
            case 1: histogram = new LatencyHistogram([100, 500], [r.Total, 0, 0]); break;              // kept whole: a histogram
            case 2: percentiles = ImmutableSortedDictionary<int, decimal>.Empty.Add(95, 120m); break; // kept whole: percentiles
            case 3: length = Duration.FromMilliseconds(60_000 - 1); break;                             // kept whole: not whole seconds
            case 4: start += Duration.FromNanoseconds(50); break;                                      // kept whole: finer than a tick
        }
        return new RequestSlice(Services[r.Service], start, length, r.Total, r.Total - r.Bad, histogram, percentiles);
    }

    /// <summary>Each service's slices made disjoint (a load rejects overlaps): in file order, a slice overlapping an earlier one of its service is dropped.</summary>
    private static List<RequestSlice> Disjoint(IEnumerable<RequestSlice> slices)
    {
        var kept = new List<RequestSlice>();
        foreach (var s in slices)
            if (!kept.Any(k => k.Service == s.Service && k.Start < s.End && s.Start < k.End)) kept.Add(s);
        return kept;
    }

    private static void AssertSame(DowntimeEvidence expected, DowntimeEvidence actual, string because)
    {
        Assert.True(expected.Ids.SequenceEqual(actual.Ids), because + ": ids " + string.Join(",", expected.Ids) + " / " + string.Join(",", actual.Ids));
        Assert.True(expected.Starts.SequenceEqual(actual.Starts), because + ": starts");
        Assert.True(expected.Ends.SequenceEqual(actual.Ends), because + ": ends");
        Assert.True(expected.Weights.SequenceEqual(actual.Weights), because + ": weights");
        Assert.True(expected.Notes.SequenceEqual(actual.Notes), because + ": notes");
    }

    [Fact]
    public void Down_runs_by_column_equal_down_runs_on_the_objects()
    {
        var gen = from rows in Row.Array[0, 150]
                  from sorted in Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)))
                  from percent in Gen.Int[0, Percents.Length - 1]
                  from atLeast in Gen.Bool
                  from minimum in Gen.OneOf(0L, 0L, 1L, 200L, 2000L)
                  from n in Gen.Int[1, 6]
                  from asOf in Gen.Frequency((2, Gen.Const(-1L)), (3, Gen.Long[0, 130 * 60]), (1, Gen.Long[0, 130 * 60 * 10_000_000L]))
                  select (rows, sorted, percent, atLeast, minimum, n, asOf);
        gen.Sample((rows, sorted, percent, atLeast, minimum, n, asOfValue) =>
        {
            // File order: by minute (a service's rows ascend) or as generated (rows of a service out of start order too).
            var ordered = sorted ? rows.OrderBy(r => r.Minute) : rows.AsEnumerable();
            var slices = Disjoint(ordered.Select(Make));
            var table = RequestSliceTable.Of(slices);
            var rule = new ErrorRateRule(Percents[percent], atLeast, minimum);
            // As-of: none, on a whole second, or on a tick (never finer: then the kernel reads the objects).
            Instant? asOf = asOfValue < 0 ? null : asOfValue < 130 * 60 ? Origin + Duration.FromSeconds(asOfValue) : Origin + Duration.FromTicks(asOfValue);
            foreach (var service in Services.Append("absent"))
            {
                var objects = slices.Where(s => s.Service == service).ToList();
                var expected = RequestMetrics.DownRuns(objects, s => atLeast ? RequestMetrics.IsDownAtLeast(s, Percents[percent], minimum) : RequestMetrics.IsDown(s, Percents[percent], minimum), n, asOf: asOf);
                AssertSame(expected, RequestKernels.DownRuns(table, service, rule, n, asOf: asOf), service);
                // What generated code calls, from columns and from objects alike.
                var input = new EvaluationInput(new EvaluationPeriod(2026, month: 11), asOf ?? Origin + Duration.FromDays(30), [], [], [], [.. slices], []);
                var byColumn = input with { Requests = [], RequestTable = table };
                AssertSame(RequestEvidence.DownRuns(input, service, rule, n), RequestEvidence.DownRuns(byColumn, service, rule, n), service + " (input)");
                AssertSame(RequestEvidence.DownRunsOf(input, [.. Services], rule, n), RequestEvidence.DownRunsOf(byColumn, [.. Services], rule, n), "all services (input)");
            }
        }, iter: 800);
    }

    [Fact]
    public void The_rule_decides_as_the_slice_tests_do()
    {
        var gen = from total in Gen.Frequency((4, Gen.Long[0, 5000]), (1, Gen.Long[0, long.MaxValue / 200]))
                  from badShare in Gen.Int[0, 100]
                  from percent in Gen.Int[0, Percents.Length - 1]
                  from minimum in Gen.OneOf(0L, 1L, 2000L)
                  select (total, total / 100 * badShare, Percents[percent], minimum);
        gen.Sample((total, bad, percent, minimum) =>
        {
            var slice = new RequestSlice("api", Origin, Duration.FromMinutes(1), total, total - bad);
            Assert.Equal(RequestMetrics.IsDown(slice, percent, minimum), new ErrorRateRule(percent, false, minimum).IsDown(slice));
            Assert.Equal(RequestMetrics.IsDownAtLeast(slice, percent, minimum), new ErrorRateRule(percent, true, minimum).IsDown(bad, total));
        }, iter: 2000);
    }

    /// <summary>
    /// The rule compares in 64-bit integers when counts and the percent's factors are below 2^31 (products below 2^62),
    /// else in 128: at the edges of that (counts and factors at 2^31 - 1 and 2^31, percents with 7 decimals and a
    /// mantissa at 2^31 - 1, a bad count on the threshold and one either side) it decides as the 128-bit comparison does.
    /// </summary>
    [Fact]
    public void The_rule_decides_exactly_at_the_edges_of_its_64_bit_comparison()
    {
        decimal[] percents = [50m, 214.7483647m, 214.7483648m, 0.0000001m, 99.9999999m, 21.47483647m, 1m / 3m, 100m];
        var gen = from total in Gen.Frequency((3, Gen.Long[1, 10]), (3, Gen.Long[int.MaxValue - 3L, int.MaxValue + 3L]), (1, Gen.Long[1, long.MaxValue / 200]))
                  from shift in Gen.Int[-2, 2]
                  from percent in Gen.Int[0, percents.Length - 1]
                  from onThreshold in Gen.Bool
                  select (total, percents[percent], onThreshold, shift);
        gen.Sample((total, percent, onThreshold, shift) =>
        {
            // On the threshold: bad = percent x total / 100 rounded, then a step either side.
            var bad = onThreshold ? (long)Math.Clamp(decimal.Round(percent * total / 100m) + shift, 0m, total) : total - Math.Abs(shift);
            bad = Math.Clamp(bad, 0, total);
            Assert.Equal(RequestMetrics.CompareErrorRate(bad, total, percent) > 0, new ErrorRateRule(percent, false, 0).IsDown(bad, total));
            Assert.Equal(RequestMetrics.CompareErrorRate(bad, total, percent) >= 0, new ErrorRateRule(percent, true, 0).IsDown(bad, total));
        }, iter: 5000);
    }

    [Fact]
    public void Any_slice_in_the_window_by_column_equals_the_objects()
    {
        var gen = from rows in Row.Array[0, 60]
                  from from_ in Gen.Int[0, 130]
                  from days in Gen.Int[0, 2]
                  select (rows, from_, days);
        gen.Sample((rows, fromMinute, days) =>
        {
            var slices = Disjoint(rows.OrderBy(r => r.Minute).Select(Make));
            var table = RequestSliceTable.Of(slices);
            var start = Origin + Duration.FromMinutes(fromMinute);
            var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), start, start + Duration.FromMinutes(30 + days * 40));
            foreach (var service in Services)
                Assert.Equal(slices.Any(s => s.Service == service && window.Contains(s.Start)), RequestKernels.AnyStartsIn(table, service, window));
        }, iter: 500);
    }

    [Fact]
    public void Any_slice_in_the_window_from_the_tables_memo_equals_the_objects_window_after_window()
    {
        // One table asked about many windows in turn (a KPI trend's periods): the memo answers from the first and last start
        // once a scan found none, and must still say what the objects say for every window, inside or around the data.
        var gen = from rows in Row.Array[0, 60]
                  from windows in Gen.Select(Gen.Int[-80, 200], Gen.Int[0, 90]).Array[1, 12]
                  select (rows, windows);
        gen.Sample((rows, windows) =>
        {
            var slices = Disjoint(rows.Select(Make));
            var table = RequestSliceTable.Of(slices);
            var memo = RequestTableMemo.Of(table);
            foreach (var (fromMinute, length) in windows)
            {
                var start = Origin + Duration.FromMinutes(fromMinute);
                var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1), start, start + Duration.FromMinutes(length));
                foreach (var service in Services.Append("absent"))
                    Assert.Equal(slices.Any(s => s.Service == service && window.Contains(s.Start)), memo.AnyStartsIn(table, service, window));
            }
        }, iter: 500);
    }

    [Fact]
    public void A_service_out_of_start_order_is_judged_as_the_objects_are()
    {
        // Table row: the same five down minutes written backwards; the object kernel sorts them into one run of five.
        var slices = Enumerable.Range(0, 5).Reverse().Select(m => new RequestSlice("api", Origin + Duration.FromMinutes(m), Duration.FromMinutes(1), 100, 50)).ToList();
        var runs = RequestKernels.DownRuns(RequestSliceTable.Of(slices), "api", new ErrorRateRule(10m, false, 0), 5);
        Assert.Equal(["down-run:2026-11-01T00:00:00Z..2026-11-01T00:05:00Z (5 intervals)"], runs.Ids);
    }
}
