using SlaKpiDsl.Dsl.Syntax;
using static SlaKpiDsl.Dsl.Tests.ParseAssert;

namespace SlaKpiDsl.Dsl.Tests;

public sealed class TestBlockTests
{
    [Theory]
    [InlineData("period 2026-11", 2026, 11, null)]
    [InlineData("period 2026-Q4", 2026, null, 4)]
    [InlineData("period 2026", 2026, null, null)]
    public void Periods(string line, int year, int? month, int? quarter)
    {
        var p = TestClause<PeriodClauseSyntax>(line).Period;
        Assert.Equal((year, month, quarter), (p.Year, p.Month, p.Quarter));
    }

    [Fact]
    public void Incident_evidence_with_offsets_and_attributes()
    {
        var i = TestClause<IncidentEvidenceSyntax>(
            "incident api outage from 2026-11-10T09:00-05:00 to 2026-11-10T10:30:15Z cause customer severity 1 tagged planned detected at 2026-11-10T09:01-05:00 postmortem completed");
        Assert.Equal(("api", "outage"), (i.Service.Name, i.Impact.Name));
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(-5)), i.From.Value);
        Assert.Equal("2026-11-10T09:00-05:00", i.From.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 10, 30, 15, TimeSpan.Zero), i.To!.Value);
        Assert.Equal(5, i.Attributes.Length);
        Assert.Equal("customer", Assert.IsType<CauseAttributeSyntax>(i.Attributes[0]).Cause.Name);
        Assert.Equal(ClockEvent.Detected, Assert.IsType<MilestoneAttributeSyntax>(i.Attributes[3]).Event);
        Assert.True(Assert.IsType<PostmortemAttributeSyntax>(i.Attributes[4]).Completed);
    }

    [Fact]
    public void Open_incident_has_no_end()
    {
        Assert.Null(TestClause<IncidentEvidenceSyntax>("incident api outage from 2026-11-10T09:00Z").To);
    }

    [Fact]
    public void Other_evidence()
    {
        var m = TestClause<MaintenanceEvidenceSyntax>("maintenance on api from 2026-11-05T02:00Z to 2026-11-05T03:00Z announced 2026-11-01T00:00Z");
        Assert.Equal("api", Assert.Single(m.Services).Name);
        Assert.Empty(TestClause<MaintenanceEvidenceSyntax>("maintenance from 2026-11-05T02:00Z to 2026-11-05T03:00Z announced 2026-11-01T00:00Z").Services);
        var r = TestClause<RequestsEvidenceSyntax>("requests on api from 2026-11-02T00:00Z to 2026-11-02T00:05Z total 2500 failed 300 p95 420 ms p99 900 ms");
        Assert.Equal((2500m, 300m), (r.Total.Value, r.Failed.Value));
        Assert.Equal([95, 99], r.Latencies.Select(l => l.Percentile));
        var a = TestClause<AlertEvidenceSyntax>("alert on api at 2026-11-02T00:00Z acknowledged at 2026-11-02T00:03Z");
        Assert.NotNull(a.Acknowledged);
        Assert.Null(TestClause<DeploymentEvidenceSyntax>("deployed vms from 2026-11-02T00:00Z").To);
        Assert.NotNull(TestClause<AsOfClauseSyntax>("as of 2026-12-01T00:00Z").At);
    }

    [Fact]
    public void Expectations_with_chained_values_and_rounding()
    {
        var credit = TestClause<ExpectClauseSyntax>("expect credit of availability = 10% of fee = 1200.00 USD");
        Assert.Equal(ExpectQuantity.Credit, credit.Quantity);
        Assert.Equal(10m, Assert.IsType<PercentOfFeeExpectedValueSyntax>(credit.Values[0]).Percent.Value);
        Assert.Equal(1200.00m, Assert.IsType<MoneyLiteralSyntax>(Assert.IsType<LiteralExpectedValueSyntax>(credit.Values[1]).Value).Amount);

        var availability = TestClause<ExpectClauseSyntax>("expect availability of availability = 99.792% rounded to 3 places");
        Assert.Equal(3m, availability.RoundedToPlaces!.Value);
        var percent = Assert.IsType<PercentLiteralSyntax>(Assert.IsType<LiteralExpectedValueSyntax>(Assert.Single(availability.Values)).Value);
        Assert.Equal("99.792", percent.Text);

        Assert.Equal(VerdictKeyword.Breached, Assert.IsType<VerdictExpectedValueSyntax>(TestClause<ExpectClauseSyntax>("expect verdict of x = breached").Values[0]).Verdict);
        var downtime = TestClause<ExpectClauseSyntax>("expect downtime of x = 90 minutes");
        Assert.Equal(DurationUnit.Minutes, Assert.IsType<DurationLiteralSyntax>(((LiteralExpectedValueSyntax)downtime.Values[0]).Value).Unit);
        Assert.Equal(ExpectQuantity.SuccessRate, TestClause<ExpectClauseSyntax>("expect success rate of x = 99.9%").Quantity);
    }

    [Fact]
    public void Test_header_names_the_contract()
    {
        var t = NoErrors("test \"one outage\" for \"Acme\" {\n}\n").Root.Tests.Single();
        Assert.Equal(("one outage", "Acme"), (t.Name.Value, t.ContractName.Value));
    }
}
