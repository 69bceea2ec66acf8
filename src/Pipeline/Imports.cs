using SlaKpiDsl.Import;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// <c>sla import</c> through the pipeline: the export's source named by its word, a proposed map, and the import
/// itself, all done by src/Import (<see cref="Importer"/>, <see cref="MapProposer"/>); nothing is re-implemented here.
/// </summary>
public static class Imports
{
    /// <summary>The file that lists rejected records (with <see cref="ImportRequest.KeepGoing"/>).</summary>
    public const string RejectsFile = Importer.RejectsFile;

    /// <summary>The source named <paramref name="word"/> (pagerduty, statuspage, csv, jsonl), or null.</summary>
    public static ImportSource? ParseSource(string word) => MapProposer.ParseSource(word);

    /// <summary>A proposed mapping file (TOML) from the names seen in <paramref name="files"/>.</summary>
    public static string ProposeMap(ImportSource source, IReadOnlyList<string> files) => MapProposer.Propose(source, files);

    /// <summary>Reads the map and imports (all or nothing unless <see cref="ImportRequest.KeepGoing"/>).</summary>
    public static ImportResult Run(ImportRequest request) => Importer.Run(request);
}
