namespace SlaKpiDsl.Runtime.Caching;

/// <summary>
/// The permission rules for the cache folders and the key file, as ssh applies them to its key files: a folder must be
/// a folder, owned by this user and not writable by group or others; the key file must be owned by this user and
/// neither readable nor writable by anyone else. A folder that does not exist is created owner-only (0700). On Windows,
/// where the per-user profile folders carry their own access lists, only the kind of entry is checked.
/// </summary>
public static class OwnerOnlyFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode AnyAccessByOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (0700) if missing; null when it may be used, else why not (for a <see cref="CacheNote"/>).</summary>
    public static string? Ensure(string path)
    {
        try
        {
            if (File.Exists(path)) return "is a file, not a folder";
            if (!Directory.Exists(path))
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
                else Directory.CreateDirectory(path, OwnerOnly);
                return null;
            }
            if (OperatingSystem.IsWindows()) return null;
            var mode = File.GetUnixFileMode(path);
            if ((mode & WritableByOthers) != 0) return $"is writable by group or others (mode {Octal(mode)}; chmod go-w it)";
            return OwnedByThisUser(path, mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be used ({e.Message})";
        }
    }

    /// <summary>Null when the existing file <paramref name="path"/> is a private key file (owner-only, owned by this user), else why not.</summary>
    public static string? CheckPrivateFile(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        var mode = File.GetUnixFileMode(path);
        if ((mode & AnyAccessByOthers) != 0) return $"is accessible by group or others (mode {Octal(mode)}; chmod 600 it)";
        return OwnedByThisUser(path, mode);
    }

    /// <summary>The file mode for a new private file.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // .NET exposes no file owner; chmod succeeds only for the owner (or root, who may use anything), so setting the
    // mode it already has is the ownership test. A read-only file system refuses it too: then the cache is unusable anyway.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? OwnedByThisUser(string path, UnixFileMode mode)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "is owned by another user";
        }
        catch (IOException e)
        {
            return $"cannot be used ({e.Message})";
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
