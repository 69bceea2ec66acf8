using System.Reflection;
using System.Text.Json.Serialization;
using NodaTime;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// Runtime's warnings are typed (EvaluationWarning); Words is the one place that words them. Every kind has a row here,
/// so a kind added without wording (or without its JSON discriminator) fails this test, not a customer's statement.
/// </summary>
public sealed class WarningWordingTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 10, 14, 0);

    /// <summary>One warning of each kind, with its words for the provider's engineers (exact seconds) and for a customer (minutes).</summary>
    public static readonly (EvaluationWarning Warning, string Exact, string Customer)[] Rows =
    [
        // A cap reached: exact seconds for engineers, the ledger's minutes for a customer.
        (new ExclusionBeyondCap("3.4 maintenance", 3600, 14400, false),
            "exclusion 3.4 maintenance: 3600 s beyond its cap of 14400 s are not excluded",
            "exclusion 3.4 maintenance: 60 min over its 240 min cap is not excluded"),
        (new ExclusionBeyondCap("3.4 maintenance", 57630, 14400, true),
            "exclusion 3.4 maintenance: 57630 s beyond its cap of 14400 s are not excluded and count as downtime",
            "exclusion 3.4 maintenance: 960 min 30 s over its 240 min cap is not excluded and counts as downtime"),
        (new MeasuredPeriodEmpty(), "the measured period is empty: no value, no credit", "the measured period is empty: no value, no credit"),
        (new BreachWithoutCredit(NoCreditReason.GapBetweenTiers, 97.5m),
            "breached but no tier matched: the value 97.5% falls in a gap between credit tiers",
            "breached but no tier matched: the value 97.5% falls in a gap between credit tiers"),
        (new DowntimeBudgetExceeded(3600, 2592, null), "the downtime budget is exceeded (3600 s used of 2592 s)", "the downtime budget is exceeded (60 min used of 43 min 12 s)"),
        (new DowntimeBudgetShareUsed(75, 1944, 2592), "75% of the downtime budget is used (1944 of 2592 s)", "75% of the downtime budget is used (32 min 24 s of 43 min 12 s)"),
        (new NothingToMeasure("availability", "2026-11", true), "availability: nothing to measure in 2026-11; no verdict, no credit", "availability: nothing to measure in 2026-11; no verdict, no credit"),
        (new ClockStillRunning("R-4", Duration.FromMinutes(90), RunningClockUse.Listed),
            "incident R-4: clock still running at as-of (0:01:30:00 so far)", "incident R-4: clock still running at as-of (90 min so far)"),
        (new ClockStartFellBack("R-5"), "incident R-5: no detection time; the clock starts when it started", "incident R-5: no detection time; the clock starts when it started"),
        (new OpenIncidentCounted("OPEN-1", At), "incident OPEN-1 is open: counted until as-of 2026-11-10T14:00:00Z", "incident OPEN-1 is open: counted until as-of 2026-11-10T14:00:00Z"),
        (new IncidentExcludedForService("I-1", "db", "3.5"), "incident I-1 on db is excluded (3.5): its service does not count as down for it", "incident I-1 on db is excluded (3.5): its service does not count as down for it"),
        (new ServiceWarning("api", new ExclusionBeyondCap("3.4", 120, 60, false)),
            "api: exclusion 3.4: 120 s beyond its cap of 60 s are not excluded", "api: exclusion 3.4: 2 min over its 1 min cap is not excluded"),
        (new GuaranteeWarning("3.1", "availability", new MeasuredPeriodEmpty()),
            "clause 3.1 availability: the measured period is empty: no value, no credit", "clause 3.1 availability: the measured period is empty: no value, no credit"),
        (new GuaranteesUnmeasured(2), "2 guarantee(s) had nothing to measure and none was breached: no verdict, no credit", "2 guarantee(s) had nothing to measure and none was breached: no verdict, no credit"),
        (new MeasuredBySla("gold"), "measured by sla gold (its rules, exclusions, window and data)", "measured by sla gold (its rules, exclusions, window and data)"),
        (new SlicesInExcludedTime(3), "3 slice(s) wholly inside excluded time were not counted", "3 slice(s) wholly inside excluded time were not counted"),
        (new SlicesWithoutHistogram(1), "1 slice(s) with requests but no histogram are not in the merged histogram", "1 slice(s) with requests but no histogram are not in the merged histogram"),
        (new HistogramBoundsDiffer("api", At),
            "the histogram of 'api' at 2026-11-10T14:00:00Z has other bucket bounds than the window's earlier slices: merging them would be a guess, so there is no value",
            "the histogram of 'api' at 2026-11-10T14:00:00Z has other bucket bounds than the window's earlier slices: merging them would be a guess, so there is no value"),
        (new PercentileBucket(34_512_613, 69_025_226, 250, null), "rank 34512613 of 69025226 requests falls in bucket 250-inf ms; the bucket's upper bound is reported", "rank 34,512,613 of 69,025,226 requests falls in bucket 250-inf ms; the bucket's upper bound is reported"),
        (new PercentileAboveLastBound(99, 500), "p99 is above the last bucket bound (500 ms): the exact value is unknown", "p99 is above the last bucket bound (500 ms): the exact value is unknown"),
        (new SlicesMeetingLatency(95, 100, 99, 300), "95 of 100 slices have p99 <= 300 ms", "95 of 100 slices have p99 <= 300 ms"),
        (new EmptySlicesMeet(4), "4 slice(s) without requests count as meeting the latency threshold", "4 slice(s) without requests count as meeting the latency threshold"),
        (new SlicesWithoutLatency(2), "2 slice(s) with requests but no latency data count as not meeting it", "2 slice(s) with requests but no latency data count as not meeting it"),
        (new SlicesOfOtherLength(1, Duration.FromMinutes(5)), "1 slice(s) are not 300 seconds long", "1 slice(s) are not 300 seconds long"),
        (new IncidentShareCounts(5, 1, 2), "5 met, 1 breached, 2 pending", "5 met, 1 breached, 2 pending"),
        (new StoppedClocks(7), "7 stopped clock(s) in the statistic", "7 stopped clock(s) in the statistic"),
        (new IncidentCountChange(3, "2026-11", 5, "2026-10"), "3 incident(s) in 2026-11, 5 in 2026-10", "3 incident(s) in 2026-11, 5 in 2026-10"),
        (new MeasuredValueRounded(2, MoneyRoundingMode.HalfEven, 99.90m, 2589000, 2592000),
            "measured value rounded to 2 places (half-even) before comparison: 99.90% (exact 2589000/2592000)",
            "measured value rounded to 2 places (half-even) before comparison: 99.90% (exact 2589000/2592000)"),
        (new BudgetWarningNotEvaluated(),
            "'warn when ... of downtime budget is used' is not evaluated: an availability averaged from error rates has no downtime budget",
            "'warn when ... of downtime budget is used' is not evaluated: an availability averaged from error rates has no downtime budget"),
        (new NoRequestData("vm", "2026-11"), "no request data for vm in 2026-11: the value rests on no requests at all", "no request data for vm in 2026-11: the value rests on no requests at all"),
        (new DownRunOpen(At, At + Duration.FromMinutes(5), 5, 10, false),
            "down run from 2026-11-10T14:00:00Z is still open at as-of 2026-11-10T14:05:00Z: 5 of the 10 consecutive down intervals needed are known, not counted yet",
            "down run from 2026-11-10T14:00:00Z is still open at as-of 2026-11-10T14:05:00Z: 5 of the 10 consecutive down intervals needed are known, not counted yet"),
        (new PostmortemsCompleted(3, 4), "3 of 4 incident(s) have a completed postmortem (unknown = not completed)", "3 of 4 incident(s) have a completed postmortem (unknown = not completed)"),
        (new AlertsAcknowledged(2, 3), "2 of 3 alert(s) acknowledged in time; an alert not acknowledged by as-of is not in time", "2 of 3 alert(s) acknowledged in time; an alert not acknowledged by as-of is not in time"),
        (new LedgerLineInOtherCurrency("CN-EUR", 50.00m, "EUR", "USD"),
            "credits ledger line CN-EUR (50.00 EUR) is not in the fee's currency (USD): it is not counted against the cap",
            "credits ledger line CN-EUR (50.00 EUR) is not in the fee's currency (USD): it is not counted against the cap"),
        (new AveragedIntervals(8640, Duration.FromMinutes(5), 12, 0m), "8640 intervals of 5 minutes, 12 without requests (counted as 0% errors)", "8,640 intervals of 5 minutes, 12 without requests (counted as 0% errors)"),
    ];

    public static TheoryData<int> RowIndexes() => [.. Enumerable.Range(0, Rows.Length)];

    [Theory]
    [MemberData(nameof(RowIndexes))]
    public void Each_warning_kind_is_worded_for_engineers_and_for_customers(int row)
    {
        var (warning, exact, customer) = Rows[row];
        Assert.Equal(exact, Words.Warning(warning));
        Assert.Equal(customer, Words.Warning(warning, WarningStyle.Customer));
    }

    [Fact]
    public void Every_warning_kind_has_a_row_and_a_json_discriminator()
    {
        var kinds = typeof(EvaluationWarning).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(EvaluationWarning)) && !t.IsAbstract).ToHashSet();
        var registered = typeof(EvaluationWarning).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        Assert.Equal(kinds.OrderBy(t => t.Name).Select(t => t.Name), registered.OrderBy(t => t.Name).Select(t => t.Name));
        var covered = Rows.Select(r => r.Warning.GetType()).ToHashSet();
        Assert.Empty(kinds.Except(covered).Select(t => t.Name));
    }

    [Fact]
    public void Budget_signals_are_the_providers_and_wrapping_keeps_the_audience()
    {
        Assert.Equal(WarningAudience.Provider, new DowntimeBudgetExceeded(1, 2, null).Audience);
        Assert.Equal(WarningAudience.Provider, new GuaranteeWarning(null, "availability", new DowntimeBudgetShareUsed(50, 1, 2)).Audience);
        Assert.Equal(WarningAudience.Customer, new ServiceWarning("api", new MeasuredPeriodEmpty()).Audience);
    }
}
