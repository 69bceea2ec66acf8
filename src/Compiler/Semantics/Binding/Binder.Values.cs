using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Compiler.Semantics.Binding;

public sealed partial class Binder
{
    private Percent? BindPercent(PercentLiteralSyntax literal)
    {
        if (literal.Value is < 0m or > 100m)
        {
            Report(DiagnosticBuilder.PercentOutOfRange(_source, literal.Span, literal.Text));
            return null;
        }
        return new Percent(literal.Value);
    }

    /// <summary>The longest contract name: it names the statement files, and file names are at most 255 bytes.</summary>
    public const int MaxContractNameLength = 200;

    /// <summary>
    /// A quoted name or title that reaches statements and file names: empty or blank text is an error (a statement
    /// cannot print a blank party or heading), and so is text longer than <paramref name="maxLength"/>. Returns the
    /// text when it may be used, null otherwise.
    /// </summary>
    private string? BindName(StringLiteralSyntax? literal, string what, int maxLength = int.MaxValue)
    {
        if (literal is null) return null;
        if (string.IsNullOrWhiteSpace(literal.Value))
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, what, "must not be empty or blank"));
            return null;
        }
        if (literal.Value.Length > maxLength)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, $"{what} of {literal.Value.Length} characters", $"must be at most {maxLength} characters"));
            return null;
        }
        return literal.Value;
    }

    private static readonly long[] TicksPerUnit =
    [
        NodaConstants.TicksPerMillisecond,
        NodaConstants.TicksPerSecond,
        NodaConstants.TicksPerMinute,
        NodaConstants.TicksPerHour,
        NodaConstants.TicksPerDay,
    ];

    /// <summary>An exact duration; a value that is not a whole number of ticks (100 ns) or not positive is an error.</summary>
    private Duration? BindDuration(DurationLiteralSyntax literal, string what, bool allowZero = false)
    {
        var perUnit = TicksPerUnit[(int)literal.Unit];
        // Compared before multiplying: a 28-digit literal times ticks per day would overflow decimal itself.
        var ticks = literal.Value > (decimal)long.MaxValue / perUnit ? decimal.MaxValue : literal.Value * perUnit;
        if (ticks != decimal.Truncate(ticks) || ticks > long.MaxValue)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, $"{what} {literal.Text} {UnitWord(literal.Unit)}", "durations are whole multiples of 100 nanoseconds and at most about 29,000 years"));
            return null;
        }
        if (ticks == 0m && !allowZero)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, $"{what} {literal.Text} {UnitWord(literal.Unit)}", "must be longer than zero"));
            return null;
        }
        return Duration.FromTicks((long)ticks);
    }

    private static string UnitWord(DurationUnit unit) => unit switch
    {
        DurationUnit.Milliseconds => "ms",
        DurationUnit.Seconds => "seconds",
        DurationUnit.Minutes => "minutes",
        DurationUnit.Hours => "hours",
        _ => "days",
    };

    private static string Written(DurationLiteralSyntax literal) => $"{literal.Text} {UnitWord(literal.Unit)}";

    /// <summary>
    /// The largest amount of money a contract may state: a fee of 10^15 times twelve months, a thousandfold multiple and
    /// percentages stays far inside decimal's 7.9 x 10^28 (a 28-digit fee once overflowed the credit computation).
    /// </summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    private Money? BindMoney(MoneyLiteralSyntax literal)
    {
        if (literal.Amount > MaxAmount)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, $"amount {literal.Text} {literal.Currency}", "must be at most 1,000,000,000,000,000"));
            return null;
        }
        if (!Currencies.IsKnown(literal.Currency))
        {
            Report(DiagnosticBuilder.UnknownCurrency(_source, literal.Span, literal.Currency));
            return null;
        }
        return new Money(literal.Amount, literal.Currency);
    }

    /// <summary>Money that must be in the fee's currency when there is a fee.</summary>
    private Money? BindMoneyInFeeCurrency(MoneyLiteralSyntax literal, Fee? fee)
    {
        if (BindMoney(literal) is not { } money) return null;
        if (fee is not null && fee.Amount.Currency != money.Currency)
        {
            Report(DiagnosticBuilder.CurrencyMismatch(_source, literal.Span, money.Currency, fee.Amount.Currency));
            return null;
        }
        return money;
    }

    private int? BindPositiveInteger(NumberLiteralSyntax literal, string what, int maximum = int.MaxValue)
    {
        if (literal.Value != decimal.Truncate(literal.Value) || literal.Value < 1m || literal.Value > maximum)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, $"{what} {literal.Text}", maximum == int.MaxValue ? "must be a whole number, at least 1" : $"must be a whole number from 1 to {maximum}"));
            return null;
        }
        return (int)literal.Value;
    }

    private ImmutableArray<string> BindServices(ImmutableArray<IdentifierSyntax> names, ContractScope? scope)
    {
        var bound = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names)
        {
            if (scope is not null && !scope.Services.ContainsKey(name.Name))
            {
                Report(DiagnosticBuilder.UnknownService(_source, name.Span, name.Name, scope.Services.Keys));
                continue;
            }
            if (!bound.Contains(name.Name)) bound.Add(name.Name);
        }
        return bound.ToImmutable();
    }

    private IncidentSelection BindSelection(IncidentSelectionSyntax selection, ContractScope scope)
    {
        int? low = null, high = null;
        if (selection.Severity is { } severity)
        {
            low = BindPositiveInteger(severity.Low, "severity", 99);
            high = severity.High is { } h ? BindPositiveInteger(h, "severity", 99) : low;
            if (low is { } l && high is { } u && u < l)
            {
                Report(DiagnosticBuilder.ValueOutOfRange(_source, severity.Span, $"severity {l}-{u}", "the range runs from the lower to the higher number"));
                high = low;
            }
        }
        return new IncidentSelection(low, high, BindServices(selection.Services, scope), [.. selection.Impacts.Select(i => i.Name).Distinct()]);
    }

    private Window? BindWindow(WindowSyntax window) => window switch
    {
        CalendarWindowSyntax { Unit: CalendarUnit.Month } => Window.CalendarMonth,
        CalendarWindowSyntax { Unit: CalendarUnit.Quarter } => Window.CalendarQuarter,
        CalendarWindowSyntax => Window.CalendarYear,
        BillingCycleWindowSyntax billing => billing.StartDay is null
            ? new Window(WindowKind.BillingCycle, 1)
            : BindPositiveInteger(billing.StartDay, "billing cycle start day", 28) is { } day ? new Window(WindowKind.BillingCycle, day) : null,
        RollingWindowSyntax rolling => BindPositiveInteger(rolling.Days, "rolling window of days", 3660) is { } days ? new Window(WindowKind.RollingDays, days) : null,
        _ => throw new InvalidOperationException($"Unexpected window syntax {window.GetType().Name}."),
    };

    private static IsoDayOfWeek Iso(DayOfWeek day) => day == DayOfWeek.Sunday ? IsoDayOfWeek.Sunday : (IsoDayOfWeek)(int)day;

    private WeeklyHours? BindWeeklyHours(WeeklyScheduleSyntax schedule)
    {
        var days = ImmutableArray.CreateBuilder<IsoDayOfWeek>();
        foreach (var range in schedule.Days)
        {
            var day = range.First;
            while (true)
            {
                days.Add(Iso(day));
                if (day == range.Last) break;
                day = (DayOfWeek)(((int)day + 1) % 7);
            }
        }
        if (schedule.From.MinuteOfDay >= schedule.To.MinuteOfDay)
        {
            Report(DiagnosticBuilder.IntervalEndsBeforeStart(_source, schedule.Span, "the daily time window", schedule.From.Text, schedule.To.Text));
            return null;
        }
        return new WeeklyHours(days.ToImmutable(), schedule.From.MinuteOfDay, schedule.To.MinuteOfDay);
    }
}
