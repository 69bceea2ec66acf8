using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Mapping;

/// <summary>One contract's part of the portfolio: its evaluation for the period and its own services' incidents.</summary>
public sealed record PortfolioEntry(ContractEvaluation Evaluation, string Customer, string Provider, string FallbackCurrency,
    IReadOnlyDictionary<string, string> SlaTitles, IReadOnlyCollection<string> Services, IReadOnlyList<Incident> Incidents);

/// <summary>
/// Maps every contract's evaluation for one period to the portfolio: breaches with their credits, credits per currency,
/// approaching breaches (as the KPI report words them), the services with the most incident time, and KPI buffers
/// breached. Verdicts and amounts are the evaluator's; nothing is recomputed.
/// </summary>
public static class PortfolioMapping
{
    /// <summary>How many services "worst services" lists.</summary>
    public const int WorstServiceCount = 5;

    public static PortfolioDocument Map(IReadOnlyList<PortfolioEntry> entries, string period, Interval window, Instant asOf)
    {
        var contracts = ImmutableArray.CreateBuilder<PortfolioContract>();
        var breaches = ImmutableArray.CreateBuilder<PortfolioBreach>();
        var approaching = ImmutableArray.CreateBuilder<PortfolioWarning>();
        var kpis = ImmutableArray.CreateBuilder<PortfolioKpiBreach>();
        var withoutVerdict = ImmutableArray.CreateBuilder<PortfolioWithoutVerdict>();
        foreach (var e in entries.OrderBy(e => e.Evaluation.ContractName, StringComparer.Ordinal))
        {
            var name = e.Evaluation.ContractName;
            string Title(string key) => e.SlaTitles.GetValueOrDefault(key) ?? key;
            var slas = e.Evaluation.Slas;
            contracts.Add(new PortfolioContract(name, e.Customer, e.Provider, slas.Length,
                slas.Count(s => s.Result?.Verdict == Verdict.Met), slas.Count(s => s.Result?.Verdict == Verdict.Breached),
                slas.Count(s => s.Result?.Verdict == Verdict.NotMeasurable), slas.Count(s => s.Result is null)));
            foreach (var s in slas)
            {
                if (s.Result is not { } r)
                {
                    withoutVerdict.Add(new PortfolioWithoutVerdict(name, Title(s.Commitment), "not evaluated", s.Reason!));
                    continue;
                }
                if (r.Verdict == Verdict.NotMeasurable)
                    withoutVerdict.Add(new PortfolioWithoutVerdict(name, Title(s.Commitment), Words.Verdict(r.Verdict), "nothing to measure in the window; no verdict and no credit"));
                // Every credit due is listed (the statement's totals add the rounded amounts of every SLA, whatever its verdict).
                if (r.Verdict == Verdict.Breached || r.Credit is { Amount: > 0 })
                    breaches.Add(new PortfolioBreach(name, e.Customer, Title(s.Commitment), MeasuredText(s), Words.Target(r.Trace.Measurement), Words.Verdict(r.Verdict),
                        r.Credit?.Amount ?? 0m, r.Credit?.Currency ?? e.FallbackCurrency, Colour(r.Verdict)));
                if (r.Verdict != Verdict.Breached && KpiReportMapping.Warning(r, Title(s.Commitment), e.FallbackCurrency) is { } w)
                    approaching.Add(new PortfolioWarning(name, w.SlaName, w.Message, w.BudgetUsedPercent, w.MoneyAtStake, w.Currency));
            }
            foreach (var k in e.Evaluation.Kpis)
            {
                if (k.Outcome.Result is not { Verdict: Verdict.Breached } kr) continue;
                // A count trend's value is the change: the window's own count is shown beside it, never the change as a count.
                var measured = kr.CountInWindow is { } count && kr.Measured is { } change
                    ? $"{Words.Number(count)} incident{(count == 1 ? "" : "s")} ({Signed(change)} on the window before)"
                    : kr.Measured is { } m ? Words.Measured(m, k.Target.Unit, k.Target) + (k.Target.Unit == ValueUnit.Percent || k.ValueUnit.Trim() is "" or "%" ? "" : " " + k.ValueUnit.Trim()) : "n/a";
                if (k.Supports.IsEmpty) kpis.Add(new PortfolioKpiBreach(name, k.Title ?? k.Kpi, k.TargetText, measured + " breached", "-", "-"));
                foreach (var supported in k.Supports)
                {
                    var sla = slas.FirstOrDefault(x => x.Commitment == supported);
                    var slaVerdict = sla?.Result is { } sr ? Words.Verdict(sr.Verdict) : "not evaluated";
                    kpis.Add(new PortfolioKpiBreach(name, k.Title ?? k.Kpi, k.TargetText, measured + " breached", Title(supported), slaVerdict));
                }
            }
        }

        // Each incident once: contracts sharing a data folder see the same records.
        var named = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        var byService = new Dictionary<string, List<Incident>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            foreach (var service in e.Services)
            {
                if (!named.TryGetValue(service, out var set)) named[service] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.Add(e.Evaluation.ContractName);
            }
            foreach (var i in e.Incidents)
                if (window.Contains(i.Started) && i.Started <= asOf && seen.Add((i.Service, i.Id)))
                    (byService.TryGetValue(i.Service, out var list) ? list : byService[i.Service] = []).Add(i);
        }
        var worst = byService
            .Select(kv => new PortfolioService(kv.Key, [.. named.GetValueOrDefault(kv.Key) ?? []], IncidentBreakdownMapping.Cell(kv.Value, asOf)))
            .OrderByDescending(s => s.Incidents.IncidentSeconds).ThenByDescending(s => s.Incidents.Incidents).ThenBy(s => s.Service, StringComparer.Ordinal)
            .Take(WorstServiceCount).ToImmutableArray();
        return new PortfolioDocument(period, asOf, contracts.ToImmutable(), breaches.ToImmutable(), approaching.ToImmutable(), worst, kpis.ToImmutable(), withoutVerdict.ToImmutable());
    }

    /// <summary>The evaluator's verdict as a bar colour (never recomputed from the value).</summary>
    internal static BarColour Colour(Verdict verdict) => verdict switch
    {
        Verdict.Met => BarColour.Met,
        Verdict.Breached => BarColour.Breached,
        _ => BarColour.NoVerdict,
    };

    private static string Signed(ExactRatio change)
    {
        var d = change.ToDecimalForDisplay();
        return (d > 0 ? "+" : "") + Words.Number(d);
    }

    private static string MeasuredText(CommitmentOutcome outcome)
    {
        if (OutcomeWording.Measured(outcome, brief: true) is { } count) return count;
        var r = outcome.Result!;
        return r.Measured is { } m ? Words.Measured(m, r.Unit, r.Trace.Measurement.Bound) : "n/a";
    }
}
