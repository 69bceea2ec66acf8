using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// What a report says about a contract besides its results: the parties, the time zone its windows are in, its effective
/// range (half-open, local dates), the title of each SLA and KPI by name (null when untitled) and the ids of the services
/// it declares, in declaration order. A generated evaluator carries these as constants, so a host that found the
/// evaluator in the cache can report (and pick each contract's records by service) without reading the contract again.
/// <see cref="ConfinedToServices"/> names the record kinds every selection of the contract restricts to
/// <see cref="Services"/> (see <see cref="ServiceConfinedRecords"/>).
/// Invariant: equal to what the compiler derives from the contract's model (the emitter writes that very value).
/// </summary>
public sealed record ContractFacts(
    string? Provider,
    string? Customer,
    string TimeZone,
    LocalDate? EffectiveStart,
    LocalDate? EffectiveEnd,
    ImmutableDictionary<string, string?> Titles,
    ImmutableArray<string> Services,
    ServiceConfinedRecords ConfinedToServices = ServiceConfinedRecords.None)
{
    /// <summary>For the evaluator of one version of an amended contract: which version (null for a contract never amended).</summary>
    public ContractVersion? Version { get; init; }

    /// <summary>
    /// For an amended contract as a whole (<see cref="AmendedContract"/>): every version in date order, the first as
    /// signed; empty for a contract never amended and for one version's evaluator.
    /// </summary>
    public ImmutableArray<ContractVersion> Versions { get => versions; init => versions = value.IsDefault ? [] : value; }

    private readonly ImmutableArray<ContractVersion> versions = [];

    /// <summary>
    /// The evaluator reads request slices only through <see cref="RequestEvidence"/> with the whole input (never
    /// <see cref="EvaluationInput.Requests"/> itself), so a host may give it the slices as a table
    /// (<see cref="EvaluationInput.RequestTable"/>) and no objects. Every generated evaluator says so; a hand-written one need not.
    /// </summary>
    public bool ReadsRequestTable { get; init; }

    /// <summary>
    /// The evaluator reads incidents only through <see cref="IncidentSource"/> with the whole input (never
    /// <see cref="EvaluationInput.Incidents"/> itself), so a host may give it the incidents as table rows
    /// (<see cref="EvaluationInput.IncidentRows"/>) and no objects. The emitter says so for contracts whose only incident
    /// readers are incident downtime commitments (their rule also as data, <see cref="DowntimeCommitment.ByColumn"/>).
    /// </summary>
    public bool ReadsIncidentTable { get; init; }

    /// <summary>Equal when every field is equal; the titles compare as maps (ordinal keys and values), the services as sequences.</summary>
    public bool Equals(ContractFacts? other) =>
        other is not null && Provider == other.Provider && Customer == other.Customer && TimeZone == other.TimeZone
        && EffectiveStart == other.EffectiveStart && EffectiveEnd == other.EffectiveEnd
        && Titles.Count == other.Titles.Count
        && Titles.All(t => other.Titles.TryGetValue(t.Key, out var title) && string.Equals(t.Value, title, StringComparison.Ordinal))
        && Services.SequenceEqual(other.Services, StringComparer.Ordinal) && ConfinedToServices == other.ConfinedToServices
        && Equals(Version, other.Version) && Versions.SequenceEqual(other.Versions) && ReadsRequestTable == other.ReadsRequestTable && ReadsIncidentTable == other.ReadsIncidentTable;

    public override int GetHashCode() => HashCode.Combine(Provider, Customer, TimeZone, EffectiveStart, EffectiveEnd, Titles.Count, Services.Length, ConfinedToServices);

    /// <summary>Builds the titles map the generated code writes: one entry per name, the first title given wins.</summary>
    public static ImmutableDictionary<string, string?> TitleMap(IEnumerable<(string Name, string? Title)> titles) =>
        titles.GroupBy(t => t.Name, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.First().Title, StringComparer.Ordinal);
}

/// <summary>
/// The record kinds a contract only ever selects on its declared services (<see cref="ContractFacts.Services"/>).
/// Invariant: for each kind set here, evaluating the contract on that kind's records of its services only (an incident
/// whose service is one of them; maintenance that covers one of them, fleet-wide windows included; a request slice
/// whose service is one of them), in file order, gives the same result, traces included, as evaluating it on all
/// records of that kind. The compiler sets a kind only when it is sure (a selection without services, such as an
/// unscoped KPI, leaves it unset); None is always correct. Alerts and deployments are not claimed: hosts pass them whole.
/// </summary>
[Flags]
public enum ServiceConfinedRecords
{
    None = 0,
    Incidents = 1,
    Maintenance = 2,
    /// <summary>Request slices: every request measure and request-defined downtime names only declared services.</summary>
    Requests = 4,
}
