using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary>One parsed file: contracts and scenario tests in source order (a file may hold either or both).</summary>
public sealed record CompilationUnitSyntax(ImmutableArray<TopLevelSyntax> Members, SourceSpan Span) : SyntaxNode(Span)
{
    public IEnumerable<ContractSyntax> Contracts => Members.OfType<ContractSyntax>();
    public IEnumerable<TestSyntax> Tests => Members.OfType<TestSyntax>();
}

/// <summary>A top-level declaration: <see cref="ContractSyntax"/> or <see cref="TestSyntax"/>.</summary>
public abstract record TopLevelSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>contract "Name" { clauses }</c>. <see cref="Clauses"/> holds header clauses (parties, effective range,
/// time zone, fee, rounding), declarations (services, holiday calendars), suppressions and sla/kpi blocks in source order.</summary>
public sealed record ContractSyntax(StringLiteralSyntax Name, ImmutableArray<ClauseSyntax> Clauses, SourceSpan Span) : TopLevelSyntax(Span)
{
    public IEnumerable<SlaSyntax> Slas => Clauses.OfType<SlaSyntax>();
    public IEnumerable<KpiSyntax> Kpis => Clauses.OfType<KpiSyntax>();
    public IEnumerable<ServiceDeclarationSyntax> Services => Clauses.OfType<ServiceDeclarationSyntax>();
    public IEnumerable<HolidayCalendarSyntax> Calendars => Clauses.OfType<HolidayCalendarSyntax>();
    public IEnumerable<SuppressionClauseSyntax> Suppressions => Clauses.OfType<SuppressionClauseSyntax>();
}

public enum PartyRole
{
    Provider,
    Customer,
}

/// <summary><c>provider "Example Cloud Inc."</c> or <c>customer "Acme Corp"</c>.</summary>
public sealed record PartyClauseSyntax(PartyRole Role, StringLiteralSyntax Name, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>What one part of a claim channel names: whom to write to, where to file a claim, what to quote.</summary>
public enum ClaimChannelPart
{
    Contact,
    Portal,
    Reference,
}

/// <summary>One part of a <see cref="ClaimChannelClauseSyntax"/>: <c>contact "credits@example.com"</c>.</summary>
public sealed record ClaimChannelPartSyntax(ClaimChannelPart Part, StringLiteralSyntax Value, SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>claims contact "billing@example.com" portal "https://support.example.com" reference "the contract number"</c>:
/// how the customer claims a credit, printed on the statement with the claim deadline. Parts in any order, at least one
/// (the binder requires a contact or a portal and each part once).
/// </summary>
public sealed record ClaimChannelClauseSyntax(ImmutableArray<ClaimChannelPartSyntax> Parts, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>effective 2026-01-01 until 2027-01-01</c>: the half-open range [From, Until) of local dates.</summary>
public sealed record EffectiveClauseSyntax(DateLiteralSyntax From, DateLiteralSyntax Until, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>time zone "America/New_York"</c>: the IANA zone all windows are local to (validated by the binder).</summary>
public sealed record TimeZoneClauseSyntax(StringLiteralSyntax Zone, SourceSpan Span) : ClauseSyntax(Span);

public enum FeePeriod
{
    Month,
    Quarter,
    Year,
    BillingCycle,
}

/// <summary><c>fee 12000.00 USD per month</c>: the fee credits are a percentage of.</summary>
public sealed record FeeClauseSyntax(MoneyLiteralSyntax Amount, FeePeriod Per, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>How an exact amount is rounded to a given number of places.</summary>
public enum RoundingMode
{
    /// <summary><c>half-away-from-zero</c> (commercial rounding; the default for money).</summary>
    HalfAwayFromZero,
    /// <summary><c>half-even</c> (banker's rounding).</summary>
    HalfEven,
    /// <summary><c>half-toward-zero</c>.</summary>
    HalfTowardZero,
    /// <summary><c>toward-zero</c> (truncate).</summary>
    TowardZero,
    /// <summary><c>away-from-zero</c>.</summary>
    AwayFromZero,
}

/// <summary><c>rounding half-even</c>: the mode money is rounded with to the currency's minor unit, once, at the end.</summary>
public sealed record RoundingClauseSyntax(RoundingMode Mode, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>service api "Public API"</c>: declares a service id that data files and clauses refer to.</summary>
public sealed record ServiceDeclarationSyntax(IdentifierSyntax Name, StringLiteralSyntax? Title, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>holidays us-federal-2026 "US federal holidays" { holiday 2026-01-01 "New Year's Day" ... }</c>:
/// a named set of local dates on which business-hours clocks do not run.</summary>
public sealed record HolidayCalendarSyntax(IdentifierSyntax Name, StringLiteralSyntax? Title, ImmutableArray<HolidaySyntax> Holidays, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>holiday 2026-07-03 "Independence Day (observed)"</c> inside a holiday calendar.</summary>
public sealed record HolidaySyntax(DateLiteralSyntax Date, StringLiteralSyntax? Name, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>suppress SLA1001 because "reason"</c>: silences one lint code for the whole contract (at contract level)
/// or for the enclosing sla/kpi block. The reason is mandatory so reviewers see why.</summary>
public sealed record SuppressionClauseSyntax(IdentifierSyntax Code, StringLiteralSyntax Reason, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>The citation <c>clause "3.1"</c> of the contract's own paragraph number.</summary>
public sealed record ClauseReferenceSyntax(StringLiteralSyntax Number, SourceSpan Span) : SyntaxNode(Span);

/// <summary>A line <c>clause "3.1"</c> on its own inside a block: the whole block cites that paragraph.</summary>
public sealed record ReferenceClauseSyntax(ClauseReferenceSyntax Citation, SourceSpan Span) : ClauseSyntax(Span);

/// <summary><c>sla NAME "title" { clauses }</c>: one customer-facing commitment (guarantees, downtime rules,
/// exclusions, credits, claims, warnings, clocks, suppressions).</summary>
public sealed record SlaSyntax(IdentifierSyntax Name, StringLiteralSyntax? Title, ImmutableArray<ClauseSyntax> Clauses, SourceSpan Span) : ClauseSyntax(Span)
{
    public IEnumerable<GuaranteeClauseSyntax> Guarantees => Clauses.OfType<GuaranteeClauseSyntax>();
    public IEnumerable<CreditClauseSyntax> Credits => Clauses.OfType<CreditClauseSyntax>();
}

/// <summary><c>kpi NAME "title" { target ...; supports SLA }</c>: an internal indicator; never in a customer statement.
/// Accepts the same clause vocabulary as an sla block; the binder rejects clauses that make no sense for a KPI.</summary>
public sealed record KpiSyntax(IdentifierSyntax Name, StringLiteralSyntax? Title, ImmutableArray<ClauseSyntax> Clauses, SourceSpan Span) : ClauseSyntax(Span)
{
    public IEnumerable<TargetClauseSyntax> Targets => Clauses.OfType<TargetClauseSyntax>();
    public IEnumerable<SupportsClauseSyntax> Supports => Clauses.OfType<SupportsClauseSyntax>();
}
