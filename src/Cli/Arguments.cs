using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>Option values the commands share, parsed with a message naming the option on failure (printed; null returned).</summary>
internal static class Arguments
{
    /// <summary>The years a period may name: trends and reports look back from it and the evaluator looks a period ahead.</summary>
    public const int FirstYear = 1900, LastYear = 9998;

    /// <summary>The most earlier periods a trend (or a KPI report) may go back: ten years of months.</summary>
    public const int MaxTrend = 120;

    public static EvaluationPeriod? Period(string text, TextWriter stderr)
    {
        var period = EvaluateCommand.ParsePeriod(text);
        if (period is null) stderr.WriteLine($"error: --period '{text}' is not a month (2026-10) or a quarter (2026-Q4)");
        else if (period.Year is < FirstYear or > LastYear)
        {
            stderr.WriteLine($"error: --period '{text}': the year must be between {FirstYear} and {LastYear}");
            return null;
        }
        return period;
    }

    /// <summary>A trend depth between 0 and <see cref="MaxTrend"/>, and no earlier than <see cref="FirstYear"/> from <paramref name="period"/>.</summary>
    public static bool Trend(int trend, EvaluationPeriod period, TextWriter stderr, string option = "--trend")
    {
        if (trend is < 0 or > MaxTrend)
        {
            stderr.WriteLine($"error: {option} {trend} must be between 0 and {MaxTrend} (earlier periods)");
            return false;
        }
        if (period.Year is < FirstYear or > LastYear) return true; // the period's own check says what is wrong
        var earliest = period;
        for (var i = 0; i < trend; i++) earliest = KpiTrends.Previous(earliest);
        if (earliest.Year < FirstYear)
        {
            stderr.WriteLine($"error: {option} {trend} from {period} reaches back to {earliest}; periods start in {FirstYear}");
            return false;
        }
        return true;
    }

    public static Instant? AsOf(string? text, CliServices services, TextWriter stderr)
    {
        if (text is null) return services.Now();
        if (ParseInstant(text) is { } instant) return instant;
        // NodaTime's message names its pattern internals; say what to write instead.
        stderr.WriteLine($"error: --as-of '{text}' is not an instant: give a date, a time and a UTC offset, e.g. 2026-12-01T00:00:00Z or 2026-12-01T09:30:00-05:00");
        return null;
    }

    /// <summary>
    /// An instant by NodaTime's <see cref="OffsetDateTimePattern.ExtendedIso"/> (date, time to the second or finer, UTC
    /// offset); null when it does not read. The two forms almost every as-of is written in (<c>2026-12-01T06:00:00Z</c>,
    /// <c>2026-12-01T06:00:00-05:00</c>) are read by the data loader's <see cref="InstantText"/> (the same instant,
    /// property-tested), which spares a short-lived process building that pattern (about 10 ms of CPU on a cache-hit
    /// <c>sla evaluate</c>, docs/performance.md); every other text by the pattern.
    /// </summary>
    internal static Instant? ParseInstant(string text)
    {
        if (text.Length is 20 or 25 && text[16] == ':' && InstantText.TryParse(text, null, out var instant) == InstantParseStatus.Ok) return instant;
        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text);
        return parsed.Success ? parsed.Value.ToInstant() : null;
    }

    public static TemplateSet? Templates(string? directory, TextWriter stderr)
    {
        var result = directory is null ? TemplateSet.LoadDefaults() : TemplateSet.LoadFrom(directory);
        foreach (var error in result.Errors) stderr.WriteLine(error.ToString());
        return result.IsSuccess ? result.Templates : null;
    }
}
