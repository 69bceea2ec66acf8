using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Reports.Wording;

namespace SlaKpiDsl.Reports.Templating;

/// <summary>The value formats templates call: each is the one rule of <see cref="Words"/>, under the name templates use.</summary>
public static class TextFormats
{
    /// <summary>Money in the currency's minor unit (<see cref="Words.Money"/>): 1234567.5 USD -> "1,234,567.50 USD".</summary>
    public static string Money(decimal amount, string currency) => Words.Money(amount, currency);

    /// <summary>Grouped, every significant digit (<see cref="Words.Number"/>): 43260 -> "43,260"; 45.50 -> "45.5".</summary>
    public static string Number(decimal value) => Words.Number(value);

    /// <summary>Exact elapsed time (<see cref="Words.Duration(decimal)"/>): "90 min", "12 min 40 s", "7.5 s". Never a rounded minute figure: a ledger must add up.</summary>
    public static string Duration(decimal seconds) => Words.Duration(seconds);

    /// <summary>Exact decimal, no grouping (<see cref="Words.Plain"/>): 0.50 -> "0.5".</summary>
    public static string Plain(decimal value) => Words.Plain(value);

    public static string Date(LocalDate date) => Words.Date(date);

    /// <summary>To the precision the time has (<see cref="Words.DateTime(LocalDateTime)"/>): "2026-11-20 09:00:30".</summary>
    public static string DateTime(LocalDateTime value) => Words.DateTime(value);

    /// <summary>"2026-11-01 01:50 -04:00": the offset disambiguates the repeated hour of a DST fall-back; seconds shown when the time has them.</summary>
    public static string DateTime(OffsetDateTime value) => Words.DateTime(value);

    public static string Instant(Instant value) => InstantPattern.ExtendedIso.Format(value);
}
