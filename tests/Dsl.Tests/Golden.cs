namespace SlaKpiDsl.Dsl.Tests;

/// <summary>
/// Verify-style golden files: compares <c>Name.verified.txt</c>; on mismatch writes <c>Name.received.txt</c> beside it
/// and fails. With <c>UPDATE_GOLDEN=1</c> the received text is accepted (written as verified) — review the diff.
/// </summary>
internal static class Golden
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
            ? $"No golden file {verifiedPath}; wrote {receivedPath}. Review it and run with UPDATE_GOLDEN=1 to accept."
            : $"Output differs from {verifiedPath}; wrote {receivedPath}. Diff them, and run with UPDATE_GOLDEN=1 if the change is intended.");
    }
}
