using System.Runtime.InteropServices;
using System.Text;
using SlaKpiDsl.Runtime.Caching;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>
/// Writes the statements of a batch (each a PDF with its JSON, into one directory) as durably as
/// <see cref="OutputFiles.Write"/> writes one, with far fewer flushes to disk. Each statement is written to temporary
/// files beside its targets; every <see cref="GroupSize"/> statements, and at <see cref="Complete"/>, the group is
/// committed: its temporary files are flushed to disk (on Linux one <c>syncfs(2)</c> of the output's file system;
/// elsewhere each file was flushed as it was written), then renamed onto their targets in order (a statement's JSON
/// before its PDF), then the directory itself is flushed (Linux), so the renames survive a crash too.
/// The guarantees of the single write hold per file: a reader never sees half a file (rename), an existing file is
/// replaced only when overwriting is asked for (the rename refuses otherwise, even when the file appeared after the
/// check), and a PDF on disk always has its JSON beside it. A batch given up before its end (disposed without
/// <see cref="Complete"/>) removes the temporary files of its uncommitted group; a crash can leave at most one group's
/// hidden temporary files (<c>.NAME.xxxxxxxx.tmp</c>) and never a partial statement under its own name.
/// 10,000 statements wrote 20,000 files with 20,000 flushes (about a third of the warm run's CPU was the kernel's,
/// twice the cold run's: docs/performance.md); grouped, they need about 80.
/// A full group is committed by a thread of the batch's own, in the order the groups filled, so the worker that filled
/// it goes on rendering instead of waiting for the disk (a flush of the whole file system can wait for other writers'
/// data); <see cref="Complete"/> waits for every commit.
/// </summary>
public sealed class OutputBatch : IDisposable
{
    /// <summary>Statements per commit: a crash loses at most this many (never half of one), each commit costs one flush.</summary>
    public const int GroupSize = 128;

    private readonly string directory;
    private readonly bool overwrite;
    private readonly int groupSize;
    private readonly Lock gate = new();
    private readonly Lock commitGate = new();
    private List<Staged> pending = [];
    private readonly Dictionary<int, string> lateProblems = [];
    private readonly System.Collections.Concurrent.BlockingCollection<List<Staged>> filled = [];
    private readonly Thread committer;
    private bool disposed;

    private sealed record Staged(int Index, string JsonTemp, string JsonPath, string PdfTemp, string PdfPath);

    public OutputBatch(string directory, bool overwrite, int groupSize = GroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        this.directory = Path.GetFullPath(directory);
        this.overwrite = overwrite;
        this.groupSize = groupSize;
        Directory.CreateDirectory(this.directory);
        committer = new Thread(() =>
        {
            foreach (var group in filled.GetConsumingEnumerable())
            {
                try
                {
                    Commit(group);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Off the workers now, so a failure no worker would see is each statement's problem (not the process's end).
                    lock (commitGate)
                    {
                        foreach (var s in group)
                        {
                            lateProblems.TryAdd(s.Index, $"cannot write the statement into '{this.directory}': {exception.Message}");
                            try { DeleteTemps(s); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                        }
                    }
                }
            }
        })
        { IsBackground = true, Name = "statement commits" };
        committer.Start();
    }

    /// <summary>
    /// Writes statement <paramref name="index"/>'s temporary files; its files get their names when its group commits
    /// (a problem found then is in <see cref="Complete"/>'s answer). Returns the paths, or the problem found now (a
    /// target already there without overwriting).
    /// </summary>
    public ((string PdfPath, string JsonPath) Paths, string? Problem) Add(int index, RenderedStatement statement, string baseName)
    {
        if (!statement.IsSuccess) throw new InvalidOperationException("Cannot write a statement that failed to render.");
        ObjectDisposedException.ThrowIf(disposed, this);
        var pdfPath = Path.Combine(directory, baseName + ".pdf");
        var jsonPath = Path.Combine(directory, baseName + ".json");
        if (!overwrite && OutputFiles.ExistingProblem(pdfPath, jsonPath) is { } existing) return ((pdfPath, jsonPath), existing);
        var jsonTemp = WriteTemp(jsonPath, statement.Json!);
        string pdfTemp;
        try
        {
            pdfTemp = WriteTemp(pdfPath, statement.Pdf!);
        }
        catch
        {
            File.Delete(jsonTemp);
            throw;
        }
        lock (gate)
        {
            pending.Add(new Staged(index, jsonTemp, jsonPath, pdfTemp, pdfPath));
            // Handed over under the lock, so the groups are committed in the order they filled.
            if (pending.Count >= groupSize)
            {
                filled.Add(pending);
                pending = [];
            }
        }
        return ((pdfPath, jsonPath), null);
    }

    /// <summary>Commits what is still pending; returns the statements (by index) whose files could not be given their names, and why.</summary>
    public IReadOnlyDictionary<int, string> Complete()
    {
        lock (gate)
        {
            if (pending.Count > 0 && !filled.IsAddingCompleted) filled.Add(pending);
            pending = [];
            filled.CompleteAdding();
        }
        committer.Join();
        lock (commitGate) return new Dictionary<int, string>(lateProblems);
    }

