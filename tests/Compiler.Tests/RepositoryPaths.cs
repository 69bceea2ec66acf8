namespace SlaKpiDsl.Compiler.Tests;

/// <summary>Finds the repository root (the folder holding SlaKpiDsl.sln) from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Cases => Path.Combine(Root, "tests", "cases");

    public static string Examples => Path.Combine(Root, "examples", "contracts");

    /// <summary>The published SLA texts (not run on the demo data: examples/published/README.md).</summary>
    public static string Published => Path.Combine(Root, "examples", "published");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
