using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// The internal KPI report: never signed, never sent to a customer.
/// Invariants: every KPI row has one value slot per window label (null = no data); window labels non-empty.
/// </summary>
public sealed record KpiReportDocument
{
    public KpiReportDocument(
        string title,
        string provider,
        ImmutableArray<string> windowLabels,
        ImmutableArray<KpiRow> kpis,
        ImmutableArray<SlaBufferRow> buffers,
        ImmutableArray<BreachWarning> warnings,
        Instant asOf)
    {
        Title = Require.NonEmpty(title, nameof(title));
        Provider = Require.NonEmpty(provider, nameof(provider));
        WindowLabels = windowLabels.IsDefault ? [] : windowLabels;
        if (WindowLabels.IsEmpty) throw new ArgumentException("At least one window is needed.", nameof(windowLabels));
        Kpis = kpis.IsDefault ? [] : kpis;
        foreach (var k in Kpis)
        {
            if (k.Values.Length != WindowLabels.Length)
            {
                throw new ArgumentException($"KPI '{k.Key}' has {k.Values.Length} values for {WindowLabels.Length} windows.", nameof(kpis));
            }
        }
        Buffers = buffers.IsDefault ? [] : buffers;
        Warnings = warnings.IsDefault ? [] : warnings;
        AsOf = asOf;
    }

    public string Title { get; }
    public string Provider { get; }
    public ImmutableArray<string> WindowLabels { get; }
    public ImmutableArray<KpiRow> Kpis { get; }
    public ImmutableArray<SlaBufferRow> Buffers { get; }
    public ImmutableArray<BreachWarning> Warnings { get; }
    public Instant AsOf { get; }

    /// <summary>Incidents by severity, team, service and region over the windows (empty when the caller gave no incidents).</summary>
    public ImmutableArray<IncidentBreakdown> Breakdowns { get => breakdowns; init => breakdowns = value.IsDefault ? [] : value.All(b => b.Rows.All(r => r.Windows.Length == WindowLabels.Length)) ? value : throw new ArgumentException("Every breakdown row has one cell per window.", nameof(Breakdowns)); }

    /// <summary>The latest window's downtime audit, one per evaluated SLA whose trace holds incidents or downtime.</summary>
    public ImmutableArray<SlaAudit> Audits { get => audits; init => audits = value.IsDefault ? [] : value.All(a => a.Reconciles) ? value : throw new ArgumentException("An audit that does not reconcile to the evaluator's downtime is never printed.", nameof(Audits)); }

    /// <summary>The latest window's incidents that no SLA counted or excluded.</summary>
    public ImmutableArray<UnmeasuredIncident> Unmeasured { get => unmeasured; init => unmeasured = value.IsDefault ? [] : value; }

    /// <summary>Each downtime SLA's budget burn-down in the latest window, with its projection and the money at stake.</summary>
    public ImmutableArray<BudgetBurnDown> BurnDowns { get => burnDowns; init => burnDowns = value.IsDefault ? [] : value; }

    /// <summary>The incidents of each window, all groups together (the breakdowns' rows add up to these).</summary>
    public ImmutableArray<BreakdownCell> IncidentTotals { get => totals; init => totals = value.IsDefault ? [] : value.Length == WindowLabels.Length || value.IsEmpty ? value : throw new ArgumentException("One total per window.", nameof(IncidentTotals)); }

    private readonly ImmutableArray<IncidentBreakdown> breakdowns = [];
    private readonly ImmutableArray<SlaAudit> audits = [];
    private readonly ImmutableArray<UnmeasuredIncident> unmeasured = [];
    private readonly ImmutableArray<BudgetBurnDown> burnDowns = [];
    private readonly ImmutableArray<BreakdownCell> totals = [];
}

/// <summary>A KPI over the last N windows. Invariant: <see cref="Unit"/> is the unit of <see cref="Target"/> and every value.</summary>
public sealed record KpiRow
{
    public KpiRow(string key, string name, string targetText, decimal target, bool higherIsBetter, string unit, ImmutableArray<decimal?> values)
    {
        Key = Require.NonEmpty(key, nameof(key));
        Name = Require.NonEmpty(name, nameof(name));
        TargetText = Require.NonEmpty(targetText, nameof(targetText));
        Target = target;
        HigherIsBetter = higherIsBetter;
        Unit = unit ?? "";
        Values = values.IsDefault ? [] : values;
    }

    public string Key { get; }
    public string Name { get; }
    public string TargetText { get; }
    public decimal Target { get; }
    public bool HigherIsBetter { get; }
    public string Unit { get; }
    public ImmutableArray<decimal?> Values { get; }

    /// <summary>The latest window with data, or null.</summary>
    public decimal? Latest => Values.Reverse().FirstOrDefault(v => v.HasValue);

    /// <summary>Whether any window has a value: a chart of nothing but "n/a" is not drawn.</summary>
    public bool HasValues => Values.Any(v => v.HasValue);

    /// <summary>
    /// The evaluator's verdict per window (null = no outcome), as it gave it: a chart colours bars from these and never
    /// compares a value with the target itself (a value exactly on a strict bound, "above 99.5%", is breached).
    /// Empty when the caller has no verdicts (then no bar is coloured met or breached).
    /// </summary>
    public ImmutableArray<KpiVerdict?> Verdicts { get => verdicts; init => verdicts = value.IsDefault ? [] : value.Length == Values.Length ? value : throw new ArgumentException($"KPI '{Key}' has {value.Length} verdicts for {Values.Length} values.", nameof(Verdicts)); }

    private readonly ImmutableArray<KpiVerdict?> verdicts = [];

    /// <summary>True when <see cref="Values"/> are counts (incidents in each window), not the measured changes between windows.</summary>
    public bool ValuesAreCounts { get; init; }

    /// <summary>False for a target with no level (a trend: "decreasing month over month"): no target line is drawn.</summary>
    public bool TargetIsLevel { get; init; } = true;

    /// <summary>The evaluator's verdict in the latest window with data; null when there is none.</summary>
    public bool? LatestMeetsTarget
    {
        get
        {
            for (var i = Values.Length - 1; i >= 0; i--)
            {
                if (Values[i] is null) continue;
                return Verdicts.IsEmpty || Verdicts[i] is not { } v ? null : v == KpiVerdict.Met;
            }
            return null;
        }
    }
}

/// <summary>A KPI's verdict in one window, from the evaluator (Met, Breached, or not measurable).</summary>
public enum KpiVerdict
{
    Met,
    Breached,
    NotMeasurable,
}

/// <summary>An SLA's distance to the KPI that buffers it (texts pre-formatted by the evaluator).</summary>
public sealed record SlaBufferRow(string SlaName, string SlaTarget, string KpiName, string KpiTarget, string Measured, string MarginToKpi, string MarginToSla);

/// <summary>An SLA approaching breach. Invariant: money at stake non-negative.</summary>
public sealed record BreachWarning
{
    public BreachWarning(string slaName, string message, decimal budgetUsedPercent, decimal moneyAtStake, string currency)
    {
        SlaName = Require.NonEmpty(slaName, nameof(slaName));
        Message = Require.NonEmpty(message, nameof(message));
        if (moneyAtStake < 0) throw new ArgumentOutOfRangeException(nameof(moneyAtStake));
        BudgetUsedPercent = budgetUsedPercent;
        MoneyAtStake = moneyAtStake;
        Currency = Require.NonEmpty(currency, nameof(currency));
    }

    public string SlaName { get; }
    public string Message { get; }
    public decimal BudgetUsedPercent { get; }
    public decimal MoneyAtStake { get; }
    public string Currency { get; }
}
