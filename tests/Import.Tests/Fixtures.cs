namespace SlaKpiDsl.Import.Tests;

/// <summary>
/// Export fixtures in the shapes the sources document, field for field (docs/data.md cites each list):
/// PagerDuty Analytics raw incidents (CSV download and POST /analytics/raw/incidents JSON), PagerDuty REST API v2
/// GET /incidents and GET /log_entries, Statuspage public API v2 incidents.json and scheduled-maintenances.json,
/// and a Jira Service Management CSV export.
/// </summary>
internal static class Fixtures
{
    public const string AnalyticsHeader =
        "id,incident_number,description,created_at,resolved_at,service_id,service_name,team_id,team_name,escalation_policy_id,escalation_policy_name,"
        + "urgency,priority_id,priority_name,priority_order,major,seconds_to_first_ack,seconds_to_engage,seconds_to_mobilize,seconds_to_resolve,"
        + "engaged_seconds,engaged_user_count,escalation_count,assignment_count,auto_resolved,business_hour_interruptions,off_hour_interruptions,"
        + "sleep_hour_interruptions,snoozed_seconds,user_defined_effort_seconds,resolved_by_user_id,resolved_by_user_name";

    /// <summary>
    /// November 2026. Q1: a SEV-1 outage of Checkout API, 09:00-10:30 New York (14:00-15:30Z, 5400 s), acknowledged
    /// after 240 s, engaged over 1800 s by several responders. Q2: a SEV-3 low-urgency degradation (not an outage).
    /// Q3: Internal Tools, which the map leaves out.
    /// </summary>
    public const string AnalyticsCsv = AnalyticsHeader + "\n"
        + "Q1ABCDEFGHIJK1,4101,Checkout 5xx above 20%,2026-11-10T09:00:00-05:00,2026-11-10T10:30:00-05:00,PSVC001,Checkout API,PTEAM01,Payments,PEP0001,Checkout On-Call,"
        + "high,PPRI001,SEV-1,1,true,240,1800,300,5400,3600,3,0,1,false,1,0,0,0,,PUSER01,Ana Lopez\n"
        + "Q2ABCDEFGHIJK2,4102,Checkout p95 above 800 ms,2026-11-12T15:00:00Z,2026-11-12T16:00:00Z,PSVC001,Checkout API,PTEAM01,Payments,PEP0001,Checkout On-Call,"
        + "low,PPRI003,SEV-3,3,false,600,,,3600,600,1,1,1,false,1,0,0,0,,PUSER02,Bo Chen\n"
        + "Q3ABCDEFGHIJK3,4103,Wiki slow,2026-11-13T10:00:00Z,2026-11-13T11:00:00Z,PSVC009,Internal Tools,PTEAM09,IT,PEP0009,IT On-Call,"
        + "low,,,,false,60,,,3600,60,1,0,1,false,1,0,0,0,,PUSER03,Cy Diaz\n";

    public const string PagerDutyMap = """
        # PagerDuty map for the tests.
        [services]
        "Checkout API" = "api"
        "Internal Tools" = "-"

        [priorities]
        "SEV-1" = 1
        "SEV-2" = 2
        "SEV-3" = 3

        [urgencies]
        high = { impact = "outage", severity = 1 }
        low = { impact = "degraded", severity = 3 }

        [teams]
        "Payments" = "team-payments"
        "IT" = "-"
        """;

    /// <summary>The same incident as Q1 through POST /analytics/raw/incidents ({"data": [...]}).</summary>
    public const string AnalyticsJson = """
        {
          "data": [
            {
              "id": "Q1ABCDEFGHIJK1",
              "incident_number": 4101,
              "description": "Checkout 5xx above 20%",
              "created_at": "2026-11-10T14:00:00Z",
              "resolved_at": "2026-11-10T15:30:00Z",
              "service_id": "PSVC001",
              "service_name": "Checkout API",
              "team_id": "PTEAM01",
              "team_name": "Payments",
              "escalation_policy_id": "PEP0001",
              "escalation_policy_name": "Checkout On-Call",
              "urgency": "high",
              "priority_id": "PPRI001",
              "priority_name": "SEV-1",
              "priority_order": 1,
              "major": true,
              "seconds_to_first_ack": 240,
              "seconds_to_engage": 1800,
              "seconds_to_mobilize": 300,
              "seconds_to_resolve": 5400,
              "engaged_seconds": 3600,
              "engaged_user_count": 3,
              "escalation_count": 0,
              "assignment_count": 1,
              "auto_resolved": false
            }
          ],
          "aggregate_unit": null,
          "filters": { "created_at_start": "2026-11-01T00:00:00Z", "created_at_end": "2026-12-01T00:00:00Z" },
          "time_zone": "Etc/UTC",
          "order": "desc",
          "order_by": "created_at",
          "first": "Q1ABCDEFGHIJK1",
          "last": "Q1ABCDEFGHIJK1",
          "more": false,
          "limit": 1000
        }
        """;

