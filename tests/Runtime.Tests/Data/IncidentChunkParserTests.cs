using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Tests.Data.Examples;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// The byte-level incident parser gives exactly the records of the Sep path on the plain case, refuses everything
/// else, and a refused input ends exactly as it did before (records, or errors with file, line, field and code).
/// </summary>
public sealed class IncidentChunkParserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("incident-chunk-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal const string Header = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed";

    /// <summary>Varied plain rows: Z and +/- offsets, seconds optional, 1-7 or 9 fraction digits, open incidents, empty optional fields, leap days.</summary>
    internal static string Row(int i)
    {
        var offset = (i % 5) switch { 0 => "Z", 1 => "-04:00", 2 => "-05:00", 3 => "+05:30", _ => "+14:00" };
        // 1-7 fraction digits, or 9 in whole ticks (a finer fraction is DATA021 on both paths, see InstantTextTests).
        var fraction = (i % 7) switch { 0 => "." + (i % 9 < 7 ? new string('7', 1 + i % 9) : "777777700"), 1 => ".5", _ => "" };
        var year = 2024 + i % 3;
        var day = 1 + i % 29;
        var month = day == 29 && year != 2024 ? 3 : 2 + i % 10;
        var seconds = i % 6 == 0 ? "" : $":{(i * 7) % 60:D2}";
        var started = $"{year}-{month:D2}-{day:D2}T{i % 24:D2}:{i % 59:D2}{(fraction.Length > 0 ? $":{(i * 7) % 60:D2}" : seconds)}{fraction}{offset}";
        string Later(int hours) => $"{year}-{month:D2}-{day:D2}T{Math.Min(23, i % 24 + hours):D2}:59:59{offset}";
        var detected = i % 3 == 0 ? "" : Later(0);
        var acknowledged = i % 4 == 0 ? "" : Later(0);
        var responded = i % 5 == 0 ? "" : Later(1);
        var resolved = i % 11 == 0 ? "" : Later(2);
        var cause = (i % 4) switch { 0 => "provider", 1 => "force-majeure", 2 => "", _ => "customer" };
        var tags = (i % 6) switch { 0 => "db;network", 1 => "deploy", 2 => "a1-b2;c;d", _ => "" };
        var postmortem = (i % 5) switch { 0 => "true", 1 => "no", 2 => "yes", 3 => "false", _ => "" };
        var region = i % 3 == 0 ? "" : $"us-east-{i % 4} zone/{i % 2}";
        return $"INC-{i},svc-{i % 13},{i % 100},{(i % 4) switch { 0 => "degraded", 1 => "outage", 2 => "partial", _ => "none" }},{cause},{started},{detected},{acknowledged},{responded},{resolved},{region},{tags},{postmortem}";
    }

    private static IEnumerable<string> Rows(int from, int count) => Enumerable.Range(from, count).Select(Row);

    private static string Text(IEnumerable<string> lines, string newline = "\n") => string.Join(newline, lines) + newline;

    /// <summary>Every property, the tag list by its items (equal lists may be distinct arrays).</summary>
    internal static string Describe(Incident r) =>
        $"{r.Id}|{r.Service}|{r.Severity}|{r.Impact}|{r.Started}|{r.Resolved}|{r.Cause}|{r.Detected}|{r.Acknowledged}|{r.Responded}|{r.Region}|{string.Join(";", r.Tags)}|{r.PostmortemCompleted}";

    /// <summary>The existing Sep path for a text with the header row.</summary>
    private static (List<Incident> Records, DataErrorLog Log) Streaming(string text)
    {
        var log = new DataErrorLog();
        return ([.. DataFile.ReadCsv(IncidentFormat.Instance, new StringReader(text), "incidents.csv", log)], log);
    }

    /// <summary>The fast parser on the lines after the header of <paramref name="text"/>; null when it refuses.</summary>
    private static List<Incident>? Fast(string text)
    {
        var newline = text.IndexOf('\n');
        var header = text[..newline].TrimEnd('\r').Split(',');
        var columnOfSlot = IncidentFormat.Instance.Fields.Select(f => Array.IndexOf(header, f.Name)).ToArray();
        var parser = new IncidentChunkParser(columnOfSlot, header.Length, new IncidentChunkParser.Shared());
        var records = new List<Incident>();
        return parser.TryParse(Encoding.UTF8.GetBytes(text[(newline + 1)..]), records) ? records : null;
    }

    private static void AssertSameRecords(List<Incident> expected, List<Incident> actual)
    {
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        // Field by field with the record's own equality (the tag list compared by items, as it is shared per file).
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i], new Incident(actual[i].Id, actual[i].Service, actual[i].Severity, actual[i].Impact, actual[i].Started,
                actual[i].Resolved, actual[i].Cause, actual[i].Detected, actual[i].Acknowledged, actual[i].Responded, actual[i].Region,
                expected[i].Tags.SequenceEqual(actual[i].Tags) ? expected[i].Tags : actual[i].Tags, actual[i].PostmortemCompleted));
    }

    [Fact]
    public void Generated_plain_rows_give_the_records_of_the_sep_path()
    {
        var text = Text([Header, .. Rows(0, 5_000)]);
        var (expected, log) = Streaming(text);
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(5_000, expected.Count);
        var fast = Fast(text);
        Assert.NotNull(fast);
        AssertSameRecords(expected, fast);
    }

    [Fact]
    public void Crlf_line_ends_blank_lines_and_a_last_line_without_newline_give_the_records_of_the_sep_path()
    {
        var text = Text([Header, .. Rows(0, 50), "", .. Rows(50, 50)], "\r\n") + "\n" + Row(100);
        var (expected, _) = Streaming(text);
        Assert.Equal(101, expected.Count);
        var fast = Fast(text);
        Assert.NotNull(fast);
        AssertSameRecords(expected, fast);
    }

    [Fact]
    public void Columns_in_another_order_and_absent_optional_columns_give_the_records_of_the_sep_path()
    {
        var text = "service,started,id,impact,severity,resolved,tags\n"
            + "api,2026-11-10T14:00:00Z,INC-1,outage,1,2026-11-10T15:00:00Z,db\n"
            + "web,2026-11-10T14:00:00+01:00,INC-2,none,0,,\n";
        var (expected, log) = Streaming(text);
        Assert.False(log.HasErrors, log.Format());
        var fast = Fast(text);
        Assert.NotNull(fast);
        Assert.Equal(2, fast.Count);
        AssertSameRecords(expected, fast);
    }

    [Fact]
    public void The_example_incidents_give_the_records_of_the_sep_path()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.ExampleData, "incidents.csv"));
        var (expected, log) = Streaming(text);
        Assert.False(log.HasErrors, log.Format());
        Assert.NotEmpty(expected);
        var fast = Fast(text);
        Assert.NotNull(fast);
        AssertSameRecords(expected, fast);
    }

    /// <summary>Each row is either valid in a form the fast parser leaves to Sep, or an error; either way it must be refused.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { "quoted field", "INC-Q,api,1,outage,,2026-11-10T14:00:00Z,,,,,\"us,east\",," },
        { "no offset", "INC-X,api,1,outage,,2026-11-10T14:00:00,,,,,,," },
        { "no offset, minutes only", "INC-X,api,1,outage,,2026-11-10T14:00,,,,,,," },
        { "extra column", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,,,," },
        { "missing column", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,," },
        { "bad number", "INC-X,api,1x,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "severity above 99", "INC-X,api,100,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "severity with sev prefix (valid)", "INC-X,api,sev2,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "negative severity", "INC-X,api,-1,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "impact in capitals (valid)", "INC-X,api,1,Outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "unknown impact", "INC-X,api,1,down,,2026-11-10T14:00:00Z,,,,,,," },
        { "empty id", ",api,1,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "empty service", "INC-X,,1,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "empty started", "INC-X,api,1,outage,,,,,,,,," },
        { "spaces around a value (valid, trimmed)", "INC-X, api ,1,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "tab inside a value", "INC-X,api\t2,1,outage,,2026-11-10T14:00:00Z,,,,,,," },
        { "non-ASCII region (valid)", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,zürich,," },
        { "cause not kebab", "INC-X,api,1,outage,Provider,2026-11-10T14:00:00Z,,,,,,," },
        { "tag list with a space (valid)", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,,db; net," },
        { "empty tag item", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,,db;;net," },
        { "postmortem in capitals (valid)", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,,,TRUE" },
        { "postmortem unknown", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,,,maybe" },
        { "resolved before started", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,2026-11-10T13:00:00Z,,," },
        { "detected before started", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,2026-11-10T13:59:59.999Z,,,,,," },
        { "hour 25", "INC-X,api,1,outage,,2026-11-10T25:00:00Z,,,,,,," },
        { "minute 60 on the date of the timestamp before", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,2026-11-10T14:60:00Z,,,,,," },
        { "no offset on the date of the timestamp before", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,2026-11-10T15:00:00,,," },
        { "30 February", "INC-X,api,1,outage,,2026-02-30T10:00:00Z,,,,,,," },
        { "ten fraction digits", "INC-X,api,1,outage,,2026-11-10T14:00:00.1234567891Z,,,,,,," },
        { "empty fraction", "INC-X,api,1,outage,,2026-11-10T14:00:00.Z,,,,,,," },
        { "offset +19:00", "INC-X,api,1,outage,,2026-11-10T14:00:00+19:00,,,,,,," },
        { "offset without colon", "INC-X,api,1,outage,,2026-11-10T14:00:00+0500,,,,,,," },
        { "lower-case z", "INC-X,api,1,outage,,2026-11-10T14:00:00z,,,,,,," },
        { "year 9999 (valid, at the edge of the range)", "INC-X,api,1,outage,,9999-12-31T10:00:00Z,,,,,,," },
        { "year 0001 (valid, at the edge of the range)", "INC-X,api,1,outage,,0001-01-01T10:00:00Z,,,,,,," },
        { "lone carriage return inside a line", "INC-X,api,1,outage,,2026-11-10T14:00:00Z,,,,,us\reast,," },
        { "whitespace-only line", "   " },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void It_refuses_every_row_that_is_not_the_plain_valid_case(string why, string row)
    {
        Assert.NotEmpty(why);
        Assert.Null(Fast(Text([Header, Row(1), row, Row(2)])));
    }

    /// <summary>Through the parallel loader (small chunks, so the row's chunk is refused among accepted ones) the outcome equals the streaming reader's.</summary>
    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_row_ends_as_it_did_before_records_or_errors_with_line_field_and_code(string why, string row)
    {
        Assert.NotEmpty(why);
        var path = Path.Combine(_folder, $"incidents-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, Text([Header, .. Rows(0, 400), row, .. Rows(400, 400)]));
        var (expected, expectedLog) = Sequential(path);
        var log = new DataErrorLog();
        var records = ParallelCsvReader.TryRead(IncidentFormat.Instance, path, log, DataLoadOptions.Default, 2_000) is { } parallel
            ? parallel.Select(Describe).ToList()
            : DataFile.ReadIncidents(path, log).Select(Describe).ToList();
        Assert.Equal(expected, records);
        Assert.Equal(Errors(expectedLog), Errors(log));
        Assert.Equal(expectedLog.Errors, log.Errors);
    }

    private static (List<string> Records, DataErrorLog Log) Sequential(string path)
    {
        var log = new DataErrorLog();
        return (DataFile.ReadIncidents(path, log).Select(Describe).ToList(), log);
    }

    private static List<(int Line, string? Field, string Code)> Errors(DataErrorLog log) => log.Errors.Select(e => (e.Line, e.Field, e.Code)).ToList();

    [Fact]
    public void A_duplicate_id_in_a_later_chunk_is_reported_as_before_at_the_second_row()
    {
        const int rows = 60_000; // above ParallelCsvReader.MinimumFileBytes, so DataFile.Load takes the parallel path
        var lines = new List<string> { Header };
        lines.AddRange(Rows(0, rows));
        lines[50_001] = lines[50_001].Replace("INC-50000,", "INC-123,", StringComparison.Ordinal);
        lines[55_001] = lines[55_001].Replace("INC-55000,", "INC-123,", StringComparison.Ordinal);
        var path = Path.Combine(_folder, "incidents.csv");
        File.WriteAllText(path, Text(lines));
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var (expected, expectedLog) = Sequential(path);
        var log = new DataErrorLog();
        var loaded = DataFile.Load(IncidentFormat.Instance, path, log);
        Assert.Equal(expected, loaded.Select(Describe));
        Assert.Equal(rows - 2, loaded.Length);
        Assert.Equal([(50_002, "id", DataErrorCodes.DuplicateId), (55_002, "id", DataErrorCodes.DuplicateId)], Errors(log));
        Assert.Equal(expectedLog.Errors, log.Errors);
        Assert.Equal(path, log.Errors[0].File);
    }

    [Fact]
    public void The_parallel_duplicate_check_finds_repeated_keys_and_only_those()
    {
        var incidents = Enumerable.Range(0, 200_000)
            .Select(i => new Incident($"INC-{i}", "api", 1, Impact.Outage, Instant.FromUnixTimeSeconds(i), null)).ToArray();
        Assert.False(ParallelCsvReader.HasDuplicateKey(IncidentFormat.Instance, incidents));
        incidents[150_000] = new Incident("INC-7", "web", 2, Impact.None, Instant.FromUnixTimeSeconds(5), null);
        Assert.True(ParallelCsvReader.HasDuplicateKey(IncidentFormat.Instance, incidents));
        Assert.False(ParallelCsvReader.HasDuplicateKey(IncidentFormat.Instance, Array.Empty<Incident>()));

        // Request slices are keyed by service and start: the same service at another start is not a duplicate.
        var start = Instant.FromUtc(2026, 11, 1, 0, 0);
        RequestSlice Slice(string service, int minute) => new(service, start + Duration.FromMinutes(minute), Duration.FromMinutes(1), 10, 9);
        Assert.False(ParallelCsvReader.HasDuplicateKey(RequestSliceFormat.Instance, [Slice("api", 0), Slice("api", 1), Slice("web", 0)]));
        Assert.True(ParallelCsvReader.HasDuplicateKey(RequestSliceFormat.Instance, [Slice("api", 0), Slice("web", 0), Slice("api", 0)]));
    }

    /// <summary>Timestamps the byte parser accepts parse to the same instant as <see cref="InstantText"/>; the rest it refuses.</summary>
    [Fact]
    public void The_byte_timestamp_parser_agrees_with_InstantText()
    {
        var texts = new List<string>();
        foreach (var date in new[] { "2026-11-10", "2024-02-29", "2025-02-29", "1970-01-01", "1969-12-31", "0002-01-01", "9998-12-31", "2026-13-01", "2026-00-10", "2026-11-31" })
            foreach (var time in new[] { "T00:00", "T23:59:59", "T12:34:56.1", "T12:34:56.123456700", "T12:34:56.123456789", "T12:34:56.1234567890", "T24:00", "T12:60", "T12:00:60", "T12:00:00.", " 12:00" })
                foreach (var offset in new[] { "Z", "+00:00", "-05:00", "+14:00", "+18:00", "-18:00", "+18:01", "+19:00", "+05:60", "", "z", "+0500", "+05:00Z" })
                    texts.Add(date + time + offset);
        var accepted = 0;
        foreach (var text in texts)
        {
            var fast = IncidentChunkParser.TryInstant(Encoding.ASCII.GetBytes(text), out var instant);
            var status = InstantText.TryParse(text, null, out var expected);
            if (fast)
            {
                accepted++;
                Assert.Equal(InstantParseStatus.Ok, status);
                Assert.Equal(expected, instant);
            }
            else if (status == InstantParseStatus.Ok)
            {
                Assert.Fail($"{text}: InstantText accepts it, the byte parser does not");
            }
        }
        Assert.Equal(6 * 4 * 6, accepted); // valid dates x valid times (not .123456789: finer than a tick) x valid offsets
    }
}
