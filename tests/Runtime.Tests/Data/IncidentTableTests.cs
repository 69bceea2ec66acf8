using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// Incidents in columns (<see cref="IncidentTable"/>) give back exactly the incidents put in, rows that do not fit the
/// columns included; the column loader answers exactly as the object loader (rows, order, errors with their locations),
/// and a partition of the columns gives each service exactly the incidents a partition of the objects gives.
/// </summary>
public sealed class IncidentTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("incident-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 1, 0, 0);

    /// <summary>Every property, the affected share and the team too (<see cref="IncidentChunkParserTests.Describe"/> plus those).</summary>
    private static string Describe(Incident r) => IncidentChunkParserTests.Describe(r) + "|" + r.AffectedShare + "|" + r.Team;

    private static List<Incident> Parsed(int count)
    {
        var log = new DataErrorLog();
        var text = string.Join("\n", [IncidentChunkParserTests.Header, .. Enumerable.Range(0, count).Select(IncidentChunkParserTests.Row)]) + "\n";
        List<Incident> records = [.. DataFile.ReadCsv(IncidentFormat.Instance, new StringReader(text), "incidents.csv", log)];
        Assert.False(log.HasErrors, log.Format());
        return records;
    }

    /// <summary>Each row is one the columns cannot encode, so it is kept whole; the comment says why.</summary>
    private static IEnumerable<Incident> Unusual() =>
    [
        new("share", "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5)) { AffectedShare = 0.25m },         // an affected share
        new("titled", "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5)) { Title = "Checkout returns 502" }, // a title (free text)
        new("inc-\u00e9", "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5)),                                // a non-ASCII id
        new("sev", "api", 300, Impact.Partial, T0, null),                                                           // severity above a byte
        new("nanos", "web", 2, Impact.Degraded, T0 + Duration.FromNanoseconds(1), T0 + Duration.FromHours(1)),      // a start finer than a tick
        new("half", "web", 2, Impact.Outage, T0, T0 + Duration.FromMilliseconds(1500)),                             // resolved 1.5 s after the start
        new("far", "web", 2, Impact.Outage, T0, T0 + Duration.FromDays(60_000)),                                    // resolved 164 years after the start
        new("tick", "api", 0, Impact.None, T0 + Duration.FromTicks(1), null, detected: T0 + Duration.FromTicks(1)), // a start in ticks: fits
        new("all", "db", 4, Impact.Outage, T0, T0 + Duration.FromHours(3), "provider", T0 + Duration.FromMinutes(1),
            T0 + Duration.FromMinutes(2), T0 + Duration.FromMinutes(3), "eu-west-1", ["db", "network"], true) { Team = "payments" }, // every field set: fits
    ];

    [Fact]
    public void Every_row_comes_back_equal_to_the_incident_appended()
    {
        List<Incident> incidents = [.. Parsed(3_000).Take(1_500), .. Unusual(), .. Parsed(3_000).Skip(1_500)];
        // Several segments (a small segment size is not configurable: Of cuts at 65,536 rows; the loader test below cuts many).
        var table = IncidentTable.Of(incidents);
        Assert.Equal(incidents.Count, table.Count);
        Assert.Equal(incidents.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
        Assert.Equal(incidents.Select(Describe), table.ToImmutableArray().Select(Describe));
        int[] some = [0, 7, 1_500, 1_503, 1_507, table.Count - 1];
        Assert.Equal(some.Select(i => Describe(incidents[i])), table.Materialize(some).Select(Describe));
    }

    [Fact]
    public void Random_incidents_come_back_equal()
    {
        var instant = Gen.Long[0, 40_000_000_000_000_000L].Select(t => Instant.FromUnixTimeTicks(t));
        var offset = Gen.OneOf(Gen.Const((Duration?)null), Gen.Long[0, 10_000_000].Select(s => (Duration?)Duration.FromSeconds(s)),
            Gen.Long[0, long.MaxValue / 4].Select(n => (Duration?)Duration.FromNanoseconds(n)));
        var word = Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"provider"), Gen.Const((string?)"customer"), Gen.String[Gen.Char['a', 'z'], 1, 4].Select(s => (string?)s));
        var gen = Gen.Select(Gen.Select(Gen.String[Gen.Char['!', '\u00ff'], 1, 12], Gen.Int[0, 5], Gen.Int[0, 300], Gen.Int[0, 3], instant),
            Gen.Select(offset, offset, offset, offset), Gen.Select(word, word, Gen.Bool, Gen.Int[0, 3]));
        gen.Array[0, 300].Sample(rows =>
        {
            var incidents = rows.Select((r, i) =>
            {
                var ((id, service, severity, impact, started), (resolved, detected, acknowledged, responded), (cause, region, tagged, postmortem)) = r;
                return new Incident(id + i, "s" + service, severity, (Impact)impact, started, started + resolved, cause, started + detected,
                    started + acknowledged, started + responded, region, tagged ? ["a", cause ?? "b"] : [],
                    postmortem switch { 0 => null, 1 => false, _ => true }) { Team = postmortem == 3 ? null : region };
            }).ToList();
            var table = IncidentTable.Of(incidents);
            Assert.Equal(incidents.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
        });
    }

    private string Write(string text)
    {
        var path = Path.Combine(_folder, "incidents.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_column_reader_gives_the_object_loaders_rows_in_order_over_many_chunks()
    {
        var path = Write(string.Join("\n", [IncidentChunkParserTests.Header, .. Enumerable.Range(0, 5_000).Select(IncidentChunkParserTests.Row)]) + "\n");
        var log = new DataErrorLog();
        var expected = DataFile.Load(IncidentFormat.Instance, path, log);
        Assert.False(log.HasErrors, log.Format());
        var table = ParallelCsvReader.TryReadIncidentTable(path, DataLoadOptions.Default, chunkBytes: 4096);
        Assert.NotNull(table);
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Fact]
    public void A_row_the_fast_parser_leaves_to_sep_is_read_by_sep_into_the_columns()
    {
        // Local times with a zone (no offset) in one chunk: that chunk goes through Sep, the rest through the byte parser.
        var lines = Enumerable.Range(0, 2_000).Select(IncidentChunkParserTests.Row).ToList();
        lines[1_000] = "INC-sep,api,sev2,Outage,,2026-11-10T14:00:00Z,,,,2026-11-10T15:00:00Z,,,";
        var path = Write(string.Join("\n", [IncidentChunkParserTests.Header, .. lines]) + "\n");
        var log = new DataErrorLog();
        var expected = DataFile.Load(IncidentFormat.Instance, path, log);
        Assert.False(log.HasErrors, log.Format());
        var table = ParallelCsvReader.TryReadIncidentTable(path, DataLoadOptions.Default, chunkBytes: 4096);
        Assert.NotNull(table);
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Fact]
    public void A_file_with_a_team_column_keeps_every_team_in_the_columns()
    {
        // The team column makes the byte parser decline: Sep reads the chunks and the columns keep the teams.
        var lines = Enumerable.Range(0, 2_000).Select(i => IncidentChunkParserTests.Row(i) + "," + (i % 3 == 0 ? "" : i % 3 == 1 ? "payments" : "platform-core")).ToList();
        var path = Write(string.Join("\n", [IncidentChunkParserTests.Header + ",team", .. lines]) + "\n");
        var log = new DataErrorLog();
        var expected = DataFile.Load(IncidentFormat.Instance, path, log);
        Assert.False(log.HasErrors, log.Format());
        Assert.Contains(expected, i => i.Team == "payments");
        var table = ParallelCsvReader.TryReadIncidentTable(path, DataLoadOptions.Default, chunkBytes: 4096);
        Assert.NotNull(table);
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Fact]
    public void A_duplicate_id_is_left_to_the_streaming_reader_which_reports_it_where_it_is()
    {
        var lines = Enumerable.Range(0, 3_000).Select(IncidentChunkParserTests.Row).ToList();
        lines[2_500] = lines[10]; // INC-10 again, in another chunk
        var path = Write(string.Join("\n", [IncidentChunkParserTests.Header, .. lines]) + "\n");
        Assert.Null(ParallelCsvReader.TryReadIncidentTable(path, DataLoadOptions.Default, chunkBytes: 4096));
        var objectLog = new DataErrorLog();
        var expected = DataFile.Load(IncidentFormat.Instance, path, objectLog);
        var columnLog = new DataErrorLog();
        var table = DataFile.LoadIncidentTable(path, columnLog);
        Assert.True(columnLog.HasErrors);
        Assert.Equal(objectLog.Format(), columnLog.Format());
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Fact]
    public void A_file_with_bad_rows_gives_the_same_rows_and_the_same_located_errors()
    {
        var lines = Enumerable.Range(0, 200).Select(IncidentChunkParserTests.Row).ToList();
        lines[50] = "INC-bad,api,1,sideways,,2026-11-10T14:00:00Z,,,,2026-11-10T13:00:00Z,,,";
        var path = Write(string.Join("\n", [IncidentChunkParserTests.Header, .. lines]) + "\n");
        var objectLog = new DataErrorLog();
        var expected = DataFile.Load(IncidentFormat.Instance, path, objectLog);
        var columnLog = new DataErrorLog();
        var table = DataFile.LoadIncidentTable(path, columnLog);
        Assert.Equal(2, columnLog.ErrorCount); // the impact and the resolution before the start, each with its line and field
        Assert.Equal(objectLog.Format(), columnLog.Format());
        Assert.Equal(expected.Select(Describe), table.ToImmutableArray().Select(Describe));
    }

    [Fact]
    public void A_partition_of_the_columns_gives_each_service_the_incidents_a_partition_of_the_objects_gives()
    {
        var gen = Gen.Select(Gen.Int[0, 5].Array[0, 400], Gen.Int[0, 6].Array[1, 5]);
        gen.Sample((rows, asked) =>
        {
            ImmutableArray<Incident> incidents = [.. rows.Select((s, i) => new Incident("i" + i, "s" + s, 1, Impact.Outage,
                T0 + Duration.FromMinutes((i * 7) % 100), i % 9 == 0 ? null : T0 + Duration.FromMinutes((i * 7) % 100 + 5)))];
            var services = asked.Select(a => "s" + a).ToList();
            var fromObjects = ServicePartition.Create(incidents, []);
            var fromColumns = ServicePartition.Create(IncidentTable.Of(incidents), []);
            Assert.Equal(fromObjects.IncidentsOf(services).Select(Describe), fromColumns.IncidentsOf(services).Select(Describe));
            foreach (var service in services)
                Assert.Equal(fromObjects.IncidentsOf([service]).Select(Describe), fromColumns.IncidentsOf([service]).Select(Describe));
        });
    }

    [Fact]
    public void A_segment_with_more_than_65536_words_keeps_services_past_16_bits()
    {
        // Row 0's cause is word 0, so the 65,536 services are words 1..65,536: the last needs the 32-bit service column.
        var incidents = Enumerable.Range(0, IncidentTable.SegmentRows).Select(i => new Incident("i" + i, "s" + i, 1, Impact.Outage,
            T0 + Duration.FromSeconds(i), T0 + Duration.FromSeconds(i + 60), cause: i == 0 ? "provider" : null)).ToList();
        var table = IncidentTable.Of(incidents);
        Assert.Equal(incidents.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
        var rows = table.RowsByService();
        Assert.Equal(incidents.Count, rows.Count);
        Assert.Equal([incidents.Count - 1], rows["s" + (incidents.Count - 1)]);
        Assert.Equal([0], rows["s0"]);
    }

    [Fact]
    public void Starts_are_whole_seconds_after_the_first_only_while_every_start_is()
    {
        Incident At(string id, Instant start) => new(id, "api", 1, Impact.Outage, start, start + Duration.FromMinutes(5));
        List<Incident>[] cases =
        [
            [At("a", T0), At("b", T0 - Duration.FromHours(1)), At("c", T0 + Duration.FromDays(30))],                    // before and after the first: seconds
            [At("a", T0), At("b", T0 + Duration.FromHours(1)), At("c", T0 + Duration.FromMilliseconds(500)), At("d", T0)], // half a second off: ticks from there
            [At("a", T0), At("b", T0 + Duration.FromDays(365 * 70)), At("c", T0)],                                     // 70 years on: past 32 bits
            [At("a", T0 + Duration.FromTicks(3)), At("b", T0 + Duration.FromTicks(3) + Duration.FromSeconds(1))],      // a first start finer than a second
            [new("w", "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5)) { AffectedShare = 0.5m }, At("a", T0 + Duration.FromDays(3)),
                At("b", T0 - Duration.FromDays(3))],                                                                      // the first row kept whole
        ];
        foreach (var incidents in cases)
        {
            var table = IncidentTable.Of(incidents);
            Assert.Equal(incidents.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
        }
    }

    [Fact]
    public void A_table_of_the_downtime_kernels_columns_reads_as_the_whole_table_and_makes_no_incidents()
    {
        List<Incident> incidents = [.. Parsed(3_000).Take(1_500), .. Unusual(), .. Parsed(3_000).Skip(1_500)];
        var all = IncidentTable.Of(incidents);
        var kernel = IncidentTable.Of(incidents, IncidentColumns.DowntimeKernel);
        Assert.Equal(all.Count, kernel.Count);
        Assert.True(kernel.ColumnBytes < all.ColumnBytes);
        // A row kept whole only for a field the kernel does not keep (a detected instant 1.5 s on) is in the lean columns.
        var k = 0;
        for (var row = 0; row < all.Count; row++)
        {
            var incident = all.Get(row);
            var lean = kernel.SegmentOf(row, ref k, out var leanRow);
            if (lean.IsWhole(leanRow)) { Assert.Equal(Describe(incident), Describe(lean.Whole(leanRow))); continue; }
            Assert.Equal(incident.Id, lean.Id(leanRow));
            Assert.Equal(incident.Service, lean.Service(leanRow));
            Assert.Equal(incident.Severity, lean.Severity(leanRow));
            Assert.Equal(incident.Impact, lean.ImpactOf(leanRow));
            Assert.Equal(incident.Cause, lean.Cause(leanRow));
            Assert.Equal(incident.Tags.AsEnumerable(), lean.Tags(leanRow).AsEnumerable());
            Assert.Equal(incident.Started.ToUnixTimeTicks(), lean.StartedTicks(leanRow));
            Assert.Equal(incident.Resolved is not null, lean.TryResolvedTicks(leanRow, out var resolved));
            Assert.Equal(incident.Resolved?.ToUnixTimeTicks() ?? 0, resolved);
        }
        Assert.Equal(all.RowsByService().OrderBy(p => p.Key), kernel.RowsByService().OrderBy(p => p.Key));
        Assert.Throws<InvalidOperationException>(() => kernel.Get(0));
    }

    [Fact]
    public void Columns_the_kernel_does_not_keep_are_still_validated_with_their_located_errors()
    {
        var lines = Enumerable.Range(0, 2_000).Select(IncidentChunkParserTests.Row).ToList();
        lines[1_500] = "INC-bad,api,1,outage,,2026-11-10T14:00:00Z,yesterday,,,2026-11-10T15:00:00Z,,,maybe";
        var path = Write(string.Join("\n", [IncidentChunkParserTests.Header, .. lines]) + "\n");
        var objectLog = new DataErrorLog();
        DataFile.Load(IncidentFormat.Instance, path, objectLog);
        Assert.Null(ParallelCsvReader.TryReadIncidentTable(path, DataLoadOptions.Default, chunkBytes: 4096, columns: IncidentColumns.DowntimeKernel));
        var columnLog = new DataErrorLog();
        DataFile.LoadIncidentTable(path, columnLog, columns: IncidentColumns.DowntimeKernel);
        Assert.Equal(2, columnLog.ErrorCount); // the detected instant and the postmortem flag, each with its line and field
        Assert.Equal(objectLog.Format(), columnLog.Format());
    }

    [Fact]
    public void Ids_are_a_prefix_and_a_number_only_while_every_id_of_the_segment_is_one()
    {
        Incident With(string id) => new(id, "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5));
        string[][] cases =
        [
            ["I0-0", "I0-1", "I12-3456", "7", "x999999999", "I0-0a1"],               // all split: "7" has no prefix, 9 digits fit
            ["I0-1", "INC-007", "I0-2"],                                               // a leading zero: bytes from there
            ["I0-1", "I0-1234567890", "I0-3"],                                          // 10 digits: bytes
            ["I0-1", "no-number", "I0-3"],                                              // no digits: bytes
            ["a1", new string('p', 300) + "1", "a2"],                                   // a prefix past 256 bytes: bytes
            ["I0-1", "0", "00", "I0-1x"],                                               // "0" splits, "00" does not
        ];
        foreach (var ids in cases)
        {
            List<Incident> incidents = [.. ids.Select(With), new("w", "api", 1, Impact.Outage, T0, null) { AffectedShare = 0.5m }, With("I5-5")];
            var table = IncidentTable.Of(incidents);
            Assert.Equal(incidents.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
            Assert.False(table.HasDuplicateId());
        }
    }

    [Fact]
    public void A_duplicate_id_is_found_between_a_segment_of_split_ids_and_one_of_bytes()
    {
        // Two segments (Of cuts at 65,536 rows): the first all split ids, the second bytes (INC-007), both holding I0-5.
        List<Incident> incidents = [.. Enumerable.Range(0, IncidentTable.SegmentRows + 10).Select(i =>
            new Incident(i == IncidentTable.SegmentRows ? "INC-007" : i == IncidentTable.SegmentRows + 5 ? "I0-5" : "I0-" + i, "api", 1, Impact.Outage, T0, null))];
        var table = IncidentTable.Of(incidents);
        Assert.Equal(incidents.Select(Describe), Enumerable.Range(0, table.Count).Select(i => Describe(table.Get(i))));
        Assert.True(table.HasDuplicateId());
        Assert.False(IncidentTable.Of(incidents.Select((r, i) => i == IncidentTable.SegmentRows + 5 ? new Incident("I0-x5", "api", 1, Impact.Outage, T0, null) : r)).HasDuplicateId());
    }
}
