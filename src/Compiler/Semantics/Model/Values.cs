using System.Collections.Frozen;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Compiler.Semantics.Model;

/// <summary>A percentage written in the contract. Invariant: 0 &lt;= Value &lt;= 100, exact decimal (scale kept as written).</summary>
public readonly record struct Percent
{
    public Percent(decimal value)
    {
        if (value < 0m || value > 100m) throw new ArgumentOutOfRangeException(nameof(value), value, "A percent lies in 0..100.");
        Value = value;
    }

    public decimal Value { get; init; }

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%";
}

/// <summary>
/// An amount of money in one currency. Invariant: <see cref="Currency"/> is an ISO 4217 code known to
/// <see cref="Currencies"/>; the amount is exact (decimal) and rounded to the minor unit only at the end of a calculation.
/// </summary>
public sealed record Money
{
    public Money(decimal amount, string currency)
    {
        if (!Currencies.IsKnown(currency)) throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code.", nameof(currency));
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; init; }
    public string Currency { get; init; }

    public override string ToString() => $"{Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Currency}";
}

/// <summary>ISO 4217 currency codes in use, with their minor units (digits after the decimal point).</summary>
public static class Currencies
{
    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = new Dictionary<string, int>
    {
        ["AED"] = 2, ["AFN"] = 2, ["ALL"] = 2, ["AMD"] = 2, ["AOA"] = 2, ["ARS"] = 2, ["AUD"] = 2, ["AWG"] = 2, ["AZN"] = 2,
        ["BAM"] = 2, ["BBD"] = 2, ["BDT"] = 2, ["BGN"] = 2, ["BHD"] = 3, ["BIF"] = 0, ["BMD"] = 2, ["BND"] = 2, ["BOB"] = 2,
        ["BRL"] = 2, ["BSD"] = 2, ["BTN"] = 2, ["BWP"] = 2, ["BYN"] = 2, ["BZD"] = 2, ["CAD"] = 2, ["CDF"] = 2, ["CHF"] = 2,
        ["CLP"] = 0, ["CNY"] = 2, ["COP"] = 2, ["CRC"] = 2, ["CUP"] = 2, ["CVE"] = 2, ["CZK"] = 2, ["DJF"] = 0, ["DKK"] = 2,
        ["DOP"] = 2, ["DZD"] = 2, ["EGP"] = 2, ["ERN"] = 2, ["ETB"] = 2, ["EUR"] = 2, ["FJD"] = 2, ["FKP"] = 2, ["GBP"] = 2,
        ["GEL"] = 2, ["GHS"] = 2, ["GIP"] = 2, ["GMD"] = 2, ["GNF"] = 0, ["GTQ"] = 2, ["GYD"] = 2, ["HKD"] = 2, ["HNL"] = 2,
        ["HTG"] = 2, ["HUF"] = 2, ["IDR"] = 2, ["ILS"] = 2, ["INR"] = 2, ["IQD"] = 3, ["IRR"] = 2, ["ISK"] = 0, ["JMD"] = 2,
        ["JOD"] = 3, ["JPY"] = 0, ["KES"] = 2, ["KGS"] = 2, ["KHR"] = 2, ["KMF"] = 0, ["KPW"] = 2, ["KRW"] = 0, ["KWD"] = 3,
        ["KYD"] = 2, ["KZT"] = 2, ["LAK"] = 2, ["LBP"] = 2, ["LKR"] = 2, ["LRD"] = 2, ["LSL"] = 2, ["LYD"] = 3, ["MAD"] = 2,
        ["MDL"] = 2, ["MGA"] = 2, ["MKD"] = 2, ["MMK"] = 2, ["MNT"] = 2, ["MOP"] = 2, ["MRU"] = 2, ["MUR"] = 2, ["MVR"] = 2,
        ["MWK"] = 2, ["MXN"] = 2, ["MYR"] = 2, ["MZN"] = 2, ["NAD"] = 2, ["NGN"] = 2, ["NIO"] = 2, ["NOK"] = 2, ["NPR"] = 2,
        ["NZD"] = 2, ["OMR"] = 3, ["PAB"] = 2, ["PEN"] = 2, ["PGK"] = 2, ["PHP"] = 2, ["PKR"] = 2, ["PLN"] = 2, ["PYG"] = 0,
        ["QAR"] = 2, ["RON"] = 2, ["RSD"] = 2, ["RUB"] = 2, ["RWF"] = 0, ["SAR"] = 2, ["SBD"] = 2, ["SCR"] = 2, ["SDG"] = 2,
        ["SEK"] = 2, ["SGD"] = 2, ["SHP"] = 2, ["SLE"] = 2, ["SOS"] = 2, ["SRD"] = 2, ["SSP"] = 2, ["STN"] = 2, ["SVC"] = 2,
        ["SYP"] = 2, ["SZL"] = 2, ["THB"] = 2, ["TJS"] = 2, ["TMT"] = 2, ["TND"] = 3, ["TOP"] = 2, ["TRY"] = 2, ["TTD"] = 2,
        ["TWD"] = 2, ["TZS"] = 2, ["UAH"] = 2, ["UGX"] = 0, ["USD"] = 2, ["UYU"] = 2, ["UZS"] = 2, ["VES"] = 2, ["VND"] = 0,
        ["VUV"] = 0, ["WST"] = 2, ["XAF"] = 0, ["XCD"] = 2, ["XOF"] = 0, ["XPF"] = 0, ["YER"] = 2, ["ZAR"] = 2, ["ZMW"] = 2,
        ["ZWG"] = 2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string code) => MinorUnitsByCode.ContainsKey(code);

