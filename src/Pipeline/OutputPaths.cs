namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Checks a path the user named for output before any work is done, so a folder where a file is expected (or the
/// reverse), a parent that is a file, or a folder that cannot be written is an error naming the option (exit 1),
/// not an exception from deep inside a write. <see cref="Write"/> turns a failure while writing into the same kind of error.
/// </summary>
public static class OutputPaths
{
    /// <summary>A problem with writing the file <paramref name="path"/> (given as <paramref name="option"/>), or null.</summary>
    public static PipelineProblem? FileProblem(string path, string option)
    {
        if (Directory.Exists(path)) return PipelineProblem.Error($"{option} '{path}' is a folder; name a file");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is null ? null : FolderProblem(folder, option, $"the folder of {option} '{path}'");
    }

    /// <summary>A problem with writing into the folder <paramref name="path"/> (given as <paramref name="option"/>), or null; creates nothing.</summary>
    public static PipelineProblem? FolderProblem(string path, string option) => FolderProblem(path, option, $"{option} '{path}'");

    private static PipelineProblem? FolderProblem(string path, string option, string what)
    {
        if (File.Exists(path)) return PipelineProblem.Error($"{what} is a file; name a folder");
        // Nothing is created before the work is done: the probe goes into the folder, or its nearest existing ancestor.
        var existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) return PipelineProblem.Error($"{what} lies under '{existing}', which is a file");
            existing = Path.GetDirectoryName(existing);
            if (existing is null) return PipelineProblem.Error($"cannot write into {what}: no part of it exists");
        }
        try
        {
            // Writable? A probe file is the only answer that holds for ACLs, read-only mounts and root alike.
            var probe = Path.Combine(existing, ".sla-write-probe-" + Guid.NewGuid().ToString("N")[..8]);
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PipelineProblem.Error($"cannot write into {what}: {e.Message}");
        }
    }

    /// <summary>Runs a write; an I/O failure (disk full, permissions changed meanwhile) becomes an error naming the path.</summary>
    public static PipelineProblem? Write(string path, Action write)
    {
        try
        {
            write();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PipelineProblem.Error($"cannot write '{path}': {e.Message}");
        }
    }
}
