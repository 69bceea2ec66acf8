using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Tests.Data.Examples;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class JsonLinesTests
{
    [Fact]
    public void Json_lines_errors_carry_the_line_and_property()
    {
        var text =
            /* 1 */ "# zone: America/New_York\n" +
            /* 2 */ "{\"id\":\"I1\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T09:00:00\",\"tags\":[\"db\",\"network\"]}\n" +
            /* 3 */ "\n" +
            /* 4 */ "{\"id\":\"I2\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T09:00:00Z\",\"resolvd\":\"x\"}\n" +
            /* 5 */ "{\"id\":\"I3\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T09:00:00Z\"\n" +
            /* 6 */ "[1,2]\n" +
            /* 7 */ "{\"id\":\"I4\",\"service\":\"api\",\"severity\":\"high\",\"impact\":\"outage\",\"started\":\"2026-11-10T09:00:00Z\"}\n" +
            /* 8 */ "{\"id\":\"I5\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":1731250000}\n" +
            /* 9 */ "{\"id\":\"I6\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T09:00:00Z\",\"postmortem_completed\":true}\n";
        var (records, log) = DataText.Jsonl(IncidentFormat.Instance, text);
        Assert.Equal(["4 resolvd DATA014", "5 - DATA001", "6 - DATA001", "7 severity DATA011", "8 started DATA001"], DataText.Where(log));
        Assert.Equal(["I1", "I2", "I6"], records.Select(r => r.Id));
        Assert.Equal(NodaTime.Instant.FromUtc(2026, 11, 10, 14, 0), records[0].Started);
        Assert.Equal(["db", "network"], records[0].Tags.ToArray());
        Assert.True(records[2].PostmortemCompleted);
    }

    [Fact]
    public void Histograms_are_objects_in_json_lines()
    {
        var (records, log) = DataText.Jsonl(RequestSliceFormat.Instance,
            "{\"service\":\"api\",\"start\":\"2026-11-10T14:00:00Z\",\"length\":\"5m\",\"total\":100,\"good\":99,\"histogram\":{\"le_100\":90,\"le_250\":9,\"inf\":1},\"p95_ms\":180.5}\n");
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal([90L, 9L, 1L], records[0].Histogram!.Counts.ToArray());
        Assert.Equal(180.5m, records[0].PercentilesMs[95]);
    }

    [Fact]
    public void Csv_and_json_lines_of_the_example_data_give_identical_records()
    {
        AssertSameInBothFormats(IncidentFormat.Instance, "incidents.csv");
        AssertSameInBothFormats(MaintenanceFormat.Instance, "maintenance.csv");
        AssertSameInBothFormats(DeploymentFormat.Instance, "deployments.csv");
        AssertSameInBothFormats(AlertFormat.Instance, "alerts.jsonl");
        AssertSameInBothFormats(RequestSliceFormat.Instance, "requests.csv", take: 3000);
    }

    /// <summary>Loads the example file, writes it in the other format, reads that back: the records must be equal field by field.</summary>
    private static void AssertSameInBothFormats<T>(RecordFormat<T> format, string file, int take = int.MaxValue) where T : class
    {
        var log = new DataErrorLog();
        var original = DataFile.Read(format, Path.Combine(RepositoryPaths.ExampleData, file), log).Take(take).ToList();
        Assert.False(log.HasErrors, log.Format());
        Assert.NotEmpty(original);
        var (fromJson, jsonLog) = DataText.Jsonl(format, DataText.ToJsonl(format, original));
        var (fromCsv, csvLog) = DataText.Csv(format, DataText.ToCsv(format, original));
        Assert.False(jsonLog.HasErrors, jsonLog.Format());
        Assert.False(csvLog.HasErrors, csvLog.Format());
        Assert.Equal(original.Select(format.ToValues), fromJson.Select(format.ToValues));
        Assert.Equal(original.Select(format.ToValues), fromCsv.Select(format.ToValues));
    }
}
