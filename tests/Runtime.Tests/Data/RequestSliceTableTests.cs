using System.Collections.Immutable;
using System.Globalization;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// Request slices in columns (<see cref="RequestSliceTable"/>) give back exactly the slices put in, rows the columns
/// cannot hold included; the column loader answers exactly as the object loader (rows, order, range, and for a file
/// with a bad row, an overlap or a duplicate start, the same errors with their file, line and field), and a service's
/// slices from the columns are exactly that service's slices from the objects, in file order.
/// </summary>
public sealed class RequestSliceTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("request-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 1, 0, 0);

    private const string Header = "service,start,length,total,good";

    /// <summary>Every property, by value.</summary>
    private static string Describe(RequestSlice s) =>
        string.Join("|", s.Service, s.Start, s.Length, s.Total, s.Good,
            s.Histogram is null ? "-" : HistogramText.Format(s.Histogram), string.Join(";", s.PercentilesMs.Select(p => p.Key + "=" + p.Value)));

    /// <summary>Row <paramref name="i"/> of a file of three services, one slice a minute each, in time order per service; offsets and lengths vary.</summary>
    private static string Row(int i)
    {
        var service = "svc-" + (i % 3);
        var minute = i / 3;
        var start = (T0 + Duration.FromMinutes(minute)).InUtc().LocalDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        var stamp = i % 7 == 0 ? start + "Z" : (T0 + Duration.FromMinutes(minute)).WithOffset(Offset.FromHours(-5)).ToString("uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>", CultureInfo.InvariantCulture);
        var length = i % 5 == 0 ? "60s" : "1m";
        var total = i % 11 * 1_000 + i % 97;
        var good = total - i % 13 * (total / 20);
        return $"{service},{stamp},{length},{total},{good}";
    }

    private string Write(IEnumerable<string> lines)
    {
        var path = Path.Combine(_folder, "requests.csv");
        File.WriteAllText(path, string.Join("\n", [Header, .. lines]) + "\n");
        return path;
    }

    [Fact]
    public void Every_row_comes_back_equal_to_the_slice_appended()
    {
        var histogram = new LatencyHistogram([100, 250], [5, 3, 2]);
        List<RequestSlice> slices =
        [
            new("api", T0, Duration.FromMinutes(1), 100, 97),
            new("api", T0 + Duration.FromMinutes(1), Duration.FromMinutes(1), 10, 10, histogram),                             // a histogram: whole
            new("web", T0, Duration.FromMinutes(5), 0, 0, percentilesMs: ImmutableSortedDictionary<int, decimal>.Empty.Add(99, 12.5m)), // a percentile: whole
            new("web", T0 + Duration.FromMinutes(5), Duration.FromMinutes(1), 5_000_000_000L, 4_000_000_000L),                // counts above 2^31: whole
            new("db", T0 + Duration.FromNanoseconds(1), Duration.FromMinutes(1), 1, 1),                                      // a start finer than a tick: whole
            new("db", T0 + Duration.FromMinutes(2), Duration.FromMilliseconds(1500), 1, 0),                                  // a length not whole seconds: whole
            new("db", T0 + Duration.FromMinutes(3), Duration.FromHours(1_000_000), 7, 3),                                    // a length above 2^31 s: whole
            new("api", T0 + Duration.FromMinutes(2), Duration.FromSeconds(30), int.MaxValue, 0),                             // fits
        ];
        var table = RequestSliceTable.Of(slices);
        Assert.Equal(slices.Count, table.Count);
        Assert.Equal(slices.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
        Assert.Equal(slices, table.ToImmutableArray());
        Assert.Equal(slices.Where(s => s.Service is "api" or "db").Select(Describe), table.SlicesOf(["db", "api", "nope"]).Select(Describe));
        Assert.Empty(table.SlicesOf(["nope"]));
    }

    /// <summary>
    /// Starts are kept as 32-bit seconds after a segment's first start only while every start is: a start half a second
    /// off, one 70 years later, one before the first, or one finer than a second in the first row, and the segment's rows
    /// still come back as appended (before and after the change of form, and over a range).
    /// </summary>
    [Theory]
    [InlineData(0L, 1_500L, false)]                           // half a second off the base, after three rows
    [InlineData(0L, 70L * 365 * 86_400_000, false)]           // 70 years on: not 32-bit seconds
    [InlineData(0L, -60_000L, true)]                          // before the first start
    [InlineData(250L, 60_000L, false)]                        // the first start finer than a second: the others are not whole seconds after it
    [InlineData(0L, -68L * 365 * 86_400_000, true)]           // 68 years back: still 32-bit seconds
    public void Starts_are_whole_seconds_after_the_first_only_while_every_start_is(long firstOffsetMs, long oddOffsetMs, bool inSeconds)
    {
        var first = T0 + Duration.FromMilliseconds(firstOffsetMs);
        List<RequestSlice> slices =
        [
            new("api", first, Duration.FromMinutes(1), 100, 97),
            new("api", T0 + Duration.FromMinutes(1), Duration.FromMinutes(1), 10, 10),
            new("web", T0 + Duration.FromMinutes(2), Duration.FromMinutes(1), 5, 4),
            new("web", T0 + Duration.FromMilliseconds(oddOffsetMs), Duration.FromSeconds(30), 7, 7),
            new("api", T0 + Duration.FromMinutes(3), Duration.FromMinutes(1), 1, 0),
        ];
        var table = RequestSliceTable.Of(slices);
        Assert.Equal(slices.Count * (inSeconds ? 20 : 24), table.ColumnBytes);
        Assert.Equal(slices, table.ToImmutableArray());
        Assert.Equal(slices.Where(s => s.Service == "web"), table.SlicesOf(["web"]));
        var range = new Interval(T0 - Duration.FromDays(365 * 100), T0 + Duration.FromDays(365 * 100));
        var (kept, outside) = table.Within(range);
        Assert.Equal(0, outside);
        Assert.Equal(slices, kept.ToImmutableArray());
    }

    /// <summary>
    /// The per-service row index, held as runs of consecutive rows where that is smaller and row by row elsewhere, gives
    /// each service exactly its rows in ascending order: services in runs of random lengths (some of one row, so some
    /// services are scattered), split into segments at random points (a run across a segment boundary), and the slices of
    /// one or several services by it equal the appended ones.
    /// </summary>
    [Fact]
    public void Each_services_rows_by_runs_or_by_row_are_its_rows_in_order_across_segments()
    {
        var gen = from runs in Gen.Select(Gen.Int[0, 3], Gen.Frequency((3, Gen.Int[1, 2]), (2, Gen.Int[3, 40]))).Array[0, 40]
                  from cuts in Gen.Int[1, 200].Array[0, 6]
                  select (runs, cuts);
        var sawRuns = false;
        var sawRows = false;
        gen.Sample((runs, cuts) =>
        {
            var services = runs.SelectMany(r => Enumerable.Repeat("s" + r.Item1, r.Item2)).ToList();
            var slices = services.Select((service, i) => new RequestSlice(service, T0 + Duration.FromMinutes(i), Duration.FromMinutes(1), 10, 9)).ToList();
            var segments = new List<RequestSliceSegment>();
            var builder = new RequestSliceSegment.Builder();
            for (var i = 0; i < slices.Count; i++)
            {
                if (cuts.Contains(i)) { segments.Add(builder.Build()); builder = new RequestSliceSegment.Builder(); }
                builder.Add(slices[i]);
            }
            segments.Add(builder.Build());
            var table = new RequestSliceTable(segments);
            var index = table.RowsByService();
            Assert.Equal(services.Distinct().Order(), index.Keys.Order());
            foreach (var (service, rows) in index)
            {
                var expected = Enumerable.Range(0, services.Count).Where(i => services[i] == service).ToList();
                var actual = new List<int>();
                foreach (var row in rows) actual.Add(row);
                Assert.Equal(expected, actual);
                Assert.Equal(expected.Count, rows.Count);
                Assert.Equal(expected, table.SlicesOf([service]).Select(s => (int)(s.Start - T0).TotalMinutes));
                if (rows.ByRuns) sawRuns = true; else sawRows = true;
            }
            Assert.Equal(slices.Where(s => s.Service is "s0" or "s2"), table.SlicesOf(["s2", "s0"]));
            Assert.Equal(0, table.RowsOf("nope").Count);
        }, iter: 800);
        Assert.True(sawRuns && sawRows);
    }

    [Fact]
    public void The_column_reader_gives_the_object_loaders_rows_in_order_over_many_chunks_and_each_services_slices()
    {
        var path = Write(Enumerable.Range(0, 6_000).Select(Row));
        var log = new DataErrorLog();
        var expected = DataFile.Read(RequestSliceFormat.Instance, path, log).ToList();
        Assert.False(log.HasErrors, log.Format());
        var table = ParallelCsvReader.TryReadRequestTable(path, new DataErrorLog(), DataLoadOptions.Default, chunkBytes: 4096);
        Assert.NotNull(table);
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
        foreach (var service in new[] { "svc-0", "svc-1", "svc-2" })
            Assert.Equal(expected.Where(s => s.Service == service).Select(Describe), table.SlicesOf([service]).Select(Describe));
    }

    [Fact]
    public void A_range_keeps_the_rows_the_object_loader_keeps_and_counts_the_others()
    {
        var path = Write(Enumerable.Range(0, 6_000).Select(Row));
        var range = new Interval(T0 + Duration.FromMinutes(100), T0 + Duration.FromMinutes(900) + Duration.FromSeconds(30));
        var options = DataLoadOptions.Default with { Range = range };
        var objectLog = new DataErrorLog();
        var expected = DataFile.Read(RequestSliceFormat.Instance, path, objectLog, options).ToList();
        var columnLog = new DataErrorLog();
        var table = ParallelCsvReader.TryReadRequestTable(path, columnLog, options, chunkBytes: 4096);
        Assert.NotNull(table);
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
        Assert.True(objectLog.RowsOutsideRange > 0);
        Assert.Equal(objectLog.RowsOutsideRange, columnLog.RowsOutsideRange);
    }

    [Fact]
    public void A_row_the_fast_parser_leaves_to_sep_is_read_by_sep_into_the_columns()
    {
        // A histogram and a percentile column: the chunks with a value in them go through Sep, rows kept whole.
        var lines = Enumerable.Range(0, 3_000).Select(i => Row(i) + (i == 10 ? ",,3" : ",,")).ToList();
        lines[1_500] = "svc-0,2026-11-01T08:20:00Z,1m,1,1,le_100=1;inf=0,12.5";
        var path = Path.Combine(_folder, "requests.csv");
        File.WriteAllText(path, string.Join("\n", [Header + ",histogram,p99_ms", .. lines]) + "\n");
        var log = new DataErrorLog();
        var expected = DataFile.Read(RequestSliceFormat.Instance, path, log).ToList();
        Assert.False(log.HasErrors, log.Format());
        Assert.Contains(expected, s => s.Histogram is not null);
        var table = ParallelCsvReader.TryReadRequestTable(path, new DataErrorLog(), DataLoadOptions.Default, chunkBytes: 4096);
        Assert.NotNull(table);
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Theory]
    [InlineData("overlap")]
    [InlineData("duplicate")]
    [InlineData("bad")]
    public void A_file_with_a_problem_gives_the_same_rows_and_the_same_located_errors(string problem)
    {
        var lines = Enumerable.Range(0, 3_000).Select(Row).ToList();
        lines[2_500] = problem switch
        {
            "overlap" => "svc-1,2026-11-01T00:10:30Z,1m,10,10",     // inside svc-1's slice of 00:10, in another chunk
            "duplicate" => lines[31],                                  // the same service and start again
            _ => "svc-1,2026-11-20T00:00:00Z,1m,10,11",              // good above total
        };
        var path = Write(lines);
        Assert.Null(ParallelCsvReader.TryReadRequestTable(path, new DataErrorLog(), DataLoadOptions.Default, chunkBytes: 4096));
        var objectLog = new DataErrorLog();
        var expected = DataFile.Read(RequestSliceFormat.Instance, path, objectLog).ToList();
        var columnLog = new DataErrorLog();
        var table = DataFile.LoadRequestSliceTable(path, columnLog);
        Assert.Equal(1, columnLog.ErrorCount);
        Assert.Equal(objectLog.Format(), columnLog.Format());
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Fact]
    public void A_data_directory_with_a_large_requests_file_loads_the_streaming_readers_slices_and_hashes_its_bytes()
    {
        // Above ParallelCsvReader.MinimumFileBytes, so DataFile.Load (a data directory load) takes the column reader.
        var path = Write(Enumerable.Range(0, 110_000).Select(Row));
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var log = new DataErrorLog();
        var expected = DataFile.Read(RequestSliceFormat.Instance, path, log).ToList();
        Assert.False(log.HasErrors, log.Format());
        var load = DataDirectory.Load(_folder);
        Assert.True(load.Succeeded, load.Log.Format());
        Assert.Equal(expected.Select(Describe), load.Data.Requests.Select(Describe));
        var bytes = File.ReadAllBytes(path);
        var hashed = System.Text.Encoding.UTF8.GetBytes($"requests.csv\n{bytes.Length}\n").Concat(bytes).ToArray();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(hashed)), load.Sha256);
    }
}
