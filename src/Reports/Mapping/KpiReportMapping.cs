using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Mapping;

/// <summary>
/// Maps one contract's evaluations over consecutive periods (oldest first, all from the same compiled evaluator) to the
/// internal KPI report: each KPI target over the windows, each supported SLA's margin to its KPI buffer in the latest
/// window, and approaching-breach warnings with the money at stake.
/// </summary>
public static class KpiReportMapping
{
    /// <summary>Used budget share from which an SLA is listed as approaching breach (the contract's own warn threshold also lists it).</summary>
    public const decimal WarnFromBudgetUsedPercent = 50m;

    /// <param name="incidents">The contract's own incidents (its services), for the breakdowns and the audit; null: no such sections.</param>
    /// <param name="windows">The windows of <paramref name="evaluations"/> as instants (the contract's zone), same order.</param>
    public static KpiReportDocument Map(IReadOnlyList<ContractEvaluation> evaluations, string provider, string fallbackCurrency, IReadOnlyDictionary<string, string>? slaTitles = null,
        IReadOnlyList<Runtime.Data.Incident>? incidents = null, IReadOnlyList<NodaTime.Interval>? windows = null)
    {
        if (incidents is not null && (windows is null || windows.Count != evaluations.Count))
            throw new ArgumentException("Incidents need one window per evaluation.", nameof(windows));
        if (evaluations.Count == 0) throw new ArgumentException("At least one evaluation is needed.", nameof(evaluations));
        var name = evaluations[0].ContractName;
        if (evaluations.Any(e => e.ContractName != name)) throw new ArgumentException("All evaluations must be of one contract.", nameof(evaluations));
        var labels = evaluations.Select(e => e.Period.ToString()).ToImmutableArray();
        string SlaName(string key) => slaTitles?.GetValueOrDefault(key) ?? key;

        // One row per KPI target, in the order the contract declares them (first window that has it).
        var keys = new List<(string Key, KpiOutcome First)>();
        foreach (var e in evaluations)
            foreach (var k in e.Kpis)
                if (!keys.Any(x => x.Key == Key(k))) keys.Add((Key(k), k));
        var rows = keys.Select((x, index) =>
        {
            var (target, higher) = Bound(x.First.Target);
            // The evaluator's display unit ("%", "ms", "s"): every axis and cell carries it.
            var unit = x.First.Target.Unit == ValueUnit.Percent ? "%" : x.First.ValueUnit is { Length: > 0 } u ? " " + u.Trim() : "";
            var results = evaluations.Select(e => e.Kpis.FirstOrDefault(k => Key(k) == x.Key)?.Outcome.Result).ToList();
            // A count trend ("incident count decreasing month over month") measures the change; its chart shows each
            // window's count, and its target is a direction, not a level.
            var counts = results.Any(r => r?.CountInWindow is not null);
            var values = results.Select(r => counts ? r?.CountInWindow : r?.Measured is { } m ? Value(m, x.First.Target.Unit) : (decimal?)null).ToImmutableArray();
            var verdicts = results.Select(r => r is null ? (KpiVerdict?)null : r.Verdict switch
            {
                Verdict.Met => KpiVerdict.Met,
                Verdict.Breached => KpiVerdict.Breached,
                _ => KpiVerdict.NotMeasurable,
            }).ToImmutableArray();
            // Chart keys are one word (the @chart directive); the KPI name plus its target position keeps them unique.
            return new KpiRow($"kpi-{index + 1}", x.First.Title ?? x.First.Kpi, x.First.TargetText, target, higher, counts ? " incidents" : unit, values)
            {
                Verdicts = verdicts,
                ValuesAreCounts = counts,
                TargetIsLevel = !counts,
            };
        }).ToImmutableArray();

        var latest = evaluations[^1];
        var buffers = ImmutableArray.CreateBuilder<SlaBufferRow>();
        foreach (var kpi in latest.Kpis)
        {
            foreach (var slaKey in kpi.Supports)
            {
                var sla = latest.Slas.FirstOrDefault(s => s.Commitment == slaKey);
                var slaTarget = sla?.Result is { } target ? Words.Target(target.Trace.Measurement) : "-";
                var kpiMeasured = kpi.Outcome.Result?.Measured is { } km ? Words.Measured(km, kpi.Target.Unit, kpi.Target) : "n/a";
                var kpiMargin = kpi.Outcome.Result?.Measured is { } kmm ? Margin(kmm, kpi.Target.Unit, kpi.Target) : "n/a";
                var slaMargin = sla?.Result is { Measured: { } sm } sr ? Margin(sm, sr.Unit, sr.Trace.Measurement.Bound) : "n/a (" + (sla?.Reason ?? "not evaluated") + ")";
                buffers.Add(new SlaBufferRow(SlaName(slaKey), slaTarget, kpi.Title ?? kpi.Kpi, kpi.TargetText, kpiMeasured, kpiMargin, slaMargin));
            }
        }

        var warnings = ImmutableArray.CreateBuilder<BreachWarning>();
        foreach (var sla in latest.Slas)
        {
            if (sla.Result is not { } r) continue;
            if (Warning(r, SlaName(sla.Commitment), fallbackCurrency) is { } w) warnings.Add(w);
        }
        var burnDowns = latest.Slas.Where(s => s.Result?.Budget is not null).Select(s => BurnDown(s.Result!, SlaName(s.Commitment), fallbackCurrency)).ToImmutableArray();
        var document = new KpiReportDocument("KPI report: " + name, provider, labels, rows, buffers.ToImmutable(), warnings.ToImmutable(), latest.AsOf) { BurnDowns = burnDowns };
        if (incidents is null || windows is null) return document;
        return document with
        {
            Breakdowns = IncidentBreakdownMapping.Map(incidents, windows, latest.AsOf),
            IncidentTotals = windows.Select(w => IncidentBreakdownMapping.Cell(incidents.Where(i => w.Contains(i.Started) && i.Started <= latest.AsOf).ToList(), latest.AsOf)).ToImmutableArray(),
            Audits = DowntimeAuditMapping.Map(latest, incidents, SlaName),
            Unmeasured = DowntimeAuditMapping.Unmeasured(latest, incidents, windows[^1]),
        };
    }

