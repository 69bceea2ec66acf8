using System.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// Data that was once accepted silently or crashed a later stage: each is now an error with its file, line, field and
/// code (or, for files not read, a listing the commands print as a warning).
/// </summary>
public sealed class SilentLossTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sla-loss-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string RequestsHeader = "service,start,length,total,good,histogram\n";

    /// <summary>Request rows (after the header), and the errors expected as "line field code".</summary>
    public static TheoryData<string, string, string[]> SliceRows => new()
    {
        // Overlap with the previous row of the service (in order): the second slice starts inside the first.
        { "overlap-in-order", "api,2026-10-01T00:00:00Z,5m,10,10,\napi,2026-10-01T00:02:00Z,5m,10,10,\n", ["3 start DATA020"] },
        // Overlap found out of order: the third row starts before the second and reaches into it.
        { "overlap-out-of-order", "api,2026-10-01T00:00:00Z,5m,10,10,\napi,2026-10-01T00:10:00Z,5m,10,10,\napi,2026-10-01T00:07:00Z,5m,10,10,\n", ["4 start DATA020"] },
        // A long slice that covers later short ones: the third row lies inside the first, though not inside the second.
        { "overlap-inside-a-long-slice", "api,2026-10-01T00:00:00Z,1h,10,10,\napi,2026-10-01T01:00:00Z,1m,10,10,\napi,2026-10-01T00:30:00Z,1m,10,10,\n", ["4 start DATA020"] },
        // Adjacent slices and another service at the same time are fine, in any order.
        { "adjacent-and-other-service", "api,2026-10-01T00:05:00Z,5m,10,10,\napi,2026-10-01T00:00:00Z,5m,10,10,\nweb,2026-10-01T00:00:00Z,5m,10,10,\napi,2026-10-01T00:10:00Z,5m,10,10,\n", [] },
        // Histograms of one service with other bounds: windows merge by adding counts, so evaluation once threw.
        { "histogram-bounds-differ", "api,2026-10-01T00:00:00Z,5m,10,10,le_100=9;inf=1\napi,2026-10-01T00:05:00Z,5m,10,10,le_50=9;inf=1\n", ["3 histogram DATA012"] },
        // A start finer than 100 ns: refused where it was once cut to the tick (docs/semantics.md "One time precision").
        { "start-finer-than-a-tick", "api,2026-10-01T00:00:00.123456789Z,5m,10,10,\n", ["2 start DATA021"] },
        // Nine digits ending in 00 are whole ticks: accepted.
        { "start-in-whole-ticks", "api,2026-10-01T00:00:00.123456700Z,5m,10,10,\n", [] },
        // Another service may use its own bounds.
        { "histogram-bounds-per-service", "api,2026-10-01T00:00:00Z,5m,10,10,le_100=9;inf=1\nweb,2026-10-01T00:00:00Z,5m,10,10,le_50=9;inf=1\n", [] },
    };

    [Theory]
    [MemberData(nameof(SliceRows))]
    public void Overlapping_slices_and_histograms_with_other_bounds_are_located_errors(string name, string rows, string[] expected)
    {
        _ = name;
        var (_, csvLog) = DataText.Csv(RequestSliceFormat.Instance, RequestsHeader + rows);
        Assert.Equal(expected, DataText.Where(csvLog));
        var (_, jsonLog) = DataText.Jsonl(RequestSliceFormat.Instance, ToJsonl(rows));
        Assert.Equal(expected, DataText.Where(jsonLog));
    }

    /// <summary>The same rows as JSON Lines after one blank line, so line numbers match the CSV with its header.</summary>
    private static string ToJsonl(string rows) => "\n" + string.Concat(rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row =>
    {
        var f = row.Split(',');
        var histogram = f[5].Length == 0 ? "" : ",\"histogram\":{" + string.Join(',', f[5].Split(';').Select(b => $"\"{b.Split('=')[0]}\":{b.Split('=')[1]}")) + "}";
        return $"{{\"service\":\"{f[0]}\",\"start\":\"{f[1]}\",\"length\":\"{f[2]}\",\"total\":{f[3]},\"good\":{f[4]}{histogram}}}\n";
    }));

    [Fact]
    public void A_fraction_of_more_than_nine_digits_says_what_is_wrong()
    {
        // Was "is not an ISO 8601 timestamp", which a reader of a correct-looking timestamp cannot act on.
        var (_, log) = DataText.Csv(RequestSliceFormat.Instance, RequestsHeader + "api,2026-10-01T00:00:00.1234567000Z,5m,10,10,\n");
        Assert.Equal(["2 start DATA004"], DataText.Where(log));
        Assert.Contains("has more than 9 fractional digits; time is exact to 100 ns", log.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parallel_reader_leaves_a_file_with_an_overlap_to_the_sequential_reader_which_locates_it()
    {
        var text = new StringBuilder(RequestsHeader);
        var start = NodaTime.Instant.FromUtc(2026, 10, 1, 0, 0);
        for (var i = 0; i < 200_000; i++) text.Append("api,").Append(InstantText.Format(start + NodaTime.Duration.FromMinutes(i))).Append(",1m,10,10,\n");
        text.Append("api,2026-10-01T00:00:30Z,1m,10,10,\n");
        var path = Path.Combine(_dir, "requests.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var log = new DataErrorLog();
        var records = DataFile.Load(RequestSliceFormat.Instance, path, log);
        Assert.Equal(200_000, records.Length);
        Assert.Equal(["200002 start DATA020"], DataText.Where(log));
    }

    /// <summary>JSON Lines text (as bytes) whose string is not valid text.</summary>
    public static TheoryData<string, byte[]> BadJsonStrings => new()
    {
        // Bytes that are not UTF-8 inside a string: the reader once threw "Cannot transcode invalid UTF-8".
        { "invalid-utf8", [.. "{\"id\":\"A"u8, 0xFF, 0xFE, .. "\",\"service\":\"api\",\"raised\":\"2026-10-01T00:00:00Z\"}\n"u8] },
        // A lone surrogate escape: the reader once threw "incomplete UTF-16 JSON text".
        { "lone-surrogate", "{\"id\":\"A\\ud800\",\"service\":\"api\",\"raised\":\"2026-10-01T00:00:00Z\"}\n"u8.ToArray() },
        // The same in a property name that is not a field.
        { "lone-surrogate-in-unknown-name", "{\"id\":\"A\",\"x\\udc00\":1,\"service\":\"api\",\"raised\":\"2026-10-01T00:00:00Z\"}\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(BadJsonStrings))]
    public void Invalid_utf8_or_a_lone_surrogate_in_json_lines_is_an_error_on_its_line(string name, byte[] bytes)
    {
        _ = name;
        var log = new DataErrorLog();
        var good = "{\"id\":\"B\",\"service\":\"api\",\"raised\":\"2026-10-01T00:00:00Z\"}\n"u8.ToArray();
        var records = DataFile.ReadJsonLines(AlertFormat.Instance, new MemoryStream([.. good, .. bytes]), "alerts.jsonl", log).ToList();
        Assert.Equal(["B"], records.Select(r => r.Id));
        Assert.Equal(["2 - DATA001"], DataText.Where(log));
        Assert.Equal("alerts.jsonl", log.Errors[0].File);
    }

    /// <summary>An id or service with a character that makes it not single-line text (a region too, since a quote left open reads the next rows into it).</summary>
    public static TheoryData<string, string, string> BadIds => new()
    {
        // A quoted newline inside an id: the id printed on two lines in every listing.
        { "newline-in-id", "\"INC-1\nINC-2\",api,1,outage,2026-10-01T00:00:00Z,\n", "2 id DATA009" },
        // A quoted carriage return inside a service.
        { "cr-in-service", "INC-1,\"ap\ri\",1,outage,2026-10-01T00:00:00Z,\n", "2 service DATA009" },
        // An escape character (a terminal control sequence) in an id.
        { "escape-in-id", "INC\u001B[2J,api,1,outage,2026-10-01T00:00:00Z,\n", "2 id DATA009" },
        // U+2028, a line separator, in an id.
        { "line-separator-in-id", "INC\u20281,api,1,outage,2026-10-01T00:00:00Z,\n", "2 id DATA009" },
        // The replacement character, which is what bytes that are not UTF-8 become when a CSV file is decoded.
        { "replacement-in-id", "INC-\uFFFD,api,1,outage,2026-10-01T00:00:00Z,\n", "2 id DATA009" },
        // A region too (once free text): a line break in it, as a quote left open would put there.
        { "newline-in-region", "INC-1,api,1,outage,2026-10-01T00:00:00Z,\"us-east-1\nus-west-2\"\n", "2 region DATA009" },
    };

    [Fact]
    public void An_unknown_column_or_property_is_named_in_words_that_read()
    {
        // Was "'extra' is not a incidents column".
        var (_, csv) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started,extra\nINC-1,api,1,outage,2026-10-01T00:00:00Z,1\n");
        Assert.StartsWith("'extra' is not a column of incidents files (known: id, service,", csv.Errors.Single(e => e.Code == DataErrorCodes.UnknownColumn).Message, StringComparison.Ordinal);
        var (_, jsonl) = DataText.Jsonl(IncidentFormat.Instance, "{\"id\":\"INC-1\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-10-01T00:00:00Z\",\"extra\":1}\n");
        Assert.StartsWith("'extra' is not a property of incidents records (known: id, service,", jsonl.Errors.Single(e => e.Code == DataErrorCodes.UnknownColumn).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_left_open_cannot_swallow_the_next_rows_silently()
    {
        // The quote opened in INC-2's region closes in INC-4's: with the right column count, INC-3 and INC-4 once vanished
        // into INC-2's region and the load succeeded with two incidents.
        const string header = "id,service,severity,impact,started,region\n";
        var (records, log) = DataText.Csv(IncidentFormat.Instance, header
            + "INC-1,api,1,outage,2026-10-01T00:00:00Z,eu\n"
            + "INC-2,api,1,outage,2026-10-02T00:00:00Z,\"eu\n"
            + "INC-3,api,1,outage,2026-10-03T00:00:00Z,eu\n"
            + "INC-4,api,1,outage,2026-10-04T00:00:00Z,eu\"\n"
            + "INC-5,api,1,outage,2026-10-05T00:00:00Z,eu\n");
        Assert.Equal(["INC-1", "INC-5"], records.Select(r => r.Id));
        Assert.Equal(["3 region DATA009"], DataText.Where(log));
        // With the wrong column count, the error says which lines the open quote took.
        var (_, counted) = DataText.Csv(IncidentFormat.Instance, header
            + "INC-2,api,1,outage,2026-10-02T00:00:00Z,\"eu,x\n"
            + "INC-3,api,1,outage,2026-10-03T00:00:00Z,eu\n"
            + "INC-4,api,1,outage,2026-10-04T00:00:00Z,eu\",y\n");
        Assert.Equal(["2 - DATA001"], DataText.Where(counted));
        Assert.Equal("The row has 7 columns; the header has 6. It runs from line 2 to line 4: a quoted field is not closed where it should be, so those lines were read as one row (and are left out with it).",
            counted.Errors[0].Message);
    }

    [Fact]
    public void A_quote_left_open_to_the_end_of_the_file_names_the_real_last_line()
    {
        // The final line break is inside the open quote: the row once ran "from line 3 to line 4" of a 3-line file.
        const string header = "id,service,severity,impact,started,resolved\n";
        var (_, one) = DataText.Csv(IncidentFormat.Instance, header
            + "INC-1,api,1,outage,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z\n"
            + "INC-2,api,1,\"outage,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z\n");
        Assert.Equal(["3 - DATA001"], DataText.Where(one));
        Assert.Equal("The row has 4 columns; the header has 6. A quoted field on line 3 is not closed before the end of the file.", one.Errors[0].Message);
        var (_, two) = DataText.Csv(IncidentFormat.Instance, header
            + "INC-2,api,1,\"outage,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z\n"
            + "INC-3,api,1,outage,2026-11-03T00:00:00Z,2026-11-03T01:00:00Z\r\n");
        Assert.Equal("The row has 4 columns; the header has 6. It runs from line 2 to the end of the file (line 3): a quoted field is not closed, so those lines were read as one row (and are left out with it).",
            two.Errors[0].Message);
    }

    [Fact]
    public void A_column_named_twice_is_said_in_our_words_at_the_header_line()
    {
        // Was Sep's "Col name 'service' found 2 times at 1:'service' 6:'service' in header row '...'".
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "# zone: UTC\nid,service,severity,impact,started,resolved,service,id,id\n"
            + "INC-1,api,1,outage,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z,api,INC-1,INC-1\n");
        Assert.Empty(records);
        Assert.Equal(["2 - DATA001"], DataText.Where(log));
        Assert.Equal("The header row is not usable: the column 'id' appears three times in the header: columns 1, 8 and 9; the column 'service' appears twice in the header: columns 2 and 7.",
            log.Errors[0].Message);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public void Ids_and_services_are_single_line_text(string name, string row, string expected)
    {
        _ = name;
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started,region\n" + row);
        Assert.Equal(expected.Length == 0 ? 1 : 0, records.Count);
        Assert.Equal(expected.Length == 0 ? [] : [expected], DataText.Where(log));
    }

    [Fact]
    public void Files_a_load_does_not_read_are_listed_except_documentation_and_hidden_files()
    {
        foreach (var name in new[] { "incidents.csv", "incidents.json", "requests.tsv", "incidents.csv.gz", "README.md", "notes.txt", ".DS_Store", "alerts.ndjson" })
            File.WriteAllText(Path.Combine(_dir, name), "");
        Directory.CreateDirectory(Path.Combine(_dir, "imports"));
        Assert.Equal(["incidents.csv.gz", "incidents.json", "requests.tsv"], DataDirectory.FilesNotRead(_dir).Select(Path.GetFileName));
    }
}
