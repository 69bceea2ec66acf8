using System.Reflection;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;

namespace SlaKpiDsl.Reports.Tests;

public class KpiSeparationTests
{
    /// <summary>Every type reachable from StatementDocument's public properties.</summary>
    private static IEnumerable<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([root]);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (!seen.Add(t) || t.Namespace != typeof(StatementDocument).Namespace) continue;
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var pt = p.PropertyType;
                queue.Enqueue(pt);
                foreach (var g in pt.IsGenericType ? pt.GetGenericArguments() : []) queue.Enqueue(g);
            }
        }
        return seen.Where(t => t.Namespace == typeof(StatementDocument).Namespace);
    }

    [Fact]
    public void Statement_model_has_no_kpi_members_at_all()
    {
        var types = Reachable(typeof(StatementDocument)).ToList();
        Assert.Contains(typeof(DowntimeLedger), types);
        Assert.DoesNotContain(types, t => t.Name.Contains("Kpi", StringComparison.OrdinalIgnoreCase) || t == typeof(BreachWarning) || t == typeof(SlaBufferRow));
        var members = types.SelectMany(t => t.GetProperties()).Select(p => p.Name).ToList();
        Assert.DoesNotContain(members, m => m.Contains("Kpi", StringComparison.OrdinalIgnoreCase) || m.Contains("Buffer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Rendered_statement_contains_none_of_the_kpi_content()
    {
        var kpi = SampleDocuments.KpiReport();
        var text = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates).Pdf!));
        foreach (var row in kpi.Kpis)
        {
            Assert.DoesNotContain(row.Name, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(row.TargetText, text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("KPI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERNAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("buffer", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Kpi_report_shows_targets_margins_warnings_and_money_at_stake()
    {
        var r = KpiReportRenderer.Render(SampleDocuments.KpiReport(), TestSupport.Templates);
        Assert.True(r.IsSuccess, string.Join("\n", r.Errors));
        var pages = TestSupport.PageTexts(r.Pdf!);
        var text = string.Join(" ", pages);
        Assert.Contains("API availability Downtime budget exhausted: 105 of 43.26 minutes used 242.7% 1,200.00 USD", text, StringComparison.Ordinal);
        // Every KPI cell carries the evaluator's verdict for its window (cells wrap in the PDF: read the table's markup).
        var (markup, _) = TestSupport.Templates.RenderKpiReportMarkup(SampleDocuments.KpiReport());
        Assert.Contains("| Mean time to resolution | at most 30 min | 22 min met | 27.5 min met | 31 min breached | 18 min met | 25 min met | 41 min breached |", markup, StringComparison.Ordinal);
        Assert.Contains("| Alert acknowledgement | at least 95% | 97.1% met | 96.4% met | n/a | 95.2% met | 94.8% breached | 93.9% breached |", markup, StringComparison.Ordinal);
        Assert.Contains("-0.233 pp", text, StringComparison.Ordinal);
        Assert.Contains("/Subtype/Image", System.Text.Encoding.Latin1.GetString(r.Pdf!), StringComparison.Ordinal); // the trend charts, ScottPlot images (specs: KpiReportChartsTests)
        Assert.All(pages, p => Assert.Contains("INTERNAL", p, StringComparison.Ordinal));
        Assert.DoesNotContain("/ByteRange", System.Text.Encoding.Latin1.GetString(r.Pdf!), StringComparison.Ordinal);
    }
}

public class ModelInvariantTests
{
    [Fact]
    public void Period_counted_seconds_are_seconds_times_weight_exactly_and_zero_when_dropped()
    {
        var est = NodaTime.Offset.FromHours(-5);
        var start = new NodaTime.LocalDateTime(2026, 11, 2, 0, 0).WithOffset(est);
        Assert.Equal(990m, new LedgerPeriod(start, start.PlusMinutes(33), 1980, 0.5m, false, ["I"]).CountedSeconds);
        Assert.Equal(0m, new LedgerPeriod(start, start.PlusSeconds(40), 40, 1m, true, ["J"]).CountedSeconds);
    }

    [Fact]
    public void Ledger_downtime_is_periods_minus_removed_and_never_negative()
    {
        var est = NodaTime.Offset.FromHours(-5);
        var start = new NodaTime.LocalDateTime(2026, 11, 2, 0, 0).WithOffset(est);
        var period = new LedgerPeriod(start, start.PlusMinutes(60), 3600, 1m, false, ["I"]);
        var ledger = new DowntimeLedger("a", [], [period], [new LedgerExclusion("maintenance: M", "3.2", 1800, 1800)], 2595600, "");
        Assert.Equal(1800m, ledger.DowntimeSeconds);
        Assert.Throws<ArgumentException>(() => new DowntimeLedger("a", [], [period], [new LedgerExclusion("maintenance: M", "3.2", 7200, 7200)], 2595600, ""));
    }

    [Fact]
    public void Incident_across_the_dst_fall_back_is_accepted_although_local_end_reads_earlier()
    {
        // 01:50 EDT -> 01:10 EST on 2026-11-01 is 20 elapsed minutes; the offsets show which 01:xx is meant.
        var start = new NodaTime.LocalDateTime(2026, 11, 1, 1, 50).WithOffset(NodaTime.Offset.FromHours(-4));
        var end = new NodaTime.LocalDateTime(2026, 11, 1, 1, 10).WithOffset(NodaTime.Offset.FromHours(-5));
        var i = new LedgerIncident("I", start, end, 1200, 1m, "counted");
        Assert.Equal(1200m, i.Seconds);
        Assert.Equal("2026-11-01 01:50 -04:00", Templating.TextFormats.DateTime(i.StartLocal));
        Assert.Equal("2026-11-01 01:10 -05:00", Templating.TextFormats.DateTime(i.EndLocal));
        Assert.Throws<ArgumentException>(() => new LedgerIncident("J", end, start.PlusMinutes(-60), 0, 1m, "counted"));
    }

    [Fact]
    public void Ledger_for_an_unknown_commitment_is_rejected()
    {
        var d = SampleDocuments.Statement();
        var stray = new DowntimeLedger("nope", [], [], [], 10, "");
        Assert.Throws<ArgumentException>(() => new StatementDocument(d.Provider, d.Customer, d.Contract, d.Period, d.Commitments, [stray], d.Credits, d.Footer, d.AsOf));
    }

    [Fact]
    public void Footer_hashes_must_be_sha256_hex()
    {
        Assert.Throws<ArgumentException>(() => new StatementFooter("abc", new string('0', 64), new string('0', 64)));
    }

    [Fact]
    public void Credit_lines_must_share_the_summary_currency()
    {
        Assert.Throws<ArgumentException>(() => new CreditSummary("USD", [new StatementCreditLine("a", "t", 10, 5, "EUR")], null, "half-even"));
    }
}
