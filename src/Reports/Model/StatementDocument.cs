using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// Everything a customer compliance statement shows, for one customer, contract and period. Customer-facing only:
/// this type deliberately has no KPI members (internal targets never reach a customer).
/// Invariants: names non-empty; every ledger and credit refers to a commitment key present in
/// <see cref="Commitments"/>; commitment keys are unique.
/// </summary>
public sealed record StatementDocument
{
    public const string SchemaVersion = "slakpidsl.statement/1";

    public StatementDocument(
        Party provider,
        Party customer,
        ContractInfo contract,
        StatementPeriod period,
        ImmutableArray<CommitmentLine> commitments,
        ImmutableArray<DowntimeLedger> ledgers,
        CreditSummary credits,
        StatementFooter footer,
        Instant asOf,
        ImmutableArray<ClockLedger> clockLedgers = default)
    {
        Provider = provider ?? throw new ArgumentNullException(nameof(provider));
        Customer = customer ?? throw new ArgumentNullException(nameof(customer));
        Contract = contract ?? throw new ArgumentNullException(nameof(contract));
        Period = period ?? throw new ArgumentNullException(nameof(period));
        Commitments = commitments.IsDefault ? [] : commitments;
        Ledgers = ledgers.IsDefault ? [] : ledgers;
        ClockLedgers = clockLedgers.IsDefault ? [] : clockLedgers;
        Credits = credits ?? throw new ArgumentNullException(nameof(credits));
        Footer = footer ?? throw new ArgumentNullException(nameof(footer));
        AsOf = asOf;
        StatementId = StatementIdentity.Compute(Contract.Name, footer, period, asOf);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Commitments)
        {
            if (!keys.Add(c.Key)) throw new ArgumentException($"Duplicate commitment key '{c.Key}'.", nameof(commitments));
        }
        foreach (var l in Ledgers)
        {
            if (!keys.Contains(l.CommitmentKey)) throw new ArgumentException($"Ledger refers to unknown commitment '{l.CommitmentKey}'.", nameof(ledgers));
        }
        foreach (var l in ClockLedgers)
        {
            if (!keys.Contains(l.CommitmentKey)) throw new ArgumentException($"Clock ledger refers to unknown commitment '{l.CommitmentKey}'.", nameof(clockLedgers));
        }
        foreach (var c in Credits.Lines)
        {
            if (!keys.Contains(c.CommitmentKey)) throw new ArgumentException($"Credit refers to unknown commitment '{c.CommitmentKey}'.", nameof(credits));
        }
    }

    public string Schema => SchemaVersion;
    /// <summary>Deterministic from the contract source, input data, period and as-of (<see cref="StatementIdentity"/>); printed on every page.</summary>
    public string StatementId { get; }
    public Party Provider { get; }
    public Party Customer { get; }
    public ContractInfo Contract { get; }
    public StatementPeriod Period { get; }
    public ImmutableArray<CommitmentLine> Commitments { get; }
    public ImmutableArray<DowntimeLedger> Ledgers { get; }
    /// <summary>Incident clocks of every-incident guarantees that had a late incident (one per such commitment).</summary>
    public ImmutableArray<ClockLedger> ClockLedgers { get; }
    public CreditSummary Credits { get; }
    public StatementFooter Footer { get; }
    public Instant AsOf { get; }
}

/// <summary>A contracting party. Invariant: <see cref="Name"/> is non-empty (any script; the renderer flags glyphs its font lacks).</summary>
public sealed record Party
{
    public Party(string name, ImmutableArray<string> addressLines = default)
    {
        Name = Require.NonEmpty(name, nameof(name));
        AddressLines = addressLines.IsDefault ? [] : addressLines;
    }

    public string Name { get; }
    public ImmutableArray<string> AddressLines { get; }
}