    /// <summary>
    /// Removes the temporary files of statements not committed (a batch given up midway); the groups already full are
    /// committed first (as they would have been had their commit not moved off the worker).
    /// </summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        List<Staged> left;
        lock (gate)
        {
            (left, pending) = (pending, []);
            filled.CompleteAdding();
        }
        committer.Join();
        filled.Dispose();
        foreach (var s in left) DeleteTemps(s);
    }

    private string WriteTemp(string path, byte[] bytes)
    {
        var temp = OutputFiles.TempPathFor(path);
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            stream.Write(bytes);
            // Linux flushes a whole group at once (syncfs); elsewhere each file now.
            if (!OperatingSystem.IsLinux()) stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return temp;
    }

    private void Commit(List<Staged> group)
    {
        if (group.Count == 0) return;
        lock (commitGate)
        {
            try
            {
                FlushToDisk(group);
            }
            catch (IOException exception)
            {
                // Not known to be on disk: nothing of the group gets its name.
                foreach (var s in group)
                {
                    DeleteTemps(s);
                    lateProblems[s.Index] = $"cannot write the statement into '{directory}': {exception.Message}";
                }
                return;
            }
            foreach (var s in group)
            {
                var jsonNamed = false;
                try
                {
                    // JSON first: a PDF on disk always has its JSON beside it.
                    Name(s.JsonTemp, s.JsonPath);
                    jsonNamed = true;
                    Name(s.PdfTemp, s.PdfPath);
                }
                catch (IOException) when (!overwrite && (File.Exists(s.JsonPath) || File.Exists(s.PdfPath)))
                {
                    // Created by someone else after the check: kept, as the single write keeps it; a JSON this batch
                    // just created beside someone else's PDF is taken back (it did not exist before).
                    if (jsonNamed) File.Delete(s.JsonPath);
                    lateProblems[s.Index] = OutputFiles.ExistingProblem(s.PdfPath, s.JsonPath)!;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    lateProblems[s.Index] = $"cannot write the statement into '{directory}': {exception.Message}";
                }
                finally
                {
                    DeleteTemps(s);
                }
            }
            try
            {
                if (OperatingSystem.IsLinux()) Native.Sync(directory, wholeFileSystem: false);
            }
            catch (IOException exception)
            {
                foreach (var s in group) lateProblems.TryAdd(s.Index, $"written into '{directory}', but the folder could not be flushed to disk: {exception.Message}");
            }
        }
    }

    /// <summary>The group's temporary files on disk: one syncfs on Linux (each file fsync'd where it is unavailable); elsewhere done when written.</summary>
    private void FlushToDisk(List<Staged> group)
    {
        if (!OperatingSystem.IsLinux() || Native.Sync(directory, wholeFileSystem: true)) return;
        foreach (var s in group)
        {
            foreach (var temp in new[] { s.JsonTemp, s.PdfTemp })
            {
                using var stream = new FileStream(temp, FileMode.Open, FileAccess.Write);
                stream.Flush(flushToDisk: true);
            }
        }
    }

    /// <summary>Gives a staged file its name: over an existing file with --overwrite, else only while the name is free (atomically; an IOException when it is taken).</summary>
    private void Name(string temp, string path)
    {
        if (overwrite) File.Move(temp, path, overwrite: true);
        else if (!NoReplaceMove.TryMove(temp, path)) throw new IOException($"'{path}' already exists");
    }

    private static void DeleteTemps(Staged s)
    {
        File.Delete(s.JsonTemp);
        File.Delete(s.PdfTemp);
    }

    /// <summary>syncfs(2) and fsync(2) of a directory, which .NET cannot open (Linux only).</summary>
    private static class Native
    {
        /// <summary>
        /// Flushes the directory's file system (<paramref name="wholeFileSystem"/>: syncfs) or the directory's own entries
        /// (fsync). False when syncfs cannot be used (not implemented, refused by a sandbox, the folder not openable: the
        /// caller then flushes file by file, which reports any real error); an I/O error (EIO, ENOSPC, EDQUOT) throws.
        /// </summary>
        public static bool Sync(string directory, bool wholeFileSystem)
        {
            var fd = open(Encoding.UTF8.GetBytes(directory + "\0"), 0 /* O_RDONLY */);
            if (fd < 0)
            {
                return wholeFileSystem ? false : throw new IOException($"cannot open the folder to flush it (errno {Marshal.GetLastPInvokeError()})");
            }
            try
            {
                var result = wholeFileSystem ? syncfs(fd) : fsync(fd);
                if (result == 0) return true;
                var errno = Marshal.GetLastPInvokeError();
                const int EIO = 5, ENOSPC = 28, EDQUOT = 122, EINVAL = 22;
                if (wholeFileSystem && errno is not (EIO or ENOSPC or EDQUOT)) return false;
                // Some file systems cannot fsync a directory (EINVAL): its entries are as durable as they can be made.
                if (!wholeFileSystem && errno == EINVAL) return true;
                throw new IOException($"{(wholeFileSystem ? "syncfs" : "fsync")} of '{directory}' failed (errno {errno})");
            }
            finally
            {
                _ = close(fd);
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int syncfs(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }
}
