using System.Collections.Concurrent;
using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// Ids, services, regions, causes and tags are at most <see cref="RowContext.MaxWordLength"/> (1,024) characters; a longer
/// one is a located DATA022, never cut, in CSV (the ordered reader and both parallel fast paths, which leave such a row to
/// the ordered reader) and JSON Lines alike. A 2 MB id once made a statement fail in its template engine.
/// </summary>
public sealed class LengthCapTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sla-length-cap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string Longest = new('a', RowContext.MaxWordLength);
    private static readonly string TooLong = new('a', RowContext.MaxWordLength + 1);

    private static Dictionary<string, string> Incident(string field, string value)
    {
        var row = new Dictionary<string, string>
        {
            ["id"] = "INC-1", ["service"] = "api", ["severity"] = "1", ["impact"] = "outage",
            ["started"] = "2026-11-10T12:00:00Z", ["cause"] = "", ["region"] = "", ["tags"] = "",
        };
        row[field] = value;
        return row;
    }

    private static string Csv(Dictionary<string, string> row) => string.Join(",", row.Keys) + "\n" + string.Join(",", row.Values) + "\n";

    private static string Jsonl(Dictionary<string, string> row) =>
        "{" + string.Join(",", row.Where(p => p.Value.Length > 0).Select(p => $"\"{p.Key}\":" + (p.Key == "severity" ? p.Value : System.Text.Json.JsonSerializer.Serialize(p.Value)))) + "}\n";

    [Theory]
    [InlineData("id")]
    [InlineData("service")]
    [InlineData("cause")]
    [InlineData("region")]
    [InlineData("tags")]
    public void An_incident_field_of_1024_characters_loads_and_one_of_1025_is_DATA022_where_it_is(string field)
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, Csv(Incident(field, Longest)));
        Assert.Empty(log.Errors);
        Assert.Single(records);
        (_, log) = DataText.Csv(IncidentFormat.Instance, Csv(Incident(field, TooLong)));
        Assert.Equal([$"2 {field} DATA022"], DataText.Where(log));
        Assert.Contains("1,025 characters long", log.Errors[0].Message, StringComparison.Ordinal);
        (records, log) = DataText.Jsonl(IncidentFormat.Instance, Jsonl(Incident(field, Longest)));
        Assert.Empty(log.Errors);
        Assert.Single(records);
        (_, log) = DataText.Jsonl(IncidentFormat.Instance, Jsonl(Incident(field, TooLong)));
        Assert.Equal([$"1 {field} DATA022"], DataText.Where(log));
    }

    [Fact]
    public void A_tag_list_with_one_tag_too_long_is_DATA022_and_a_maintenance_service_too()
    {
        var (_, log) = DataText.Csv(IncidentFormat.Instance, Csv(Incident("tags", "db;" + TooLong)));
        Assert.Equal(["2 tags DATA022"], DataText.Where(log));
        (_, log) = DataText.Csv(MaintenanceFormat.Instance, "id,announced,start,end,services\nM-1,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z,api;" + TooLong + "\n");
        Assert.Equal(["2 services DATA022"], DataText.Where(log));
    }

    [Fact]
    public void A_request_slice_service_too_long_is_DATA022_in_csv_and_json_lines()
    {
        var (_, log) = DataText.Csv(RequestSliceFormat.Instance, $"service,start,length,total,good\n{TooLong},2026-11-01T00:00:00Z,1m,10,9\n");
        Assert.Equal(["2 service DATA022"], DataText.Where(log));
        (_, log) = DataText.Jsonl(RequestSliceFormat.Instance, $"{{\"service\":\"{TooLong}\",\"start\":\"2026-11-01T00:00:00Z\",\"length\":\"1m\",\"total\":10,\"good\":9}}\n");
        Assert.Equal(["1 service DATA022"], DataText.Where(log));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("service")]
    [InlineData("cause")]
    [InlineData("region")]
    [InlineData("tags")]
    public void The_incident_fast_parser_leaves_a_row_too_long_to_the_ordered_reader(string field)
    {
        Assert.True(Fast(Csv(Incident(field, Longest))));
        Assert.False(Fast(Csv(Incident(field, TooLong))));
    }

    private static bool Fast(string text)
    {
        var newline = text.IndexOf('\n');
        var header = text[..newline].Split(',');
        var columnOfSlot = IncidentFormat.Instance.Fields.Select(f => Array.IndexOf(header, f.Name)).ToArray();
        var parser = new IncidentChunkParser(columnOfSlot, header.Length, new IncidentChunkParser.Shared());
        return parser.TryParse(Encoding.UTF8.GetBytes(text[(newline + 1)..]), new List<Incident>());
    }

    [Theory]
    [InlineData("service,start,length,total,good")] // the ordered fast path
    [InlineData("start,service,length,total,good")] // the general one
    public void The_request_fast_parser_leaves_a_service_too_long_to_the_ordered_reader(string header)
    {
        bool Parse(string service)
        {
            var names = header.Split(',');
            var values = new Dictionary<string, string> { ["service"] = service, ["start"] = "2026-11-01T00:00:00Z", ["length"] = "1m", ["total"] = "10", ["good"] = "9" };
            var columnOfSlot = RequestSliceFormat.Instance.Fields.Select(f => Array.IndexOf(names, f.Name)).ToArray();
            var parser = new RequestChunkParser(columnOfSlot, names.Length, new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
            return parser.TryParse(Encoding.Latin1.GetBytes(string.Join(",", names.Select(n => values[n])) + "\n"), new RequestSliceSegment.Builder());
        }
        Assert.True(Parse(Longest));
        Assert.False(Parse(TooLong));
    }

    [Fact]
    public void A_2_MB_id_at_the_end_of_a_large_incidents_file_is_DATA022_at_its_line()
    {
        var text = new StringBuilder("id,service,severity,impact,started\n");
        const int rows = 120_000;
        for (var i = 0; i < rows; i++) text.Append($"INC-{i},api,1,outage,2026-11-10T12:00:00Z\n");
        text.Append(new string('x', 2_000_000)).Append(",api,1,outage,2026-11-10T12:00:00Z\n");
        var path = Path.Combine(_folder, "incidents.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var log = new DataErrorLog();
        var table = DataFile.LoadIncidentTable(path, log);
        Assert.Equal([$"{rows + 2} id DATA022"], DataText.Where(log));
        Assert.Equal(rows, table.Count);
    }

    [Fact]
    public void A_service_too_long_in_a_large_requests_file_is_DATA022_at_its_line()
    {
        var text = new StringBuilder("service,start,length,total,good\n");
        const int rows = 150_000;
        var start = Instant.FromUtc(2026, 11, 1, 0, 0);
        for (var i = 0; i < rows; i++) text.Append($"api,{InstantPattern(start + Duration.FromMinutes(i))},1m,10,9\n");
        text.Append($"{TooLong},{InstantPattern(start)},1m,10,9\n");
        var path = Path.Combine(_folder, "requests.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        var log = new DataErrorLog();
        var table = DataFile.LoadRequestSliceTable(path, log);
        Assert.Equal([$"{rows + 2} service DATA022"], DataText.Where(log));
        Assert.Equal(rows, table.Count);
    }

    private static string InstantPattern(Instant instant) => NodaTime.Text.InstantPattern.General.Format(instant);
}