    /// <summary>GET /incidents: a resolved incident (its acknowledgements list is empty once resolved) and one still acknowledged.</summary>
    public const string RestIncidents = """
        {
          "incidents": [
            {
              "id": "PT4KHLK",
              "type": "incident",
              "summary": "[#1234] The server is on fire.",
              "self": "https://api.pagerduty.com/incidents/PT4KHLK",
              "html_url": "https://subdomain.pagerduty.com/incidents/PT4KHLK",
              "incident_number": 1234,
              "title": "The server is on fire.",
              "created_at": "2026-11-10T14:00:00Z",
              "updated_at": "2026-11-10T15:30:00Z",
              "status": "resolved",
              "incident_key": "baf7cf21b1da41b4b0221008339ff357",
              "service": { "id": "PIJ90N7", "type": "service_reference", "summary": "Checkout API", "self": "https://api.pagerduty.com/services/PIJ90N7", "html_url": "https://subdomain.pagerduty.com/service-directory/PIJ90N7" },
              "assignments": [],
              "assigned_via": "escalation_policy",
              "last_status_change_at": "2026-11-10T15:30:00Z",
              "first_trigger_log_entry": { "id": "Q02JTSNZWHSEKV", "type": "trigger_log_entry_reference", "summary": "Triggered through the API" },
              "alert_counts": { "all": 2, "triggered": 0, "resolved": 2 },
              "is_mergeable": true,
              "escalation_policy": { "id": "PT20YPA", "type": "escalation_policy_reference", "summary": "Another Escalation Policy" },
              "teams": [ { "id": "PQ9K7I8", "type": "team_reference", "summary": "Payments" } ],
              "pending_actions": [],
              "acknowledgements": [],
              "last_status_change_by": { "id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt" },
              "priority": { "id": "P53ZZH5", "type": "priority", "summary": "SEV-1", "name": "SEV-1", "description": "Critical" },
              "resolve_reason": null,
              "incidents_responders": [],
              "responder_requests": [],
              "subscriber_requests": [],
              "urgency": "high"
            },
            {
              "id": "PQ2WL3C",
              "type": "incident",
              "summary": "[#1235] Checkout latency",
              "incident_number": 1235,
              "created_at": "2026-11-20T08:00:00Z",
              "updated_at": "2026-11-20T08:07:00Z",
              "status": "acknowledged",
              "service": { "id": "PIJ90N7", "type": "service_reference", "summary": "Checkout API" },
              "last_status_change_at": "2026-11-20T08:07:00Z",
              "teams": [],
              "acknowledgements": [ { "at": "2026-11-20T08:07:00Z", "acknowledger": { "id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt" } } ],
              "priority": null,
              "urgency": "low"
            }
          ],
          "limit": 25,
          "offset": 0,
          "total": null,
          "more": false
        }
        """;

    /// <summary>GET /log_entries: two acknowledgements of PT4KHLK (the first counts) and its resolution.</summary>
    public const string RestLogEntries = """
        {
          "log_entries": [
            { "id": "R1", "type": "trigger_log_entry", "summary": "Triggered through the API", "created_at": "2026-11-10T14:00:00Z", "incident": { "id": "PT4KHLK", "type": "incident_reference" } },
            { "id": "R2", "type": "acknowledge_log_entry", "summary": "Acknowledged by Earline", "created_at": "2026-11-10T14:06:00Z", "agent": { "id": "PXPGF42", "type": "user_reference" }, "channel": { "type": "web_ui" }, "incident": { "id": "PT4KHLK", "type": "incident_reference" } },
            { "id": "R3", "type": "acknowledge_log_entry", "summary": "Acknowledged by Ana", "created_at": "2026-11-10T14:04:00Z", "agent": { "id": "PXPGF43", "type": "user_reference" }, "channel": { "type": "mobile" }, "incident": { "id": "PT4KHLK", "type": "incident_reference" } },
            { "id": "R4", "type": "resolve_log_entry", "summary": "Resolved by Earline", "created_at": "2026-11-10T15:30:00Z", "agent": { "id": "PXPGF42", "type": "user_reference" }, "channel": { "type": "web_ui" }, "incident": { "id": "PT4KHLK", "type": "incident_reference" } }
          ],
          "limit": 25, "offset": 0, "more": false, "total": null
        }
        """;

