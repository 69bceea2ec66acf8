using SlaKpiDsl.Dsl.Syntax;
using static SlaKpiDsl.Dsl.Tests.ParseAssert;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary><c>claims contact "..." portal "..." reference "..."</c>: how a customer claims a credit.</summary>
public sealed class ClaimChannelClauseTests
{
    [Fact]
    public void Parts_in_the_order_written()
    {
        var c = ContractClause<ClaimChannelClauseSyntax>("claims portal \"https://support.example.com/credits\" contact \"credits@example.com\" reference \"contract EX-1\"");
        Assert.Equal([ClaimChannelPart.Portal, ClaimChannelPart.Contact, ClaimChannelPart.Reference], c.Parts.Select(p => p.Part));
        Assert.Equal(["https://support.example.com/credits", "credits@example.com", "contract EX-1"], c.Parts.Select(p => p.Value.Value));
    }

    [Fact]
    public void One_part_is_enough_for_the_parser()
    {
        var c = ContractClause<ClaimChannelClauseSyntax>("claims contact \"credits@example.com\"");
        Assert.Equal(ClaimChannelPart.Contact, Assert.Single(c.Parts).Part);
    }

    [Theory]
    [InlineData("claims email \"credits@example.com\"")]   // not a part name
    [InlineData("claims")]                                // no part
    [InlineData("claims contact credits")]               // the value must be quoted
    public void Malformed_claims_clauses_are_located_errors(string line)
    {
        var result = Parse("contract \"C\" {\n  " + line + "\n}\n");
        var error = Assert.Single(result.Diagnostics, d => d.Severity == SlaKpiDsl.Dsl.Diagnostics.DiagnosticSeverity.Error);
        Assert.Equal(2, error.Start.Line);
    }

    [Fact]
    public void Formats_canonically_and_round_trips()
    {
        var text = "contract \"C\" {\n  claims   contact \"a@b.example\"   portal \"https://b.example\"\n}\n";
        var once = FormatterTests.Format(text);
        Assert.Contains("  claims contact \"a@b.example\" portal \"https://b.example\"\n", once, StringComparison.Ordinal);
        Assert.Equal(once, FormatterTests.Format(once));
    }
}