/// <summary>
/// The contract the statement is computed from. Invariant: when both ends are stated the effective range is half-open
/// and non-empty; an end the contract does not state is null (the statement says "not stated").
/// </summary>
public sealed record ContractInfo
{
    public ContractInfo(string name, LocalDate? effectiveFrom, LocalDate? effectiveUntil)
    {
        Name = Require.NonEmpty(name, nameof(name));
        if (effectiveFrom is { } f && effectiveUntil is { } u && u <= f) throw new ArgumentException("Effective range must end after it starts.", nameof(effectiveUntil));
        EffectiveFrom = effectiveFrom;
        EffectiveUntil = effectiveUntil;
    }

    public string Name { get; }
    public LocalDate? EffectiveFrom { get; }
    /// <summary>Exclusive: the contract's last day is the day before.</summary>
    public LocalDate? EffectiveUntil { get; }

    /// <summary>For an amended contract, the versions in words ("order form of 2026-01-01 as amended on 2026-11-15 (...)"); null otherwise.</summary>
    public string? Terms { get; init; }
}

/// <summary>
/// The measured period in the contract's time zone. Invariant: <see cref="LengthMinutes"/> is the exact elapsed length
/// (a DST month is not 30 x 1440) and is positive; the local end is after the local start.
/// </summary>
public sealed record StatementPeriod
{
    public StatementPeriod(string label, string timeZone, LocalDateTime startLocal, LocalDateTime endLocal, long lengthMinutes)
    {
        Label = Require.NonEmpty(label, nameof(label));
        TimeZone = Require.NonEmpty(timeZone, nameof(timeZone));
        if (endLocal <= startLocal) throw new ArgumentException("Period must end after it starts.", nameof(endLocal));
        if (lengthMinutes <= 0) throw new ArgumentOutOfRangeException(nameof(lengthMinutes), "Period length must be positive.");
        StartLocal = startLocal;
        EndLocal = endLocal;
        LengthMinutes = lengthMinutes;
    }

    public string Label { get; }
    public string TimeZone { get; }
    public LocalDateTime StartLocal { get; }
    /// <summary>Exclusive.</summary>
    public LocalDateTime EndLocal { get; }
    public long LengthMinutes { get; }
    /// <summary>True when the zone changes its UTC offset inside the period (daylight saving): the statement then explains the repeated or skipped hour.</summary>
    public bool OffsetChanges { get; init; }
}

public enum StatementVerdict
{
    Met,
    Breached,
    NotEvaluated,
}

/// <summary>
/// One guarantee's outcome. Texts are pre-formatted by the evaluator (it owns the rounding), e.g. target
/// "at least 99.9%", measured "99.792%", margin "-0.108 pp". Invariant: key, name and texts non-empty.
/// </summary>
public sealed record CommitmentLine
{
    public CommitmentLine(string key, string name, string clause, string target, string measured, StatementVerdict verdict, string margin, string note = "")
    {
        Note = note ?? "";
        Key = Require.NonEmpty(key, nameof(key));
        Name = Require.NonEmpty(name, nameof(name));
        Clause = clause ?? "";
        Target = Require.NonEmpty(target, nameof(target));
        Measured = Require.NonEmpty(measured, nameof(measured));
        Verdict = verdict;
        Margin = Require.NonEmpty(margin, nameof(margin));
    }

    public string Key { get; }
    public string Name { get; }
    public string Clause { get; }
    public string Target { get; }
    public string Measured { get; }
    public StatementVerdict Verdict { get; }
    public string Margin { get; }
    /// <summary>Why there is no number (not evaluated), or what a reader must know about this result; empty otherwise.</summary>
    public string Note { get; }

    /// <summary>
    /// For an SLA of several guarantees: each guarantee's own line (target, measured value, margin, verdict), in the
    /// order written; this line then states how many were breached. Empty for an SLA of one guarantee.
    /// </summary>
    public ImmutableArray<CommitmentLine> Guarantees { get => guarantees; init => guarantees = value.IsDefault ? [] : value; }

    private readonly ImmutableArray<CommitmentLine> guarantees = [];
}

