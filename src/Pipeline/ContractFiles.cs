using SlaKpiDsl.Compiler.Templates;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Finds the contract files a command works on: files as named, folders searched recursively for <c>*.sla</c> and for
/// customers tables (<c>*.orders.csv</c>: order forms of templates; a <c>.csv</c> named as a file is one too).
/// Paths keep the form the user typed them in (diagnostics print them verbatim); the result is sorted and distinct.
/// </summary>
public static class ContractFiles
{
    public sealed record Discovery(IReadOnlyList<string> Files, IReadOnlyList<string> Missing);

    public static Discovery Discover(IEnumerable<string> paths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.sla", SearchOption.AllDirectories)) files.Add(file);
                foreach (var file in Directory.EnumerateFiles(path, "*" + OrderFormTable.FileSuffix, SearchOption.AllDirectories)) files.Add(file);
            }
            else
            {
                missing.Add(path);
            }
        }
        return new Discovery([.. files], missing);
    }
}
