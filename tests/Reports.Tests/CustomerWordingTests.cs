using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>Customer wording on the statement: the measured period in minutes and words, the daylight-saving paragraph only when the offset changes.</summary>
public class CustomerWordingTests
{
    public static TheoryData<string, DenominatorTrace, string> Denominators => new()
    {
        // A whole month, excluded time available (the default): the whole month's minutes.
        { "calendar window", new DenominatorTrace(DenominatorKind.CalendarWindow, 2595600, null, 0, 2595600, "internal"),
            "The measured period is the whole of November 2026, 43,260 min. Excluded time counts as time the service was available." },
        // Excluded time removed from the measured period: the subtraction in minutes.
        { "window minus excluded", new DenominatorTrace(DenominatorKind.WindowMinusExcluded, 2595600, null, 7230, 2588370, "internal"),
            "The measured period is the whole of November 2026, 43,260 min less excluded time, 120 min 30 s: 43,139 min 30 s." },
        // Removed, but nothing was excluded this month.
        { "window minus nothing", new DenominatorTrace(DenominatorKind.WindowMinusExcluded, 2595600, null, 0, 2595600, "internal"),
            "The measured period is the whole of November 2026, 43,260 min, with no excluded time to remove: 43,260 min." },
        // Deployed time only (VMs first deployed mid-month).
        { "deployed time", new DenominatorTrace(DenominatorKind.DeployedTime, 2595600, 2404800, 0, 2404800, "internal"),
            "The measured period is the time the service was deployed in November 2026, 40,080 min. Excluded time counts as time the service was available." },
        { "deployed minus excluded", new DenominatorTrace(DenominatorKind.DeployedTimeMinusExcluded, 2595600, 2404800, 3600, 2401200, "internal"),
            "The measured period is the time the service was deployed in November 2026, 40,080 min less excluded time, 60 min: 40,020 min." },
    };

    [Theory]
    [MemberData(nameof(Denominators))]
    public void Measured_period_is_in_minutes_and_words(string _, DenominatorTrace trace, string expected)
    {
        var sentence = MeasuredPeriodWording.Sentence(trace, "November 2026");
        Assert.Equal(expected, sentence);
        Assert.DoesNotContain("internal", sentence, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, int, bool> OffsetMonths => new()
    {
        { "America/New_York", 2026, 11, true },   // DST ends 2026-11-01
        { "America/New_York", 2026, 3, true },    // DST starts 2026-03-08
        { "America/New_York", 2026, 12, false },  // no change
        { "UTC", 2026, 11, false },               // never changes
        { "Europe/Berlin", 2026, 10, true },      // 2026-10-25
        { "Asia/Kolkata", 2026, 3, false },       // no daylight saving
    };

    [Theory]
    [MemberData(nameof(OffsetMonths))]
    public void Offset_change_is_found_only_in_months_that_have_one(string zone, int year, int month, bool expected)
    {
        var period = StatementMapping.Period(new EvaluationPeriod(year, month, null), DateTimeZoneProviders.Tzdb[zone]);
        Assert.Equal(expected, period.OffsetChanges);
    }

    [Fact]
    public void Daylight_saving_paragraph_only_when_the_zone_changes_offset()
    {
        var s = SampleDocuments.Statement();
        Assert.True(s.Period.OffsetChanges);
        var with = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(s, TestSupport.Templates).Pdf!));
        Assert.Contains("The zone changes its UTC offset during this period (daylight saving)", with, StringComparison.Ordinal);
        var utc = new StatementDocument(s.Provider, s.Customer, s.Contract,
            new StatementPeriod(s.Period.Label, "UTC", s.Period.StartLocal, s.Period.EndLocal, 43200), s.Commitments, s.Ledgers, s.Credits, s.Footer, s.AsOf);
        var without = string.Join(" ", TestSupport.PageTexts(StatementRenderer.Render(utc, TestSupport.Templates).Pdf!));
        Assert.DoesNotContain("daylight", without, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fall-back", without, StringComparison.Ordinal);
    }

    /// <summary>(SLA window, its parameter, the statement's period, the sentence): which statement reports an SLA measured per another window.</summary>
    public static TheoryData<SlaKpiDsl.Runtime.Time.WindowKind, int?, EvaluationPeriod, string> CoveringStatementRows => new()
    {
        // The case: a quarterly SLA in November's statement is reported by the Q4 statement, with its months.
        { SlaKpiDsl.Runtime.Time.WindowKind.CalendarQuarter, null, new EvaluationPeriod(2026, month: 11),
            "measured per calendar quarter; the statement for 2026-Q4 (October to December 2026) will report it" },
        // The covering quarter is the one containing the month asked for, not a fixed example: March is in Q1.
        { SlaKpiDsl.Runtime.Time.WindowKind.CalendarQuarter, null, new EvaluationPeriod(2027, month: 3),
            "measured per calendar quarter; the statement for 2027-Q1 (January to March 2027) will report it" },
        // A quarterly SLA in a yearly statement: the four quarterly statements.
        { SlaKpiDsl.Runtime.Time.WindowKind.CalendarQuarter, null, new EvaluationPeriod(2026),
            "measured per calendar quarter; the statements for 2026-Q1, 2026-Q2, 2026-Q3 and 2026-Q4 report it" },
        // A yearly SLA in a monthly or quarterly statement.
        { SlaKpiDsl.Runtime.Time.WindowKind.CalendarYear, null, new EvaluationPeriod(2026, month: 11),
            "measured per calendar year; the statement for 2026 (January to December 2026) will report it" },
        { SlaKpiDsl.Runtime.Time.WindowKind.CalendarYear, null, new EvaluationPeriod(2026, quarter: 2),
            "measured per calendar year; the statement for 2026 (January to December 2026) will report it" },
        // A monthly SLA in a quarterly statement: the quarter's three monthly statements, by name.
        { SlaKpiDsl.Runtime.Time.WindowKind.CalendarMonth, null, new EvaluationPeriod(2026, quarter: 4),
            "measured per calendar month; the monthly statements for October, November and December 2026 report it" },
        // A billing cycle starting on the 15th, asked for a quarter.
        { SlaKpiDsl.Runtime.Time.WindowKind.BillingCycle, 15, new EvaluationPeriod(2026, quarter: 1),
            "measured per billing cycle starting on day 15 of each month; the monthly statements for January, February and March 2026 report it, each for the cycle starting in its month" },
        // Rolling 30 days, asked for a quarter.
        { SlaKpiDsl.Runtime.Time.WindowKind.RollingDays, 30, new EvaluationPeriod(2026, quarter: 4),
            "measured over the 30 days ending at each month's end; the monthly statements for October, November and December 2026 report it" },
    };

    [Theory]
    [MemberData(nameof(CoveringStatementRows))]
    public void An_sla_of_another_window_says_which_statement_reports_it(SlaKpiDsl.Runtime.Time.WindowKind kind, int? parameter, EvaluationPeriod period, string expected) =>
        Assert.Equal(expected, Words.CoveringStatements(kind, parameter, period));
}
