using SlaKpiDsl.Tests.Shared;
using System.Text;
using System.Text.RegularExpressions;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>Golden syntax-error cases under tests/cases/bad/syntax: every diagnostic with its line, column, code and
/// message, the offending source line with a caret, and what was still parsed (showing recovery).</summary>
public sealed partial class SyntaxErrorGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(TestPaths.BadSyntaxCases, "*.sla").OrderBy(p => p, StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostics_match_the_golden_file(string name)
    {
        var path = Path.Combine(TestPaths.BadSyntaxCases, name + ".sla");
        var source = new SourceText(name + ".sla", File.ReadAllText(path));
        var result = ContractParser.Parse(source);
        Assert.NotEmpty(result.Diagnostics);
        GoldenFile.Verify(Path.Combine(TestPaths.BadSyntaxCases, name + ".verified.txt"), Render(source, result));
    }

    internal static string Render(SourceText source, ParseResult result)
    {
        var sb = new StringBuilder();
        foreach (var d in result.Diagnostics)
        {
            sb.Append(d).Append('\n');
            var start = d.Start;
            var line = source.GetLine(start.Line);
            sb.Append("    ").Append(line).Append('\n');
            var width = Math.Max(1, Math.Min(d.Span.Length, line.Length - start.Column + 1));
            sb.Append("    ").Append(' ', start.Column - 1).Append('^', width).Append('\n');
        }
        sb.Append("-- still parsed:\n");
        foreach (var member in result.Root.Members)
        {
            switch (member)
            {
                case ContractSyntax c:
                    sb.Append($"contract \"{c.Name.Value}\": {Kinds(c.Clauses)}\n");
                    foreach (var block in c.Clauses)
                    {
                        if (block is SlaSyntax s) sb.Append($"  sla {s.Name.Name}: {Kinds(s.Clauses)}\n");
                        if (block is KpiSyntax k) sb.Append($"  kpi {k.Name.Name}: {Kinds(k.Clauses)}\n");
                    }
                    break;
                case TestSyntax t:
                    sb.Append($"test \"{t.Name.Value}\": {Kinds(t.Clauses)}\n");
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Kinds(IEnumerable<ClauseSyntax> clauses)
    {
        var names = clauses.Select(c => c.GetType().Name.Replace("Syntax", "")).ToList();
        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }

    [Fact]
    public void Every_syntax_code_in_the_catalogue_has_a_golden_case()
    {
        var catalogue = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Dsl", "Diagnostics", "DiagnosticBuilder.cs"));
        var region = catalogue[catalogue.IndexOf("Syntax errors, SLA0001", StringComparison.Ordinal)..catalogue.IndexOf("(end of syntax errors)", StringComparison.Ordinal)];
        var codes = CodePattern().Matches(region).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(codes.Count >= 12, "found codes: " + string.Join(", ", codes));
        var golden = string.Concat(Directory.GetFiles(TestPaths.BadSyntaxCases, "*.verified.txt").Select(File.ReadAllText));
        foreach (var code in codes)
            Assert.True(golden.Contains($" {code}: ", StringComparison.Ordinal), $"no golden case reports {code}");
    }

    [Fact]
    public void Syntax_codes_are_unique_one_method_per_code()
    {
        var catalogue = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Dsl", "Diagnostics", "DiagnosticBuilder.cs"));
        var region = catalogue[catalogue.IndexOf("Syntax errors, SLA0001", StringComparison.Ordinal)..catalogue.IndexOf("(end of syntax errors)", StringComparison.Ordinal)];
        var used = Regex.Matches(region, "\"(SLA00\\d\\d)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(used.Count, used.Distinct().Count());
    }

    [GeneratedRegex("\"(SLA00\\d\\d)\"")]
    private static partial Regex CodePattern();
}
