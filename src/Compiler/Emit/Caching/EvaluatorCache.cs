using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Caching;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;

namespace SlaKpiDsl.Compiler.Emit.Caching;

/// <summary>
/// Compiled evaluator assemblies on disk, one file per key: <c>&lt;key&gt;.sladll</c> holding a header (magic, format
/// version, payload length, keyed MAC) and the assembly bytes. Beside them, <c>&lt;source key&gt;.slasrc</c> files
/// (text: magic, entry key, semantic hashes, MAC) map byte-identical contract sources to their entry, so a hit can skip
/// parsing and binding. Invariants: every file carries the HMAC-SHA256, under the user's secret
/// (<see cref="CacheAuthenticator"/>, key file outside this folder), of its own key and its whole content, so an entry or
/// index that was changed, built outside sla, or copied under another key fails and is rebuilt with a note; the folder
/// must be this user's alone (<see cref="OwnerOnlyFolder"/>), else the cache is off for the run with a warning, as is a
/// cache whose folder or key cannot be used; a write that fails is a warning, never an error. An entry is written to a
/// temp file in the same folder and renamed over the final name, so readers (other processes, parallel CI jobs sharing
/// the folder) see a whole old entry, a whole new entry or none. This class holds no Roslyn type: a cache hit never
/// loads Microsoft.CodeAnalysis (a fresh-process test proves it); the compile callback is only invoked on a miss.
/// </summary>
public sealed class EvaluatorCache
{
    private const string Extension = ".sladll";
    private const string SourceIndexExtension = ".slasrc";
    private const string SourceIndexMagic = "slakpidsl-source-index/2";
    private const string EntryPurpose = "evaluator-entry";
    private const string SourceIndexPurpose = "source-index";
    private static readonly byte[] Magic = "SLAKPIDLL"u8.ToArray();
    private const byte FormatVersion = 2;
    private static readonly int HeaderLength = Magic.Length + 1 + 8 + CacheAuthenticator.MacLength;

    private readonly Action<CacheNote> _notes;
    private readonly Lazy<CacheAuthenticator?> _authenticator;

    /// <summary>The cache in <paramref name="directory"/>, authenticated with the user's default key file; notes are dropped.</summary>
    public EvaluatorCache(string directory)
        : this(directory, CacheAuthenticator.DefaultKeyFile(Environment.GetEnvironmentVariable), notes: null)
    {
    }

