using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Importers;
using SlaKpiDsl.Runtime.Tests.Data.Examples;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class PagerDutyImporterTests
{
    private static readonly Dictionary<string, string> ServiceMap = new()
    {
        ["Public API (prod)"] = "api",
        ["Checkout Web"] = "checkout",
        ["Payments Gateway"] = "payments",
        ["Compute Fleet"] = "compute",
        ["Messaging"] = "messaging",
        ["Marketing Site"] = "-",
    };

    private static string Sample => Path.Combine(RepositoryPaths.ExampleData, "imports", "pagerduty-incidents.csv");

    [Fact]
    public void The_sample_export_imports_to_the_expected_incidents()
    {
        var log = new DataErrorLog();
        var incidents = PagerDutyCsvImporter.ReadAll(Sample, log, new PagerDutyImportOptions { ServiceMap = ServiceMap }).ToDictionary(i => i.Id);
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(11, incidents.Count);
        Assert.Equal(1, log.RowsExcludedByMap);       // Marketing Site is mapped to "-"

        var api = incidents["Q0RIJJZL24RC6W"];
        Assert.Equal("api", api.Service);
        Assert.Equal(1, api.Severity);                // P1
        Assert.Equal(Impact.Outage, api.Impact);      // high urgency
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 0, 12), api.Started);
        Assert.Equal(api.Started, api.Detected);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 4, 0), api.Acknowledged);   // + seconds_to_first_ack 228
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 15, 30, 5), api.Resolved);

        var latency = incidents["Q1B7XK3M0QZ2TE"];
        Assert.Equal((3, Impact.Degraded), (latency.Severity, latency.Impact));   // P3, low urgency

        var checkout = incidents["Q2HZ1R0VN8W5PA"];
        Assert.Equal(Instant.FromUtc(2026, 11, 17, 18, 20, 0), checkout.Acknowledged);   // 12 minutes after the page: late

        var blip = incidents["Q4N2C8E6TF0XHD"];
        Assert.Equal((1, Impact.Outage), (blip.Severity, blip.Impact));   // no priority, high urgency -> severity 1
        Assert.Null(blip.Acknowledged);
        Assert.Equal(Duration.FromSeconds(35), blip.Resolved!.Value - blip.Started);

        var dst = incidents["Q8Y1D6N2CJ3VWI"];
        Assert.Equal(Duration.FromMinutes(48), dst.Resolved!.Value - dst.Started);   // 01:32 EDT to 01:20 EST

        var open = incidents["Q9Z4F8Q7EL5XYJ"];
        Assert.Null(open.Resolved);
        Assert.Equal((3, Impact.Degraded), (open.Severity, open.Impact));
    }

    [Fact]
    public void Without_a_map_the_service_name_is_kept_as_written()
    {
        var log = new DataErrorLog();
        var incidents = PagerDutyCsvImporter.ReadAll(Sample, log);
        Assert.False(log.HasErrors);
        Assert.Equal(12, incidents.Length);
        Assert.Contains(incidents, i => i.Service == "Public API (prod)");
    }

    [Fact]
    public void Bad_rows_are_reported_with_line_and_column()
    {
        var csv = "id,service_name,created_on,resolved_on,seconds_to_first_ack,urgency,priority_name,status\n" +
            /* 2 */ "P1,Public API (prod),2026-11-10T14:00:00Z,2026-11-10T15:00:00Z,60,urgent,,resolved\n" +
            /* 3 */ "P2,Unknown Service,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z,60,high,,resolved\n" +
            /* 4 */ "P3,Public API (prod),2026-11-10T14:00:00Z,,60,high,,resolved\n" +
            /* 5 */ "P4,Public API (prod),2026-11-10T14:00:00Z,2026-11-10T15:00:00Z,-5,high,Sev1,resolved\n" +
            /* 6 */ "P5,Public API (prod),2026-11-10T14:00:00Z,2026-11-10T13:00:00Z,,high,P2,resolved\n";
        var log = new DataErrorLog();
        var incidents = PagerDutyCsvImporter.Read(new StringReader(csv), "pd.csv", log, new PagerDutyImportOptions { ServiceMap = ServiceMap }).ToList();
        Assert.Empty(incidents);
        Assert.Equal(
        [
            "2 urgency DATA008", "3 service_name DATA015", "4 resolved_on DATA019",
            "5 seconds_to_first_ack DATA011", "5 priority_name DATA008", "6 resolved_on DATA007",
        ], DataText.Where(log));
    }

    [Fact]
    public void An_export_without_the_needed_columns_is_rejected_whole()
    {
        var log = new DataErrorLog();
        var incidents = PagerDutyCsvImporter.Read(new StringReader("incident_number,description\n1,x\n"), "pd.csv", log).ToList();
        Assert.Empty(incidents);
        Assert.Equal(["1 service_name DATA002", "1 created_on DATA002", "1 urgency DATA002"], DataText.Where(log));
    }
}

