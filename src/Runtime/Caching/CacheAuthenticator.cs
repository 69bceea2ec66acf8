using System.Security.Cryptography;
using System.Text;

namespace SlaKpiDsl.Runtime.Caching;

/// <summary>
/// Authenticates cache files with a per-user secret: HMAC-SHA256 over a purpose, a name (the key the file is stored
/// under) and the content, so a file changed, built elsewhere, or copied under another name fails. The secret is 32
/// random bytes in a key file created on first use, owner-only (0600 in a 0700 folder), atomically (written to a private
/// temp file, then linked into place; of two racing processes, one file wins and both use it). The key file lives
/// outside the cache folder (<see cref="DefaultKeyFile"/>): a cache folder restored or copied from elsewhere (a CI
/// cache, another machine) brings no key its author knows. Invariant: an instance always holds a 32-byte secret.
/// </summary>
public sealed class CacheAuthenticator
{
    private const int SecretLength = 32;
    private static readonly byte[] Domain = "slakpidsl-cache-mac/1\n"u8.ToArray();
    private readonly byte[] _secret;

    private CacheAuthenticator(byte[] secret) => _secret = secret;

    /// <summary>The length of a MAC in bytes.</summary>
    public const int MacLength = 32;

    /// <summary>An authenticator over an explicit secret (tests: a forger's wrong key).</summary>
    public static CacheAuthenticator FromSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretLength) throw new ArgumentException($"a cache secret is {SecretLength} bytes", nameof(secret));
        return new CacheAuthenticator(secret.ToArray());
    }

    /// <summary>
    /// <c>$XDG_STATE_HOME/slakpidsl/cache.key</c> or <c>~/.local/state/slakpidsl/cache.key</c> on Linux and macOS;
    /// <c>%LOCALAPPDATA%/slakpidsl/state/cache.key</c> on Windows.
    /// </summary>
    public static string DefaultKeyFile(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!OperatingSystem.IsWindows())
        {
            var state = environment("XDG_STATE_HOME");
            if (!string.IsNullOrWhiteSpace(state) && Path.IsPathRooted(state)) return Path.Combine(state, "slakpidsl", "cache.key");
            var home = environment("HOME");
            if (string.IsNullOrWhiteSpace(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (!string.IsNullOrWhiteSpace(home)) return Path.Combine(home, ".local", "state", "slakpidsl", "cache.key");
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "slakpidsl", "state", "cache.key");
    }

    /// <summary>
    /// The authenticator of <paramref name="keyFile"/>, creating the file (and its folder) on first use; null with the
    /// reason in <paramref name="refusal"/> when its folder or the file is not private, or the file is not a key.
    /// </summary>
    public static CacheAuthenticator? Open(string keyFile, out CacheNote? refusal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFile);
        keyFile = Path.GetFullPath(keyFile);
        refusal = null;
        var folder = Path.GetDirectoryName(keyFile)!;
        if (OwnerOnlyFolder.Ensure(folder) is { } folderProblem)
        {
            refusal = new CacheNote(CacheNoteKind.CacheDisabled, $"key folder '{folder}'", folderProblem);
            return null;
        }
        try
        {
            if (!File.Exists(keyFile)) Create(keyFile);
            if (OwnerOnlyFolder.CheckPrivateFile(keyFile) is { } fileProblem)
            {
                refusal = new CacheNote(CacheNoteKind.CacheDisabled, $"key file '{keyFile}'", fileProblem);
                return null;
            }
            var secret = File.ReadAllBytes(keyFile);
            if (secret.Length != SecretLength)
            {
                refusal = new CacheNote(CacheNoteKind.CacheDisabled, $"key file '{keyFile}'", $"is not a cache key ({secret.Length} bytes, not {SecretLength}; delete it to make a new one)");
                return null;
            }
            return new CacheAuthenticator(secret);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = new CacheNote(CacheNoteKind.CacheDisabled, $"key file '{keyFile}'", $"cannot be used ({e.Message})");
            return null;
        }
    }

    private static void Create(string keyFile)
    {
        var temp = keyFile + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFolder.PrivateFileMode;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(RandomNumberGenerator.GetBytes(SecretLength));
                stream.Flush(flushToDisk: true);
            }
            // The written key appears under its name only if no key is there yet, atomically, so every process that
            // opens it reads one key (with File.Move two processes could each install and keep their own: eight parallel
            // opens found it). Another process's key, when there first, is the key.
            NoReplaceMove.TryMove(temp, keyFile);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>HMAC-SHA256 of (purpose, name, content): the purpose and name are length-prefixed, so no two triples collide.</summary>
    public byte[] Mac(string purpose, string name, ReadOnlySpan<byte> content)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(Domain);
        foreach (var part in new[] { purpose, name })
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            hmac.AppendData(BitConverter.GetBytes(bytes.Length));
            hmac.AppendData(bytes);
        }
        hmac.AppendData(content);
        return hmac.GetHashAndReset();
    }

    /// <summary>True when <paramref name="mac"/> is the MAC of (purpose, name, content); compared in constant time.</summary>
    public bool Verify(string purpose, string name, ReadOnlySpan<byte> content, ReadOnlySpan<byte> mac) =>
        mac.Length == MacLength && CryptographicOperations.FixedTimeEquals(Mac(purpose, name, content), mac);
}
