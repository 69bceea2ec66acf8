using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Runtime.Time;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Wording;

/// <summary>
/// The one place values become English: durations, numbers, percentages, money, dates, times and periods, for the
/// statement, the KPI report, <c>sla explain</c> and <c>sla evaluate</c> alike (invariant culture). Every rule is exact:
/// a duration keeps every digit of its seconds, a number every significant digit, money its currency's minor unit (or
/// all its digits when it has more), and a time of day is shown to the precision it has (minutes, then seconds, then
/// fractions), so a time beside a duration never hides the seconds the duration counts.
/// </summary>
public static partial class Words
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly OffsetPattern UtcOffsetPattern = OffsetPattern.CreateWithInvariantCulture("+HH:mm");

    /// <summary>Exact elapsed time: "90 min", "90 min 30 s", "40 s", "1 min 0.5 s", "43,260 min", "0 min"; negative with a leading "-".</summary>
    public static string Duration(decimal seconds)
    {
        if (seconds == 0) return "0 min";
        var sign = seconds < 0 ? "-" : "";
        seconds = Math.Abs(seconds);
        var minutes = decimal.Floor(seconds / 60m);
        var rest = seconds - minutes * 60m;
        if (minutes == 0) return $"{sign}{Number(rest)} s";
        return rest == 0 ? $"{sign}{Number(minutes)} min" : $"{sign}{Number(minutes)} min {Number(rest)} s";
    }

    /// <summary>A NodaTime duration in the same words as <see cref="Duration(decimal)"/> (exact to the tick).</summary>
    public static string Duration(NodaTime.Duration duration) => Duration(duration.BclCompatibleTicks / (decimal)NodaConstants.TicksPerSecond);

    /// <summary>An exact decimal with thousands grouped and every significant digit kept (no trailing zeros): 43260 -> "43,260", 45.50 -> "45.5".</summary>
    public static string Number(decimal value) => value.ToString("#,0.############################", Invariant);

    /// <summary>An exact decimal without grouping, every significant digit kept: 0.50 -> "0.5".</summary>
    public static string Plain(decimal value) => value.ToString("0.############################", Invariant);

    /// <summary>A percent with every significant digit: 30 -> "30%", 33.5 -> "33.5%".</summary>
    public static string Percent(decimal percent) => Plain(percent) + "%";

    /// <summary>
    /// A value rounded half away from zero to at most <paramref name="places"/> decimals for display, trailing zeros
    /// dropped: the one rule a measured value, a margin or a granted percent is shown by when it is not exact.
    /// </summary>
    public static string Rounded(decimal value, int places) => Math.Round(value, places, MidpointRounding.AwayFromZero).ToString("0." + new string('#', places), Invariant);

    /// <summary>
    /// How many decimals a measured value is shown with: 4, or more (at least 6, at most 12) when 4 would show it equal
    /// to a bound of its target that it is not equal to (99.89996% must not print as 99.9000% beside BREACHED).
    /// </summary>
    public static int Places(ExactRatio value, ValueCondition? target)
    {
        var places = 4;
        if (target is null) return places;
        var percent = target.Unit == ValueUnit.Percent;
        var exact = percent ? value.ToPercentForDisplay() : value.ToDecimalForDisplay();
        foreach (var bound in new[] { target.Lower, target.Upper })
        {
            if (bound is not { } b) continue;
            var c = percent ? value.ComparePercent(b.Value) : value.CompareValue(b.Value);
            while (places < 12 && c != 0 && Math.Round(exact, places, MidpointRounding.AwayFromZero) == b.Value) places++;
        }
        return places > 4 ? Math.Max(places, 6) : places;
    }

    /// <summary>A measured value for display: "99.5724%", "5,000" (<see cref="Places"/> decimals, trailing zeros dropped, thousands grouped); a percent when its unit is percent.</summary>
    /// <remarks><paramref name="grouped"/> false leaves out the thousands separators (JSON display strings).</remarks>
    public static string Measured(ExactRatio value, ValueUnit unit, ValueCondition? target, bool grouped = true)
    {
        var exact = unit == ValueUnit.Percent ? value.ToPercentForDisplay() : value.ToDecimalForDisplay();
        return Shown(exact, Places(value, target), grouped) + (unit == ValueUnit.Percent ? "%" : "");
    }

    private static string Shown(decimal value, int places, bool grouped) =>
        Math.Round(value, places, MidpointRounding.AwayFromZero).ToString((grouped ? "#,0." : "0.") + new string('#', places), Invariant);

    /// <summary>
    /// The signed margin to a single-bound target at the value's own places ("+0.0224", "-0.3276", "0" exactly at the
    /// bound); null for a two-bound target or none. Positive means on the meeting side.
    /// </summary>
    public static string? Margin(ExactRatio value, ValueCondition? target, bool grouped = true)
    {
        if (TargetMargin.Of(value, target) is not { } margin) return null;
        var distance = Math.Abs(margin.ForDisplay);
        var sign = margin.Points.Numerator > 0 ? "+" : margin.Points.Numerator < 0 ? "-" : "";
        return sign + Shown(distance, Places(value, target), grouped);
    }

    /// <summary>A condition on a measured value, its bounds as the contract wrote them (99.0 stays "99.0"): "&gt;= 99.9%", "&gt; 99.0% and &lt;= 99.9%", "&lt;= 30".</summary>
    public static string Condition(ValueCondition condition)
    {
        var suffix = condition.Unit == ValueUnit.Percent ? "%" : "";
        var parts = new List<string>(2);
        if (condition.Lower is { } l) parts.Add($"{(l.Inclusive ? ">=" : ">")} {AsWritten(l.Value)}{suffix}");
        if (condition.Upper is { } u) parts.Add($"{(u.Inclusive ? "<=" : "<")} {AsWritten(u.Value)}{suffix}");
        return string.Join(" and ", parts);
    }

    /// <summary>A contract constant with the decimals it was written with (its own scale): 99.0 -> "99.0".</summary>
    public static string AsWritten(decimal value) => value.ToString(Invariant);

    /// <summary>A credit band as a reader reads it: a lower bound of "&gt;= 0%" adds nothing and is left out ("&lt; 99.9%").</summary>
    public static string Band(ValueCondition condition) =>
        condition is { Lower: { Value: 0m, Inclusive: true }, Upper: { } } ? Condition(new ValueCondition(null, condition.Upper, condition.Unit)) : Condition(condition);

    /// <summary>A measurement's target for readers: its bound, "every incident within 15 min", "every guarantee met (2)"; a trace without a typed target shows its text as given.</summary>
    public static string Target(MeasurementTrace measurement) => measurement.Condition switch
    {
        TargetCondition.Bounded b => Condition(b.Condition),
        TargetCondition.EveryIncidentWithin e => $"every incident within {Duration(e.Limit)}",
        TargetCondition.EveryGuaranteeMet g => $"every guarantee met ({g.Guarantees})",
        _ => measurement.Target,
    };

    /// <summary>A money rounding mode as the contract words it: "half-even", "half-away-from-zero", "toward-zero", ...</summary>
    public static string Rounding(MoneyRoundingMode mode) => mode switch
    {
        MoneyRoundingMode.HalfEven => "half-even",
        MoneyRoundingMode.HalfTowardZero => "half-toward-zero",
        MoneyRoundingMode.TowardZero => "toward-zero",
        MoneyRoundingMode.AwayFromZero => "away-from-zero",
        _ => "half-away-from-zero",
    };

    /// <summary>An SLA's name, with the part of the window it judges when an amendment split the window: "availability (15 Nov 2026 to 30 Nov 2026, as amended on 2026-11-15)".</summary>
    public static string Commitment(Runtime.Evaluation.CommitmentOutcome outcome) =>
        outcome.Part is { } part && outcome.Result?.Trace is { CalendarWindow: { } window } trace
            ? $"{outcome.Commitment} ({Part(part, trace.WindowStart.InZone(window.Zone).Date, trace.WindowEnd.InZone(window.Zone).Date)})"
            : outcome.Commitment;

    /// <summary>A part of a window split by an amendment: "1-14 Nov 2026, order form terms" / "15-30 Nov 2026, as amended on 2026-11-15".</summary>
    public static string Part(Runtime.Evaluation.ContractVersion version, NodaTime.LocalDate from, NodaTime.LocalDate until)
    {
        var last = until.PlusDays(-1);
        var days = from == last ? $"{from:d MMM yyyy}" : $"{from:d MMM yyyy} to {last:d MMM yyyy}";
        return version.Number == 0 ? $"{days}, {(version.FromTemplate ? "order form" : "contract")} terms" : $"{days}, as amended on {version.Effective:yyyy-MM-dd}";
    }

    /// <summary>
    /// The versions of an amended contract as a statement names them: "order form of 2026-01-01 as amended on 2026-11-15
    /// (straddling windows split by days)"; several amendments joined with "and on".
    /// </summary>
    public static string Terms(IReadOnlyList<Runtime.Evaluation.ContractVersion> versions)
    {
        var first = versions[0];
        var signed = (first.FromTemplate ? "order form" : "contract") + (first.Effective is { } start ? $" of {start:yyyy-MM-dd}" : "");
        var amended = versions.Skip(1).Select(v => $"{v.Effective:yyyy-MM-dd} ({(v.Rule == Runtime.Evaluation.StraddlingRule.SplitByDays ? "straddling windows split by days" : "new terms from the next window")})");
        return versions.Count == 1 ? signed : $"{signed} as amended on {string.Join(" and on ", amended)}";
    }

    /// <summary>
    /// The contract's money rounding as a statement words it: "half-even to 0.01 USD", "half-away-from-zero to 1 JPY
    /// (the default; the contract states none)"; without a known currency, the mode alone.
    /// </summary>
    public static string RoundingRule(Dsl.Syntax.RoundingMode mode, string? currency, bool stated)
    {
        var words = mode switch
        {
            Dsl.Syntax.RoundingMode.HalfEven => "half-even",
            Dsl.Syntax.RoundingMode.HalfTowardZero => "half-toward-zero",
            Dsl.Syntax.RoundingMode.TowardZero => "toward-zero",
            Dsl.Syntax.RoundingMode.AwayFromZero => "away-from-zero",
            _ => "half-away-from-zero",
        };
        var unit = currency is not null && CurrencyMinorUnits.TryGet(currency, out var digits)
            ? $" to {(digits == 0 ? "1" : "0." + new string('0', digits - 1) + "1")} {currency}"
            : "";
        return words + unit + (stated ? "" : " (the default; the contract states none)");
    }

    /// <summary>What a budget is counted in: "seconds of downtime", "bad requests".</summary>
    public static string BudgetUnit(BudgetUnit unit) => unit == Runtime.Evaluation.BudgetUnit.BadRequests ? "bad requests" : "seconds of downtime";

    /// <summary>A verdict in lower case: "met", "breached", "not measurable".</summary>
    public static string Verdict(Verdict verdict) => verdict switch
    {
        Runtime.Evaluation.Verdict.Met => "met",
        Runtime.Evaluation.Verdict.Breached => "breached",
        _ => "not measurable",
    };

    /// <summary>
    /// Money in the currency's minor unit, grouped ("1,200.00 USD", "500 JPY"), or with all its digits when it has more
    /// (an unrounded amount is never rounded here). A code the currency table does not know (the compiler refuses one;
    /// a hand-built document may carry it) shows the amount with its own digits, no minor unit guessed.
    /// </summary>
    public static string Money(decimal amount, string currency) =>
        (CurrencyMinorUnits.TryGet(currency, out var minorUnits) ? MoneyAmount(amount, minorUnits) : Number(amount)) + " " + currency;

    /// <summary>
    /// The amount of <see cref="Money(decimal, string)"/> without the currency code. An unrounded amount is shown whole up
    /// to <see cref="UnroundedMoneyWholeDigits"/> digits beyond the minor unit; one with more (a fee prorated by days,
    /// 5,000.00 x 14/30 = 2,333.333...: decimal holds 28 digits of a fraction that never ends) is cut after
    /// <see cref="UnroundedMoneyExtraDigits"/>, never rounded, and ends in "…" so that no reader takes the digits shown
    /// for the whole amount.
    /// </summary>
    public static string MoneyAmount(decimal amount, int minorUnits)
    {
        if (decimal.Round(amount, minorUnits) == amount)
            return amount.ToString(minorUnits == 0 ? "#,0" : "#,0." + new string('0', minorUnits), Invariant);
        if (decimal.Round(amount, minorUnits + UnroundedMoneyWholeDigits) == amount) return Number(amount);
        return Number(decimal.Round(amount, minorUnits + UnroundedMoneyExtraDigits, MidpointRounding.ToZero)) + "\u2026";
    }

    /// <summary>Digits beyond its currency's minor unit up to which an unrounded money amount is shown whole (0.33333 JPY).</summary>
    public const int UnroundedMoneyWholeDigits = 8;

    /// <summary>Digits a longer unrounded amount keeps beyond the minor unit before it is cut and marked (see <see cref="MoneyAmount"/>).</summary>
    public const int UnroundedMoneyExtraDigits = 4;

    /// <summary>An ISO date: 2026-11-30.</summary>
    public static string Date(LocalDate date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>A time of day to the precision it has: "09:00", "09:00:30", "09:00:30.25".</summary>
    public static string Time(LocalDateTime t) =>
        t.TickOfSecond != 0 ? t.ToString("HH:mm:ss.FFFFFFF", Invariant) : t.Second != 0 ? t.ToString("HH:mm:ss", Invariant) : t.ToString("HH:mm", Invariant);

    /// <summary>A local date and time to the precision it has: "2026-11-20 09:00:30".</summary>
    public static string DateTime(LocalDateTime t) => $"{Date(t.Date)} {Time(t)}";

    /// <summary>A local date and time with its offset, which tells the two occurrences of a fall-back hour apart: "2026-11-01 01:50 -04:00".</summary>
    public static string DateTime(OffsetDateTime t) => $"{DateTime(t.LocalDateTime)} {UtcOffsetPattern.Format(t.Offset)}";

    /// <summary>An offset as "UTC-05:00".</summary>
    public static string Utc(Offset offset) => "UTC" + UtcOffsetPattern.Format(offset);

    /// <summary>An instant in a zone with its offset: "2026-11-10 09:00 (UTC-05:00)".</summary>
    public static string Local(Instant instant, DateTimeZone zone)
    {
        var z = instant.InZone(zone);
        return $"{DateTime(z.LocalDateTime)} ({Utc(z.Offset)})";
    }

    /// <summary>A period by its kind and dates: "November 2026", "Q4 2026", "2026"; a billing cycle or rolling window by its label.</summary>
    public static string PeriodName(CalendarWindow window) => window.Kind switch
    {
        WindowKind.CalendarMonth => PeriodName(window.FirstDate.Year, month: window.FirstDate.Month, quarter: null),
        WindowKind.CalendarQuarter => PeriodName(window.FirstDate.Year, month: null, quarter: (window.FirstDate.Month - 1) / 3 + 1),
        WindowKind.CalendarYear => PeriodName(window.FirstDate.Year, month: null, quarter: null),
        _ => window.Label,
    };

    /// <summary>The period an evaluation covers, in the same words as <see cref="PeriodName(CalendarWindow)"/>.</summary>
    public static string PeriodName(EvaluationPeriod period) => PeriodName(period.Year, period.Month, period.Quarter);

    private static string PeriodName(int year, int? month, int? quarter) =>
        month is { } m ? $"{Invariant.DateTimeFormat.GetMonthName(m)} {year}" : quarter is { } q ? $"Q{q} {year}" : year.ToString(Invariant);

    /// <summary>"1 incident", "2 incidents": a count with its noun.</summary>
    public static string Count(decimal count, string noun) => $"{Number(count)} {noun}{(count == 1 ? "" : "s")}";
}
