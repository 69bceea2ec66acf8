using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>A loaded data directory: its records, and the SHA-256 of the files as the loader read them (<see cref="DataSetLoad.Sha256"/>).</summary>
public sealed record LoadedData(DataSet Data, string? Sha256)
{
    /// <summary>Credits already granted outside the data (credits.csv beside it), empty when there is none.</summary>
    public ImmutableArray<LedgerCredit> CreditsLedger { get; init; } = [];

    /// <summary>
    /// What contracts are evaluated on: the incidents in columns (<see cref="DataSet.IncidentTable"/>, as the loader put them),
    /// read by column by every evaluator whose facts say so and made into objects only for what needs them (see
    /// <see cref="ContractInputs"/>); every other kind as objects.
    /// </summary>
    public ContractInputs Inputs(EvaluationPeriod period, Instant asOf) =>
        new(new EvaluationInput(period, asOf, Data.IncidentTable is null ? Data.Incidents : [], Data.Maintenance, Data.Alerts,
            Data.RequestTable is null ? Data.Requests : [], Data.Deployments) { CreditsLedger = CreditsLedger }, Data.IncidentTable, Data.RequestTable);
}

/// <summary>
/// Step four: the data directory's records and their hash, through the data snapshot cache beside the evaluator cache
/// when there is one (a clean load is stored with its hash; a changed file is another key). The hash is the loader's:
/// SHA-256 over the data files read, in name order, each as <c>name\nlength\n</c> followed by its bytes, computed from the
/// bytes the records were parsed from (never a second read that a writer could change in between), or on a snapshot
/// hit, the hash stored with the snapshot under its MAC. With a credits ledger beside the data (docs/data.md), the hash
/// a statement records covers it too: SHA-256 over <c>evidence-hash\nname\nlength\n</c> followed by the ledger's bytes
/// (the bytes it was parsed from), so a changed ledger is a changed data hash.
/// </summary>
public static class DataLoading
{
    /// <param name="options">
    /// What to read (<see cref="DataLoadOptions.Kinds"/>, <see cref="DataLoadOptions.IncidentColumns"/>,
    /// <see cref="DataLoadOptions.RequestsInColumns"/>); the default, every kind with every column. A load narrowed so is
    /// not a snapshot of the directory: it bypasses the data snapshot cache. <see cref="DataLoadOptions.Hashed"/> false (the
    /// commands that record no data hash): <see cref="LoadedData.Sha256"/> is null unless the snapshot cache gave or stored one.
    /// </param>
    public static Outcome<LoadedData> Load(string directory, PipelineServices services, DataLoadOptions? options = null)
    {
        options ??= DataLoadOptions.Default;
        if (!Directory.Exists(directory)) return new(null, [PipelineProblem.Error($"no such data directory: '{directory}'")]);
        var snapshots = options with { Hashed = true } == DataLoadOptions.Default ? services.Cache()?.DataSnapshots() : null;
        DataSetLoad load;
        try
        {
            // Incidents into columns (parsed on every core, hashed as parsed); a snapshot only for a small incidents file.
            load = snapshots is null ? DataDirectory.Load(directory, options, incidentsInColumns: true)
                : snapshots.Load(directory, out _, incidentsInColumns: true, hashed: options.Hashed);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A data file that cannot be read (a dangling link, no permission, changed while it was read) is the input's
            // problem, not a bug: said with the file the message names, exit 1.
            return new(null, [PipelineProblem.Error($"cannot read the data in '{directory}': {exception.Message}")]);
        }
        // The credits ledger (credits.csv or .jsonl) is read fresh on every run, beside the (possibly cached) evidence.
        ImmutableArray<LedgerCredit> ledger;
        string? sha256;
        try
        {
            (ledger, sha256) = LoadLedger(directory, load.Log, load.Sha256);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new(null, [PipelineProblem.Error($"cannot read the credits ledger in '{directory}': {exception.Message}")]);
        }
        // Every data error names its file, line and field; none is skipped silently.
        if (!load.Log.HasErrors) return new(new LoadedData(load.Data, sha256) { CreditsLedger = ledger }, []);
        var problem = PipelineProblem.Data(load.Log, load.Succeeded);
        return new(load.Succeeded ? new LoadedData(load.Data, sha256) { CreditsLedger = ledger } : null, [problem]);
    }

    /// <summary>
    /// The incident columns <paramref name="contracts"/> need: the downtime kernel's when every one reads incidents only
    /// through the incident table's kernel (<see cref="ContractFacts.ReadsIncidentTable"/>), else every column.
    /// </summary>
    public static IncidentColumns IncidentColumnsFor(IEnumerable<ICompiledContract> contracts) =>
        contracts.All(c => Evaluators.FactsOf(c).ReadsIncidentTable) ? IncidentColumns.DowntimeKernel : IncidentColumns.All;

    /// <summary>The ledger file of <paramref name="directory"/> (credits.csv, .jsonl or .ndjson; two of them is DATA016), its errors added to <paramref name="log"/>.</summary>
    /// <remarks>Returns the ledger and the data hash with the ledger's bytes folded in (<paramref name="evidenceSha256"/> unchanged without a ledger; null when the evidence was not hashed).</remarks>
    private static (ImmutableArray<LedgerCredit> Ledger, string? Sha256) LoadLedger(string directory, DataErrorLog log, string? evidenceSha256)
    {
        var stem = CreditsLedgerFormat.Instance.FileStem;
        var files = Directory.EnumerateFiles(directory)
            .Where(p => DataFile.FormatOf(p) is not null && string.Equals(Path.GetFileNameWithoutExtension(p), stem, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return ([], evidenceSha256);
        if (files.Count > 1)
        {
            log.Add(new DataError(files[1], 0, null, DataErrorCodes.ConflictingFiles, $"two credits ledgers: '{Path.GetFileName(files[0])}' and '{Path.GetFileName(files[1])}'; keep one."));
            return ([], evidenceSha256);
        }
        // Read once: the records are parsed from the very bytes that are hashed.
        var path = files[0];
        var bytes = File.ReadAllBytes(path);
        string? sha256 = null;
        if (evidenceSha256 is not null)
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{evidenceSha256}\n{Path.GetFileName(path)}\n{bytes.Length}\n"));
            hash.AppendData(bytes);
            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        ImmutableArray<LedgerCredit> ledger;
        if (DataFile.FormatOf(path) == DataFileFormat.Csv)
        {
            using var text = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            ledger = [.. DataFile.ReadCsv(CreditsLedgerFormat.Instance, text, path, log)];
        }
        else
        {
            ledger = [.. DataFile.ReadJsonLines(CreditsLedgerFormat.Instance, new MemoryStream(bytes), path, log)];
        }
        return (ledger, sha256);
    }
}
