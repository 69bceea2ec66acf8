using System.Collections.Immutable;
using System.Text;
using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

public class StatementMappingTests
{
    private static StatementDocument Mapped() => StatementMapping.Map(HandBuiltEvaluations.Evaluation(), HandBuiltEvaluations.Context());

    [Theory]
    [InlineData(false, false, "counted in part (60 min); the rest not counted: inside excluded time")]
    [InlineData(true, false, "counted in part (60 min); the rest not counted: outside the deployed (measured) time")]
    [InlineData(true, true, "counted in part (60 min); the rest not counted: outside the deployed (measured) time or in a period shorter than the minimum")]
    public void The_audit_names_only_what_can_have_left_out_the_rest_of_an_incident(bool deployed, bool dropped, string expected)
    {
        // Once always "inside excluded time or in a period shorter than the minimum", never the deployed time.
        var incident = new IncidentTrace("INC-1", IncidentOutcome.Counted, NodaTime.Instant.FromUtc(2026, 11, 1, 0, 0), NodaTime.Instant.FromUtc(2026, 11, 1, 2, 0), false, 7200m, 1m, 3600m, null);
        Assert.Equal(expected, DowntimeAuditMapping.OutcomeText(incident, [], deployed, dropped));
    }

    [Fact]
    public void Period_is_the_contract_zone_month_with_its_exact_length()
    {
        var p = Mapped().Period;
        Assert.Equal("November 2026", p.Label);
        Assert.Equal("America/New_York", p.TimeZone);
        Assert.Equal(43260, p.LengthMinutes); // 30 x 1440 + the 60-minute fall-back
        Assert.Equal(44640, StatementMapping.Period(new EvaluationPeriod(2026, month: 10), HandBuiltEvaluations.NewYork).LengthMinutes);
        Assert.Equal(44580, StatementMapping.Period(new EvaluationPeriod(2026, month: 3), HandBuiltEvaluations.NewYork).LengthMinutes); // 31 days minus the spring-forward hour
        Assert.Equal("Q4 2026", StatementMapping.Period(new EvaluationPeriod(2026, quarter: 4), HandBuiltEvaluations.NewYork).Label);
    }

