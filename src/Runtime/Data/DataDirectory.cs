using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// The result of loading a data directory. <see cref="Succeeded"/>: strict loads succeed only without any error;
/// lenient loads succeed unless a file-level error (<see cref="DataErrorCodes.FileLevel"/>) made a whole file unusable,
/// and then <see cref="Log"/> says how many rows were left out and why. <see cref="Sha256"/>: the lower-case hex SHA-256
/// over the data files read, in name order, each as <c>name\nlength\n</c> followed by its bytes, computed by the loader
/// from the very bytes it parsed (docs/reports.md, the statement footer; <see cref="DataDigest"/>); null when the load was
/// asked not to hash (<see cref="DataLoadOptions.Hashed"/>).
/// </summary>
public sealed record DataSetLoad(DataSet Data, DataErrorLog Log, bool Lenient, ImmutableArray<string> FilesRead, string? Sha256)
{
    public bool Succeeded => !Log.HasErrors || (Lenient && !DataErrorCodes.FileLevel.Any(Log.ErrorsByCode.ContainsKey));
}

/// <summary>
/// The data directory convention: a folder with <c>incidents</c>, <c>maintenance</c>, <c>alerts</c>, <c>requests</c>
/// and <c>deployments</c> files, each <c>.csv</c> or <c>.jsonl</c> (<c>.ndjson</c>), any of them absent. This is what
/// <c>sla evaluate --data DIR</c> loads. Other files are not read (<see cref="FilesNotRead"/> lists them for a warning);
/// a .csv/.jsonl with another name is an error, since a misspelt name would silently drop a kind of evidence.
/// </summary>
public static class DataDirectory
{
    public static ImmutableArray<DataKind> Kinds { get; } = [DataKind.Incidents, DataKind.Maintenance, DataKind.Alerts, DataKind.Requests, DataKind.Deployments];

    public static string FileStem(DataKind kind) => kind switch
    {
        DataKind.Incidents => IncidentFormat.Instance.FileStem,
        DataKind.Maintenance => MaintenanceFormat.Instance.FileStem,
        DataKind.Alerts => AlertFormat.Instance.FileStem,
        DataKind.Requests => RequestSliceFormat.Instance.FileStem,
        _ => DeploymentFormat.Instance.FileStem,
    };

    /// <summary>Loads every data file of <paramref name="directory"/>; throws only for I/O failures (missing directory, unreadable file).</summary>
    /// <param name="incidentsInColumns">
    /// The incidents into an <see cref="IncidentTable"/> (<see cref="DataSet.IncidentTable"/>, every column; a large CSV file
    /// parsed on every core, each chunk into columns as it is parsed) instead of objects: the same rows, errors and hash.
    /// </param>
    public static DataSetLoad Load(string directory, DataLoadOptions? options = null, bool incidentsInColumns = false)
    {
        options ??= DataLoadOptions.Default;
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Data directory not found: {directory}");
        var log = new DataErrorLog(options.MaxErrorsKept);
        var files = FindFiles(directory, log);
        // Files are read in name order, as the hash takes them, each into its own log; the logs are joined in kind order
        // (incidents, maintenance, alerts, requests, deployments), so errors are listed as a load in that order lists them.
        using var digest = options.Hashed ? new DataDigest() : null;
        var logs = new Dictionary<DataKind, DataErrorLog>();
        var records = new Dictionary<DataKind, object>();
        foreach (var (kind, path) in files.Where(f => options.Reads(f.Key)).OrderBy(f => Path.GetFileName(f.Value), StringComparer.Ordinal))
        {
            var fileLog = logs[kind] = new DataErrorLog(options.MaxErrorsKept);
            records[kind] = kind switch
            {
                DataKind.Incidents => incidentsInColumns ? DataFile.LoadIncidentTable(path, fileLog, options, options.IncidentColumns, digest)
                    : (object)DataFile.Load(IncidentFormat.Instance, path, fileLog, options, digest),
                DataKind.Maintenance => DataFile.Load(MaintenanceFormat.Instance, path, fileLog, options, digest),
                DataKind.Alerts => DataFile.Load(AlertFormat.Instance, path, fileLog, options, digest),
                DataKind.Requests => options.RequestsInColumns ? DataFile.LoadRequestSliceTable(path, fileLog, options, digest)
                    : DataFile.Load(RequestSliceFormat.Instance, path, fileLog, options, digest),
                _ => (object)DataFile.Load(DeploymentFormat.Instance, path, fileLog, options, digest),
            };
        }
        var read = ImmutableArray.CreateBuilder<string>();
        foreach (var kind in Kinds.Where(k => files.ContainsKey(k) && options.Reads(k)))
        {
            log.Append(logs[kind]);
            read.Add(files[kind]);
        }
        ImmutableArray<T> Of<T>(RecordFormat<T> format) where T : class => records.TryGetValue(format.Kind, out var r) && r is ImmutableArray<T> objects ? objects : [];
        var data = new DataSet(
            Of(IncidentFormat.Instance),
            Of(MaintenanceFormat.Instance),
            Of(AlertFormat.Instance),
            Of(RequestSliceFormat.Instance),
            Of(DeploymentFormat.Instance))
        {
            IncidentTable = incidentsInColumns ? records.TryGetValue(DataKind.Incidents, out var table) ? (IncidentTable)table : IncidentTable.Empty : null,
            RequestTable = options.RequestsInColumns ? records.TryGetValue(DataKind.Requests, out var slices) ? (RequestSliceTable)slices : RequestSliceTable.Of([]) : null,
        };
        return new DataSetLoad(data, log, options.Lenient, read.ToImmutable(), digest?.Finish());
    }

