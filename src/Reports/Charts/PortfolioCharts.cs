using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// The portfolio report's charts as <see cref="BarChartSpec"/>s for <see cref="ChartPng"/>: credits due per contract,
/// one chart per currency (money of different currencies never shares an axis), each bar stacked by the SLAs owing the
/// credit and coloured by the verdict the evaluator gave that SLA (<see cref="PortfolioBreach.Colour"/>, never
/// recomputed); and the worst services by incident time (minutes, from zero, each bar's incident count in its label).
/// Both are horizontal (<see cref="BarChartSpec.Horizontal"/>): the first, most owed or worst, at the top.
/// </summary>
public static class PortfolioCharts
{
    /// <summary>The <c>@chart</c> key of a currency's credits chart: <c>credits:USD</c>.</summary>
    public const string CreditsKeyPrefix = "credits:";

    /// <summary>The <c>@chart</c> key of the worst-services chart.</summary>
    public const string WorstServicesKey = "worst-services";

    /// <summary>
    /// How many contracts a credits chart shows with a bar of their own (the most owed first); the rest share one
    /// last bar, "other (N contracts)", stacked with their SLAs' own colours, so the bars still add up to the currency's total.
    /// </summary>
    public const int CreditBars = 6;

    /// <summary>
    /// Credits due in one currency per contract, the most owed first (then by contract name): one stacked segment per
    /// SLA owing a credit, in the document's order, coloured by the evaluator's verdict. Null when nothing is due in
    /// that currency. The axis is money in that currency from zero.
    /// </summary>
    public static BarChartSpec? CreditsDue(PortfolioDocument document, string currency)
    {
        var byContract = document.Breaches.Where(b => b.Credit > 0 && b.Currency == currency)
            .GroupBy(b => b.Contract, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Lines: g.ToList(), Total: g.Sum(b => b.Credit)))
            .OrderByDescending(c => c.Total).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        if (byContract.Count == 0) return null;
        var bars = byContract.Count <= CreditBars ? byContract : byContract.Take(CreditBars - 1).ToList();
        if (bars.Count < byContract.Count)
        {
            var rest = byContract.Skip(bars.Count).ToList();
            bars.Add(($"other ({rest.Count} contracts)", rest.SelectMany(c => c.Lines).ToList(), rest.Sum(c => c.Total)));
        }

        var segments = ImmutableArray.CreateBuilder<BarSegment>();
        for (var i = 0; i < bars.Count; i++)
        {
            var foot = 0m;
            foreach (var line in bars[i].Lines)
            {
                segments.Add(new BarSegment(i, (double)foot, (double)line.Credit, KpiReportCharts.Ink(line.Colour)));
                foot += line.Credit;
            }
        }
        var labels = bars.Select(b => b.Name + ": " + Words.Money(b.Total, currency)).ToImmutableArray();
        var (max, step) = RoundAxis(bars.Max(b => b.Total));
        // Horizontal bars: contract names are too long to stand side by side; the colour key goes with the value axis's unit.
        var valueTitle = $"credits due ({currency}), stacked by SLA: red = SLA breached, blue = SLA met (credit still due), grey = no verdict";
        return new BarChartSpec(labels, "contract", valueTitle, 0, (double)max, segments.ToImmutable(), [], [], Ticks(max, step))
        {
            ValueTickLabel = v => Words.Number((decimal)v) + " " + currency,
            Horizontal = true,
        };
    }

    /// <summary>
    /// The worst services (the document's <see cref="PortfolioDocument.WorstServices"/>, in its order: most incident
    /// time first) by incident time in minutes from zero, before any contract's exclusions. A service has no verdict
    /// of its own, so its bar is grey (the "no verdict" colour). Null when no incident started in the period.
    /// </summary>
    public static BarChartSpec? WorstServices(PortfolioDocument document)
    {
        var services = document.WorstServices;
        if (services.IsEmpty) return null;
        var segments = services.Select((s, i) => new BarSegment(i, 0, (double)(s.Incidents.IncidentSeconds / 60m), InkColor.Muted)).ToImmutableArray();
        var labels = services.Select(s => $"{s.Service} ({s.Incidents.Incidents} incident{(s.Incidents.Incidents == 1 ? "" : "s")}): {Words.Duration(s.Incidents.IncidentSeconds)}").ToImmutableArray();
        var (max, step) = RoundAxis(services.Max(s => s.Incidents.IncidentSeconds) / 60m);
        return new BarChartSpec(labels, "service", "incident time (min), start to resolution, before exclusions; grey: a service has no verdict of its own",
            0, (double)max, segments, [], [], Ticks(max, step))
        {
            ValueTickLabel = v => v.ToString("#,0", CultureInfo.InvariantCulture) + " min",
            Horizontal = true,
        };
    }

    /// <summary>
    /// A value axis from zero for money or minutes: a step of 1, 2 or 5 times a power of ten (at most five steps) and a
    /// top at a whole step at least a tenth above the tallest bar. Exact (decimal), so large amounts (yen, rupiah) fit.
    /// </summary>
    internal static (decimal Max, decimal Step) RoundAxis(decimal tallest)
    {
        var wanted = Math.Max(1m, tallest * 1.1m);
        for (var power = 1m; ; power *= 10)
        {
            foreach (var m in new[] { 1m, 2m, 5m })
            {
                var step = m * power;
                if (wanted <= step * 5) return (decimal.Ceiling(wanted / step) * step, step);
            }
        }
    }

    private static ImmutableArray<double> Ticks(decimal max, decimal step)
    {
        var ticks = ImmutableArray.CreateBuilder<double>();
        for (var v = 0m; v <= max; v += step) ticks.Add((double)v);
        return ticks.ToImmutable();
    }
}
