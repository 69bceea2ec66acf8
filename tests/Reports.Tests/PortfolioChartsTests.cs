using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The portfolio report's ScottPlot charts as specs (no pixels): one credits chart per currency with only that
/// currency's money, contracts most owed first, each SLA's segment coloured by the evaluator's verdict (carried from
/// the mapping, never recomputed from the value), the bars adding up to the currency's total even past the bar limit;
/// the worst services in minutes from zero with their incident counts as counts.
/// </summary>
public sealed class PortfolioChartsTests
{
    private static PortfolioBreach Line(string contract, string sla, decimal credit, string currency, BarColour colour) =>
        new(contract, contract + " customer", sla, "99%", "at least 99.9%", colour == BarColour.Met ? "met" : "breached", credit, currency, colour);

    private static PortfolioDocument Document(ImmutableArray<PortfolioBreach> breaches, ImmutableArray<PortfolioService> services = default) =>
        new("2026-11", HandBuiltEvaluations.AsOf, [], breaches, [], services.IsDefault ? [] : services, [], []);

    [Fact]
    public void One_credits_chart_per_currency_with_the_most_owed_contract_first_and_verdict_colours()
    {
        var document = Document(
        [
            Line("Alpha", "availability", 100.00m, "USD", BarColour.Breached),
            Line("Beta", "availability", 250.50m, "EUR", BarColour.Breached),
            Line("Gamma", "availability", 300.00m, "USD", BarColour.Breached),
            Line("Gamma", "latency", 50.00m, "USD", BarColour.Met),          // a credit line paying on a met SLA
            Line("Delta", "availability", 0m, "USD", BarColour.Breached),    // breached without a credit: no bar
        ]);

        var usd = PortfolioCharts.CreditsDue(document, "USD")!;
        Assert.Equal(["Gamma: 350.00 USD", "Alpha: 100.00 USD"], usd.CategoryLabels.ToArray());
        Assert.Equal(
            [(0, 0d, 300d, InkColor.Danger), (0, 300d, 50d, InkColor.ChartBar), (1, 0d, 100d, InkColor.Danger)],
            usd.Segments.Select(s => (s.Category, s.Base, s.Value, s.Ink)));
        Assert.StartsWith("credits due (USD), ", usd.ValueAxisTitle, StringComparison.Ordinal);
        Assert.Contains("red = SLA breached", usd.ValueAxisTitle, StringComparison.Ordinal);
        Assert.True(usd.Horizontal);
        Assert.Equal(0d, usd.AxisMin);
        Assert.True(usd.AxisMax >= 350);
        Assert.Equal(0d, usd.ValueTicks[0]);
        Assert.Equal("500 USD", usd.ValueTickLabel!(500));

        // Euros on their own axis, never on the dollars' one.
        var eur = PortfolioCharts.CreditsDue(document, "EUR")!;
        Assert.Equal(["Beta: 250.50 EUR"], eur.CategoryLabels.ToArray());
        Assert.StartsWith("credits due (EUR), ", eur.ValueAxisTitle, StringComparison.Ordinal);
        Assert.Equal(250.50, Assert.Single(eur.Segments).Value, 9);
        Assert.Null(PortfolioCharts.CreditsDue(document, "JPY"));
    }

    [Fact]
    public void Contracts_past_the_bar_limit_share_one_bar_and_the_bars_add_up_to_the_total()
    {
        var lines = Enumerable.Range(1, PortfolioCharts.CreditBars + 3)
            .Select(i => Line($"C{i:00}", "availability", i * 10m, "USD", i % 2 == 0 ? BarColour.Met : BarColour.Breached)).ToImmutableArray();
        var document = Document(lines);

        var spec = PortfolioCharts.CreditsDue(document, "USD")!;
        Assert.Equal(PortfolioCharts.CreditBars, spec.CategoryLabels.Length);
        Assert.Equal(["C09: 90.00 USD", "C08: 80.00 USD", "C07: 70.00 USD", "C06: 60.00 USD", "C05: 50.00 USD", "other (4 contracts): 100.00 USD"], spec.CategoryLabels.ToArray());
        Assert.Equal((double)Assert.Single(document.CreditsByCurrency).Amount, spec.Segments.Sum(s => s.Value), 9);
        // The shared bar keeps each contract's own verdict colour, stacked: C04 met, C03 breached, C02 met, C01 breached.
        var other = spec.Segments.Where(s => s.Category == PortfolioCharts.CreditBars - 1).ToList();
        Assert.Equal([InkColor.ChartBar, InkColor.Danger, InkColor.ChartBar, InkColor.Danger], other.Select(s => s.Ink));
        Assert.Equal([0d, 40d, 70d, 90d], other.Select(s => s.Base));
    }

