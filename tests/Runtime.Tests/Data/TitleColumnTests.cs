using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// An incident's optional title column (the customer statement's ledger shows it): one line of at most 200 characters,
/// kept as written; a line break, another control character or a longer title is a located DATA100 error, in CSV and
/// JSON Lines alike; files without the column stay valid.
/// </summary>
public sealed class TitleColumnTests
{
    private const string Header = "id,service,severity,impact,started,resolved,title\n";

    public static TheoryData<string, string, string?, string[]> Rows => new()
    {
        { "words", "Checkout returns 502", "Checkout returns 502", [] },
        { "punctuation and non-ASCII kept", "Paiement refusé: \"card declined\" (EU)", "Paiement refusé: \"card declined\" (EU)", [] },
        { "surrounding spaces trimmed", "  Slow search  ", "Slow search", [] },
        { "empty: none", "", null, [] },
        { "a line break: refused", "Checkout\nreturns 502", null, ["2 title DATA100"] },
        { "a tab: refused", "Checkout\treturns 502", null, ["2 title DATA100"] },
        { "exactly 200 characters", new string('x', 200), new string('x', 200), [] },
        { "201 characters: refused, not cut", new string('x', 201), null, ["2 title DATA100"] },
        { "U+FFFD (what bytes that are not UTF-8 decode to): refused, not kept as a changed title", "Checkout \uFFFD\uFFFD 5xx", null, ["2 title DATA100"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_title_is_one_line_of_at_most_200_characters_and_anything_else_is_located(string row, string value, string? title, string[] errors)
    {
        _ = row;
        var quoted = "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var (records, log) = DataText.Csv(IncidentFormat.Instance, Header + $"INC-1,api,1,outage,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,{quoted}\n");
        Assert.Equal(errors, DataText.Where(log));
        if (errors.Length == 0) Assert.Equal(title, Assert.Single(records).Title);
        var json = "\n{\"id\":\"INC-1\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T12:00:00Z\",\"resolved\":\"2026-11-10T13:00:00Z\""
            + (value.Length == 0 ? "" : $",\"title\":{System.Text.Json.JsonSerializer.Serialize(value)}") + "}\n";
        var (jsonRecords, jsonLog) = DataText.Jsonl(IncidentFormat.Instance, json);
        Assert.Equal(errors, DataText.Where(jsonLog));
        if (errors.Length == 0) Assert.Equal(title, Assert.Single(jsonRecords).Title);
    }

    [Fact]
    public void The_error_says_where_the_control_character_is()
    {
        var (_, log) = DataText.Csv(IncidentFormat.Instance, Header + "INC-1,api,1,outage,2026-11-10T12:00:00Z,,\"Checkout\nreturns 502\"\n");
        var error = Assert.Single(log.Errors);
        Assert.Contains("U+000A", error.Message, StringComparison.Ordinal);
        Assert.Contains("character 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_the_column_is_valid_and_has_no_title()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started\nINC-1,api,1,outage,2026-11-10T12:00:00Z\n");
        Assert.Empty(log.Errors);
        Assert.Null(Assert.Single(records).Title);
    }

    [Fact]
    public void The_title_round_trips_through_csv_and_is_part_of_the_record()
    {
        var (records, _) = DataText.Csv(IncidentFormat.Instance, Header + "INC-1,api,1,outage,2026-11-10T12:00:00Z,,\"Checkout returns 502, then recovers\"\n");
        var csv = DataText.ToCsv(IncidentFormat.Instance, records);
        var (again, log) = DataText.Csv(IncidentFormat.Instance, csv);
        Assert.Empty(log.Errors);
        Assert.Equal(records, again);
        Assert.Equal("Checkout returns 502, then recovers", again[0].Title);
        Assert.NotEqual(records[0], records[0] with { Title = "Search is slow" });
    }

    [Fact]
    public void A_data_directory_with_the_column_loads_it_through_the_parallel_reader()
    {
        // The byte-level shortcut does not read title; a large file with the column must not lose it.
        var dir = Directory.CreateTempSubdirectory("sla-title-").FullName;
        try
        {
            var rows = string.Concat(Enumerable.Range(0, 5000).Select(k => $"INC-{k},api,1,outage,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,{(k % 2 == 0 ? "Checkout returns 502" : "")}\n"));
            File.WriteAllText(Path.Combine(dir, "incidents.csv"), Header + rows);
            var load = DataDirectory.Load(dir);
            Assert.True(load.Succeeded);
            Assert.Equal(2500, load.Data.Incidents.Count(i => i.Title == "Checkout returns 502"));
            Assert.Equal(2500, load.Data.Incidents.Count(i => i.Title is null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
