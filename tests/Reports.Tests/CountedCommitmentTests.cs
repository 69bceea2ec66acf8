using SlaKpiDsl.Runtime.Time;
using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// SLAs whose value is a count (late incidents of an every-incident clock) and credits that are not a measured-value
/// tier: the statement words them as the contract does, never as a bare number or a percent the contract does not pay.
/// </summary>
public class CountedCommitmentTests
{
    private static Instant T(int day, int hour, int minute) => Instant.FromUtc(2026, 11, day, hour, minute);

    /// <summary>Three severity-1 clocks: 12 minutes (met), 20 and 31 minutes (late against 15 minutes).</summary>
    private static CommitmentResult LateResponses(CreditDecision credit)
    {
        var incidents = ImmutableArray.Create(
            new IncidentTrace("INC-1", IncidentOutcome.ClockMet, T(10, 14, 0), T(10, 14, 12), false, 720, 1, 720, null),
            new IncidentTrace("INC-2", IncidentOutcome.ClockBreached, T(17, 18, 0), T(17, 18, 20), false, 1200, 1, 1200, null),
            new IncidentTrace("INC-3", IncidentOutcome.ClockBreached, T(20, 18, 0), T(20, 18, 31), false, 1860, 1, 1860, null));
        var trace = new CommitmentTrace("response", "5.1", "2026-11", T(1, 4, 0), Instant.FromUtc(2026, 12, 1, 5, 0), HandBuiltEvaluations.AsOf,
            incidents, [], [], null, MeasurementTrace.Of("breached incidents", 2, 1, 2, new TargetCondition.EveryIncidentWithin(Duration.FromMinutes(15)), Verdict.Breached, null), credit.Trace, []) { CalendarWindow = WindowCalendar.Month(DateTimeZoneProviders.Tzdb["America/New_York"], 2026, 11) };
        return new CommitmentResult("response", "5.1", "2026-11", ExactRatio.Of(2), ValueUnit.Plain, null, null, Verdict.Breached, null, credit, [], trace);
    }

    private static CreditDecision PerBreach()
    {
        // 2 breaches x 5% of 12,000.00 USD = 10% = 1,200.00 USD.
        var trace = new CreditTrace(CreditBasis.PerBreach, [], [], "2 breached incident(s) x 5%", 10, 12000.00m, "USD", 1200.00m, [], 1200.00m, MoneyRoundingMode.HalfAwayFromZero, 2, 1200.00m);
        return new CreditDecision(10, 1200.00m, 1200.00m, "USD", trace);
    }

    private static StatementDocument Map(CommitmentResult result, CommitmentWording wording)
    {
        var evaluation = new ContractEvaluation(HandBuiltEvaluations.Contract, new EvaluationPeriod(2026, month: 11), HandBuiltEvaluations.AsOf,
            [CommitmentOutcome.Evaluated(result)]);
        var context = HandBuiltEvaluations.Context() with
        {
            Commitments = ImmutableDictionary<string, CommitmentWording>.Empty.Add("response", wording),
        };
        return StatementMapping.Map(evaluation, context);
    }

    private static readonly CommitmentWording Response = new("Incident response", "response to severity 1 incidents on api within 15 minutes, every incident");

