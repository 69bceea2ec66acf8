using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Runtime.Caching;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>How a cached directory load was answered.</summary>
public enum DataSnapshotOutcome
{
    /// <summary>Read from a verified snapshot: no data file was parsed.</summary>
    Hit,
    /// <summary>Parsed; the clean result was stored as a snapshot.</summary>
    Stored,
    /// <summary>Parsed and not stored: the load had errors (or anything in its log), a file changed while it was read, or the write failed.</summary>
    NotStored,
    /// <summary>Parsed without the cache: its folder or key was refused (a <see cref="CacheNote"/> says why).</summary>
    CacheDisabled,
    /// <summary>Parsed, incidents into columns, and not stored: the incidents file is larger than <see cref="DataSnapshotCache.LargestIncidentsFileBytes"/>.</summary>
    IncidentsTooLarge,
}

/// <summary>
/// <see cref="DataDirectory.Load"/> with snapshots kept in a folder (beside the evaluator cache). A snapshot's key is
/// the SHA-256 of the loader's identity (this assembly's version and MVID, the snapshot layout) and, for each data file
/// found, its kind, name and the SHA-256 of its bytes: any changed, added, removed or renamed file gives another key,
/// so a snapshot is never used for data it was not made from. The snapshot keeps the load's data hash
/// (<see cref="DataSetLoad.Sha256"/>) under the same MAC, so a hit returns it too. Only a load with an empty log (no error, no row left
/// out) is stored, so bad data is always parsed and reported with its file, line and field. Writes are atomic (temp
/// file renamed over the entry). Every snapshot carries the user's keyed MAC (<see cref="CacheAuthenticator"/>) over
/// its key and content: a corrupt, forged or renamed snapshot is refused with a note, the data is parsed again and the
/// snapshot rewritten. A folder that is not this user's alone (<see cref="OwnerOnlyFolder"/>), or an unusable key
/// file, turns the cache off for the run with a warning; a failed write is a warning too. Only the default load
/// options are cached (a zone, range or lenient load is parsed every time).
/// </summary>
public sealed class DataSnapshotCache
{
    private const string Layout = "sla-data-snapshot/3";
    private static readonly string LoaderIdentity =
        $"{Layout}|{typeof(DataSnapshot).Assembly.GetName().Version}|{typeof(DataSnapshot).Assembly.ManifestModule.ModuleVersionId}";

    private readonly string _keyFile;
    private readonly Action<CacheNote> _notes;
    private readonly Lazy<CacheAuthenticator?> _authenticator;

    /// <summary>Snapshots in <paramref name="directory"/> authenticated with the user's default key file; notes are dropped.</summary>
    public DataSnapshotCache(string directory)
        : this(directory, CacheAuthenticator.DefaultKeyFile(Environment.GetEnvironmentVariable), notes: null)
    {
    }

