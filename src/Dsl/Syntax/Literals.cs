using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary>A literal value. Numbers are <c>decimal</c> parsed from the exact source text (never <c>double</c>);
/// <c>Text</c> keeps the digits exactly as written so the formatter never changes a number.</summary>
public abstract record LiteralSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary>A name: a service, sla, kpi, calendar, cause, tag or diagnostic code. Letters, digits, <c>-</c> and
/// <c>_</c>, starting with a letter (e.g. <c>availability-buffer</c>, <c>force-majeure</c>, <c>SLA1001</c>).</summary>
public sealed record IdentifierSyntax(string Name, SourceSpan Span) : SyntaxNode(Span);

/// <summary>A double-quoted string; <see cref="Value"/> is unescaped (<c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\t</c>).</summary>
public sealed record StringLiteralSyntax(string Value, SourceSpan Span) : LiteralSyntax(Span);

/// <summary>A plain non-negative number such as <c>2000</c> or <c>1.5</c>. <see cref="Text"/> is the exact digits.</summary>
public sealed record NumberLiteralSyntax(decimal Value, string Text, SourceSpan Span) : LiteralSyntax(Span);

/// <summary>A percentage such as <c>99.9%</c>: <see cref="Value"/> is 99.9 (not 0.999); <see cref="Text"/> is the
/// number's exact digits without the sign. Range 0-100 is checked by the binder, not here.</summary>
public sealed record PercentLiteralSyntax(decimal Value, string Text, SourceSpan Span) : LiteralSyntax(Span);

/// <summary>Units a duration may be written in. Calendar months are not durations (their length varies).</summary>
public enum DurationUnit
{
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
}

/// <summary>A duration such as <c>90 minutes</c>, <c>500 ms</c>, <c>72 hours</c> or the compact slice form
/// <c>5-minute</c> (<see cref="Compact"/>). <see cref="Value"/> is exact; <see cref="Text"/> is the digits as written.</summary>
public sealed record DurationLiteralSyntax(decimal Value, string Text, DurationUnit Unit, bool Compact, SourceSpan Span) : LiteralSyntax(Span);

/// <summary>An amount of money such as <c>12000.00 USD</c>: exact <see cref="Amount"/>, digits as written in
/// <see cref="Text"/>, and a three-letter upper-case ISO 4217 <see cref="Currency"/>.</summary>
public sealed record MoneyLiteralSyntax(decimal Amount, string Text, string Currency, SourceSpan Span) : LiteralSyntax(Span);

/// <summary>A calendar date <c>2026-01-01</c> (ISO 8601). Invariant: a real date (checked by the lexer).</summary>
public sealed record DateLiteralSyntax(DateOnly Value, SourceSpan Span) : LiteralSyntax(Span)
{
    public string Text => Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An instant with an explicit offset: <c>2026-11-10T09:00-05:00</c>, <c>2026-11-10T14:00:30Z</c>.
/// A local time without offset is not an instant (LANGUAGE.md rule 2) and is a syntax error.
/// <see cref="Text"/> is the literal exactly as written.</summary>
public sealed record InstantLiteralSyntax(DateTimeOffset Value, string Text, SourceSpan Span) : LiteralSyntax(Span);

/// <summary>A local time of day <c>08:00</c>; <see cref="MinuteOfDay"/> is 0..1440 (<c>24:00</c> is the end of the day).</summary>
public sealed record TimeOfDayLiteralSyntax(int MinuteOfDay, SourceSpan Span) : LiteralSyntax(Span)
{
    public string Text => $"{MinuteOfDay / 60:00}:{MinuteOfDay % 60:00}";
}

/// <summary>A calendar period for a test: a month <c>2026-11</c>, a quarter <c>2026-Q4</c> or a year <c>2026</c>.
/// Invariant: at most one of <see cref="Month"/> (1-12) and <see cref="Quarter"/> (1-4) is set.</summary>
public sealed record PeriodLiteralSyntax(int Year, int? Month, int? Quarter, SourceSpan Span) : LiteralSyntax(Span)
{
    public string Text => Month is { } m ? $"{Year:0000}-{m:00}" : Quarter is { } q ? $"{Year:0000}-Q{q}" : $"{Year:0000}";
}
