using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Caching;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// The evaluator cache as an attacker meets it: entries planted, forged, swapped or copied, folders shared or broken.
/// Every case must end with the right evaluators (recompiled), a note saying why, and no planted code run.
/// </summary>
public sealed class CachePoisoningTests
{
    private static ImmutableArray<BoundContract> Bind(string file)
    {
        var check = ContractChecker.Check(SourceText.FromFile(Path.Combine(RepositoryPaths.Examples, file)));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        return check.Model!.Contracts;
    }

    private static readonly Lazy<ImmutableArray<BoundContract>> Slack = new(() => Bind("slack.sla"));
    private static readonly Lazy<ImmutableArray<BoundContract>> Twilio = new(() => Bind("twilio.sla"));

    /// <summary>A fresh cache folder (not yet created) with its own private key file, and the notes it reports.</summary>
    private static (EvaluatorCache Cache, List<CacheNote> Notes, string KeyFile) NewCache()
    {
        var notes = new List<CacheNote>();
        var keyFile = Path.Combine(TempFolder("key"), "private", "cache.key");
        var cache = new EvaluatorCache(Path.Combine(TempFolder("cache"), "c"), keyFile, n => { lock (notes) notes.Add(n); });
        return (cache, notes, keyFile);
    }

    private static EvaluatorCacheKey EntryKey(IReadOnlyList<BoundContract> contracts) =>
        EvaluatorCache.KeyFor(string.Join("\n", contracts.Select(ContractCompilation.SemanticHash)));

    /// <summary>
    /// The evaluator sla would build for <paramref name="contracts"/>, with a static constructor added to each contract's
    /// class that writes <paramref name="marker"/>, compiled outside the sandbox against the whole framework.
    /// </summary>
    private static byte[] PlantedAssembly(IReadOnlyList<BoundContract> contracts, string marker)
    {
        var trees = ContractCompilation.Generate(contracts).Zip(contracts, (source, contract) =>
        {
            var name = ContractEmitter.ClassName(contract);
            var header = $"public sealed class {name} : ";
            var at = source.Text.IndexOf(header, StringComparison.Ordinal);
            Assert.True(at >= 0, source.Text);
            var open = source.Text.IndexOf('{', at) + 1;
            var text = source.Text[..open] + $"\n    static {name}() {{ global::System.IO.File.WriteAllText({SymbolDisplay.FormatLiteral(marker, true)}, \"ran\"); }}\n" + source.Text[open..];
            return CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path: source.FileName);
        });
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("SlaKpiDsl.Generated.Planted", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return stream.ToArray();
    }

