using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>
/// Every line break an editor shows (LF, CR LF, lone CR, NEL, U+2028, U+2029) is one line break for the lexer, the
/// line map and the formatter: text after it is never hidden inside a comment, and positions count it.
/// </summary>
public class LineBreakTests
{
    public static TheoryData<string, string> Breaks() => new()
    {
        { "\n", "LF" },
        { "\r\n", "CR LF (one break)" },
        { "\r", "lone CR" },
        { "\u0085", "NEL" },
        { "\u2028", "LINE SEPARATOR" },
        { "\u2029", "PARAGRAPH SEPARATOR" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void A_line_break_ends_a_comment_so_the_next_clause_is_checked(string br, string name)
    {
        var result = ParseAssert.Parse($"contract \"C\" {{{br}  # note{br}  customer \"Visible\"{br}}}{br}");
        Assert.True(result.Diagnostics.IsEmpty, name + ": " + string.Join("; ", result.Diagnostics));
        var contract = Assert.IsType<ContractSyntax>(Assert.Single(result.Root.Members));
        Assert.Single(contract.Clauses);
        Assert.Equal("# note", Assert.Single(result.Comments).Text.TrimEnd());
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Positions_count_every_line_break(string br, string name)
    {
        var result = ParseAssert.Parse($"contract \"C\" {{{br}# c{br}  customer ?{br}}}{br}");
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("SLA0001", error.Code);
        Assert.True(error.Start.Line == 3 && error.Start.Column == 12, $"{name}: {error.Start}");
        Assert.Equal(4, new SourceText("t", $"a{br}b{br}c{br}").LineCount);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void A_line_break_inside_quoted_text_ends_it_unterminated(string br, string name)
    {
        var result = ParseAssert.Parse($"contract \"C\" {{\n  customer \"Acme{br}Corp\"\n}}\n");
        Assert.True(result.Diagnostics.Any(d => d.Code == "SLA0002"), name + ": " + string.Join("; ", result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_formatter_writes_every_break_as_a_newline(string br, string name)
    {
        var formatted = ContractFormatter.Format(new SourceText("t", $"contract \"C\" {{{br}  # note{br}  customer \"Visible\"{br}}}{br}"));
        Assert.True(formatted.Errors.IsEmpty, name);
        Assert.Equal("contract \"C\" {\n  # note\n  customer \"Visible\"\n}\n", formatted.Text);
    }

    [Theory]
    [InlineData('\u001B', "escape (terminal sequences)")]
    [InlineData('\u0007', "bell")]
    [InlineData('\u0000', "NUL")]
    [InlineData('\u007F', "DEL")]
    [InlineData('\u009B', "C1 control sequence introducer")]
    [InlineData('\u202E', "right-to-left override")]
    [InlineData('\u2066', "left-to-right isolate")]
    public void A_hidden_character_in_quoted_text_is_a_located_error(char c, string name)
    {
        var result = ParseAssert.Parse($"contract \"C\" {{\n  customer \"Acme{c}Corp\"\n}}\n");
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("SLA0013", error.Code);
        Assert.Equal(new LinePosition(2, 17), error.Start);
        Assert.DoesNotContain(c, error.Message);
        Assert.Contains($"[U+{(int)c:X4}]", error.Message, StringComparison.Ordinal);
        _ = name;
    }

    [Fact]
    public void A_tab_in_quoted_text_is_allowed()
    {
        ParseAssert.NoErrors("contract \"C\" {\n  customer \"Acme\tCorp\"\n}\n");
    }

    [Fact]
    public void A_bidi_override_in_a_comment_is_a_located_error()
    {
        var error = Assert.Single(ParseAssert.Parse("contract \"C\" { # admin\u202E }\n}\n").Diagnostics);
        Assert.Equal("SLA0013", error.Code);
        Assert.Contains("comment", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contract \"C\u001B[2J\" {\n  customer \"A\u202E\" extra \u001B words\n}\n")] // bad tokens quoted back in messages
    [InlineData("contract \"C\" {\n  \u001B]0;title\u0007 customer \"A\"\n}\n")] // a terminal title sequence outside quotes
    [InlineData("contract \"C\" {\n  customer \"A\"\n  provider\u2028\"B\"\n")] // a separator where a clause continues
    public void Rendered_diagnostics_never_carry_hidden_characters(string text)
    {
        var result = ContractParser.Parse(new SourceText("evil\u001B[31m.sla", text));
        Assert.NotEmpty(result.Diagnostics);
        foreach (var line in result.Diagnostics.Select(d => d.ToString()))
        {
            Assert.DoesNotContain(line, c => TextCharacters.IsHidden(c) || TextCharacters.IsLineBreak(c));
            Assert.StartsWith("evil[U+001B][31m.sla(", line, StringComparison.Ordinal);
        }
    }
}
