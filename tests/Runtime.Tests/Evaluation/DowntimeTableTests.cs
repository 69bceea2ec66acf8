using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>Pinned worked examples: each test is one row of the contract appendix it comes from.</summary>
public sealed class DowntimeTableTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly FeeTerms Fee = new(12000.00m, "USD");

    private static readonly ImmutableArray<CreditTier> StandardTiers =
    [
        new("10%", ValueCondition.Below(99.9m), 10m),
        new("25%", ValueCondition.Below(99.0m), 25m),
        new("100%", ValueCondition.Below(95.0m), 100m),
    ];

    private static DowntimeCommitment Availability(ImmutableArray<CreditTier>? tiers = null, Duration? minimum = null,
        ExcludedTimeAccounting accounting = ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis basis = MeasuredPeriodBasis.CalendarWindow,
        decimal target = 99.9m, CreditLimits? limits = null) =>
        new("availability", "3.1", ValueCondition.AtLeast(target),
            i => i.Service != "api" ? 0m : i.Impact switch { Impact.Outage => 1m, Impact.Degraded => 0.5m, _ => 0m },
            minimum ?? Duration.Zero,
            [new IncidentExclusion("3.4 customer", i => i.Cause == "customer")],
            accounting, basis,
            new TieredCredits(tiers ?? StandardTiers, false, limits ?? new CreditLimits(CapPercentOfFee: 100m)),
            warnAtBudgetPercent: 75m);

    private static Incident Outage(string id, Instant start, Instant? end, Impact impact = Impact.Outage, string? cause = null) =>
        new(id, "api", 1, impact, start, end, cause);

    private static CommitmentResult Run(DowntimeCommitment c, CalendarWindow w, Instant asOf, IReadOnlyList<Incident> incidents,
        IReadOnlyList<TimeExclusion>? exclusions = null, IReadOnlyList<Deployment>? deployments = null, FeeTerms? fee = null) =>
        new DowntimeEvaluator().Evaluate(c, w, asOf, incidents, exclusions ?? [], deployments, fee ?? Fee);

    [Fact]
    public void Atlassian_published_example_60_minutes_in_a_30_day_month_is_99_8611_percent_and_10_percent_credit()
    {
        // Atlassian measures in UTC; June has 30 days = 43,200 minutes; 60 down minutes -> 43,140 / 43,200.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 6);
        var start = Instant.FromUtc(2026, 6, 10, 12, 0);
        var r = Run(Availability(), w, w.End, [Outage("A-1", start, start + Duration.FromMinutes(60))]);
        Assert.Equal(3600m, r.DowntimeSeconds);
        Assert.Equal(43_200m * 60, r.MeasuredSeconds);
        Assert.Equal(99.861111m, Math.Round(r.Measured!.Value.ToPercentForDisplay(), 6));
        Assert.Equal(Verdict.Breached, r.Verdict);
        Assert.Equal(10m, r.Credit!.PercentOfFee);
        Assert.Equal(1200.00m, r.Credit.Amount);
    }

    [Fact]
    public void DST_month_in_New_York_has_43260_minutes_and_a_90_minute_outage_gives_99_792_percent()
    {
        // LANGUAGE.md's scenario test: 43,170 of 43,260 minutes.
        var w = WindowCalendar.Month(NewYork, 2026, 11);
        var start = new LocalDateTime(2026, 11, 10, 9, 0).InZoneStrictly(NewYork).ToInstant();
        var r = Run(Availability(), w, w.End, [Outage("NY-1", start, start + Duration.FromMinutes(90))]);
        Assert.Equal(43_260m * 60, r.MeasuredSeconds);
        Assert.Equal(5400m, r.DowntimeSeconds);
        Assert.Equal(new ExactRatio(43_170m * 60 * NodaConstants.TicksPerSecond, 43_260m * 60 * NodaConstants.TicksPerSecond), r.Measured);
        Assert.Equal(99.792m, Math.Round(r.Measured!.Value.ToPercentForDisplay(), 3));
        Assert.Equal(1200.00m, r.Credit!.Amount);
    }

    [Fact]
    public void Value_exactly_at_the_threshold_meets_an_at_least_guarantee_and_no_tier_below_it_applies()
    {
        // 30-day month: 0.1% of 43,200 minutes = 43.2 minutes = 2,592 s of downtime -> exactly 99.9%.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var start = Instant.FromUtc(2026, 11, 3, 0, 0);
        var r = Run(Availability(), w, w.End, [Outage("B-1", start, start + Duration.FromSeconds(2592))]);
        Assert.Equal(0, r.Measured!.Value.ComparePercent(99.9m));
        Assert.Equal(Verdict.Met, r.Verdict);
        Assert.False(r.Credit!.HasCredit);
        Assert.Equal(0m, r.Budget!.RemainingSeconds);
        // One more second crosses the boundary: "below 99.9" now holds.
        var r2 = Run(Availability(), w, w.End, [Outage("B-1", start, start + Duration.FromSeconds(2593))]);
        Assert.Equal(Verdict.Breached, r2.Verdict);
        Assert.Equal(1200.00m, r2.Credit!.Amount);
    }

    [Fact]
    public void GitHub_gap_at_exactly_99_0_percent_matches_no_tier_and_the_trace_says_so()
    {
        // GitHub: 10% when uptime <= 99.9 and > 99.0; 25% when < 99.0. Q4 2026 in UTC = 92 days = 132,480 minutes;
        // 1% = 1,324.8 minutes = 79,488 s of downtime -> exactly 99.0%, which is in neither tier.
        var tiers = ImmutableArray.Create(
            new CreditTier("10%", ValueCondition.Between(new Bound(99.0m, false), new Bound(99.9m, true)), 10m),
            new CreditTier("25%", ValueCondition.Below(99.0m), 25m));
        var w = WindowCalendar.Quarter(DateTimeZone.Utc, 2026, 4);
        var start = Instant.FromUtc(2026, 11, 3, 0, 0);
        var r = Run(Availability(tiers), w, w.End, [Outage("G-1", start, start + Duration.FromSeconds(79_488))]);
        Assert.Equal(0, r.Measured!.Value.ComparePercent(99.0m));
        Assert.Equal(Verdict.Breached, r.Verdict);
        Assert.False(r.Credit!.HasCredit);
        Assert.Equal(0m, r.Credit.Amount);
        Assert.Equal(CreditCalculator.NoTierMatched, r.Credit.Trace.Note);
        Assert.Empty(r.Credit.Trace.Matched);
        Assert.All(r.Credit.Trace.Candidates, c => Assert.False(c.Holds));
        Assert.Contains(r.Warnings, x => x is BreachWithoutCredit);
    }

    [Fact]
    public void Overlapping_incidents_are_counted_once()
    {
        // 10:00-11:00 and 10:30-12:00 overlap: the union is 2 hours, not 2.5.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        var r = Run(Availability(), w, w.End, [
            Outage("O-1", t, t + Duration.FromHours(1)),
            Outage("O-2", t + Duration.FromMinutes(30), t + Duration.FromHours(2)),
        ]);
        Assert.Equal(7200m, r.DowntimeSeconds);
        Assert.Single(r.Trace.Periods);
        Assert.All(r.Trace.Incidents, i => Assert.Equal(IncidentOutcome.Counted, i.Outcome));
    }

    [Fact]
    public void Weighted_overlap_counts_the_heaviest_weight_at_each_instant()
    {
        // Degraded (50%) 10:00-12:00 with an outage 10:30-11:00 inside: 30 min at 100% + 90 min at 50% = 75 min.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        var r = Run(Availability(), w, w.End, [
            Outage("D-1", t, t + Duration.FromHours(2), Impact.Degraded),
            Outage("O-1", t + Duration.FromMinutes(30), t + Duration.FromMinutes(60)),
        ]);
        Assert.Equal(75m * 60, r.DowntimeSeconds);
        Assert.Equal(3, r.Trace.Periods.Count());
    }

    [Fact]
    public void Open_incident_runs_until_as_of_clipped_to_the_window()
    {
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var start = Instant.FromUtc(2026, 11, 20, 8, 0);
        var asOf = Instant.FromUtc(2026, 11, 20, 9, 30);
        var r = Run(Availability(), w, asOf, [Outage("OPEN-1", start, null)]);
        Assert.Equal(5400m, r.DowntimeSeconds);
        Assert.True(r.Trace.Incidents.Single().Open);
        Assert.Contains(r.Warnings, x => x is OpenIncidentCounted { IncidentId: "OPEN-1" });
        // As of a later date, past the window's end, it is clipped at the window's end.
        var late = Run(Availability(), w, Instant.FromUtc(2026, 12, 15, 0, 0), [Outage("OPEN-1", start, null)]);
        Assert.Equal((decimal)(w.End - start).BclCompatibleTicks / NodaConstants.TicksPerSecond, late.DowntimeSeconds);
    }

    [Fact]
    public void Incident_crossing_the_window_edge_counts_only_inside_the_window()
    {
        // 23:30 Oct 31 to 00:45 Nov 1 (New York): 45 minutes fall in November.
        var w = WindowCalendar.Month(NewYork, 2026, 11);
        var s = new LocalDateTime(2026, 10, 31, 23, 30).InZoneStrictly(NewYork).ToInstant();
        var r = Run(Availability(), w, w.End, [Outage("X-1", s, s + Duration.FromMinutes(75))]);
        Assert.Equal(45m * 60, r.DowntimeSeconds);
    }

    [Fact]
    public void Minimum_period_is_judged_on_merged_periods_before_exclusions()
    {
        // Two 40 s blips that touch form one 80 s period: kept by "ignore shorter than 1 minute".
        // A lone 50 s blip is dropped. Then a maintenance exclusion removes 30 s of the kept period:
        // the filter ran first, so the remaining 50 s still count (filter-after would have dropped them).
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        var maint = new TimeExclusion("4.2 maintenance", ExclusionKind.Maintenance,
            [t.ToUnixTimeTicks()], [(t + Duration.FromSeconds(30)).ToUnixTimeTicks()], null);
        var r = Run(Availability(minimum: Duration.FromMinutes(1)), w, w.End, [
            Outage("B-1", t, t + Duration.FromSeconds(40)),
            Outage("B-2", t + Duration.FromSeconds(40), t + Duration.FromSeconds(80)),
            Outage("B-3", t + Duration.FromHours(1), t + Duration.FromHours(1) + Duration.FromSeconds(50)),
        ], [maint]);
        Assert.Equal(50m, r.DowntimeSeconds);
        Assert.Equal(IncidentOutcome.BelowMinimumPeriod, r.Trace.Incidents.Single(i => i.Id == "B-3").Outcome);
        Assert.Contains(r.Trace.Periods, p => p.Dropped && p.Seconds == 50m);
        Assert.Equal(30m, r.Trace.Exclusions.Single().DowntimeRemovedSeconds);
    }

    [Fact]
    public void Maintenance_cap_is_consumed_chronologically_and_time_beyond_it_counts()
    {
        // Two 3-hour maintenance windows with a full outage each; cap 4 hours per month:
        // first window fully excluded (3 h), second only 1 h; 2 h of its outage count as downtime.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var m1 = Instant.FromUtc(2026, 11, 8, 2, 0);
        var m2 = Instant.FromUtc(2026, 11, 22, 2, 0);
        var maint = TimeExclusion.FromMaintenance("4.2 maintenance", [
            new Maintenance("MW-1", m1 - Duration.FromDays(5), m1, m1 + Duration.FromHours(3)),
            new Maintenance("MW-2", m2 - Duration.FromDays(5), m2, m2 + Duration.FromHours(3)),
            new Maintenance("MW-3", m2 - Duration.FromHours(1), m2 + Duration.FromHours(5), m2 + Duration.FromHours(6)), // short notice: not excluded
        ], "api", m => m.Notice >= Duration.FromHours(72), Duration.FromHours(4));
        var r = Run(Availability(accounting: ExcludedTimeAccounting.CountsAsAvailable), w, w.End, [
            Outage("M-1", m1, m1 + Duration.FromHours(3)),
            Outage("M-2", m2, m2 + Duration.FromHours(3)),
        ], [maint]);
        Assert.Equal(2m * 3600, r.DowntimeSeconds);
        var x = r.Trace.Exclusions.Single();
        Assert.Equal(6m * 3600, x.TimeInWindowSeconds);
        Assert.Equal(2m * 3600, x.BeyondCapSeconds);
        Assert.Equal(4m * 3600, x.DowntimeRemovedSeconds);
        Assert.Equal(["MW-1", "MW-2"], x.Evidence.ToArray());
        Assert.Equal(43_200m * 60, r.MeasuredSeconds); // counts as available: the total is unchanged
    }

    [Fact]
    public void Removed_from_measured_period_shrinks_the_denominator()
    {
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var m1 = Instant.FromUtc(2026, 11, 8, 2, 0);
        var maint = new TimeExclusion("4.2", ExclusionKind.Maintenance, [m1.ToUnixTimeTicks()], [(m1 + Duration.FromHours(2)).ToUnixTimeTicks()], null);
        var r = Run(Availability(accounting: ExcludedTimeAccounting.RemovedFromMeasuredPeriod), w, w.End,
            [Outage("M-1", m1 + Duration.FromHours(1), m1 + Duration.FromHours(3))], [maint]);
        Assert.Equal(3600m, r.DowntimeSeconds);
        Assert.Equal(43_200m * 60 - 7200m, r.MeasuredSeconds);
        Assert.Equal(DenominatorKind.WindowMinusExcluded, r.Trace.Denominator!.Kind);
    }

    [Fact]
    public void The_trace_marks_an_incident_wholly_in_excluded_time_as_excluded_by_time()
    {
        // M-1 lies inside the maintenance: its period is the incident's, not "evidence other than incidents" (request data).
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var m1 = Instant.FromUtc(2026, 11, 8, 2, 0);
        var maint = new TimeExclusion("4.2", ExclusionKind.Maintenance, [m1.ToUnixTimeTicks()], [(m1 + Duration.FromHours(2)).ToUnixTimeTicks()], null);
        var r = Run(Availability(), w, w.End, [Outage("M-1", m1 + Duration.FromMinutes(30), m1 + Duration.FromMinutes(50))], [maint]);
        // What the explanation (Reports.Wording.TraceExplanation) reads: M-1 is excluded by time and overlaps every period it shares.
        var m = Assert.Single(r.Trace.Incidents, i => i.Id == "M-1");
        Assert.Equal(IncidentOutcome.ExcludedByTime, m.Outcome);
        Assert.All(r.Trace.Periods, p => Assert.True(m.Start < p.End && p.Start < m.End));
    }

    [Fact]
    public void Customer_caused_incidents_never_qualify_and_are_listed_under_their_clause()
    {
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        var r = Run(Availability(), w, w.End, [Outage("C-1", t, t + Duration.FromHours(1), cause: "customer")]);
        Assert.Equal(0m, r.DowntimeSeconds);
        var x = r.Trace.Exclusions.Single();
        Assert.Equal("3.4 customer", x.Clause);
        Assert.Equal(3600m, x.ExcludedSeconds);
        Assert.Equal(IncidentOutcome.ExcludedByIncidentClause, r.Trace.Incidents.Single().Outcome);
    }

    [Fact]
    public void Deployed_time_denominator_counts_only_deployed_time()
    {
        // Deployed from Nov 16 00:00 UTC: 15 days = 21,600 minutes; an outage before deployment does not count.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var dep = new Deployment("vm-1", "api", Instant.FromUtc(2026, 11, 16, 0, 0), null);
        var r = Run(Availability(basis: MeasuredPeriodBasis.DeployedTime), w, w.End, [
            Outage("E-1", Instant.FromUtc(2026, 11, 10, 0, 0), Instant.FromUtc(2026, 11, 10, 1, 0)),
            Outage("E-2", Instant.FromUtc(2026, 11, 20, 0, 0), Instant.FromUtc(2026, 11, 20, 0, 30)),
        ], deployments: [dep]);
        Assert.Equal(21_600m * 60, r.MeasuredSeconds);
        Assert.Equal(1800m, r.DowntimeSeconds);
        Assert.Equal(DenominatorKind.DeployedTime, r.Trace.Denominator!.Kind);
        Assert.Equal(IncidentOutcome.OutsideMeasuredPeriod, r.Trace.Incidents.Single(i => i.Id == "E-1").Outcome);
    }

    [Fact]
    public void Traced_periods_under_deployed_time_hold_only_deployed_downtime()
    {
        // An outage from Nov 15 23:00 to Nov 17 01:00 on a resource deployed from Nov 16 00:00 to Nov 17 00:00: 24 h count.
        // The trace's periods (a statement's ledger adds them up) must be clipped to the deployed time like the downtime.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var dep = new Deployment("vm-1", "api", Instant.FromUtc(2026, 11, 16, 0, 0), Instant.FromUtc(2026, 11, 17, 0, 0));
        var r = Run(Availability(basis: MeasuredPeriodBasis.DeployedTime), w, w.End, [
            Outage("E-1", Instant.FromUtc(2026, 11, 15, 23, 0), Instant.FromUtc(2026, 11, 17, 1, 0)),
        ], deployments: [dep]);
        Assert.Equal(86_400m, r.DowntimeSeconds);
        var period = Assert.Single(r.Trace.Periods, p => !p.Dropped);
        Assert.Equal((Instant.FromUtc(2026, 11, 16, 0, 0), Instant.FromUtc(2026, 11, 17, 0, 0), 86_400m), (period.Start, period.End, period.Seconds));
    }

    [Fact]
    public void Budget_reports_used_remaining_burn_rate_projection_and_the_next_tier()
    {
        // As of Nov 11 00:00 UTC (10 of 30 days): 20 min used of a 43.2 min budget.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        var r = Run(Availability(), w, Instant.FromUtc(2026, 11, 11, 0, 0), [Outage("U-1", t, t + Duration.FromMinutes(20))]);
        var b = r.Budget!;
        Assert.Equal(2592m, b.BudgetSeconds);
        Assert.Equal(43.2m, b.BudgetMinutes);
        Assert.Equal(1200m, b.UsedSeconds);
        Assert.Equal(1392m, b.RemainingSeconds);
        Assert.Equal(10m * 86400, b.ElapsedSeconds);
        Assert.Equal(3600m, b.ProjectedDowntimeSeconds);             // 20 min x 3: linear projection
        Assert.Equal(Verdict.Breached, b.ProjectedVerdict);           // 60 min > 43.2 min budget
        Assert.Equal(1200m * 3 / 2592m, b.BurnRate);                  // (1200/2592) / (10/30)
        var next = b.NextTier!;
        Assert.Equal("10%", next.Label);
        Assert.Equal(1392m, next.Additional);          // "below 99.9": strictly more than the remaining budget
        Assert.True(next.Strictly);
        Assert.Equal(1200.00m, next.Amount);
    }

    [Fact]
    public void Warning_when_the_stated_share_of_the_budget_is_used()
    {
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        var below = Run(Availability(), w, w.End, [Outage("W-1", t, t + Duration.FromSeconds(1943))]); // 74.96%
        Assert.DoesNotContain(below.Warnings, x => x is DowntimeBudgetShareUsed or DowntimeBudgetExceeded);
        var at = Run(Availability(), w, w.End, [Outage("W-1", t, t + Duration.FromSeconds(1944))]);    // exactly 75%
        var reached = Assert.Single(at.Warnings.OfType<DowntimeBudgetShareUsed>());
        Assert.Equal(new DowntimeBudgetShareUsed(75, 1944, 2592), reached);
        // The budget threshold is the provider's signal: marked so, and not among the customer's warnings.
        Assert.Equal(WarningAudience.Provider, reached.Audience);
        Assert.DoesNotContain(at.CustomerWarnings, x => x is DowntimeBudgetShareUsed or DowntimeBudgetExceeded);
        var over = Run(Availability(), w, w.End, [Outage("W-1", t, t + Duration.FromSeconds(2593))]);  // budget 2592 s: exceeded
        Assert.Contains(over.Warnings, x => x is DowntimeBudgetExceeded { UsedSeconds: 2593, BudgetSeconds: 2592 });
        Assert.DoesNotContain(over.Warnings, x => x is DowntimeBudgetShareUsed);
    }

    [Fact]
    public void Downtime_from_evidence_intervals_goes_through_the_same_pipeline()
    {
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0).ToUnixTimeTicks();
        var m = NodaConstants.TicksPerMinute;
        var ev = new DowntimeEvidence(["run-1", "run-2"], [t, t + 5 * m], [t + 10 * m, t + 12 * m], [1m, 1m]);
        var r = new DowntimeEvaluator().Evaluate(Availability(), w, w.End, ev, [], null, Fee);
        Assert.Equal(12m * 60, r.DowntimeSeconds);
    }

    [Fact]
    public void A_weight_above_one_is_an_emitter_bug_not_a_silent_result()
    {
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var c = new DowntimeCommitment("x", null, ValueCondition.AtLeast(99m), _ => 2m, Duration.Zero, [], ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow);
        var t = Instant.FromUtc(2026, 11, 5, 10, 0);
        Assert.Throws<InvalidOperationException>(() => new DowntimeEvaluator().Evaluate(c, w, w.End, [Outage("W-1", t, t + Duration.FromHours(1))], []));
    }

    [Fact]
    public void An_empty_measured_period_is_not_measurable()
    {
        // Deployed-time basis with no deployment inside the window.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var r = Run(Availability(basis: MeasuredPeriodBasis.DeployedTime), w, w.End, [], deployments: [new Deployment("vm", "api", w.End, null)]);
        Assert.Equal(Verdict.NotMeasurable, r.Verdict);
        Assert.Null(r.Measured);
        Assert.Null(r.Credit);
        Assert.NotEmpty(r.Warnings);
    }

    [Fact]
    public void Scheduled_downtime_beyond_its_cap_counts_as_downtime_when_the_clause_says_so()
    {
        // Slack-style: scheduled downtime with notice, at most 2 hours per window; a 3-hour window with no incident
        // recorded: the third hour is downtime because the service was down for maintenance.
        var w = WindowCalendar.Month(DateTimeZone.Utc, 2026, 11);
        var m = Instant.FromUtc(2026, 11, 8, 2, 0);
        var scheduled = TimeExclusion.FromMaintenance("7.2 scheduled downtime", [new Maintenance("SD-1", m - Duration.FromDays(3), m, m + Duration.FromHours(3))],
            "api", x => x.Notice >= Duration.FromHours(48), Duration.FromHours(2), beyondCapCountsAsDowntime: true);
        var r = Run(Availability(), w, w.End, [], [scheduled]);
        Assert.Equal(3600m, r.DowntimeSeconds);
        Assert.Contains(r.Warnings, x => x is ExclusionBeyondCap { CountsAsDowntime: true, BeyondCapSeconds: 3600 });
        // Without the flag only recorded incidents count beyond the cap: none here.
        var plain = TimeExclusion.FromMaintenance("7.2", [new Maintenance("SD-1", m - Duration.FromDays(3), m, m + Duration.FromHours(3))],
            "api", x => x.Notice >= Duration.FromHours(48), Duration.FromHours(2));
        Assert.Equal(0m, Run(Availability(), w, w.End, [], [plain]).DowntimeSeconds);
    }
}
