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

    public ContractInputs(EvaluationInput whole)
    {
        Whole = whole;
        partition = new Lazy<ServicePartition>(() => ServicePartition.Create(whole.Incidents, whole.Maintenance), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>All loaded records, for contracts (or hand-written evaluators without facts) that are not confined.</summary>
    public EvaluationInput Whole { get; }

    /// <summary>The input for the contract with these facts (null facts: the whole input).</summary>
    public EvaluationInput For(ContractFacts? facts)
    {
        var confined = facts?.ConfinedToServices ?? ServiceConfinedRecords.None;
        if (confined == ServiceConfinedRecords.None) return Whole;
        var services = facts!.Services;
        var input = Whole;
        if (confined.HasFlag(ServiceConfinedRecords.Incidents)) input = input with { Incidents = partition.Value.IncidentsOf(services) };
        if (confined.HasFlag(ServiceConfinedRecords.Maintenance)) input = input with { Maintenance = partition.Value.MaintenanceOf(services) };
        return input;
    }
}
