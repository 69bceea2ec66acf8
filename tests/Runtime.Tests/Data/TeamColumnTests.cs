using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// An incident's optional team column (the KPI report breaks incidents down by it): a lower-case kebab word, empty when
/// not stated, anything else a located DATA060 error in CSV and JSON Lines alike; files without the column stay valid.
/// </summary>
public sealed class TeamColumnTests
{
    private const string Header = "id,service,severity,impact,started,resolved,team\n";

    public static TheoryData<string, string, string?, string[]> Rows => new()
    {
        { "a word", "payments", "payments", [] },
        { "a kebab word", "platform-core", "platform-core", [] },
        { "empty: not stated", "", null, [] },
        { "capitals: refused, not lower-cased silently", "Payments", null, ["2 team DATA060"] },
        { "a space: refused", "platform core", null, ["2 team DATA060"] },
        { "a leading hyphen", "-core", null, ["2 team DATA060"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_team_is_a_kebab_word_and_anything_else_is_located(string row, string value, string? team, string[] errors)
    {
        _ = row;
        var (records, log) = DataText.Csv(IncidentFormat.Instance, Header + $"INC-1,api,1,outage,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,{value}\n");
        Assert.Equal(errors, DataText.Where(log));
        if (errors.Length == 0) Assert.Equal(team, Assert.Single(records).Team);
        var json = "\n{\"id\":\"INC-1\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T12:00:00Z\",\"resolved\":\"2026-11-10T13:00:00Z\""
            + (value.Length == 0 ? "" : $",\"team\":\"{value}\"") + "}\n";
        var (jsonRecords, jsonLog) = DataText.Jsonl(IncidentFormat.Instance, json);
        Assert.Equal(errors, DataText.Where(jsonLog));
        if (errors.Length == 0) Assert.Equal(team, Assert.Single(jsonRecords).Team);
    }

    [Fact]
    public void A_file_without_the_column_is_valid_and_has_no_team()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started\nINC-1,api,1,outage,2026-11-10T12:00:00Z\n");
        Assert.Empty(log.Errors);
        Assert.Null(Assert.Single(records).Team);
    }

    [Fact]
    public void The_team_round_trips_through_csv_and_is_part_of_the_record()
    {
        var (records, _) = DataText.Csv(IncidentFormat.Instance, Header + "INC-1,api,1,outage,2026-11-10T12:00:00Z,,payments\n");
        var csv = DataText.ToCsv(IncidentFormat.Instance, records);
        var (again, log) = DataText.Csv(IncidentFormat.Instance, csv);
        Assert.Empty(log.Errors);
        Assert.Equal(records, again);
        Assert.NotEqual(records[0], records[0] with { Team = "search" });
    }

    [Fact]
    public void A_data_directory_with_the_column_loads_it_through_the_parallel_reader_and_the_snapshot()
    {
        // The byte-level shortcut does not read team; a large file with the column must not lose it.
        var dir = Directory.CreateTempSubdirectory("sla-team-").FullName;
        try
        {
            var rows = string.Concat(Enumerable.Range(0, 5000).Select(k => $"INC-{k},api,1,outage,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,{(k % 2 == 0 ? "payments" : "")}\n"));
            File.WriteAllText(Path.Combine(dir, "incidents.csv"), Header + rows);
            var load = DataDirectory.Load(dir);
            Assert.True(load.Succeeded);
            Assert.Equal(2500, load.Data.Incidents.Count(i => i.Team == "payments"));
            Assert.Equal(2500, load.Data.Incidents.Count(i => i.Team is null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
