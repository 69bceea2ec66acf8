using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// The availability constructs of tests/cases/emit/availability-constructs.sla compiled and evaluated; every expected
/// number is derived by hand from the contract in the comment above it (UTC windows: a 30-day month is 43,200 minutes,
/// a 31-day month 44,640, 2026 is 525,600).
/// </summary>
public sealed class AvailabilityConstructTests
{
    private static readonly string ConstructsPath = Path.Combine(RepositoryPaths.Cases, "emit", "availability-constructs.sla");

    private static readonly Lazy<(ImmutableArray<BoundContract> Contracts, CompiledContracts Compiled)> Compiled = new(() =>
    {
        var check = ContractChecker.Check(SourceText.FromFile(ConstructsPath));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        return (check.Model.Contracts, compiled);
    });

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    private static Incident Outage(string id, string service, Instant from, Instant to, string cause = "provider") =>
        new(id, service, 1, Impact.Outage, from, to, cause, null, null, null, null, [], null);

    private static CommitmentOutcome Evaluate(int contract, string sla, EvaluationPeriod period, ImmutableArray<Incident> incidents, ImmutableArray<Maintenance> maintenance = default)
    {
        var input = new EvaluationInput(period, Instant.FromUtc(2027, 6, 1, 0, 0), incidents, maintenance.IsDefault ? [] : maintenance, [], [], []);
        var outcome = Compiled.Value.Compiled.Contracts[contract].Evaluate(input).Slas.Single(o => o.Commitment == sla);
        Assert.Equal(OutcomeKind.Evaluated, outcome.Kind);
        return outcome;
    }

    private static readonly EvaluationPeriod November = new(2026, month: 11);
    private static readonly EvaluationPeriod October = new(2026, month: 10);