    [Fact]
    public void A_large_amount_gets_a_round_axis_from_zero()
    {
        // 3,250,000,000 IDR (more than an int holds): the axis tops at 4,000,000,000 in steps of 1,000,000,000.
        var spec = PortfolioCharts.CreditsDue(Document([Line("Big", "availability", 3_250_000_000m, "IDR", BarColour.Breached)]), "IDR")!;
        Assert.Equal([0d, 1e9, 2e9, 3e9, 4e9], spec.ValueTicks.ToArray());
        Assert.Equal(4e9, spec.AxisMax);
        Assert.Equal("1,000,000,000 IDR", spec.ValueTickLabel!(1e9));
    }

    [Fact]
    public void The_bar_colour_is_the_verdict_the_evaluator_gave_not_one_recomputed_from_the_value()
    {
        // 99.3759% is below the 99.9% target; the evaluator's "met" (here forced) is what the chart shows, blue.
        var met = HandBuiltEvaluations.Evaluation(availability: HandBuiltEvaluations.Availability() with { Verdict = Verdict.Met });
        var november = new Interval(Instant.FromUtc(2026, 11, 1, 4, 0), Instant.FromUtc(2026, 12, 1, 5, 0));
        var entry = new PortfolioEntry(met, "Shopfront Retail LLC", "Example Commerce Cloud Inc.", "USD", new Dictionary<string, string>(), ["checkout"], []);
        var document = PortfolioMapping.Map([entry], "2026-11", november, HandBuiltEvaluations.AsOf);

        var line = Assert.Single(document.Breaches);
        Assert.Equal((BarColour.Met, "met", 1200.00m), (line.Colour, line.Verdict, line.Credit));
        Assert.Equal(InkColor.ChartBar, Assert.Single(PortfolioCharts.CreditsDue(document, "USD")!.Segments).Ink);

        var breached = PortfolioMapping.Map([entry with { Evaluation = HandBuiltEvaluations.Evaluation() }], "2026-11", november, HandBuiltEvaluations.AsOf);
        Assert.Equal(InkColor.Danger, Assert.Single(PortfolioCharts.CreditsDue(breached, "USD")!.Segments).Ink);
    }

    [Fact]
    public void Worst_services_are_plotted_in_minutes_from_zero_worst_first_with_their_counts()
    {
        var document = Document([],
        [
            new PortfolioService("api", ["A"], new BreakdownCell(2, 6300m, 2, 300m, 2, 3150m)),
            new PortfolioService("db", ["A", "B"], new BreakdownCell(1, 90m, 1, 60m, 1, 90m)),
        ]);

        var spec = PortfolioCharts.WorstServices(document)!;
        Assert.Equal(["api (2 incidents): 105 min", "db (1 incident): 1 min 30 s"], spec.CategoryLabels.ToArray());
        Assert.Equal([105d, 1.5d], spec.Segments.Select(s => s.Value));
        Assert.All(spec.Segments, s => Assert.Equal((0d, InkColor.Muted), (s.Base, s.Ink)));
        Assert.StartsWith("incident time (min), ", spec.ValueAxisTitle, StringComparison.Ordinal);
        Assert.Equal(0d, spec.AxisMin);
        Assert.True(spec.AxisMax >= 105);
        Assert.All(spec.ValueTicks, t => Assert.EndsWith(" min", spec.ValueTickLabel!(t), StringComparison.Ordinal));
        Assert.Null(PortfolioCharts.WorstServices(Document([])));
    }

    [Fact]
    public void The_sample_portfolio_pdf_draws_a_credits_chart_and_the_worst_services_chart()
    {
        var rendered = Pdf.PortfolioRenderer.Render(SampleDocuments.Portfolio(), TestSupport.Templates);
        Assert.True(rendered.IsSuccess, string.Join("\n", rendered.Errors));
        using var doc = UglyToad.PdfPig.PdfDocument.Open(rendered.Pdf!);
        Assert.Equal(2, doc.GetPages().Sum(p => p.GetImages().Count()));   // credits:USD and worst-services, no "(no chart data ...)"
        Assert.DoesNotContain("no chart data", string.Join(" ", TestSupport.PageTexts(rendered.Pdf!)), StringComparison.Ordinal);
    }
}