    /// <summary>
    /// incidents.json: one incident with four components attached, of which only Payments went to partial_outage
    /// (14:10Z) and back to operational (15:00Z); the incident ran 14:00Z-15:30Z.
    /// </summary>
    public const string StatuspageIncidents = """
        {
          "page": { "id": "kctbh9vrtdwd", "name": "Acme", "url": "https://status.acme.test", "time_zone": "Etc/UTC", "updated_at": "2026-11-30T00:00:00.000Z" },
          "incidents": [
            {
              "id": "p31zjtct2jer",
              "name": "Elevated payment errors",
              "status": "resolved",
              "created_at": "2026-11-10T14:00:00.000Z",
              "updated_at": "2026-11-10T15:30:00.000Z",
              "monitoring_at": "2026-11-10T15:00:00.000Z",
              "resolved_at": "2026-11-10T15:30:00.000Z",
              "impact": "major",
              "shortlink": "https://stspg.io/p31zjtct2jer",
              "started_at": "2026-11-10T14:00:00.000Z",
              "page_id": "kctbh9vrtdwd",
              "incident_updates": [
                {
                  "id": "u4", "status": "resolved", "body": "Resolved.", "incident_id": "p31zjtct2jer",
                  "created_at": "2026-11-10T15:30:00.000Z", "updated_at": "2026-11-10T15:30:00.000Z", "display_at": "2026-11-10T15:30:00.000Z",
                  "affected_components": null, "deliver_notifications": true, "custom_tweet": null, "tweet_id": null
                },
                {
                  "id": "u3", "status": "monitoring", "body": "A fix is out.", "incident_id": "p31zjtct2jer",
                  "created_at": "2026-11-10T15:00:00.000Z", "updated_at": "2026-11-10T15:00:00.000Z", "display_at": "2026-11-10T15:00:00.000Z",
                  "affected_components": [ { "code": "c-pay", "name": "Payments", "old_status": "partial_outage", "new_status": "operational" } ],
                  "deliver_notifications": true, "custom_tweet": null, "tweet_id": null
                },
                {
                  "id": "u2", "status": "identified", "body": "Payments are failing for some cards.", "incident_id": "p31zjtct2jer",
                  "created_at": "2026-11-10T14:10:00.000Z", "updated_at": "2026-11-10T14:10:00.000Z", "display_at": "2026-11-10T14:10:00.000Z",
                  "affected_components": [ { "code": "c-pay", "name": "Payments", "old_status": "operational", "new_status": "partial_outage" } ],
                  "deliver_notifications": true, "custom_tweet": null, "tweet_id": null
                },
                {
                  "id": "u1", "status": "investigating", "body": "We are investigating.", "incident_id": "p31zjtct2jer",
                  "created_at": "2026-11-10T14:00:00.000Z", "updated_at": "2026-11-10T14:00:00.000Z", "display_at": "2026-11-10T14:00:00.000Z",
                  "affected_components": [
                    { "code": "c-api", "name": "API", "old_status": "operational", "new_status": "operational" },
                    { "code": "c-web", "name": "Website", "old_status": "operational", "new_status": "operational" },
                    { "code": "c-pay", "name": "Payments", "old_status": "operational", "new_status": "operational" },
                    { "code": "c-eml", "name": "Email", "old_status": "operational", "new_status": "operational" }
                  ],
                  "deliver_notifications": true, "custom_tweet": null, "tweet_id": null
                }
              ],
              "components": [
                { "id": "c-api", "name": "API", "status": "operational", "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2026-11-10T15:30:00.000Z", "position": 1, "description": null, "showcase": true, "start_date": null, "group_id": null, "page_id": "kctbh9vrtdwd", "group": false, "only_show_if_degraded": false },
                { "id": "c-web", "name": "Website", "status": "operational", "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2026-11-10T15:30:00.000Z", "position": 2, "description": null, "showcase": true, "start_date": null, "group_id": null, "page_id": "kctbh9vrtdwd", "group": false, "only_show_if_degraded": false },
                { "id": "c-pay", "name": "Payments", "status": "operational", "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2026-11-10T15:30:00.000Z", "position": 3, "description": null, "showcase": true, "start_date": null, "group_id": null, "page_id": "kctbh9vrtdwd", "group": false, "only_show_if_degraded": false },
                { "id": "c-eml", "name": "Email", "status": "operational", "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2026-11-10T15:30:00.000Z", "position": 4, "description": null, "showcase": true, "start_date": null, "group_id": null, "page_id": "kctbh9vrtdwd", "group": false, "only_show_if_degraded": false }
              ]
            }
          ]
        }
        """;

