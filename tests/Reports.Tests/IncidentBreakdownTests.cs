using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>Incident breakdowns by hand: groups, counts by start, exact incident time, MTTA and MTTR over stopped clocks only.</summary>
public sealed class IncidentBreakdownTests
{
    private static readonly Instant Nov = Instant.FromUtc(2026, 11, 1, 0, 0);
    private static readonly Interval October = new(Instant.FromUtc(2026, 10, 1, 0, 0), Nov);
    private static readonly Interval November = new(Nov, Instant.FromUtc(2026, 12, 1, 0, 0));
    private static readonly Instant AsOf = Instant.FromUtc(2026, 11, 20, 0, 0);

    private static Incident At(string id, int severity, int day, int minutesToAck, int? minutesToResolve, string? team, string service = "api", string? region = null) =>
        new(id, service, severity, Impact.Outage, Nov + Duration.FromDays(day - 1), minutesToResolve is { } r ? Nov + Duration.FromDays(day - 1) + Duration.FromMinutes(r) : null,
            acknowledged: Nov + Duration.FromDays(day - 1) + Duration.FromMinutes(minutesToAck), region: region) { Team = team };

    private static readonly Incident[] Incidents =
    [
        At("A", 1, 3, 4, 30, "payments"),
        At("B", 1, 5, 6, 50, "payments", region: "eu-west-1"),
        At("C", 2, 7, 5, null, null, "checkout"),           // open at the as-of: in the count and time, not in MTTR
        At("D", 1, 25, 1, 10, "payments"),                  // starts after the as-of: not yet an incident of the report
        new("E", "api", 3, Impact.Degraded, Instant.FromUtc(2026, 10, 30, 23, 0), Instant.FromUtc(2026, 11, 1, 1, 0)) { Team = "search" }, // October by its start
    ];

    [Fact]
    public void Severity_groups_count_by_start_and_average_only_stopped_clocks()
    {
        var breakdowns = IncidentBreakdownMapping.Map(Incidents, [October, November], AsOf);
        var severity = breakdowns.Single(b => b.Dimension == BreakdownDimension.Severity);
        Assert.Equal(["sev1", "sev2", "sev3"], severity.Rows.Select(r => r.Group));
        var sev1Nov = severity.Rows[0].Windows[1];
        Assert.Equal(2, sev1Nov.Incidents);                   // A and B; D starts after the as-of
        Assert.Equal(80m * 60, sev1Nov.IncidentSeconds);      // 30 + 50 min
        Assert.Equal(5m * 60, sev1Nov.MeanSecondsToAcknowledge); // (4 + 6) / 2 min
        Assert.Equal(40m * 60, sev1Nov.MeanSecondsToResolve); // (30 + 50) / 2 min
        var sev2Nov = severity.Rows[1].Windows[1];
        Assert.Equal(1, sev2Nov.Incidents);
        Assert.Equal(0, sev2Nov.Resolved);
        Assert.Null(sev2Nov.MeanSecondsToResolve);            // open: no stopped clock, no mean (never 0)
        Assert.Equal((decimal)(AsOf - (Nov + Duration.FromDays(6))).TotalSeconds, sev2Nov.IncidentSeconds); // open until the as-of
        var sev3 = severity.Rows[2];
        Assert.Equal(1, sev3.Windows[0].Incidents);           // E started in October; its time runs on past the month end
        Assert.Equal(0, sev3.Windows[1].Incidents);
    }

    [Fact]
    public void Teams_and_regions_the_data_does_not_state_are_one_group_listed_last()
    {
        var breakdowns = IncidentBreakdownMapping.Map(Incidents, [October, November], AsOf);
        Assert.Equal(["payments", "search", IncidentBreakdown.NotStated], breakdowns.Single(b => b.Dimension == BreakdownDimension.Team).Rows.Select(r => r.Group));
        Assert.Equal(["eu-west-1", IncidentBreakdown.NotStated], breakdowns.Single(b => b.Dimension == BreakdownDimension.Region).Rows.Select(r => r.Group));
        Assert.Equal(["api", "checkout"], breakdowns.Single(b => b.Dimension == BreakdownDimension.Service).Rows.Select(r => r.Group));
    }
}