/// <summary>
/// The incident clocks of an every-incident guarantee ("every severity 1 incident responded within 15 minutes"): each
/// clock with its start, stop (or the statement date while running), elapsed time and outcome. Invariants: key and
/// limit non-empty; at least one clock.
/// </summary>
public sealed record ClockLedger
{
    public ClockLedger(string commitmentKey, string limit, ImmutableArray<LedgerIncident> clocks)
    {
        CommitmentKey = Require.NonEmpty(commitmentKey, nameof(commitmentKey));
        Limit = Require.NonEmpty(limit, nameof(limit));
        Clocks = clocks.IsDefaultOrEmpty ? throw new ArgumentException("A clock ledger lists at least one clock.", nameof(clocks)) : clocks;
    }

    public string CommitmentKey { get; }
    /// <summary>The target as the contract words it, e.g. "every incident within 15 minutes".</summary>
    public string Limit { get; }
    public ImmutableArray<LedgerIncident> Clocks { get; }
}

/// <summary>
/// The time behind one commitment's measurement, in exact seconds. Incidents are listed one by one with what happened
/// to each; the downtime periods are their union (overlapping incidents counted once, one weight each); exclusions
/// then remove downtime. Invariants: <see cref="DowntimeSeconds"/> = sum of the periods' counted seconds minus the
/// exclusions' downtime removed, and is not negative; the measured period (denominator) is positive.
/// </summary>
public sealed record DowntimeLedger
{
    public DowntimeLedger(
        string commitmentKey,
        ImmutableArray<LedgerIncident> incidents,
        ImmutableArray<LedgerPeriod> periods,
        ImmutableArray<LedgerExclusion> exclusions,
        decimal denominatorSeconds,
        string denominatorExplanation)
    {
        CommitmentKey = Require.NonEmpty(commitmentKey, nameof(commitmentKey));
        Incidents = incidents.IsDefault ? [] : incidents;
        Periods = periods.IsDefault ? [] : periods;
        Exclusions = exclusions.IsDefault ? [] : exclusions;
        if (denominatorSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(denominatorSeconds), "Denominator must be positive.");
        DenominatorSeconds = denominatorSeconds;
        DenominatorExplanation = denominatorExplanation ?? "";
        PeriodSeconds = Periods.Sum(p => p.CountedSeconds);
        DowntimeRemovedSeconds = Exclusions.Sum(e => e.DowntimeRemovedSeconds);
        DowntimeSeconds = PeriodSeconds - DowntimeRemovedSeconds;
        if (DowntimeSeconds < 0) throw new ArgumentException($"Exclusions remove {DowntimeRemovedSeconds} s of downtime but the periods hold only {PeriodSeconds} s.", nameof(exclusions));
    }

    public string CommitmentKey { get; }
    public ImmutableArray<LedgerIncident> Incidents { get; }
    public ImmutableArray<LedgerPeriod> Periods { get; }
    public ImmutableArray<LedgerExclusion> Exclusions { get; }
    public decimal DenominatorSeconds { get; }
    /// <summary>The measured period in the customer's words (MeasuredPeriodWording), e.g. "The measured period is the whole of November 2026, 43,260 min. ..."</summary>
    public string DenominatorExplanation { get; }
    /// <summary>Weighted downtime of the periods before exclusions.</summary>
    public decimal PeriodSeconds { get; }
    public decimal DowntimeRemovedSeconds { get; }
    /// <summary>The downtime the measurement counts.</summary>
    public decimal DowntimeSeconds { get; }

    /// <summary>
    /// Where the downtime lies, day by day over the commitment's window (the statement's timeline chart); null for a
    /// ledger built without one (older callers, hand-built tests). Invariant: its totals are this ledger's counted
    /// downtime and downtime removed.
    /// </summary>
    public DowntimeTimeline? Timeline
    {
        get => timeline;
        init
        {
            if (value is not null && (value.CountedSeconds != DowntimeSeconds || value.ExcludedSeconds != DowntimeRemovedSeconds))
                throw new ArgumentException($"The timeline holds {value.CountedSeconds} s counted and {value.ExcludedSeconds} s excluded, the ledger {DowntimeSeconds} s and {DowntimeRemovedSeconds} s.", nameof(Timeline));
            timeline = value;
        }
    }

    private readonly DowntimeTimeline? timeline;
}