    /// <summary>Every code in the table (for completion in an editor).</summary>
    public static IEnumerable<string> Codes => MinorUnitsByCode.Keys;

    /// <summary>Digits after the decimal point of the currency's minor unit (USD 2, JPY 0, KWD 3).</summary>
    public static int MinorUnits(string code) => MinorUnitsByCode.TryGetValue(code, out var digits)
        ? digits
        : throw new ArgumentException($"'{code}' is not an ISO 4217 currency code.", nameof(code));
}

/// <summary>
/// A measurement window. Invariant: <see cref="Parameter"/> is set exactly for BillingCycle (start day 1-28) and
/// RollingDays (N &gt;= 1).
/// </summary>
public sealed record Window
{
    public Window(WindowKind kind, int? parameter = null)
    {
        switch (kind)
        {
            case WindowKind.BillingCycle when parameter is not (>= 1 and <= 28):
                throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "A billing cycle starts on day 1-28.");
            case WindowKind.RollingDays when parameter is not >= 1:
                throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "A rolling window has at least one day.");
            case WindowKind.CalendarMonth or WindowKind.CalendarQuarter or WindowKind.CalendarYear when parameter is not null:
                throw new ArgumentException("Calendar windows take no parameter.", nameof(parameter));
        }
        Kind = kind;
        Parameter = parameter;
    }

    public WindowKind Kind { get; init; }
    public int? Parameter { get; init; }

    public static readonly Window CalendarMonth = new(WindowKind.CalendarMonth);
    public static readonly Window CalendarQuarter = new(WindowKind.CalendarQuarter);
    public static readonly Window CalendarYear = new(WindowKind.CalendarYear);

    /// <summary>Windows whose length in minutes differs from one window to the next.</summary>
    public bool VariesInLength => Kind is not WindowKind.RollingDays;

    public override string ToString() => Kind switch
    {
        WindowKind.CalendarMonth => "per calendar month",
        WindowKind.CalendarQuarter => "per calendar quarter",
        WindowKind.CalendarYear => "per calendar year",
        WindowKind.BillingCycle => $"per billing cycle starting on day {Parameter}",
        _ => $"rolling {Parameter} days",
    };
}

/// <summary>
/// Local hours on some weekdays (<c>Mon-Fri 08:00-18:00</c>), as minutes of the day. Invariants: at least one day,
/// distinct and sorted; 0 &lt;= FromMinute &lt; ToMinute &lt;= 1440 (24:00 is the end of the day).
/// </summary>
public sealed record WeeklyHours
{
    public WeeklyHours(System.Collections.Immutable.ImmutableArray<NodaTime.IsoDayOfWeek> days, int fromMinute, int toMinute)
    {
        if (days.IsDefaultOrEmpty) throw new ArgumentException("Weekly hours name at least one day.", nameof(days));
        if (fromMinute < 0 || toMinute > 1440 || fromMinute >= toMinute) throw new ArgumentOutOfRangeException(nameof(fromMinute), $"{fromMinute}-{toMinute}", "Hours run forward within one day.");
        Days = [.. days.Distinct().Order()];
        FromMinute = fromMinute;
        ToMinute = toMinute;
    }

    public System.Collections.Immutable.ImmutableArray<NodaTime.IsoDayOfWeek> Days { get; init; }
    public int FromMinute { get; init; }
    public int ToMinute { get; init; }
}

/// <summary>A <c>suppress SLA1001 because "reason"</c> line. Invariant: a non-empty reason (the parser or binder rejects others).</summary>
public sealed record Suppression(string Code, string Reason, SlaKpiDsl.Dsl.Text.SourceSpan Span);
