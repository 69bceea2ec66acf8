using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Implemented by every generated evaluator class (one per contract, in namespace <c>SlaKpiDsl.Generated</c>).
/// Invariant: <see cref="SemanticHash"/> equals the cache key content hash the evaluator was compiled for.
/// </summary>
public interface ICompiledContract
{
    /// <summary>The contract's name exactly as written in the <c>.sla</c> file.</summary>
    string ContractName { get; }

    /// <summary>Hex SHA-256 of the semantic content the evaluator was generated from.</summary>
    string SemanticHash { get; }

    /// <summary>
    /// The contract's parties, zone, effective range and titles; generated evaluators always carry them. Null for an
    /// evaluator written by hand (tests), whose host then reads the contract for them.
    /// </summary>
    ContractFacts? Facts => null;

    /// <summary>Evaluates every SLA of the contract for one period; the host supplies the data and the as-of instant (no clock inside).</summary>
    ContractEvaluation Evaluate(EvaluationInput input);

    /// <summary>
    /// The KPI outcomes of <see cref="Evaluate"/> alone, identical to its <see cref="ContractEvaluation.Kpis"/> (KPI trends
    /// over earlier periods need nothing else): generated evaluators evaluate only the SLAs whose measurement a KPI reuses.
    /// </summary>
    ImmutableArray<KpiOutcome> EvaluateKpis(EvaluationInput input) => Evaluate(input).Kpis;
}

/// <summary>
/// A reporting period as the user names it: a month (<c>2026-10</c>), a quarter or a year. Invariant: at most one of
/// <see cref="Month"/> and <see cref="Quarter"/> is set, each in range. The contract's time zone turns it into instants.
/// </summary>
public sealed record EvaluationPeriod
{
    public EvaluationPeriod(int year, int? month = null, int? quarter = null)
    {
        if (month is not null && quarter is not null) throw new ArgumentException("A period is a month or a quarter, not both.");
        if (month is { } m && (m < 1 || m > 12)) throw new ArgumentOutOfRangeException(nameof(month));
        if (quarter is { } q && (q < 1 || q > 4)) throw new ArgumentOutOfRangeException(nameof(quarter));
        Year = year;
        Month = month;
        Quarter = quarter;
    }

    public int Year { get; }
    public int? Month { get; }
    public int? Quarter { get; }

    public override string ToString() => Month is { } m ? $"{Year:D4}-{m:D2}" : Quarter is { } q ? $"{Year:D4}-Q{q}" : $"{Year:D4}";
}

/// <summary>Everything an evaluation reads: the period, the as-of instant and the loaded records (never null, possibly empty).</summary>
public sealed record EvaluationInput(
    EvaluationPeriod Period,
    Instant AsOf,
    ImmutableArray<Incident> Incidents,
    ImmutableArray<Maintenance> Maintenance,
    ImmutableArray<Alert> Alerts,
    ImmutableArray<RequestSlice> Requests,
    ImmutableArray<Deployment> Deployments)
{
    /// <summary>Credits already granted outside the data (credits.csv), for caps over several windows; empty when there is no ledger.</summary>
    public ImmutableArray<LedgerCredit> CreditsLedger { get; init; } = [];

    /// <summary>
    /// The request slices in columns, when the host loaded them so; null otherwise. When set, it is the request data:
    /// generated evaluators read slices only through <see cref="RequestEvidence"/> with the whole input, which reads this
    /// table (the error-rate kernels by column, <see cref="RequestKernels"/>) and ignores <see cref="Requests"/>; a host
    /// sets it only for an evaluator whose facts say so (<see cref="ContractFacts.ReadsRequestTable"/>), with
    /// <see cref="Requests"/> empty.
    /// </summary>
    public RequestSliceTable? RequestTable { get; init; }

    /// <summary>
    /// The incidents in columns (a table's rows), when the host holds them so; null otherwise. When set, it is the incident
    /// data: generated evaluators read incidents only through <see cref="IncidentSource"/> (the downtime kernel reads the
    /// columns by the commitment's <see cref="IncidentRule"/>) and ignore <see cref="Incidents"/>; a host sets it only for an
    /// evaluator whose facts say so (<see cref="ContractFacts.ReadsIncidentTable"/>), with <see cref="Incidents"/> empty.
    /// </summary>
    public IncidentRows? IncidentRows { get; init; }

    /// <summary>
    /// The incidents as objects, in order, for what lists them (statements, reports): the rows of <see cref="IncidentRows"/>
    /// made from the columns when the host gave them so, else <see cref="Incidents"/>.
    /// </summary>
    public ImmutableArray<Incident> IncidentObjects() => IncidentRows is { } rows ? rows.Materialize() : Incidents;
}

