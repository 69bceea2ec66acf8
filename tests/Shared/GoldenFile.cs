using System.Runtime.CompilerServices;
using Xunit;

namespace SlaKpiDsl.Tests.Shared;

/// <summary>
/// Verify-style golden files, shared by every test project (linked in by tests/Directory.Build.targets): compares the
/// actual text with <c>Name.verified.txt</c>; on a mismatch writes <c>Name.received.txt</c> beside it and fails; with
/// <c>UPDATE_GOLDEN=1</c> accepts the actual text as verified (review the diff before committing). Line endings are
/// normalised to \n so goldens compare the same on every OS.
/// </summary>
public static class GoldenFile
{
    /// <summary>Compares with the golden file at <paramref name="verifiedPath"/> (ending in <c>.verified.txt</c>).</summary>
    public static void Verify(string verifiedPath, string actual)
    {
        actual = actual.Replace("\r\n", "\n");
        var receivedPath = verifiedPath.Replace(".verified.txt", ".received.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No golden file {verifiedPath}; wrote {receivedPath}. Review it, then run with UPDATE_GOLDEN=1 to accept."
            : $"Output differs from {verifiedPath}; wrote {receivedPath}. Diff them, and run with UPDATE_GOLDEN=1 if the change is intended.\n--- expected\n{expected}\n--- actual\n{actual}");
    }

    /// <summary>Compares with <c>name.verified.txt</c> in the calling test file's folder (or a subfolder of it).</summary>
    public static void VerifyBeside(string name, string actual, string? subfolder = null, [CallerFilePath] string callerPath = "")
    {
        var dir = Path.GetDirectoryName(callerPath)!;
        if (subfolder is not null) dir = Path.Combine(dir, subfolder);
        Verify(Path.Combine(dir, $"{name}.verified.txt"), actual);
    }
}
