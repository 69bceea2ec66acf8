using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import.Tests;

/// <summary>Each source on fixtures in its documented shape: what becomes of every field that matters.</summary>
public sealed class SourceTests
{
    private static Instant At(string text) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(text).Value;

    internal static ImportResult Import(Scratch scratch, ImportSource source, string map, params (string Name, string Text)[] files) =>
        Importer.Run(new ImportRequest(source, [.. files.Select(f => scratch.Write(f.Name, f.Text))], scratch.Write("map.toml", map), scratch.Path("out")));

    [Fact]
    public void Analytics_csv_maps_custom_priority_names_and_takes_response_from_the_first_acknowledgement()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.csv", Fixtures.AnalyticsCsv));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        Assert.Equal(2, result.Incidents.Length);
        var sev1 = result.Incidents.Single(i => i.Id == "Q1ABCDEFGHIJK1");
        Assert.Equal("api", sev1.Service);
        Assert.Equal(1, sev1.Severity);                                  // "SEV-1" through [priorities]
        Assert.Equal(Impact.Outage, sev1.Impact);                        // urgency high
        Assert.Equal(At("2026-11-10T14:00:00Z"), sev1.Started);         // created_at, -05:00 read exactly
        Assert.Equal(At("2026-11-10T14:04:00Z"), sev1.Acknowledged);    // created_at + seconds_to_first_ack (240)
        Assert.Equal(At("2026-11-10T14:04:00Z"), sev1.Responded);       // the first acknowledgement, not + seconds_to_engage (1800)
        Assert.Equal(At("2026-11-10T15:30:00Z"), sev1.Resolved);
        Assert.Equal<string>(["team-payments"], sev1.Tags);                      // team_name kept through [teams]
        Assert.Equal("payments", sev1.Team);                                     // and as the team column, without "team-"
        var sev3 = result.Incidents.Single(i => i.Id == "Q2ABCDEFGHIJK2");
        Assert.Equal((3, Impact.Degraded), (sev3.Severity, sev3.Impact));
        // Internal Tools is left out by the map, and said so.
        Assert.Equal(1, result.Tally.LeftOutByMapCounts["service 'Internal Tools'"]);
    }

    [Fact]
    public void Analytics_json_gives_the_same_incident_as_the_csv()
    {
        using var scratch = new Scratch();
        var json = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("raw.json", Fixtures.AnalyticsJson));
        using var other = new Scratch();
        var csv = Import(other, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.csv", Fixtures.AnalyticsCsv));
        Assert.True(json.Succeeded, string.Join("\n", json.Rejections));
        // Field for field as written (records hold their tag lists by reference).
        var format = SlaKpiDsl.Runtime.Data.Formats.IncidentFormat.Instance;
        Assert.Equal(format.ToValues(csv.Incidents.Single(i => i.Id == "Q1ABCDEFGHIJK1")), format.ToValues(Assert.Single(json.Incidents)));
    }

    [Fact]
    public void The_map_can_name_another_field_for_responded()
    {
        using var scratch = new Scratch();
        var map = Fixtures.PagerDutyMap + "\n[fields]\nresponded = \"none\"\n";
        var result = Import(scratch, ImportSource.PagerDuty, map, ("incidents.csv", Fixtures.AnalyticsCsv));
        Assert.All(result.Incidents, i => Assert.Null(i.Responded));
        Assert.All(result.Incidents, i => Assert.NotNull(i.Acknowledged));
    }

    [Fact]
    public void Rest_incidents_take_acknowledgement_and_resolution_from_the_log_entries()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.json", Fixtures.RestIncidents), ("log_entries.json", Fixtures.RestLogEntries));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        var resolved = result.Incidents.Single(i => i.Id == "PT4KHLK");
        Assert.Equal(At("2026-11-10T14:04:00Z"), resolved.Acknowledged); // the earlier of the two acknowledge_log_entry
        Assert.Equal(At("2026-11-10T14:04:00Z"), resolved.Responded);
        Assert.Equal(At("2026-11-10T15:30:00Z"), resolved.Resolved);     // resolve_log_entry
        Assert.Equal((1, Impact.Outage), (resolved.Severity, resolved.Impact)); // priority.name SEV-1
        Assert.Equal<string>(["team-payments"], resolved.Tags);                 // teams[].summary
        Assert.Equal("payments", resolved.Team);
        var open = result.Incidents.Single(i => i.Id == "PQ2WL3C");
        Assert.Equal(At("2026-11-20T08:07:00Z"), open.Acknowledged);     // acknowledgements[].at while acknowledged
        Assert.Null(open.Resolved);                                      // still open
        Assert.Equal((3, Impact.Degraded), (open.Severity, open.Impact)); // no priority: the low urgency's severity
    }

    [Fact]
    public void A_resolved_rest_incident_without_log_entries_is_resolved_at_its_last_status_change()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.json", Fixtures.RestIncidents));
        var resolved = result.Incidents.Single(i => i.Id == "PT4KHLK");
        Assert.Equal(At("2026-11-10T15:30:00Z"), resolved.Resolved);
        Assert.Null(resolved.Acknowledged); // acknowledgements[] is empty once resolved: without log entries there is none
    }

    [Fact]
    public void Statuspage_gives_downtime_only_to_the_component_that_was_degraded_for_its_span()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("incidents.json", Fixtures.StatuspageIncidents));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("p31zjtct2jer", incident.Id);
        Assert.Equal("payments", incident.Service);
        Assert.Equal(Impact.Partial, incident.Impact);                  // partial_outage
        Assert.Equal(At("2026-11-10T14:10:00Z"), incident.Started);     // the update that set partial_outage
        Assert.Equal(At("2026-11-10T15:00:00Z"), incident.Resolved);    // the update that set operational, not resolved_at 15:30
        Assert.Equal(2, incident.Severity);                              // impact "major"
    }

    [Fact]
    public void A_component_still_down_at_resolution_is_down_until_resolved_at_and_two_spans_get_two_records()
    {
        using var scratch = new Scratch();
        var text = Fixtures.StatuspageIncidents
            .Replace("""{ "code": "c-pay", "name": "Payments", "old_status": "partial_outage", "new_status": "operational" }""",
                     """{ "code": "c-pay", "name": "Payments", "old_status": "partial_outage", "new_status": "major_outage" }""");
        var result = Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("incidents.json", text));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        Assert.Equal(
            [("p31zjtct2jer/payments/1", Impact.Partial, At("2026-11-10T14:10:00Z"), (Instant?)At("2026-11-10T15:00:00Z")),
             ("p31zjtct2jer/payments/2", Impact.Outage, At("2026-11-10T15:00:00Z"), (Instant?)At("2026-11-10T15:30:00Z"))],
            result.Incidents.Select(i => (i.Id, i.Impact, i.Started, i.Resolved)));
    }

    [Fact]
    public void A_scheduled_maintenance_keeps_its_announcement_time()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("scheduled-maintenances.json", Fixtures.StatuspageMaintenances));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        var maintenance = Assert.Single(result.Maintenance);
        Assert.Equal(At("2026-11-16T12:00:00Z"), maintenance.Announced);
        Assert.Equal((At("2026-11-22T07:00:00Z"), At("2026-11-22T09:00:00Z")), (maintenance.Start, maintenance.End)); // the announced window
        Assert.Equal(Duration.FromHours(5 * 24 + 19), maintenance.Notice);
        Assert.Equal<string>(["api"], maintenance.Services);
        Assert.Empty(result.Incidents);
        // And it survives the written file: maintenance.csv loads back to the same record.
        var log = new DataErrorLog();
        var format = SlaKpiDsl.Runtime.Data.Formats.MaintenanceFormat.Instance;
        Assert.Equal(format.ToValues(maintenance), format.ToValues(Assert.Single(DataFile.ReadMaintenance(scratch.Path("out/maintenance.csv"), log))));
    }

    [Fact]
    public void A_jira_style_csv_loads_through_the_generic_column_mapping()
    {
        using var scratch = new Scratch();
        var result = Import(scratch, ImportSource.Csv, Fixtures.JiraMap, ("jira.csv", Fixtures.JiraCsv));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        Assert.Equal(2, result.Incidents.Length);
        var ops101 = result.Incidents[0];
        Assert.Equal(("OPS-101", "api", 1, Impact.Outage), (ops101.Id, ops101.Service, ops101.Severity, ops101.Impact));
        Assert.Equal(At("2026-11-03T14:00:00Z"), ops101.Started);   // 09:00 New York (EST, -05:00) through time_zone
        Assert.Equal(At("2026-11-03T14:10:00Z"), ops101.Responded);
        Assert.Equal(At("2026-11-03T14:45:00Z"), ops101.Resolved);
        Assert.Equal("us-east-1", ops101.Region);
        Assert.Equal<string>(["database"], ops101.Tags);
        var ops102 = result.Incidents[1];
        Assert.Equal(("search", 3, Impact.Degraded), (ops102.Service, ops102.Severity, ops102.Impact));
    }

    [Fact]
    public void Init_proposes_a_map_from_the_names_seen_and_the_proposal_imports()
    {
        using var scratch = new Scratch();
        var csv = scratch.Write("incidents.csv", Fixtures.AnalyticsCsv);
        var proposal = MapProposer.Propose(ImportSource.PagerDuty, [csv]);
        Assert.Contains("\"Checkout API\" = \"checkout-api\"", proposal, StringComparison.Ordinal);
        Assert.Contains("\"Internal Tools\" = \"internal-tools\"", proposal, StringComparison.Ordinal);
        Assert.Contains("\"SEV-1\" = 1", proposal, StringComparison.Ordinal);
        Assert.Contains("\"SEV-3\" = 3", proposal, StringComparison.Ordinal);
        Assert.Contains("\"high\" = { impact = \"outage\", severity = 1 }", proposal, StringComparison.Ordinal);
        Assert.Contains("\"Payments\" = \"team-payments\"", proposal, StringComparison.Ordinal);
        var (map, errors) = ImportMapReader.Read(proposal, "proposed.toml");
        Assert.Empty(errors);
        var result = Importer.Run(new ImportRequest(ImportSource.PagerDuty, [csv], "proposed.toml", scratch.Path("out")), map!);
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        Assert.Equal(3, result.Incidents.Length);
    }

    [Fact]
    public void Init_for_a_statuspage_export_lists_its_components_and_statuses()
    {
        using var scratch = new Scratch();
        var file = scratch.Write("incidents.json", Fixtures.StatuspageIncidents);
        var proposal = MapProposer.Propose(ImportSource.Statuspage, [file]);
        foreach (var line in new[] { "\"API\" = \"api\"", "\"Payments\" = \"payments\"", "\"Email\" = \"email\"", "\"partial_outage\" = \"partial\"", "\"operational\" = \"-\"", "\"major\" = 2" })
            Assert.Contains(line, proposal, StringComparison.Ordinal);
        Assert.Empty(ImportMapReader.Read(proposal, "proposed.toml").Errors);
    }

    internal static ImmutableArray<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Each source's title field: (source, map, file name, export, incident id, title it must give).</summary>
    public static TheoryData<string, string, string, string, string> Titles => new()
    {
        // PagerDuty Analytics CSV and JSON: `description`.
        { "pagerduty", "incidents.csv", Fixtures.AnalyticsCsv, "Q1ABCDEFGHIJK1", "Checkout 5xx above 20%" },
        { "pagerduty", "raw.json", Fixtures.AnalyticsJson, "Q1ABCDEFGHIJK1", "Checkout 5xx above 20%" },
        // PagerDuty REST v2: `title`, and `summary` when the incident has no title field.
        { "pagerduty", "incidents.json", Fixtures.RestIncidents, "PT4KHLK", "The server is on fire." },
        { "pagerduty", "incidents.json", Fixtures.RestIncidents, "PQ2WL3C", "[#1235] Checkout latency" },
        // Statuspage: the incident's `name`.
        { "statuspage", "incidents.json", Fixtures.StatuspageIncidents, "p31zjtct2jer", "Elevated payment errors" },
        // Generic CSV (Jira): the [columns] title column, "Summary".
        { "csv", "jira.csv", Fixtures.JiraCsv, "OPS-101", "Checkout down" },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public void Every_importer_fills_the_title_and_it_loads_back_from_the_written_file(string source, string file, string export, string id, string title)
    {
        using var scratch = new Scratch();
        var (kind, map) = source switch
        {
            "pagerduty" => (ImportSource.PagerDuty, Fixtures.PagerDutyMap),
            "statuspage" => (ImportSource.Statuspage, Fixtures.StatuspageMap),
            _ => (ImportSource.Csv, Fixtures.JiraMap),
        };
        var result = Import(scratch, kind, map, (file, export));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections));
        Assert.Equal(title, result.Incidents.Single(i => i.Id == id).Title);
        var log = new DataErrorLog();
        var written = DataFile.ReadIncidents(scratch.Path("out/incidents.csv"), log).ToList();
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(title, written.Single(i => i.Id == id).Title);
    }

    [Fact]
    public void A_statuspage_incident_of_two_spans_gives_both_records_its_title()
    {
        using var scratch = new Scratch();
        var text = Fixtures.StatuspageIncidents
            .Replace("""{ "code": "c-pay", "name": "Payments", "old_status": "partial_outage", "new_status": "operational" }""",
                     """{ "code": "c-pay", "name": "Payments", "old_status": "partial_outage", "new_status": "major_outage" }""");
        var result = Import(scratch, ImportSource.Statuspage, Fixtures.StatuspageMap, ("incidents.json", text));
        Assert.Equal(2, result.Incidents.Length);
        Assert.All(result.Incidents, i => Assert.Equal("Elevated payment errors", i.Title));
    }

    [Fact]
    public void A_title_the_data_files_cannot_hold_rejects_the_record_with_DATA100_and_is_never_shortened()
    {
        // A line break in a REST incident's title.
        using var scratch = new Scratch();
        var broken = Fixtures.RestIncidents.Replace("\"title\": \"The server is on fire.\"", "\"title\": \"The server\\nis on fire.\"", StringComparison.Ordinal);
        Assert.NotEqual(Fixtures.RestIncidents, broken);
        var rest = Import(scratch, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.json", broken));
        var error = Assert.Single(rest.Rejections);
        Assert.Equal(DataErrorCodes.InvalidTitle, error.Code);
        Assert.EndsWith(".title", error.Field, StringComparison.Ordinal);
        Assert.Contains("control character (U+000A)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(rest.Incidents, i => i.Id == "PT4KHLK");
        // A 201-character Analytics description.
        using var other = new Scratch();
        var lines = Fixtures.AnalyticsCsv.Split('\n');
        var csv = lines[0] + "\n" + lines[1].Replace("Checkout 5xx above 20%", new string('x', 201), StringComparison.Ordinal) + "\n";
        var analytics = Import(other, ImportSource.PagerDuty, Fixtures.PagerDutyMap, ("incidents.csv", csv));
        var tooLong = Assert.Single(analytics.Rejections);
        Assert.Equal((DataErrorCodes.InvalidTitle, "description", 2), (tooLong.Code, tooLong.Field, tooLong.Line));
        Assert.Contains("201 characters long: at most 200", tooLong.Message, StringComparison.Ordinal);
        Assert.Empty(analytics.Incidents);
    }
}
