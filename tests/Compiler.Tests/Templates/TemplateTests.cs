using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.Shapes;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests.Templates;

/// <summary>
/// Templates with typed parameters and their order forms: every parameter type reads exactly its values, bounds hold
/// exactly at their value, values land where the template writes them, errors point to the value, the cell or the line
/// that caused them, a template's own finding is reported once however many forms use it, and the forms of one template
/// compile to one class.
/// </summary>
public class TemplateTests
{
    private static readonly string[] Tiers = ["standard", "premium"];

    /// <summary>(type, text, canonical text the value stands for, or null when the text is not a value of the type).</summary>
    public static TheoryData<ParameterType, string, string?> Values() => new()
    {
        { ParameterType.Money, "12000.00 USD", "12000.00 USD" },            // digits kept as written
        { ParameterType.Money, "  5 EUR ", "5 EUR" },                        // surrounding spaces (a table cell) ignored
        { ParameterType.Money, "12000.00", null },                           // no currency
        { ParameterType.Money, "12000.00 usd", null },                       // currency codes are upper case
        { ParameterType.Percent, "99.95%", "99.95%" },
        { ParameterType.Percent, "99.95", null },                            // a bare number is no percent
        { ParameterType.Duration, "90 minutes", "90 minutes" },
        { ParameterType.Duration, "1 hour", "1 hour" },
        { ParameterType.Duration, "500 ms", "500 ms" },
        { ParameterType.Duration, "15", null },                              // no unit
        { ParameterType.Services, "api", "api" },
        { ParameterType.Services, "api and checkout", "api and checkout" },
        { ParameterType.Services, "api checkout", null },                    // names are joined by `and`
        { ParameterType.TimeZone, "\"Europe/Berlin\"", "\"Europe/Berlin\"" },
        { ParameterType.TimeZone, "Europe/Berlin", "\"Europe/Berlin\"" },    // unquoted, as a table cell writes it
        { ParameterType.TimeZone, "Europe Berlin", null },
        { ParameterType.Date, "2026-07-01", "2026-07-01" },
        { ParameterType.Date, "2026-02-30", null },                          // no such day
        { ParameterType.Rounding, "half-even", "half-even" },
        { ParameterType.Rounding, "half-up", null },                         // not a rounding mode of the language
        { ParameterType.Choice, "premium", "premium" },
        { ParameterType.Choice, "gold", null },                              // not an option
        { ParameterType.Choice, "", null },                                  // empty
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_parameter_type_reads_exactly_its_values(ParameterType type, string text, string? canonical)
    {
        var value = ParameterValues.Parse(type, Tiers, text, out var error);
        Assert.Equal(canonical, value?.Text);
        if (canonical is null) Assert.StartsWith("expected ", error);
        else Assert.Null(error);
    }

    /// <summary>(type, bound, value, holds): bounds are inclusive and exact; money in another currency never meets a bound.</summary>
    public static TheoryData<ParameterType, string, string, bool> Bounds() => new()
    {
        { ParameterType.Money, "at least 100.00 USD", "100.00 USD", true },   // exactly at the bound
        { ParameterType.Money, "at least 100.00 USD", "99.99 USD", false },
        { ParameterType.Money, "at least 100.00 USD", "500.00 EUR", false },  // another currency
        { ParameterType.Percent, "at most 99.99%", "99.99%", true },
        { ParameterType.Percent, "at most 99.99%", "99.991%", false },
        { ParameterType.Duration, "at most 1 hour", "60 minutes", true },     // units compared by length
        { ParameterType.Duration, "at most 1 hour", "3601 seconds", false },
        { ParameterType.Date, "at least 2026-01-01", "2025-12-31", false },
        { ParameterType.Date, "at least 2026-01-01", "2026-01-01", true },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Bounds_hold_inclusively_and_exactly(ParameterType type, string bound, string value, bool holds)
    {
        var words = bound.Split(' ', 3);
        var op = words[1] == "least" ? ComparisonOperator.AtLeast : ComparisonOperator.AtMost;
        var parsedBound = new ParameterBound(op, ParameterValues.Parse(type, [], words[2], out _)!);
        Assert.Equal(holds, TemplateParameter.Holds(ParameterValues.Parse(type, [], value, out _)!, parsedBound, out _));
    }

    private const string Schedule = """
        template schedule "Master schedule" {
          parameter fee money, at least 100.00 USD
          parameter target percent default 99.9%, at least 99.0%, at most 99.99%
          parameter zone time zone default "UTC"
          parameter covered services default api
          parameter response duration default 15 minutes
          parameter mode rounding default half-away-from-zero
          parameter start date default 2026-01-01
          parameter window one of month or quarter default month
          allow additional kpi

          provider "Example Cloud Inc."
          effective $start until 2028-01-01
          time zone $zone
          fee $fee per month
          rounding $mode
          service api "Public API"
          service checkout "Checkout"

          sla availability "Availability" {
            guarantee availability of $covered at least $target per calendar $window
            downtime is incidents on $covered with impact outage
            credit 10% of fee when availability below $target
            credit 25% of fee when availability below 99.0%
            credits capped at 25% of fee per month
            allow override of credit
          }

          sla response "Response" {
            guarantee response to severity 1 incidents on api within $response, every incident, per calendar month
            credit 5% of fee per breached incident
            credits capped at 20% of fee per month
          }

          kpi buffer "Buffer" {
            target availability of $covered at least 99.995% per calendar month
            supports availability
          }

          kpi ack "Ack" {
            target 95% of alerts on api acknowledged within 5 minutes per calendar month
            supports response
          }
        }

        """;

    [Fact]
    public void Every_value_lands_where_the_template_writes_it()
    {
        var text = Schedule + """
            contract "Acme" from template schedule {
              customer "Acme Corp"
              set fee = 12000.00 USD
              set target = 99.95%
              set zone = "Europe/Berlin"
              set covered = api and checkout
              set response = 30 minutes
              set mode = half-even
              set start = 2026-07-01
              set window = quarter
            }
            """;
        var result = ContractChecker.Check(new SourceText("acme.sla", text));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var contract = Assert.Single(result.Model!.Contracts);
        Assert.Equal("Acme", contract.Name);
        Assert.Equal("Acme Corp", contract.Customer);
        Assert.Equal(12000.00m, contract.Fee!.Amount.Amount);
        Assert.Equal("USD", contract.Fee.Amount.Currency);
        Assert.Equal("Europe/Berlin", contract.Zone.Id);
        Assert.Equal(RoundingMode.HalfEven, contract.Rounding);
        Assert.Equal(new NodaTime.LocalDate(2026, 7, 1), contract.EffectiveStart);
        var expanded = result.Origins["Acme"].Expanded.Text;
        Assert.Contains("guarantee availability of api and checkout at least 99.95% per calendar quarter", expanded, StringComparison.Ordinal);
        Assert.Contains("within 30 minutes, every incident", expanded, StringComparison.Ordinal);
        Assert.DoesNotContain("$", expanded, StringComparison.Ordinal);
        Assert.DoesNotContain("allow ", expanded, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_the_template_does_not_allow_is_refused_at_the_clause()
    {
        var text = Schedule + """
            contract "Acme" from template schedule {
              set fee = 1000.00 USD
              override sla response {
                credit 50% of fee per breached incident
              }
            }
            """;
        var source = new SourceText("acme.sla", text);
        var result = ContractChecker.Check(source);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SLA0206", error.Code);
        Assert.Equal("credit 50% of fee per breached incident", source.GetText(error.Span));
        Assert.Empty(result.Model!.Contracts);
    }

    [Fact]
    public void An_allowed_override_replaces_the_template_s_clauses_of_that_kind_and_is_reported_in_words()
    {
        var text = Schedule + """
            contract "Acme" from template schedule {
              set fee = 1000.00 USD
              override sla availability {
                credit 30% of fee when availability below 99.9%
              }
            }
            """;
        var result = ContractChecker.Check(new SourceText("acme.sla", text));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var sla = result.Model!.Contracts.Single().Slas.Single(s => s.Name == "availability");
        Assert.Single(sla.Credits.Tiers);
        var hint = Assert.Single(result.Diagnostics, d => d.Code == "SLA1075");
        // The template's clauses as this contract had them: $target at its value (the default, 99.9%), never the placeholder.
        Assert.Contains("'credit 10% of fee when availability below 99.9%'; 'credit 25% of fee when availability below 99.0%' are replaced by 'credit 30% of fee when availability below 99.9%'", hint.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("$", hint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_quotes_the_template_s_clauses_with_the_contract_s_own_values()
    {
        var text = Schedule + """
            contract "Acme" from template schedule {
              set fee = 1000.00 USD
              set target = 99.95%
              override sla availability {
                credit 10% of fee when availability below 99.95%
              }
            }
            """;
        var result = ContractChecker.Check(new SourceText("acme.sla", text));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var hint = Assert.Single(result.Diagnostics, d => d.Code == "SLA1075");
        // The set value, not the default and not "$target": the reader sees that the first clause is kept as it was.
        Assert.Contains("its `credit` clauses 'credit 10% of fee when availability below 99.95%'; 'credit 25% of fee when availability below 99.0%' are replaced by 'credit 10% of fee when availability below 99.95%'", hint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_binder_refuses_is_reported_at_the_value_not_at_the_template()
    {
        var text = Schedule + """
            contract "Acme" from template schedule {
              set fee = 1000.00 USD
              set zone = "Mars/Olympus_Mons"
            }
            """;
        var source = new SourceText("acme.sla", text);
        var result = ContractChecker.Check(source);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SLA0102", error.Code);
        Assert.Same(source, error.Source);
        Assert.Equal("\"Mars/Olympus_Mons\"", source.GetText(error.Span));
    }

    [Fact]
    public void A_template_finding_is_reported_once_not_per_order_form()
    {
        // No time zone: SLA1006 is the template's finding; three order forms do not repeat it.
        var text = """
            template plain {
              parameter fee money
              provider "Example Cloud Inc."
              fee $fee per month
              service api
              sla availability {
                guarantee availability of api at least 99.9% per calendar month
                credit 10% of fee when availability below 99.9%
                credits capped at 10% of fee per month
              }
              kpi buffer {
                target availability of api at least 99.99% per calendar month
                supports availability
              }
            }

            """ + string.Concat(Enumerable.Range(1, 3).Select(i => $"contract \"C{i}\" from template plain {{\n  set fee = {i}00.00 USD\n}}\n"));
        var result = ContractChecker.Check(new SourceText("plain.sla", text));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Single(result.Diagnostics, d => d.Code == "SLA1006");
        Assert.Equal(3, result.Model!.Contracts.Length);
    }

    private static string Table(params string[] rows) => "contract,template,customer,fee,target,zone\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public void A_bad_table_cell_is_located_at_its_file_line_and_column()
    {
        var library = new TemplateLibrary([ContractParser.Parse(new SourceText("schedule.sla", Schedule))]);
        var table = new SourceText("customers.orders.csv", Table(
            "A,schedule,A Corp,1000.00 USD,99.9%,UTC",
            "B,schedule,B Corp,1000.00 USD,99.9,UTC",
            "C,schedule,\"C, Inc.\",50.00 USD,,Europe/Berlin"));
        var result = OrderFormTable.Check(table, library);
        Assert.Equal(
        [
            // line 3, the target cell: a bare number is no percent
            "customers.orders.csv(3,31): error SLA0201: parameter 'target' is a percent: expected a percentage like 99.9%, found the end of the value",
            // line 4, the fee cell after a quoted customer name holding a comma
            "customers.orders.csv(4,22): error SLA0202: parameter 'fee' = 50.00 USD is outside the template's bounds: it must be at least 100.00 USD",
        ], result.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(["A"], result.Model!.Contracts.Select(c => c.Name));
    }

    [Fact]
    public void A_table_with_an_unknown_column_a_short_row_and_an_unknown_template_reports_each_at_its_cell()
    {
        var library = new TemplateLibrary([ContractParser.Parse(new SourceText("schedule.sla", Schedule))]);
        var table = new SourceText("customers.orders.csv",
            "contract,template,fee,colour\n" +
            "A,schedule,1000.00 USD,blue\n" +
            "B,schedule,1000.00 USD\n" +
            "C,schedul,1000.00 USD,red\n");
        var result = OrderFormTable.Check(table, library);
        Assert.Equal(
        [
            "customers.orders.csv(1,23): error SLA0204: template 'schedule' has no parameter 'colour' (parameters: covered, fee, mode, response, start, target, window, zone)",
            "customers.orders.csv(3,1): error SLA0212: this row has 3 cells but the header has 4 columns",
            "customers.orders.csv(4,3): error SLA0200: unknown template 'schedul' (templates: schedule)",
        ], result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_order_forms_of_one_template_compile_to_one_class()
    {
        var library = new TemplateLibrary([ContractParser.Parse(new SourceText("schedule.sla", Schedule))]);
        var rows = Enumerable.Range(1, 40).Select(i => $"Customer {i},schedule,Customer {i} Ltd,{100 + i * 37}.00 USD,{(i % 2 == 0 ? "99.95%" : "99.5%")},{(i % 3 == 0 ? "Asia/Tokyo" : "UTC")}");
        var result = OrderFormTable.Check(new SourceText("customers.orders.csv", Table([.. rows])), library);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var contracts = result.Model!.Contracts;
        Assert.Equal(40, contracts.Length);
        var shaped = ShapeParameterizer.Parameterize(ContractCompilation.Generate(contracts), RoslynBatchCompiler.ParseOptions);
        Assert.NotNull(shaped);
        Assert.Single(shaped.Value.Shapes);
    }

    [Fact]
    public void An_order_form_s_contract_equals_the_contract_written_out_by_hand()
    {
        // The meaning of an order form is the template's text with the values standing in and the deviations applied.
        var template = """
            template small {
              parameter fee money
              parameter target percent default 99.9%
              parameter zone time zone default "UTC"
              provider "Example Cloud Inc."
              effective 2026-01-01 until 2027-01-01
              time zone $zone
              fee $fee per month
              service api "Public API"
              sla availability "Availability" {
                guarantee availability of api at least $target per calendar month
                downtime is incidents on api with impact outage
                credit 10% of fee when availability below $target
                credits capped at 25% of fee per month
                allow override of credit
                allow additional exclude
              }
            }

            contract "Acme" from template small {
              customer "Acme Corp"
              set fee = 2500.00 USD
              set zone = "Europe/Berlin"
              override sla availability {
                credit 20% of fee when availability below 99.0%
              }
              add to sla availability {
                exclude incidents tagged customer-change
              }
            }
            """;
        var byHand = """
            contract "Acme" {
              customer "Acme Corp"
              provider "Example Cloud Inc."
              effective 2026-01-01 until 2027-01-01
              time zone "Europe/Berlin"
              fee 2500.00 USD per month
              service api "Public API"
              sla availability "Availability" {
                guarantee availability of api at least 99.9% per calendar month
                downtime is incidents on api with impact outage
                credits capped at 25% of fee per month
                credit 20% of fee when availability below 99.0%
                exclude incidents tagged customer-change
              }
            }
            """;
        var fromForm = ContractChecker.Check(new SourceText("acme.sla", template));
        var written = ContractChecker.Check(new SourceText("written.sla", byHand));
        Assert.False(fromForm.HasErrors, string.Join("\n", fromForm.Diagnostics));
        Assert.False(written.HasErrors, string.Join("\n", written.Diagnostics));
        Assert.Equal(ModelSerializer.Canonical(written.Model!.Contracts.Single()), ModelSerializer.Canonical(fromForm.Model!.Contracts.Single()));
    }
}