/// <summary>
/// One incident and what happened to it. Invariants: seconds non-negative (elapsed, from instants, clipped to the
/// period); weight in [0, 1]; outcome non-empty. Start/end are local times WITH their UTC offset: during a DST
/// fall-back hour the same local time occurs twice, and the offset says which one.
/// </summary>
public sealed record LedgerIncident
{
    public LedgerIncident(string incidentId, OffsetDateTime startLocal, OffsetDateTime endLocal, decimal seconds, decimal weight, string outcome)
    {
        IncidentId = Require.NonEmpty(incidentId, nameof(incidentId));
        if (seconds < 0) throw new ArgumentOutOfRangeException(nameof(seconds));
        if (endLocal.ToInstant() < startLocal.ToInstant()) throw new ArgumentException("Incident must not end before it starts.", nameof(endLocal));
        if (weight is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(weight), "Weight must be between 0 and 1.");
        StartLocal = startLocal;
        EndLocal = endLocal;
        Seconds = seconds;
        Weight = weight;
        Outcome = Require.NonEmpty(outcome, nameof(outcome));
    }

    public string IncidentId { get; }
    public OffsetDateTime StartLocal { get; }
    public OffsetDateTime EndLocal { get; }
    public decimal Seconds { get; }
    public decimal Weight { get; }
    /// <summary>"counted", "excluded by clause 3.2", "shorter than the minimum period", ...</summary>
    public string Outcome { get; }

    /// <summary>The service the incident record names (<c>checkout</c>); null when the ledger was built without the records.</summary>
    public string? Service { get; init; }

    /// <summary>The record's severity, 1 the most severe; null when the ledger was built without the records.</summary>
    public int? Severity { get; init; }

    /// <summary>The record's impact in the data's words (<c>outage</c>, <c>degraded</c>, <c>partial</c>, <c>none</c>); null when unknown.</summary>
    public string? Impact { get; init; }

    /// <summary>The record's title (a short human description); null when the data has none.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The elapsed part of this incident inside the downtime the measurement counts (after the minimum period and the
    /// exclusions; before its weight, which the periods apply), at most <see cref="Seconds"/>; null for an incident clock.
    /// Overlapping incidents each show their own part; the periods count the union once.
    /// </summary>
    public decimal? CountedSeconds
    {
        get => countedSeconds;
        init => countedSeconds = value is null or >= 0m ? value : throw new ArgumentOutOfRangeException(nameof(CountedSeconds), value, "Counted time is not negative.");
    }

    private readonly decimal? countedSeconds;
}

/// <summary>
/// A merged downtime period: the union of overlapping incidents, one weight (the heaviest in force). Invariants: seconds
/// non-negative; weight in [0, 1]; <see cref="CountedSeconds"/> = seconds x weight, or 0 when <see cref="Dropped"/>
/// (shorter than the contract's minimum period).
/// </summary>
public sealed record LedgerPeriod
{
    public LedgerPeriod(OffsetDateTime startLocal, OffsetDateTime endLocal, decimal seconds, decimal weight, bool dropped, ImmutableArray<string> incidentIds)
    {
        if (seconds < 0) throw new ArgumentOutOfRangeException(nameof(seconds));
        if (endLocal.ToInstant() < startLocal.ToInstant()) throw new ArgumentException("Period must not end before it starts.", nameof(endLocal));
        if (weight is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(weight), "Weight must be between 0 and 1.");
        StartLocal = startLocal;
        EndLocal = endLocal;
        Seconds = seconds;
        Weight = weight;
        Dropped = dropped;
        IncidentIds = incidentIds.IsDefault ? [] : incidentIds;
        CountedSeconds = dropped ? 0 : seconds * weight;
    }

    public OffsetDateTime StartLocal { get; }
    public OffsetDateTime EndLocal { get; }
    public decimal Seconds { get; }
    public decimal Weight { get; }
    public bool Dropped { get; }
    public ImmutableArray<string> IncidentIds { get; }
    public decimal CountedSeconds { get; }
}

