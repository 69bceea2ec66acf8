namespace SlaKpiDsl.Dsl.Tests;

/// <summary>Locates repository folders from the test binary (walks up to the folder holding SlaKpiDsl.sln).</summary>
internal static class TestPaths
{
    public static readonly string Root = FindRoot();

    public static string Examples => Path.Combine(Root, "examples", "contracts");

    public static string BadSyntaxCases => Path.Combine(Root, "tests", "cases", "bad", "syntax");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SlaKpiDsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
