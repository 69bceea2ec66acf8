using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Cli;

/// <summary>Reads and checks contract paths for the commands that go on to compile: errors stop them, warnings do not.</summary>
internal static class BoundContracts
{
    /// <summary>The contract files read in path order; <c>Failed</c> when any was missing or unreadable (reasons printed).</summary>
    public sealed record ReadFiles(IReadOnlyList<SourceText> Sources, bool Failed);

    /// <summary>The contracts of every file, in path order; null after printing the reasons when any file has errors or is missing.</summary>
    public static IReadOnlyList<BoundContract>? Load(string[] paths, CliServices services, TextWriter stderr) =>
        LoadWithFiles(paths, services, stderr)?.Select(c => c.Contract).ToList();

    /// <summary>As <see cref="Load"/>, with the file each contract was read from and that file's text.</summary>
    public static IReadOnlyList<(BoundContract Contract, string Path, string Text)>? LoadWithFiles(string[] paths, CliServices services, TextWriter stderr) =>
        Read(paths, services, stderr) is { } read ? CheckWithFiles(read, services, stderr) : null;

    /// <summary>Discovers and reads the files; null (after printing why) when there are no contract files at all.</summary>
    public static ReadFiles? Read(string[] paths, CliServices services, TextWriter stderr)
    {
        var discovery = ContractFiles.Discover(paths);
        var failed = false;
        foreach (var missing in discovery.Missing)
        {
            stderr.WriteLine($"error: no such file or folder: '{missing}'");
            failed = true;
        }
        if (discovery.Files.Count == 0 && discovery.Missing.Count == 0)
        {
            stderr.WriteLine($"error: no contract files (*.sla) under {string.Join(", ", paths.Select(p => $"'{p}'"))}");
            return null;
        }
        var sources = new List<SourceText>();
        foreach (var path in discovery.Files)
        {
            try
            {
                sources.Add(new SourceText(path, services.ReadText(path)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot read '{path}': {exception.Message}");
                failed = true;
            }
        }
        return new ReadFiles(sources, failed);
    }

    /// <summary>Checks the read files; null after printing the reasons when any has errors, or reading failed.</summary>
    public static IReadOnlyList<BoundContract>? Check(ReadFiles read, CliServices services, TextWriter stderr) =>
        CheckWithFiles(read, services, stderr)?.Select(c => c.Contract).ToList();

    /// <summary>As <see cref="Check"/>, with the file each contract was read from and that file's text.</summary>
    public static IReadOnlyList<(BoundContract Contract, string Path, string Text)>? CheckWithFiles(ReadFiles read, CliServices services, TextWriter stderr)
    {
        var failed = read.Failed;
        var contracts = new List<(BoundContract Contract, string Path, string Text)>();
        var colours = new TerminalColours(false);
        foreach (var source in read.Sources)
        {
            var result = services.Check(source);
            if (result.HasErrors || result.Model is null)
            {
                foreach (var diagnostic in result.Diagnostics) stderr.WriteLine(colours.Line(diagnostic));
                stderr.WriteLine($"error: '{source.Path}' has errors; run 'sla check' for the full report");
                failed = true;
                continue;
            }
            contracts.AddRange(result.Model.Contracts.Select(c => (c, source.Path, source.Text)));
        }
        var duplicates = contracts.GroupBy(c => c.Contract.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var name in duplicates) stderr.WriteLine($"error: contract \"{name}\" is defined more than once");
        return failed || duplicates.Count > 0 ? null : contracts;
    }
}
