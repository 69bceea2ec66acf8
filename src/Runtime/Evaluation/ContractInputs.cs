using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// The input each of many contracts is evaluated on: the whole loaded input, except that a contract whose facts say it
/// selects a record kind only on its own services (<see cref="ContractFacts.ConfinedToServices"/>) gets only its
/// services' records of that kind, from one <see cref="ServicePartition"/> built on first need (never when no contract
/// is confined). Invariant: <see cref="For"/> gives each contract an input it evaluates to the same result as the whole
/// one (by the facts' invariant); the period may be changed on it (<c>with { Period = ... }</c>) as on the whole input.
/// Thread-safe: contracts may ask in parallel.
/// </summary>
public sealed class ContractInputs
{
    private readonly Lazy<ServicePartition> partition;
    private readonly Lazy<EvaluationInput> whole;

    /// <summary>
    /// The input with every record as an object (<c>sla evaluate</c>, statements, reports). Its request slices are also put
    /// in columns on first need (a <see cref="RequestSliceTable"/> of the same slices, in order), so that generated
    /// evaluators read them through the same column kernels as a fleet's (<see cref="ContractFacts.ReadsRequestTable"/>).
    /// </summary>
    public ContractInputs(EvaluationInput whole)
    {
        this.whole = new Lazy<EvaluationInput>(whole);
        partition = new Lazy<ServicePartition>(() => ServicePartition.Create(whole.Incidents, whole.Maintenance), LazyThreadSafetyMode.ExecutionAndPublication);
        if (!whole.Requests.IsEmpty)
            requestColumns = new Lazy<RequestSliceTable>(() => RequestSliceTable.Of(whole.Requests), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    // The whole input's slices in columns (the first constructor), for evaluators that read the table.
    private readonly Lazy<RequestSliceTable>? requestColumns;

    /// <summary>
    /// The input with its incidents and/or request slices in columns (<see cref="IncidentTable"/>,
    /// <see cref="RequestSliceTable"/>): a confined contract gets its services' records as objects made from the columns
    /// when it asks (so only the partitions being evaluated are objects at once); the whole input's records of a kind
    /// are made only if a contract that is not confined for that kind asks for them. <paramref name="rest"/> carries
    /// everything else and none of the kinds given as tables.
    /// </summary>
    public ContractInputs(EvaluationInput rest, IncidentTable? incidents, RequestSliceTable? requests = null)
    {
        if (incidents is not null && !rest.Incidents.IsEmpty) throw new ArgumentException("The incidents come from the table.", nameof(rest));
        if (requests is not null && !rest.Requests.IsEmpty) throw new ArgumentException("The request slices come from the table.", nameof(rest));
        allIncidents = new Lazy<ImmutableArray<Incident>>(() => incidents?.ToImmutableArray() ?? rest.Incidents, LazyThreadSafetyMode.ExecutionAndPublication);
        allRequests = new Lazy<ImmutableArray<RequestSlice>>(() => requests?.ToImmutableArray() ?? rest.Requests, LazyThreadSafetyMode.ExecutionAndPublication);
        whole = new Lazy<EvaluationInput>(() => rest with { Incidents = allIncidents.Value, Requests = allRequests.Value }, LazyThreadSafetyMode.ExecutionAndPublication);
        partition = new Lazy<ServicePartition>(() => incidents is null ? ServicePartition.Create(rest.Incidents, rest.Maintenance) : ServicePartition.Create(incidents, rest.Maintenance),
            LazyThreadSafetyMode.ExecutionAndPublication);
        this.rest = rest;
        this.incidentTable = incidents;
        requestTable = requests;
        // Slices given as objects are put in columns on first need, as with the first constructor.
        if (requests is null && !rest.Requests.IsEmpty)
            requestColumns = new Lazy<RequestSliceTable>(() => RequestSliceTable.Of(rest.Requests), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly EvaluationInput? rest;
    // Each kind held in columns, made into objects separately, on first need: a contract that reads the slices by column
    // but is not confined for incidents needs all incidents as objects, not all slices.
    private readonly Lazy<ImmutableArray<Incident>>? allIncidents;
    private readonly Lazy<ImmutableArray<RequestSlice>>? allRequests;
    private readonly IncidentTable? incidentTable;
    private readonly RequestSliceTable? requestTable;

    /// <summary>All loaded records, for contracts (or hand-written evaluators without facts) that are not confined.</summary>
    public EvaluationInput Whole => whole.Value;

    /// <summary>The input for the contract with these facts (null facts: the whole input).</summary>
    public EvaluationInput For(ContractFacts? facts)
    {
        if (facts is null) return Whole;
        if (rest is null)
        {
            // Every record as an object: the confined kinds narrowed, and the slices in columns for an evaluator that reads them so.
            var own = facts.ConfinedToServices == ServiceConfinedRecords.None ? Whole : Narrowed(Whole, facts);
            return requestColumns is not null && facts.ReadsRequestTable ? own with { Requests = [], RequestTable = requestColumns.Value } : own;
        }
        var confined = facts.ConfinedToServices;
        // A generated evaluator reads slices held in columns by column (EvaluationInput.RequestTable): no objects at all.
        var requestsByColumn = facts.ReadsRequestTable && (requestTable is not null || requestColumns is not null);
        // Likewise incidents (EvaluationInput.IncidentRows): the contract's services' rows, or all rows, and no objects.
        var incidentsByColumn = incidentTable is not null && facts.ReadsIncidentTable;
        if (confined == ServiceConfinedRecords.None && !requestsByColumn && !incidentsByColumn) return Whole;
        var input = rest;
        // A kind held in columns is made into objects for all records only when a contract is not confined for it.
        if (incidentTable is not null && !incidentsByColumn && !confined.HasFlag(ServiceConfinedRecords.Incidents)) input = input with { Incidents = allIncidents!.Value };
        if (requestTable is not null && !requestsByColumn && !confined.HasFlag(ServiceConfinedRecords.Requests)) input = input with { Requests = allRequests!.Value };
        input = Narrowed(input, facts, incidentsAsObjects: !incidentsByColumn);
        if (incidentsByColumn)
            input = input with
            {
                IncidentRows = confined.HasFlag(ServiceConfinedRecords.Incidents) ? partition.Value.RowsOf(facts.Services) : new IncidentRows(incidentTable!),
            };
        if (requestsByColumn) return input with { Requests = [], RequestTable = requestTable ?? requestColumns!.Value };
        // Request slices as objects are left whole: generated evaluators read them through the per-service index of the
        // loaded array (RequestEvidence), which a per-contract copy would only repeat.
        if (confined.HasFlag(ServiceConfinedRecords.Requests) && requestTable is not null) input = input with { Requests = requestTable.SlicesOf(facts.Services) };
        return input;
    }

    /// <summary>
    /// Builds, on the calling thread, every shared index that contracts with these facts will read (the service partition,
    /// all records as objects, the request slices' columns and their per-service rows), so that a parallel evaluation
    /// afterwards only reads them. Built lazily inside the parallel loop instead, the first worker builds an index with
    /// nested parallel work while the other workers block on it: the thread pool then has no thread for the nested work
    /// until it injects one (about half a second each time; `sla evaluate` of the examples waited 0.8 s so). One contract
    /// of each kind of need goes through <see cref="For"/> here, so this builds exactly what For builds, and the row index
    /// of a table it hands to an evaluator that reads slices by column.
    /// </summary>
    public void Prepare(IEnumerable<ContractFacts?> contracts)
    {
        // One contract of each kind of need, found by a loop over the few kinds seen (no generic set of tuples: on a
        // cache-hit `sla evaluate` each generic instantiation over value types is code the JIT compiles first).
        var seen = new List<(ServiceConfinedRecords Confined, bool Requests, bool Incidents)>();
        var wholeSeen = false;
        foreach (var facts in contracts)
        {
            if (facts is null)
            {
                if (wholeSeen) continue;
                wholeSeen = true;
            }
            else
            {
                var kind = (facts.ConfinedToServices, facts.ReadsRequestTable, facts.ReadsIncidentTable);
                if (seen.Contains(kind)) continue;
                seen.Add(kind);
            }
            For(facts).RequestTable?.RowsByService();
        }
    }

    /// <summary>
    /// Builds, on the calling thread, the request slices' columns and their per-service rows: what <see cref="Prepare"/>
    /// builds for a contract that reads the slices by column, as every generated evaluator does
    /// (<see cref="ContractFacts.ReadsRequestTable"/>), made before any contract is known, so a host can make it on an
    /// idle core while it loads the evaluators. A no-op for an input without request slices or with its slices given
    /// as a table (nothing is built ahead there).
    /// </summary>
    public void PrepareRequestColumns() => requestColumns?.Value.RowsByService();

    /// <summary>The input with the incidents and maintenance of the contract's services only, where its facts confine them.</summary>
    private EvaluationInput Narrowed(EvaluationInput input, ContractFacts facts, bool incidentsAsObjects = true)
    {
        if (incidentsAsObjects && facts.ConfinedToServices.HasFlag(ServiceConfinedRecords.Incidents)) input = input with { Incidents = partition.Value.IncidentsOf(facts.Services) };
        if (facts.ConfinedToServices.HasFlag(ServiceConfinedRecords.Maintenance)) input = input with { Maintenance = partition.Value.MaintenanceOf(facts.Services) };
        return input;
    }
}
