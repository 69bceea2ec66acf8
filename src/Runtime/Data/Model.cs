using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>How badly an incident affected its service. Contracts weight downtime by impact.</summary>
public enum Impact
{
    /// <summary>The service was unavailable.</summary>
    Outage,
    /// <summary>The service worked with reduced quality (slow, partial errors).</summary>
    Degraded,
    /// <summary>Only part of the service or of its users was affected.</summary>
    Partial,
    /// <summary>Recorded, but with no customer-visible effect.</summary>
    None,
}

/// <summary>
/// One incident as recorded by the provider's incident tool.
/// Invariants: <see cref="Id"/> and <see cref="Service"/> are non-empty; every lifecycle instant that is present is
/// at or after <see cref="Started"/>; <see cref="Resolved"/> is null while the incident is open (an open incident runs
/// until the evaluation's as-of instant). Causes and tags are lower-case kebab words (<c>customer</c>, <c>force-majeure</c>).
/// Storage (fleets load millions): the four optional lifecycle instants are kept as nanoseconds after
/// <see cref="Started"/> (never negative, by the invariant), <c>Absent</c> when null, and the rare one more than
/// <c>MaxOffset</c> after the start in a <see cref="FarInstants"/> value; each value has exactly one encoding, so the
/// record's field-wise equality and hash are those of its properties.
/// </summary>
public sealed record Incident
{
    private const long Absent = -1, Far = -2;
    private static readonly Duration MaxOffset = Duration.FromDays(100_000); // about 273 years: fits a long of nanoseconds

    private readonly long _resolved, _detected, _acknowledged, _responded;
    private readonly FarInstants? _far;

    public Incident(
        string id,
        string service,
        int severity,
        Impact impact,
        Instant started,
        Instant? resolved,
        string? cause = null,
        Instant? detected = null,
        Instant? acknowledged = null,
        Instant? responded = null,
        string? region = null,
        ImmutableArray<string> tags = default,
        bool? postmortemCompleted = null)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An incident needs an id.", nameof(id));
        if (string.IsNullOrWhiteSpace(service)) throw new ArgumentException("An incident needs a service.", nameof(service));
        if (severity < 0) throw new ArgumentOutOfRangeException(nameof(severity), severity, "Severity is a non-negative level (1 is the most severe).");
        RequireNotBefore(started, resolved, nameof(resolved));
        RequireNotBefore(started, detected, nameof(detected));
        RequireNotBefore(started, acknowledged, nameof(acknowledged));
        RequireNotBefore(started, responded, nameof(responded));
        Id = id;
        Service = service;
        Severity = severity;
        Impact = impact;
        Started = started;
        _resolved = Offset(started, resolved);
        Cause = cause;
        _detected = Offset(started, detected);
        _acknowledged = Offset(started, acknowledged);
        _responded = Offset(started, responded);
        if (_resolved == Far || _detected == Far || _acknowledged == Far || _responded == Far)
        {
            _far = new FarInstants(_resolved == Far ? resolved : null, _detected == Far ? detected : null,
                _acknowledged == Far ? acknowledged : null, _responded == Far ? responded : null);
        }
        Region = region;
        Tags = tags.IsDefault ? ImmutableArray<string>.Empty : tags;
        PostmortemCompleted = postmortemCompleted;
    }

    public string Id { get; }
    public string Service { get; }
    /// <summary>1 is the most severe level.</summary>
    public int Severity { get; }
    public Impact Impact { get; }
    public Instant Started { get; }
    public Instant? Resolved => At(_resolved, _far?.Resolved);
    public string? Cause { get; }
    public Instant? Detected => At(_detected, _far?.Detected);
    public Instant? Acknowledged => At(_acknowledged, _far?.Acknowledged);
    public Instant? Responded => At(_responded, _far?.Responded);
    public string? Region { get; }
    public ImmutableArray<string> Tags { get; }
    public bool? PostmortemCompleted { get; }

    /// <summary>
    /// The share of the customer's traffic the incident affected (Cloudflare's affected customer ratio), a fraction in
    /// (0, 1]; null when not stated. A contract that weighs downtime by it (<c>downtime is weighted by the affected share of
    /// each incident</c>) counts an incident without one as affecting all traffic.
    /// </summary>
    public decimal? AffectedShare
    {
        get => _affectedShare;
        init => _affectedShare = value is null or (> 0m and <= 1m) ? value : throw new ArgumentOutOfRangeException(nameof(AffectedShare), value, "An affected share is above 0 and at most 1.");
    }

    private readonly decimal? _affectedShare;

    /// <summary>
    /// The team that owned the incident, a lower-case kebab word (<c>payments</c>); null when the data does not say.
    /// The KPI report breaks incidents down by it (older data kept teams only as tags like <c>team-payments</c>).
    /// </summary>
    public string? Team { get; init; }

    internal static void RequireNotBefore(Instant start, Instant? other, string name)
    {
        if (other is { } o && o < start)
            throw new ArgumentException($"{name} ({o}) is before the start ({start}).", name);
    }

    private static long Offset(Instant started, Instant? at)
    {
        if (at is not { } a) return Absent;
        var offset = a - started;
        return offset <= MaxOffset ? offset.ToInt64Nanoseconds() : Far;
    }

    private Instant? At(long offset, Instant? far) => offset >= 0 ? Started.PlusNanoseconds(offset) : offset == Absent ? null : far;

    /// <summary>Lifecycle instants too far after the start for a long of nanoseconds (value equality, as a record).</summary>
    private sealed record FarInstants(Instant? Resolved, Instant? Detected, Instant? Acknowledged, Instant? Responded);
}

