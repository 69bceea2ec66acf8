using NodaTime;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>A period is named from the window's kind and dates (typed), not by parsing its label back.</summary>
public sealed class PeriodNameTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public void Calendar_windows_are_named_by_their_kind_and_dates()
    {
        Assert.Equal("November 2026", Words.PeriodName(WindowCalendar.Month(NewYork, 2026, 11)));
        Assert.Equal("January 2027", Words.PeriodName(WindowCalendar.Month(DateTimeZone.Utc, 2027, 1)));
        Assert.Equal("Q4 2026", Words.PeriodName(WindowCalendar.Quarter(NewYork, 2026, 4)));
        Assert.Equal("Q1 2026", Words.PeriodName(WindowCalendar.Quarter(DateTimeZone.Utc, 2026, 1)));
        Assert.Equal("2026", Words.PeriodName(WindowCalendar.Year(NewYork, 2026)));
    }

    [Fact]
    public void A_billing_cycle_or_rolling_window_keeps_its_label()
    {
        var cycle = WindowCalendar.BillingCycle(DateTimeZone.Utc, 15, new LocalDate(2026, 11, 20));
        Assert.Equal(cycle.Label, Words.PeriodName(cycle));
        var rolling = WindowCalendar.RollingDays(DateTimeZone.Utc, 30, new LocalDate(2026, 12, 1));
        Assert.Equal(rolling.Label, Words.PeriodName(rolling));
    }

    [Fact]
    public void An_evaluation_period_is_named_in_the_same_words()
    {
        Assert.Equal("November 2026", Words.PeriodName(new EvaluationPeriod(2026, month: 11)));
        Assert.Equal("Q4 2026", Words.PeriodName(new EvaluationPeriod(2026, quarter: 4)));
        Assert.Equal("2026", Words.PeriodName(new EvaluationPeriod(2026)));
    }
}
