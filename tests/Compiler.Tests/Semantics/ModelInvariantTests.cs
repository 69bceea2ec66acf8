using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Compiler.Tests.Semantics;

/// <summary>Model records enforce their documented invariants in the constructor (the binder reports before building).</summary>
public class ModelInvariantTests
{
    [Fact]
    public void ValuesRejectWhatTheLanguageForbids()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Percent(100.01m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Percent(-0.01m));
        Assert.Throws<ArgumentException>(() => new Money(1m, "XYZ"));
        Assert.Equal(0, Currencies.MinorUnits("JPY"));
        Assert.Equal(3, Currencies.MinorUnits("KWD"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Window(WindowKind.BillingCycle, 29));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Window(WindowKind.RollingDays, 0));
        Assert.Throws<ArgumentException>(() => new Window(WindowKind.CalendarMonth, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeeklyHours([IsoDayOfWeek.Monday], 600, 600));
    }

    [Fact]
    public void StructuresRejectInconsistentParts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DaysOfService(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeMultipleForDownPeriod(0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentSelection(3, 1, [], []));
        Assert.Throws<ArgumentException>(() => new ClockRuleClause(ClockKind.Response, ClockEvent.Resolved, ClockEvent.Detected, null, null, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyMeasure(100, []));
        Assert.Throws<ArgumentException>(() => new TestPeriod(2026, 11, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestPeriod(2026, 13, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SliceShare(new Percent(99m), Duration.Zero));
        var at = new OffsetDateTime(new LocalDateTime(2026, 11, 1, 0, 0), Offset.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestsEvidence("api", at, at, 10, 11, ImmutableArray<LatencyValue>.Empty, default));
        Assert.Throws<ArgumentException>(() => new BoundContract("c", null, null, new LocalDate(2026, 2, 1), new LocalDate(2026, 1, 1), DateTimeZone.Utc, true,
            null, RoundingMode.HalfEven, false, [], [], [], [], [], default));
    }

    [Fact]
    public void ValidRecordsKeepTheirValues()
    {
        Assert.Equal(2, new IncidentSelection(1, 2, [], []).SeverityHigh);
        Assert.Equal(4, new TestPeriod(2026, null, 4).Quarter);
        Assert.Equal(ClockEvent.Resolved, ClockRuleClause.Default(ClockKind.Resolution).Stop);
        Assert.Equal(ClockEvent.Responded, ClockRuleClause.Default(ClockKind.Response).Stop);
    }
}
