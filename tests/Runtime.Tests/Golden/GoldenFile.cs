using System.Runtime.CompilerServices;

namespace SlaKpiDsl.Runtime.Tests.Golden;

/// <summary>
/// Verify-style golden files: <c>Name.verified.txt</c> beside the test; on mismatch <c>Name.received.txt</c> is written
/// and the test fails; <c>UPDATE_GOLDEN=1</c> accepts the received text (review the diff before committing).
/// </summary>
public static class GoldenFile
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var dir = Path.GetDirectoryName(callerPath)!;
        var verified = Path.Combine(dir, $"{name}.verified.txt");
        var received = Path.Combine(dir, $"{name}.received.txt");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No golden file {verified}; wrote {received}. Review it, then run with UPDATE_GOLDEN=1."
            : $"Output differs from {verified}; wrote {received}. Diff them; run with UPDATE_GOLDEN=1 to accept.");
    }
}
