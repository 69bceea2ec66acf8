using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Tests.Shared;
using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// Compiled evaluators for non-availability guarantees and KPI targets, on hand-made data whose expected numbers are
/// derived from the contract text in the comments. New York time: November 2026 starts on Sunday the 1st (EST from
/// 02:00), so Fri 6, Mon 9, Tue 10, Wed 11 (holiday below), Thu 12, Mon 16, Mon 30; October 30 is a Friday (EDT).
/// </summary>
public sealed class MeasureEmitterTests
{
    private const string Contract = """
        contract "Measures" {
          time zone "America/New_York"
          fee 1000.00 USD per month
          service api "API"
          service web "Web"

          holidays us "US" {
            holiday 2026-11-11 "Veterans Day"
          }

          sla success "Success rate" {
            clause "4.1"
            guarantee success rate of api requests at least 99.95% per calendar month
            credit 10% of fee when success rate below 99.95%
            credit 25% of fee when success rate below 99.0%
            credits capped at 25% of fee per month
          }

          sla latency "Latency" {
            clause "4.2": guarantee p95 latency of api requests at most 500 ms per calendar month
          }

          sla both "Success and latency" {
            clause "4.3"
            guarantee success rate of api requests at least 99.9% per calendar month
            clause "4.4": guarantee p95 latency of api requests at most 500 ms in at least 99% of 5-minute slices per calendar month
            credit 10% of fee when any guarantee is breached
            claim within 30 days after the month ends
          }

          sla response "Incident response" {
            clause "5.1"
            guarantee response to severity 1 incidents on api within 15 minutes, every incident, per calendar month
            response clock runs from detected to acknowledged during business hours Mon-Fri 08:00-18:00 except holidays us
            credit 5% of fee per breached incident
            credits capped at 20% of fee per month
          }

          sla resolution "Resolution share" {
            guarantee resolution of severity 2 incidents on api within 25 minutes, 50% of incidents, per calendar month
          }

          sla alerts "Alert acknowledgement" {
            guarantee 95% of alerts on api acknowledged within 5 minutes per calendar month
          }

          kpi buffer "Success buffer" {
            target success rate of api requests at least 99.99% per calendar month
            supports success
          }
          kpi edge "p95 at a bucket edge" {
            target p95 latency of web requests at most 250 ms per calendar month
          }
          kpi edge96 "p96 past the edge" {
            target p96 latency of web requests at most 250 ms per calendar month
          }
          kpi median-ttr "Median time to resolve" {
            target median time to resolve severity 2 incidents on api at most 30 minutes per calendar month
          }
          kpi mean-ttr "Mean time to resolve" {
            target mean time to resolve severity 2 incidents on api at most 30 minutes per calendar month
          }
          kpi p90-ttr "p90 time to resolve" {
            target p90 time to resolve severity 2 incidents on api at most 45 minutes per calendar month
          }
          kpi postmortems "Postmortems" {
            target postmortems completed for severity 2 incidents at least 80% per calendar month
          }
          kpi volume "Incident volume" {
            target incident count on api decreasing month over month
          }
          kpi ack "Alert acknowledgement" {
            target 50% of alerts on api acknowledged within 5 minutes per calendar month
          }
          kpi mtta-rolling "Mean time to acknowledge, rolling" {
            target mean time to acknowledge severity 1 incidents on api at most 10 minutes rolling 30 days
          }
        }
        """;

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 6, 0); // Tue Dec 1 01:00 EST

    private static Instant Ny(int month, int day, int hour, int minute) => NewYork.AtStrictly(new LocalDateTime(2026, month, day, hour, minute)).ToInstant();

    private static Incident Sev1(string id, Instant detected, Instant? acknowledged) =>
        new(id, "api", 1, Impact.Outage, detected - Duration.FromMinutes(1), null, detected: detected, acknowledged: acknowledged);

    private static Incident Sev2(string id, Instant started, Instant? resolved, bool? postmortem) =>
        new(id, "api", 2, Impact.Degraded, started, resolved, postmortemCompleted: postmortem);

    private static readonly ImmutableArray<Incident> Incidents =
    [
        // Response clocks, 15 business minutes Mon-Fri 08:00-18:00, not on Nov 11:
        Sev1("R1", Ny(11, 6, 17, 55), Ny(11, 9, 8, 12)),    // Fri 5 min + Mon 12 min = 17 min: breach
        Sev1("R2", Ny(11, 10, 17, 58), Ny(11, 12, 8, 10)),  // Tue 2 min + Wed holiday 0 + Thu 10 min = 12 min: met (612 without the holiday)
        Sev1("R3", Ny(11, 7, 10, 0), Ny(11, 7, 11, 0)),     // Saturday: 0 business minutes: met
        Sev1("R4", Ny(11, 16, 8, 0), Ny(11, 16, 8, 15)),    // exactly 15 minutes: met
        Sev1("R5", Ny(10, 30, 17, 50), Ny(11, 2, 8, 30)),   // Fri Oct 30 10 min + Mon Nov 2 30 min = 40: breach in OCTOBER (clock start)
        Sev1("R6", Ny(11, 30, 17, 0), null),                // never acknowledged: 60 business minutes by as-of (Mon 17:00-18:00): breach
        new("R7", "api", 2, Impact.Outage, Ny(11, 20, 9, 0), Ny(11, 20, 12, 0), detected: Ny(11, 20, 9, 0), acknowledged: Ny(11, 20, 11, 0)), // severity 2: not selected
        // Severity 2 resolution (wall clock from started): 20, 45 and 30 minutes; I4 still open at as-of.
        Sev2("I1", Ny(11, 3, 10, 0), Ny(11, 3, 10, 20), true),
        Sev2("I2", Ny(11, 4, 10, 0), Ny(11, 4, 10, 45), true),
        Sev2("I3", Ny(11, 5, 10, 0), Ny(11, 5, 10, 30), false),
        Sev2("I4", Ny(11, 6, 10, 0), null, null),
    ];

    private static readonly ImmutableArray<Alert> Alerts =
    [
        new("A1", "api", Ny(11, 2, 10, 0), Ny(11, 2, 10, 5)),  // exactly 5 minutes: in time
        new("A2", "api", Ny(11, 2, 11, 0), Ny(11, 2, 11, 6)),  // 6 minutes: late
        new("A3", "api", Ny(11, 2, 12, 0), null),              // never acknowledged: not in time
        new("A4", "web", Ny(11, 2, 13, 0), null),              // another service: not counted
        new("A5", "api", Ny(11, 2, 14, 0), Ny(11, 2, 14, 1)),  // in time
    ];

    private static LatencyHistogram Histogram(params long[] counts) => new([100, 250, 500], [.. counts]);

    private static RequestSlice Slice(string service, Instant start, long total, long good, LatencyHistogram? histogram) =>
        new(service, start, Duration.FromMinutes(5), total, good, histogram);

    private static readonly ImmutableArray<RequestSlice> Requests =
    [
        // November api: 19,990 good of 20,000 = 99.95% exactly. S1's p95: rank 9,500 = 5,000 + 4,500, the last request of
        // the <= 250 ms bucket (250 ms); S2 is all in the overflow bucket (above 500 ms).
        Slice("api", Ny(11, 3, 12, 0), 10_000, 9_990, Histogram(5_000, 4_500, 500, 0)),
        Slice("api", Ny(11, 3, 12, 5), 10_000, 10_000, Histogram(0, 0, 0, 10_000)),
        // October api: one slice without requests, so nothing to measure.
        Slice("api", Ny(10, 5, 12, 0), 0, 0, Histogram(0, 0, 0, 0)),
        // December api: 9,890 of 10,000 = 98.9%, below 99.0%: the 25% tier.
        Slice("api", Ny(12, 3, 12, 0), 10_000, 9_890, Histogram(10_000, 0, 0, 0)),
        // November web: merged [100, 90, 10, 0] of 200; p95 rank ceil(190) = 190 = 100 + 90: exactly the 250 ms edge;
        // p96 rank ceil(192) = 192: the next bucket, 500 ms.
        Slice("web", Ny(11, 4, 12, 0), 100, 100, Histogram(50, 45, 5, 0)),
        Slice("web", Ny(11, 4, 12, 5), 100, 100, Histogram(50, 45, 5, 0)),
    ];

    private static readonly Lazy<ICompiledContract> Evaluator = new(() =>
    {
        var check = ContractChecker.Check(new SourceText("measures.sla", Contract));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        return compiled.Contracts[0];
    });

    private static ContractEvaluation Evaluate(int month, int year = 2026) =>
        Evaluator.Value.Evaluate(new EvaluationInput(new EvaluationPeriod(year, month: month), AsOf, Incidents, [], Alerts, Requests, []));

    private static CommitmentOutcome Sla(ContractEvaluation e, string name) => e.Slas.Single(o => o.Commitment == name);

    private static CommitmentResult Kpi(ContractEvaluation e, string name) => e.Kpis.Single(k => k.Kpi == name).Outcome.Result!;

    [Fact]
    public void Every_guarantee_and_kpi_target_is_evaluated_not_unsupported()
    {
        var november = Evaluate(11);
        Assert.All(november.Slas, o => Assert.Equal(OutcomeKind.Evaluated, o.Kind));
        Assert.Equal(["buffer", "edge", "edge96", "median-ttr", "mean-ttr", "p90-ttr", "postmortems", "volume", "ack", "mtta-rolling"], november.Kpis.Select(k => k.Kpi));
        Assert.All(november.Kpis, k => Assert.Equal(OutcomeKind.Evaluated, k.Outcome.Kind));
        // KPIs never carry credits.
        Assert.All(november.Kpis, k => Assert.Null(k.Outcome.Result!.Credit));
    }

    [Fact]
    public void Success_rate_exactly_at_the_threshold_meets_and_earns_no_credit()
    {
        var result = Sla(Evaluate(11), "success").Result!;
        Assert.Equal(new ExactRatio(19_990, 20_000), result.Measured); // 99.95% exactly
        Assert.Equal(Verdict.Met, result.Verdict);
        Assert.Equal(0m, result.Credit!.Amount);
        // Budget: 20,000 x 0.05% = 10 bad requests allowed, 10 used.
        Assert.Equal(10m, result.RequestBudget!.AllowedBadRequests);
        Assert.Equal(10, result.RequestBudget.UsedBadRequests);
    }

    [Fact]
    public void A_window_with_zero_requests_is_not_measurable_and_earns_no_credit()
    {
        var october = Evaluate(10);
        var result = Sla(october, "success").Result!;
        Assert.Equal(Verdict.NotMeasurable, result.Verdict);
        Assert.Null(result.Measured);
        Assert.Null(result.Credit);
        Assert.Contains(result.Warnings, w => w.Contains("nothing to measure", StringComparison.Ordinal));
        // The two-guarantee SLA: success rate unmeasurable, latency share met (the empty slice counts as meeting):
        // nothing breached but not everything measured, so not measurable and no credit.
        var both = Sla(october, "both");
        Assert.Equal([Verdict.NotMeasurable, Verdict.Met], both.Guarantees.Select(g => g.Verdict));
        Assert.Equal(Verdict.NotMeasurable, both.Result!.Verdict);
        Assert.Null(both.Result.Credit);
    }

    [Fact]
    public void Success_rate_tiers_pick_the_most_severe_holding_tier()
    {
        // December: 98.9% is below 99.95% and below 99.0%: 25% of 1000.00 = 250.00 (the cap is also 25%).
        var result = Sla(Evaluate(12), "success").Result!;
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(25m, result.Credit!.PercentOfFee);
        Assert.Equal(250.00m, result.Credit.Amount);
    }

    [Fact]
    public void A_window_clipped_by_the_effective_range_prorates_the_fee_by_local_days()
    {
        // In effect until 2026-12-16 (half-open): December's window is Dec 1-15, 15 of 31 days, so the fee for it is
        // 1000.00 x 15/31 = 483.8709...; 98.9% earns the 25% tier: 120.9677... -> 120.97 USD (the 25% cap is not lower).
        var check = ContractChecker.Check(new SourceText("clipped.sla", Contract.Replace(
            "fee 1000.00 USD per month", "effective 2026-01-01 until 2026-12-16\n  fee 1000.00 USD per month", StringComparison.Ordinal)));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        using var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var evaluation = compiled.Contracts[0].Evaluate(new EvaluationInput(new EvaluationPeriod(2026, month: 12), AsOf, Incidents, [], Alerts, Requests, []));
        var credit = Sla(evaluation, "success").Result!.Credit!;
        Assert.Equal(25m, credit.PercentOfFee);
        Assert.Equal(120.97m, credit.Amount);
        Assert.Equal(1000.00m * 15 / 31 / 4, credit.ExactAmount);
    }

    [Fact]
    public void Merged_histogram_percentile_in_the_overflow_bucket_breaches_at_most()
    {
        // api November merged: [5000, 4500, 500, 10000] of 20,000; p95 rank 19,000 lies in the overflow bucket.
        var result = Sla(Evaluate(11), "latency").Result!;
        Assert.Equal("4.2", result.Clause);
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(ExactRatio.Of(500), result.Measured); // only known to be above the last bound
        Assert.Contains(result.Warnings, w => w.Contains("above the last bucket bound (500 ms)", StringComparison.Ordinal));
    }

    [Fact]
    public void Percentiles_at_a_bucket_edge_report_that_bucket()
    {
        var november = Evaluate(11);
        var edge = Kpi(november, "edge");
        Assert.Equal(ExactRatio.Of(250), edge.Measured); // rank 190 is the last request of the <= 250 ms bucket
        Assert.Equal(Verdict.Met, edge.Verdict);
        var past = Kpi(november, "edge96");
        Assert.Equal(ExactRatio.Of(500), past.Measured); // rank 192 is in the next bucket
        Assert.Equal(Verdict.Breached, past.Verdict);
    }

    [Fact]
    public void Several_guarantees_breach_when_any_does_and_credit_once()
    {
        var outcome = Sla(Evaluate(11), "both");
        // 4.3: 99.95% >= 99.9% met. 4.4: S1's p95 is 250 ms (meets), S2's is overflow (does not): 1 of 2 slices = 50% < 99%.
        Assert.Equal(2, outcome.Guarantees.Length);
        Assert.Equal(["4.3", "4.4"], outcome.Guarantees.Select(g => g.Clause));
        Assert.Equal(Verdict.Met, outcome.Guarantees[0].Verdict);
        Assert.Equal(new ExactRatio(1, 2), outcome.Guarantees[1].Measured);
        Assert.Equal(Verdict.Breached, outcome.Guarantees[1].Verdict);
        Assert.All(outcome.Guarantees, g => Assert.Null(g.Credit));
        var result = outcome.Result!;
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(ExactRatio.Of(1), result.Measured); // one breached guarantee
        Assert.Equal(100.00m, result.Credit!.Amount);     // 10% of 1000.00, once
        Assert.Equal(new LocalDate(2026, 12, 30), outcome.ClaimDeadline!.LastDay);
    }

    [Fact]
    public void A_success_rate_sla_states_a_claim_deadline_in_months_after_the_window()
    {
        // Azure China CDN's General Terms: "within two months of the end of the billing month". The November window ends
        // at local midnight on December 1; two months later is February 1, so the last day to claim is January 31.
        const string source = """
            contract "Months claim" {
              time zone "Asia/Shanghai"
              fee 6000.00 CNY per month
              service cdn "CDN"
              sla delivery "Delivery" {
                guarantee success rate of cdn requests at least 99.9% per calendar month
                credit 5% of fee when success rate below 99.9%
                claim within 2 months after the month ends
              }
            }
            """;
        var check = ContractChecker.Check(new SourceText("months.sla", source));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var start = shanghai.AtStrictly(new LocalDateTime(2026, 11, 10, 12, 0)).ToInstant();
        RequestSlice[] requests = [new("cdn", start, Duration.FromMinutes(5), 10_000, 9_989, null)];
        var evaluation = compiled.Contracts[0].Evaluate(new EvaluationInput(new EvaluationPeriod(2026, month: 11), Instant.FromUtc(2026, 12, 1, 0, 0), [], [], [], [.. requests], []));
        var outcome = Sla(evaluation, "delivery");
        Assert.Equal(OutcomeKind.Evaluated, outcome.Kind);
        Assert.Equal(300.00m, outcome.Result!.Credit!.Amount); // 99.89% < 99.9%: 5% of 6,000.00
        Assert.Equal(new LocalDate(2027, 1, 31), outcome.ClaimDeadline!.LastDay);
    }

    [Fact]
    public void Business_hours_and_holidays_decide_response_breaches()
    {
        var result = Sla(Evaluate(11), "response").Result!;
        var clocks = result.Trace.Incidents.ToDictionary(i => i.Id);
        // R1 17 business minutes across the weekend, R2 12 across the holiday, R3 0 on a Saturday, R4 exactly 15,
        // R6 never acknowledged: 60 minutes by as-of. R5 started in October; R7 is severity 2.
        Assert.Equal(["R1", "R2", "R3", "R4", "R6"], clocks.Keys.Order());
        Assert.Equal(17 * 60m, clocks["R1"].Seconds);
        Assert.Equal(12 * 60m, clocks["R2"].Seconds);
        Assert.Equal(0m, clocks["R3"].Seconds);
        Assert.Equal(15 * 60m, clocks["R4"].Seconds);
        Assert.Equal(60 * 60m, clocks["R6"].Seconds);
        Assert.Equal(IncidentOutcome.ClockBreached, clocks["R1"].Outcome);
        Assert.Equal(IncidentOutcome.ClockMet, clocks["R2"].Outcome);
        Assert.Equal(IncidentOutcome.ClockMet, clocks["R4"].Outcome);
        Assert.Equal(IncidentOutcome.ClockBreached, clocks["R6"].Outcome);
        Assert.Equal(ExactRatio.Of(2), result.Measured);
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(100.00m, result.Credit!.Amount); // 2 x 5% of 1000.00
    }

    [Fact]
    public void An_incident_starting_in_one_window_and_breaching_in_the_next_counts_where_its_clock_started()
    {
        var october = Sla(Evaluate(10), "response").Result!;
        var clock = Assert.Single(october.Trace.Incidents);
        Assert.Equal("R5", clock.Id);
        Assert.Equal(40 * 60m, clock.Seconds); // Fri Oct 30 17:50-18:00 EDT + Mon Nov 2 08:00-08:30 EST
        Assert.Equal(50.00m, october.Credit!.Amount);
        Assert.DoesNotContain(Sla(Evaluate(11), "response").Result!.Trace.Incidents, i => i.Id == "R5");
    }

    [Fact]
    public void Share_of_incidents_counts_a_running_clock_past_the_limit_as_breached()
    {
        // Severity 2, resolution within 25 minutes: I1 20 met; I2 45, I3 30 breached; I4 open since Nov 6: breached; R7 3 h breached.
        var result = Sla(Evaluate(11), "resolution").Result!;
        Assert.Equal(new ExactRatio(1, 5), result.Measured);
        Assert.Equal(Verdict.Breached, result.Verdict);
    }

    [Fact]
    public void An_alert_never_acknowledged_is_not_in_time()
    {
        var november = Evaluate(11);
        var sla = Sla(november, "alerts").Result!;
        Assert.Equal(new ExactRatio(2, 4), sla.Measured); // A1 (exactly 5 min) and A5 of A1, A2, A3, A5
        Assert.Equal(Verdict.Breached, sla.Verdict);
        var kpi = Kpi(november, "ack");
        Assert.Equal(new ExactRatio(2, 4), kpi.Measured);
        Assert.Equal(Verdict.Met, kpi.Verdict); // 50% at least 50%
    }

    [Fact]
    public void The_buffer_kpi_reuses_the_slas_measurement_against_its_stricter_target()
    {
        var november = Evaluate(11);
        var sla = Sla(november, "success").Result!;
        var kpi = november.Kpis.Single(k => k.Kpi == "buffer");
        Assert.Equal(["success"], kpi.Supports.ToArray());
        Assert.Equal("at least 99.99%", kpi.TargetText);
        Assert.Equal(sla.Measured, kpi.Outcome.Result!.Measured);
        Assert.Equal(Verdict.Met, sla.Verdict);
        Assert.Equal(Verdict.Breached, kpi.Outcome.Result.Verdict); // 99.95% < 99.99%
    }

    [Fact]
    public void Time_to_resolve_statistics_use_stopped_clocks_in_seconds()
    {
        var november = Evaluate(11);
        // Stopped severity-2 clocks: I1 20, I2 45, I3 30 and R7 180 minutes; I4 is still running and not in the statistic.
        // Median of 20, 30, 45, 180 = (30 + 45) / 2 = 37.5 min = 2250 s > 30 min.
        Assert.Equal(2250m, Kpi(november, "median-ttr").Measured!.Value.ToDecimalForDisplay());
        Assert.Equal(Verdict.Breached, Kpi(november, "median-ttr").Verdict);
        // Mean = 275 / 4 = 68.75 min = 4125 s.
        Assert.Equal(4125m, Kpi(november, "mean-ttr").Measured!.Value.ToDecimalForDisplay());
        // p90: rank ceil(0.9 x 4) = 4: 180 min = 10800 s > 45 min.
        Assert.Equal(10_800m, Kpi(november, "p90-ttr").Measured!.Value.ToDecimalForDisplay());
        Assert.Contains(Kpi(november, "mean-ttr").Warnings, w => w.Contains("I4", StringComparison.Ordinal));
    }

    [Fact]
    public void Postmortems_volume_trend_and_rolling_acknowledgement()
    {
        var november = Evaluate(11);
        // Severity 2 in November: I1, I2 completed; I3 not; I4 unknown; R7 unknown: 2 of 5 = 40% < 80%.
        Assert.Equal(new ExactRatio(2, 5), Kpi(november, "postmortems").Measured);
        // api incidents started in November: R1-R4, R6, R7, I1-I4 = 10; October: R5 = 1; change +9: not decreasing.
        Assert.Equal(ExactRatio.Of(9), Kpi(november, "volume").Measured);
        Assert.Equal(Verdict.Breached, Kpi(november, "volume").Verdict);
        // Rolling 30 days ending Dec 1 (Nov 1-30): severity-1 acknowledge clocks from started (one minute before detected),
        // wall clock: R1 Fri 17:54 -> Mon 08:12 = 3738 min; R2 Tue 17:57 -> Thu 08:10 = 2293; R3 61; R4 16; R6 running.
        // R5 started Oct 30: outside. Mean = (3738 + 2293 + 61 + 16) / 4 = 1527 min = 91,620 s.
        Assert.Equal(91_620m, Kpi(november, "mtta-rolling").Measured!.Value.ToDecimalForDisplay());
    }

    public static readonly TheoryData<string> HostileTexts = new()
    {
        "Quote \\\" and backslash \\\\ end",
        "Comment end */ and /* start",
        "Line break \\n#line 1 \\\"evil.cs\\\"\\nclass X {}",
        "Bidi marks \u200E\u200F\u061C (overrides and isolates are refused by the checker, SLA0013)",
    };

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Hostile_text_in_guarantee_clauses_kpi_titles_and_holidays_changes_no_number(string hostile)
    {
        var path = Path.Combine(RepositoryPaths.Examples, "saas-api.sla");
        var text = File.ReadAllText(path);
        text = text[..text.IndexOf("\ntest \"", StringComparison.Ordinal)];
        var evil = text
            .Replace("contract \"Acme Corp - Premium API\"", $"contract \"{hostile}\"", StringComparison.Ordinal)
            .Replace("clause \"4.2\"", $"clause \"{hostile}\"", StringComparison.Ordinal)
            .Replace("\"Alert acknowledgement\"", $"\"{hostile}\"", StringComparison.Ordinal)
            .Replace("\"Veterans Day\"", $"\"{hostile}\"", StringComparison.Ordinal);
        Assert.NotEqual(text, evil);
        var a = ContractChecker.Check(new SourceText("benign.sla", text));
        var b = ContractChecker.Check(new SourceText("hostile.sla", evil));
        Assert.False(b.HasErrors, string.Join("\n", b.Diagnostics));
        using var compiled = ContractCompilation.Compile([.. a.Model!.Contracts, .. b.Model!.Contracts]);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        Assert.DoesNotContain(compiled.Sources[1].Text, c => CSharpText.IsBidiControl(c));
        var input = new EvaluationInput(new EvaluationPeriod(2026, month: 11), AsOf, Incidents, [], Alerts, Requests, []);
        var x = compiled.Contracts[0].Evaluate(input);
        var y = compiled.Contracts[1].Evaluate(input);
        var bound = b.Model.Contracts[0];
        Assert.Equal(bound.Name, y.ContractName);
        Assert.Equal(bound.Slas[0].Guarantees[1].Clause, y.Slas[0].Guarantees[1].Clause);
        Assert.Equal(bound.FindKpi("ack")!.Title, y.Kpis.Single(k => k.Kpi == "ack").Title);
        Assert.NotEqual("4.2", y.Slas[0].Guarantees[1].Clause);
        Assert.Equal(x.Slas.Select(o => (o.Result!.Measured, o.Result.Verdict, o.Result.Credit?.ExactAmount)), y.Slas.Select(o => (o.Result!.Measured, o.Result.Verdict, o.Result.Credit?.ExactAmount)));
        Assert.Equal(x.Slas[0].Guarantees.Select(g => g.Measured), y.Slas[0].Guarantees.Select(g => g.Measured));
        Assert.Equal(x.Kpis.Select(k => (k.Outcome.Kind, k.Outcome.Result?.Measured)), y.Kpis.Select(k => (k.Outcome.Kind, k.Outcome.Result?.Measured)));
    }

    [Fact]
    public void Generated_source_for_the_saas_api_example_matches_the_golden()
    {
        var check = ContractChecker.Check(SourceText.FromFile(Path.Combine(RepositoryPaths.Examples, "saas-api.sla")));
        var contract = Assert.Single(check.Model!.Contracts);
        var source = ContractEmitter.Emit(contract, ContractCompilation.SemanticHash(contract));
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Cases, "emit", "saas-api.g.cs.verified.txt"), source.Text);
    }

    [Fact]
    public void Generated_source_for_the_measures_contract_matches_the_golden()
    {
        var check = ContractChecker.Check(new SourceText("measures.sla", Contract));
        var contract = Assert.Single(check.Model!.Contracts);
        var source = ContractEmitter.Emit(contract, "hash");
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Cases, "emit", "measures.g.cs.verified.txt"), source.Text);
    }
}
