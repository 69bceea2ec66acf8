using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// Realistic sample documents: templates are validated against them at load (strict members), and tests, benchmarks
/// and the docs example render them. November 2026 in New York has 43,260 minutes (DST ends on 1 November).
/// </summary>
public static class SampleDocuments
{
    public static readonly Instant SampleAsOf = Instant.FromUtc(2026, 12, 2, 14, 0);

    public static StatementDocument Statement(int extraIncidents = 0, string customerName = "Acme Corp")
    {
        var incidents = ImmutableArray.CreateBuilder<LedgerIncident>();
        var periods = ImmutableArray.CreateBuilder<LedgerPeriod>();
        var est = Offset.FromHours(-5);
        void Counted(string id, OffsetDateTime start, int minutes, decimal weight, string? title = null)
        {
            incidents.Add(new LedgerIncident(id, start, start.PlusMinutes(minutes), minutes * 60, weight, "counted")
            {
                Service = "api", Severity = weight == 1m ? 1 : 2, Impact = weight == 1m ? "outage" : "degraded", Title = title, CountedSeconds = minutes * 60,
            });
            periods.Add(new LedgerPeriod(start, start.PlusMinutes(minutes), minutes * 60, weight, false, [id]));
        }
        Counted("INC-2041", new LocalDateTime(2026, 11, 10, 9, 0).WithOffset(est), 90, 1m, "API returns 503 in us-east-1");
        var customerCaused = new LocalDateTime(2026, 11, 14, 3, 0).WithOffset(est);
        incidents.Add(new LedgerIncident("INC-2049", customerCaused, customerCaused.PlusMinutes(42), 42 * 60, 1m, "excluded by clause 3.5")
        {
            Service = "api", Severity = 2, Impact = "outage", Title = "Customer's firewall blocked the API", CountedSeconds = 0,
        });
        Counted("INC-2057", new LocalDateTime(2026, 11, 18, 22, 15).WithOffset(est), 30, 0.5m, "Slow responses");
        for (var i = 0; i < extraIncidents; i++)
        {
            // Generated rows start on day 2 or later, after the DST change, so every offset is -05:00; none overlap.
            var start = new LocalDateTime(2026, 11, 2 + (i % 28), 0, 0).PlusMinutes(i % 1380).WithOffset(est);
            Counted($"INC-{3000 + i}", start, 1 + (i % 7), (i % 3 == 0) ? 0.5m : 1m);
        }
        var ledger = new DowntimeLedger(
            "availability",
            incidents.ToImmutable(),
            periods.ToImmutable(),
            [
                new LedgerExclusion("maintenance MNT-77 announced 2026-11-02 (96 hours ahead)", "3.4", 120 * 60, 0),
                new LedgerExclusion("incidents caused by customer: INC-2049", "3.5", 42 * 60, 0),
            ],
            2595600,
            "The measured period is the whole of November 2026, 43,260 min. Excluded time counts as time the service was available.");
        // The timeline: each period's counted seconds on its local day (no sample period crosses midnight).
        var perDay = new decimal[30];
        foreach (var p in ledger.Periods) perDay[p.StartLocal.Day - 1] += p.CountedSeconds;
        ledger = ledger with
        {
            Timeline = new DowntimeTimeline("America/New_York", [.. perDay.Select((seconds, i) => new TimelineDay(new LocalDate(2026, 11, 1 + i), seconds, 0, 0))]),
        };
        var counted = ledger.DowntimeSeconds;
        var availability = Math.Round((2595600m - counted) / 2595600m * 100m, 3, MidpointRounding.ToEven);

        return new StatementDocument(
            new Party("Example Cloud Inc.", ["100 Main Street", "Springfield, USA"]),
            new Party(customerName, ["1 Acme Plaza", "New York, NY"]),
            new ContractInfo("Acme Corp - Premium API", new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1)),
            new StatementPeriod("November 2026", "America/New_York", new LocalDateTime(2026, 11, 1, 0, 0), new LocalDateTime(2026, 12, 1, 0, 0), 43260) { OffsetChanges = true },
            [
                new CommitmentLine("availability", "API availability", "3.1", "at least 99.9%", availability.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%", availability >= 99.9m ? StatementVerdict.Met : StatementVerdict.Breached, (availability - 99.9m).ToString("+0.000;-0.000", System.Globalization.CultureInfo.InvariantCulture) + " pp"),
                new CommitmentLine("response", "Incident response", "4.2", "severity 1 within 15 minutes", "2 of 2 within 15 min", StatementVerdict.Met, "0 breached"),
                new CommitmentLine("latency", "API latency", "4.3", "p95 latency at most 300 ms", "-", StatementVerdict.NotEvaluated, "-", "not evaluated by this version of the evaluator (not yet supported: latency)"),
            ],
            [ledger],
            new CreditSummary("USD",
                availability < 99.9m
                    ? [new StatementCreditLine("availability", "availability below 99.9%", 10m, 1200.00m, "USD", ["monthly cap 100% of fee: not reached"])
                        {
                            Computation = new CreditComputation(12000.00m, 1200.00m, 1200.00m, "half-even to 0.01 USD"),
                        }]
                    : [],
                new LocalDate(2026, 12, 31),
                "half-even to 0.01 USD")
            {
                FeeForWindow = 12000.00m,
                Claim = new ClaimInstructions("credits@example-cloud.example", "https://support.example-cloud.example/credits", "contract ACME-2026-01"),
            },
            new StatementFooter(
                "3f1c8a9e0b7d4c2a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5",
                "a0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddeeff",
                "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
            SampleAsOf);
    }

    public static KpiReportDocument KpiReport() => new(
        "KPI report: Acme Corp - Premium API",
        "Example Cloud Inc.",
        ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"],
        [
            new KpiRow("availability-buffer", "Internal availability target", "at least 99.99%", 99.99m, true, "%", [99.995m, 99.991m, 99.987m, 99.999m, 99.993m, 99.757m])
            { Verdicts = [KpiVerdict.Met, KpiVerdict.Met, KpiVerdict.Breached, KpiVerdict.Met, KpiVerdict.Met, KpiVerdict.Breached] },
            new KpiRow("mttr", "Mean time to resolution", "at most 30 min", 30m, false, " min", [22m, 27.5m, 31m, 18m, 25m, 41m])
            { Verdicts = [KpiVerdict.Met, KpiVerdict.Met, KpiVerdict.Breached, KpiVerdict.Met, KpiVerdict.Met, KpiVerdict.Breached] },
            new KpiRow("ack", "Alert acknowledgement", "at least 95%", 95m, true, "%", [97.1m, 96.4m, null, 95.2m, 94.8m, 93.9m])
            { Verdicts = [KpiVerdict.Met, KpiVerdict.Met, null, KpiVerdict.Met, KpiVerdict.Breached, KpiVerdict.Breached] },
        ],
        [
            new SlaBufferRow("API availability", "at least 99.9%", "Internal availability target", "at least 99.99%", "99.757%", "-0.233 pp", "-0.143 pp"),
            new SlaBufferRow("Incident response", "15 min, every incident", "Mean time to resolution", "at most 30 min", "41 min", "-11 min", "met"),
        ],
        [
            new BreachWarning("API availability", "Downtime budget exhausted: 105 of 43.26 minutes used", 242.7m, 1200.00m, "USD"),
            new BreachWarning("Incident response", "75% of the monthly response budget used", 75m, 600.00m, "USD"),
        ],
        SampleAsOf)
    {
        BurnDowns = [new BudgetBurnDown("API availability", 2595.6m, 6300m, 2595600m, 2595600m, 6300m, KpiVerdict.Breached, KpiVerdict.Breached, "25%", 9072m, true, 1200.00m, "USD")],
        IncidentTotals = [.. Enumerable.Range(0, 5).Select(_ => new BreakdownCell(0, 0m, 0, null, 0, null)), new BreakdownCell(2, 6300m, 2, 300m, 2, 3150m)],
        Breakdowns =
        [
            new IncidentBreakdown(BreakdownDimension.Severity,
                [new BreakdownRow("sev1", [.. Enumerable.Range(0, 5).Select(_ => new BreakdownCell(0, 0m, 0, null, 0, null)), new BreakdownCell(2, 6300m, 2, 300m, 2, 3150m)])]),
            new IncidentBreakdown(BreakdownDimension.Team,
                [new BreakdownRow("payments", [.. Enumerable.Range(0, 5).Select(_ => new BreakdownCell(0, 0m, 0, null, 0, null)), new BreakdownCell(2, 6300m, 2, 300m, 2, 3150m)])]),
        ],
        Audits =
        [
            new SlaAudit("API availability", "2026-11",
                [
                    new AuditIncident("INC-2001", "api", 1, "payments", Instant.FromUtc(2026, 11, 10, 14, 0), Instant.FromUtc(2026, 11, 10, 15, 30), false, 5400m, 1m, 5400m, "counted"),
                    new AuditIncident("INC-2002", "api", 1, "payments", Instant.FromUtc(2026, 11, 22, 7, 0), Instant.FromUtc(2026, 11, 22, 7, 15), false, 900m, 1m, 900m, "counted"),
                ],
                [new AuditExclusion("3.2", "maintenance", 7200m, 0m, ["MNT-2"])], 6300m, 0m, 6300m),
        ],
        Unmeasured = [new UnmeasuredIncident("INC-2003", "api", 4, "none", null, Instant.FromUtc(2026, 11, 12, 9, 0), Instant.FromUtc(2026, 11, 12, 10, 0))],
    };

    public static PortfolioDocument Portfolio() => new(
        "2026-11",
        SampleAsOf,
        [
            new PortfolioContract("Acme Corp - Premium API", "Acme Corp", "Example Cloud Inc.", 2, 1, 1, 0, 0),
            new PortfolioContract("Globex - Storage", "Globex", "Example Cloud Inc.", 2, 1, 0, 0, 1),
        ],
        [new PortfolioBreach("Acme Corp - Premium API", "Acme Corp", "API availability", "99.757%", "at least 99.9%", "breached", 1200.00m, "USD", BarColour.Breached)],
        [new PortfolioWarning("Globex - Storage", "Storage availability", "62.5% of the downtime budget used (27 min of 43 min 12 s)", 62.5m, 500.00m, "EUR")],
        [new PortfolioService("api", ["Acme Corp - Premium API"], new BreakdownCell(2, 6300m, 2, 300m, 2, 3150m))],
        [new PortfolioKpiBreach("Acme Corp - Premium API", "Internal availability target", "at least 99.99%", "99.757% breached", "API availability", "breached")],
        [new PortfolioWithoutVerdict("Globex - Storage", "Quarterly uptime", "not evaluated", "measured per calendar quarter: ask for a quarter (2026-Q4)")]);
}
