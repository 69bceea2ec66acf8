using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// An incident's affected_share (Cloudflare's affected customer ratio): a fraction in (0, 1] or a percent in (0%, 100%],
/// read exactly; anything else is a located DATA050 error, in CSV and JSON Lines alike, and never a silent default.
/// </summary>
public sealed class AffectedShareTests
{
    private const string Header = "id,service,severity,impact,started,resolved,affected_share\n";

    public static TheoryData<string, string, decimal?, string[]> Rows => new()
    {
        { "a fraction", "0.25", 0.25m, [] },
        { "a percent", "25%", 0.25m, [] },
        { "all traffic as a fraction", "1", 1m, [] },
        { "all traffic as a percent", "100%", 1m, [] },
        { "a fine percent stays exact", "12.5%", 0.125m, [] },
        { "empty: not stated", "", null, [] },
        { "zero affects nothing: refused", "0", null, ["2 affected_share DATA050"] },
        { "zero percent: refused", "0%", null, ["2 affected_share DATA050"] },
        { "above one", "1.5", null, ["2 affected_share DATA050"] },
        { "above 100%", "150%", null, ["2 affected_share DATA050"] },
        { "negative", "-0.1", null, ["2 affected_share DATA050"] },
        { "not a number", "half", null, ["2 affected_share DATA050"] },
        { "a bare point", ".5", null, ["2 affected_share DATA050"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void An_affected_share_is_a_fraction_or_a_percent_and_anything_else_is_located(string row, string value, decimal? share, string[] errors)
    {
        _ = row;
        var (records, log) = DataText.Csv(IncidentFormat.Instance, Header + $"INC-1,cdn,1,outage,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,{value}\n");
        Assert.Equal(errors, DataText.Where(log));
        if (errors.Length == 0) Assert.Equal(share, Assert.Single(records).AffectedShare);
        var json = "\n{\"id\":\"INC-1\",\"service\":\"cdn\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T12:00:00Z\",\"resolved\":\"2026-11-10T13:00:00Z\""
            + (value.Length == 0 ? "" : $",\"affected_share\":\"{value}\"") + "}\n";
        var (jsonRecords, jsonLog) = DataText.Jsonl(IncidentFormat.Instance, json);
        Assert.Equal(errors, DataText.Where(jsonLog));
        if (errors.Length == 0) Assert.Equal(share, Assert.Single(jsonRecords).AffectedShare);
    }

    [Fact]
    public void A_json_number_is_read_and_a_file_with_the_column_round_trips()
    {
        var (records, log) = DataText.Jsonl(IncidentFormat.Instance,
            "{\"id\":\"INC-1\",\"service\":\"cdn\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T12:00:00Z\",\"affected_share\":0.4}\n");
        Assert.Empty(log.Errors);
        Assert.Equal(0.4m, Assert.Single(records).AffectedShare);
        var csv = DataText.ToCsv(IncidentFormat.Instance, records);
        var (again, againLog) = DataText.Csv(IncidentFormat.Instance, csv);
        Assert.Empty(againLog.Errors);
        Assert.Equal(records, again);
    }

    [Fact]
    public void A_data_directory_with_the_column_loads_it_through_the_parallel_reader()
    {
        // The byte-level shortcut does not read affected_share; a file with the column must not lose it.
        var dir = Directory.CreateTempSubdirectory("sla-share-").FullName;
        try
        {
            var rows = string.Concat(Enumerable.Range(0, 5000).Select(k =>
                $"INC-{k},cdn,1,outage,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,{(k % 4 + 1) * 25}%\n"));
            File.WriteAllText(Path.Combine(dir, "incidents.csv"), Header + rows);
            var load = DataDirectory.Load(dir);
            Assert.True(load.Succeeded);
            Assert.Equal(5000, load.Data.Incidents.Length);
            Assert.Equal(Enumerable.Range(0, 5000).Select(k => (decimal?)((k % 4 + 1) * 0.25m)), load.Data.Incidents.OrderBy(i => int.Parse(i.Id[4..])).Select(i => i.AffectedShare));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
