using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Reports.Wording;

public static partial class Words
{
    /// <summary>
    /// For the customer: which statement reports an SLA that is measured per another window than the statement's
    /// period (a quarterly SLA in a monthly statement), in plain words and with the covering period's dates, e.g.
    /// "measured per calendar quarter; the statement for 2026-Q4 (October to December 2026) will report it". The
    /// covering period is computed from <paramref name="requested"/> (the quarter or year that contains it, or the
    /// months it contains), never a fixed example. No trailing full stop.
    /// </summary>
    public static string CoveringStatements(WindowKind kind, int? parameter, EvaluationPeriod requested)
    {
        var year = requested.Year;
        var months = MonthsOf(requested);
        var quarter = (months[0] - 1) / 3 + 1;
        return kind switch
        {
            WindowKind.CalendarYear =>
                $"measured per calendar year; the statement for {year:D4} (January to December {year:D4}) will report it",
            WindowKind.CalendarQuarter when requested.Month is not null =>
                $"measured per calendar quarter; the statement for {year:D4}-Q{quarter} ({MonthName(QuarterStart(quarter))} to {MonthName(QuarterStart(quarter) + 2)} {year:D4}) will report it",
            WindowKind.CalendarQuarter =>
                $"measured per calendar quarter; the statements for {year:D4}-Q1, {year:D4}-Q2, {year:D4}-Q3 and {year:D4}-Q4 report it",
            WindowKind.CalendarMonth =>
                $"measured per calendar month; the monthly statements for {MonthList(months)} {year:D4} report it",
            WindowKind.BillingCycle =>
                $"measured per billing cycle starting on day {parameter ?? 1} of each month; the monthly statements for {MonthList(months)} {year:D4} report it, each for the cycle starting in its month",
            WindowKind.RollingDays =>
                $"measured over the {Count(parameter ?? 1, "day")} ending at each month's end; the monthly statements for {MonthList(months)} {year:D4} report it",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A window kind without wording."),
        };
    }

    private static int QuarterStart(int quarter) => (quarter - 1) * 3 + 1;

    private static string MonthName(int month) => Invariant.DateTimeFormat.GetMonthName(month);

    /// <summary>The months a requested period covers, in order.</summary>
    private static int[] MonthsOf(EvaluationPeriod period) =>
        period.Month is { } m ? [m] : period.Quarter is { } q ? [QuarterStart(q), QuarterStart(q) + 1, QuarterStart(q) + 2] : [.. Enumerable.Range(1, 12)];

    /// <summary>"October", "October and November", "October, November and December".</summary>
    private static string MonthList(int[] months)
    {
        var names = months.Select(MonthName).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
    }
}
