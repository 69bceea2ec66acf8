using SlaKpiDsl.Compiler;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>The cache's refusals as a user meets them: one line on stderr, the right result, exit 0.</summary>
public sealed class CacheTrustTests
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");

    [Fact]
    public void A_swapped_source_index_makes_evaluate_check_and_compile_again_and_report_the_right_contracts()
    {
        // The case: an index copied over another made `sla evaluate` of the nine examples report only Slack.
        using var cli = new CliRunner();
        var cache = Path.Combine(cli.Directory, "cache");
        string[] all = ["evaluate", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];
        string[] slack = ["evaluate", Path.Combine(Contracts, "slack.sla"), "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];
        var clean = cli.Invoke(ContractChecker.Check, cacheCheckedSources: true, all);
        var allIndex = Directory.GetFiles(cache, "*.slasrc").Single();
        cli.Invoke(ContractChecker.Check, cacheCheckedSources: true, slack);
        var slackIndex = Directory.GetFiles(cache, "*.slasrc").Single(p => p != allIndex);
        File.Copy(slackIndex, allIndex, overwrite: true);

        var swapped = cli.Invoke(ContractChecker.Check, cacheCheckedSources: true, all);

        Assert.True(clean.ExitCode == 0, clean.Error);
        Assert.Equal(0, swapped.ExitCode);
        Assert.Equal(clean.Output, swapped.Output);
        Assert.Equal($"cache: source index {Path.GetFileName(allIndex)[..16]} failed authentication; contracts checked and recompiled\n", swapped.Error);
        var again = cli.Invoke(ContractChecker.Check, cacheCheckedSources: true, all);
        Assert.Equal((0, clean.Output, ""), (again.ExitCode, again.Output, again.Error)); // rewritten: quiet again
    }

    [Fact]
    public void A_tampered_entry_is_reported_once_and_recompiled()
    {
        using var cli = new CliRunner();
        var contract = Path.Combine(Contracts, "twilio.sla");
        var first = cli.Invoke("compile", contract);
        var entry = Directory.GetFiles(Path.Combine(cli.Directory, "cache"), "*.sladll").Single();
        var bytes = File.ReadAllBytes(entry);
        bytes[^100] ^= 1;
        File.WriteAllBytes(entry, bytes);

        var second = cli.Invoke("compile", contract);

        Assert.Contains("cache: compiled)", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("cache: rebuiltcorrupt)", second.Output, StringComparison.Ordinal);
        Assert.Equal($"cache: entry {Path.GetFileName(entry)[..16]} failed authentication; recompiled\n", second.Error);
    }

    [Fact]
    public void A_group_writable_cache_folder_is_refused_with_a_warning_and_compile_still_succeeds()
    {
        if (OperatingSystem.IsWindows()) return; // Unix permissions; CI runs Linux
        using var cli = new CliRunner();
        var cache = Directory.CreateDirectory(Path.Combine(cli.Directory, "cache")).FullName;
        File.SetUnixFileMode(cache, (UnixFileMode)0b111_111_101); // 0775

        var run = cli.Invoke("compile", Path.Combine(Contracts, "twilio.sla"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("cache: disabled)", run.Output, StringComparison.Ordinal);
        Assert.Equal($"warning: cache: folder '{cache}' is writable by group or others (mode 775; chmod go-w it); continuing without the cache\n", run.Error);
        Assert.Empty(Directory.GetFileSystemEntries(cache));
    }

    [Fact]
    public void A_cache_path_that_is_a_file_degrades_evaluate_with_a_warning()
    {
        using var cli = new CliRunner();
        var cache = cli.Write("cache", "not a folder");

        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "slack.sla"), "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");

        Assert.Equal(0, run.ExitCode);
        // The data warnings (records on services slack.sla does not declare: UnreadData) are not this test's subject.
        var error = string.Concat(run.Error.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("warning: data: ", StringComparison.Ordinal)).Select(l => l + "\n"));
        Assert.Equal($"warning: cache: folder '{cache}' is a file, not a folder; continuing without the cache\n", error);
        Assert.Contains("Slack", run.Output, StringComparison.Ordinal);
    }
}