    /// <summary>The entry format before keyed MACs: magic, version 1, length, unkeyed SHA-256 of the payload.</summary>
    private static byte[] UnkeyedEntry(byte[] payload)
    {
        var header = new byte[9 + 1 + 8 + 32];
        "SLAKPIDLL"u8.CopyTo(header);
        header[9] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(10, 8), payload.LongLength);
        SHA256.HashData(payload).CopyTo(header, 18);
        return [.. header, .. payload];
    }

    public static readonly TheoryData<string> Plantings = new()
    {
        "unkeyed SHA-256, old format", // the issue's attack: the entry format with its checksum, and no key
        "unkeyed SHA-256, current version", // the same with the current version byte
        "MAC under another user's key", // a forger with a key of their own
        "valid MAC", // the key was stolen (or a bug stored it): the metadata sandbox check still refuses it
    };

    [Theory]
    [MemberData(nameof(Plantings))]
    public void A_planted_entry_with_a_static_constructor_is_refused_recompiled_and_never_runs(string planting)
    {
        var (cache, notes, _) = NewCache();
        var contracts = Slack.Value;
        var marker = Path.Combine(TempFolder("marker"), "planted-code-ran");
        var planted = PlantedAssembly(contracts, marker);
        var key = EntryKey(contracts);
        Directory.CreateDirectory(cache.Directory);
        switch (planting)
        {
            case "unkeyed SHA-256, old format":
                File.WriteAllBytes(cache.EntryPath(key), UnkeyedEntry(planted));
                break;
            case "unkeyed SHA-256, current version":
                var entry = UnkeyedEntry(planted);
                entry[9] = 2;
                File.WriteAllBytes(cache.EntryPath(key), entry);
                break;
            case "MAC under another user's key":
                new EvaluatorCache(cache.Directory, Path.Combine(TempFolder("forger"), "k", "cache.key"), null).Store(key, planted);
                break;
            case "valid MAC":
                cache.Store(key, planted);
                break;
        }
        Assert.True(File.Exists(cache.EntryPath(key)));

        using var compiled = ContractCompilation.Compile(contracts, cache);

        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        Assert.False(File.Exists(marker), "the planted static constructor ran");
        Assert.Equal(CacheOutcome.RebuiltCorrupt, compiled.CacheOutcome);
        Assert.Equal(contracts.Select(ContractCompilation.SemanticHash), compiled.Contracts.Select(c => c.SemanticHash));
        var note = Assert.Single(notes);
        Assert.Equal(CacheNoteKind.EntryRejected, note.Kind);
        Assert.Contains(planting == "valid MAC" ? "fails the sandbox check (type 'System.IO.File' is not allowed" : planting.StartsWith("unkeyed SHA-256, old", StringComparison.Ordinal) ? "is not an entry of this format" : "failed authentication",
            note.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("; recompiled", note.ToString(), StringComparison.Ordinal);
        // The entry was replaced by sla's own: the next run hits it, quietly.
        using var again = ContractCompilation.Compile(contracts, cache);
        Assert.Equal(CacheOutcome.Hit, again.CacheOutcome);
        Assert.Single(notes);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void A_planted_entry_is_refused_on_the_source_key_path_too_and_never_runs()
    {
        // `sla evaluate` first looks up the contracts' text (source index) and loads that entry without checking.
        var (cache, notes, _) = NewCache();
        var contracts = Slack.Value;
        var sourceKey = ContractCompilation.SourceKey(["slack source text"]);
        using (ContractCompilation.Compile(contracts, cache, sourceKey)) { }
        var marker = Path.Combine(TempFolder("marker"), "planted-code-ran");
        cache.Store(EntryKey(contracts), PlantedAssembly(contracts, marker)); // with the user's own key

        Assert.Null(ContractCompilation.TryLoadBySource(sourceKey, cache));

        Assert.False(File.Exists(marker), "the planted static constructor ran");
        Assert.Contains("fails the sandbox check", Assert.Single(notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_swapped_source_index_is_refused_and_the_right_contracts_are_compiled()
    {
        // The issue's case: one index file copied over another made `sla evaluate` answer with the other contracts.
        var (cache, notes, _) = NewCache();
        var slackKey = ContractCompilation.SourceKey(["slack"]);
        var twilioKey = ContractCompilation.SourceKey(["twilio"]);
        using (ContractCompilation.Compile(Slack.Value, cache, slackKey)) { }
        using (ContractCompilation.Compile(Twilio.Value, cache, twilioKey)) { }
        using (var before = ContractCompilation.TryLoadBySource(slackKey, cache)) Assert.Equal("Slack", before!.Contracts.Single().ContractName[..5]);

        File.Copy(cache.SourceIndexPath(twilioKey), cache.SourceIndexPath(slackKey), overwrite: true);

        Assert.Null(ContractCompilation.TryLoadBySource(slackKey, cache));
        Assert.Contains($"source index {slackKey.Hex[..16]} failed authentication; contracts checked and recompiled", Assert.Single(notes).ToString(), StringComparison.Ordinal);
        // What a command does next: check and compile, which rewrites the index; then the source key hits again.
        using (var compiled = ContractCompilation.Compile(Slack.Value, cache, slackKey))
            Assert.Equal(Slack.Value.Select(c => c.Name), compiled.Contracts.Select(c => c.ContractName));
        using var hit = ContractCompilation.TryLoadBySource(slackKey, cache);
        Assert.Equal(Slack.Value.Select(c => c.Name), hit!.Contracts.Select(c => c.ContractName));
    }

    [Fact]
    public void Another_contracts_entry_copied_in_is_refused_and_recompiled()
    {
        // Before: KeyNotFoundException on every run until the cache was deleted.
        var (cache, notes, _) = NewCache();
        using (ContractCompilation.Compile(Twilio.Value, cache)) { }
        Directory.CreateDirectory(cache.Directory);
        File.Copy(cache.EntryPath(EntryKey(Twilio.Value)), cache.EntryPath(EntryKey(Slack.Value)));

        using var compiled = ContractCompilation.Compile(Slack.Value, cache);

        Assert.True(compiled.Succeeded);
        Assert.Equal(CacheOutcome.RebuiltCorrupt, compiled.CacheOutcome);
        Assert.Equal(Slack.Value.Select(c => c.Name), compiled.Contracts.Select(c => c.ContractName));
        Assert.Contains("failed authentication; recompiled", Assert.Single(notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_contracts_authentic_entry_under_this_key_is_refused_by_its_contents()
    {
        // Defence in depth behind the MAC: even an authentic entry must hold the contracts asked for.
        var (cache, notes, _) = NewCache();
        using (var twilio = ContractCompilation.Compile(Twilio.Value, cache)) { }
        cache.Store(EntryKey(Slack.Value), cache.TryRead(EntryKey(Twilio.Value)).Payload!);

        using var compiled = ContractCompilation.Compile(Slack.Value, cache);

        Assert.Equal(Slack.Value.Select(c => c.Name), compiled.Contracts.Select(c => c.ContractName));
        Assert.Equal(CacheOutcome.RebuiltCorrupt, compiled.CacheOutcome);
        Assert.Contains("holds no evaluator for contract model", Assert.Single(notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_writable_cache_folder_is_refused_and_nothing_is_read_or_written()
    {
        if (OperatingSystem.IsWindows()) return; // Unix permissions; CI runs Linux
        var (cache, notes, _) = NewCache();
        using (ContractCompilation.Compile(Slack.Value, cache)) { } // a valid entry, then the folder is opened up
        File.SetUnixFileMode(cache.Directory, File.GetUnixFileMode(cache.Directory) | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var reopened = new EvaluatorCache(cache.Directory, cache.KeyFile, n => notes.Add(n));
        var before = Directory.GetFiles(cache.Directory).Order(StringComparer.Ordinal).ToArray();

        using var compiled = ContractCompilation.Compile(Twilio.Value, reopened);

        Assert.True(compiled.Succeeded);
        Assert.Equal(CacheOutcome.Disabled, compiled.CacheOutcome);
        Assert.Equal(before, Directory.GetFiles(cache.Directory).Order(StringComparer.Ordinal).ToArray());
        var warning = Assert.Single(notes);
        Assert.Equal(CacheNoteKind.CacheDisabled, warning.Kind);
        Assert.Matches(@"^warning: cache: folder '.*' is writable by group or others \(mode 77\d; chmod go-w it\); continuing without the cache$", warning.ToString());
    }

    [Fact]
    public void A_key_file_readable_by_others_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        var (cache, notes, keyFile) = NewCache();
        Assert.True(cache.Enabled); // creates the key, 0600
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var reopened = new EvaluatorCache(cache.Directory, keyFile, n => notes.Add(n));
        using var compiled = ContractCompilation.Compile(Slack.Value, reopened);

        Assert.Equal(CacheOutcome.Disabled, compiled.CacheOutcome);
        Assert.Contains("is accessible by group or others (mode 644; chmod 600 it); continuing without the cache", Assert.Single(notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_path_that_is_a_file_degrades_with_a_warning()
    {
        var (cache, notes, keyFile) = NewCache();
        File.WriteAllText(cache.Directory, "not a folder");

        using var compiled = ContractCompilation.Compile(Slack.Value, cache);

        Assert.True(compiled.Succeeded);
        Assert.Equal(CacheOutcome.Disabled, compiled.CacheOutcome);
        Assert.Contains("is a file, not a folder; continuing without the cache", Assert.Single(notes).ToString(), StringComparison.Ordinal);
        Assert.Null(ContractCompilation.TryLoadBySource(ContractCompilation.SourceKey(["x"]), cache));
    }

    [Fact]
    public void A_malformed_cache_folder_with_unreadable_unwritable_entries_degrades_with_warnings()
    {
        // A folder where the entry and index should be files: reading fails, writing fails; the run still compiles.
        var (cache, notes, _) = NewCache();
        var sourceKey = ContractCompilation.SourceKey(["slack"]);
        Directory.CreateDirectory(cache.EntryPath(EntryKey(Slack.Value)));
        Directory.CreateDirectory(cache.SourceIndexPath(sourceKey));
        File.WriteAllText(Path.Combine(cache.Directory, "garbage.sladll"), "garbage");

        Assert.Null(ContractCompilation.TryLoadBySource(sourceKey, cache));
        using var compiled = ContractCompilation.Compile(Slack.Value, cache, sourceKey);

        Assert.True(compiled.Succeeded);
        Assert.Equal(Slack.Value.Select(c => c.Name), compiled.Contracts.Select(c => c.ContractName));
        var lines = notes.Select(n => n.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith($"cache: source index {sourceKey.Hex[..16]} cannot be read", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"cache: entry {EntryKey(Slack.Value).Hex[..16]} cannot be read", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("warning: cache: '" + EntryKey(Slack.Value).Hex + ".sladll' could not be written", StringComparison.Ordinal) && l.EndsWith("; not cached", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("warning: cache: '" + sourceKey.Hex + ".slasrc' could not be written", StringComparison.Ordinal));
    }

    [Fact]
    public void A_read_only_cache_folder_degrades_with_a_warning()
    {
        if (OperatingSystem.IsWindows()) return;
        var (cache, notes, _) = NewCache();
        Assert.True(cache.Enabled); // creates the folder
        File.SetUnixFileMode(cache.Directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            // Root writes into a read-only folder anyway; then a folder where the entry would go makes it unwritable.
            var probe = Path.Combine(cache.Directory, "probe");
            var writable = TryCreate(probe);
            if (writable)
            {
                File.Delete(probe);
                Directory.CreateDirectory(cache.EntryPath(EntryKey(Slack.Value)));
            }

            using var compiled = ContractCompilation.Compile(Slack.Value, cache);

            Assert.True(compiled.Succeeded);
            Assert.Equal(Slack.Value.Select(c => c.Name), compiled.Contracts.Select(c => c.ContractName));
            Assert.Contains(notes, n => n.Kind == CacheNoteKind.NotStored && n.ToString().Contains("could not be written", StringComparison.Ordinal));
        }
        finally
        {
            File.SetUnixFileMode(cache.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool TryCreate(string path)
    {
        try
        {
            File.WriteAllText(path, "");
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public void Two_processes_creating_the_key_at_once_agree_on_one_key()
    {
        // Many rounds: the race (two creators each installing and keeping their own key) shows in a few rounds out of many.
        for (var round = 0; round < 40; round++)
        {
            var keyFile = Path.Combine(TempFolder($"key-race-{round}"), "private", "cache.key");
            var authenticators = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
                .Select(_ => CacheAuthenticator.Open(keyFile, out var refusal) ?? throw new InvalidOperationException(refusal!.ToString())).ToList();
            var macs = authenticators.Select(a => Convert.ToHexString(a.Mac("p", "n", "x"u8))).Distinct().ToList();
            Assert.Single(macs);
            Assert.Equal([keyFile], Directory.GetFiles(Path.GetDirectoryName(keyFile)!));
        }
    }
}