    [Fact]
    public void A_clock_sla_states_the_late_incidents_and_lists_its_clocks()
    {
        var doc = Map(LateResponses(PerBreach()), Response);
        var line = Assert.Single(doc.Commitments);
        Assert.Equal("2 of 3 incidents late", line.Measured);
        Assert.Equal("response to severity 1 incidents on api within 15 minutes, every incident", line.Target);
        Assert.Equal("-", line.Margin);
        Assert.Equal(StatementVerdict.Breached, line.Verdict);
        Assert.StartsWith("slowest clock: INC-3, 31 min", line.Note, StringComparison.Ordinal);
        var ledger = Assert.Single(doc.ClockLedgers);
        Assert.Equal(["INC-1", "INC-2", "INC-3"], ledger.Clocks.Select(c => c.IncidentId));
        Assert.Equal(["within the time limit", "over the time limit", "over the time limit"], ledger.Clocks.Select(c => c.Outcome));
        var credit = Assert.Single(doc.Credits.Lines);
        Assert.Equal("per breached incident: 2 x 5%", credit.Tier);
        Assert.Equal("10%", credit.Basis);
        Assert.Equal(10m, credit.Percent);

        var pdf = StatementRenderer.Render(doc, TestSupport.Templates);
        Assert.True(pdf.IsSuccess, string.Join("; ", pdf.Errors));
        var text = string.Join(" ", TestSupport.PageTexts(pdf.Pdf!));
        Assert.Contains("2 of 3 incidents", text, StringComparison.Ordinal);
        Assert.Contains("Incident clocks: Incident response", text, StringComparison.Ordinal);
        // INC-3: 13:00 EST (18:00Z) to 13:31 EST, 31 minutes, late.
        Assert.Contains("INC-3 2026-11-20 13:00 -05:00 2026-11-20 13:31 -05:00 31 min over the time limit", text, StringComparison.Ordinal);
        Assert.Contains("per breached incident: 2 x 5% 10% 1,200.00 USD", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capped_credit_shows_the_granted_percent_with_the_tiers_beside_it()
    {
        // 2 breaches x 15% = 30% of 12,000.00 USD = 3,600.00 USD, capped at 20% of the fee: 2,400.00 USD granted.
        var trace = new CreditTrace(CreditBasis.PerBreach, [], [], "2 breached incident(s) x 15%", 30, 12000.00m, "USD", 3600.00m,
            [new CapTrace("capped at 20% of fee per window", 3600.00m, 2400.00m)], 2400.00m, MoneyRoundingMode.HalfAwayFromZero, 2, 2400.00m);
        var credit = new CreditDecision(30, 2400.00m, 2400.00m, "USD", trace) { GrantedPercentOfFee = 20 };
        var line = Assert.Single(Map(LateResponses(credit), Response).Credits.Lines);
        Assert.Equal(30m, line.Percent);
        Assert.Equal(20m, line.GrantedPercent);
        Assert.Equal("20% (tier 30%)", line.Basis);
        Assert.Equal(2400.00m, line.Amount);
        var text = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(Map(LateResponses(credit), Response), TestSupport.Templates).Pdf!));
        // The table cell wraps in the PDF (the text runs of neighbouring cells interleave), so the pieces are checked.
        Assert.Contains("20% (tier", text, StringComparison.Ordinal);
        Assert.Contains("30%)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_uncapped_credit_shows_one_percent()
    {
        var line = Assert.Single(Map(LateResponses(PerBreach()), Response).Credits.Lines);
        Assert.Equal(10m, line.GrantedPercent);
        Assert.Equal("10%", line.Basis);
    }

    [Fact]
    public void A_clock_sla_with_no_late_incident_has_no_clock_ledger()
    {
        var met = LateResponses(PerBreach());
        met = met with
        {
            Measured = ExactRatio.Of(0), Verdict = Verdict.Met, Credit = null,
            Trace = met.Trace with
            {
                Incidents = [met.Trace.Incidents[0]],
                Measurement = met.Trace.Measurement with { Numerator = 0, PercentForDisplay = 0, Verdict = Verdict.Met },
                Credit = null,
            },
        };
        var doc = Map(met, Response);
        Assert.Equal("0 of 1 incident late", Assert.Single(doc.Commitments).Measured);
        Assert.Empty(doc.ClockLedgers);
        Assert.Empty(doc.Credits.Lines);
    }

    [Fact]
    public void A_credit_in_days_of_service_shows_the_days_not_a_percent()
    {
        // 10 days of a 30-day month of 12,000.00 USD = 4,000.00 USD (33.33...% of the fee, which the contract never says).
        var trace = new CreditTrace(CreditBasis.CreditLines, [new TierCandidateTrace("any guarantee is breached", "any guarantee breached", 33.333333333333333333333333333m, true) { Payment = CreditPaymentKind.DaysOfService, Value = 10 }],
            ["any guarantee is breached"], "most valuable holding credit line: any guarantee is breached", 33.333333333333333333333333333m, 12000.00m, "USD", 4000.00m, [], 4000.00m, MoneyRoundingMode.HalfAwayFromZero, 2, 4000.00m);
        var credit = new CreditDecision(33.333333333333333333333333333m, 4000.00m, 4000.00m, "USD", trace);
        var doc = Map(LateResponses(credit), Response);
        var line = Assert.Single(doc.Credits.Lines);
        Assert.Equal("any guarantee is breached", line.Tier);
        Assert.Equal("10 days of service", line.Basis);
        var text = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(doc, TestSupport.Templates).Pdf!));
        Assert.Contains("any guarantee is breached 10 days of service 4,000.00 USD", text, StringComparison.Ordinal);
        Assert.DoesNotContain("33.3", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fee_multiple_for_the_down_period_shows_the_multiple_and_the_down_period()
    {
        // Slack style: 10 x 12,000.00 USD x 16,200 s down / 2,595,600 s = 748.9597...: 748.96 USD (6.24...% of the fee, never written).
        var trace = new CreditTrace(CreditBasis.CreditLines, [new TierCandidateTrace("for the down period", "10 x fee for the down period", 6.2413314840499306518723994452m, true) { Payment = CreditPaymentKind.FeeMultipleForDownPeriod, Trigger = CreditTrigger.ForDownPeriod, Value = 10 }],
            ["for the down period"], "most valuable holding credit line: for the down period", 6.2413314840499306518723994452m, 12000.00m, "USD", 748.96m, [], 748.96m, MoneyRoundingMode.HalfAwayFromZero, 2, 748.96m);
        var credit = new CreditDecision(6.2413314840499306518723994452m, 748.96m, 748.96m, "USD", trace);
        var availability = HandBuiltEvaluations.Availability();
        availability = availability with { Credit = credit, Trace = availability.Trace with { Credit = trace } };
        var evaluation = new ContractEvaluation(HandBuiltEvaluations.Contract, new EvaluationPeriod(2026, month: 11), HandBuiltEvaluations.AsOf,
            [CommitmentOutcome.Evaluated(availability)]);
        var context = HandBuiltEvaluations.Context() with
        {
            Commitments = ImmutableDictionary<string, CommitmentWording>.Empty.Add("availability",
                new CommitmentWording("Checkout availability", "availability at least 99.9%", ["availability at least 99.9%"])),
        };
        var line = Assert.Single(StatementMapping.Map(evaluation, context).Credits.Lines);
        Assert.Equal("for the down period (270 min)", line.Tier);
        Assert.Equal("10 times the fee for the down period", line.Basis);
        Assert.Equal(748.96m, line.Amount);
    }
}