    [Fact]
    public void Ledger_names_each_incidents_service_severity_impact_and_title_from_its_record_and_the_clause_that_excluded_its_time()
    {
        static Instant T(int day, int hour, int minute) => Instant.FromUtc(2026, 11, day, hour, minute);
        // INC-105 (15th, 07:00-10:00 UTC) lost its last hour to maintenance clause 3.4: the trace says where.
        var trace = HandBuiltEvaluations.AvailabilityTrace() with
        {
            CountedSegments =
            [
                new DowntimePeriodTrace(T(10, 14, 0), T(10, 15, 30), 5400, 1, false),
                new DowntimePeriodTrace(T(12, 19, 0), T(12, 21, 0), 7200, 0.5m, false),
                new DowntimePeriodTrace(T(15, 7, 0), T(15, 9, 0), 7200, 1, false),
            ],
            ExcludedSegments = [new ExcludedDowntimeTrace(T(15, 9, 0), T(15, 10, 0), 1, "3.4 maintenance")],
        };
        var evaluation = HandBuiltEvaluations.Evaluation(availability: HandBuiltEvaluations.Availability(trace));
        Runtime.Data.Incident[] records =
        [
            new("INC-101", "checkout", 1, Runtime.Data.Impact.Outage, T(10, 14, 0), T(10, 15, 0)) { Title = "Checkout returns 502" },
            new("INC-103", "checkout", 3, Runtime.Data.Impact.Degraded, T(12, 19, 0), T(12, 21, 0)),
        ];
        var ledger = Assert.Single(StatementMapping.Map(evaluation, HandBuiltEvaluations.Context() with { Incidents = [.. records] }).Ledgers);
        var inc = ledger.Incidents.ToDictionary(i => i.IncidentId);
        Assert.Equal(("checkout", 1, "outage", "Checkout returns 502", 3600m), (inc["INC-101"].Service, inc["INC-101"].Severity, inc["INC-101"].Impact, inc["INC-101"].Title, inc["INC-101"].CountedSeconds));
        Assert.Equal(("checkout", 3, "degraded", (string?)null), (inc["INC-103"].Service, inc["INC-103"].Severity, inc["INC-103"].Impact, inc["INC-103"].Title));
        // No record for INC-105: nothing is made up.
        Assert.Equal((null, null, null, null), (inc["INC-105"].Service, inc["INC-105"].Severity, inc["INC-105"].Impact, inc["INC-105"].Title));
        Assert.Equal("counted in part: 120 min; time excluded by clause 3.4 maintenance", inc["INC-105"].Outcome);
        Assert.Equal(7200m, inc["INC-105"].CountedSeconds);
        Assert.Equal("excluded by clause 3.5 customer", inc["INC-106"].Outcome);
        Assert.Equal("counted", inc["INC-101"].Outcome);

        // Rendered: the columns and the title beside the id.
        var markup = TestSupport.Templates.RenderStatementMarkup(StatementMapping.Map(evaluation, HandBuiltEvaluations.Context() with { Incidents = [.. records] }), Templating.SignatureKind.Unsigned).Markup;
        Assert.Contains("| Incident | Service | Severity | Start | End | Duration | Counted | Weight | Outcome |", markup, StringComparison.Ordinal);
        Assert.Contains("| INC-101: Checkout returns 502 | checkout | sev1 outage | 2026-11-10 09:00 -05:00 | 2026-11-10 10:00 -05:00 | 60 min | 60 min | 1 | counted |", markup, StringComparison.Ordinal);
        Assert.Contains("| INC-105 | - | - |", markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_weight_column_is_shown_only_when_a_weight_is_not_1()
    {
        static string Markup(StatementDocument d) => TestSupport.Templates.RenderStatementMarkup(d, Templating.SignatureKind.Unsigned).Markup;
        var doc = SampleDocuments.Statement();
        Assert.Contains("| Counted | Weight | Outcome |", Markup(doc), StringComparison.Ordinal);
        var ledger = doc.Ledgers[0];
        var unweighted = new DowntimeLedger(ledger.CommitmentKey, [.. ledger.Incidents.Where(i => i.Weight == 1m)], [.. ledger.Periods.Where(p => p.Weight == 1m)], [],
            ledger.DenominatorSeconds, ledger.DenominatorExplanation);
        var plain = Markup(new StatementDocument(doc.Provider, doc.Customer, doc.Contract, doc.Period, doc.Commitments, [unweighted], doc.Credits, doc.Footer, doc.AsOf));
        Assert.Contains("| Duration | Counted | Outcome |", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("Weight: the share", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_counts_overlapping_incidents_once_and_adds_up_to_the_evaluated_downtime()
    {
        var ledger = Assert.Single(Mapped().Ledgers);
        Assert.Equal(6, ledger.Incidents.Length);
        var first = ledger.Periods[0];
        Assert.Equal(["INC-101", "INC-102"], first.IncidentIds.ToArray());
        Assert.Equal(5400m, first.CountedSeconds); // 90 minutes, not 120
        Assert.Equal(0m, ledger.Periods[2].CountedSeconds); // the 40-second blip is dropped
        Assert.Equal(5400m + 3600m + 10800m, ledger.PeriodSeconds);
        Assert.Equal(3600m, ledger.DowntimeRemovedSeconds);
        Assert.Equal(16200m, ledger.DowntimeSeconds);
        Assert.Equal(2595600m, ledger.DenominatorSeconds);
        Assert.Equal("excluded by clause 3.5 customer", ledger.Incidents.Single(i => i.IncidentId == "INC-106").Outcome);
        Assert.Equal("counted in part: 120 min", ledger.Incidents.Single(i => i.IncidentId == "INC-105").Outcome);
        var maintenance = ledger.Exclusions.Single(e => e.Clause == "3.4 maintenance");
        Assert.Equal("maintenance: MW-7 (at most 120 min in this period; 60 min beyond the cap not excluded)", maintenance.Description);
        Assert.Equal(7200m, maintenance.ExcludedSeconds);
    }

    [Fact]
    public void Incident_times_are_local_with_their_offset()
    {
        var i = Mapped().Ledgers[0].Incidents[0];
        Assert.Equal("2026-11-10 09:00 -05:00", Templating.TextFormats.DateTime(i.StartLocal));
    }

    [Fact]
    public void A_ledger_that_does_not_add_up_is_refused()
    {
        // A trace whose downtime claims 60 s more than its periods hold: a bug upstream, never a statement.
        var broken = HandBuiltEvaluations.Availability(HandBuiltEvaluations.AvailabilityTrace(extraDowntime: 60));
        var e = HandBuiltEvaluations.Evaluation(availability: broken);
        var ex = Assert.Throws<InvalidOperationException>(() => StatementMapping.Map(e, HandBuiltEvaluations.Context()));
        Assert.Matches(@"adds up to 16200(\.0)? s but the evaluation counted 16260 s", ex.Message);
    }

    [Fact]
    public void Commitments_show_target_measured_verdict_margin_and_not_evaluated_honestly()
    {
        var lines = Mapped().Commitments;
        var a = lines[0];
        Assert.Equal(("Checkout availability", "availability at least 99.9%", "99.3759%", "-0.5241 pp", StatementVerdict.Breached),
            (a.Name, a.Target, a.Measured, a.Margin, a.Verdict));
        // The customer's words: durations in minutes, as the ledger beside it counts them (never "3600 s").
        Assert.Equal("exclusion 3.4 maintenance: 60 min over its 120 min cap is not excluded", a.Note);
        Assert.DoesNotContain("budget", a.Note, StringComparison.Ordinal); // operational warnings stay internal
        var r = lines[1];
        Assert.Equal(StatementVerdict.NotEvaluated, r.Verdict);
        Assert.Equal("-", r.Measured);
        Assert.Contains("not yet supported: this kind of guarantee (IncidentClock)", r.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99.89996", "99.89996%", "-0.00004 pp")] // 4 places would print 99.9000% next to BREACHED
    [InlineData("99.9", "99.9%", "0 pp")]
    [InlineData("99.95", "99.95%", "+0.05 pp")]
    public void Display_never_rounds_a_value_onto_its_bound(string percent, string measured, string margin)
    {
        var value = decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture);
        var ratio = new ExactRatio(value, 100m);
        var target = ValueCondition.AtLeast(99.9m);
        Assert.Equal((measured, margin), (Words.Measured(ratio, ValueUnit.Percent, target), Words.Margin(ratio, target) + " pp"));
    }

    [Fact]
    public void Credits_carry_tier_percent_amount_currency_and_claim_deadline()
    {
        var c = Mapped().Credits;
        var line = Assert.Single(c.Lines);
        Assert.Equal(("< 99.9%", 10m, 1200.00m, "USD"), (line.Tier, line.Percent, line.Amount, line.Currency));
        Assert.Equal(new LocalDate(2026, 12, 30), c.ClaimDeadline);
        Assert.Equal(1200.00m, c.Total);
    }

    [Fact]
    public void A_contract_without_any_evaluated_sla_says_so()
    {
        var e = new ContractEvaluation(HandBuiltEvaluations.Contract, new EvaluationPeriod(2026, month: 11), HandBuiltEvaluations.AsOf,
            [CommitmentOutcome.NotSupported("availability", "3.1", "error-rate downtime"), CommitmentOutcome.Outside("response", "5.1", "2026-11 is outside the contract's effective range")]);
        var doc = StatementMapping.Map(e, HandBuiltEvaluations.Context());
        Assert.All(doc.Commitments, c => Assert.Equal(StatementVerdict.NotEvaluated, c.Verdict));
        var text = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(doc, TestSupport.Templates).Pdf!));
        Assert.Contains("No commitment of this contract could be evaluated for this period", text, StringComparison.Ordinal);
        Assert.Contains("outside the contract's effective range", text, StringComparison.Ordinal);
        Assert.Contains("No service credit is due for this period.", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+\.\d+%", text.Replace("99.9%", "", StringComparison.Ordinal)); // no measured figure anywhere
    }

    [Fact]
    public void Missing_parties_are_stated_as_missing()
    {
        var doc = StatementMapping.Map(HandBuiltEvaluations.Evaluation(), HandBuiltEvaluations.Context(customer: null));
        Assert.Equal("Customer not stated in the contract", doc.Customer.Name);
    }
}

/// <summary>KPIs never reach a customer statement: the mapping ignores them, end to end through the PDF and JSON.</summary>
public class NoKpiInStatementTests
{
    [Fact]
    public void Kpis_on_the_evaluation_never_appear_in_the_statement_pdf_or_json()
    {
        var evaluation = HandBuiltEvaluations.Evaluation(kpis: HandBuiltEvaluations.Kpis());
        Assert.Equal(3, evaluation.Kpis.Length); // the input really carries KPIs
        var rendered = StatementRenderer.Render(StatementMapping.Map(evaluation, HandBuiltEvaluations.Context()), TestSupport.Templates);
        Assert.True(rendered.IsSuccess, string.Join("\n", rendered.Errors));
        var text = string.Join(" ", TestSupport.PageTexts(rendered.Pdf!));
        var json = Encoding.UTF8.GetString(rendered.Json!);
        Assert.Contains("Checkout availability", text, StringComparison.Ordinal); // the SLA is there
        foreach (var kpi in evaluation.Kpis)
        {
            foreach (var needle in new[] { kpi.Kpi, kpi.Title!, kpi.TargetText })
            {
                Assert.DoesNotContain(needle, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(needle, json, StringComparison.OrdinalIgnoreCase);
            }
        }
        Assert.DoesNotContain("99.97", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KPI", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_statement_is_the_same_with_or_without_kpis()
    {
        var with = StatementRenderer.Render(StatementMapping.Map(HandBuiltEvaluations.Evaluation(kpis: HandBuiltEvaluations.Kpis()), HandBuiltEvaluations.Context()), TestSupport.Templates);
        var without = StatementRenderer.Render(StatementMapping.Map(HandBuiltEvaluations.Evaluation(kpis: []), HandBuiltEvaluations.Context()), TestSupport.Templates);
        Assert.True(with.Pdf!.AsSpan().SequenceEqual(without.Pdf), "KPIs changed the customer statement");
    }
}

public class KpiReportMappingTests
{
    private static readonly EvaluationPeriod[] Months = [new(2026, month: 9), new(2026, month: 10), new(2026, month: 11)];

    private static KpiReportDocument Report() => KpiReportMapping.Map(
        [
            HandBuiltEvaluations.Evaluation(Months[0], HandBuiltEvaluations.Kpis(99.99m, 12m)),
            HandBuiltEvaluations.Evaluation(Months[1], [HandBuiltEvaluations.Kpis(99.98m, 18m)[0]]),
            HandBuiltEvaluations.Evaluation(Months[2], HandBuiltEvaluations.Kpis()),
        ],
        "Example Commerce Cloud Inc.", "USD", new Dictionary<string, string> { ["availability"] = "Checkout availability" });

    [Fact]
    public void Each_kpi_target_has_one_value_per_window_and_gaps_stay_gaps()
    {
        var r = Report();
        Assert.Equal(["2026-09", "2026-10", "2026-11"], r.WindowLabels.ToArray());
        var buffer = r.Kpis.Single(k => k.Name == "Internal availability target");
        Assert.Equal([99.99m, 99.98m, 99.5724m], buffer.Values.ToArray());
        Assert.Equal((99.97m, true, "%"), (buffer.Target, buffer.HigherIsBetter, buffer.Unit));
        var mttr = r.Kpis.Single(k => k.Name == "Critical incident MTTR");
        Assert.Equal([12m, null, 41m], mttr.Values.ToArray()); // October's evaluation had no MTTR outcome: n/a, not 0
        Assert.False(mttr.HigherIsBetter);
        Assert.Equal([null, null, null], r.Kpis.Single(k => k.Name == "P95 page load").Values.ToArray());
    }

    [Fact]
    public void Sla_margins_to_their_kpi_buffers_come_from_the_latest_window()
    {
        var rows = Report().Buffers;
        var buffer = rows.Single(b => b.KpiName == "Internal availability target");
        Assert.Equal(("Checkout availability", ">= 99.9%", "99.5724%", "-0.3976 pp", "-0.5241 pp"),
            (buffer.SlaName, buffer.SlaTarget, buffer.Measured, buffer.MarginToKpi, buffer.MarginToSla));
        var mttr = rows.Single(b => b.KpiName == "Critical incident MTTR");
        Assert.Equal(("41", "-21"), (mttr.Measured, mttr.MarginToKpi));
        Assert.Equal(("n/a", "n/a"), (rows.Single(b => b.KpiName == "P95 page load").Measured, rows.Single(b => b.KpiName == "P95 page load").MarginToKpi));
    }

    [Fact]
    public void Approaching_breach_warnings_carry_the_money_at_stake()
    {
        var w = Assert.Single(Report().Warnings);
        Assert.Equal("Checkout availability", w.SlaName);
        Assert.Equal(1200.00m, w.MoneyAtStake); // breached: the credit owed
        Assert.Equal("USD", w.Currency);
        Assert.Contains("next credit tier 25% (< 99.0%) after more than 162 min 36 s more downtime", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_met_sla_below_half_its_budget_is_not_a_warning_but_over_it_is_with_the_next_tier_amount()
    {
        static CommitmentResult Met(decimal used)
        {
            var r = HandBuiltEvaluations.Availability();
            return r with
            {
                Verdict = Verdict.Met,
                Credit = null,
                Budget = r.Budget! with { UsedSeconds = used, ProjectedVerdict = Verdict.Met, NextTier = new NextCreditTier("10%", "< 99.9%", 10, 1200m, 1200m, 2595.6m - used, BudgetUnit.DowntimeSeconds, true) },
                Warnings = [],
            };
        }
        Assert.Null(KpiReportMapping.Warning(Met(1000), "A", "USD"));
        var w = KpiReportMapping.Warning(Met(2000), "A", "USD")!;
        Assert.Equal(77.1m, w.BudgetUsedPercent);
        Assert.Equal(1200m, w.MoneyAtStake);
    }

    [Fact]
    public void The_mapped_report_renders_with_charts_and_is_never_signed()
    {
        var rendered = KpiReportRenderer.Render(Report(), TestSupport.Templates);
        Assert.True(rendered.IsSuccess, string.Join("\n", rendered.Errors));
        var text = string.Join(" ", TestSupport.PageTexts(rendered.Pdf!));
        Assert.Contains("Internal availability target >= 99.97% 99.99% met 99.98% met 99.5724% breached", text, StringComparison.Ordinal); // a verdict in every cell
        Assert.Contains("Critical incident MTTR <= 20 minutes 12 met n/a 41 breached", text, StringComparison.Ordinal);
        // The trend charts are ScottPlot images now (their text is in the pixels; KpiReportChartsTests checks the specs).
        Assert.Contains("/Subtype/Image", Encoding.Latin1.GetString(rendered.Pdf!), StringComparison.Ordinal);
        Assert.Contains("624.1% 1,200.00", text, StringComparison.Ordinal); // budget used, money at stake
        Assert.DoesNotContain("100.032%", text, StringComparison.Ordinal); // a percent axis stops at 100%
        Assert.DoesNotContain("/ByteRange", Encoding.Latin1.GetString(rendered.Pdf!), StringComparison.Ordinal);
    }
}
