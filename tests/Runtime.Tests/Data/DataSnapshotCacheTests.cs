using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Caching;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Tests.Data.Examples;

namespace SlaKpiDsl.Runtime.Tests.Data;

public sealed class DataSnapshotCacheTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sla-snap-data-").FullName;
    private readonly string _cache = Directory.CreateTempSubdirectory("sla-snap-cache-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_cache, recursive: true);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_data, name), text);

    private const string Incidents = "id,service,severity,impact,started,resolved,cause\n" +
        "I1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z,\n" +
        "I2,api,2,degraded,2026-11-11T14:00:00Z,2026-11-11T14:30:00Z,customer\n";

    private void WriteSmallDirectory()
    {
        Write("incidents.csv", Incidents);
        Write("alerts.csv", "id,service,raised,acknowledged\nA1,api,2026-11-10T14:00:00Z,\nA2,api,2026-11-10T15:00:00Z,2026-11-10T15:04:00Z\n");
        Write("requests.csv", "service,start,length,total,good,histogram,p50_ms,p90_ms,p95_ms,p99_ms\n" +
            "api,2026-10-01T00:00:00Z,5m,5867,5865,le_100=4106;le_250=1290;le_500=352;le_1000=88;inf=31,,,,\n" +
            "web,2026-10-01T00:00:00Z,1m,100,99,,12.5,40,60.25,120\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_directory_with_a_large_incidents_file_is_parsed_into_columns_and_never_stored(bool linked)
    {
        var text = new StringBuilder("id,service,severity,impact,started,resolved\n");
        var start = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (var i = 0; text.Length <= DataSnapshotCache.LargestIncidentsFileBytes; i++)
        {
            var at = start + Duration.FromMinutes(i);
            text.Append(CultureInfo.InvariantCulture, $"INC-{i},svc-{i % 7},{1 + i % 3},outage,{at:uuuu-MM-dd'T'HH:mm:ss'Z'},{at + Duration.FromSeconds(30):uuuu-MM-dd'T'HH:mm:ss'Z'}\n");
        }
        if (linked)
        {
            // A symbolic link's own length is a few bytes: the rule must go by the file it opens.
            var target = Path.Combine(_cache, "..", Path.GetFileName(_data) + "-incidents.csv");
            File.WriteAllText(target, text.ToString());
            File.CreateSymbolicLink(Path.Combine(_data, "incidents.csv"), Path.GetFullPath(target));
        }
        else
        {
            Write("incidents.csv", text.ToString());
        }
        Write("alerts.csv", "id,service,raised,acknowledged\nA1,api,2026-11-10T14:00:00Z,\n");
        var direct = DataDirectory.Load(_data);
        var cache = new DataSnapshotCache(_cache);

        var first = cache.Load(_data, out var firstOutcome, incidentsInColumns: true);
        var second = cache.Load(_data, out var secondOutcome, incidentsInColumns: true);

        Assert.Equal(DataSnapshotOutcome.IncidentsTooLarge, firstOutcome);
        Assert.Equal(DataSnapshotOutcome.IncidentsTooLarge, secondOutcome);
        Assert.Empty(Directory.GetFiles(_cache, "*.sladata", SearchOption.AllDirectories));
        Assert.Empty(second.Data.Incidents);
        Assert.Equal(Describe(direct.Data), Describe(second.Data with { Incidents = second.Data.IncidentTable!.ToImmutableArray() }));
        Assert.Equal(direct.Sha256, first.Sha256);
        Assert.Equal(direct.Sha256, second.Sha256);
        // Unhashed (a command that records no data hash): the same records, no hash, still nothing stored.
        var unhashed = cache.Load(_data, out var unhashedOutcome, incidentsInColumns: true, hashed: false);
        Assert.Equal(DataSnapshotOutcome.IncidentsTooLarge, unhashedOutcome);
        Assert.Null(unhashed.Sha256);
        Assert.NotNull(direct.Sha256);
        Assert.Equal(Describe(direct.Data), Describe(unhashed.Data with { Incidents = unhashed.Data.IncidentTable!.ToImmutableArray() }));
        Assert.Empty(Directory.GetFiles(_cache, "*.sladata", SearchOption.AllDirectories));
        if (linked) File.Delete(Path.GetFullPath(Path.Combine(_cache, "..", Path.GetFileName(_data) + "-incidents.csv")));
    }

    [Fact]
    public void A_small_directory_is_still_snapshotted_and_its_incidents_come_back_in_columns()
    {
        WriteSmallDirectory();
        var direct = DataDirectory.Load(_data);
        var cache = new DataSnapshotCache(_cache);

        // Asked not to hash, a load that may be stored still carries its hash (a later statement reads it from the snapshot).
        var stored = cache.Load(_data, out var firstOutcome, incidentsInColumns: true, hashed: false);
        var hit = cache.Load(_data, out var secondOutcome, incidentsInColumns: true, hashed: false);

        Assert.Equal(DataSnapshotOutcome.Stored, firstOutcome);
        Assert.Equal(DataSnapshotOutcome.Hit, secondOutcome);
        Assert.Equal(Describe(direct.Data), Describe(hit.Data with { Incidents = hit.Data.IncidentTable!.ToImmutableArray() }));
        Assert.Equal(direct.Sha256, stored.Sha256);
        Assert.Equal(direct.Sha256, hit.Sha256);
    }

    [Fact]
    public void The_examples_come_back_field_for_field_from_their_snapshot()
    {
        var direct = DataDirectory.Load(RepositoryPaths.ExampleData);
        Assert.True(direct.Succeeded, direct.Log.Format());
        var cache = new DataSnapshotCache(_cache);

        var first = cache.Load(RepositoryPaths.ExampleData, out var firstOutcome);
        var second = cache.Load(RepositoryPaths.ExampleData, out var secondOutcome);

        Assert.Equal(DataSnapshotOutcome.Stored, firstOutcome);
        Assert.Equal(DataSnapshotOutcome.Hit, secondOutcome);
        Assert.True(direct.Data.Requests.Length > 100_000);
        Assert.Equal(Describe(direct.Data), Describe(first.Data));
        Assert.Equal(Describe(direct.Data), Describe(second.Data));
        Assert.Equal(direct.FilesRead.ToArray(), second.FilesRead.ToArray());
        Assert.False(second.Log.HasErrors);
    }

    [Fact]
    public void Every_field_of_every_kind_survives_exactly_including_nanoseconds_and_decimal_scale()
    {
        var at = Instant.FromUtc(2026, 11, 10, 14, 0) + Duration.FromNanoseconds(123_456_789);
        var data = new DataSet(
            [new Incident("I1", "api", 2, Impact.Partial, at, at + Duration.FromMinutes(5), "customer", at, at + Duration.FromSeconds(1), null, "eu-west", ["sev", "db"], true) { AffectedShare = 0.25m, Team = "payments", Title = "Checkout returns 502, then recovers" },
             new Incident("I2", "api", 0, Impact.None, at, null)],
            [new Maintenance("M1", at - Duration.FromDays(8), at, at + Duration.FromHours(2), ["api", "web"]), new Maintenance("M2", at, at, at)],
            [new Alert("A1", "api", at, null), new Alert("A2", "web", at, at + Duration.FromMinutes(3))],
            [new RequestSlice("api", at, Duration.FromMinutes(1), 10, 9, new LatencyHistogram([100, 250], [5, 3, 2])),
             new RequestSlice("web", Instant.FromUtc(1900, 1, 1, 0, 0), Duration.FromDays(400) + Duration.FromNanoseconds(1), 0, 0, null,
                 ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(95, 250.50m), KeyValuePair.Create(99, 1000m)]))],
            [new Deployment("D1", "api", at, null), new Deployment("D2", "web", at, at + Duration.FromDays(31))]);
        var key = new byte[32];
        key[5] = 7;

        var authenticator = CacheAuthenticator.FromSecret(new byte[32]);

        var dataSha256 = Convert.ToHexStringLower(SHA256.HashData("the files"u8));
        var read = DataSnapshot.TryRead(DataSnapshot.Write(data, dataSha256, key, authenticator), key, authenticator, out var problem);

        Assert.NotNull(read);
        Assert.Null(problem);
        Assert.Equal(Describe(data), Describe(read.Value.Data));
        Assert.Equal(dataSha256, read.Value.Sha256);
        Assert.Contains("250.50", Describe(read.Value.Data));
        Assert.Equal([0.25m, null], read.Value.Data.Incidents.Select(i => i.AffectedShare));
        Assert.Equal(["payments", null], read.Value.Data.Incidents.Select(i => i.Team));
        Assert.Equal(["Checkout returns 502, then recovers", null], read.Value.Data.Incidents.Select(i => i.Title));
        Assert.Null(DataSnapshot.TryRead(DataSnapshot.Write(data, dataSha256, key, authenticator), new byte[32], authenticator, out problem)); // written for another key
        Assert.Equal("was written for other data", problem);
    }

    [Fact]
    public void A_changed_file_is_parsed_again_and_its_new_content_is_what_loads()
    {
        WriteSmallDirectory();
        var cache = new DataSnapshotCache(_cache);
        cache.Load(_data, out var first);
        cache.Load(_data, out var second);

        Write("incidents.csv", Incidents.Replace("2026-11-10T15:00:00Z", "2026-11-10T15:01:00Z", StringComparison.Ordinal));
        var changed = cache.Load(_data, out var afterChange);

        Assert.Equal((DataSnapshotOutcome.Stored, DataSnapshotOutcome.Hit, DataSnapshotOutcome.Stored), (first, second, afterChange));
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 15, 1), changed.Data.Incidents[0].Resolved);
        Assert.Equal(Describe(DataDirectory.Load(_data).Data), Describe(changed.Data));
    }

    [Fact]
    public void An_added_or_removed_file_is_another_key()
    {
        WriteSmallDirectory();
        var cache = new DataSnapshotCache(_cache);
        cache.Load(_data, out _);
        Write("deployments.csv", "id,service,start,end\nD1,api,2026-10-01T00:00:00Z,\n");
        var added = cache.Load(_data, out var afterAdd);
        File.Delete(Path.Combine(_data, "deployments.csv"));
        var removed = cache.Load(_data, out var afterRemove);

        Assert.Equal(DataSnapshotOutcome.Stored, afterAdd);
        Assert.Single(added.Data.Deployments);
        Assert.Equal(DataSnapshotOutcome.Hit, afterRemove); // the first snapshot again
        Assert.Empty(removed.Data.Deployments);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public void A_corrupt_entry_is_detected_and_rebuilt(string damage)
    {
        WriteSmallDirectory();
        var cache = new DataSnapshotCache(_cache);
        var original = cache.Load(_data, out _);
        var entry = Assert.Single(Directory.GetFiles(_cache, "*.sladata"));
        var bytes = File.ReadAllBytes(entry);
        File.WriteAllBytes(entry, damage switch
        {
            "flip" => Flip(bytes, bytes.Length - 20),
            "truncate" => bytes[..(bytes.Length / 2)],
            _ => [],
        });

        var rebuilt = cache.Load(_data, out var outcome);
        cache.Load(_data, out var next);

        Assert.Equal(DataSnapshotOutcome.Stored, outcome);
        Assert.Equal(Describe(original.Data), Describe(rebuilt.Data));
        Assert.Equal(bytes, File.ReadAllBytes(entry));
        Assert.Equal(DataSnapshotOutcome.Hit, next);
    }

    private string NewKeyFile() => Path.Combine(_cache, "key-" + Guid.NewGuid().ToString("N"), "cache.key");

    [Theory]
    [InlineData("another user's key")] // a snapshot forged with a key of the forger's own
    [InlineData("renamed")] // another directory's authentic snapshot copied under this key's name, its key field rewritten
    public void A_forged_or_renamed_snapshot_is_refused_with_a_note_and_the_files_are_parsed_again(string forgery)
    {
        WriteSmallDirectory();
        var notes = new List<CacheNote>();
        var snapshots = Path.Combine(_cache, "snapshots");
        var keyFile = NewKeyFile();
        var cache = new DataSnapshotCache(snapshots, keyFile, notes.Add);
        var original = cache.Load(_data, out _);
        var entry = Assert.Single(Directory.GetFiles(snapshots, "*.sladata"));
        var key = File.ReadAllBytes(entry).AsSpan(8, 32).ToArray();
        var planted = original.Data with { Incidents = [] }; // what the forger wants read: no incidents, every guarantee met
        byte[] forged;
        if (forgery == "another user's key")
        {
            forged = DataSnapshot.Write(planted, original.Sha256!, key, CacheAuthenticator.FromSecret(RandomNumberGenerator.GetBytes(32)));
        }
        else
        {
            var authentic = CacheAuthenticator.Open(keyFile, out _)!;
            forged = DataSnapshot.Write(planted, original.Sha256!, RandomNumberGenerator.GetBytes(32), authentic);
            key.CopyTo(forged, 8);
        }
        File.WriteAllBytes(entry, forged);

        var load = cache.Load(_data, out var outcome);

        Assert.Equal(DataSnapshotOutcome.Stored, outcome);
        Assert.Equal(2, load.Data.Incidents.Length);
        Assert.Equal(Describe(original.Data), Describe(load.Data));
        Assert.Equal($"cache: data snapshot '{Path.GetFileName(entry)}' failed authentication; data parsed again", Assert.Single(notes).ToString());
        cache.Load(_data, out var next);
        Assert.Equal(DataSnapshotOutcome.Hit, next);
    }

    [Fact]
    public void A_group_writable_snapshot_folder_is_refused_and_the_data_is_parsed()
    {
        if (OperatingSystem.IsWindows()) return; // Unix permissions; CI runs Linux
        WriteSmallDirectory();
        var notes = new List<CacheNote>();
        var snapshots = Path.Combine(_cache, "shared");
        Directory.CreateDirectory(snapshots);
        File.SetUnixFileMode(snapshots, (UnixFileMode)0b111_111_101); // 0775

        var load = new DataSnapshotCache(snapshots, NewKeyFile(), notes.Add).Load(_data, out var outcome);

        Assert.True(load.Succeeded);
        Assert.Equal(DataSnapshotOutcome.CacheDisabled, outcome);
        Assert.Empty(Directory.GetFiles(snapshots));
        Assert.Contains("is writable by group or others (mode 775; chmod go-w it); continuing without the cache", Assert.Single(notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unwritable_snapshot_folder_degrades_with_a_warning()
    {
        WriteSmallDirectory();
        var notes = new List<CacheNote>();
        var snapshots = Path.Combine(_cache, "blocked");
        var cache = new DataSnapshotCache(snapshots, NewKeyFile(), notes.Add);
        cache.Load(_data, out _);
        var entry = Assert.Single(Directory.GetFiles(snapshots, "*.sladata"));
        File.Delete(entry);
        Directory.CreateDirectory(entry); // where the snapshot would go: unreadable and unwritable, even for root

        var load = cache.Load(_data, out var outcome);

        Assert.True(load.Succeeded);
        Assert.Equal(DataSnapshotOutcome.NotStored, outcome);
        Assert.Equal(2, notes.Count);
        Assert.Contains("cannot be read", notes[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("warning: cache: data snapshot", notes[1].ToString(), StringComparison.Ordinal);
        Assert.EndsWith("could not be written; not cached", notes[1].ToString().Replace(notes[1].Reason, "could not be written", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_data_is_never_snapshotted_and_is_reported_with_file_line_and_field_every_time()
    {
        WriteSmallDirectory();
        Write("incidents.csv", Incidents + "I3,api,1,boom,2026-11-12T14:00:00Z,,\n");
        var cache = new DataSnapshotCache(_cache);

        var first = cache.Load(_data, out var firstOutcome);
        var second = cache.Load(_data, out var secondOutcome);

        Assert.Equal((DataSnapshotOutcome.NotStored, DataSnapshotOutcome.NotStored), (firstOutcome, secondOutcome));
        Assert.Empty(Directory.GetFiles(_cache, "*.sladata"));
        foreach (var load in new[] { first, second })
        {
            Assert.False(load.Succeeded);
            var error = Assert.Single(load.Log.Errors);
            Assert.Equal((4, "impact", DataErrorCodes.UnknownEnumeration), (error.Line, error.Field, error.Code));
            Assert.EndsWith("incidents.csv", error.File);
            Assert.Equal(DataDirectory.Load(_data).Log.Format(), load.Log.Format());
        }
    }

    [Fact]
    public void A_misspelt_file_name_is_reported_as_the_loader_reports_it()
    {
        WriteSmallDirectory();
        Write("incident.csv", "");
        var load = new DataSnapshotCache(_cache).Load(_data, out var outcome);
        Assert.Equal(DataSnapshotOutcome.NotStored, outcome);
        Assert.Equal(DataErrorCodes.UnknownFile, Assert.Single(load.Log.Errors).Code);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }

    /// <summary>Every field of every record as text (records hold ImmutableArrays, whose equality is by reference).</summary>
    private static string Describe(DataSet data)
    {
        var s = new StringBuilder();
        static string I(Instant? i) => i is { } v ? (v - NodaConstants.UnixEpoch).ToInt64Nanoseconds().ToString(CultureInfo.InvariantCulture) : "-";
        static string L(ImmutableArray<string> xs) => "[" + string.Join(",", xs) + "]";
        foreach (var i in data.Incidents)
            s.AppendLine($"I {i.Id}|{i.Service}|{i.Severity}|{i.Impact}|{I(i.Started)}|{I(i.Resolved)}|{i.Cause}|{I(i.Detected)}|{I(i.Acknowledged)}|{I(i.Responded)}|{i.Region}|{L(i.Tags)}|{i.PostmortemCompleted}");
        foreach (var m in data.Maintenance) s.AppendLine($"M {m.Id}|{I(m.Announced)}|{I(m.Start)}|{I(m.End)}|{L(m.Services)}");
        foreach (var a in data.Alerts) s.AppendLine($"A {a.Id}|{a.Service}|{I(a.Raised)}|{I(a.Acknowledged)}");
        foreach (var r in data.Requests)
            s.AppendLine($"R {r.Service}|{I(r.Start)}|{r.Length.ToInt64Nanoseconds()}|{r.Total}|{r.Good}|" +
                (r.Histogram is { } h ? string.Join(",", h.UpperBoundsMs) + "/" + string.Join(",", h.Counts) : "-") + "|" +
                string.Join(",", r.PercentilesMs.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}")));
        foreach (var d in data.Deployments) s.AppendLine($"D {d.Id}|{d.Service}|{I(d.Start)}|{I(d.End)}");
        return s.ToString();
    }
}