/// <summary>How one commitment came out: evaluated, outside the contract's effective range, or not yet supported by the compiler.</summary>
public enum OutcomeKind
{
    Evaluated,
    OutsideEffectiveRange,
    /// <summary>The period asked for is not the SLA's window kind (a month for an SLA measured per quarter).</summary>
    PeriodMismatch,
    NotYetSupported,
}

/// <summary>
/// One SLA's outcome. Invariant: <see cref="Result"/> is set exactly when <see cref="Kind"/> is
/// <see cref="OutcomeKind.Evaluated"/>; otherwise <see cref="Reason"/> says why there is no number.
/// </summary>
public sealed record CommitmentOutcome
{
    public CommitmentOutcome(string commitment, string? clause, OutcomeKind kind, CommitmentResult? result, string? reason, ClaimDeadline? claimDeadline = null)
    {
        if ((kind == OutcomeKind.Evaluated) != (result is not null)) throw new ArgumentException("A result is present exactly when the commitment was evaluated.");
        if (kind != OutcomeKind.Evaluated && string.IsNullOrEmpty(reason)) throw new ArgumentException("An unevaluated commitment says why.");
        Commitment = commitment;
        Clause = clause;
        Kind = kind;
        Result = result;
        Reason = reason;
        ClaimDeadline = claimDeadline;
    }

    public string Commitment { get; }
    public string? Clause { get; }
    public OutcomeKind Kind { get; }
    public CommitmentResult? Result { get; }
    public string? Reason { get; }
    public ClaimDeadline? ClaimDeadline { get; }

    /// <summary>
    /// Set when the window straddles an amendment whose rule splits it by days: the version whose days this outcome
    /// judges (the window then has one outcome per version, each on its own days; see <see cref="AmendedContract"/>).
    /// </summary>
    public ContractVersion? Part { get; init; }

    /// <summary>
    /// For an SLA with more than one guarantee: each guarantee's own result, in the order written (no credit on them; the
    /// SLA's <see cref="Result"/> combines them, see <see cref="MeasureResults.ForGuarantees"/>). Empty for one guarantee.
    /// </summary>
    public ImmutableArray<CommitmentResult> Guarantees { get => guarantees; init => guarantees = value.IsDefault ? ImmutableArray<CommitmentResult>.Empty : value; }

    private readonly ImmutableArray<CommitmentResult> guarantees = ImmutableArray<CommitmentResult>.Empty;

    public static CommitmentOutcome Evaluated(CommitmentResult result, ClaimDeadline? claimDeadline = null) =>
        new(result.Commitment, result.Clause, OutcomeKind.Evaluated, result, null, claimDeadline);

    public static CommitmentOutcome NotSupported(string commitment, string? clause, string what) =>
        new(commitment, clause, OutcomeKind.NotYetSupported, null, "not yet supported: " + what);

    public static CommitmentOutcome Mismatch(string commitment, string? clause, string why) =>
        new(commitment, clause, OutcomeKind.PeriodMismatch, null, why);

    public static CommitmentOutcome Outside(string commitment, string? clause, string why) =>
        new(commitment, clause, OutcomeKind.OutsideEffectiveRange, null, why);
}

/// <summary>
/// A contract's evaluation for one period: one outcome per SLA, in the order the contract declares them, and one per
/// KPI (internal: <see cref="Kpis"/> never reaches a customer statement).
/// </summary>
public sealed record ContractEvaluation(string ContractName, EvaluationPeriod Period, Instant AsOf, ImmutableArray<CommitmentOutcome> Slas)
{
    private readonly ImmutableArray<KpiOutcome> kpis = ImmutableArray<KpiOutcome>.Empty;

    /// <summary>One outcome per KPI target, in the order the contract declares them; empty when the contract has none.</summary>
    public ImmutableArray<KpiOutcome> Kpis { get => kpis; init => kpis = value.IsDefault ? ImmutableArray<KpiOutcome>.Empty : value; }
}

/// <summary>
/// One KPI target's outcome for a period. Internal only: the KPI report and <c>sla evaluate</c> show it, a customer
/// statement never does. Invariants: <see cref="Outcome"/>'s result, when evaluated, carries no credit;
/// <see cref="Supports"/> names SLAs of the same contract; <see cref="TargetText"/> is the target as the contract
/// writes it ("<= 30 minutes", ">= 99.95%") and <see cref="Target"/> is the same bound as an exact condition.
/// </summary>
public sealed record KpiOutcome(string Kpi, string? Title, ImmutableArray<string> Supports, string TargetText, ValueCondition Target, CommitmentOutcome Outcome)
{
    /// <summary>The unit of the measured value for display: "%" (percent), "s" (seconds), "ms", "incidents", "change in incidents".</summary>
    public string ValueUnit { get; init; } = Target.Unit == Evaluation.ValueUnit.Percent ? "%" : "";
}
