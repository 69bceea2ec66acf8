using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>How a cached directory load was answered.</summary>
public enum DataSnapshotOutcome
{
    /// <summary>Read from a verified snapshot: no data file was parsed.</summary>
    Hit,
    /// <summary>Parsed; the clean result was stored as a snapshot.</summary>
    Stored,
    /// <summary>Parsed and not stored: the load had errors (or anything in its log), or a file changed while it was read.</summary>
    NotStored,
}

/// <summary>
/// <see cref="DataDirectory.Load"/> with snapshots kept in a folder (beside the evaluator cache). A snapshot's key is
/// the SHA-256 of the loader's identity (this assembly's version and MVID, the snapshot layout) and, for each data file
/// found, its kind, name and the SHA-256 of its bytes: any changed, added, removed or renamed file gives another key,
/// so a snapshot is never used for data it was not made from. Only a load with an empty log (no error, no row left
/// out) is stored, so bad data is always parsed and reported with its file, line and field. Writes are atomic (temp
/// file renamed over the entry); a corrupt entry fails verification, is ignored and rewritten. Only the default load
/// options are cached (a zone, range or lenient load is parsed every time).
/// </summary>
public sealed class DataSnapshotCache(string directory)
{
    private const string Layout = "sla-data-snapshot/1";
    private static readonly string LoaderIdentity =
        $"{Layout}|{typeof(DataSnapshot).Assembly.GetName().Version}|{typeof(DataSnapshot).Assembly.ManifestModule.ModuleVersionId}";

    public string Directory { get; } = directory;

    /// <summary>The entry file of a key (for tests and the docs).</summary>
    public string EntryPath(ReadOnlySpan<byte> key) => Path.Combine(Directory, Convert.ToHexStringLower(key) + ".sladata");

    /// <summary>Loads <paramref name="dataDirectory"/> as <see cref="DataDirectory.Load"/> does with the default options; throws only for I/O failures.</summary>
    public DataSetLoad Load(string dataDirectory, out DataSnapshotOutcome outcome)
    {
        if (!System.IO.Directory.Exists(dataDirectory)) throw new DirectoryNotFoundException($"Data directory not found: {dataDirectory}");
        var probe = new DataErrorLog();
        var files = DataDirectory.FindFiles(dataDirectory, probe);
        if (probe.HasErrors)
        {
            outcome = DataSnapshotOutcome.NotStored; // unknown or conflicting files: the loader reports them
            return DataDirectory.Load(dataDirectory, DataLoadOptions.Default);
        }
        // FilesRead in the loader's order: incidents, maintenance, alerts, requests, deployments.
        var read = DataDirectory.Kinds.Where(files.ContainsKey).Select(k => files[k]).ToImmutableArray();
        var key = Key(files);
        var path = EntryPath(key);
        if (TryReadEntry(path, key) is { } cached)
        {
            outcome = DataSnapshotOutcome.Hit;
            return new DataSetLoad(cached, new DataErrorLog(), Lenient: false, read);
        }
        var load = DataDirectory.Load(dataDirectory, DataLoadOptions.Default);
        var clean = !load.Log.HasErrors && load.Log.RowsLeftOut == 0 && load.Log.RowsOutsideRange == 0 && load.Log.RowsExcludedByMap == 0
            && load.FilesRead.SequenceEqual(read);
        // The key was made from the bytes before parsing: store only if they are still the same bytes.
        if (!clean || !Key(DataDirectory.FindFiles(dataDirectory, new DataErrorLog())).AsSpan().SequenceEqual(key))
        {
            outcome = DataSnapshotOutcome.NotStored;
            return load;
        }
        WriteAtomically(path, DataSnapshot.Write(load.Data, key));
        outcome = DataSnapshotOutcome.Stored;
        return load;
    }

    private static byte[] Key(IReadOnlyDictionary<DataKind, string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(LoaderIdentity + "\n"));
        foreach (var kind in DataDirectory.Kinds)
        {
            if (!files.TryGetValue(kind, out var file)) continue;
            hash.AppendData(Encoding.UTF8.GetBytes($"{kind}|{Path.GetFileName(file)}|"));
            using var stream = File.OpenRead(file);
            hash.AppendData(SHA256.HashData(stream));
            hash.AppendData("\n"u8);
        }
        return hash.GetHashAndReset();
    }

    private static DataSet? TryReadEntry(string path, byte[] key)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null; // no entry (or unreadable): parse
        }
        return DataSnapshot.TryRead(bytes, key);
    }

    /// <summary>Temp file in the same folder, flushed, then renamed over <paramref name="path"/>: readers see old, new or nothing.</summary>
    private void WriteAtomically(string path, byte[] bytes)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // Another process holds the entry (it wrote the same key, hence the same data) or the disk is full: the load stands.
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only cache folder: the load stands, unsnapshotted.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
