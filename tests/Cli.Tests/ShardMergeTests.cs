using System.Text.Json;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// <c>sla evaluate --shard I/N</c> run as N separate evaluations and merged by <c>sla merge</c> gives exactly (byte for
/// byte) the JSON of the single run; every contract is in exactly one shard; wrong inputs are located errors (exit 1).
/// </summary>
public sealed class ShardMergeTests
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");

    private static CliRunner.Run Evaluate(CliRunner cli, params string[] more) =>
        cli.Invoke(["evaluate", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--format", "json", .. more]);

    private static List<string> ShardFiles(CliRunner cli, int count)
    {
        var files = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var run = Evaluate(cli, "--shard", $"{i}/{count}");
            Assert.True(run.ExitCode == 0, run.Error);
            files.Add(cli.Write($"shard-{i}-of-{count}.json", run.Output));
        }
        return files;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shards_merged_equal_the_single_run(int count)
    {
        using var cli = new CliRunner();
        var single = Evaluate(cli);
        Assert.True(single.ExitCode == 0, single.Error);
        var files = ShardFiles(cli, count);
        // Every contract in exactly one shard.
        var sizes = files.Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("contracts").GetArrayLength()).ToList();
        // The examples' customers fall into more than one shard for 2, 3 and 7 (the merge really interleaves).
        if (count > 1) Assert.True(sizes.Count(n => n > 0) > 1, string.Join(",", sizes));
        var held = files.Sum(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("contracts").GetArrayLength());
        Assert.Equal(JsonDocument.Parse(single.Output).RootElement.GetProperty("contracts").GetArrayLength(), held);
        // Merged in any order of the files.
        files.Reverse();
        var merged = cli.Invoke(["merge", .. files]);
        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Equal(single.Output, merged.Output);
    }

    [Fact]
    public void A_missing_a_repeated_or_a_foreign_shard_is_an_error_naming_it()
    {
        using var cli = new CliRunner();
        var files = ShardFiles(cli, 3);
        var missing = cli.Invoke("merge", files[0], files[2]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("shard 2/3 is missing", missing.Error);
        var repeated = cli.Invoke("merge", files[0], files[1], files[2], files[1]);
        Assert.Equal(1, repeated.ExitCode);
        Assert.Contains("shard 2/3 again", repeated.Error);
        var other = Evaluate(cli, "--shard", "1/2");
        var foreign = cli.Invoke("merge", files[0], files[1], files[2], cli.Write("other.json", other.Output));
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("another evaluation", foreign.Error);
        var single = cli.Write("single.json", Evaluate(cli).Output);
        var unsharded = cli.Invoke("merge", single);
        Assert.Equal(1, unsharded.ExitCode);
        Assert.Contains("not the output of one shard", unsharded.Error);
        // A byte order mark (an editor's) is skipped.
        var withBom = cli.Invoke(["merge", .. files.Select((f, i) => i == 0 ? cli.Write("bom.json", "\uFEFF" + File.ReadAllText(f)) : f)]);
        Assert.True(withBom.ExitCode == 0, withBom.Error);
        Assert.Equal(cli.Invoke(["merge", .. files]).Output, withBom.Output);
        var broken = cli.Invoke("merge", cli.Write("broken.json", "{ nope"));
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken.json: not JSON", broken.Error);
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("-1/2")]
    [InlineData("1/5000")]
    public void A_bad_shard_is_a_located_error(string shard)
    {
        using var cli = new CliRunner();
        var run = Evaluate(cli, "--shard", shard);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--shard '{shard}' is not I/N", run.Error);
    }

    [Fact]
    public void The_shard_of_a_customer_is_stable()
    {
        // Fixed values: a change of the hash would split a fleet differently from processes of an older build.
        // (The first 8 bytes of SHA-256 of the UTF-8 name, big-endian, mod N, plus 1: python3 hashlib gives the same.)
        Assert.Equal(1, Shard.Of("Customer c000000", 4));
        Assert.Equal(3, Shard.Of("Customer c000000", 7));
        Assert.Equal(3, Shard.Of("Acme Corp", 7));
        Assert.Equal(1, Shard.Of("Example Customer", 7));
        Assert.Equal(2, Shard.Of("Shopfront Retail LLC", 7));
        Assert.Equal(1, Shard.Of("anything", 1));
        var counts = new int[4];
        for (var c = 0; c < 1000; c++) counts[Shard.Of($"Customer c{c:D6}", 4) - 1]++;
        Assert.All(counts, n => Assert.InRange(n, 200, 300));
    }
}
