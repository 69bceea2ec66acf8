namespace SlaKpiDsl.Runtime.Tests.Data.Examples;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the first ancestor of the test binaries that holds SlaKpiDsl.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string ExampleData => Path.Combine(Root, "examples", "data");

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SlaKpiDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("SlaKpiDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
