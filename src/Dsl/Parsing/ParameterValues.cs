using System.Collections.Immutable;
using Pidgin;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;
using static SlaKpiDsl.Dsl.Parsing.TokenGrammar;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>
/// A template parameter's value, typed. <see cref="Text"/> is the canonical contract text the value stands for where a
/// template writes <c>$name</c> (the same words a contract would write there).
/// </summary>
public abstract record ParameterValue(string Text)
{
    public sealed record MoneyValue(decimal Amount, string Currency, string Text) : ParameterValue(Text);
    public sealed record PercentValue(decimal Percent, string Text) : ParameterValue(Text);
    /// <summary><see cref="Milliseconds"/> is the exact length, for comparing bounds written in other units.</summary>
    public sealed record DurationValue(decimal Milliseconds, string Text) : ParameterValue(Text);
    public sealed record ServicesValue(ImmutableArray<string> Services, string Text) : ParameterValue(Text);
    public sealed record ZoneValue(string Zone, string Text) : ParameterValue(Text);
    public sealed record DateValue(DateOnly Date, string Text) : ParameterValue(Text);
    public sealed record RoundingValue(RoundingMode Mode, string Text) : ParameterValue(Text);
    public sealed record ChoiceValue(string Option, string Text) : ParameterValue(Text);
}

/// <summary>
/// Reads a parameter value from text (a default, a bound, a <c>set</c> line, an order form's cell) as its type requires.
/// A value is one literal of the contract language (<c>12000.00 USD</c>, <c>99.95%</c>, <c>15 minutes</c>,
/// <c>api and checkout</c>, <c>"Europe/Berlin"</c>, <c>2026-07-01</c>, <c>half-even</c>, an option's name); in a table
/// cell a time zone may be written without quotes.
/// </summary>
public static class ParameterValues
{
    /// <summary>The value, or null and why not (<paramref name="error"/>: "expected ..., found ...").</summary>
    public static ParameterValue? Parse(ParameterType type, IReadOnlyList<string> options, string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = $"expected {Describe(type, options)}, found nothing";
            return null;
        }
        if (type == ParameterType.TimeZone && !trimmed.StartsWith('"'))
            return trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
                ? new ParameterValue.ZoneValue(trimmed, Quote(trimmed))
                : Fail(out error, type, options, $"`{trimmed}`");
        var diagnostics = new List<Diagnostic>();
        var (tokens, _) = new Lexer(new SourceText("value", trimmed), diagnostics).Run();
        if (diagnostics.Count > 0 || tokens.Count == 0 || tokens.Any(t => t.Kind is TokenKind.Bad or TokenKind.Parameter) || tokens.Any(t => t.Line != 0))
            return Fail(out error, type, options, $"`{trimmed}`");
        var parser = ParserFor(type, options);
        var result = parser.Before(End).Parse(tokens.ToArray());
        if (result.Success) return result.Value;
        var at = result.Error!.ErrorOffset;
        return Fail(out error, type, options, at < tokens.Count ? tokens[at].Describe() : "the end of the value");
    }

    /// <summary>How a message names what a value of this type looks like.</summary>
    public static string Describe(ParameterType type, IReadOnlyList<string> options) => type switch
    {
        ParameterType.Money => "an amount like 1000.00 USD",
        ParameterType.Percent => "a percentage like 99.9%",
        ParameterType.Duration => "a duration like 15 minutes",
        ParameterType.Services => "service names like api and checkout",
        ParameterType.TimeZone => "a time zone like \"America/New_York\"",
        ParameterType.Date => "a date like 2026-01-01",
        ParameterType.Rounding => "a rounding mode (half-away-from-zero, half-even, half-toward-zero, toward-zero, away-from-zero)",
        _ => "one of " + string.Join(", ", options),
    };

    /// <summary>The type's name as a template writes it.</summary>
    public static string TypeName(ParameterType type) => type switch
    {
        ParameterType.TimeZone => "time zone",
        ParameterType.Choice => "choice",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static ParameterValue? Fail(out string? error, ParameterType type, IReadOnlyList<string> options, string found)
    {
        error = $"expected {Describe(type, options)}, found {found}";
        return null;
    }

    private static Parser<Token, ParameterValue> ParserFor(ParameterType type, IReadOnlyList<string> options) => type switch
    {
        ParameterType.Money => Money.Select(m => (ParameterValue)new ParameterValue.MoneyValue(m.Amount, m.Currency, $"{m.Text} {m.Currency}")),
        ParameterType.Percent => Percent.Select(p => (ParameterValue)new ParameterValue.PercentValue(p.Value, p.Text + "%")),
        ParameterType.Duration => Duration.Select(d => (ParameterValue)new ParameterValue.DurationValue(Milliseconds(d), Formatting.ClauseWriter.Duration(d))),
        ParameterType.Services => Services.Select(s => (ParameterValue)new ParameterValue.ServicesValue([.. s.Select(n => n.Name)], string.Join(" and ", s.Select(n => n.Name)))),
        ParameterType.TimeZone => Str.Select(s => (ParameterValue)new ParameterValue.ZoneValue(s.Value, Quote(s.Value))),
        ParameterType.Date => Date.Select(d => (ParameterValue)new ParameterValue.DateValue(d.Value, d.Text)),
        ParameterType.Rounding => Rounding.Select(r => (ParameterValue)new ParameterValue.RoundingValue(r.Value, Formatting.ClauseWriter.Rounding(r.Value))),
        _ => Token(t => t.Kind == TokenKind.Word && options.Contains(t.Text))
            .Select(t => (ParameterValue)new ParameterValue.ChoiceValue(t.Text, t.Text)),
    };

    private static decimal Milliseconds(DurationLiteralSyntax d) => d.Value * d.Unit switch
    {
        DurationUnit.Milliseconds => 1m,
        DurationUnit.Seconds => 1000m,
        DurationUnit.Minutes => 60_000m,
        DurationUnit.Hours => 3_600_000m,
        _ => 86_400_000m,
    };

    private static string Quote(string value) => Formatting.ClauseWriter.Str(new StringLiteralSyntax(value, default));
}
