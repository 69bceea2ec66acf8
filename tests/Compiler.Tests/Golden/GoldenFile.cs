namespace SlaKpiDsl.Compiler.Tests.Golden;

/// <summary>
/// Verify-style golden files: compares actual text with <c>Name.verified.txt</c>; on a mismatch writes
/// <c>Name.received.txt</c> beside it and fails; with <c>UPDATE_GOLDEN=1</c> accepts the actual text as verified.
/// Line endings are normalised to \n so goldens compare the same on every OS.
/// </summary>
public static class GoldenFile
{
    public static void Verify(string verifiedPath, string actual)
    {
        actual = actual.Replace("\r\n", "\n");
        var receivedPath = verifiedPath.Replace(".verified.txt", ".received.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
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
            ? $"No golden file {verifiedPath}; wrote {receivedPath}. Review it, then rename it or run with UPDATE_GOLDEN=1."
            : $"Golden mismatch for {verifiedPath}; wrote {receivedPath}.\n--- expected\n{expected}\n--- actual\n{actual}");
    }
}