    [Fact]
    public void Generated_source_matches_the_golden()
    {
        var (contracts, compiled) = Compiled.Value;
        var text = string.Join("\n// ----------------------------------------\n", compiled.Sources.Select(s => s.Text));
        Assert.Equal(contracts.Length, compiled.Sources.Length);
        Assert.DoesNotContain("not yet supported", text, StringComparison.Ordinal);
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Cases, "emit", "availability-constructs.g.cs.verified.txt"), text);
    }

    [Fact]
    public void Days_of_service_on_a_rounded_measured_value_and_every_warn_threshold()
    {
        // 60 minutes down: 43,140 / 43,200 = 99.8611...%, rounded half-even to 2 places 99.86 < 99.9: 3 days of service
        // = 3,100.00 x 3 / 30 = 310.00 (the 500.00 line needs below 99.0%).
        var outcome = Evaluate(0, "days", November, [Outage("A", "api", Utc(11, 20, 0), Utc(11, 20, 1))]);
        var result = outcome.Result!;
        Assert.Equal(new ExactRatio(99.86m, 100m), result.Measured);
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(310.00m, result.Credit!.Amount);
        // Budget 0.1% of 43,200 min = 43.2 min = 2,592 s; 3,600 s used: exceeded, and both thresholds reached, highest first.
        var warnings = result.Warnings.Where(w => w is DowntimeBudgetExceeded or DowntimeBudgetShareUsed).ToList();
        Assert.Equal<EvaluationWarning>([new DowntimeBudgetExceeded(3600, 2592, null), new DowntimeBudgetShareUsed(90, 3600, 2592), new DowntimeBudgetShareUsed(50, 3600, 2592)], warnings);
        Assert.All(warnings, w => Assert.Equal(WarningAudience.Provider, w.Audience)); // provider-only: a statement leaves them out
        Assert.DoesNotContain(result.CustomerWarnings, w => w is DowntimeBudgetExceeded or DowntimeBudgetShareUsed);
        // claim within 2 months after November ends: expires 2027-02-01, last day 2027-01-31.
        Assert.Equal(new LocalDate(2027, 1, 31), outcome.ClaimDeadline!.LastDay);
    }

    [Fact]
    public void Rounding_the_measured_value_can_meet_the_guarantee_the_exact_value_misses()
    {
        // 45 minutes: 43,155 / 43,200 = 99.89583...% (below 99.9% exactly), rounded to 2 places 99.90: met, no credit.
        var result = Evaluate(0, "days", November, [Outage("A", "api", Utc(11, 20, 0), Utc(11, 20, 0, 45))]).Result!;
        Assert.Equal(Verdict.Met, result.Verdict);
        Assert.Equal(0.00m, result.Credit!.Amount);
        Assert.Contains(result.Warnings, w => w is MeasuredValueRounded { Places: 2, Mode: MoneyRoundingMode.HalfEven, RoundedPercent: 99.90m });
    }

    [Fact]
    public void The_most_valuable_credit_line_applies_a_fixed_amount_beats_days_of_service()
    {
        // 500 minutes in October: 44,140 / 44,640 = 98.8799...% -> 98.88: 3 days = 3,100.00 x 3 / 31 = 300.00 and the
        // fixed 500.00 both hold; the larger, 500.00, applies (cap 1,000.00 per month does not bind).
        var result = Evaluate(0, "days", October, [Outage("A", "api", Utc(10, 10, 0), Utc(10, 10, 8, 20))]).Result!;
        Assert.Equal(500.00m, result.Credit!.Amount);
        Assert.Equal(2, result.Credit.Trace.Candidates.Count(c => c.Holds));
    }

    private static readonly ImmutableArray<Incident> CombinedIncidents =
    [
        Outage("JAN", "api", Utc(1, 20, 0), Utc(1, 20, 10)),
        Outage("OCT", "api", Utc(10, 10, 10), Utc(10, 10, 15)),
        Outage("NOV-WEB", "web", Utc(11, 3, 0), Utc(11, 3, 10)),
        Outage("NOV-CUSTOMER", "api", Utc(11, 20, 0), Utc(11, 20, 1), cause: "customer"),
    ];

    private static readonly ImmutableArray<Maintenance> CombinedMaintenance =
        [new Maintenance("MNT-WEB", Utc(11, 1, 0), Utc(11, 3, 8), Utc(11, 3, 10), ["web"])];

    [Fact]
    public void A_window_clipped_by_the_effective_range_pays_a_fee_prorated_by_days()
    {
        // January from the effective date 2026-01-15: 17 days = 24,480 minutes; 600 down: 97.549...% < 99.0%:
        // cumulative 10% + 15% = 25% of 3,100.00 x 17 / 31 = 1,700.00 -> 425.00 (no earlier window in the contract year).
        var result = Evaluate(0, "combined", new EvaluationPeriod(2026, month: 1), CombinedIncidents, CombinedMaintenance).Result!;
        Assert.Equal(24_480m * 60, result.MeasuredSeconds);
        Assert.Equal(1700.00m, result.Credit!.Trace.FeeForWindow);
        Assert.Equal(425.00m, result.Credit.Amount);
    }

    [Fact]
    public void The_contract_year_cap_counts_the_credits_of_earlier_windows()
    {
        // October: 300 min of 44,640: 99.327...% < 99.5%: 10% = 310.00, but January's 425.00 leaves 700 - 425 = 275.00.
        var october = Evaluate(0, "combined", October, CombinedIncidents, CombinedMaintenance).Result!;
        Assert.Equal(300m * 60, october.DowntimeSeconds);
        Assert.Equal(275.00m, october.Credit!.Amount);
        Assert.Contains(october.Credit.Trace.Caps, c => c.Rule.StartsWith("credits capped at 700.00 USD per contract year", StringComparison.Ordinal));
    }

    [Fact]
    public void Maintenance_of_either_service_and_a_capped_incident_exclusion_with_their_own_clauses()
    {
        // November: web down 600 min, 120 of them in announced maintenance of web (clause 8.2): 480; the customer-caused
        // api hour is excluded only up to 30 minutes a month (clause 8.3): 30 more count. 510 of 43,200 = 98.819...%:
        // 25% = 775.00, but January 425.00 + October 310.00 = 735.00 already exceed the 700.00 contract-year cap: 0.00.
        var result = Evaluate(0, "combined", November, CombinedIncidents, CombinedMaintenance).Result!;
        Assert.Equal(510m * 60, result.DowntimeSeconds);
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(0.00m, result.Credit!.Amount);
        // The contract-year cap is not also a cap per window: 775.00 reaches it whole.
        var cap = Assert.Single(result.Credit.Trace.Caps);
        Assert.Equal(775.00m, cap.Before);
        var maintenance = result.Trace.Exclusions.Single(x => x.Kind == ExclusionKind.Maintenance);
        Assert.StartsWith("8.2 ", maintenance.Clause, StringComparison.Ordinal);
        Assert.Equal(120m * 60, maintenance.DowntimeRemovedSeconds);
        var customer = result.Trace.Exclusions.Single(x => x.Kind == ExclusionKind.Incident);
        Assert.StartsWith("8.3 ", customer.Clause, StringComparison.Ordinal);
        Assert.Equal(30m * 60, customer.ExcludedSeconds);
        Assert.Equal(30m * 60, customer.BeyondCapSeconds);
    }

    [Fact]
    public void Any_guarantee_breached_on_a_billing_cycle_from_the_15th()
    {
        // Cycle 2026-11-15 .. 2026-12-15 = 30 days = 43,200 min; 60 down: 99.861...% < 99.9%: breached -> 10% of 3,100.00.
        var outcome = Evaluate(0, "cycle", November, [Outage("A", "api", Utc(11, 20, 0), Utc(11, 20, 1)), Outage("B", "api", Utc(11, 10, 0), Utc(11, 10, 5))]);
        Assert.Equal("2026-11-15..2026-12-15", outcome.Result!.Window);
        Assert.Equal(60m * 60, outcome.Result.DowntimeSeconds);
        Assert.Equal(310.00m, outcome.Result.Credit!.Amount);
        // claim by the end of the first cycle after it: 2026-12-15 .. 2027-01-15, last day 2027-01-14.
        Assert.Equal(new LocalDate(2027, 1, 14), outcome.ClaimDeadline!.LastDay);
    }

    [Fact]
    public void A_fee_multiple_for_the_down_period_over_a_calendar_year()
    {
        // 2026: 600 min down, the first 120 in maintenance capped at 60 minutes a year: 540 count. Fee 4 x 1,000.00.
        // 2.5 x 4,000.00 x 540 / 525,600 = 10.27397... -> 10.27 (half-toward-zero); the 5% cap (200.00) does not bind.
        var outcome = Evaluate(1, "yearly", new EvaluationPeriod(2026),
            [Outage("A", "api", Utc(6, 1, 0), Utc(6, 1, 10))],
            [new Maintenance("M", Utc(5, 1, 0), Utc(6, 1, 0), Utc(6, 1, 2), ["api"])]);
        var result = outcome.Result!;
        Assert.Equal(540m * 60, result.DowntimeSeconds);
        Assert.Equal(525_600m * 60, result.MeasuredSeconds);
        Assert.Equal(10.27m, result.Credit!.Amount);
        Assert.Equal(new LocalDate(2027, 1, 30), outcome.ClaimDeadline!.LastDay);
    }

    [Fact]
    public void A_rolling_window_ends_where_the_month_asked_for_ends()
    {
        // rolling 7 days for 2026-11: [2026-11-24, 2026-12-01) = 10,080 minutes. The 60 minutes on the 25th count; the
        // 3 minutes on the 26th are below the 5-minute minimum; the hour on the 20th is outside the window.
        // 10,020 / 10,080 = 99.40476...% < 99.9%: breached (no credit clause, no credit).
        var outcome = Evaluate(1, "week", November,
            [Outage("IN", "api", Utc(11, 25, 0), Utc(11, 25, 1)), Outage("BLIP", "api", Utc(11, 26, 0), Utc(11, 26, 0, 3)), Outage("OUT", "api", Utc(11, 20, 0), Utc(11, 20, 1))]);
        var result = outcome.Result!;
        Assert.Equal("2026-11-24..2026-12-01", result.Window);
        Assert.Equal(10_080m * 60, result.MeasuredSeconds);
        Assert.Equal(60m * 60, result.DowntimeSeconds);
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Null(result.Credit);
    }

    [Fact]
    public void Error_rate_downtime_over_two_services_with_an_inclusive_bound()
    {
        var text = Header + """
              guarantee availability of api and web at least 99.9% per calendar month
              downtime is each minute on api and web with error rate at least 5% and at least 100 requests
              only runs of at least 2 consecutive down minutes count
              credit 10% of fee when availability below 99.9%
              credits capped at 10% of fee per month
            }
          }
          """;
        var check = ContractChecker.Check(new SourceText("two.sla", text));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        using var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        static RequestSlice Minute(string service, int hour, int minute, long total, long bad) =>
            new(service, Utc(11, 10, hour, minute), Duration.FromMinutes(1), total, total - bad);
        ImmutableArray<RequestSlice> requests =
        [
            // api 10:00-10:03 at exactly 5% errors: "at least 5%" is down; a run of 3 minutes.
            Minute("api", 10, 0, 200, 10), Minute("api", 10, 1, 200, 10), Minute("api", 10, 2, 200, 10),
            // web 10:02-10:06, overlapping api's last minute: counted once; 4 minutes.
            Minute("web", 10, 2, 100, 50), Minute("web", 10, 3, 100, 50), Minute("web", 10, 4, 100, 50), Minute("web", 10, 5, 100, 50),
            // api 11:00 alone: a run of 1 minute does not count; web 12:00-12:02 with 99 requests: too few.
            Minute("api", 11, 0, 200, 200), Minute("web", 12, 0, 99, 99), Minute("web", 12, 1, 99, 99),
        ];
        var input = new EvaluationInput(November, Instant.FromUtc(2027, 1, 1, 0, 0), [], [], [], requests, []);
        var result = compiled.Contracts[0].Evaluate(input).Slas.Single().Result!;
        // Union of 10:00-10:03 and 10:02-10:06 = 10:00-10:06: 6 minutes; 43,194 / 43,200 = 99.986% >= 99.9%: met.
        Assert.Equal(6m * 60, result.DowntimeSeconds);
        Assert.Equal(Verdict.Met, result.Verdict);
        Assert.Equal(0.00m, result.Credit!.Amount);
    }

    [Fact]
    public void A_year_contract_asked_for_a_month_is_a_period_mismatch()
    {
        var input = new EvaluationInput(November, Instant.FromUtc(2027, 1, 1, 0, 0), [], [], [], [], []);
        var outcome = Compiled.Value.Compiled.Contracts[1].Evaluate(input).Slas.Single(o => o.Commitment == "yearly");
        Assert.Equal(OutcomeKind.PeriodMismatch, outcome.Kind);
    }

    private const string Header = """
        contract "Edge" {
          provider "P"
          customer "C"
          effective 2026-01-01 until 2027-01-01
          time zone "UTC"
          fee 1000.00 USD per month
          service api "API"
          service web "Web"
          sla edge "Edge" {

        """;

    [Theory]
    [InlineData("guarantee availability of api at least 99.9% per calendar quarter\n downtime is incidents on api with impact outage\n exclude maintenance, at most 1 hour per month\n excluded time counts as available",
        "not yet supported: an exclusion cap per month on a window per calendar quarter (the cap period must contain the window)")]
    [InlineData("guarantee availability of api at least 99.9% per calendar month\n downtime is incidents on api with impact outage\n credit 10% of fee when availability below 99.9%\n credits capped at 50% of fee per month\n claim within 30 days after the incident",
        "not yet supported: claim deadlines counted from each incident (within N after the incident)")]
    [InlineData("guarantee availability of api at least 99.9% per calendar month\n availability is 100% minus average error rate of each 5-minute interval on api, empty intervals count as 0%\n credit 10 times the fee for the down period\n credits capped at 50% of fee per month",
        "not yet supported: a fee multiple for the down period on an availability averaged from error rates (it has no down period)")]
    public void Constructs_that_cannot_be_compiled_say_precisely_what(string clauses, string reason)
    {
        var text = Header + clauses.Replace("\\n", "\n", StringComparison.Ordinal) + "\n  }\n}\n";
        var check = ContractChecker.Check(new SourceText("edge.sla", text));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        using var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        var input = new EvaluationInput(November, Instant.FromUtc(2027, 1, 1, 0, 0), [], [], [], [], []);
        var outcome = compiled.Contracts[0].Evaluate(input).Slas.Single();
        Assert.Equal(OutcomeKind.NotYetSupported, outcome.Kind);
        Assert.Equal(reason, outcome.Reason);
    }
}
