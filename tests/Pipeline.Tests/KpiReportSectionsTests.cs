using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>
/// The KPI report's breakdowns, downtime audit and burn-down on every example contract and the example data: the
/// audit adds up to the evaluator's downtime of every SLA, lists every incident of the window once (in an SLA's audit
/// or as unmeasured), and the breakdowns' groups add up to the window's incidents.
/// </summary>
public sealed class KpiReportSectionsTests
{
    private static readonly ImmutableArray<EvaluationPeriod> Periods = [new(2026, month: 10), new(2026, month: 11)];

    public static TheoryData<string> AsOfs => new()
    {
        "2026-12-01T00:00:00Z", // both windows over
        "2026-11-20T00:00:00Z", // mid-window: open incidents, projections
    };

    private static IReadOnlyList<KpiReportOutcome> Reports(Scratch scratch, Instant asOf)
    {
        var contracts = Directory.GetFiles(Scratch.ExampleContracts, "*.sla").Order(StringComparer.Ordinal).ToList();
        var rendered = KpiReports.Render(new KpiReportRequest(contracts, Scratch.ExampleData, Periods, asOf, TemplateSet.LoadDefaults().Templates!), scratch.Services());
        Assert.NotNull(rendered.Value);
        Assert.Equal(contracts.Count, rendered.Value.Count);
        return rendered.Value;
    }

    [Theory]
    [MemberData(nameof(AsOfs))]
    public void The_audit_reconciles_to_every_slas_downtime_on_every_example(string asOfText)
    {
        using var scratch = new Scratch();
        var asOf = NodaTime.Text.InstantPattern.ExtendedIso.Parse(asOfText).Value;
        var reports = Reports(scratch, asOf);
        var downtimeAudits = 0;
        foreach (var report in reports)
        {
            Assert.True(report.Rendered.IsSuccess, report.Contract + ": " + string.Join("; ", report.Rendered.Errors));
            foreach (var audit in report.Document.Audits)
            {
                if (!audit.MeasuresDowntime) continue;
                downtimeAudits++;
                // Periods (weighted, kept) minus what the exclusions removed is the downtime the SLA was judged on.
                Assert.Equal(audit.EvaluatorDowntimeSeconds, audit.PeriodSeconds - audit.Exclusions.Sum(x => x.DowntimeRemovedSeconds));
                // An incident counts at most its own (clipped) duration.
                Assert.All(audit.Incidents, i => Assert.InRange(i.CountedSeconds, 0m, i.Seconds));
            }
        }
        Assert.True(downtimeAudits >= 5, $"only {downtimeAudits} downtime audits over the examples");
    }

    [Fact]
    public void Every_incident_of_the_window_is_in_an_audit_or_listed_as_unmeasured()
    {
        using var scratch = new Scratch();
        var asOf = Instant.FromUtc(2026, 12, 1, 0, 0);
        var data = DataDirectory.Load(Scratch.ExampleData).Data;
        foreach (var report in Reports(scratch, asOf))
        {
            var contract = File.ReadAllText(Directory.GetFiles(Scratch.ExampleContracts, "*.sla").Single(f => File.ReadAllText(f).Contains($"contract \"{report.Contract}\"", StringComparison.Ordinal)));
            var audited = report.Document.Audits.SelectMany(a => a.Incidents.Select(i => i.IncidentId)).ToHashSet(StringComparer.Ordinal);
            var unmeasured = report.Document.Unmeasured.Select(i => i.IncidentId).ToList();
            Assert.Equal(unmeasured.Count, unmeasured.Distinct().Count());
            Assert.Empty(unmeasured.Intersect(audited));
            // Every incident of a service the contract declares that touches November (in the contract's zone, within a day of UTC) is listed.
            var listed = audited.Concat(unmeasured).ToHashSet(StringComparer.Ordinal);
            var nov = new Interval(Instant.FromUtc(2026, 11, 2, 0, 0), Instant.FromUtc(2026, 11, 29, 0, 0));
            foreach (var i in data.Incidents.Where(i => contract.Contains($"service {i.Service} ", StringComparison.Ordinal) && i.Started >= nov.Start && i.Started < nov.End))
                Assert.Contains(i.Id, listed);
        }
    }

    [Fact]
    public void The_breakdown_groups_add_up_to_the_windows_incidents()
    {
        using var scratch = new Scratch();
        foreach (var report in Reports(scratch, Instant.FromUtc(2026, 12, 1, 0, 0)))
        {
            var d = report.Document;
            Assert.Equal([BreakdownDimension.Severity, BreakdownDimension.Team, BreakdownDimension.Service, BreakdownDimension.Region], d.Breakdowns.Select(b => b.Dimension));
            for (var w = 0; w < d.WindowLabels.Length; w++)
                foreach (var b in d.Breakdowns)
                {
                    Assert.Equal(d.IncidentTotals[w].Incidents, b.Rows.Sum(r => r.Windows[w].Incidents));
                    Assert.Equal(d.IncidentTotals[w].IncidentSeconds, b.Rows.Sum(r => r.Windows[w].IncidentSeconds));
                }
        }
    }

    [Fact]
    public void The_burn_down_is_the_evaluators_budget_and_the_money_at_stake()
    {
        using var scratch = new Scratch();
        var report = Reports(scratch, Instant.FromUtc(2026, 11, 20, 0, 0)).Single(r => r.Contract == "Shopfront - Checkout Platform");
        var b = Assert.Single(report.Document.BurnDowns);
        // November 2026 in New York is 30 days and the fall-back hour: 2,595,600 s; 0.1% of it is the budget of 99.9%.
        Assert.Equal(2_595_600m, b.WindowSeconds);
        Assert.Equal(2_595.6m, b.BudgetSeconds);
        // INC-1009 25 min + INC-2012 50 min + INC-2003 50 min (the audit lists them) = 125 min used: breached, the credit owed is at stake.
        Assert.Equal(7_500m, b.UsedSeconds);
        Assert.Equal(KpiVerdict.Breached, b.Verdict);
        Assert.Equal(1_200.00m, b.MoneyAtStake);
        Assert.Equal("USD", b.Currency);
        Assert.True(b.ProjectedSeconds > b.UsedSeconds);
    }
}
