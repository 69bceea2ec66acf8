using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

// The model reuses the Dsl's vocabulary enums (RoundingMode, ComparisonOperator, ClockKind, ClockEvent, CapPeriod, ...):
// they name words of the language, not syntax, and a second copy would only add a mapping to get wrong.

/// <summary>
/// The semantic model of one <c>.sla</c> file: its contracts and scenario tests, every name resolved, every value
/// typed. Immutable. Compare two models with <see cref="ModelSerializer.StructurallyEqual"/> (spans ignored) and hash
/// <see cref="ModelSerializer.Canonical"/> for a cache key: ImmutableArray fields make record equality referential.
/// Only clauses without errors are in the model; a model from a file with errors is incomplete and must not be emitted.
/// </summary>
public sealed record BoundDocument(ImmutableArray<BoundContract> Contracts, ImmutableArray<BoundScenarioTest> Tests);

/// <summary>
/// One contract. Invariants: <see cref="EffectiveStart"/> &lt; <see cref="EffectiveEnd"/> (half-open range of local
/// dates, the end day excluded) when both are stated; names of services, calendars, SLAs and KPIs are unique within the
/// contract; <see cref="Zone"/> is UTC when the contract states none (<see cref="ZoneStated"/> false; lint SLA1006).
/// <see cref="Rounding"/> is the stated money rounding or the default half away from zero (<see cref="RoundingStated"/>).
/// </summary>
public sealed record BoundContract(
    string Name,
    string? Provider,
    string? Customer,
    LocalDate? EffectiveStart,
    LocalDate? EffectiveEnd,
    DateTimeZone Zone,
    bool ZoneStated,
    Fee? Fee,
    RoundingMode Rounding,
    bool RoundingStated,
    ImmutableArray<BoundService> Services,
    ImmutableArray<BoundCalendar> Calendars,
    ImmutableArray<BoundSla> Slas,
    ImmutableArray<BoundKpi> Kpis,
    ImmutableArray<Suppression> Suppressions,
    SourceSpan Span)
{
    public LocalDate? EffectiveEnd { get; init; } = EffectiveStart is { } start && EffectiveEnd is { } end && end <= start
        ? throw new ArgumentException($"Empty effective range {start} until {end}.", nameof(EffectiveEnd))
        : EffectiveEnd;

    /// <summary>How a customer claims a credit (<c>claims contact ... portal ... reference ...</c>); null when the contract does not say.</summary>
    public ClaimChannel? ClaimChannel { get; init; }

    /// <summary>
    /// For one version of an amended order form (the terms as signed, or as amended from a date): which version; its
    /// effective range is then the part of the term this version may judge (see <see cref="Runtime.Evaluation.AmendedContract"/>).
    /// Null for a contract never amended (and then not part of the canonical text, so such contracts hash as before).
    /// </summary>
    [OmitWhenNull]
    public Runtime.Evaluation.ContractVersion? Version { get; init; }

    public BoundService? FindService(string id) => Services.FirstOrDefault(s => s.Id == id);
    public BoundSla? FindSla(string name) => Slas.FirstOrDefault(s => s.Name == name);
    public BoundKpi? FindKpi(string name) => Kpis.FirstOrDefault(k => k.Name == name);
    public BoundCalendar? FindCalendar(string name) => Calendars.FirstOrDefault(c => c.Name == name);
}

/// <summary>A model property left out of the canonical text (<see cref="ModelSerializer"/>) when null: added later, it leaves older models' hashes as they were.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OmitWhenNullAttribute : Attribute;

/// <summary>
/// Where and how a customer claims a credit, as the contract words it. Invariant: a contact or a portal (or both); a
/// portal is an absolute http(s) address; every part stated is non-blank.
/// </summary>
public sealed record ClaimChannel
{
    public ClaimChannel(string? contact, string? portal, string? reference, SourceSpan span)
    {
        if (contact is null && portal is null) throw new ArgumentException("A claim channel names a contact or a portal.", nameof(contact));
        if (portal is not null && !IsWebAddress(portal)) throw new ArgumentException($"Claim portal '{portal}' is not an http(s) address.", nameof(portal));
        Contact = contact;
        Portal = portal;
        Reference = reference;
        Span = span;
    }

    public string? Contact { get; }
    public string? Portal { get; }
    /// <summary>What the customer quotes with a claim (a contract number, "the statement identifier").</summary>
    public string? Reference { get; }
    public SourceSpan Span { get; }

    public static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host);
}

/// <summary>The fee credits are a percentage of: an amount per period (<c>fee 12000.00 USD per month</c>).</summary>
public sealed record Fee(Money Amount, FeePeriod Per);

/// <summary>A service the contract measures, by identifier (<c>service api "Public API"</c>).</summary>
public sealed record BoundService(string Id, string? Title, SourceSpan Span);

/// <summary>
/// A named holiday list: business-hours clocks do not run on these local dates. Invariant: dates sorted and distinct.
/// </summary>
public sealed record BoundCalendar(string Name, string? Title, ImmutableArray<LocalDate> Holidays, SourceSpan Span);