public class StatuspageImporterTests
{
    private static readonly Dictionary<string, string> ComponentMap = new()
    {
        ["API"] = "api",
        ["Checkout"] = "checkout",
        ["Payments"] = "payments",
        ["Messaging"] = "messaging",
        ["Status Page Widget"] = "-",
    };

    private static string Sample => Path.Combine(RepositoryPaths.ExampleData, "imports", "statuspage-incidents.json");

    [Fact]
    public void The_sample_export_imports_incidents_and_scheduled_maintenances()
    {
        var log = new DataErrorLog();
        var import = StatuspageJsonImporter.Read(Sample, log, new StatuspageImportOptions { ComponentMap = ComponentMap });
        Assert.False(log.HasErrors, log.Format());
        var incidents = import.Incidents.ToDictionary(i => i.Id);
        Assert.Equal(9, incidents.Count);
        Assert.Equal(1, log.RowsExcludedByMap);   // the widget-only incident

        var outage = incidents["p31zjtct2jer"];
        Assert.Equal(("api", 1, Impact.Outage), (outage.Service, outage.Severity, outage.Impact));
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 0), outage.Started);          // started_at
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 3, 10), outage.Detected);     // created_at
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 15, 30), outage.Resolved);
        Assert.True(outage.PostmortemCompleted);

        Assert.Equal((3, Impact.Degraded), (incidents["k8d2wq7xv1mz"].Severity, incidents["k8d2wq7xv1mz"].Impact));  // minor
        Assert.Equal(Impact.Partial, incidents["h4f6j8k0l2n4/checkout"].Impact);                                      // major, two components
        Assert.Equal("payments", incidents["h4f6j8k0l2n4/payments"].Service);
        Assert.Equal((4, Impact.None), (incidents["v2b4n6m8q0w2"].Severity, incidents["v2b4n6m8q0w2"].Impact));       // none
        Assert.Null(incidents["z9x7c5v3b1n9"].Resolved);                                                              // still monitoring
        Assert.False(incidents["k8d2wq7xv1mz"].PostmortemCompleted);

        var maintenance = import.Maintenance.ToDictionary(m => m.Id);
        Assert.Equal(3, maintenance.Count);
        var planned = maintenance["m4a1n7t2e9n1"];
        Assert.Equal(Instant.FromUtc(2026, 11, 16, 12, 0), planned.Announced);
        Assert.Equal(new Interval(Instant.FromUtc(2026, 11, 22, 7, 0), Instant.FromUtc(2026, 11, 22, 9, 0)), new Interval(planned.Start, planned.End));
        Assert.Equal(Duration.FromHours(139), planned.Notice);
        Assert.Equal(Duration.FromMinutes(30), maintenance["e5m6r7g8n9c0"].Notice);
        Assert.Equal(["checkout"], maintenance["c7h8k9o0u1t2"].Services.ToArray());
    }

    [Fact]
    public void Errors_carry_the_line_of_the_object_and_a_json_path()
    {
        var json = """
            {"page": {"id": "x"},
             "incidents": [
              {"id": "a", "impact": "critical", "created_at": "2026-11-10T14:00:00Z", "resolved_at": "2026-11-10T15:00:00Z",
               "components": [{"name": "API"}]},
              {"id": "b", "impact": "catastrophic", "created_at": "2026-11-10T14:00:00Z", "resolved_at": null,
               "components": [{"name": "API"}]},
              {"id": "c", "impact": "minor", "status": "resolved", "created_at": "2026-11-10T14:00:00", "components": [{"name": "Billing"}]}
             ],
             "scheduled_maintenances": [
              {"id": "m", "impact": "maintenance", "created_at": "2026-11-10T14:00:00Z", "scheduled_for": "2026-11-12T14:00:00Z",
               "scheduled_until": "2026-11-12T13:00:00Z", "components": [{"name": "API"}]}
             ]}
            """;
        var log = new DataErrorLog();
        var import = StatuspageJsonImporter.Read(Encoding.UTF8.GetBytes(json), "sp.json", log, new StatuspageImportOptions { ComponentMap = ComponentMap });
        Assert.Equal(["a"], import.Incidents.Select(i => i.Id));
        Assert.Empty(import.Maintenance);
        Assert.Equal(
        [
            "5 incidents[1].impact DATA008",
            "7 incidents[2].created_at DATA005",
            "7 incidents[2].components[0].name DATA015",
            "10 scheduled_maintenances[0].scheduled_until DATA007",
        ], DataText.Where(log));
    }

    [Fact]
    public void An_incident_without_components_needs_a_default_service()
    {
        var json = """[{"id": "a", "impact": "major", "created_at": "2026-11-10T14:00:00Z", "resolved_at": "2026-11-10T15:00:00Z", "components": []}]""";
        var log = new DataErrorLog();
        Assert.Empty(StatuspageJsonImporter.Read(Encoding.UTF8.GetBytes(json), "sp.json", log).Incidents);
        Assert.Equal(["1 incidents[0].components DATA003"], DataText.Where(log));
        var withDefault = StatuspageJsonImporter.Read(Encoding.UTF8.GetBytes(json), "sp.json", new DataErrorLog(), new StatuspageImportOptions { DefaultService = "api" });
        Assert.Equal("api", Assert.Single(withDefault.Incidents).Service);
    }

    [Fact]
    public void Truncated_json_is_one_malformed_error_not_an_exception()
    {
        var log = new DataErrorLog();
        StatuspageJsonImporter.Read(Encoding.UTF8.GetBytes("[{\"id\": \"a\",\n \"impact\": "), "sp.json", log);
        Assert.Equal(DataErrorCodes.MalformedRow, Assert.Single(log.Errors).Code);
    }
}

public class ImporterInvariantTests
{
    [Fact]
    public void A_blank_statuspage_id_is_a_missing_value_not_an_exception()
    {
        var json = """[{"id": "  ", "impact": "major", "created_at": "2026-11-10T14:00:00Z", "components": [{"name": "API"}]}]""";
        var log = new DataErrorLog();
        var import = StatuspageJsonImporter.Read(Encoding.UTF8.GetBytes(json), "sp.json", log);
        Assert.Empty(import.Incidents);
        Assert.Equal(["1 incidents[0].id DATA003"], DataText.Where(log));
    }

    [Fact]
    public void A_service_map_entry_with_an_empty_id_is_an_error()
    {
        var log = new DataErrorLog();
        var incidents = PagerDutyCsvImporter.Read(new StringReader("id,service_name,created_on,urgency\nP1,API,2026-11-10T14:00:00Z,high\n"), "pd.csv", log,
            new PagerDutyImportOptions { ServiceMap = new Dictionary<string, string> { ["API"] = " " } }).ToList();
        Assert.Empty(incidents);
        Assert.Equal(["2 service_name DATA015"], DataText.Where(log));
    }
}