/// <summary>
/// A maintenance period. Invariants: <see cref="Start"/> &lt;= <see cref="End"/> (half-open [Start, End));
/// <see cref="Announced"/> is when customers were told (Statuspage: the scheduled maintenance's creation time);
/// an empty <see cref="Services"/> list means every service of the provider.
/// </summary>
public sealed record Maintenance
{
    public Maintenance(string id, Instant announced, Instant start, Instant end, ImmutableArray<string> services = default)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A maintenance needs an id.", nameof(id));
        if (end < start) throw new ArgumentException($"Maintenance {id} ends ({end}) before it starts ({start}).", nameof(end));
        Id = id;
        Announced = announced;
        Start = start;
        End = end;
        Services = services.IsDefault ? ImmutableArray<string>.Empty : services;
    }

    public string Id { get; }
    public Instant Announced { get; }
    public Instant Start { get; }
    public Instant End { get; }
    public ImmutableArray<string> Services { get; }

    /// <summary>Lead time between the announcement and the start (negative when announced after it began).</summary>
    public Duration Notice => Start - Announced;

    public bool Covers(string service) => Services.IsEmpty || Services.Contains(service);
}

/// <summary>An alert raised by monitoring. Invariant: <see cref="Acknowledged"/>, when present, is not before <see cref="Raised"/>.</summary>
public sealed record Alert
{
    public Alert(string id, string service, Instant raised, Instant? acknowledged)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An alert needs an id.", nameof(id));
        if (string.IsNullOrWhiteSpace(service)) throw new ArgumentException("An alert needs a service.", nameof(service));
        Incident.RequireNotBefore(raised, acknowledged, nameof(acknowledged));
        Id = id;
        Service = service;
        Raised = raised;
        Acknowledged = acknowledged;
    }

    public string Id { get; }
    public string Service { get; }
    public Instant Raised { get; }
    public Instant? Acknowledged { get; }
}

