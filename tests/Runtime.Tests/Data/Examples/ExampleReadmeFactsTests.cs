using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Tests.Data.Examples;

/// <summary>The facts examples/data/README.md states, checked against the data, so scenario tests can rely on them.</summary>
public class ExampleReadmeFactsTests
{
    private static readonly DataSet Data = DataDirectory.Load(RepositoryPaths.ExampleData).Data;
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static Incident Incident(string id) => Data.Incidents.Single(i => i.Id == id);

    private static Duration Length(string id) => Incident(id).Resolved!.Value - Incident(id).Started;

    [Fact]
    public void Incident_lengths_are_real_elapsed_time()
    {
        Assert.Equal(Duration.FromMinutes(50), Length("INC-2012"));   // 01:30 EDT to 01:20 EST
        Assert.Equal(Duration.FromMinutes(45), Length("INC-1009"));
        Assert.Equal(Duration.FromMinutes(90), Length("INC-2001"));
        Assert.Equal(Duration.FromSeconds(40), Length("INC-2005"));
        Assert.Equal(Duration.FromHours(5), Length("INC-2013"));
        Assert.Null(Incident("INC-2014").Resolved);
    }

    [Fact]
    public void Overlapping_checkout_incidents_cover_65_minutes_together()
    {
        var a = Incident("INC-1003");
        var b = Incident("INC-1004");
        Assert.True(b.Started < a.Resolved);
        Assert.Equal(Duration.FromMinutes(65), b.Resolved!.Value - a.Started);
    }

    [Fact]
    public void Month_boundary_incidents_split_as_documented()
    {
        var novemberNewYork = new LocalDate(2026, 11, 1).AtStartOfDayInZone(NewYork).ToInstant();
        var novemberUtc = Instant.FromUtc(2026, 11, 1, 0, 0);
        Assert.Equal(Duration.FromMinutes(20), novemberNewYork - Incident("INC-1009").Started);
        Assert.Equal(Duration.FromMinutes(10), novemberUtc - Incident("INC-1010").Started);
        Assert.True(Incident("INC-1010").Resolved < novemberNewYork);   // all October in New York
        Assert.Equal(43_260, (new LocalDate(2026, 12, 1).AtStartOfDayInZone(NewYork).ToInstant() - novemberNewYork).TotalMinutes);
    }

    [Fact]
    public void Maintenance_notice_and_response_times_match_the_readme()
    {
        Assert.Equal(Duration.FromHours(139), Data.Maintenance.Single(m => m.Id == "MNT-2").Notice);
        Assert.Equal(Duration.FromMinutes(30), Data.Maintenance.Single(m => m.Id == "MNT-3").Notice);
        Assert.True(Data.Maintenance.Single(m => m.Id == "MNT-5").Notice >= Duration.FromHours(72));
        Assert.True(Data.Maintenance.Single(m => m.Id == "MNT-4").Services.IsEmpty);
        var responses = Data.Incidents.Where(i => i.Severity == 1).ToDictionary(i => i.Id, i => (i.Responded!.Value - i.Started).TotalMinutes);
        Assert.Equal(8, responses.Count);
        Assert.Equal(["INC-2003"], responses.Where(r => r.Value > 15).Select(r => r.Key));
        Assert.Equal(31, responses["INC-2003"]);
        Assert.Equal(6, Data.Incidents.Count(i => i.Severity == 1 && i.PostmortemCompleted == true));
    }

    [Fact]
    public void Api_alerts_acknowledged_within_five_minutes_are_four_of_six_each_month()
    {
        foreach (var month in new[] { 10, 11 })
        {
            var alerts = Data.Alerts.Where(a => a.Service == "api" && a.Raised.InUtc().Month == month && a.Raised.InUtc().Year == 2026).ToList();
            Assert.Equal(6, alerts.Count);
            Assert.Equal(4, alerts.Count(a => a.Acknowledged is { } ack && ack - a.Raised <= Duration.FromMinutes(5)));
        }
    }
}
