using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

public sealed class FormatterTests
{
    internal static string Format(string text)
    {
        var result = ContractFormatter.Format(new SourceText("f.sla", text));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Text!;
    }

    internal static string Shape(string text) => SyntaxDump.Write(ContractParser.Parse(new SourceText("f.sla", text)).Root, includeSpans: false);

    [Theory]
    [MemberData(nameof(ExamplesTests.ExampleFiles), MemberType = typeof(ExamplesTests))]
    public void Examples_format_idempotently_and_keep_their_meaning_and_comments(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, file));
        var once = Format(text);
        Assert.Equal(once, Format(once));
        Assert.Equal(Shape(text), Shape(once));
        var before = ContractParser.Parse(new SourceText("a", text)).Comments.Select(c => c.Text.TrimEnd());
        var after = ContractParser.Parse(new SourceText("b", once)).Comments.Select(c => c.Text.TrimEnd());
        Assert.Equal(before, after);
    }

    [Fact]
    public void Examples_are_already_in_canonical_form()
    {
        // The shipped examples are what users copy: keep them formatted (run the formatter and commit if this fails).
        foreach (var path in Directory.GetFiles(TestPaths.Examples, "*.sla"))
        {
            var text = File.ReadAllText(path).Replace("\r\n", "\n");
            Assert.True(Format(text) == text, $"{Path.GetFileName(path)} is not in canonical form");
        }
    }

    [Fact]
    public void Canonical_layout_fixes_spacing_indentation_keyword_synonyms_and_braces()
    {
        const string messy = """
            contract   "X"{
                provider "P"
              sla   a "A"   {
                 guarantee availability of api   at least 99.90%    per calendar month
               credit 10% of fee when availability at most 99.9% and over 99.0%
            credits capped at 50% of fee per month }
              kpi k "K" {
               target incident count on api decreasing month over month }
            }
            """;
        const string expected = """
            contract "X" {
              provider "P"
              sla a "A" {
                guarantee availability of api at least 99.90% per calendar month
                credit 10% of fee when availability at most 99.9% and above 99.0%
                credits capped at 50% of fee per month
              }
              kpi k "K" {
                target incident count on api decreasing month over month
              }
            }

            """;
        Assert.Equal(expected, Format(messy));
    }

    [Fact]
    public void Own_line_and_end_of_line_comments_stay_in_place()
    {
        const string text = """
            // file header

            contract "X" {   # on the header line
              # before the provider
              provider "P"   // after the provider
              sla a "A" {
                guarantee availability of api at least 99.9% per calendar month # why 99.9
                # last thing in the block
              }
            }
            # end of file
            """;
        const string expected = """
            // file header

            contract "X" {  # on the header line
              # before the provider
              provider "P"  // after the provider
              sla a "A" {
                guarantee availability of api at least 99.9% per calendar month  # why 99.9
                # last thing in the block
              }
            }
            # end of file

            """;
        Assert.Equal(expected, Format(text));
    }

    [Fact]
    public void Blank_lines_between_clauses_collapse_to_one_and_top_level_members_get_one()
    {
        const string text = "contract \"X\" {\n\n\n  provider \"P\"\n\n\n\n  customer \"C\"\n}\ntest \"t\" for \"X\" {\n  period 2026-11\n}\n";
        const string expected = "contract \"X\" {\n  provider \"P\"\n\n  customer \"C\"\n}\n\ntest \"t\" for \"X\" {\n  period 2026-11\n}\n";
        Assert.Equal(expected, Format(text));
    }

    [Fact]
    public void Numbers_are_kept_exactly_as_written()
    {
        var formatted = Format("contract \"X\" {\n fee 12000.500 USD per month\n sla a {\n guarantee availability of api at least 099.90% per calendar month\n }\n}\n");
        Assert.Contains("fee 12000.500 USD per month", formatted);
        Assert.Contains("at least 099.90%", formatted);
    }

    [Fact]
    public void Files_with_syntax_errors_are_not_formatted_and_the_errors_are_returned()
    {
        var result = ContractFormatter.Format(new SourceText("bad.sla", "contract \"X\" {\n  fee 100 per month\n}\n"));
        Assert.False(result.Succeeded);
        Assert.Null(result.Text);
        Assert.Equal("SLA0003", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Synonyms_and_alternative_forms_print_in_one_canonical_form()
    {
        var formatted = Format("""
            contract "X" {
              sla a {
                guarantee resolution to severity 1 incidents within 4 hours, 95% of incidents per calendar month
                credit 10% of fee when availability under 99.9%
                no credit unless at least 1.00 USD
                clause "2" : exclude incidents caused by customer or abuse
              }
              kpi k {
                target count of incidents on api at most 3 per calendar month
              }
            }
            """);
        Assert.Contains("guarantee resolution of severity 1 incidents within 4 hours, 95% of incidents, per calendar month", formatted);
        Assert.Contains("credit 10% of fee when availability below 99.9%", formatted);
        Assert.Contains("no credit below 1.00 USD", formatted);
        Assert.Contains("clause \"2\": exclude incidents caused by customer, abuse", formatted);
        Assert.Contains("target incident count on api at most 3 per calendar month", formatted);
    }

    [Fact]
    public void Windows_line_endings_and_tabs_parse_and_format_like_unix_text()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, "saas-api.sla")).Replace("\r\n", "\n");
        var crlf = text.Replace("\n", "\r\n").Replace("  ", "\t");
        Assert.Equal(Shape(text), Shape(crlf));
        Assert.Equal(Format(text), Format(crlf));
    }
}
