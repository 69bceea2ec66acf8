using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>Option values the commands share, parsed with a message naming the option on failure (printed; null returned).</summary>
internal static class Arguments
{
    public static EvaluationPeriod? Period(string text, TextWriter stderr)
    {
        var period = EvaluateCommand.ParsePeriod(text);
        if (period is null) stderr.WriteLine($"error: --period '{text}' is not a month (2026-10) or a quarter (2026-Q4)");
        return period;
    }

    public static Instant? AsOf(string? text, CliServices services, TextWriter stderr)
    {
        if (text is null) return services.Now();
        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (parsed.Success) return parsed.Value.ToInstant();
        stderr.WriteLine($"error: --as-of '{text}' is not an instant with an offset (2026-12-01T00:00:00Z): {parsed.Exception.Message}");
        return null;
    }

    public static TemplateSet? Templates(string? directory, TextWriter stderr)
    {
        var result = directory is null ? TemplateSet.LoadDefaults() : TemplateSet.LoadFrom(directory);
        foreach (var error in result.Errors) stderr.WriteLine(error.ToString());
        return result.IsSuccess ? result.Templates : null;
    }
}
