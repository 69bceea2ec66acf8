using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// Records grouped by service in one pass, so each of many contracts is evaluated on its own services' records instead
/// of scanning the whole fleet's (N contracts x M incidents becomes M). Invariant: <see cref="IncidentsOf"/> returns
/// exactly the incidents whose service is one of those asked for, in file order (also across several services: each
/// group keeps the file positions of its incidents);
/// <see cref="MaintenanceOf"/> returns the maintenance that covers any of them (a window with no services covers
/// every service), in file order. Both are the whole data filtered in order, so a contract whose facts say it only
/// selects these kinds on its services (<see cref="Evaluation.ServiceConfinedRecords"/>) gets the same result on them.
/// </summary>
public sealed class ServicePartition
{
    private readonly Dictionary<string, ImmutableArray<Incident>> _incidents;
    /// <summary>Per service, the file position of each incident of its group (ascending), to merge several groups in file order.</summary>
    private readonly Dictionary<string, int[]> _positions;
    private readonly Dictionary<string, List<int>> _maintenanceByService;
    private readonly List<int> _fleetWideMaintenance;
    private readonly ImmutableArray<Maintenance> _maintenance;
    /// <summary>When the incidents are in columns: the table, and per service its rows (ascending); the dictionaries above are then empty.</summary>
    private readonly IncidentTable? _table;
    private readonly Dictionary<string, int[]>? _rows;

    private ServicePartition(Dictionary<string, ImmutableArray<Incident>> incidents, Dictionary<string, int[]> positions, ImmutableArray<Maintenance> maintenance,
        Dictionary<string, List<int>> maintenanceByService, List<int> fleetWideMaintenance)
    {
        _incidents = incidents;
        _positions = positions;
        _maintenance = maintenance;
        _maintenanceByService = maintenanceByService;
        _fleetWideMaintenance = fleetWideMaintenance;
    }

    private ServicePartition(IncidentTable table, Dictionary<string, int[]> rows, ImmutableArray<Maintenance> maintenance,
        Dictionary<string, List<int>> maintenanceByService, List<int> fleetWideMaintenance)
        : this([], [], maintenance, maintenanceByService, fleetWideMaintenance)
    {
        _table = table;
        _rows = rows;
    }

    /// <summary>
    /// Incidents in columns grouped by service (rows, not objects): <see cref="IncidentsOf"/> makes the objects of the
    /// services asked for, from the columns, when asked (the same incidents, in the same order, as from objects).
    /// </summary>
    public static ServicePartition Create(IncidentTable incidents, ImmutableArray<Maintenance> maintenance)
    {
        var (byService, fleetWide) = GroupMaintenance(maintenance);
        return new ServicePartition(incidents, incidents.RowsByService(), maintenance, byService, fleetWide);
    }

    /// <summary>From this many incidents on, grouping runs on every core (below it, thread start-up costs more than it saves).</summary>
    internal const int ParallelFrom = 65_536;

    public static ServicePartition Create(ImmutableArray<Incident> incidents, ImmutableArray<Maintenance> maintenance) =>
        Create(incidents, maintenance, ParallelFrom);

    /// <summary>As <see cref="Create(ImmutableArray{Incident}, ImmutableArray{Maintenance})"/>, grouping in parallel from <paramref name="parallelFrom"/> incidents (tests lower it).</summary>
    internal static ServicePartition Create(ImmutableArray<Incident> incidents, ImmutableArray<Maintenance> maintenance, int parallelFrom)
    {
        var (grouped, positions) = incidents.Length >= parallelFrom ? GroupInParallel(incidents) : Group(incidents);
        var (byService, fleetWide) = GroupMaintenance(maintenance);
        return new ServicePartition(grouped, positions, maintenance, byService, fleetWide);
    }

    private static (Dictionary<string, List<int>>, List<int>) GroupMaintenance(ImmutableArray<Maintenance> maintenance)
    {
        var byService = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var fleetWide = new List<int>();
        for (var i = 0; i < maintenance.Length; i++)
        {
            if (maintenance[i].Services.IsEmpty) { fleetWide.Add(i); continue; }
            foreach (var service in maintenance[i].Services)
            {
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(byService, service, out _);
                (list ??= []).Add(i);
            }
        }
        return (byService, fleetWide);
    }

    private static (Dictionary<string, ImmutableArray<Incident>>, Dictionary<string, int[]>) Group(ImmutableArray<Incident> incidents)
    {
        // Counting first sizes every group exactly: one array per service, no list growth.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var incident in incidents)
            CollectionsMarshal.GetValueRefOrAddDefault(counts, incident.Service, out _)++;
        var arrays = new Dictionary<string, (Incident[] Items, int[] Positions, int Filled)>(counts.Count, StringComparer.Ordinal);
        foreach (var (service, count) in counts) arrays[service] = (new Incident[count], new int[count], 0);
        for (var i = 0; i < incidents.Length; i++)
        {
            var incident = incidents[i];
            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(arrays, incident.Service);
            slot.Positions[slot.Filled] = i;
            slot.Items[slot.Filled++] = incident;
        }
        var grouped = new Dictionary<string, ImmutableArray<Incident>>(arrays.Count, StringComparer.Ordinal);
        var positions = new Dictionary<string, int[]>(arrays.Count, StringComparer.Ordinal);
        foreach (var (service, group) in arrays)
        {
            grouped[service] = ImmutableCollectionsMarshal.AsImmutableArray(group.Items);
            positions[service] = group.Positions;
        }
        return (grouped, positions);
    }