    /// <summary>The evaluator's budget view as a burn-down row: nothing recomputed but the percents shown.</summary>
    internal static BudgetBurnDown BurnDown(Runtime.Evaluation.CommitmentResult r, string slaName, string fallbackCurrency)
    {
        var b = r.Budget!;
        var window = (decimal)(r.Trace.WindowEnd - r.Trace.WindowStart).BclCompatibleTicks / NodaTime.NodaConstants.TicksPerSecond;
        var atStake = r.Verdict == Verdict.Breached ? r.Credit?.Amount ?? 0m : b.NextTier?.Amount ?? 0m;
        return new BudgetBurnDown(slaName, b.BudgetSeconds, b.UsedSeconds, Math.Min(b.ElapsedSeconds, window), window, b.ProjectedDowntimeSeconds,
            ToKpiVerdict(r.Verdict), ToKpiVerdict(b.ProjectedVerdict), b.NextTier?.Label, b.NextTier?.Additional, b.NextTier?.Strictly ?? false, atStake, r.Credit?.Currency ?? fallbackCurrency);
    }

    private static KpiVerdict ToKpiVerdict(Verdict v) => v switch
    {
        Runtime.Evaluation.Verdict.Met => KpiVerdict.Met,
        Runtime.Evaluation.Verdict.Breached => KpiVerdict.Breached,
        _ => KpiVerdict.NotMeasurable,
    };

    /// <summary>The signed margin with its unit ("-0.2885 pp"), "-" for a target without a single bound.</summary>
    private static string Margin(ExactRatio value, ValueUnit unit, ValueCondition? target) =>
        Words.Margin(value, target) is { } m ? m + (unit == ValueUnit.Percent ? " pp" : "") : "-";