    /// <summary>
    /// The files of <paramref name="directory"/> that a load does not read and that are not plainly documentation:
    /// anything but a data file, a hidden file, *.md or *.txt (incidents.json, requests.tsv, incidents.csv.gz). A user
    /// who put evidence there would otherwise never learn it was not counted. Sub-folders are not listed (imports/).
    /// </summary>
    public static ImmutableArray<string> FilesNotRead(string directory)
    {
        var listed = ImmutableArray.CreateBuilder<string>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (DataFile.FormatOf(path) is not null || name.StartsWith('.')) continue;
            if (Path.GetExtension(name).ToLowerInvariant() is ".md" or ".txt") continue;
            listed.Add(path);
        }
        return listed.ToImmutable();
    }

    /// <summary>The file of each kind present in the directory; reports two files of one kind and unknown data files.</summary>
    public static IReadOnlyDictionary<DataKind, string> FindFiles(string directory, DataErrorLog log)
    {
        var found = new Dictionary<DataKind, string>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (DataFile.FormatOf(path) is null) continue;
            var stem = Path.GetFileNameWithoutExtension(path);
            // The credits ledger lies beside the data but is not evidence: the pipeline reads it (CreditsLedgerFormat).
            if (string.Equals(stem, CreditsLedgerFormat.Instance.FileStem, StringComparison.OrdinalIgnoreCase)) continue;
            if (KindOf(stem) is not { } k)
            {
                log.Add(new DataError(path, 0, null, DataErrorCodes.UnknownFile,
                    $"'{Path.GetFileName(path)}' is not a data file name; use {string.Join(", ", Kinds.Select(FileStem))} with .csv or .jsonl."));
                continue;
            }
            if (found.TryGetValue(k, out var other))
            {
                log.Add(new DataError(path, 0, null, DataErrorCodes.ConflictingFiles,
                    $"Both '{Path.GetFileName(other)}' and '{Path.GetFileName(path)}' hold {stem}; keep one."));
                continue;
            }
            found[k] = path;
        }
        return found;
    }

    /// <summary>The kind whose file stem <paramref name="stem"/> is (any case), or null. A loop, not LINQ over nullable kinds: each generic instantiation over a value type is code the JIT compiles on first use.</summary>
    private static DataKind? KindOf(string stem)
    {
        foreach (var kind in Kinds.AsSpan())
            if (string.Equals(FileStem(kind), stem, StringComparison.OrdinalIgnoreCase)) return kind;
        return null;
    }
}
