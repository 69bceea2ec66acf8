using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>
/// The semantic model of one <c>.sla</c> file: its contracts and scenario tests, every name resolved, every value
/// typed. Immutable. Compare two models with <see cref="ModelSerializer.StructurallyEqual"/> (spans ignored) and hash
/// <see cref="ModelSerializer.Canonical"/> for a cache key: ImmutableArray fields make record equality referential.
/// </summary>
public sealed record BoundDocument(ImmutableArray<BoundContract> Contracts, ImmutableArray<BoundScenarioTest> Tests);

/// <summary>How money is rounded to the currency's minor unit, once, at the end (LANGUAGE.md semantics 7).</summary>
public enum MoneyRounding
{
    HalfAwayFromZero,
    HalfEven,
    Down,
    Up,
}

/// <summary>
/// One contract. Invariants: <see cref="EffectiveStart"/> &lt; <see cref="EffectiveEnd"/> (half-open range of local
/// dates, the end day excluded); names of services, calendars, SLAs and KPIs are unique within the contract;
/// <see cref="Zone"/> is UTC when the contract states none (<see cref="ZoneStated"/> false, and lint SLA1006 says so).
/// </summary>
public sealed record BoundContract(
    string Name,
    string? Provider,
    string? Customer,
    LocalDate EffectiveStart,
    LocalDate EffectiveEnd,
    DateTimeZone Zone,
    bool ZoneStated,
    Fee? Fee,
    MoneyRounding Rounding,
    bool RoundingStated,
    ImmutableArray<BoundService> Services,
    ImmutableArray<BoundCalendar> Calendars,
    ImmutableArray<BoundSla> Slas,
    ImmutableArray<BoundKpi> Kpis,
    ImmutableArray<Suppression> Suppressions,
    SourceSpan Span)
{
    public BoundService? FindService(string id) => Services.FirstOrDefault(s => s.Id == id);
    public BoundSla? FindSla(string name) => Slas.FirstOrDefault(s => s.Name == name);
    public BoundKpi? FindKpi(string name) => Kpis.FirstOrDefault(k => k.Name == name);
    public BoundCalendar? FindCalendar(string name) => Calendars.FirstOrDefault(c => c.Name == name);
}

/// <summary>The fee credits are a percentage of: an amount per window (<c>fee 12000.00 USD per month</c>).</summary>
public sealed record Fee(Money Amount, WindowKind Per);

/// <summary>A service the contract measures, by identifier (<c>service api "Public API"</c>).</summary>
public sealed record BoundService(string Id, string Title, SourceSpan Span);

/// <summary>
/// Local hours on some weekdays (<c>Mon-Fri 08:00-18:00</c>). Invariant: From &lt; To on the same day, at least one day.
/// </summary>
public sealed record WeeklyHours(ImmutableArray<IsoDayOfWeek> Days, LocalTime From, LocalTime To);

/// <summary>
/// A named business-hours calendar and/or holiday list. Clocks that run in business hours run only inside
/// <see cref="Hours"/> (local time of the contract's zone) and never on <see cref="Holidays"/>.
/// Invariant: holidays sorted and distinct; an empty Hours list means every hour of a non-holiday counts.
/// </summary>
public sealed record BoundCalendar(string Name, ImmutableArray<WeeklyHours> Hours, ImmutableArray<LocalDate> Holidays, SourceSpan Span);
