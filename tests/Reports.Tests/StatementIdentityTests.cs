using System.Text;
using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Reports.Json;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Verification;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The statement identifier (deterministic from contract, data, period and as-of; on every page and in the JSON;
/// recomputed by the verifier) and the credit computation (fee, tier, percent, caps, rounding, amount) on the page.
/// </summary>
public class StatementIdentityTests
{
    private static readonly StatementDocument Sample = SampleDocuments.Statement();

    [Fact]
    public void Identifier_is_deterministic_and_has_its_documented_form()
    {
        var again = SampleDocuments.Statement();
        Assert.Equal(Sample.StatementId, again.StatementId);
        Assert.Matches("^ST-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$", Sample.StatementId);
        // The JSON-text path the verifier takes gives the same identifier as the typed path.
        Assert.Equal(Sample.StatementId, StatementIdentity.Compute(Sample.Contract.Name, Sample.Footer.ContractSourceSha256, Sample.Footer.InputDataSha256,
            "November 2026", "America/New_York", "2026-11-01T00:00:00", "2026-12-01T00:00:00", "2026-12-02T14:00:00Z"));
    }

    public static TheoryData<string> Changes => new()
    {
        "name",       // another contract of the same source (a customers table's rows share its source hash)
        "contract",   // another contract source
        "data",       // other input data
        "period",     // another period (label and local range)
        "zone",       // the same period in another zone
        "as-of",      // a later as-of instant (an open incident may have closed)
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Identifier_changes_with_each_input(string change)
    {
        var f = Sample.Footer;
        var p = Sample.Period;
        var other = change switch
        {
            "name" => StatementIdentity.Compute(Sample.Contract.Name + " 2", f, p, Sample.AsOf),
            "contract" => StatementIdentity.Compute(Sample.Contract.Name, new StatementFooter(new string('1', 64), f.InputDataSha256, f.EvaluatorSha256), p, Sample.AsOf),
            "data" => StatementIdentity.Compute(Sample.Contract.Name, new StatementFooter(f.ContractSourceSha256, new string('2', 64), f.EvaluatorSha256), p, Sample.AsOf),
            "period" => StatementIdentity.Compute(Sample.Contract.Name, f, new StatementPeriod("October 2026", p.TimeZone, new LocalDateTime(2026, 10, 1, 0, 0), new LocalDateTime(2026, 11, 1, 0, 0), 44640), Sample.AsOf),
            "zone" => StatementIdentity.Compute(Sample.Contract.Name, f, new StatementPeriod(p.Label, "UTC", p.StartLocal, p.EndLocal, 43200), Sample.AsOf),
            _ => StatementIdentity.Compute(Sample.Contract.Name, f, p, Sample.AsOf + Duration.FromSeconds(1)),
        };
        Assert.NotEqual(Sample.StatementId, other);
    }

    [Fact]
    public void Evaluator_hash_does_not_change_the_identifier()
    {
        var f = Sample.Footer;
        Assert.Equal(Sample.StatementId,
            StatementIdentity.Compute(Sample.Contract.Name, new StatementFooter(f.ContractSourceSha256, f.InputDataSha256, new string('3', 64)), Sample.Period, Sample.AsOf));
    }

    [Fact]
    public void Identifier_is_on_every_page_and_in_the_json()
    {
        var doc = SampleDocuments.Statement(extraIncidents: 120); // several pages
        var rendered = StatementRenderer.Render(doc, TestSupport.Templates);
        Assert.True(rendered.IsSuccess);
        var pages = TestSupport.PageTexts(rendered.Pdf!);
        Assert.True(pages.Count >= 2, $"expected several pages, got {pages.Count}");
        for (var i = 0; i < pages.Count; i++)
            Assert.Contains($"Statement {doc.StatementId} · Page {i + 1} of {pages.Count}", pages[i], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(rendered.Json!);
        Assert.Equal(doc.StatementId, json.RootElement.GetProperty("statement_id").GetString());
    }

    [Fact]
    public void Verifier_recomputes_the_identifier_from_the_signed_result()
    {
        var json = StatementJson.Serialize(Sample);
        var (id, problem) = StatementVerifier.StatementIdOf(json, "2026-12-02T14:00:00Z");
        Assert.Null(problem);
        Assert.Equal(Sample.StatementId, id);

        // A stated identifier that is not the one its fields give is refused.
        var forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json).Replace(Sample.StatementId, "ST-0000-0000-0000-0000", StringComparison.Ordinal));
        (_, problem) = StatementVerifier.StatementIdOf(forged, "2026-12-02T14:00:00Z");
        Assert.Contains("does not match its contract name, contract source, input data, period and as-of", problem, StringComparison.Ordinal);

        // So is a result whose as-of is not the metadata's, and one without an identifier.
        (_, problem) = StatementVerifier.StatementIdOf(json, "2026-12-03T14:00:00Z");
        Assert.Contains("differs from the metadata's", problem, StringComparison.Ordinal);
        var without = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json).Replace("\"statement_id\"", "\"statement_ref\"", StringComparison.Ordinal));
        (_, problem) = StatementVerifier.StatementIdOf(without, "2026-12-02T14:00:00Z");
        Assert.Contains("has no statement identifier", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fee_and_the_computation_of_every_credit_are_on_the_page_and_in_the_json()
    {
        var rendered = StatementRenderer.Render(Sample, TestSupport.Templates);
        var text = string.Join(" ", TestSupport.PageTexts(rendered.Pdf!));
        Assert.Contains("Fee for the period: 12,000.00 USD.", text, StringComparison.Ordinal);
        Assert.Contains("API availability: tier reached: availability below 99.9%. 10% of the fee for the period, 12,000.00 USD = 1,200.00 USD.", text, StringComparison.Ordinal);
        Assert.Contains("The amount is exact: no rounding.", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(rendered.Json!);
        var credits = json.RootElement.GetProperty("credits");
        Assert.Equal("12000.00", credits.GetProperty("fee_for_window").GetRawText());
        var computation = credits.GetProperty("lines")[0].GetProperty("computation");
        Assert.Equal("12000.00", computation.GetProperty("fee_for_window").GetRawText());
        Assert.Equal("1200.00", computation.GetProperty("amount_before_caps").GetRawText());
        Assert.Equal("1200.00", computation.GetProperty("exact_amount").GetRawText());
    }

    [Fact]
    public void A_capped_and_rounded_credit_shows_each_step_and_several_lines_add_up()
    {
        var s = Sample;
        var lines = new[]
        {
            new StatementCreditLine("availability", "availability below 99.9%", 30m, 1234.57m, "USD", ["monthly cap 1,234.5678 -> 1,234.5678 USD"])
            { Computation = new CreditComputation(12000m, 3600m, 1234.5678m, "half-even to 0.01 USD") },
            new StatementCreditLine("response", "any incident late", 1m, 120.00m, "USD")
            { Computation = new CreditComputation(12000m, 120m, 120m, "half-even to 0.01 USD") },
        };
        var doc = new StatementDocument(s.Provider, s.Customer, s.Contract, s.Period, s.Commitments, s.Ledgers,
            new CreditSummary("USD", [.. lines], s.Credits.ClaimDeadline, s.Credits.RoundingMode) { FeeForWindow = 12000m }, s.Footer, s.AsOf);
        var text = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(doc, TestSupport.Templates).Pdf!));
        Assert.Contains("30% of the fee for the period, 12,000.00 USD = 3,600.00 USD. Limited by monthly cap", text, StringComparison.Ordinal);
        Assert.Contains("Rounded half-even to 0.01 USD once, at the end: 1,234.5678 USD becomes 1,234.57 USD.", text, StringComparison.Ordinal);
        Assert.Contains("Total: 1,234.57 USD + 120.00 USD = 1,354.57 USD.", text, StringComparison.Ordinal);
    }
}
