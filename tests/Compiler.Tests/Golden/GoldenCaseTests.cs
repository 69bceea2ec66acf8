using SlaKpiDsl.Tests.Shared;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests.Golden;

/// <summary>
/// tests/cases/good/*.sla check without errors, tests/cases/bad/*.sla with at least one diagnostic; each case's
/// diagnostics (path as the file name) are pinned in its .verified.txt.
/// </summary>
public class GoldenCaseTests
{
    public static TheoryData<string> GoodCases() => Cases("good");

    public static TheoryData<string> BadCases() => Cases("bad");

    private static TheoryData<string> Cases(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Cases, folder), "*.sla").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    /// <summary>The diagnostics of a case as golden text: one line each, then a count line.</summary>
    public static string Render(string folder, string name)
    {
        var path = Path.Combine(RepositoryPaths.Cases, folder, name + ".sla");
        var result = ContractChecker.Check(new SourceText(name + ".sla", File.ReadAllText(path)));
        var lines = result.Diagnostics
            .OrderBy(d => d.Span.Start).ThenBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => d.ToString())
            .ToList();
        lines.Add($"{result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} errors, {result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)} warnings, {result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Info)} hints");
        return string.Join("\n", lines) + "\n";
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void GoodCaseHasNoDiagnostics(string name)
    {
        var actual = Render("good", name);
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Cases, "good", name + ".verified.txt"), actual);
        Assert.Equal("0 errors, 0 warnings, 0 hints\n", actual);
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public void BadCaseMatchesItsGolden(string name)
    {
        var actual = Render("bad", name);
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Cases, "bad", name + ".verified.txt"), actual);
        Assert.DoesNotContain("0 errors, 0 warnings, 0 hints", actual);
    }
}