    private static string Key(KpiOutcome k) => k.Kpi + " " + k.TargetText;

    private static (decimal Value, bool HigherIsBetter) Bound(ValueCondition c) =>
        c.Lower is { } l ? (l.Value, true) : (c.Upper!.Value.Value, false);

    /// <summary>Display value: 4 places at most, trailing zeros dropped (99.9900 -> 99.99).</summary>
    private static decimal Value(ExactRatio m, ValueUnit unit) => decimal.Parse(
        Math.Round(unit == ValueUnit.Percent ? m.ToPercentForDisplay() : m.ToDecimalForDisplay(), 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture),
        CultureInfo.InvariantCulture);

    /// <summary>
    /// An SLA approaching breach: breached already, projected to breach, over the contract's warn threshold, or over
    /// <see cref="WarnFromBudgetUsedPercent"/> of its budget. Money at stake: the credit owed when breached, else the
    /// next credit tier's amount.
    /// </summary>
    internal static BreachWarning? Warning(Runtime.Evaluation.CommitmentResult r, string slaName, string fallbackCurrency)
    {
        var currency = r.Credit?.Currency ?? fallbackCurrency;
        // The contract's own budget threshold was reached: the evaluator marks those warnings as the provider's.
        var contractWarned = r.Warnings.Any(w => w.Audience == WarningAudience.Provider);
        if (r.Budget is { } b)
        {
            var used = b.BudgetSeconds > 0 ? Math.Round(b.UsedSeconds * 100m / b.BudgetSeconds, 1, MidpointRounding.AwayFromZero) : (b.UsedSeconds > 0 ? 100m : 0m);
            var projectedBreach = b.ProjectedVerdict == Verdict.Breached;
            if (r.Verdict != Verdict.Breached && !projectedBreach && !contractWarned && used < WarnFromBudgetUsedPercent) return null;
            var message = r.Verdict == Verdict.Breached
                ? $"breached: downtime budget exceeded ({Minutes(b.UsedSeconds)} used of {Minutes(b.BudgetSeconds)})"
                : $"{used}% of the downtime budget used ({Minutes(b.UsedSeconds)} of {Minutes(b.BudgetSeconds)}){(projectedBreach ? "; at this rate it breaches by the end of the window" : "")}";
            if (b.NextTier is { } next) message += $"; next credit tier {next.Label} ({(next.Band is { } band ? Words.Band(band) : next.Condition)}) after {(next.Strictly ? "more than " : "")}{Minutes(next.Additional)} more downtime";
            var atStake = r.Verdict == Verdict.Breached ? r.Credit?.Amount ?? 0m : b.NextTier?.Amount ?? 0m;
            return new BreachWarning(slaName, message, used, atStake, currency);
        }
        if (r.RequestBudget is { } rb)
        {
            var used = rb.AllowedBadRequests > 0 ? Math.Round(rb.UsedBadRequests * 100m / rb.AllowedBadRequests, 1, MidpointRounding.AwayFromZero) : (rb.UsedBadRequests > 0 ? 100m : 0m);
            if (r.Verdict != Verdict.Breached && used < WarnFromBudgetUsedPercent) return null;
            var message = $"{rb.UsedBadRequests} of {Plain(rb.AllowedBadRequests)} allowed failed requests used";
            if (rb.NextTier is { } next) message += $"; next credit tier {next.Label} ({(next.Band is { } band ? Words.Band(band) : next.Condition)}) after {Plain(next.Additional)} more {Words.BudgetUnit(next.AdditionalUnit)}";
            var atStake = r.Verdict == Verdict.Breached ? r.Credit?.Amount ?? 0m : rb.NextTier?.Amount ?? 0m;
            return new BreachWarning(slaName, message, used, atStake, currency);
        }
        return r.Verdict == Verdict.Breached ? new BreachWarning(slaName, "breached", 100m, r.Credit?.Amount ?? 0m, currency) : null;
    }

    private static string Minutes(decimal seconds) => Words.Duration(seconds);

    private static string Plain(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);
}
