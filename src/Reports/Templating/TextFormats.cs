using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace SlaKpiDsl.Reports.Templating;

/// <summary>The value formats templates call (invariant culture, exact decimals: the decimal's own scale is kept).</summary>
public static class TextFormats
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");
    private static readonly OffsetDateTimePattern OffsetPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm o<+HH:mm>");

    /// <summary>1234567.5 -> "1,234,567.50" with the currency's two decimals, then the code.</summary>
    public static string Money(decimal amount, string currency) =>
        amount.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>Grouped, keeps the value's scale: 43260 -> "43,260"; 45.5 -> "45.5".</summary>
    public static string Number(decimal value)
    {
        var plain = value.ToString(CultureInfo.InvariantCulture);
        var dot = plain.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : plain.Length - dot - 1;
        return value.ToString("#,##0." + new string('0', decimals), CultureInfo.InvariantCulture).TrimEnd('.');
    }

    /// <summary>
    /// Exact elapsed time from seconds: whole minutes as "90 min" (grouped), otherwise "12 min 40 s" (seconds keep their
    /// exact decimals, "0 min 7.5 s"). Never a rounded minute figure: a ledger must add up.
    /// </summary>
    public static string Duration(decimal seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var s = Math.Abs(seconds);
        var minutes = decimal.Truncate(s / 60m);
        var rest = s - minutes * 60m;
        return rest == 0 ? $"{sign}{Number(minutes)} min" : $"{sign}{Number(minutes)} min {rest.ToString("0.############################", CultureInfo.InvariantCulture)} s";
    }

    /// <summary>Exact decimal, no grouping: 0.5 -> "0.5".</summary>
    public static string Plain(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(LocalDate date) => DatePattern.Format(date);

    public static string DateTime(LocalDateTime value) => DateTimePattern.Format(value);

    /// <summary>"2026-11-01 01:50 -04:00": the offset disambiguates the repeated hour of a DST fall-back.</summary>
    public static string DateTime(OffsetDateTime value) => OffsetPattern.Format(value);

    public static string Instant(Instant value) => InstantPattern.ExtendedIso.Format(value);
}
