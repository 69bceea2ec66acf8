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

    public ContractInputs(EvaluationInput whole)
    {
        this.whole = new Lazy<EvaluationInput>(whole);
        partition = new Lazy<ServicePartition>(() => ServicePartition.Create(whole.Incidents, whole.Maintenance), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The input with its incidents in columns (<see cref="IncidentTable"/>): a confined contract gets its services'
    /// incidents as objects made from the columns when it asks (so only the partitions being evaluated are objects at
    /// once); the whole input's incidents are made only if a contract that is not confined asks for them.
    /// <paramref name="rest"/> carries everything else and no incidents.
    /// </summary>
    public ContractInputs(EvaluationInput rest, IncidentTable incidents)
    {
        if (!rest.Incidents.IsEmpty) throw new ArgumentException("The incidents come from the table.", nameof(rest));
        whole = new Lazy<EvaluationInput>(() => rest with { Incidents = incidents.ToImmutableArray() }, LazyThreadSafetyMode.ExecutionAndPublication);
        partition = new Lazy<ServicePartition>(() => ServicePartition.Create(incidents, rest.Maintenance), LazyThreadSafetyMode.ExecutionAndPublication);
        this.rest = rest;
    }

    private readonly EvaluationInput? rest;

    /// <summary>All loaded records, for contracts (or hand-written evaluators without facts) that are not confined.</summary>
    public EvaluationInput Whole => whole.Value;

    /// <summary>The input for the contract with these facts (null facts: the whole input).</summary>
    public EvaluationInput For(ContractFacts? facts)
    {
        var confined = facts?.ConfinedToServices ?? ServiceConfinedRecords.None;
        if (confined == ServiceConfinedRecords.None) return Whole;
        var services = facts!.Services;
        // Confined to its services' incidents: the whole input's incidents are not needed (nor made, from a table).
        var input = rest is not null && confined.HasFlag(ServiceConfinedRecords.Incidents) ? rest : Whole;
        if (confined.HasFlag(ServiceConfinedRecords.Incidents)) input = input with { Incidents = partition.Value.IncidentsOf(services) };
        if (confined.HasFlag(ServiceConfinedRecords.Maintenance)) input = input with { Maintenance = partition.Value.MaintenanceOf(services) };
        return input;
    }
}
