using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Tests.Data;

public sealed class ServicePartitionTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 1, 0, 0);

    private static Incident Inc(string id, string service, int minute) =>
        new(id, service, 1, Impact.Outage, T0 + Duration.FromMinutes(minute), T0 + Duration.FromMinutes(minute + 5));

    private static Maintenance Mnt(string id, params string[] services) =>
        new(id, T0 - Duration.FromDays(3), T0 + Duration.FromHours(1), T0 + Duration.FromHours(2), [.. services]);

    [Fact]
    public void Incidents_of_a_service_are_exactly_its_own_in_file_order()
    {
        ImmutableArray<Incident> incidents = [Inc("a1", "a", 3), Inc("b1", "b", 1), Inc("a2", "a", 0), Inc("c1", "c", 2), Inc("a3", "a", 9)];
        var partition = ServicePartition.Create(incidents, []);
        Assert.Equal(["a1", "a2", "a3"], partition.IncidentsOf(["a"]).Select(i => i.Id));
        Assert.Equal(["b1", "c1"], partition.IncidentsOf(["b", "c"]).Select(i => i.Id));
        Assert.Empty(partition.IncidentsOf(["unknown"]));
    }

    [Fact]
    public void Maintenance_without_services_covers_every_service_and_file_order_is_kept()
    {
        ImmutableArray<Maintenance> maintenance = [Mnt("m-b", "b"), Mnt("m-all"), Mnt("m-a", "a"), Mnt("m-ab", "a", "b")];
        var partition = ServicePartition.Create([], maintenance);
        Assert.Equal(["m-all", "m-a", "m-ab"], partition.MaintenanceOf(["a"]).Select(m => m.Id));
        Assert.Equal(["m-b", "m-all", "m-a", "m-ab"], partition.MaintenanceOf(["a", "b"]).Select(m => m.Id));
        Assert.Equal(["m-all"], partition.MaintenanceOf(["z"]).Select(m => m.Id));
    }

    [Fact]
    public void Partition_equals_filtering_the_whole_data_set_by_service()
    {
        var gen = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1000]).Array[0, 60];
        gen.Sample(rows =>
        {
            ImmutableArray<Incident> incidents = [.. rows.Select((r, i) => Inc("i" + i, "s" + r.Item1, r.Item2))];
            var partition = ServicePartition.Create(incidents, []);
            for (var s = 0; s < 5; s++)
                Assert.Equal(incidents.Where(i => i.Service == "s" + s).Select(i => i.Id), partition.IncidentsOf(["s" + s]).Select(i => i.Id));
        });
    }

    [Fact]
    public void Incidents_of_several_services_are_the_whole_data_filtered_in_file_order()
    {
        // Services asked in any order, repeated or unknown; grouped sequentially and in parallel.
        var gen = Gen.Select(Gen.Int[0, 5].Array[0, 400], Gen.Int[0, 6].Array[1, 5]);
        gen.Sample((rows, asked) =>
        {
            ImmutableArray<Incident> incidents = [.. rows.Select((s, i) => Inc("i" + i, "s" + s, (i * 7) % 100))];
            var services = asked.Select(a => "s" + a).ToList();
            var expected = incidents.Where(i => services.Contains(i.Service)).Select(i => i.Id).ToList();
            Assert.Equal(expected, ServicePartition.Create(incidents, [], parallelFrom: int.MaxValue).IncidentsOf(services).Select(i => i.Id));
            Assert.Equal(expected, ServicePartition.Create(incidents, [], parallelFrom: 0).IncidentsOf(services).Select(i => i.Id));
        }, iter: 200);
    }

    [Fact]
    public void Parallel_grouping_gives_the_sequential_groups_in_file_order()
    {
        // Any size, from empty to more records than chunks; many or few services.
        var gen = Gen.Select(Gen.Int[1, 300], Gen.Int[0, 3000]).SelectMany(p => Gen.Int[0, p.Item1 - 1].Array[p.Item2]);
        gen.Sample(services =>
        {
            ImmutableArray<Incident> incidents = [.. services.Select((s, i) => Inc("i" + i, "s" + s, i % 1000))];
            var sequential = ServicePartition.Create(incidents, [], parallelFrom: int.MaxValue);
            var parallel = ServicePartition.Create(incidents, [], parallelFrom: 0);
            foreach (var service in services.Distinct().Select(s => "s" + s).Append("unknown"))
            {
                var expected = incidents.Where(i => i.Service == service).ToArray();
                Assert.Equal(expected, sequential.IncidentsOf([service]));
                Assert.Equal(expected, parallel.IncidentsOf([service]));
            }
        }, iter: 50);
    }

    [Fact]
    public void The_public_entry_groups_a_large_data_set_in_file_order()
    {
        // Above ParallelFrom: the public entry takes the parallel path.
        var count = ServicePartition.ParallelFrom + 1000;
        ImmutableArray<Incident> incidents = [.. Enumerable.Range(0, count).Select(i => Inc("i" + i, "s" + (i * 7919 % 97), i % 1000))];
        var partition = ServicePartition.Create(incidents, []);
        for (var s = 0; s < 97; s++)
            Assert.Equal(incidents.Where(i => i.Service == "s" + s), partition.IncidentsOf(["s" + s]));
    }
}