    /// <summary>The cache in <paramref name="directory"/>, authenticated with <paramref name="keyFile"/>; each rejection and warning goes to <paramref name="notes"/>.</summary>
    public EvaluatorCache(string directory, string keyFile, Action<CacheNote>? notes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFile);
        Directory = Path.GetFullPath(directory);
        KeyFile = Path.GetFullPath(keyFile);
        _notes = notes ?? (_ => { });
        _authenticator = new Lazy<CacheAuthenticator?>(Open);
    }

    /// <summary>The folder holding the entries (created owner-only on first use).</summary>
    public string Directory { get; }

    /// <summary>The file holding the user's secret that authenticates entries.</summary>
    public string KeyFile { get; }

    /// <summary>This cache with its notes sent to <paramref name="notes"/> (a command line prints them on stderr).</summary>
    public EvaluatorCache WithNotes(Action<CacheNote> notes) => new(Directory, KeyFile, notes);

    /// <summary>
    /// The data snapshot cache beside the entries (<c>data/</c>), with the same key and notes; null when this cache is
    /// off (a folder others may write could have its <c>data/</c> replaced too).
    /// </summary>
    public DataSnapshotCache? DataSnapshots() => Enabled ? new(Path.Combine(Directory, "data"), KeyFile, _notes) : null;

    /// <summary>False when the folder or key was refused (after a warning): nothing is read or written then.</summary>
    public bool Enabled => _authenticator.Value is not null;

    private CacheAuthenticator? Open()
    {
        if (OwnerOnlyFolder.Ensure(Directory) is { } problem)
        {
            _notes(new CacheNote(CacheNoteKind.CacheDisabled, $"folder '{Directory}'", problem));
            return null;
        }
        var authenticator = CacheAuthenticator.Open(KeyFile, out var refusal);
        if (refusal is not null) _notes(refusal);
        return authenticator;
    }

    /// <summary>Tells the user, once per entry, that it was refused (format, MAC, sandbox check or contracts) and is rebuilt.</summary>
    internal void Reject(EvaluatorCacheKey key, string reason)
    {
        lock (_rejected)
            if (!_rejected.Add(key.Hex)) return; // the source-key path and the compile path may both meet it in one run
        _notes(new CacheNote(CacheNoteKind.EntryRejected, $"entry {key.Hex[..16]}", reason + "; recompiled"));
    }

    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);

    /// <summary>The cache in <see cref="DefaultDirectory"/> for this process's environment.</summary>
    public static EvaluatorCache ForCurrentUser() => new(DefaultDirectory(Environment.GetEnvironmentVariable));

    /// <summary>
    /// <c>SLA_CACHE_DIR</c> if set; else on Linux and macOS <c>$XDG_CACHE_HOME/slakpidsl</c> or <c>~/.cache/slakpidsl</c>;
    /// else <c>%LOCALAPPDATA%/slakpidsl/cache</c>. The environment is passed in so tests need not mutate the process's.
    /// </summary>
    public static string DefaultDirectory(Func<string, string?> environment)
    {
        var overridden = environment("SLA_CACHE_DIR");
        if (!string.IsNullOrWhiteSpace(overridden)) return overridden;
        if (!OperatingSystem.IsWindows())
        {
            var xdg = environment("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "slakpidsl");
            var home = environment("HOME");
            if (string.IsNullOrWhiteSpace(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (!string.IsNullOrWhiteSpace(home)) return Path.Combine(home, ".cache", "slakpidsl");
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "slakpidsl", "cache");
    }

    /// <summary>The identity of this compiler build and of the runtime it compiles against (version and module MVID).</summary>
    public static string ToolIdentity { get; } = Identity(typeof(EvaluatorCache).Assembly) + "|" + Identity(typeof(ICompiledContract).Assembly);

    /// <summary>Key for <paramref name="semanticContent"/> (canonical bound contract or generated source) under this build.</summary>
    public static EvaluatorCacheKey KeyFor(string semanticContent) => KeyFor(semanticContent, ToolIdentity);

    /// <summary>Key for content under an explicit tool identity: a new compiler or runtime build means a new key.</summary>
    public static EvaluatorCacheKey KeyFor(string semanticContent, string toolIdentity)
    {
        ArgumentNullException.ThrowIfNull(semanticContent);
        ArgumentNullException.ThrowIfNull(toolIdentity);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData("slakpidsl-evaluator-cache/1\n"u8);
        foreach (var part in new[] { toolIdentity, semanticContent })
        {
            // A length prefix keeps (identity, content) pairs unambiguous.
            sha.AppendData(BitConverter.GetBytes(part.Length));
            sha.AppendData(MemoryMarshal.AsBytes(part.AsSpan()));
        }
        return new EvaluatorCacheKey(Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public string EntryPath(EvaluatorCacheKey key) => Path.Combine(Directory, key.Hex + Extension);

    /// <summary>
    /// The entry for <paramref name="key"/> if it is on disk and authenticates; otherwise calls <paramref name="compile"/>
    /// (typically a lambda around <see cref="EvaluatorCompiler.CompileBatch(IReadOnlyList{GeneratedSource})"/>), stores
    /// a successful result atomically and returns it. The bytes of a hit are authentic, not yet sandbox-checked: load
    /// them with <see cref="EvaluatorAssembly.TryLoad"/>.
    /// </summary>
    public CacheLookup GetOrCompile(EvaluatorCacheKey key, Func<CompileResult> compile)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(compile);
        var path = EntryPath(key);
        if (!Enabled)
        {
            var uncached = compile();
            return new CacheLookup(uncached.Succeeded ? CacheOutcome.Disabled : CacheOutcome.Failed, uncached.AssemblyBytes, uncached.Diagnostics, path);
        }
        var (found, bytes) = TryRead(key);
        if (bytes is not null) return new CacheLookup(CacheOutcome.Hit, bytes, [], path);

        var result = compile();
        if (!result.Succeeded) return new CacheLookup(CacheOutcome.Failed, null, result.Diagnostics, path);
        Store(key, result.AssemblyBytes!);
        return new CacheLookup(found ? CacheOutcome.RebuiltCorrupt : CacheOutcome.Compiled, result.AssemblyBytes, result.Diagnostics, path);
    }

    /// <summary>Writes the entry (a no-op when the cache is off): temp file in the same folder, flushed, then renamed over the final name.</summary>
    public void Store(EvaluatorCacheKey key, byte[] assemblyBytes)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(assemblyBytes);
        if (_authenticator.Value is not { } authenticator) return;
        var path = EntryPath(key);
        WriteAtomically(key, path, [Header(key, assemblyBytes, authenticator), assemblyBytes],
            () => TryRead(key, quiet: true).Payload is { } existing && existing.AsSpan().SequenceEqual(assemblyBytes));
    }

    public string SourceIndexPath(EvaluatorCacheKey sourceKey) => Path.Combine(Directory, sourceKey.Hex + SourceIndexExtension);

    /// <summary>
    /// Records that the contract sources hashed into <paramref name="sourceKey"/> check clean and compile to the entry
    /// <paramref name="entryKey"/>, whose evaluators report <paramref name="semanticHashes"/> in source order. Lets a
    /// later run with byte-identical sources skip parsing and binding (see <see cref="TryReadSourceIndex"/>).
    /// </summary>
    public void StoreSourceIndex(EvaluatorCacheKey sourceKey, EvaluatorCacheKey entryKey, IReadOnlyList<string> semanticHashes)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        ArgumentNullException.ThrowIfNull(entryKey);
        ArgumentNullException.ThrowIfNull(semanticHashes);
        var body = new StringBuilder(SourceIndexMagic).Append('\n').Append(entryKey.Hex).Append('\n');
        foreach (var hash in semanticHashes)
        {
            if (hash.Length == 0 || hash.Any(c => c is '\n' or '\r')) throw new ArgumentException($"'{hash}' is not a one-line hash", nameof(semanticHashes));
            body.Append(hash).Append('\n');
        }
        if (_authenticator.Value is not { } authenticator) return;
        var text = body.ToString();
        // The MAC covers the index's own key (its file name): an index copied over another one fails.
        var mac = authenticator.Mac(SourceIndexPurpose, sourceKey.Hex, Encoding.UTF8.GetBytes(text));
        var bytes = Encoding.UTF8.GetBytes(text + Convert.ToHexStringLower(mac) + "\n");
        var path = SourceIndexPath(sourceKey);
        WriteAtomically(sourceKey, path, [bytes], () => File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes));
    }

    /// <summary>
    /// The entry key and semantic hashes recorded for <paramref name="sourceKey"/>, or null when the cache is off, there
    /// is no index file, or it fails its format or MAC (then, with a note, the caller checks and compiles as usual, which
    /// rewrites it).
    /// </summary>
    public (EvaluatorCacheKey EntryKey, ImmutableArray<string> SemanticHashes)? TryReadSourceIndex(EvaluatorCacheKey sourceKey)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        if (_authenticator.Value is not { } authenticator) return null;
        var path = SourceIndexPath(sourceKey);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            RejectIndex(sourceKey, $"cannot be read ({exception.Message})");
            return null;
        }
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        // magic, entry key, at least one hash, MAC, and the empty string after the final newline
        if (lines.Length < 5 || lines[0] != SourceIndexMagic || lines[^1].Length != 0 || lines[^2].Length != 2 * CacheAuthenticator.MacLength
            || !lines[^2].All(char.IsAsciiHexDigitLower))
        {
            RejectIndex(sourceKey, "is not a source index of this format");
            return null;
        }
        var checkedText = string.Concat(lines[..^2].Select(l => l + "\n"));
        if (!authenticator.Verify(SourceIndexPurpose, sourceKey.Hex, Encoding.UTF8.GetBytes(checkedText), Convert.FromHexString(lines[^2])))
        {
            RejectIndex(sourceKey, "failed authentication");
            return null;
        }
        if (lines[1].Length != 64 || !lines[1].All(char.IsAsciiHexDigitLower))
        {
            RejectIndex(sourceKey, "names no entry");
            return null;
        }
        return (new EvaluatorCacheKey(lines[1]), [.. lines[2..^2]]);
    }

    private void RejectIndex(EvaluatorCacheKey sourceKey, string reason) =>
        _notes(new CacheNote(CacheNoteKind.EntryRejected, $"source index {sourceKey.Hex[..16]}", reason + "; contracts checked and recompiled"));

    /// <summary>Temp file in the same folder, flushed, then renamed over <paramref name="path"/>: readers see old, new or nothing. A failure is a warning.</summary>
    private void WriteAtomically(EvaluatorCacheKey key, string path, byte[][] parts, Func<bool> sameEntryAlreadyThere)
    {
        var temp = Path.Combine(Directory, $".{key.Hex}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFolder.PrivateFileMode;
            using (var stream = new FileStream(temp, options))
            {
                foreach (var part in parts) stream.Write(part);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temp, path, overwrite: true);
            }
            catch (IOException) when (sameEntryAlreadyThere())
            {
                // Windows refuses to replace a file another process is reading; that process's entry is the same one.
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _notes(new CacheNote(CacheNoteKind.NotStored, $"'{Path.GetFileName(path)}'", $"could not be written ({exception.Message})"));
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The folder refuses changes: nothing was written to clean up.
            }
        }
    }

    /// <summary>(entry file existed, authenticated payload or null); a refused entry is noted unless <paramref name="quiet"/>.</summary>
    internal (bool Found, byte[]? Payload) TryRead(EvaluatorCacheKey key, bool quiet = false)
    {
        if (_authenticator.Value is not { } authenticator) return (false, null);
        byte[] all;
        try
        {
            all = File.ReadAllBytes(EntryPath(key));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return (false, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (!quiet) Reject(key, $"cannot be read ({exception.Message})");
            return (true, null);
        }
        var problem = Verify(all, key, authenticator);
        if (problem is null) return (true, all.AsSpan(HeaderLength).ToArray());
        if (!quiet) Reject(key, problem);
        return (true, null);
    }

    private static string? Verify(byte[] all, EvaluatorCacheKey key, CacheAuthenticator authenticator)
    {
        if (all.Length < HeaderLength || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic) || all[Magic.Length] != FormatVersion)
            return "is not an entry of this format";
        var length = BinaryPrimitives.ReadInt64LittleEndian(all.AsSpan(Magic.Length + 1, 8));
        if (length != all.Length - HeaderLength) return "is truncated or padded";
        // The MAC covers the entry's key: an entry of another batch copied under this name fails too.
        if (!authenticator.Verify(EntryPurpose, key.Hex, all.AsSpan(HeaderLength), all.AsSpan(Magic.Length + 1 + 8, CacheAuthenticator.MacLength)))
            return "failed authentication";
        return null;
    }

    private static byte[] Header(EvaluatorCacheKey key, byte[] payload, CacheAuthenticator authenticator)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        header[Magic.Length] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(Magic.Length + 1, 8), payload.LongLength);
        authenticator.Mac(EntryPurpose, key.Hex, payload).CopyTo(header, Magic.Length + 1 + 8);
        return header;
    }

    internal static string Identity(Assembly assembly) =>
        $"{assembly.GetName().Name}/{assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}/{assembly.ManifestModule.ModuleVersionId:N}";
}
