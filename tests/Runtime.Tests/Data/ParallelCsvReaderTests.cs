using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// The chunked parallel CSV reader gives exactly the records of the streaming reader, and hands every file it cannot
/// load exactly (errors, duplicates, quotes, comment lines) back to the streaming reader, so errors keep file, line and field.
/// </summary>
public sealed class ParallelCsvReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parallel-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Header = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed";

    /// <summary>Varied rows: Z and DST offsets, fractional seconds, open incidents, empty optional fields.</summary>
    private static string Row(int i)
    {
        var offset = (i % 3) switch { 0 => "Z", 1 => "-04:00", _ => "-05:00" };
        var fraction = i % 5 == 0 ? $".{i % 1000:D3}" : "";
        var day = 1 + i % 28;
        var started = $"2026-11-{day:D2}T{i % 24:D2}:{i % 60:D2}:{(i * 7) % 60:D2}{fraction}{offset}";
        var resolved = i % 11 == 0 || i % 24 == 23 ? "" : $"2026-11-{day:D2}T{i % 24 + 1:D2}:{i % 60:D2}:00{offset}";
        var cause = i % 7 == 0 ? "provider" : "";
        var tags = i % 4 == 0 ? "db;network" : "";
        var postmortem = (i % 3) switch { 0 => "true", 1 => "no", _ => "" };
        return $"INC-{i},svc-{i % 13},{1 + i % 4},{(i % 4 == 0 ? "degraded" : "outage")},{cause},{started},,,,{resolved},us-east,{tags},{postmortem}";
    }

    private string Write(IEnumerable<string> lines, string newline = "\n", bool bom = false)
    {
        var path = Path.Combine(_folder, $"incidents-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join(newline, lines) + newline, new UTF8Encoding(bom));
        return path;
    }

    private static IEnumerable<string> Rows(int count) => Enumerable.Range(0, count).Select(Row);

    private static List<string> Texts(IEnumerable<Incident> incidents) =>
        incidents.Select(r => string.Join("|", IncidentFormat.Instance.ToValues(r))).ToList();

    private static (List<string> Records, DataErrorLog Log) Sequential(string path, DataLoadOptions? options = null)
    {
        var log = new DataErrorLog();
        return (Texts(DataFile.ReadIncidents(path, log, options)), log);
    }

    [Theory]
    [InlineData(64)] // smaller than a row: every chunk grows to the next line end
    [InlineData(333)]
    [InlineData(4096)]
    [InlineData(1 << 20)] // one chunk
    public void Gives_the_records_of_the_streaming_reader_in_file_order_whatever_the_chunk_size(int chunkBytes)
    {
        var path = Write([Header, .. Rows(2_000)]);
        var (expected, expectedLog) = Sequential(path);
        var log = new DataErrorLog();
        var records = ParallelCsvReader.TryRead(IncidentFormat.Instance, path, log, DataLoadOptions.Default, chunkBytes);
        Assert.NotNull(records);
        Assert.False(expectedLog.HasErrors);
        Assert.Equal(2_000, expected.Count);
        Assert.Equal(expected, Texts(records.Value));
        Assert.False(log.HasErrors);
    }

    [Fact]
    public void Crlf_line_ends_a_byte_order_mark_blank_lines_and_a_line_longer_than_the_boundary_probe_load_the_same()
    {
        // Ten tags of 1,000 characters (each under the 1,024-character cap, DATA022): a line over the 4,096-byte probe.
        var longTags = string.Join(';', Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 1_000)));
        var lines = new List<string> { Header };
        lines.AddRange(Rows(300));
        lines.Insert(100, "");
        lines.Add($"INC-LONG,api,1,outage,,2026-11-10T14:00:00Z,,,,2026-11-10T15:00:00Z,,{longTags},");
        lines.AddRange(Enumerable.Range(300, 50).Select(Row));
        var path = Write(lines, newline: "\r\n", bom: true);
        var (expected, _) = Sequential(path);
        var records = ParallelCsvReader.TryRead(IncidentFormat.Instance, path, new DataErrorLog(), DataLoadOptions.Default, 1000);
        Assert.NotNull(records);
        Assert.Equal(351, expected.Count);
        Assert.Equal(expected, Texts(records.Value));
        Assert.Contains(records.Value, r => string.Join(';', r.Tags) == longTags);
    }

    [Fact]
    public void The_range_filter_leaves_out_and_counts_the_same_rows()
    {
        var path = Write([Header, .. Rows(1_000)]);
        var range = new Interval(Instant.FromUtc(2026, 11, 10, 0, 0), Instant.FromUtc(2026, 11, 20, 0, 0));
        var options = new DataLoadOptions { Range = range };
        var (expected, expectedLog) = Sequential(path, options);
        var log = new DataErrorLog();
        var records = ParallelCsvReader.TryRead(IncidentFormat.Instance, path, log, options, 500);
        Assert.NotNull(records);
        Assert.Equal(expected, Texts(records.Value));
        Assert.True(expectedLog.RowsOutsideRange > 0);
        Assert.Equal(expectedLog.RowsOutsideRange, log.RowsOutsideRange);
    }

    [Theory]
    [InlineData("quote", "INC-Q,api,1,outage,,2026-11-10T14:00:00Z,,,,,\"us\neast\",,")]
    [InlineData("malformed timestamp", "INC-BAD,api,1,outage,,2026-11-10T25:00:00Z,,,,,,,")]
    [InlineData("offset out of range", "INC-BAD,api,1,outage,,2026-11-10T14:00:00+19:00,,,,,,,")]
    [InlineData("too many fraction digits", "INC-BAD,api,1,outage,,2026-11-10T14:00:00.1234567891Z,,,,,,,")]
    [InlineData("no offset", "INC-BAD,api,1,outage,,2026-11-10T14:00:00,,,,,,,")]
    [InlineData("duplicate id of an earlier chunk", "INC-3,api,1,outage,,2026-11-10T14:00:00Z,,,,,,,")]
    [InlineData("wrong column count", "INC-BAD,api,1,outage")]
    public void A_file_it_cannot_load_exactly_is_left_to_the_streaming_reader(string why, string badRow)
    {
        var path = Write([Header, .. Rows(500), badRow, .. Enumerable.Range(500, 100).Select(Row)]);
        Assert.Null(ParallelCsvReader.TryRead(IncidentFormat.Instance, path, new DataErrorLog(), DataLoadOptions.Default, 300));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void A_zone_comment_line_is_left_to_the_streaming_reader()
    {
        var path = Write(["# zone: America/New_York", Header, "INC-1,api,1,outage,,2026-11-01T01:30:00-04:00,,,,2026-11-01T03:00:00,,,"]);
        Assert.Null(ParallelCsvReader.TryRead(IncidentFormat.Instance, path, new DataErrorLog(), DataLoadOptions.Default, 64));
    }

    /// <summary>Above the size threshold <see cref="DataFile.Load{T}"/> takes the parallel path; an error deep in the file must still come out with its line and field.</summary>
    [Fact]
    public void Load_of_a_large_file_with_one_bad_timestamp_reports_the_same_file_line_and_field_as_the_streaming_reader()
    {
        const int rows = 60_000; // about 5.5 MB: above ParallelCsvReader.MinimumFileBytes
        var lines = new List<string> { Header };
        lines.AddRange(Rows(rows));
        lines[40_001] = lines[40_001].Replace("2026-11-", "2026-13-", StringComparison.Ordinal);
        var path = Write(lines);
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var (expected, expectedLog) = Sequential(path);
        var log = new DataErrorLog();
        var loaded = DataFile.Load(IncidentFormat.Instance, path, log);
        Assert.Equal(expected, Texts(loaded));
        Assert.Equal(rows - 1, loaded.Length);
        Assert.Equal((40_002, "started", DataErrorCodes.InvalidTimestamp), (log.Errors[0].Line, log.Errors[0].Field, log.Errors[0].Code));
        Assert.Equal(expectedLog.Errors, log.Errors);
        Assert.All(log.Errors, e => Assert.Equal(path, e.File));
    }

    [Fact]
    public void Load_of_a_large_clean_file_equals_the_streaming_reader()
    {
        var path = Write([Header, .. Rows(60_000)]);
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var (expected, _) = Sequential(path);
        var log = new DataErrorLog();
        Assert.Equal(expected, Texts(DataFile.Load(IncidentFormat.Instance, path, log)));
        Assert.False(log.HasErrors);
    }
}
