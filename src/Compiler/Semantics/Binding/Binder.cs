using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Semantics.Binding;

/// <summary>The semantic model of a file and every semantic error found while building it.</summary>
public sealed record BindResult(BoundDocument Document, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Turns a syntax tree into the semantic model: resolves names (services, calendars, SLAs, KPIs, contracts), types
/// values (percent 0-100, exact durations, ISO 4217 money, IANA zones), and checks what the grammar cannot (semantic
/// codes SLA0100-SLA0999). Never throws for user input: every problem becomes a diagnostic and the clause is left out.
/// One binder per file; not thread-safe, cheap to create.
/// </summary>
public sealed partial class Binder
{
    private readonly SourceText _source;
    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();

    private Binder(SourceText source) => _source = source;

    public static BindResult Bind(ParseResult parse) => Bind(parse, []);

    /// <summary>
    /// Binds a file whose tests may also name contracts bound from other files (<paramref name="contractsBeside"/>: a
    /// <c>.sla-test</c> file next to its contracts). A contract of the file itself wins over one beside it.
    /// </summary>
    public static BindResult Bind(ParseResult parse, IReadOnlyList<BoundContract> contractsBeside)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(contractsBeside);
        return new Binder(parse.Source).BindUnit(parse.Root, contractsBeside);
    }

    private void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    private BindResult BindUnit(CompilationUnitSyntax unit, IReadOnlyList<BoundContract> contractsBeside)
    {
        var contracts = ImmutableArray.CreateBuilder<BoundContract>();
        var seenContracts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var syntax in unit.Contracts)
        {
            BindName(syntax.Name, "contract name", MaxContractNameLength);
            if (!seenContracts.Add(syntax.Name.Value)) Report(DiagnosticBuilder.DuplicateName(_source, syntax.Name.Span, "contract", syntax.Name.Value));
            contracts.Add(BindContract(syntax));
        }
        var tests = ImmutableArray.CreateBuilder<BoundScenarioTest>();
        IReadOnlyList<BoundContract> visible = contractsBeside.Count == 0 ? contracts : [.. contracts, .. contractsBeside];
        foreach (var syntax in unit.Tests) tests.Add(BindTest(syntax, visible));
        return new BindResult(new BoundDocument(contracts.ToImmutable(), tests.ToImmutable()), _diagnostics.ToImmutable());
    }

    /// <summary>What the clauses of one contract declare, for resolving names inside its blocks.</summary>
    private sealed class ContractScope
    {
        public Dictionary<string, BoundService> Services { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, BoundCalendar> Calendars { get; } = new(StringComparer.Ordinal);
        public HashSet<string> SlaNames { get; } = new(StringComparer.Ordinal);
        public Fee? Fee { get; set; }

        /// <summary>A fee line exists, even if it failed to bind (then amounts are not reported again as fee-less).</summary>
        public bool FeeStated { get; set; }
    }

    /// <summary>
    /// The most clauses one contract may have, counting the clauses inside its blocks and each holiday. Compiling costs
    /// about 20 ms of CPU and 0.7 MB per SLA of five clauses (docs/performance.md); at this limit a contract compiles in
    /// seconds and a few hundred MB, while 8,333 SLAs once took 140 s and 9.7 GB.
    /// </summary>
    public const int MaxClausesPerContract = 2000;

    /// <summary>Reports SLA0129 at the first clause beyond <see cref="MaxClausesPerContract"/>; true when the contract is within it.</summary>
    private bool WithinSizeLimit(ContractSyntax contract)
    {
        var count = 0;
        foreach (var clause in contract.Clauses)
        {
            IEnumerable<SyntaxNode> inner = clause switch
            {
                SlaSyntax sla => sla.Clauses,
                KpiSyntax kpi => kpi.Clauses,
                HolidayCalendarSyntax calendar => calendar.Holidays,
                _ => [],
            };
            foreach (var node in inner.Prepend(clause))
            {
                if (++count <= MaxClausesPerContract) continue;
                Report(DiagnosticBuilder.ContractTooLarge(_source, node.Span, contract.Name.Value, MaxClausesPerContract));
                return false;
            }
        }
        return true;
    }

    private BoundContract BindContract(ContractSyntax contract)
    {
        WithinSizeLimit(contract);
        var scope = new ContractScope();
        string? provider = null, customer = null;
        LocalDate? start = null, end = null;
        DateTimeZone zone = DateTimeZone.Utc;
        bool zoneStated = false, roundingStated = false;
        var rounding = RoundingMode.HalfAwayFromZero;
        var services = ImmutableArray.CreateBuilder<BoundService>();
        var calendars = ImmutableArray.CreateBuilder<BoundCalendar>();
        var suppressions = ImmutableArray.CreateBuilder<Suppression>();
        ClaimChannel? claimChannel = null;
        var once = new OnceTracker(this);

        // Declarations first, so blocks may use services and calendars declared below them.
        foreach (var clause in contract.Clauses)
        {
            switch (clause)
            {
                case ServiceDeclarationSyntax service:
                    if (scope.Services.ContainsKey(service.Name.Name))
                    {
                        Report(DiagnosticBuilder.DuplicateName(_source, service.Name.Span, "service", service.Name.Name));
                        break;
                    }
                    var bound = new BoundService(service.Name.Name, BindName(service.Title, "service title"), service.Span);
                    scope.Services.Add(bound.Id, bound);
                    services.Add(bound);
                    break;
                case HolidayCalendarSyntax calendar:
                    if (scope.Calendars.ContainsKey(calendar.Name.Name))
                    {
                        Report(DiagnosticBuilder.DuplicateName(_source, calendar.Name.Span, "holiday calendar", calendar.Name.Name));
                        break;
                    }
                    var days = calendar.Holidays.Select(h => LocalDate.FromDateOnly(h.Date.Value)).Distinct().Order().ToImmutableArray();
                    var boundCalendar = new BoundCalendar(calendar.Name.Name, BindName(calendar.Title, "calendar title"), days, calendar.Span);
                    scope.Calendars.Add(boundCalendar.Name, boundCalendar);
                    calendars.Add(boundCalendar);
                    break;
                case FeeClauseSyntax fee when once.First("the fee", fee.Span):
                    scope.FeeStated = true;
                    if (BindMoney(fee.Amount) is { } money) scope.Fee = new Fee(money, fee.Per);
                    break;
                case SlaSyntax sla:
                    scope.SlaNames.Add(sla.Name.Name);
                    break;
            }
        }

        var slas = ImmutableArray.CreateBuilder<BoundSla>();
        var kpis = ImmutableArray.CreateBuilder<BoundKpi>();
        var blockNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var clause in contract.Clauses)
        {
            switch (clause)
            {
                case PartyClauseSyntax { Role: PartyRole.Provider } party when once.First("the provider", party.Span):
                    provider = BindName(party.Name, "provider name");
                    break;
                case PartyClauseSyntax { Role: PartyRole.Customer } party when once.First("the customer", party.Span):
                    customer = BindName(party.Name, "customer name");
                    break;
                case EffectiveClauseSyntax effective when once.First("the effective range", effective.Span):
                    start = LocalDate.FromDateOnly(effective.From.Value);
                    end = LocalDate.FromDateOnly(effective.Until.Value);
                    if (end <= start)
                    {
                        Report(DiagnosticBuilder.EmptyEffectiveRange(_source, effective.Span, effective.From.Text, effective.Until.Text));
                        start = end = null;
                    }
                    break;
                case TimeZoneClauseSyntax timeZone when once.First("the time zone", timeZone.Span):
                    if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone.Zone.Value) is { } found)
                    {
                        zone = found;
                        zoneStated = true;
                    }
                    else
                    {
                        Report(DiagnosticBuilder.UnknownTimeZone(_source, timeZone.Zone.Span, timeZone.Zone.Value));
                    }
                    break;
                case RoundingClauseSyntax roundingClause when once.First("money rounding", roundingClause.Span):
                    rounding = roundingClause.Mode;
                    roundingStated = true;
                    break;
                case SuppressionClauseSyntax suppression:
                    if (BindSuppression(suppression) is { } s) suppressions.Add(s);
                    break;
                case ClaimChannelClauseSyntax claims when once.First("the claim channel", claims.Span):
                    claimChannel = BindClaimChannel(claims);
                    break;
                case SlaSyntax sla:
                    if (!blockNames.Add(sla.Name.Name))
                    {
                        Report(DiagnosticBuilder.DuplicateName(_source, sla.Name.Span, "sla or kpi", sla.Name.Name));
                        break;
                    }
                    slas.Add(BindSla(sla, scope));
                    break;
                case KpiSyntax kpi:
                    if (!blockNames.Add(kpi.Name.Name))
                    {
                        Report(DiagnosticBuilder.DuplicateName(_source, kpi.Name.Span, "sla or kpi", kpi.Name.Name));
                        break;
                    }
                    kpis.Add(BindKpi(kpi, scope));
                    break;
                case ServiceDeclarationSyntax or HolidayCalendarSyntax or FeeClauseSyntax
                    or PartyClauseSyntax or EffectiveClauseSyntax or TimeZoneClauseSyntax or RoundingClauseSyntax or ClaimChannelClauseSyntax:
                    break; // bound above, or stated twice (reported by the tracker)
                default:
                    Report(DiagnosticBuilder.ClauseNotAllowed(_source, clause.Span, ClauseName(clause), "a contract (put it in an sla or kpi block)"));
                    break;
            }
        }

        // A rolling cap counts credits back from the effective date: without one there is no first month to count from.
        if (start is null)
        {
            foreach (var cap in slas.SelectMany(s => s.Credits.Caps).Where(c => c.RollingMonths is not null))
                Report(DiagnosticBuilder.RollingCapWithoutEffectiveDate(_source, cap.Span, cap.RollingMonths!.Value));
        }

        return new BoundContract(
            contract.Name.Value, provider, customer, start, end, zone, zoneStated, scope.Fee, rounding, roundingStated,
            services.ToImmutable(), calendars.ToImmutable(), slas.ToImmutable(), kpis.ToImmutable(), suppressions.ToImmutable(), contract.Span)
        { ClaimChannel = claimChannel };
    }

    /// <summary>A claims clause: each part once (SLA0118), a contact or a portal (SLA0145), a portal that is a web address (SLA0146).</summary>
    private ClaimChannel? BindClaimChannel(ClaimChannelClauseSyntax claims)
    {
        var parts = new Dictionary<ClaimChannelPart, string?>();
        var ok = true;
        foreach (var part in claims.Parts)
        {
            var what = "claim " + part.Part.ToString().ToLowerInvariant();
            if (parts.ContainsKey(part.Part))
            {
                Report(DiagnosticBuilder.StatedTwice(_source, part.Span, what));
                ok = false;
                continue;
            }
            var value = BindName(part.Value, what);
            ok &= value is not null;
            if (part.Part == ClaimChannelPart.Portal && value is not null && !ClaimChannel.IsWebAddress(value))
            {
                Report(DiagnosticBuilder.ClaimPortalNotWebAddress(_source, part.Value.Span, value));
                ok = false;
            }
            parts[part.Part] = value;
        }
        if (!parts.ContainsKey(ClaimChannelPart.Contact) && !parts.ContainsKey(ClaimChannelPart.Portal))
        {
            Report(DiagnosticBuilder.ClaimChannelWithoutContact(_source, claims.Span));
            return null;
        }
        return ok ? new ClaimChannel(parts.GetValueOrDefault(ClaimChannelPart.Contact), parts.GetValueOrDefault(ClaimChannelPart.Portal),
            parts.GetValueOrDefault(ClaimChannelPart.Reference), claims.Span) : null;
    }

    /// <summary>Reports a clause stated twice in one block (SLA0118) and lets only the first one bind.</summary>
    private sealed class OnceTracker(Binder binder)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public bool First(string what, SourceSpan span)
        {
            if (_seen.Add(what)) return true;
            binder.Report(DiagnosticBuilder.StatedTwice(binder._source, span, what));
            return false;
        }
    }

    private Suppression? BindSuppression(SuppressionClauseSyntax suppression)
    {
        var code = suppression.Code.Name;
        if (!DiagnosticBuilder.LintTitles.ContainsKey(code) || code == "SLA1900")
        {
            Report(DiagnosticBuilder.UnknownSuppressedCode(_source, suppression.Code.Span, code));
            return null;
        }
        if (string.IsNullOrWhiteSpace(suppression.Reason.Value))
        {
            Report(DiagnosticBuilder.SuppressionWithoutReason(_source, suppression.Span, code));
            return null;
        }
        return new Suppression(code, suppression.Reason.Value, suppression.Span);
    }

    /// <summary>A readable name of a clause for messages: the record name without "ClauseSyntax", split into words.</summary>
    private static string ClauseName(SyntaxNode clause)
    {
        var name = clause.GetType().Name.Replace("ClauseSyntax", "").Replace("Syntax", "");
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        return $"a '{words}' clause";
    }
}