    /// <summary>
    /// The same groups as <see cref="Group"/>: the records are cut into contiguous chunks, each chunk counts its services,
    /// the counts give each chunk its offset in each service's array (chunks in file order), and each chunk fills its own
    /// slots. Chunks write disjoint slots, so file order is kept without locks.
    /// </summary>
    private static (Dictionary<string, ImmutableArray<Incident>>, Dictionary<string, int[]>) GroupInParallel(ImmutableArray<Incident> incidents)
    {
        var chunkCount = Math.Min(Environment.ProcessorCount * 4, 64);
        var chunkSize = (incidents.Length + chunkCount - 1) / chunkCount;
        var slots = new Dictionary<string, (Incident[]? Items, int[]? Positions, int Next)>[chunkCount];
        Parallel.For(0, chunkCount, c =>
        {
            var counts = new Dictionary<string, (Incident[]? Items, int[]? Positions, int Next)>(StringComparer.Ordinal);
            var end = Math.Min(incidents.Length, (c + 1) * chunkSize);
            for (var i = c * chunkSize; i < end; i++)
                CollectionsMarshal.GetValueRefOrAddDefault(counts, incidents[i].Service, out _).Next++;
            slots[c] = counts;
        });
        // Turn each chunk's counts into its start offset in the service's array (chunk order = file order).
        var totals = new Dictionary<string, (Incident[]? Items, int[]? Positions, int Next)>(StringComparer.Ordinal);
        foreach (var chunk in slots)
            foreach (var service in chunk.Keys)
            {
                ref var chunkSlot = ref CollectionsMarshal.GetValueRefOrNullRef(chunk, service);
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, service, out _);
                var count = chunkSlot.Next;
                chunkSlot.Next = total.Next;
                total.Next += count;
            }
        var grouped = new Dictionary<string, ImmutableArray<Incident>>(totals.Count, StringComparer.Ordinal);
        var positions = new Dictionary<string, int[]>(totals.Count, StringComparer.Ordinal);
        foreach (var service in totals.Keys)
        {
            ref var total = ref CollectionsMarshal.GetValueRefOrNullRef(totals, service);
            total.Items = new Incident[total.Next];
            total.Positions = new int[total.Next];
            grouped[service] = ImmutableCollectionsMarshal.AsImmutableArray(total.Items);
            positions[service] = total.Positions;
        }
        foreach (var chunk in slots)
            foreach (var service in chunk.Keys)
            {
                ref var chunkSlot = ref CollectionsMarshal.GetValueRefOrNullRef(chunk, service);
                ref var total = ref CollectionsMarshal.GetValueRefOrNullRef(totals, service);
                chunkSlot.Items = total.Items;
                chunkSlot.Positions = total.Positions;
            }
        Parallel.For(0, chunkCount, c =>
        {
            var chunk = slots[c];
            var end = Math.Min(incidents.Length, (c + 1) * chunkSize);
            for (var i = c * chunkSize; i < end; i++)
            {
                var incident = incidents[i];
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(chunk, incident.Service);
                slot.Positions![slot.Next] = i;
                slot.Items![slot.Next++] = incident;
            }
        });
        return (grouped, positions);
    }

    public ImmutableArray<Incident> IncidentsOf(IReadOnlyList<string> services)
    {
        if (_table is not null) return TableIncidentsOf(services);
        if (services.Count == 1) return _incidents.GetValueOrDefault(services[0], []);
        var groups = services.Distinct(StringComparer.Ordinal).Where(_incidents.ContainsKey).ToList();
        if (groups.Count == 0) return [];
        if (groups.Count == 1) return _incidents[groups[0]];
        // Several groups: merged back into file order by the incidents' file positions.
        var count = groups.Sum(g => _incidents[g].Length);
        var items = new Incident[count];
        var keys = new int[count];
        var at = 0;
        foreach (var service in groups)
        {
            _incidents[service].CopyTo(items, at);
            _positions[service].CopyTo(keys, at);
            at += _positions[service].Length;
        }
        Array.Sort(keys, items);
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    private ImmutableArray<Incident> TableIncidentsOf(IReadOnlyList<string> services) => _table!.Materialize(TableRowsOf(services));

    /// <summary>
    /// The table rows of the incidents of these services, in file order, not made into objects (the same incidents as
    /// <see cref="IncidentsOf"/>); only for a partition of an <see cref="IncidentTable"/>.
    /// </summary>
    public IncidentRows RowsOf(IReadOnlyList<string> services) =>
        new(_table ?? throw new InvalidOperationException("The incidents are objects, not a table."), TableRowsOf(services));

    private int[] TableRowsOf(IReadOnlyList<string> services)
    {
        var groups = services.Distinct(StringComparer.Ordinal).Where(_rows!.ContainsKey).ToList();
        if (groups.Count == 0) return [];
        if (groups.Count == 1) return _rows![groups[0]];
        // Several groups: their rows merged back into file order.
        var rows = groups.SelectMany(g => _rows![g]).ToArray();
        Array.Sort(rows);
        return rows;
    }

    public ImmutableArray<Maintenance> MaintenanceOf(IReadOnlyList<string> services)
    {
        // The windows' indexes in file order, each once (a List<int> and Array.Sort, whose int code the framework ships
        // precompiled, not a SortedSet<int>, which a short run would JIT: about 40 methods).
        var indexes = new List<int>(_fleetWideMaintenance);
        foreach (var service in services)
            if (_maintenanceByService.TryGetValue(service, out var list)) indexes.AddRange(list);
        indexes.Sort();
        var builder = ImmutableArray.CreateBuilder<Maintenance>(indexes.Count);
        for (var k = 0; k < indexes.Count; k++)
            if (k == 0 || indexes[k] != indexes[k - 1]) builder.Add(_maintenance[indexes[k]]);
        return builder.ToImmutable();
    }
}
