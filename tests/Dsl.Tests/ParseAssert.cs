using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>Wraps a single clause in the smallest file that gives it its context, and returns the parsed clause.</summary>
internal static class ParseAssert
{
    public static ParseResult Parse(string text) => ContractParser.Parse(new SourceText("test.sla", text));

    public static ParseResult NoErrors(string text)
    {
        var result = Parse(text);
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        return result;
    }

    public static ContractSyntax Contract(string body) =>
        NoErrors($"contract \"C\" {{\n{body}\n}}\n").Root.Contracts.Single();

    public static T ContractClause<T>(string line) where T : ClauseSyntax => Assert.IsType<T>(Contract(line).Clauses.Single());

    public static T SlaClause<T>(string line) where T : ClauseSyntax =>
        Assert.IsType<T>(Contract($"sla s \"S\" {{\n{line}\n}}").Slas.Single().Clauses.Single());

    public static T TestClause<T>(string line) where T : ClauseSyntax =>
        Assert.IsType<T>(NoErrors($"test \"t\" for \"C\" {{\n{line}\n}}\n").Root.Tests.Single().Clauses.Single());

    /// <summary>The single diagnostic of a one-clause sla body.</summary>
    public static SlaKpiDsl.Dsl.Diagnostics.Diagnostic SlaError(string line)
    {
        var result = Parse($"contract \"C\" {{\nsla s \"S\" {{\n{line}\n}}\n}}\n");
        return Assert.Single(result.Diagnostics);
    }
}
