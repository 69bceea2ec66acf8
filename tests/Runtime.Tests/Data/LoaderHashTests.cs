using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// The loader's data hash (<see cref="DataSetLoad.Sha256"/>, the statement footer's input-data hash) equals a SHA-256
/// computed here separately from the files, on every read path: streaming CSV, parallel CSV, JSON Lines, a parallel
/// attempt that falls back to the streaming reader, and a data snapshot hit.
/// </summary>
public sealed class LoaderHashTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sla-hash-data-").FullName;
    private readonly string _cache = Directory.CreateTempSubdirectory("sla-hash-cache-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_cache, recursive: true);
    }

    /// <summary>docs/reports.md: the data files in name order, each as name, '\n', length, '\n', bytes.</summary>
    private string SeparateSha256()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.GetFiles(_data).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            sha.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(path)}\n{bytes.Length}\n"));
            sha.AppendData(bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_data, name), text);

    private static string IncidentRow(int i) =>
        $"INC-{i},svc-{i % 13},{1 + i % 4},outage,2026-11-{1 + i % 28:D2}T{i % 23:D2}:{i % 60:D2}:00Z,2026-11-{1 + i % 28:D2}T{i % 23 + 1:D2}:{i % 60:D2}:00Z";

    /// <summary>A clean incidents.csv above <see cref="ParallelCsvReader.MinimumFileBytes"/> (about 5 MB).</summary>
    private string WriteLargeIncidents(Func<string, string>? change = null)
    {
        var text = new StringBuilder("id,service,severity,impact,started,resolved\n");
        for (var i = 0; i < 80_000; i++) text.Append(IncidentRow(i)).Append('\n');
        var path = Path.Combine(_data, "incidents.csv");
        File.WriteAllText(path, change is null ? text.ToString() : change(text.ToString()));
        Assert.True(new FileInfo(path).Length >= ParallelCsvReader.MinimumFileBytes);
        return path;
    }

    private const string Alerts = "{\"id\":\"A1\",\"service\":\"api\",\"raised\":\"2026-11-10T14:00:00Z\"}\n" +
        "{\"id\":\"A2\",\"service\":\"api\",\"raised\":\"2026-11-10T15:00:00Z\",\"acknowledged\":\"2026-11-10T15:04:00Z\"}\n";

    [Fact]
    public void Small_csv_files_hash_as_a_separate_sha256_of_their_bytes()
    {
        Write("incidents.csv", "id,service,severity,impact,started,resolved\nI1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\n");
        Write("deployments.csv", "id,service,start,end\nD1,api,2026-11-10T14:00:00Z,2026-11-10T14:10:00Z\n");
        var load = DataDirectory.Load(_data);
        Assert.False(load.Log.HasErrors, load.Log.Format());
        Assert.Single(load.Data.Incidents);
        Assert.Equal(SeparateSha256(), load.Sha256);
    }

    [Fact]
    public void Json_lines_files_hash_as_a_separate_sha256_of_their_bytes()
    {
        Write("alerts.jsonl", Alerts);
        Write("incidents.jsonl", "{\"id\":\"I1\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T14:00:00Z\"}\n");
        var load = DataDirectory.Load(_data);
        Assert.False(load.Log.HasErrors, load.Log.Format());
        Assert.Equal(2, load.Data.Alerts.Length);
        Assert.Single(load.Data.Incidents);
        Assert.Equal(SeparateSha256(), load.Sha256);
    }

    [Fact]
    public void A_large_incident_file_read_by_the_parallel_reader_hashes_as_a_separate_sha256()
    {
        Assert.True(Environment.ProcessorCount > 1, "the parallel path needs more than one core");
        var path = WriteLargeIncidents();
        Write("alerts.jsonl", Alerts);
        // This file is one the parallel reader answers for (not handed back to the streaming reader) ...
        using (var digest = new DataDigest())
            Assert.NotNull(ParallelCsvReader.TryRead(IncidentFormat.Instance, path, new DataErrorLog(), DataLoadOptions.Default, digest: digest));
        // ... and the loader's hash over it (and the JSON Lines file before it in name order) is the files' hash.
        var load = DataDirectory.Load(_data);
        Assert.False(load.Log.HasErrors, load.Log.Format());
        Assert.Equal(80_000, load.Data.Incidents.Length);
        Assert.Equal(SeparateSha256(), load.Sha256);
    }

    [Fact]
    public void A_parallel_attempt_handed_back_to_the_streaming_reader_leaves_no_trace_in_the_hash()
    {
        // A quote deep in the file: the parallel reader gives up after hashing earlier chunks; the streaming reader answers.
        var path = WriteLargeIncidents(text => text.Replace("INC-70000,svc-8,", "\"INC-70000\",svc-8,", StringComparison.Ordinal));
        using (var digest = new DataDigest())
            Assert.Null(ParallelCsvReader.TryRead(IncidentFormat.Instance, path, new DataErrorLog(), DataLoadOptions.Default, digest: digest));
        var load = DataDirectory.Load(_data);
        Assert.False(load.Log.HasErrors, load.Log.Format());
        Assert.Equal(80_000, load.Data.Incidents.Length);
        Assert.Equal(SeparateSha256(), load.Sha256);
    }

    [Fact]
    public void One_changed_byte_in_a_large_file_changes_the_hash()
    {
        var path = WriteLargeIncidents();
        var before = DataDirectory.Load(_data);
        var bytes = File.ReadAllBytes(path);
        var at = Array.IndexOf(bytes, (byte)'T', bytes.Length / 2) - 1; // the last digit of a day: 2026-11-0[1] -> another day
        bytes[at] = bytes[at] == (byte)'1' ? (byte)'2' : (byte)'1';
        File.WriteAllBytes(path, bytes);
        var after = DataDirectory.Load(_data);
        Assert.False(after.Log.HasErrors, after.Log.Format());
        Assert.NotEqual(before.Sha256, after.Sha256);
        Assert.Equal(SeparateSha256(), after.Sha256);
    }

    [Fact]
    public void A_snapshot_hit_returns_the_hash_of_the_load_it_was_stored_from()
    {
        Write("incidents.csv", "id,service,severity,impact,started,resolved\nI1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\n");
        Write("alerts.jsonl", Alerts);
        var cache = new DataSnapshotCache(_cache);
        var stored = cache.Load(_data, out var first);
        var hit = cache.Load(_data, out var second);
        Assert.Equal((DataSnapshotOutcome.Stored, DataSnapshotOutcome.Hit), (first, second));
        Assert.Equal(SeparateSha256(), stored.Sha256);
        Assert.Equal(SeparateSha256(), hit.Sha256);
        // A changed file is another key: parsed again, with the new bytes' hash.
        Write("alerts.jsonl", Alerts.Replace("15:04", "15:05", StringComparison.Ordinal));
        var changed = cache.Load(_data, out var third);
        Assert.Equal(DataSnapshotOutcome.Stored, third);
        Assert.NotEqual(hit.Sha256, changed.Sha256);
        Assert.Equal(SeparateSha256(), changed.Sha256);
    }
}
