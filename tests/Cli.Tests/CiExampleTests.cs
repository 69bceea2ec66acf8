using System.Text.RegularExpressions;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// examples/ci/github-actions.yml runs as written on a fresh repository of contracts: its package source is the folder
/// its own setup note creates, its actions are current major versions, and every sla step succeeds on the examples.
/// (The tool install itself was tried by hand: dotnet pack into .sla/packages, dotnet tool install --add-source.)
/// </summary>
public sealed partial class CiExampleTests
{
    private static readonly string Workflow = File.ReadAllText(Path.Combine(TraceShapes.Root, "examples", "ci", "github-actions.yml"));

    [Fact]
    public void PackageSourceIsTheFolderTheSetupNoteCreates()
    {
        var source = AddSource().Match(Workflow);
        Assert.True(source.Success, "the install step names no --add-source");
        Assert.Contains($"dotnet pack <path to the sla source>/src/Cli -c Release -o {source.Groups[1].Value}", Workflow, StringComparison.Ordinal);
        Assert.DoesNotContain("artifacts/packages", Workflow, StringComparison.Ordinal); // a folder nothing in a contracts repository creates
    }

    [Theory]
    [InlineData("actions/checkout", 5)]
    [InlineData("actions/setup-dotnet", 5)]
    [InlineData("github/codeql-action/upload-sarif", 4)] // v3 is deprecated in December 2026
    public void ActionsAreCurrentMajorVersions(string action, int atLeast)
    {
        var uses = Regex.Match(Workflow, $@"uses: {Regex.Escape(action)}@v(\d+)");
        Assert.True(uses.Success, $"{action} is not used");
        Assert.True(int.Parse(uses.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= atLeast, $"{action}@v{uses.Groups[1].Value}");
    }

    [Fact]
    public void EverySlaStepSucceedsOnAFreshRepositoryOfContracts()
    {
        using var cli = new CliRunner();
        var examples = Path.Combine(TraceShapes.Root, "examples", "contracts");
        foreach (var file in Directory.GetFiles(examples, "*.sla", SearchOption.AllDirectories))
        {
            var target = Path.Combine(cli.Directory, "contracts", Path.GetRelativePath(examples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var steps = SlaRun().Matches(Workflow).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.True(steps.Count >= 2, "expected the check and fmt steps");
        foreach (var step in steps)
        {
            // Paths in the workflow are relative to the repository root: the scratch folder here.
            var args = step.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a is "contracts/" or "sla.sarif" ? Path.Combine(cli.Directory, a) : a).ToArray();
            var run = cli.Invoke(args);
            Assert.True(run.ExitCode == 0, $"sla {step}: exit {run.ExitCode}\n{run.Error}");
        }
        Assert.True(File.Exists(Path.Combine(cli.Directory, "sla.sarif")), "the check step writes the SARIF file the upload step reads");
    }

    [GeneratedRegex(@"--add-source (\S+)")]
    private static partial Regex AddSource();

    [GeneratedRegex(@"^\s+run: sla (.+)$", RegexOptions.Multiline)]
    private static partial Regex SlaRun();
}

/// <summary>
/// The packed tool's metadata (dotnet pack src/Cli): a licence expression and the readme, so pack warns about nothing
/// and a package browser shows both. Checked on the project file; `dotnet pack src/Cli -c Release` was run by hand
/// (0 warnings, README.md and the MIT expression in the .nuspec).
/// </summary>
public sealed class PackageMetadataTests
{
    [Fact]
    public void ToolProjectStatesLicenceAndReadme()
    {
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(TraceShapes.Root, "src", "Cli", "SlaKpiDsl.Cli.csproj"));
        string? Property(string name) => project.Descendants(name).FirstOrDefault()?.Value;
        Assert.Equal("MIT", Property("PackageLicenseExpression"));
        Assert.Equal("README.md", Property("PackageReadmeFile"));
        Assert.Contains(project.Descendants("None"), n => (string?)n.Attribute("Include") == "../../README.md" && (string?)n.Attribute("Pack") == "true");
        Assert.False(string.IsNullOrWhiteSpace(Property("Description")));
    }
}
