using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Emit;

/// <summary>A cache key: lowercase hex SHA-256 of the semantic content and the tool versions. Invariant: 64 hex digits.</summary>
public sealed record EvaluatorCacheKey
{
    public EvaluatorCacheKey(string hex)
    {
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"'{hex}' is not 64 lowercase hex digits", nameof(hex));
        Hex = hex;
    }

    public string Hex { get; }

    public override string ToString() => Hex;
}

public enum CacheOutcome
{
    /// <summary>A valid entry was on disk; nothing was compiled.</summary>
    Hit,

    /// <summary>No entry; compiled and stored.</summary>
    Compiled,

    /// <summary>An entry was on disk but failed its checksum (truncated, bit-flipped); compiled again and replaced.</summary>
    RebuiltCorrupt,

    /// <summary>Compilation failed; nothing stored; see the diagnostics.</summary>
    Failed,
}

/// <summary>What <see cref="EvaluatorCache.GetOrCompile"/> found or built. Invariant: bytes present unless <see cref="CacheOutcome.Failed"/>.</summary>
public sealed record CacheLookup(CacheOutcome Outcome, byte[]? AssemblyBytes, ImmutableArray<Diagnostic> Diagnostics, string EntryPath);

/// <summary>
/// Compiled evaluator assemblies on disk, one file per key: <c>&lt;key&gt;.sladll</c> holding a header (magic, format
/// version, payload length, SHA-256 of the payload) and the assembly bytes. Invariants: an entry is written to a temp
/// file in the same folder and renamed over the final name, so readers (other processes, parallel CI jobs sharing the
/// folder) see a whole old entry, a whole new entry or none; an entry is used only if its checksum verifies, otherwise it
/// is rebuilt. Beside them, <c>&lt;source key&gt;.slasrc</c> files (text: magic, entry key, semantic hashes, SHA-256)
/// map byte-identical contract sources to their entry, so a hit can skip parsing and binding; a corrupt one is ignored
/// and rewritten. This class holds no Roslyn type: a cache hit never loads Microsoft.CodeAnalysis (a fresh-process test
/// proves it); the compile callback is only invoked on a miss.
/// </summary>
public sealed class EvaluatorCache
{
    private const string Extension = ".sladll";
    private const string SourceIndexExtension = ".slasrc";
    private const string SourceIndexMagic = "slakpidsl-source-index/1";
    private static readonly byte[] Magic = "SLAKPIDLL"u8.ToArray();
    private const byte FormatVersion = 1;
    private static readonly int HeaderLength = Magic.Length + 1 + 8 + 32;

    public EvaluatorCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder holding the entries (created on first store).</summary>
    public string Directory { get; }

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
    /// The entry for <paramref name="key"/> if it is on disk and verifies; otherwise calls <paramref name="compile"/>
    /// (typically a lambda around <see cref="EvaluatorCompiler.CompileBatch(IReadOnlyList{GeneratedSource})"/>), stores
    /// a successful result atomically and returns it.
    /// </summary>
    public CacheLookup GetOrCompile(EvaluatorCacheKey key, Func<CompileResult> compile)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(compile);
        var path = EntryPath(key);
        var (found, bytes) = TryRead(path);
        if (bytes is not null) return new CacheLookup(CacheOutcome.Hit, bytes, [], path);

        var result = compile();
        if (!result.Succeeded) return new CacheLookup(CacheOutcome.Failed, null, result.Diagnostics, path);
        Store(key, result.AssemblyBytes!);
        return new CacheLookup(found ? CacheOutcome.RebuiltCorrupt : CacheOutcome.Compiled, result.AssemblyBytes, result.Diagnostics, path);
    }

    /// <summary>Writes the entry: temp file in the same folder, flushed, then renamed over the final name.</summary>
    public void Store(EvaluatorCacheKey key, byte[] assemblyBytes)
    {
        ArgumentNullException.ThrowIfNull(assemblyBytes);
        var path = EntryPath(key);
        WriteAtomically(key, path, [Header(assemblyBytes), assemblyBytes],
            () => TryRead(path).Payload is { } existing && existing.AsSpan().SequenceEqual(assemblyBytes));
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
        var text = body.ToString();
        var bytes = Encoding.UTF8.GetBytes(text + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))) + "\n");
        var path = SourceIndexPath(sourceKey);
        WriteAtomically(sourceKey, path, [bytes], () => File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes));
    }

    /// <summary>
    /// The entry key and semantic hashes recorded for <paramref name="sourceKey"/>, or null when there is no index file
    /// or it fails its checksum (then the caller checks and compiles as usual, which rewrites it).
    /// </summary>
    public (EvaluatorCacheKey EntryKey, ImmutableArray<string> SemanticHashes)? TryReadSourceIndex(EvaluatorCacheKey sourceKey)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        string text;
        try
        {
            text = File.ReadAllText(SourceIndexPath(sourceKey), Encoding.UTF8);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var lines = text.Split('\n');
        // magic, entry key, at least one hash, checksum, and the empty string after the final newline
        if (lines.Length < 5 || lines[0] != SourceIndexMagic || lines[^1].Length != 0) return null;
        var checkedText = string.Concat(lines[..^2].Select(l => l + "\n"));
        if (lines[^2] != Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(checkedText)))) return null;
        if (lines[1].Length != 64 || !lines[1].All(char.IsAsciiHexDigitLower)) return null;
        return (new EvaluatorCacheKey(lines[1]), [.. lines[2..^2]]);
    }

    /// <summary>Temp file in the same folder, flushed, then renamed over <paramref name="path"/>: readers see old, new or nothing.</summary>
    private void WriteAtomically(EvaluatorCacheKey key, string path, byte[][] parts, Func<bool> sameEntryAlreadyThere)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $".{key.Hex}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
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
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>(entry file existed, verified payload or null).</summary>
    internal static (bool Found, byte[]? Payload) TryRead(string path)
    {
        byte[] all;
        try
        {
            all = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return (false, null);
        }
        catch (DirectoryNotFoundException)
        {
            return (false, null);
        }
        if (all.Length < HeaderLength || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic) || all[Magic.Length] != FormatVersion)
            return (true, null);
        var length = BinaryPrimitives.ReadInt64LittleEndian(all.AsSpan(Magic.Length + 1, 8));
        if (length != all.Length - HeaderLength) return (true, null);
        var payload = all.AsSpan(HeaderLength);
        var expected = all.AsSpan(Magic.Length + 1 + 8, 32);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(expected)) return (true, null);
        return (true, payload.ToArray());
    }

    private static byte[] Header(byte[] payload)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        header[Magic.Length] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(Magic.Length + 1, 8), payload.LongLength);
        SHA256.HashData(payload).CopyTo(header, Magic.Length + 1 + 8);
        return header;
    }

    internal static string Identity(Assembly assembly) =>
        $"{assembly.GetName().Name}/{assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}/{assembly.ManifestModule.ModuleVersionId:N}";
}
