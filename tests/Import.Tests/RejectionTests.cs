using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import.Tests;

/// <summary>Every way an import refuses input, each with its location (file, line or JSON path, field) and its message.</summary>
public sealed class RejectionTests
{
    private static ImportResult Import(Scratch scratch, ImportSource source, string map, params (string Name, string Text)[] files) =>
        SourceTests.Import(scratch, source, map, files);

    private static DataError Only(ImportResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Rejections);
    }

    /// <summary>One Analytics row (line 2) with a field replaced.</summary>
    private static string AnalyticsRow(string find, string replace)
    {
        var lines = Fixtures.AnalyticsCsv.Split('\n');
        return lines[0] + "\n" + lines[1].Replace(find, replace, StringComparison.Ordinal) + "\n";
    }

    // ---- The map itself: line and column in the map file ----

    [Fact]
    public void An_unknown_table_in_the_map_is_located()
    {
        var (map, errors) = ImportMapReader.Read("[services]\n\"A\" = \"a\"\n\n[servces]\n\"B\" = \"b\"\n", "m.toml");
        Assert.Null(map);
        var error = Assert.Single(errors);
        Assert.Equal(("m.toml", 4, 1, DataErrorCodes.UnknownMapKey), (error.File, error.Line, error.Column, error.Code));
        Assert.StartsWith("m.toml(4,1): error DATA031: [servces] [servces] is not a table of the mapping format", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_a_table_is_located()
    {
        var (_, errors) = ImportMapReader.Read("[fields]\nacknowledged = \"documented\"\n  resolvd = \"resolved_at\"\n", "m.toml");
        var error = Assert.Single(errors);
        Assert.Equal((3, 3, "fields.resolvd", DataErrorCodes.UnknownMapKey), (error.Line, error.Column, error.Field, error.Code));
        Assert.Contains("'resolvd' is not a key of [fields]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_top_level_key_and_an_unknown_urgency_key_are_both_reported()
    {
        var (_, errors) = ImportMapReader.Read("timezone = \"UTC\"\n[urgencies]\nhigh = { impact = \"outage\", sev = 1 }\n", "m.toml");
        Assert.Equal([(1, DataErrorCodes.UnknownMapKey), (3, DataErrorCodes.UnknownMapKey), (3, DataErrorCodes.InvalidMap)], errors.Select(e => (e.Line, e.Code)));
        Assert.Contains("'timezone' is not a key of the mapping format", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'sev' is not a key of an urgency", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Toml_syntax_errors_are_located()
    {
        var (_, errors) = ImportMapReader.Read("[services]\n\"A\" = \n", "m.toml");
        Assert.NotEmpty(errors);
        var error = errors[0];
        Assert.Equal((DataErrorCodes.InvalidMap, 2), (error.Code, error.Line));
        Assert.StartsWith("Not valid TOML:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time_zone = \"Mars/Olympus\"\n", 1, "'Mars/Olympus' is not an IANA time zone id")]                 // unknown zone
    [InlineData("[priorities]\n\"SEV-1\" = \"one\"\n", 2, "A severity is a whole number 0-99")]                         // severity not a number
    [InlineData("[priorities]\n\"SEV-1\" = 100\n", 2, "A severity is a whole number 0-99")]                             // out of range
    [InlineData("[statuses]\nmajor_outage = \"down\"\n", 2, "'down' is not an impact")]                                 // unknown impact word
    [InlineData("[teams]\n\"Payments\" = \"Payments Team\"\n", 2, "'Payments Team' is not a tag")]                       // tag not kebab
    [InlineData("[services]\n\"A\" = \"\"\n", 2, "'A' goes to an empty or multi-line service id")]                       // empty service id
    [InlineData("[services]\n\"A\" = 1\n", 2, "Expected a quoted string here.")]                                         // wrong type
    [InlineData("[columns]\nstart = \"Created\"\n", 2, "'start' is not an incident field")]                              // not our field
    [InlineData("[services]\n\"A\" = \"a\"\n[services]\n\"B\" = \"b\"\n", 3, "Not valid TOML: The key `services` is already")] // table twice (TOML forbids it)
    [InlineData("[fields]\nresolved = \"none\"\n", 2, "'none' cannot give resolved")]                                    // resolution is required
    public void Bad_values_in_the_map_are_located(string text, int line, string message)
    {
        var (map, errors) = ImportMapReader.Read(text, "m.toml");
        Assert.Null(map);
        var error = Assert.Single(errors);
        Assert.Equal(line, error.Line);
        Assert.True(error.Column > 0);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_map_without_the_required_columns_is_an_error_before_any_file_is_read()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.Csv, "[columns]\nid = \"Key\"\n", ("x.csv", "Key\nA-1\n"));
        var error = Assert.Single(result.MapErrors);
        Assert.Equal(DataErrorCodes.InvalidMap, error.Code);
        Assert.Contains("the source column of service, severity, impact, started", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(scratch.Path("out")));
    }

    [Fact]
    public void A_generic_team_column_without_a_teams_table_is_an_error_not_a_dropped_column()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.Csv, Fixtures.JiraMap.Replace("tags = \"Labels\"", "tags = \"Labels\"\nteam = \"Team\"", StringComparison.Ordinal), ("jira.csv", Fixtures.JiraCsv));
        var error = Assert.Single(result.MapErrors);
        Assert.Equal(("columns.team", 13, DataErrorCodes.InvalidMap), (error.Field, error.Line, error.Code));
        Assert.Contains("names a team column but the map has no [teams] table", error.Message, StringComparison.Ordinal);
    }

    // ---- Source records: file, line or JSON path, field, value, hint ----

    [Fact]
    public void A_priority_not_in_the_map_names_the_value_and_how_to_add_it()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", AnalyticsRow("SEV-1", "SEV-0"))));
        Assert.Equal(scratch.Path("pd.csv") + "(2): error DATA032: [priority_name] priority 'SEV-0' is not in the map's [priorities]: add \"SEV-0\" = <severity 1-99> to "
            + scratch.Path("map.toml") + ".", error.ToString());
    }

    [Fact]
    public void A_service_not_in_the_map_says_how_to_map_or_leave_it_out()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", AnalyticsRow("Checkout API", "Checkout Web"))));
        Assert.Equal((2, "service_name", DataErrorCodes.UnmappedService), (error.Line, error.Field, error.Code));
        Assert.Contains("service 'Checkout Web' is not in the map's [services]: add \"Checkout Web\" = \"<contract service id>\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_urgency_and_a_team_not_in_the_map_are_both_reported_for_the_row()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", AnalyticsRow(",high,", ",critical,").Replace("Payments", "Platform")));
        Assert.Equal([("urgency", DataErrorCodes.UnmappedValue), ("team_name", DataErrorCodes.UnmappedValue)], result.Rejections.Select(e => (e.Field!, e.Code)));
        Assert.Contains("urgency 'critical' is not in the map's [urgencies]", result.Rejections[0].Message, StringComparison.Ordinal);
        Assert.Contains("team 'Platform' is not in the map's [teams]", result.Rejections[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, result.RejectedRecords);
    }

    [Theory]
    [InlineData("2026-11-10T09:00:00-05:00", "10 Nov 2026 09:00", DataErrorCodes.InvalidTimestamp, "'10 Nov 2026 09:00' is not an ISO 8601 timestamp")]
    [InlineData("2026-11-10T09:00:00-05:00", "2026-11-10T09:00:00", DataErrorCodes.TimestampWithoutOffset, "'2026-11-10T09:00:00' has no offset; set time_zone")]
    [InlineData("2026-11-10T10:30:00-05:00", "2026-11-10T08:30:00-05:00", DataErrorCodes.EndBeforeStart, "'resolved' (2026-11-10T13:30:00Z) is before 'created_at'")]
    public void Bad_timestamps_are_reported_with_their_field(string find, string replace, string code, string message)
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", AnalyticsRow(find, replace))));
        Assert.Equal((2, code), (error.Line, error.Code));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_time_the_zone_repeats_is_an_error_not_a_guess()
    {
        using var scratch = new Scratch();
        // 2026-11-01 01:30 happens twice in New York (DST ends).
        var csv = Fixtures.JiraCsv.Replace("2026-11-03 09:00", "2026-11-01 01:30", StringComparison.Ordinal).Replace("2026-11-03 09:45", "2026-11-01 03:00", StringComparison.Ordinal)
            .Replace("2026-11-03 09:10", "2026-11-01 02:10", StringComparison.Ordinal);
        var error = Only(Import(scratch, ImportSource.Csv, Fixtures.JiraMap, ("jira.csv", csv)));
        Assert.Equal((2, "Created", DataErrorCodes.AmbiguousLocalTime), (error.Line, error.Field, error.Code));
        Assert.Contains("does not occur exactly once in America/New_York", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_id_twice_is_rejected_at_the_second()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("a.csv", Fixtures.AnalyticsCsv), ("b.json", Fixtures.AnalyticsJson));
        var error = Only(result);
        Assert.Equal((scratch.Path("b.json"), 3, "data[0].id", DataErrorCodes.DuplicateId), (error.File, error.Line, error.Field, error.Code));
        Assert.Contains($"was already imported from {scratch.Path("a.csv")}(2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_without_the_documented_columns_is_rejected_whole()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", "id,service,created\nA,b,2026-11-01T00:00Z\n")));
        Assert.Equal((1, DataErrorCodes.MissingColumn), (error.Line, error.Code));
        Assert.Contains("Not a PagerDuty Analytics incidents CSV: it has no 'service_name', 'created_at', 'urgency' columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_csv_without_a_mapped_column_names_it()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.Csv, Fixtures.JiraMap, ("jira.csv", Fixtures.JiraCsv.Replace("Component/s", "Components", StringComparison.Ordinal))));
        Assert.Equal((1, DataErrorCodes.MissingColumn), (error.Line, error.Code));
        Assert.Contains("'Component/s' (service)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_file_of_another_shape_is_not_a_pagerduty_export()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("x.json", "{\"users\": []}")));
        Assert.Equal((1, DataErrorCodes.UnrecognisedExport), (error.Line, error.Code));
        Assert.StartsWith("Not a PagerDuty export", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_names_its_line()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("x.json", "{\n\"incidents\": [\n{\"id\": \"a\",,}\n]}")));
        Assert.Equal((3, DataErrorCodes.MalformedRow), (error.Line, error.Code));
        Assert.StartsWith("Invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statuspage_incident_with_components_but_no_transitions_cannot_be_charged()
    {
        using var scratch = new Scratch();
        var text = Fixtures.StatuspageIncidents;
        foreach (var marker in new[] { "\"affected_components\": [ { \"code\": \"c-pay\", \"name\": \"Payments\", \"old_status\": \"partial_outage\", \"new_status\": \"operational\" } ]",
                     "\"affected_components\": [ { \"code\": \"c-pay\", \"name\": \"Payments\", \"old_status\": \"operational\", \"new_status\": \"partial_outage\" } ]" })
            text = text.Replace(marker, "\"affected_components\": null", StringComparison.Ordinal);
        var start = text.IndexOf("\"affected_components\": [\n", StringComparison.Ordinal);
        var end = text.IndexOf("],\n", start, StringComparison.Ordinal);
        text = text[..start] + "\"affected_components\": null," + text[(end + 2)..];
        var error = Only(Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("incidents.json", text)));
        Assert.Equal((4, "incidents[0].incident_updates", DataErrorCodes.NoComponentTransitions), (error.Line, error.Field, error.Code));
        Assert.Contains("names 4 component(s) but no update records a component status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_word_not_in_the_map_is_reported_at_its_json_path()
    {
        using var scratch = new Scratch();
        var text = Fixtures.StatuspageIncidents.Replace("\"old_status\": \"operational\", \"new_status\": \"partial_outage\"", "\"old_status\": \"operational\", \"new_status\": \"minor_outage\"", StringComparison.Ordinal);
        var error = Only(Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("incidents.json", text)));
        Assert.Equal(("incidents[0].incident_updates[2].affected_components[0].new_status", DataErrorCodes.UnmappedValue), (error.Field, error.Code));
        Assert.Contains("status 'minor_outage' is not in the map's [statuses]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolved_statuspage_incident_without_resolved_at_is_unmappable()
    {
        using var scratch = new Scratch();
        var text = Fixtures.StatuspageIncidents.Replace("\"resolved_at\": \"2026-11-10T15:30:00.000Z\"", "\"resolved_at\": null", StringComparison.Ordinal);
        var error = Only(Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("incidents.json", text)));
        Assert.Equal(("incidents[0].resolved_at", DataErrorCodes.UnmappableRecord), (error.Field, error.Code));
        Assert.Equal("The incident's status is resolved but it has no resolved_at.", error.Message);
    }

    [Fact]
    public void A_resolved_rest_incident_with_no_time_for_it_is_unmappable()
    {
        using var scratch = new Scratch();
        var text = Fixtures.RestIncidents.Replace("\"last_status_change_at\": \"2026-11-10T15:30:00Z\",", "", StringComparison.Ordinal);
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.json", text)));
        Assert.Equal(("incidents[0].last_status_change_at", DataErrorCodes.UnmappableRecord), (error.Field, error.Code));
        Assert.Contains("export its log entries with it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_columns_is_malformed()
    {
        using var scratch = new Scratch();
        var error = Only(Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", Fixtures.AnalyticsHeader + "\nQ9,1,short row\n")));
        Assert.Equal((2, DataErrorCodes.MalformedRow), (error.Line, error.Code));
        Assert.Contains("The row has 3 columns; the header has 32.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The remaining record-level paths, one row each: (what the test changes in which fixture) -> location, code, message.</summary>
    public static TheoryData<string, string, string, string, int, string, string, string> RecordPaths => new()
    {
        // source, fixture name, find, replace -> line, field, code, message fragment
        { "pagerduty", "csv", "Q1ABCDEFGHIJK1,", ",", 2, "id", DataErrorCodes.MissingValue, "'id' is required and is empty or absent." },                      // empty id
        { "pagerduty", "csv", ",high,PPRI001", ",,PPRI001", 2, "urgency", DataErrorCodes.MissingValue, "'urgency' is required (high or low)" },                // empty urgency
        { "pagerduty", "csv", ",240,1800,", ",4 min,1800,", 2, "seconds_to_first_ack", DataErrorCodes.NumberOutOfRange, "'4 min' is not a whole, non-negative number of seconds." },
        { "pagerduty", "csv", "2026-11-10T10:30:00-05:00", "2026-11-10T10:30:00.123456789-05:00", 2, "resolved_at", DataErrorCodes.TimestampFinerThanTick, "is finer than 100 ns" },
        { "pagerduty", "csv", "2026-11-10T10:30:00-05:00", "2026-11-10T10:30:00.1234567000-05:00", 2, "resolved_at", DataErrorCodes.InvalidTimestamp, "has more than 9 fractional digits" },
        { "pagerduty", "csv", "Q1ABCDEFGHIJK1,", "\"Q1\u0007\",", 2, "id", DataErrorCodes.InvalidWord, "holds a control character" },                     // BEL in a quoted id
        { "pagerduty", "rest", "\"status\": \"resolved\"", "\"status\": \"closed\"", 3, "incidents[0].status", DataErrorCodes.UnknownEnumeration, "'closed' is not an incident status: PagerDuty's are triggered, acknowledged and resolved." },
        { "statuspage", "incidents", "\"impact\": \"major\",", "", 4, "incidents[0].impact", DataErrorCodes.MissingValue, "'impact' is required: critical, major, minor or none." },
        { "statuspage", "incidents", "{ \"code\": \"c-pay\", \"name\": \"Payments\", \"old_status\": \"operational\", \"new_status\": \"partial_outage\" }", "{ \"code\": \"c-pay\", \"name\": \"Payments\", \"old_status\": \"operational\" }", 4, "incidents[0].incident_updates[2].affected_components[0].new_status", DataErrorCodes.MissingValue, "An affected component needs its new_status." },
        { "statuspage", "unrecovered", "\"resolved_at\": \"2026-11-10T15:30:00.000Z\"", "\"resolved_at\": \"2026-11-10T14:05:00.000Z\"", 4, "incidents[0].resolved_at", DataErrorCodes.EndBeforeStart, "A component status span begins at 2026-11-10T14:10:00Z, after resolved_at (2026-11-10T14:05:00Z)." },
        { "statuspage", "incidents", "\"incidents\": [\n", "\"incidents\": [\n    42,\n", 4, "incidents[0]", DataErrorCodes.MalformedRow, "Expected an incident object." },
        { "statuspage", "incidents", "\"incidents\": [", "\"incident\": [", 1, "", DataErrorCodes.UnrecognisedExport, "Not a Statuspage export" },
        { "statuspage", "maintenances", "\"scheduled_until\": \"2026-11-22T09:00:00.000Z\"", "\"scheduled_until\": \"2026-11-22T06:00:00.000Z\"", 4, "scheduled_maintenances[0].scheduled_until", DataErrorCodes.EndBeforeStart, "is before 'scheduled_for'" },
        { "csv", "jira", "Extensive / Widespread", "Catastrophic", 2, "Custom field (Impact)", DataErrorCodes.UnmappedValue, "status 'Catastrophic' is not in the map's [statuses]" },
        { "csv", "jira", ",Highest,", ",Blocker,", 2, "Priority", DataErrorCodes.UnmappedValue, "priority 'Blocker' is not in the map's [priorities]" },
        { "csv", "jira", ",database\n", ",Database Team\n", 2, "Labels", DataErrorCodes.InvalidWord, "tag 'Database Team' is not a lower-case kebab word." },
        { "csv", "jira", "Summary,Issue key,", "Summary,Summary,", 1, "", DataErrorCodes.MalformedRow, "The header row is not usable: the column 'Summary' appears twice in the header: columns 1 and 2." },  // a column named twice, in our words
    };

    [Theory]
    [MemberData(nameof(RecordPaths))]
    public void Every_record_path_is_located_and_says_why(string source, string fixture, string find, string replace, int line, string field, string code, string message)
    {
        using var scratch = new Scratch();
        var (kind, name, text, map) = (source, fixture) switch
        {
            ("pagerduty", "csv") => (ImportSource.PagerDuty, "pd.csv", Fixtures.AnalyticsCsv, Fixtures.PagerDutyMap),
            ("pagerduty", _) => (ImportSource.PagerDuty, "incidents.json", Fixtures.RestIncidents, Fixtures.PagerDutyMap),
            ("statuspage", "incidents") => (ImportSource.Statuspage, "incidents.json", Fixtures.StatuspageIncidents, Fixtures.StatuspageMap),
            // Payments never posted back to operational: down until resolved_at.
            ("statuspage", "unrecovered") => (ImportSource.Statuspage, "incidents.json", Fixtures.StatuspageIncidents.Replace(
                "[ { \"code\": \"c-pay\", \"name\": \"Payments\", \"old_status\": \"partial_outage\", \"new_status\": \"operational\" } ]", "null", StringComparison.Ordinal), Fixtures.StatuspageMap),
            ("statuspage", _) => (ImportSource.Statuspage, "scheduled-maintenances.json", Fixtures.StatuspageMaintenances, Fixtures.StatuspageMap),
            _ => (ImportSource.Csv, "jira.csv", Fixtures.JiraCsv.ReplaceLineEndings("\n"), Fixtures.JiraMap),
        };
        Assert.Contains(find, text, StringComparison.Ordinal);
        var changed = text.ReplaceLineEndings("\n");
        var at = changed.IndexOf(find, StringComparison.Ordinal);
        changed = changed[..at] + replace + changed[(at + find.Length)..]; // the first occurrence only
        var result = Import(scratch, kind, map, (name, changed));
        Assert.False(result.Succeeded);
        var error = result.Rejections[0];
        Assert.Equal((scratch.Path(name), line, field.Length == 0 ? null : field, code), (error.File, error.Line, error.Field, error.Code));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_that_are_not_objects_are_located()
    {
        using var scratch = new Scratch();
        var map = Fixtures.JiraMap.Replace("time_zone = \"America/New_York\"", "", StringComparison.Ordinal);
        var result = Import(scratch, ImportSource.JsonLines, map, ("x.jsonl",
            "{\"Issue key\":\"OPS-1\",\"Component/s\":\"Checkout\",\"Priority\":\"High\",\"Custom field (Impact)\":\"Degraded\",\"Created\":\"2026-11-03T09:00Z\"}\n[1]\n{\"Issue key\":\n"));
        Assert.Equal([(2, DataErrorCodes.MalformedRow), (3, DataErrorCodes.MalformedRow)], result.Rejections.Select(e => (e.Line, e.Code)));
        Assert.Equal("Expected one JSON object per line.", result.Rejections[0].Message);
        Assert.StartsWith("Invalid JSON", result.Rejections[1].Message, StringComparison.Ordinal);
        Assert.Single(result.Incidents); // the good line is kept (and written only with --keep-going)
    }

    [Fact]
    public void A_missing_map_is_an_error_that_says_how_to_propose_one()
    {
        using var scratch = new Scratch();
        var run = scratch.Sla("import", "pagerduty", scratch.Write("pd.csv", Fixtures.AnalyticsCsv), "--map", scratch.Path("none.toml"), "-o", scratch.Path("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist; 'sla import pagerduty FILES... --init --map", run.Error, StringComparison.Ordinal);
    }

    // ---- Writing: all or nothing, --keep-going, nothing overwritten ----

    [Fact]
    public void With_a_rejected_record_nothing_is_written()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("pd.csv", Fixtures.AnalyticsCsv.Replace("SEV-3", "SEV-9", StringComparison.Ordinal)));
        Assert.Single(result.Rejections);
        Assert.Empty(result.Written);
        Assert.False(Directory.Exists(scratch.Path("out")));
    }

    [Fact]
    public void Keep_going_writes_the_rows_that_mapped_and_lists_the_rejected_ones()
    {
        using var scratch = new Scratch();
        var run = scratch.Sla("import", "pagerduty", scratch.Write("pd.csv", Fixtures.AnalyticsCsv.Replace("SEV-3", "SEV-9", StringComparison.Ordinal)),
            "--map", scratch.Write("map.toml", Fixtures.PagerDutyMap), "-o", scratch.Path("out"), "--keep-going");
        Assert.Equal(1, run.ExitCode);
        var rejects = File.ReadAllText(scratch.Path("out/rejects.txt"));
        Assert.Equal("# sla import: 1 source record(s) rejected, not written; one line per problem.\n"
            + $"{scratch.Path("pd.csv")}(3): error DATA032: [priority_name] priority 'SEV-9' is not in the map's [priorities]: add \"SEV-9\" = <severity 1-99> to {scratch.Path("map.toml")}.\n", rejects);
        var incidents = File.ReadAllLines(scratch.Path("out/incidents.csv"));
        Assert.Equal(2, incidents.Length); // header + the SEV-1 incident
        Assert.StartsWith("Q1ABCDEFGHIJK1,api,1,outage,", incidents[1], StringComparison.Ordinal);
        Assert.Contains("left out by the map: 1 x service 'Internal Tools'", run.Output, StringComparison.Ordinal);
        Assert.Contains("imported 2 of 3 source records", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_earlier_import_is_not_overwritten_without_overwrite()
    {
        using var scratch = new Scratch();
        var csv = scratch.Write("pd.csv", Fixtures.AnalyticsCsv);
        var map = scratch.Write("map.toml", Fixtures.PagerDutyMap);
        Assert.Equal(0, scratch.Sla("import", "pagerduty", csv, "--map", map, "-o", scratch.Path("out")).ExitCode);
        File.WriteAllText(scratch.Path("out/incidents.csv"), "edited by hand\n");
        var again = scratch.Sla("import", "pagerduty", csv, "--map", map, "-o", scratch.Path("out"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists and was left unchanged; pass --overwrite", again.Error, StringComparison.Ordinal);
        Assert.Equal("edited by hand\n", File.ReadAllText(scratch.Path("out/incidents.csv")));
        Assert.Equal(0, scratch.Sla("import", "pagerduty", csv, "--map", map, "-o", scratch.Path("out"), "--overwrite").ExitCode);
        Assert.NotEqual("edited by hand\n", File.ReadAllText(scratch.Path("out/incidents.csv")));
    }

    [Fact]
    public void Init_never_overwrites_an_existing_map_unless_asked()
    {
        using var scratch = new Scratch();
        var csv = scratch.Write("pd.csv", Fixtures.AnalyticsCsv);
        var map = scratch.Write("map.toml", "# mine\n");
        var run = scratch.Sla("import", "pagerduty", csv, "--init", "--map", map);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already exists and was left unchanged; pass --overwrite", run.Error, StringComparison.Ordinal);
        Assert.Equal("# mine\n", File.ReadAllText(map));
        Assert.Equal(0, scratch.Sla("import", "pagerduty", csv, "--init", "--map", map, "--overwrite").ExitCode);
        Assert.Contains("[services]", File.ReadAllText(map), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_errors_print_with_line_and_column_and_exit_1()
    {
        using var scratch = new Scratch();
        var run = scratch.Sla("import", "pagerduty", scratch.Write("pd.csv", Fixtures.AnalyticsCsv), "--map", scratch.Write("map.toml", "[service]\n"), "-o", scratch.Path("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{scratch.Path("map.toml")}(1,1): error DATA031:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_options_and_sources_are_refused()
    {
        using var scratch = new Scratch();
        var csv = scratch.Write("pd.csv", Fixtures.AnalyticsCsv);
        Assert.Equal(1, scratch.Sla("import", "pagerduty", csv, "--map", "m.toml", "-o", "out", "--keepgoing").ExitCode);
        Assert.Equal(1, scratch.Sla("import", "opsgenie", csv, "--map", "m.toml", "-o", "out").ExitCode);
        var missing = scratch.Sla("import", "pagerduty", scratch.Path("nope.csv"), "--map", "m.toml", "-o", "out");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }
}
