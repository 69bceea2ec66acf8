using System.Text.RegularExpressions;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Tests;

/// <summary>examples/contracts/README.md names, per example, exactly the warnings it has; every example is listed.</summary>
public partial class ExamplesTests
{
    private static Dictionary<string, string[]> Documented()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Examples, "README.md"));
        var documented = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in readme)
        {
            var match = EntryPattern().Match(line);
            if (!match.Success) continue;
            var codes = match.Groups["codes"].Value.Trim();
            documented.Add(match.Groups["file"].Value, codes == "none" ? [] : [.. codes.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)]);
        }
        return documented;
    }

    [Fact]
    public void EveryExampleIsDocumentedOnce()
    {
        var files = ExampleFiles().ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, Documented().Keys.Order(StringComparer.Ordinal).ToList());
    }

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in ExampleFiles()) data.Add(file);
        return data;
    }

    /// <summary>Every example contract, in sub-folders too (published/), as its path relative to examples/contracts with '/'.</summary>
    private static IEnumerable<string> ExampleFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Examples, "*.sla", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryPaths.Examples, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleHasExactlyTheDocumentedWarnings(string file)
    {
        var result = ContractChecker.Check(file, File.ReadAllText(Path.Combine(RepositoryPaths.Examples, file)));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var actual = result.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal).ToArray();
        Assert.True(Documented().TryGetValue(file, out var expected), $"{file} is not in examples/contracts/README.md");
        Assert.Equal(expected, actual);
    }

    [GeneratedRegex(@"^- `(?<file>[^`]+\.sla)`: (?<codes>none|SLA[0-9]{4}(, SLA[0-9]{4})*)\.")]
    private static partial Regex EntryPattern();
}