/// <summary>
/// A latency histogram: <see cref="Counts"/>[i] requests took at most <see cref="UpperBoundsMs"/>[i] milliseconds and more
/// than the previous bound; the last count, at index <c>UpperBoundsMs.Length</c>, is the overflow bucket (above the last bound).
/// Invariants: bounds strictly increase and are positive; <c>Counts.Length == UpperBoundsMs.Length + 1</c>; counts are non-negative.
/// Histograms with the same bounds merge by adding counts, which is how window percentiles are computed exactly.
/// </summary>
public sealed record LatencyHistogram
{
    public LatencyHistogram(ImmutableArray<long> upperBoundsMs, ImmutableArray<long> counts)
    {
        if (upperBoundsMs.IsDefaultOrEmpty) throw new ArgumentException("A histogram needs at least one bucket bound.", nameof(upperBoundsMs));
        if (counts.IsDefault || counts.Length != upperBoundsMs.Length + 1)
            throw new ArgumentException($"A histogram with {upperBoundsMs.Length} bounds needs {upperBoundsMs.Length + 1} counts (the last is the overflow bucket).", nameof(counts));
        for (var i = 0; i < upperBoundsMs.Length; i++)
        {
            if (upperBoundsMs[i] <= 0 || (i > 0 && upperBoundsMs[i] <= upperBoundsMs[i - 1]))
                throw new ArgumentException("Histogram bounds must be positive and strictly increasing.", nameof(upperBoundsMs));
        }
        foreach (var c in counts)
            if (c < 0) throw new ArgumentException("Histogram counts must be non-negative.", nameof(counts));
        UpperBoundsMs = upperBoundsMs;
        Counts = counts;
    }

    public ImmutableArray<long> UpperBoundsMs { get; }
    public ImmutableArray<long> Counts { get; }
}

/// <summary>
/// Request counts of one service over one time slice [Start, Start + Length).
/// Invariants: <see cref="Length"/> is positive; 0 &lt;= <see cref="Good"/> &lt;= <see cref="Total"/>;
/// latency comes either as a <see cref="Histogram"/> (mergeable, exact) or as per-slice percentiles in
/// <see cref="PercentilesMs"/> (key: the percentile, e.g. 95), which may only be compared slice by slice, never averaged.
/// </summary>
public sealed record RequestSlice
{
    public RequestSlice(
        string service,
        Instant start,
        Duration length,
        long total,
        long good,
        LatencyHistogram? histogram = null,
        ImmutableSortedDictionary<int, decimal>? percentilesMs = null)
    {
        if (string.IsNullOrWhiteSpace(service)) throw new ArgumentException("A request slice needs a service.", nameof(service));
        if (length <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(length), length, "A slice's length must be positive.");
        if (total < 0) throw new ArgumentOutOfRangeException(nameof(total), total, "Total requests must be non-negative.");
        if (good < 0 || good > total) throw new ArgumentOutOfRangeException(nameof(good), good, $"Good requests must be between 0 and the total ({total}).");
        Service = service;
        Start = start;
        Length = length;
        Total = total;
        Good = good;
        Histogram = histogram;
        PercentilesMs = percentilesMs ?? ImmutableSortedDictionary<int, decimal>.Empty;
    }

    public string Service { get; }
    public Instant Start { get; }
    public Duration Length { get; }
    public long Total { get; }
    public long Good { get; }
    public long Bad => Total - Good;
    public Instant End => Start + Length;
    public LatencyHistogram? Histogram { get; }
    public ImmutableSortedDictionary<int, decimal> PercentilesMs { get; }
}

/// <summary>
/// A period during which a resource was deployed (Azure-style denominators count only deployed time).
/// Invariant: <see cref="End"/>, when present, is not before <see cref="Start"/>; a null end means still deployed.
/// </summary>
public sealed record Deployment
{
    public Deployment(string id, string service, Instant start, Instant? end)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A deployment needs an id.", nameof(id));
        if (string.IsNullOrWhiteSpace(service)) throw new ArgumentException("A deployment needs a service.", nameof(service));
        Incident.RequireNotBefore(start, end, nameof(end));
        Id = id;
        Service = service;
        Start = start;
        End = end;
    }

    public string Id { get; }
    public string Service { get; }
    public Instant Start { get; }
    public Instant? End { get; }
}

/// <summary>
/// A credit already granted outside the data (one line of credits.csv, docs/data.md): a contract that started before
/// the tool was adopted, a credit settled by hand. It counts against the SLA's caps over several windows in the window
/// its month names; it is never paid again. Invariants: every text is non-empty; the amount is non-negative; the
/// currency is an ISO 4217 code.
/// </summary>
public sealed record LedgerCredit(string Reference, string Contract, string Sla, YearMonth Month, decimal Amount, string Currency);
