using SlaKpiDsl.Compiler;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>Runs <c>sla</c> in-process with captured output, in a scratch folder that is deleted afterwards.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sla-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public Run Invoke(params string[] args) => Invoke(ContractChecker.Check, args);

    public Run Invoke(Func<SourceText, CheckResult> checker, params string[] args) => Invoke(checker, cacheCheckedSources: false, args);

    /// <summary>As <see cref="Invoke(Func{SourceText, CheckResult}, string[])"/>, optionally letting evaluate take evaluators from the cache by source text (as the real process does).</summary>
    public Run Invoke(Func<SourceText, CheckResult> checker, bool cacheCheckedSources, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // The evaluator cache lives in the scratch folder: tests never write into the user's cache.
        var services = new CliServices(checker, CliServices.DefaultFormatter, Directory, ColourAllowed: false)
        {
            CacheDirectory = Path.Combine(Directory, "cache"),
            CacheCheckedSources = cacheCheckedSources,
        };
        var code = Program.Run(args, output, error, services);
        return new Run(code, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } // best effort
    }

    public const string Clean = """
        contract "Clean" {
          time zone "UTC"
          fee 100.00 USD per month
          service api "API"
          sla availability "A" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credits capped at 10% of fee per month
          }
          kpi buffer "B" {
            target availability of api at least 99.95% per calendar month
            supports availability
          }
        }

        """;

    /// <summary>Clean minus the time zone: one SLA1006 warning.</summary>
    public static string Warning => Clean.Replace("  time zone \"UTC\"\n", "");

    /// <summary>Clean with an unknown service: one SLA0101 error at line 6.</summary>
    public static string Error => Clean.Replace("availability of api at least 99.9%", "availability of web at least 99.9%");
}