/// <summary>
/// Time one exclusion clause removed. Invariants: seconds non-negative, description non-empty. Excluded time is the
/// clause's time inside the period after its cap; downtime removed is the weighted downtime it took out of the count.
/// </summary>
public sealed record LedgerExclusion
{
    public LedgerExclusion(string description, string clause, decimal excludedSeconds, decimal downtimeRemovedSeconds)
    {
        Description = Require.NonEmpty(description, nameof(description));
        Clause = clause ?? "";
        if (excludedSeconds < 0) throw new ArgumentOutOfRangeException(nameof(excludedSeconds));
        if (downtimeRemovedSeconds < 0) throw new ArgumentOutOfRangeException(nameof(downtimeRemovedSeconds));
        ExcludedSeconds = excludedSeconds;
        DowntimeRemovedSeconds = downtimeRemovedSeconds;
    }

    public string Description { get; }
    public string Clause { get; }
    public decimal ExcludedSeconds { get; }
    public decimal DowntimeRemovedSeconds { get; }
}

/// <summary>
/// The credits owed for the period. Invariant: every line is in <see cref="Currency"/>; <see cref="Total"/> is the sum
/// of line amounts (caps are already applied to the lines by the evaluator).
/// </summary>
public sealed record CreditSummary
{
    public CreditSummary(string currency, ImmutableArray<StatementCreditLine> lines, LocalDate? claimDeadline, string roundingMode)
    {
        Currency = Require.NonEmpty(currency, nameof(currency));
        Lines = lines.IsDefault ? [] : lines;
        foreach (var l in Lines)
        {
            if (l.Currency != Currency) throw new ArgumentException($"Credit line currency {l.Currency} differs from {Currency}.", nameof(lines));
        }
        Total = Lines.Sum(l => l.Amount);
        ClaimDeadline = claimDeadline;
        RoundingMode = Require.NonEmpty(roundingMode, nameof(roundingMode));
    }

    public string Currency { get; }
    public ImmutableArray<StatementCreditLine> Lines { get; }
    public decimal Total { get; }
    public LocalDate? ClaimDeadline { get; }
    /// <summary>E.g. "half-even to 0.01".</summary>
    public string RoundingMode { get; }

    /// <summary>
    /// The fee for the period that percentage credits are computed from, when every evaluated commitment has the same
    /// one; null when the contract states no fee or its commitments' windows have different fees (each line then
    /// carries its own). Invariant: non-negative.
    /// </summary>
    public decimal? FeeForWindow
    {
        get => fee;
        init => fee = value is < 0 ? throw new ArgumentOutOfRangeException(nameof(FeeForWindow), "A fee is non-negative.") : value;
    }

    private readonly decimal? fee;

    /// <summary>Where and how the customer claims, as the contract states it; null when it does not (the check warns, SLA1045).</summary>
    public ClaimInstructions? Claim { get; init; }
}

/// <summary>
/// The contract's claim channel as printed with the claim deadline. Invariant: a contact or a portal; parts non-blank
/// when present (the compiler checked the contract's <c>claims</c> clause).
/// </summary>
public sealed record ClaimInstructions
{
    public ClaimInstructions(string? contact, string? portal, string? reference)
    {
        if (string.IsNullOrWhiteSpace(contact) && string.IsNullOrWhiteSpace(portal)) throw new ArgumentException("A claim channel names a contact or a portal.", nameof(contact));
        Contact = string.IsNullOrWhiteSpace(contact) ? null : contact;
        Portal = string.IsNullOrWhiteSpace(portal) ? null : portal;
        Reference = string.IsNullOrWhiteSpace(reference) ? null : reference;
    }

    public string? Contact { get; }
    public string? Portal { get; }
    public string? Reference { get; }
}

