using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class IncidentLoadingTests
{
    private const string Header = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\n";

    [Fact]
    public void A_complete_row_becomes_an_incident_with_every_field()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, Header +
            "INC-1,api,1,outage,customer,2026-11-10T09:00:00-05:00,2026-11-10T14:02:00Z,2026-11-10T14:05:30.5Z,2026-11-10T14:10:00Z,2026-11-10T10:30:00-05:00,us-east-1,\"db;network\",true\n");
        Assert.False(log.HasErrors, log.Format());
        var incident = Assert.Single(records);
        Assert.Equal("INC-1", incident.Id);
        Assert.Equal("api", incident.Service);
        Assert.Equal(1, incident.Severity);
        Assert.Equal(Impact.Outage, incident.Impact);
        Assert.Equal("customer", incident.Cause);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 0), incident.Started);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 2), incident.Detected);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 5, 30).PlusNanoseconds(500_000_000), incident.Acknowledged);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 10), incident.Responded);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 15, 30), incident.Resolved);
        Assert.Equal("us-east-1", incident.Region);
        Assert.Equal(["db", "network"], incident.Tags.ToArray());
        Assert.True(incident.PostmortemCompleted);
    }

    [Fact]
    public void Optional_columns_may_be_absent_and_empty_values_are_null()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance,
            "id,service,severity,impact,started,resolved\nINC-1,api,sev2,Degraded,2026-11-10T14:00:00Z,\n");
        Assert.False(log.HasErrors, log.Format());
        var incident = Assert.Single(records);
        Assert.Equal(2, incident.Severity);
        Assert.Equal(Impact.Degraded, incident.Impact);
        Assert.Null(incident.Resolved);
        Assert.Null(incident.Cause);
        Assert.Empty(incident.Tags);
        Assert.Null(incident.PostmortemCompleted);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_with_line_and_column()
    {
        var text = Header +
            /* line 2 */ "INC-1,api,1,outage,,2026-11-10T09:00:00,,,,,,,\n" +                       // no offset
            /* line 3 */ "INC-2,api,1,meltdown,,2026-11-10T14:00:00Z,,,,,,,\n" +                    // unknown impact
            /* line 4 */ "INC-3,api,1,outage,Customer Error,2026-11-10T14:00:00Z,,,,,,,\n" +        // cause not kebab
            /* line 5 */ "INC-4,api,1,outage,,2026-11-10T14:00:00Z,,,,2026-11-10T13:00:00Z,,,\n"+ // resolved before started
            /* line 6 */ "INC-1,api,1,outage,,2026-11-10T14:00:00Z,,,,,,,\n" +                       // INC-1 failed on line 2, so this is not a duplicate
            /* line 7 */ "INC-1,api,1,outage,,2026-11-10T14:00:00Z,,,,,,,\n" +                       // duplicate of line 6
            /* line 8 */ ",,x,,,2026-13-10T14:00:00Z,,,,,,,maybe\n" +                                 // many errors in one row
            /* line 9 */ "INC-9,api,1,outage\n";                                                      // too few columns
        var (records, log) = DataText.Csv(IncidentFormat.Instance, text);
        Assert.Equal(["INC-1"], records.Select(r => r.Id));
        Assert.Equal(
        [
            "2 started DATA005",
            "3 impact DATA008",
            "4 cause DATA009",
            "5 resolved DATA007",
            "7 id DATA010",
            "8 id DATA003",
            "8 service DATA003",
            "8 severity DATA011",
            "8 impact DATA003",
            "8 started DATA004",
            "8 postmortem_completed DATA008",
            "9 - DATA001",
        ], DataText.Where(log));
        Assert.Equal(7, log.RowsLeftOut);
        Assert.Equal(1, log.RowsLeftOutByCode[DataErrorCodes.DuplicateId]);
        Assert.Equal(2, log.RowsLeftOutByCode[DataErrorCodes.MissingValue] + log.RowsLeftOutByCode[DataErrorCodes.MalformedRow]);
        Assert.All(log.Errors, e => Assert.Equal("test.csv", e.File));
    }

    [Fact]
    public void A_missing_required_column_is_reported_once_and_no_row_is_read()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,impact,started\nINC-1,api,outage,2026-11-10T14:00:00Z\n");
        Assert.Empty(records);
        Assert.Equal(["1 severity DATA002"], DataText.Where(log));
        // What the header names and what the file needs, not the list of every known column as if it were the header's.
        Assert.Equal("The header has no 'severity' column, which every incidents file needs (the header names id, service, impact, started; required: id, service, severity, impact, started).", log.Errors[0].Message);
    }

    [Fact]
    public void An_unknown_column_is_an_error_because_a_typo_would_hide_a_field()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started,resolvd\nINC-1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\n");
        Assert.Equal(["1 resolvd DATA014"], DataText.Where(log));
        Assert.Single(records);
    }

    [Fact]
    public void A_declared_zone_lets_local_times_through_and_rejects_the_repeated_hour()
    {
        var text = "# zone: America/New_York\n" + "id,service,severity,impact,started,resolved\n" +
            "INC-1,api,1,outage,2026-11-10T09:00:00,2026-11-10T10:30:00\n" +   // EST: UTC-5
            "INC-2,api,1,outage,2026-07-10T09:00:00,2026-07-10T13:30:00Z\n" +  // EDT: UTC-4; an explicit offset still wins
            "INC-3,api,1,outage,2026-11-01T01:30:00,\n" +                      // 01:30 happens twice on 2026-11-01
            "INC-4,api,1,outage,2026-03-08T02:30:00,\n";                       // 02:30 does not exist on 2026-03-08
        var (records, log) = DataText.Csv(IncidentFormat.Instance, text);
        Assert.Equal(["5 started DATA006", "6 started DATA006"], DataText.Where(log));
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 0), records[0].Started);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 15, 30), records[0].Resolved);
        Assert.Equal(Instant.FromUtc(2026, 7, 10, 13, 0), records[1].Started);
    }

    [Fact]
    public void An_unknown_declared_zone_is_a_file_level_error()
    {
        var (_, log) = DataText.Csv(IncidentFormat.Instance, "# zone: America/Gotham\nid,service,severity,impact,started\nINC-1,api,1,outage,2026-11-10T09:00:00\n");
        Assert.Equal(["1 zone DATA013", "3 started DATA005"], DataText.Where(log));
    }

    [Fact]
    public void The_loader_option_zone_applies_when_the_file_declares_none()
    {
        var options = new DataLoadOptions { Zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"] };
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started\nINC-1,api,1,outage,2026-11-10T09:00:00\n", options);
        Assert.False(log.HasErrors);
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 8, 0), records[0].Started);
    }

    [Fact]
    public void A_range_keeps_incidents_that_touch_it_including_open_ones()
    {
        var text = "id,service,severity,impact,started,resolved\n" +
            "before,api,1,outage,2026-10-31T23:00:00Z,2026-11-01T00:00:00Z\n" +   // ends exactly at the range start: out
            "across,api,1,outage,2026-10-31T23:00:00Z,2026-11-01T00:00:01Z\n" +
            "open,api,1,outage,2026-10-01T00:00:00Z,\n" +
            "after,api,1,outage,2026-12-01T00:00:00Z,2026-12-01T01:00:00Z\n";     // starts at the range end: out
        var range = new Interval(Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 12, 1, 0, 0));
        var (records, log) = DataText.Csv(IncidentFormat.Instance, text, new DataLoadOptions { Range = range });
        Assert.Equal(["across", "open"], records.Select(r => r.Id));
        Assert.Equal(2, log.RowsOutsideRange);
        Assert.False(log.HasErrors);
    }

    [Fact]
    public void Blank_trailing_lines_are_not_rows()
    {
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started\nINC-1,api,1,outage,2026-11-10T09:00:00Z\n\n\n");
        Assert.False(log.HasErrors, log.Format());
        Assert.Single(records);
    }
}