    /// <summary>Snapshots in <paramref name="directory"/> authenticated with <paramref name="keyFile"/>; each rejection or warning goes to <paramref name="notes"/>.</summary>
    public DataSnapshotCache(string directory, string keyFile, Action<CacheNote>? notes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFile);
        Directory = Path.GetFullPath(directory);
        _keyFile = keyFile;
        _notes = notes ?? (_ => { });
        _authenticator = new Lazy<CacheAuthenticator?>(Open);
    }

    public string Directory { get; }

    private CacheAuthenticator? Open()
    {
        if (OwnerOnlyFolder.Ensure(Directory) is { } problem)
        {
            _notes(new CacheNote(CacheNoteKind.CacheDisabled, $"folder '{Directory}'", problem));
            return null;
        }
        var authenticator = CacheAuthenticator.Open(_keyFile, out var refusal);
        if (refusal is not null) _notes(refusal);
        return authenticator;
    }

    /// <summary>The entry file of a key (for tests and the docs).</summary>
    public string EntryPath(ReadOnlySpan<byte> key) => Path.Combine(Directory, Convert.ToHexStringLower(key) + ".sladata");

    /// <summary>
    /// The largest incidents file whose directory is kept as a snapshot (the size from which a CSV file is parsed on every
    /// core). A directory with a larger one is never stored: its incidents are parsed into columns on every run
    /// (<see cref="DataSnapshotOutcome.IncidentsTooLarge"/>), which costs less than reading a snapshot of them back as
    /// objects (the 10M-incident fleet's snapshot was 1.2 GB; the run writing it peaked at 10.5 GB, a hit at 5.1 GB).
    /// </summary>
    public const long LargestIncidentsFileBytes = ParallelCsvReader.MinimumFileBytes;

    /// <summary>Loads <paramref name="dataDirectory"/> as <see cref="DataDirectory.Load"/> does with the default options; throws only for I/O failures.</summary>
    /// <param name="incidentsInColumns">
    /// The incidents in an <see cref="IncidentTable"/> (<see cref="DataSet.IncidentTable"/>), as <see cref="DataDirectory.Load"/> with
    /// it: a snapshot's incidents (objects) are put in columns after the read; a directory whose incidents file is larger
    /// than <see cref="LargestIncidentsFileBytes"/> is parsed, incidents straight into columns, and never stored.
    /// </param>
    /// <param name="hashed">
    /// False: a load that is parsed and not stored (an incidents file too large for a snapshot) computes no data hash
    /// (<see cref="DataLoadOptions.Hashed"/>); a load that may be stored, and a hit, always carry theirs.
    /// </param>
    public DataSetLoad Load(string dataDirectory, out DataSnapshotOutcome outcome, bool incidentsInColumns = false, bool hashed = true)
    {
        var load = Load(dataDirectory, out outcome, incidentsInColumns ? LargestIncidentsFileBytes : long.MaxValue, hashed);
        if (!incidentsInColumns || load.Data.IncidentTable is not null) return load;
        return load with { Data = load.Data with { Incidents = [], IncidentTable = IncidentTable.Of(load.Data.Incidents) } };
    }

    private DataSetLoad Load(string dataDirectory, out DataSnapshotOutcome outcome, long largestIncidentsFile, bool hashed)
    {
        if (!System.IO.Directory.Exists(dataDirectory)) throw new DirectoryNotFoundException($"Data directory not found: {dataDirectory}");
        var probe = new DataErrorLog();
        var files = DataDirectory.FindFiles(dataDirectory, probe);
        var columns = largestIncidentsFile != long.MaxValue;
        if (probe.HasErrors)
        {
            outcome = DataSnapshotOutcome.NotStored; // unknown or conflicting files: the loader reports them
            return DataDirectory.Load(dataDirectory, DataLoadOptions.Default, columns);
        }
        if (files.TryGetValue(DataKind.Incidents, out var incidentsFile) && DataFile.LengthOf(incidentsFile) > largestIncidentsFile)
        {
            outcome = DataSnapshotOutcome.IncidentsTooLarge;
            return DataDirectory.Load(dataDirectory, hashed ? DataLoadOptions.Default : DataLoadOptions.Default with { Hashed = false }, incidentsInColumns: true);
        }
        if (_authenticator.Value is not { } authenticator)
        {
            outcome = DataSnapshotOutcome.CacheDisabled;
            return DataDirectory.Load(dataDirectory, DataLoadOptions.Default, columns);
        }
        // FilesRead in the loader's order: incidents, maintenance, alerts, requests, deployments.
        var inOrder = ImmutableArray.CreateBuilder<string>(files.Count);
        foreach (var kind in DataDirectory.Kinds.AsSpan())
            if (files.TryGetValue(kind, out var file)) inOrder.Add(file);
        var read = inOrder.ToImmutable();
        var key = Key(files);
        var path = EntryPath(key);
        if (TryReadEntry(path, key, authenticator) is { } cached)
        {
            outcome = DataSnapshotOutcome.Hit;
            return new DataSetLoad(cached.Data, new DataErrorLog(), Lenient: false, read, cached.Sha256);
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
        outcome = WriteAtomically(path, DataSnapshot.Write(load.Data, load.Sha256 ?? throw new InvalidOperationException("a default load is hashed"), key, authenticator)) ? DataSnapshotOutcome.Stored : DataSnapshotOutcome.NotStored;
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

    private (DataSet Data, string Sha256)? TryReadEntry(string path, byte[] key, CacheAuthenticator authenticator)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // no entry: parse
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _notes(new CacheNote(CacheNoteKind.EntryRejected, $"data snapshot '{Path.GetFileName(path)}'", $"cannot be read ({e.Message}); data parsed again"));
            return null;
        }
        var data = DataSnapshot.TryRead(bytes, key, authenticator, out var problem);
        if (problem is not null)
            _notes(new CacheNote(CacheNoteKind.EntryRejected, $"data snapshot '{Path.GetFileName(path)}'", problem + "; data parsed again"));
        return data;
    }

    /// <summary>Temp file in the same folder, flushed, then renamed over <paramref name="path"/>: readers see old, new or nothing. False (after a warning) when it could not be written.</summary>
    private bool WriteAtomically(string path, byte[] bytes)
    {
        var temp = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFolder.PrivateFileMode;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder or a full disk; on Windows, another process reading the entry it wrote (same key, same data).
            _notes(new CacheNote(CacheNoteKind.NotStored, $"data snapshot '{Path.GetFileName(path)}'", $"could not be written ({e.Message})"));
            return false;
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing was written, or the folder refuses changes: there is nothing to clean.
            }
        }
    }
}
