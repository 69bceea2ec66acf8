using System.Runtime.InteropServices;
using System.Text;

namespace SlaKpiDsl.Runtime.Caching;

/// <summary>
/// Gives a finished temp file its name only if nothing has that name yet, atomically. <c>File.Move(source, destination,
/// overwrite: false)</c> is not that on Unix: it checks and then renames, so a file created in between (another process's
/// cache key, a user's statement) is replaced. Here link(2) makes the name, failing with EEXIST when it is taken, and the
/// temp name is then removed; Windows' move without replace is already atomic. A file system that cannot link falls
/// back to the checked move.
/// </summary>
public static class NoReplaceMove
{
    /// <summary>True when <paramref name="source"/> now has the name <paramref name="destination"/>; false, <paramref name="source"/> left in place, when the name was taken.</summary>
    public static bool TryMove(string source, string destination)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (link(Encoding.UTF8.GetBytes(source + "\0"), Encoding.UTF8.GetBytes(destination + "\0")) == 0)
            {
                File.Delete(source);
                return true;
            }
            var errno = Marshal.GetLastPInvokeError();
            const int EPERM = 1, EEXIST = 17, EXDEV = 18, ENOSYS = 38, EOPNOTSUPP = 95;
            if (errno == EEXIST) return false;
            if (errno is not (EPERM or EXDEV or ENOSYS or EOPNOTSUPP))
                throw new IOException($"cannot name '{destination}' (link: errno {errno})");
        }
        try
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(byte[] oldPath, byte[] newPath);
}
