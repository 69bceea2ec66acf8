using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NodaTime;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// The internal portfolio report: every contract of a batch for one period. Never signed, never for a customer
/// (<see cref="Internal"/> is always true and the PDF says so on every page). Invariants: the credit totals are the
/// sums, per currency, of <see cref="Breaches"/>' credits; every list is in a stable order (contract, then SLA); every SLA
/// breached or owing a credit is in <see cref="Breaches"/>, so the totals are every credit of the period.
/// </summary>
public sealed record PortfolioDocument
{
    public const string SchemaVersion = "slakpidsl.portfolio/1";

    public PortfolioDocument(string period, Instant asOf, ImmutableArray<PortfolioContract> contracts, ImmutableArray<PortfolioBreach> breaches,
        ImmutableArray<PortfolioWarning> approaching, ImmutableArray<PortfolioService> worstServices, ImmutableArray<PortfolioKpiBreach> kpiBuffersBreached,
        ImmutableArray<PortfolioWithoutVerdict> withoutVerdict)
    {
        Period = Require.NonEmpty(period, nameof(period));
        AsOf = asOf;
        Contracts = contracts.IsDefault ? [] : contracts;
        Breaches = breaches.IsDefault ? [] : breaches;
        Approaching = approaching.IsDefault ? [] : approaching;
        WorstServices = worstServices.IsDefault ? [] : worstServices;
        KpiBuffersBreached = kpiBuffersBreached.IsDefault ? [] : kpiBuffersBreached;
        WithoutVerdict = withoutVerdict.IsDefault ? [] : withoutVerdict;
        CreditsByCurrency = Breaches.Where(b => b.Credit > 0).GroupBy(b => b.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(b => b.Credit), g.Count())).ToImmutableArray();
    }

    public string Schema => SchemaVersion;
    /// <summary>Always true: the portfolio is internal.</summary>
    public bool Internal => true;
    public string Title => "SLA portfolio: " + Period;
    public string Period { get; }
    public Instant AsOf { get; }
    public ImmutableArray<PortfolioContract> Contracts { get; }
    public ImmutableArray<PortfolioBreach> Breaches { get; }
    /// <summary>Credits due, one line per currency (amounts of different currencies are never added together).</summary>
    public ImmutableArray<CurrencyTotal> CreditsByCurrency { get; }
    public int CreditsDue => CreditsByCurrency.Sum(c => c.Credits);
    public ImmutableArray<PortfolioWarning> Approaching { get; }
    public ImmutableArray<PortfolioService> WorstServices { get; }
    public ImmutableArray<PortfolioKpiBreach> KpiBuffersBreached { get; }
    /// <summary>Every SLA not judged met or breached (not evaluated for this period, or nothing to measure), with the evaluator's reason.</summary>
    public ImmutableArray<PortfolioWithoutVerdict> WithoutVerdict { get; }
}

/// <summary>One contract's outcome for the period: SLAs evaluated, met, breached and not evaluated (with the evaluator's reason counted, not hidden).</summary>
public sealed record PortfolioContract(string Contract, string Customer, string Provider, int Slas, int Met, int Breached, int NotMeasurable, int NotEvaluated);

/// <summary>
/// A breached SLA, or an SLA whose credit is due whatever its verdict (a credit line may pay on a met SLA): its value,
/// target and verdict as the evaluator gave them, and the rounded credit due (0 when the contract grants none).
/// <see cref="Colour"/> is the evaluator's verdict as a chart colour (the JSON carries <see cref="Verdict"/>'s words).
/// </summary>
public sealed record PortfolioBreach(string Contract, string Customer, string Sla, string Measured, string Target, string Verdict, decimal Credit, string Currency,
    [property: JsonIgnore] BarColour Colour);

/// <summary>Credits due in one currency: their sum and count.</summary>
public sealed record CurrencyTotal(string Currency, decimal Amount, int Credits);

/// <summary>An SLA approaching breach (not yet breached): the warning and the money at stake.</summary>
public sealed record PortfolioWarning(string Contract, string Sla, string Message, decimal BudgetUsedPercent, decimal MoneyAtStake, string Currency);

/// <summary>A service's incidents in the period across the portfolio (each incident once, however many contracts name the service).</summary>
public sealed record PortfolioService(string Service, ImmutableArray<string> Contracts, BreakdownCell Incidents);

/// <summary>A KPI buffer breached in the period: the KPI, its target and value with the verdict, and the SLA it buffers with that SLA's verdict.</summary>
public sealed record PortfolioKpiBreach(string Contract, string Kpi, string Target, string Measured, string SupportedSla, string SlaVerdict);

/// <summary>An SLA with no verdict for the period: "not evaluated" (with the evaluator's reason, e.g. measured per quarter) or "not measurable".</summary>
public sealed record PortfolioWithoutVerdict(string Contract, string Sla, string Status, string Reason);
