using System.Diagnostics;
using System.Security.Cryptography;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class EvaluatorCacheTests
{
    private static (Func<CompileResult> Compile, Func<int> Calls) CountingCompiler(string name)
    {
        var calls = 0;
        return (() =>
        {
            calls++;
            return EvaluatorCompiler.CompileBatch([EvaluatorCompilerTests.Contract(name)], Options);
        }, () => calls);
    }

    [Fact]
    public void Miss_compiles_and_stores_then_hit_does_not_compile()
    {
        var cache = new EvaluatorCache(TempFolder("cache"));
        var key = EvaluatorCache.KeyFor("contract A");
        var (compile, calls) = CountingCompiler("A");

        var miss = cache.GetOrCompile(key, compile);
        var hit = cache.GetOrCompile(key, compile);

        Assert.Equal(CacheOutcome.Compiled, miss.Outcome);
        Assert.Equal(CacheOutcome.Hit, hit.Outcome);
        Assert.Equal(1, calls());
        Assert.Equal(miss.AssemblyBytes, hit.AssemblyBytes);
        Assert.True(File.Exists(cache.EntryPath(key)));
        Assert.Empty(Directory.GetFiles(cache.Directory, "*.tmp"));
        using var loaded = EvaluatorAssembly.Load(hit.AssemblyBytes!);
        Assert.Equal("A", Assert.Single(loaded.CreateAll<ICompiledContract>()).ContractName);
    }

    [Fact]
    public void Failed_compilation_is_returned_and_not_stored()
    {
        var cache = new EvaluatorCache(TempFolder("cache"));
        var key = EvaluatorCache.KeyFor("broken");
        var lookup = cache.GetOrCompile(key, () => EvaluatorCompiler.CompileBatch(
            [new GeneratedSource("B.cs", "namespace SlaKpiDsl.Generated; class B { int X => y; }")], Options));
        Assert.Equal(CacheOutcome.Failed, lookup.Outcome);
        Assert.Contains(lookup.Diagnostics, d => d.Code == "SLA9001");
        Assert.False(File.Exists(cache.EntryPath(key)));
    }

    [Fact]
    public void Key_depends_on_content_and_on_tool_identity()
    {
        var key = EvaluatorCache.KeyFor("content", "compiler/1|runtime/1");
        Assert.Equal(key, EvaluatorCache.KeyFor("content", "compiler/1|runtime/1"));
        Assert.NotEqual(key, EvaluatorCache.KeyFor("content ", "compiler/1|runtime/1"));
        Assert.NotEqual(key, EvaluatorCache.KeyFor("content", "compiler/2|runtime/1"));
        Assert.NotEqual(key, EvaluatorCache.KeyFor("content", "compiler/1|runtime/2"));
        // Length prefixes: moving characters between identity and content changes the key.
        Assert.NotEqual(EvaluatorCache.KeyFor("bc", "a"), EvaluatorCache.KeyFor("c", "ab"));
        Assert.Equal(EvaluatorCache.KeyFor("x", EvaluatorCache.ToolIdentity), EvaluatorCache.KeyFor("x"));
        Assert.Contains(typeof(ICompiledContract).Assembly.ManifestModule.ModuleVersionId.ToString("N"), EvaluatorCache.ToolIdentity, StringComparison.Ordinal);
        Assert.Contains(typeof(EvaluatorCache).Assembly.ManifestModule.ModuleVersionId.ToString("N"), EvaluatorCache.ToolIdentity, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/c/sla", "/x", "/h", "/c/sla")]              // SLA_CACHE_DIR wins
    [InlineData(null, "/x", "/h", "/x/slakpidsl")]            // XDG_CACHE_HOME
    [InlineData(null, null, "/h", "/h/.cache/slakpidsl")]     // ~/.cache
    [InlineData(null, "relative", "/h", "/h/.cache/slakpidsl")] // XDG spec: relative paths are ignored
    [InlineData("", "", "/h", "/h/.cache/slakpidsl")]         // empty means unset
    public void Default_directory_follows_override_then_XDG(string? sla, string? xdg, string? home, string expected)
    {
        if (OperatingSystem.IsWindows()) return; // XDG rules apply on Linux and macOS only; CI runs Linux.
        var env = new Dictionary<string, string?> { ["SLA_CACHE_DIR"] = sla, ["XDG_CACHE_HOME"] = xdg, ["HOME"] = home };
        Assert.Equal(expected, EvaluatorCache.DefaultDirectory(n => env.GetValueOrDefault(n)));
    }

    public static readonly TheoryData<string> Corruptions = new()
    {
        "truncate-payload", "truncate-header", "flip-payload-bit", "flip-checksum-bit", "flip-length", "empty", "garbage",
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_entry_is_detected_and_rebuilt(string corruption)
    {
        var cache = new EvaluatorCache(TempFolder("cache"));
        var key = EvaluatorCache.KeyFor("contract C " + corruption);
        var (compile, calls) = CountingCompiler("C");
        var good = cache.GetOrCompile(key, compile).AssemblyBytes!;
        var path = cache.EntryPath(key);
        var bytes = File.ReadAllBytes(path);
        var headerLength = bytes.Length - good.Length;
        byte[] damaged = corruption switch
        {
            "truncate-payload" => bytes[..^1],
            "truncate-header" => bytes[..(headerLength - 3)],
            "flip-payload-bit" => Flip(bytes, headerLength + good.Length / 2),
            "flip-checksum-bit" => Flip(bytes, headerLength - 1),
            "flip-length" => Flip(bytes, headerLength - 32 - 8),
            "empty" => [],
            "garbage" => RandomNumberGenerator.GetBytes(bytes.Length),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
        File.WriteAllBytes(path, damaged);

        var rebuilt = cache.GetOrCompile(key, compile);

        Assert.Equal(CacheOutcome.RebuiltCorrupt, rebuilt.Outcome);
        Assert.Equal(2, calls());
        Assert.Equal(good, rebuilt.AssemblyBytes);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(CacheOutcome.Hit, cache.GetOrCompile(key, compile).Outcome);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x10;
        return copy;
    }

    [Fact]
    public async Task Parallel_writers_and_readers_never_see_a_torn_entry()
    {
        // Writers replace one key with large distinct payloads while readers read it: every read must be absent or a
        // whole payload that some writer wrote, never a found-but-corrupt entry.
        var cache = new EvaluatorCache(TempFolder("cache"));
        var key = EvaluatorCache.KeyFor("shared");
        var payloads = Enumerable.Range(0, 6).Select(i => RandomNumberGenerator.GetBytes(512 * 1024 + i)).ToArray();
        var known = payloads.Select(Convert.ToHexString).ToHashSet();
        var torn = 0;
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var writers = payloads.Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 15; i++) cache.Store(key, p);
        })).ToArray();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (found, payload) = cache.TryRead(key);
                Interlocked.Increment(ref reads);
                if (found && (payload is null || !known.Contains(Convert.ToHexString(payload)))) Interlocked.Increment(ref torn);
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, torn);
        Assert.True(reads > 0);
        Assert.Empty(Directory.GetFiles(cache.Directory, "*.tmp"));
        Assert.Contains(Convert.ToHexString(cache.TryRead(key).Payload!), known);
    }

    [Fact]
    public async Task Parallel_processes_sharing_a_cache_agree()
    {
        // Two fresh processes race on an empty cache: both succeed, one entry remains, and a third process hits it.
        var folder = TempFolder("cache-race");
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => RunProbe(folder, "Race Corp"))));
        Assert.All(runs, r => Assert.Contains("contract=Race Corp", r, StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(folder, "*.sladll"));
        Assert.Contains("outcome=Hit", RunProbe(folder, "Race Corp"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_hit_in_a_fresh_process_does_not_load_Roslyn()
    {
        var folder = TempFolder("cache-probe");

        var first = RunProbe(folder, "Fresh \"Process\" Corp\n");
        var second = RunProbe(folder, "Fresh \"Process\" Corp\n");

        // Control: the miss compiled, so Roslyn was loaded in that process; the probe can see it.
        Assert.Contains("outcome=Compiled", first, StringComparison.Ordinal);
        Assert.Contains("roslyn-loaded=True", first, StringComparison.Ordinal);
        Assert.Contains("assembly=Microsoft.CodeAnalysis", first, StringComparison.Ordinal);
        Assert.Contains("outcome=Hit", second, StringComparison.Ordinal);
        Assert.Contains("roslyn-loaded=False", second, StringComparison.Ordinal);
        Assert.DoesNotContain("assembly=Microsoft.CodeAnalysis", second, StringComparison.Ordinal);
        Assert.Contains("assembly=SlaKpiDsl.Runtime", second, StringComparison.Ordinal);
        Assert.Contains("contract=Fresh \"Process\" Corp", second, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contract_cache_hit_in_a_fresh_process_generates_no_source_and_loads_no_roslyn()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sla-contract-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            var contract = "--contract=" + Path.Combine(RepositoryPaths.Root, "examples", "contracts", "twilio.sla");
            var first = RunProbe(folder, contract);
            Assert.Contains("outcome=Compiled", first, StringComparison.Ordinal);
            Assert.Contains("roslyn-loaded=True", first, StringComparison.Ordinal); // the check can fail: a miss loads it
            var second = RunProbe(folder, contract);
            Assert.Contains("outcome=Hit", second, StringComparison.Ordinal);
            Assert.Contains("roslyn-loaded=False", second, StringComparison.Ordinal);
            Assert.Contains("contract=Twilio - Messaging", second, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static string RunProbe(string cacheFolder, string contractName)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "SlaKpiDsl.CacheProbe.dll");
        Assert.True(File.Exists(probe), probe);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", probe, cacheFolder, contractName }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "probe timed out");
        Assert.True(process.ExitCode == 0, $"probe exit {process.ExitCode}: {stderr.Result}\n{stdout}");
        return stdout;
    }
}
