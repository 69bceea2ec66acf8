using SlaKpiDsl.Dsl.Syntax;
using static SlaKpiDsl.Dsl.Tests.ParseAssert;

namespace SlaKpiDsl.Dsl.Tests;

public sealed class ContractClauseTests
{
    [Fact]
    public void Contract_header_clauses_parse_into_typed_nodes()
    {
        var c = Contract("""
            provider "Example Cloud Inc."
            customer "Acme \"Corp\""
            effective 2026-01-01 until 2027-01-01
            time zone "America/New_York"
            fee 12000.00 USD per month
            rounding half-even
            service api "Public API"
            service checkout
            suppress SLA1001 because "no KPI yet"
            """);
        Assert.Equal("C", c.Name.Value);
        var provider = Assert.IsType<PartyClauseSyntax>(c.Clauses[0]);
        Assert.Equal((PartyRole.Provider, "Example Cloud Inc."), (provider.Role, provider.Name.Value));
        Assert.Equal("Acme \"Corp\"", Assert.IsType<PartyClauseSyntax>(c.Clauses[1]).Name.Value); // escapes are unescaped
        var effective = Assert.IsType<EffectiveClauseSyntax>(c.Clauses[2]);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1)), (effective.From.Value, effective.Until.Value));
        Assert.Equal("America/New_York", Assert.IsType<TimeZoneClauseSyntax>(c.Clauses[3]).Zone.Value);
        var fee = Assert.IsType<FeeClauseSyntax>(c.Clauses[4]);
        Assert.Equal((12000.00m, "12000.00", "USD", FeePeriod.Month), (fee.Amount.Amount, fee.Amount.Text, fee.Amount.Currency, fee.Per));
        Assert.Equal(RoundingMode.HalfEven, Assert.IsType<RoundingClauseSyntax>(c.Clauses[5]).Mode);
        var services = c.Services.ToList();
        Assert.Equal(["api", "checkout"], services.Select(s => s.Name.Name));
        Assert.Null(services[1].Title);
        var suppress = Assert.Single(c.Suppressions);
        Assert.Equal(("SLA1001", "no KPI yet"), (suppress.Code.Name, suppress.Reason.Value));
    }

    [Theory]
    [InlineData("fee 100.00 EUR per quarter", FeePeriod.Quarter)]
    [InlineData("fee 100.00 EUR per year", FeePeriod.Year)]
    [InlineData("fee 100.00 EUR per billing cycle", FeePeriod.BillingCycle)]
    public void Fee_periods(string line, FeePeriod expected) => Assert.Equal(expected, ContractClause<FeeClauseSyntax>(line).Per);

    [Fact]
    public void Holiday_calendar_holds_named_dates()
    {
        var c = Contract("""
            holidays us-2026 "US holidays" {
              holiday 2026-01-01 "New Year"
              holiday 2026-12-25
            }
            """);
        var calendar = Assert.Single(c.Calendars);
        Assert.Equal("us-2026", calendar.Name.Name);
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 25)], calendar.Holidays.Select(h => h.Date.Value));
        Assert.Equal("New Year", calendar.Holidays[0].Name!.Value);
        Assert.Null(calendar.Holidays[1].Name);
    }

    [Fact]
    public void Sla_and_kpi_blocks_keep_name_title_and_clauses_in_order()
    {
        var c = Contract("""
            sla availability "API availability" {
              clause "3.1"
              guarantee availability of api at least 99.9% per calendar month
            }
            kpi availability-buffer {
              target availability of api at least 99.99% per calendar month
              supports availability
              suppress SLA1002 because "reason"
            }
            """);
        var sla = Assert.Single(c.Slas);
        Assert.Equal(("availability", "API availability"), (sla.Name.Name, sla.Title!.Value));
        Assert.Equal("3.1", Assert.IsType<ReferenceClauseSyntax>(sla.Clauses[0]).Citation.Number.Value);
        Assert.IsType<GuaranteeClauseSyntax>(sla.Clauses[1]);
        var kpi = Assert.Single(c.Kpis);
        Assert.Equal("availability-buffer", kpi.Name.Name);
        Assert.Null(kpi.Title);
        Assert.Equal("availability", Assert.Single(Assert.Single(kpi.Supports).Slas).Name);
        Assert.IsType<SuppressionClauseSyntax>(kpi.Clauses[2]);
    }

    [Fact]
    public void A_file_may_hold_contracts_and_tests_in_any_order()
    {
        var result = NoErrors("""
            test "t" for "A" {
              period 2026-11
            }
            contract "A" {
            }
            contract "B" {
            }
            """);
        Assert.Equal(3, result.Root.Members.Length);
        Assert.IsType<TestSyntax>(result.Root.Members[0]);
        Assert.Equal(["A", "B"], result.Root.Contracts.Select(c => c.Name.Value));
    }

    [Fact]
    public void Comments_of_both_kinds_are_kept_as_trivia_with_spans()
    {
        const string text = "# own line\ncontract \"A\" { // end of line\n}\n";
        var result = NoErrors(text);
        Assert.Equal(2, result.Comments.Length);
        Assert.Equal(("# own line", true), (result.Comments[0].Text, result.Comments[0].IsOwnLine));
        Assert.Equal(("// end of line", false), (result.Comments[1].Text, result.Comments[1].IsOwnLine));
        Assert.Equal("// end of line", text.Substring(result.Comments[1].Span.Start, result.Comments[1].Span.Length));
    }

    [Fact]
    public void Spans_point_at_the_source_text_of_each_node()
    {
        const string text = "contract \"A\" {\n  service api \"Public API\"\n  fee 12000.00 USD per month\n}\n";
        var c = NoErrors(text).Root.Contracts.Single();
        var service = c.Services.Single();
        Assert.Equal("api", text.Substring(service.Name.Span.Start, service.Name.Span.Length));
        Assert.Equal("service api \"Public API\"", text.Substring(service.Span.Start, service.Span.Length));
        var fee = Assert.IsType<FeeClauseSyntax>(c.Clauses[1]);
        Assert.Equal("12000.00 USD", text.Substring(fee.Amount.Span.Start, fee.Amount.Span.Length));
        Assert.Equal(0, c.Span.Start);
        Assert.Equal(text.LastIndexOf('}') + 1, c.Span.End);
    }
}
