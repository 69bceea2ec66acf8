using System.Reflection;
using System.Text.RegularExpressions;
using SlaKpiDsl.Compiler.Rules;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests;

/// <summary>The one catalogue: codes unique, in their ranges, titled, each rule's constant matching, each code covered by a bad case.</summary>
public partial class CatalogueTests
{
    /// <summary>Calls every public factory of <see cref="DiagnosticBuilder"/> with placeholder arguments (bicep's approach).</summary>
    public static IReadOnlyList<(string Method, Diagnostic Diagnostic)> AllFactories()
    {
        var source = new SourceText("x.sla", "contract \"x\" { }");
        var list = new List<(string, Diagnostic)>();
        foreach (var method in typeof(DiagnosticBuilder).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(Diagnostic)))
        {
            var arguments = method.GetParameters().Select(p => Placeholder(p.ParameterType, source)).ToArray();
            list.Add((method.Name, (Diagnostic)method.Invoke(null, arguments)!));
        }
        return list;
    }

    private static object? Placeholder(Type type, SourceText source) =>
        type == typeof(SourceText) ? source
        : type == typeof(SourceSpan) ? new SourceSpan(0, 1)
        : type == typeof(string) ? "x"
        : type == typeof(char) ? 'x'
        : type == typeof(int) ? 1
        : type == typeof(decimal) ? 1m
        : type == typeof(IEnumerable<string>) ? new[] { "a" }
        : type.IsValueType ? Activator.CreateInstance(type)
        : throw new InvalidOperationException($"No placeholder for {type}");

    [Fact]
    public void EveryFactoryHasItsOwnCode()
    {
        var factories = AllFactories();
        Assert.True(factories.Count >= 40, $"only {factories.Count} factories found");
        var duplicates = factories.GroupBy(f => f.Diagnostic.Code).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(f => f.Method))}");
        Assert.Empty(duplicates);
    }

    [Fact]
    public void CodesAreInTheRangeOfTheirSeverity()
    {
        foreach (var (method, diagnostic) in AllFactories())
        {
            Assert.Matches(CodePattern(), diagnostic.Code);
            var number = int.Parse(diagnostic.Code[3..], System.Globalization.CultureInfo.InvariantCulture);
            var ok = number switch
            {
                >= 1 and <= 999 => diagnostic.Severity == DiagnosticSeverity.Error,
                >= 1000 and <= 1999 => diagnostic.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Info,
                >= 2000 and <= 2099 => diagnostic.Severity == DiagnosticSeverity.Error, // scenario test failures (sla test)
                >= 9000 and <= 9999 => diagnostic.Severity == DiagnosticSeverity.Error,
                _ => false,
            };
            Assert.True(ok, $"{method} reports {diagnostic.Code} as {diagnostic.Severity}");
        }
    }

    [Fact]
    public void TitlesListExactlyTheSemanticAndLintCodes()
    {
        var codes = AllFactories().Select(f => f.Diagnostic.Code).ToHashSet();
        var semantic = codes.Where(c => string.CompareOrdinal(c, "SLA0100") >= 0 && string.CompareOrdinal(c, "SLA0999") <= 0).Order().ToList();
        var lint = codes.Where(c => c.StartsWith("SLA1", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(semantic, DiagnosticBuilder.SemanticTitles.Keys.Order().ToList());
        Assert.Equal(lint, DiagnosticBuilder.LintTitles.Keys.Order().ToList());
    }

    [Fact]
    public void EveryRuleConstantIsALintCodeAndRulesAreInCodeOrder()
    {
        var codes = LintRules.All.Select(r => r.Code).ToList();
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        foreach (var rule in LintRules.All)
        {
            Assert.True(DiagnosticBuilder.LintTitles.ContainsKey(rule.Code), rule.Code);
            var constant = rule.GetType().GetField("RuleCode", BindingFlags.Public | BindingFlags.Static)!;
            Assert.Equal(rule.Code, constant.GetValue(null));
        }
        // Every lint code but the unused-suppression hint and the template checker's three (a deviation in words, an
        // unused parameter, an amendment in words: findings about a template, an order form or an amendment, not about
        // one contract) is produced by exactly one rule.
        Assert.Equal(DiagnosticBuilder.LintTitles.Keys.Where(c => c is not ("SLA1900" or "SLA1075" or "SLA1076" or "SLA1095")).Order(), codes);
    }

    [Fact]
    public void EverySemanticAndLintCodeHasABadCase()
    {
        var goldens = string.Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Cases, "bad"), "*.verified.txt").Select(File.ReadAllText));
        var missing = DiagnosticBuilder.SemanticTitles.Keys.Concat(DiagnosticBuilder.LintTitles.Keys)
            .Where(code => !goldens.Contains($" {code}: ", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }

    [GeneratedRegex("^SLA[0-9]{4}$")]
    private static partial Regex CodePattern();
}
