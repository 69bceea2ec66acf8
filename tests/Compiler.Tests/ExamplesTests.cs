using System.Text.RegularExpressions;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Tests;

/// <summary>
/// The README of each example folder (examples/contracts, examples/published) names, per contract, exactly the warnings
/// it has; every contract is listed in its own folder's README.
/// </summary>
public partial class ExamplesTests
{
    /// <summary>The example folders, each with a README listing its contracts.</summary>
    private static readonly string[] Folders = [RepositoryPaths.Examples, RepositoryPaths.Published];

    /// <summary>Path relative to examples/ with '/' (e.g. <c>published/azure-dns.sla</c>) to the codes its README names.</summary>
    private static Dictionary<string, string[]> Documented()
    {
        var documented = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var folder in Folders)
        {
            foreach (var line in File.ReadAllLines(Path.Combine(folder, "README.md")))
            {
                var match = EntryPattern().Match(line);
                if (!match.Success) continue;
                var codes = match.Groups["codes"].Value.Trim();
                documented.Add(Path.GetFileName(folder) + "/" + match.Groups["file"].Value, codes == "none" ? [] : [.. codes.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)]);
            }
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

    /// <summary>Every example contract of both folders, in sub-folders too, as its path relative to examples/ with '/'.</summary>
    private static IEnumerable<string> ExampleFiles() =>
        Folders.SelectMany(folder => Directory.EnumerateFiles(folder, "*.sla", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Path.GetDirectoryName(RepositoryPaths.Examples)!, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleHasExactlyTheDocumentedWarnings(string file)
    {
        var result = ContractChecker.Check(file, File.ReadAllText(Path.Combine(RepositoryPaths.Root, "examples", file)));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var actual = result.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal).ToArray();
        Assert.True(Documented().TryGetValue(file, out var expected), $"{file} is not in its folder's README.md");
        Assert.Equal(expected, actual);
    }

    [GeneratedRegex(@"^- `(?<file>[^`]+\.sla)`: (?<codes>none|SLA[0-9]{4}(, SLA[0-9]{4})*)\.")]
    private static partial Regex EntryPattern();
}
