using SlaKpiDsl.Cli;
using SlaKpiDsl.Compiler;

namespace SlaKpiDsl.Import.Tests;

/// <summary>A scratch folder for one test (deleted afterwards), with <c>sla</c> run in-process inside it.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sla-import-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    public string Write(string relative, string text)
    {
        var path = Path(relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public sealed record Run(int ExitCode, string Output, string Error);

    public Run Sla(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var services = new CliServices(ContractChecker.Check, CliServices.DefaultFormatter, Directory, ColourAllowed: false)
        {
            CacheDirectory = Path("cache"),
        };
        var code = Program.Run(args, output, error, services);
        return new Run(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
