using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Reports.Wording;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>
/// <see cref="ContractComparison"/> over the bound model, worded by <see cref="Words.Change"/>: one row per kind of edit,
/// each the base contract with one text replaced, and the sentences <c>sla diff</c> prints for it (in order).
/// </summary>
public class ContractComparisonTests
{
    private const string Base = """
        contract "Acme" {
          customer "Acme Corp"
          effective 2026-01-01 until 2027-01-01
          time zone "UTC"
          fee 1000.00 USD per month
          service api "API"
          service web "Web"
          sla availability "Availability" {
            clause "3.1"
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            exclude maintenance announced at least 72 hours ahead, at most 4 hours per month
            excluded time counts as available
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            credits capped at 50% of fee per month
            no credit below 1.00 USD
            claim within 30 days after the month ends
          }
          kpi buffer "Buffer" {
            target availability of api at least 99.95% per calendar month
            supports availability
          }
          claims contact "credits@example.com"
        }

        """;

    /// <summary>Each row: what is edited, the text replaced, its replacement, and the sentences expected.</summary>
    public static TheoryData<string, string, string, string[]> Edits => new()
    {
        // Reformatting and comments change nothing: the models are the same.
        { "layout", "  fee 1000.00 USD per month\n", "  # the fee\n  fee   1000.00 USD   per month\n", [] },
        { "tier amount", "credit 25% of fee when availability below 99.0%", "credit 30% of fee when availability below 99.0%",
            ["SLA availability: credit tier 2 (availability below 99.0%) raised from 25% of fee to 30% of fee"] },
        { "tier condition", "credit 25% of fee when availability below 99.0%", "credit 25% of fee when availability below 98.0%",
            ["SLA availability: credit tier 2's condition changed from availability below 99.0% to availability below 98.0%"] },
        { "tier added", "    credits capped", "    credit 50% of fee when availability below 95.0%\n    credits capped",
            ["SLA availability: credit tier 3 added: 50% of fee when availability below 95.0%"] },
        { "target", "availability of api at least 99.9% per", "availability of api at least 99.95% per",
            ["SLA availability: guarantee (availability) raised from 99.9% to 99.95%"] },
        { "window", "at least 99.9% per calendar month", "at least 99.9% per calendar quarter",
            ["SLA availability: guarantee's window changed from per calendar month to per calendar quarter"] },
        { "measure", "availability of api at least 99.9%", "availability of api and web at least 99.9%",
            ["SLA availability: services of the guarantee (availability) changed from api to api and web"] },
        { "exclusion cap", "at most 4 hours per month", "at most 6 hours per month",
            ["SLA availability: exclusion removed: maintenance announced at least 72 hours ahead, at most 4 hours per month",
             "SLA availability: exclusion added: maintenance announced at least 72 hours ahead, at most 6 hours per month"] },
        { "cap", "credits capped at 50% of fee per month", "credits capped at 40% of fee per month",
            ["SLA availability: credit cap lowered from 50% of fee per month to 40% of fee per month"] },
        { "minimum", "no credit below 1.00 USD", "no credit below 5.00 USD", ["SLA availability: minimum credit raised from no credit below 1.00 USD to no credit below 5.00 USD"] },
        { "claim", "claim within 30 days after the month ends", "claim within 60 days after the month ends",
            ["SLA availability: claim deadline changed from within 30 days after the month ends to within 60 days after the month ends"] },
        { "zone", "time zone \"UTC\"", "time zone \"Europe/Berlin\"", ["contract terms: time zone changed from UTC to Europe/Berlin"] },
        { "fee", "fee 1000.00 USD per month", "fee 900.00 USD per month", ["contract terms: fee lowered from 1,000.00 USD per month to 900.00 USD per month"] },
        { "end date", "until 2027-01-01", "until 2027-07-01", ["contract terms: effective end moved from 2027-01-01 to 2027-07-01"] },
        { "service removed", "  service web \"Web\"\n", "", ["contract terms: service removed: web \"Web\""] },
        { "kpi supports and target", "at least 99.95% per calendar month\n    supports availability", "at least 99.99% per calendar month\n    supports availability",
            ["KPI buffer: target (availability) raised from 99.95% to 99.99%"] },
        { "kpi removed", "  kpi buffer \"Buffer\" {\n    target availability of api at least 99.95% per calendar month\n    supports availability\n  }\n", "",
            ["KPI buffer: KPI buffer removed"] },
        { "downtime rule", "with impact outage", "with impact outage or degraded", ["SLA availability: downtime definition changed (read the clause in both versions)"] },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Each_edit_is_said_in_words(string edit, string before, string after, string[] expected)
    {
        Assert.True(Base.Contains(before, StringComparison.Ordinal), $"the {edit} edit no longer applies");
        var changes = ContractComparison.Compare(Bind(Base), Bind(Base.Replace(before, after, StringComparison.Ordinal)));
        Assert.Equal(expected, changes.Select(c => $"{Words.ChangeBlock(c.Scope, c.Block)}: {Words.Change(c)}"));
    }

    private static BoundContract Bind(string text)
    {
        var result = ContractChecker.Check(new SourceText("c.sla", text));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Model!.Contracts);
    }
}
