using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>A loaded data directory: its records, and when asked for, the SHA-256 of the files as read (see <see cref="DataLoading.LoadHashed"/>).</summary>
public sealed record LoadedData(DataSet Data, string? Sha256)
{
    public EvaluationInput Input(EvaluationPeriod period, Instant asOf) =>
        new(period, asOf, Data.Incidents, Data.Maintenance, Data.Alerts, Data.Requests, Data.Deployments);
}

/// <summary>
/// Step four: the data directory's records. <see cref="Load"/> goes through the data snapshot cache beside the evaluator
/// cache (a clean load is stored; a changed file is another key). <see cref="LoadHashed"/> reads each file's bytes
/// once, hashes them as they are, and parses those same bytes, so the hash is of exactly what was evaluated (never a
/// second read that a writer could change in between).
/// </summary>
public static class DataLoading
{
    public static Outcome<LoadedData> Load(string directory, PipelineServices services)
    {
        if (!Directory.Exists(directory)) return new(null, [PipelineProblem.Error($"no such data directory: '{directory}'")]);
        var snapshots = services.Cache()?.DataSnapshots();
        var load = snapshots is null ? DataDirectory.Load(directory, DataLoadOptions.Default) : snapshots.Load(directory, out _);
        return Result(load, null);
    }

    /// <summary>
    /// The records and the SHA-256 over the data files read, in name order, each as <c>name\nlength\n</c> followed by its
    /// bytes (docs/reports.md, the statement footer), computed from the bytes the records were parsed from.
    /// </summary>
    public static Outcome<LoadedData> LoadHashed(string directory)
    {
        if (!Directory.Exists(directory)) return new(null, [PipelineProblem.Error($"no such data directory: '{directory}'")]);
        var log = new DataErrorLog(DataLoadOptions.Default.MaxErrorsKept);
        var files = DataDirectory.FindFiles(directory, log);
        var bytes = new Dictionary<DataKind, byte[]>();
        foreach (var (kind, path) in files) bytes[kind] = File.ReadAllBytes(path);
        ImmutableArray<T> Parse<T>(RecordFormat<T> format) where T : class
        {
            if (!bytes.TryGetValue(format.Kind, out var content)) return [];
            var path = files[format.Kind];
            using var stream = new MemoryStream(content, writable: false);
            if (DataFile.FormatOf(path) == DataFileFormat.Csv)
            {
                using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return [.. DataFile.ReadCsv(format, text, path, log, DataLoadOptions.Default)];
            }
            return [.. DataFile.ReadJsonLines(format, stream, path, log, DataLoadOptions.Default)];
        }
        var data = new DataSet(Parse(IncidentFormat.Instance), Parse(MaintenanceFormat.Instance), Parse(AlertFormat.Instance),
            Parse(RequestSliceFormat.Instance), Parse(DeploymentFormat.Instance));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (kind, path) in files.OrderBy(f => f.Value, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(path)}\n{bytes[kind].Length}\n"));
            hash.AppendData(bytes[kind]);
        }
        var read = DataDirectory.Kinds.Where(files.ContainsKey).Select(k => files[k]).ToImmutableArray();
        return Result(new DataSetLoad(data, log, Lenient: false, read), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static Outcome<LoadedData> Result(DataSetLoad load, string? sha256)
    {
        // Every data error names its file, line and field; none is skipped silently.
        if (!load.Log.HasErrors) return new(new LoadedData(load.Data, sha256), []);
        var problem = PipelineProblem.Data(load.Log, load.Succeeded);
        return new(load.Succeeded ? new LoadedData(load.Data, sha256) : null, [problem]);
    }
}