/// <summary>
/// One credit tier reached. Invariant: percents and amount non-negative. <see cref="Percent"/> is the percent of the fee
/// the tier pays (before caps and the minimum); <see cref="GrantedPercent"/> is the percent of the fee actually granted
/// (after them; equal to <see cref="Percent"/> when neither changed the amount); <see cref="Basis"/> is what the tier pays
/// as the contract words it ("10%", "2 x 5%", "3 days of service", and "20% (tier 30%)" after a cap), so a credit that is
/// not a percent of the fee is never shown as one.
/// </summary>
public sealed record StatementCreditLine
{
    public StatementCreditLine(string commitmentKey, string tier, decimal percent, decimal amount, string currency, ImmutableArray<string> capsApplied = default, string? basis = null,
        decimal? grantedPercent = null)
    {
        CommitmentKey = Require.NonEmpty(commitmentKey, nameof(commitmentKey));
        Tier = Require.NonEmpty(tier, nameof(tier));
        if (percent < 0) throw new ArgumentOutOfRangeException(nameof(percent));
        if (amount < 0) throw new ArgumentOutOfRangeException(nameof(amount));
        if (grantedPercent < 0) throw new ArgumentOutOfRangeException(nameof(grantedPercent));
        Percent = percent;
        GrantedPercent = grantedPercent ?? percent;
        Amount = amount;
        Currency = Require.NonEmpty(currency, nameof(currency));
        CapsApplied = capsApplied.IsDefault ? [] : capsApplied;
        Basis = string.IsNullOrWhiteSpace(basis) ? percent.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture) + "%" : basis;
    }

    public string CommitmentKey { get; }
    public string Tier { get; }
    public decimal Percent { get; }
    public decimal GrantedPercent { get; }
    public string Basis { get; }
    public decimal Amount { get; }
    public string Currency { get; }
    public ImmutableArray<string> CapsApplied { get; }

    /// <summary>
    /// How the amount was computed, as the evaluator's credit trace has it: the fee for the commitment's window, the
    /// amount the tier pays before caps and minimum, the exact amount after them, and the rounding applied once at the
    /// end to give <see cref="Amount"/>. Null only for a line built without a trace (older callers).
    /// </summary>
    public CreditComputation? Computation { get; init; }
}

/// <summary>
/// The arithmetic of one credit line. Invariants: fee, amounts non-negative; <see cref="Rounding"/> non-empty (e.g.
/// "half-away-from-zero to 0.01").
/// </summary>
public sealed record CreditComputation
{
    public CreditComputation(decimal feeForWindow, decimal amountBeforeCaps, decimal exactAmount, string rounding)
    {
        if (feeForWindow < 0) throw new ArgumentOutOfRangeException(nameof(feeForWindow));
        if (amountBeforeCaps < 0) throw new ArgumentOutOfRangeException(nameof(amountBeforeCaps));
        if (exactAmount < 0) throw new ArgumentOutOfRangeException(nameof(exactAmount));
        FeeForWindow = feeForWindow;
        AmountBeforeCaps = amountBeforeCaps;
        ExactAmount = exactAmount;
        Rounding = Require.NonEmpty(rounding, nameof(rounding));
    }

    public decimal FeeForWindow { get; }
    public decimal AmountBeforeCaps { get; }
    /// <summary>After caps and the minimum, before rounding.</summary>
    public decimal ExactAmount { get; }
    public string Rounding { get; }
}

/// <summary>Provenance hashes. Invariant: each is 64 lower-case hex digits (SHA-256).</summary>
public sealed record StatementFooter
{
    public StatementFooter(string contractSourceSha256, string inputDataSha256, string evaluatorSha256)
    {
        ContractSourceSha256 = Require.Sha256Hex(contractSourceSha256, nameof(contractSourceSha256));
        InputDataSha256 = Require.Sha256Hex(inputDataSha256, nameof(inputDataSha256));
        EvaluatorSha256 = Require.Sha256Hex(evaluatorSha256, nameof(evaluatorSha256));
    }

    public string ContractSourceSha256 { get; }
    public string InputDataSha256 { get; }
    public string EvaluatorSha256 { get; }
}

internal static class Require
{
    public static string NonEmpty(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("Must not be empty.", name) : value;

    public static string Sha256Hex(string? value, string name)
    {
        if (value is null || value.Length != 64 || !value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            throw new ArgumentException("Must be 64 lower-case hex digits (SHA-256).", name);
        }
        return value;
    }
}
