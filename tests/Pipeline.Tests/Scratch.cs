using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>A scratch folder (deleted afterwards) with its own evaluator cache, and the repository's paths.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sla-pipeline-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Services whose cache lives in the scratch folder: tests never write into the user's cache.</summary>
    public PipelineServices Services(bool cacheCheckedSources = false) => new()
    {
        Cache = () => new EvaluatorCache(Path.Combine(Directory, "cache")),
        CacheCheckedSources = cacheCheckedSources,
    };

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Folder(string relativePath) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, relativePath)).FullName;

    public static string Root { get; } = FindRoot();

    public static string Cases => Path.Combine(Root, "tests", "cases");

    public static string ExampleContracts => Path.Combine(Root, "examples", "contracts");

    public static string ExampleData => Path.Combine(Root, "examples", "data");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } // best effort
    }

    /// <summary>A contract of one shape: only its name, customer, fee and target differ between instances.</summary>
    public static string Customer(int i) => $$"""
        contract "Customer {{i}}" {
          provider "Provider Inc."
          customer "Customer {{i}} LLC"
          time zone "UTC"
          fee {{100 + i}}.00 USD per month
          service api "API"
          sla availability "Availability" {
            guarantee availability of api at least 99.{{i % 10}}% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.{{i % 10}}%
            credits capped at 10% of fee per month
          }
        }

        """;
}
