using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Reports.Json;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The internal portfolio report: mapped from hand-built evaluations (breaches with the evaluator's credit, SLAs without
/// a verdict with the evaluator's reason, KPI buffers breached, each incident once), credits per currency never added
/// across currencies, the JSON's content, and the PDF (internal on every page, never signed).
/// </summary>
public sealed class PortfolioTests
{
    private static readonly Interval November = new(Instant.FromUtc(2026, 11, 1, 4, 0), Instant.FromUtc(2026, 12, 1, 5, 0));

    private static Incident Outage(string id, string service, int day, int minutes) =>
        new(id, service, 1, Impact.Outage, Instant.FromUtc(2026, 11, day, 10, 0), Instant.FromUtc(2026, 11, day, 10, 0) + Duration.FromMinutes(minutes),
            acknowledged: Instant.FromUtc(2026, 11, day, 10, 5));

    private static PortfolioEntry Entry(string customer, IReadOnlyList<Incident> incidents, Runtime.Evaluation.ContractEvaluation? evaluation = null) => new(
        evaluation ?? HandBuiltEvaluations.Evaluation(), customer, "Example Commerce Cloud Inc.", "USD",
        new Dictionary<string, string> { ["availability"] = "Checkout availability", ["response"] = "Incident response" },
        ["checkout"], incidents);

    [Fact]
    public void A_breach_carries_the_evaluators_credit_and_an_unevaluated_sla_its_reason()
    {
        var document = PortfolioMapping.Map([Entry("Shopfront Retail LLC", [])], "2026-11", November, HandBuiltEvaluations.AsOf);

        var contract = Assert.Single(document.Contracts);
        Assert.Equal((2, 0, 1, 0, 1), (contract.Slas, contract.Met, contract.Breached, contract.NotMeasurable, contract.NotEvaluated));
        var breach = Assert.Single(document.Breaches);
        Assert.Equal(("Checkout availability", 1200.00m, "USD"), (breach.Sla, breach.Credit, breach.Currency)); // 10% of 12,000.00 USD, as the evaluator decided
        Assert.Equal("99.3759%", breach.Measured);                                                              // (2,595,600 - 16,200) / 2,595,600
        var total = Assert.Single(document.CreditsByCurrency);
        Assert.Equal(("USD", 1200.00m, 1), (total.Currency, total.Amount, total.Credits));
        // The guarantee the evaluator could not evaluate is listed with its reason, not dropped.
        var unjudged = Assert.Single(document.WithoutVerdict);
        Assert.Equal(("Incident response", "not evaluated"), (unjudged.Sla, unjudged.Status));
        Assert.Contains("IncidentClock", unjudged.Reason, StringComparison.Ordinal);
        // Breached KPIs only (the page-load KPI has no value and is not listed), each with the SLA it buffers.
        Assert.Equal(["Internal availability target", "Critical incident MTTR"], document.KpiBuffersBreached.Select(k => k.Kpi));
        Assert.All(document.KpiBuffersBreached, k => Assert.Equal(("Checkout availability", "breached"), (k.SupportedSla, k.SlaVerdict)));
        Assert.Equal("99.5724% breached", document.KpiBuffersBreached[0].Measured);
        // A breached SLA is not also "approaching breach".
        Assert.Empty(document.Approaching);
    }

    [Fact]
    public void Worst_services_count_each_incident_once_across_contracts_that_share_it()
    {
        Incident[] shared = [Outage("INC-1", "checkout", 3, 30), Outage("INC-2", "checkout", 4, 90), new("INC-3", "checkout", 1, Impact.Outage, Instant.FromUtc(2026, 10, 29, 10, 0), Instant.FromUtc(2026, 10, 29, 10, 10))];
        var document = PortfolioMapping.Map([Entry("A", shared), Entry("B", shared) with { Evaluation = HandBuiltEvaluations.Evaluation() with { ContractName = "Second" } }],
            "2026-11", November, HandBuiltEvaluations.AsOf);

        var service = Assert.Single(document.WorstServices);
        Assert.Equal("checkout", service.Service);
        Assert.Equal(["Second", HandBuiltEvaluations.Contract], service.Contracts.ToArray());
        Assert.Equal(2, service.Incidents.Incidents);                 // INC-3 started in October
        Assert.Equal(120m * 60, service.Incidents.IncidentSeconds);   // 30 + 90 min, not twice
        Assert.Equal(60m * 60, service.Incidents.MeanSecondsToResolve);
        Assert.Equal(2, document.Breaches.Length);                    // one per contract
        Assert.Equal(2400.00m, Assert.Single(document.CreditsByCurrency).Amount);
    }

    [Fact]
    public void Credits_are_totalled_per_currency_and_never_across_currencies()
    {
        var document = new PortfolioDocument("2026-11", HandBuiltEvaluations.AsOf, [],
            [
                new PortfolioBreach("A", "a", "SLA", "99%", ">= 99.9%", "breached", 100.00m, "USD", BarColour.Breached),
                new PortfolioBreach("B", "b", "SLA", "99%", ">= 99.9%", "breached", 250.50m, "EUR", BarColour.Breached),
                new PortfolioBreach("C", "c", "SLA", "99%", ">= 99.9%", "breached", 0.25m, "USD", BarColour.Breached),
                new PortfolioBreach("D", "d", "SLA", "99%", ">= 99.9%", "breached", 0m, "JPY", BarColour.Breached), // breached without a credit: no currency line
            ], [], [], [], []);
        Assert.Equal([("EUR", 250.50m, 1), ("USD", 100.25m, 2)], document.CreditsByCurrency.Select(c => (c.Currency, c.Amount, c.Credits)));
        Assert.Equal(3, document.CreditsDue);
    }

    [Fact]
    public void The_json_is_internal_and_states_every_section()
    {
        var json = JsonDocument.Parse(PortfolioJson.Serialize(SampleDocuments.Portfolio())).RootElement;
        Assert.Equal("slakpidsl.portfolio/1", json.GetProperty("schema").GetString());
        Assert.True(json.GetProperty("internal").GetBoolean());
        Assert.Equal("2026-11", json.GetProperty("period").GetString());
        Assert.Equal("2026-12-02T14:00:00Z", json.GetProperty("as_of").GetString()); // SampleDocuments.SampleAsOf
        var credit = Assert.Single(json.GetProperty("credits_by_currency").EnumerateArray());
        Assert.Equal("USD", credit.GetProperty("currency").GetString());
        Assert.Equal("1200.00", credit.GetProperty("amount").GetRawText()); // the decimal's own scale, never a float
        var breach = Assert.Single(json.GetProperty("breaches").EnumerateArray());
        Assert.Equal("API availability", breach.GetProperty("sla").GetString());
        Assert.Equal(500.00m, json.GetProperty("approaching")[0].GetProperty("money_at_stake").GetDecimal());
        Assert.Equal(6300m, json.GetProperty("worst_services")[0].GetProperty("incidents").GetProperty("incident_seconds").GetDecimal());
        Assert.Equal("breached", json.GetProperty("kpi_buffers_breached")[0].GetProperty("sla_verdict").GetString());
        Assert.Equal("not evaluated", json.GetProperty("without_verdict")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void The_pdf_says_internal_on_every_page_and_is_never_signed()
    {
        var rendered = PortfolioRenderer.Render(SampleDocuments.Portfolio(), TestSupport.Templates);
        Assert.True(rendered.IsSuccess, string.Join("\n", rendered.Errors));
        var dir = TestSupport.TempDir("portfolio");
        var pdf = Path.Combine(dir, "portfolio.pdf");
        File.WriteAllBytes(pdf, rendered.Pdf!);
        var (code, text) = TestSupport.Run("pdftotext", "-enc", "UTF-8", pdf, "-");
        Assert.Equal(0, code);
        var pages = text.Split('\f').SkipLast(1).Select(p => string.Join(" ", p.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(rendered.PageCount, pages.Count);
        Assert.All(pages, p => Assert.Contains("INTERNAL · not for customers", p, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("never signed", p, StringComparison.Ordinal));
        var all = string.Join(" ", pages);
        foreach (var expected in new[] { "1,200.00 USD", "API availability", "500.00 EUR", "62.5%", "Quarterly uptime", "not evaluated", "Internal availability target" })
            Assert.Contains(expected, all, StringComparison.Ordinal);
        // No signature field, no signature dictionary.
        var raw = System.Text.Encoding.Latin1.GetString(rendered.Pdf!);
        Assert.DoesNotContain("/ByteRange", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/Sig", raw, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
