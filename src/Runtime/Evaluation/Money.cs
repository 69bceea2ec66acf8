using System.Collections.Frozen;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>How money is rounded to the currency's minor unit. The contract states it; the default is half away from zero.</summary>
public enum MoneyRoundingMode
{
    HalfAwayFromZero,
    HalfEven,
    /// <summary>Nearest; an exact half goes toward zero (2.345 -> 2.34, -2.345 -> -2.34).</summary>
    HalfTowardZero,
    /// <summary>Truncate (2.349 -> 2.34).</summary>
    TowardZero,
    /// <summary>Any remainder rounds away from zero (2.341 -> 2.35).</summary>
    AwayFromZero,
}

/// <summary>ISO 4217 minor units (digits after the decimal point) of common currencies.</summary>
public static class CurrencyMinorUnits
{
    private static readonly FrozenDictionary<string, int> Table = new Dictionary<string, int>
    {
        // Two decimals: the common case.
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2, ["SEK"] = 2,
        ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["CNY"] = 2, ["HKD"] = 2, ["SGD"] = 2,
        ["INR"] = 2, ["BRL"] = 2, ["MXN"] = 2, ["ZAR"] = 2, ["ILS"] = 2, ["TRY"] = 2, ["AED"] = 2, ["SAR"] = 2,
        ["TWD"] = 2, ["THB"] = 2, ["PHP"] = 2, ["MYR"] = 2, ["IDR"] = 2, ["RON"] = 2,
        // No minor unit.
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0, ["PYG"] = 0, ["UGX"] = 0, ["XOF"] = 0, ["XAF"] = 0,
        // Three decimals.
        ["KWD"] = 3, ["BHD"] = 3, ["JOD"] = 3, ["OMR"] = 3, ["TND"] = 3, ["IQD"] = 3, ["LYD"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryGet(string currency, out int minorUnits) => Table.TryGetValue(currency, out minorUnits);

    /// <summary>The minor units of a currency the compiler has already validated; an unknown code here is a bug.</summary>
    public static int Get(string currency) => TryGet(currency, out var d)
        ? d
        : throw new ArgumentException($"Unknown ISO 4217 currency code '{currency}' (the compiler should have rejected it).", nameof(currency));
}

/// <summary>Rounds an exact money amount once, to the currency's minor unit, with a stated mode.</summary>
public static class MoneyRounding
{
    public static decimal Round(decimal exactAmount, string currency, MoneyRoundingMode mode)
    {
        var digits = CurrencyMinorUnits.Get(currency);
        // Adding a zero of the currency's scale keeps a whole amount written with its minor unit (0.00 USD, not 0).
        return RoundTo(exactAmount + new decimal(0, 0, 0, false, (byte)digits), digits, mode);
    }

    /// <summary>Rounds to <paramref name="places"/> decimals with a stated mode (money, and a contract's measured-value rounding).</summary>
    public static decimal RoundTo(decimal value, int places, MoneyRoundingMode mode)
    {
        switch (mode)
        {
            case MoneyRoundingMode.HalfEven: return Math.Round(value, places, MidpointRounding.ToEven);
            case MoneyRoundingMode.TowardZero: return Math.Round(value, places, MidpointRounding.ToZero);
            case MoneyRoundingMode.AwayFromZero:
                return Math.Round(value, places, value >= 0 ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity);
            case MoneyRoundingMode.HalfTowardZero:
            {
                // .NET has no half-toward-zero: truncate, and round away only when the remainder is more than half a unit.
                var truncated = Math.Round(value, places, MidpointRounding.ToZero);
                var unit = 1m;
                for (var i = 0; i < places; i++) unit /= 10m;
                var remainder = Math.Abs(value - truncated);
                return remainder * 2 > unit ? truncated + (value >= 0 ? unit : -unit) : truncated;
            }
            default: return Math.Round(value, places, MidpointRounding.AwayFromZero);
        }
    }
}
