using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// The shape of C# the compiler is expected to emit for LANGUAGE.md's sketch contract ("Acme Corp - Premium API"),
/// written by hand: constants and compiled predicates, one call per clause, no interpreter. The test runs it on
/// November 2026 and checks the numbers, so the API stays callable this way.
/// </summary>
public static class AcmePremiumApiContract
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly LocalDate EffectiveFrom = new(2026, 1, 1);
    public static readonly LocalDate EffectiveUntil = new(2027, 1, 1);
    public static readonly FeeTerms MonthlyFee = new(12000.00m, "USD", MoneyRoundingMode.HalfAwayFromZero);

    // clause 3.1
    public static readonly DowntimeCommitment Availability = new(
        commitment: "availability",
        clause: "3.1",
        target: ValueCondition.AtLeast(99.9m),
        weight: i => i.Service == "api" && i.Impact == Impact.Outage ? 1m
                   : i.Service == "api" && i.Impact == Impact.Degraded ? 0.5m
                   : 0m,
        minimumPeriod: Duration.FromMinutes(1),
        incidentExclusions: [new IncidentExclusion("3.1 exclude incidents caused by customer, force-majeure", i => i.Cause is "customer" or "force-majeure")],
        accounting: ExcludedTimeAccounting.CountsAsAvailable,
        basis: MeasuredPeriodBasis.CalendarWindow,
        credits: new TieredCredits(
        [
            new CreditTier("10% when below 99.9%", ValueCondition.Below(99.9m), 10m),
            new CreditTier("25% when below 99.0%", ValueCondition.Below(99.0m), 25m),
            new CreditTier("100% when below 95.0%", ValueCondition.Below(95.0m), 100m),
        ], Cumulative: false, new CreditLimits(CapPercentOfFee: 100m)),
        warnAtBudgetPercent: 75m);

    // clause 3.1: exclude maintenance announced at least 72 hours ahead, at most 4 hours per month
    public static TimeExclusion AvailabilityMaintenance(IEnumerable<Maintenance> maintenance) =>
        TimeExclusion.FromMaintenance("3.1 exclude maintenance announced at least 72 hours ahead", maintenance, "api",
            m => m.Notice >= Duration.FromHours(72), Duration.FromHours(4));

    // sla response: guarantee response to severity 1 incidents on api within 15 minutes, every incident
    public static readonly ClockRule ResponseClock = new(ClockStart.Started, ClockStop.Responded,
        WeeklyCalendar.Weekdays(Zone, new LocalTime(8, 0), new LocalTime(18, 0), [new LocalDate(2026, 11, 26)]));

    public static ImmutableArray<CommitmentResult> EvaluateMonth(int year, int month, Instant asOf,
        IReadOnlyList<Incident> incidents, IReadOnlyList<Maintenance> maintenance)
    {
        var window = WindowCalendar.Month(Zone, year, month).ClipTo(
            WindowCalendar.LocalMidnight(Zone, EffectiveFrom), WindowCalendar.LocalMidnight(Zone, EffectiveUntil))!;
        var availability = new DowntimeEvaluator().Evaluate(Availability, window, asOf, incidents,
            [AvailabilityMaintenance(maintenance)], null, MonthlyFee);
        var response = IncidentClocks.Evaluate(incidents, i => i.Service == "api" && i.Severity == 1, ResponseClock,
            Duration.FromMinutes(15), window, asOf);
        var responseResult = MeasureResults.ForEveryIncident("response", "4.1", window, asOf, response, Duration.FromMinutes(15),
            percentPerBreach: 5m, new CreditLimits(CapPercentOfFee: 20m), MonthlyFee);
        return [availability, responseResult];
    }
}

public sealed class EmittedContractShapeTests
{
    private static Instant L(int d, int h, int m) => new LocalDateTime(2026, 11, d, h, m).InZoneStrictly(AcmePremiumApiContract.Zone).ToInstant();

    [Fact]
    public void The_sketch_contract_evaluates_November_clause_by_clause()
    {
        var incidents = new[]
        {
            // The scenario test of LANGUAGE.md: one 90-minute outage, responded after 20 business minutes.
            new Incident("INC-1", "api", 1, Impact.Outage, L(10, 9, 0), L(10, 10, 30), responded: L(10, 9, 20)),
            // Responded at 08:10 Monday after a Friday 17:55 start: 5 + 10 = 15 business minutes: met.
            new Incident("INC-2", "api", 1, Impact.Degraded, L(13, 17, 55), L(13, 17, 56), responded: L(16, 8, 10)),
        };
        var results = AcmePremiumApiContract.EvaluateMonth(2026, 11, L(30, 23, 0), incidents, []);
        var availability = results[0];
        Assert.Equal(5400m + 30m, availability.DowntimeSeconds);     // the 1-minute degraded blip counts 50% (not shorter than 1 minute)
        Assert.Equal(43_260m * 60, availability.MeasuredSeconds);
        Assert.Equal(1200.00m, availability.Credit!.Amount);
        var response = results[1];
        Assert.Equal(Verdict.Breached, response.Verdict);
        Assert.Equal(1m, response.Measured!.Value.Numerator);      // one breach (INC-1)
        Assert.Equal(600.00m, response.Credit!.Amount);            // 5% of 12,000
        var deadline = ClaimDeadlines.DaysAfterWindowEnd(WindowCalendar.Month(AcmePremiumApiContract.Zone, 2026, 11), 30);
        Assert.Equal(new LocalDate(2026, 12, 30), deadline.LastDay);
        var year = ContractYearCap.Apply(results.Select((r, k) => new ContractYearCap.Entry(r.Commitment, k,
            WindowCalendar.Month(AcmePremiumApiContract.Zone, 2026, 11), r.Credit!.ExactAmount)), 1500m, "USD", MoneyRoundingMode.HalfAwayFromZero);
        Assert.Equal([1200.00m, 300.00m], year.Select(g => g.Amount));
    }
}