    /// <summary>scheduled-maintenances.json: announced 2026-11-16T12:00Z for 2026-11-22 07:00-09:00Z (5 days 19 hours of notice).</summary>
    public const string StatuspageMaintenances = """
        {
          "page": { "id": "kctbh9vrtdwd", "name": "Acme", "url": "https://status.acme.test", "time_zone": "Etc/UTC", "updated_at": "2026-11-30T00:00:00.000Z" },
          "scheduled_maintenances": [
            {
              "id": "w1zdr745wmfy",
              "name": "Database upgrade",
              "status": "completed",
              "created_at": "2026-11-16T12:00:00.000Z",
              "updated_at": "2026-11-22T09:00:00.000Z",
              "monitoring_at": null,
              "resolved_at": "2026-11-22T08:40:00.000Z",
              "impact": "maintenance",
              "shortlink": "https://stspg.io/w1zdr745wmfy",
              "started_at": "2026-11-22T07:00:00.000Z",
              "page_id": "kctbh9vrtdwd",
              "incident_updates": [
                { "id": "m2", "status": "completed", "body": "Done.", "incident_id": "w1zdr745wmfy", "created_at": "2026-11-22T08:40:00.000Z", "updated_at": "2026-11-22T08:40:00.000Z", "display_at": "2026-11-22T08:40:00.000Z", "affected_components": [ { "code": "c-api", "name": "API", "old_status": "under_maintenance", "new_status": "operational" } ], "deliver_notifications": true, "custom_tweet": null, "tweet_id": null },
                { "id": "m1", "status": "scheduled", "body": "We will upgrade the database.", "incident_id": "w1zdr745wmfy", "created_at": "2026-11-16T12:00:00.000Z", "updated_at": "2026-11-16T12:00:00.000Z", "display_at": "2026-11-16T12:00:00.000Z", "affected_components": [ { "code": "c-api", "name": "API", "old_status": "operational", "new_status": "operational" } ], "deliver_notifications": true, "custom_tweet": null, "tweet_id": null }
              ],
              "components": [
                { "id": "c-api", "name": "API", "status": "operational", "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2026-11-22T09:00:00.000Z", "position": 1, "description": null, "showcase": true, "start_date": null, "group_id": null, "page_id": "kctbh9vrtdwd", "group": false, "only_show_if_degraded": false }
              ],
              "scheduled_for": "2026-11-22T07:00:00.000Z",
              "scheduled_until": "2026-11-22T09:00:00.000Z"
            }
          ]
        }
        """;

    public const string StatuspageMap = """
        [services]
        "API" = "api"
        "Website" = "web"
        "Payments" = "payments"
        "Email" = "-"
        """;

    /// <summary>A Jira Service Management export (Issues > Export > CSV, all fields), trimmed to the columns a map names plus a few.</summary>
    public const string JiraCsv = """
        Summary,Issue key,Issue id,Issue Type,Status,Priority,Component/s,Created,Resolved,Custom field (Impact),Custom field (Time to first response),Custom field (Region),Labels
        Checkout down,OPS-101,10101,Incident,Resolved,Highest,Checkout,2026-11-03 09:00,2026-11-03 09:45,Extensive / Widespread,2026-11-03 09:10,us-east-1,database
        Slow search,OPS-102,10102,Incident,Resolved,Medium,Search,2026-11-04 10:00,2026-11-04 12:00,Moderate / Limited,2026-11-04 10:30,eu-west-1,
        """;

    public const string JiraMap = """
        time_zone = "America/New_York"

        [columns]
        id = "Issue key"
        service = "Component/s"
        severity = "Priority"
        impact = "Custom field (Impact)"
        started = "Created"
        responded = "Custom field (Time to first response)"
        resolved = "Resolved"
        region = "Custom field (Region)"
        tags = "Labels"
        title = "Summary"

        [services]
        "Checkout" = "api"
        "Search" = "search"

        [priorities]
        "Highest" = 1
        "High" = 2
        "Medium" = 3

        [statuses]
        "Extensive / Widespread" = "outage"
        "Moderate / Limited" = "degraded"
        """;
}
