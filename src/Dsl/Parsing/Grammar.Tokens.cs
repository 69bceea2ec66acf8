using System.Collections.Immutable;
using System.Globalization;
using Pidgin;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>A parsed keyword choice with the span of the words that expressed it.</summary>
internal readonly record struct Keyed<T>(T Value, SourceSpan Span);

/// <summary>
/// Tokens and literals of the grammar. The grammar is Pidgin parsers over the tokens of one clause (one line). Split by area into static classes (one per file, so each initialises before use):
/// tokens and literals (this file), contract clauses, sla/kpi clauses, objectives, tests. Keywords are contextual:
/// a keyword is a <see cref="TokenKind.Word"/> matched by its text, so any word may still be a name elsewhere.
/// </summary>
internal static class TokenGrammar
{
    public static SourceSpan Cover(SourceSpan first, SourceSpan last) => first.Cover(last);

    public static SourceSpan Cover(SourceSpan first, SyntaxNode? last) => last is null ? first : first.Cover(last.Span);

    /// <summary>One keyword.</summary>
    public static Parser<Token, Token> Kw(string word) => Token(t => t.IsWord(word)).Labelled($"`{word}`");

    /// <summary>A fixed phrase of one or more words, returning one token spanning it. It does not backtrack, so a
    /// half-written phrase is reported at the first wrong word ("expected `to`"); <see cref="Choice{T}"/> backtracks.</summary>
    public static Parser<Token, Token> Words(string phrase)
    {
        var parts = phrase.Split(' ');
        if (parts.Length == 1) return Kw(phrase);
        // The whole phrase labels its first word only: a later wrong word reports just the word expected there.
        // Folded pairwise (not Sequence) so a match allocates no list.
        return parts.Skip(1).Aggregate(
            Kw(parts[0]).Labelled($"`{phrase}`"),
            (sofar, word) => Map((a, b) => new Token(TokenKind.Word, phrase, a.Span.Cover(b.Span), a.Line), sofar, Kw(word)));
    }

    /// <summary>One of several phrases, each meaning a value.</summary>
    public static Parser<Token, Keyed<T>> Choice<T>(string label, params (string Phrase, T Value)[] options) =>
        OneOf(options.Select(o => Try(Words(o.Phrase)).Select(t => new Keyed<T>(o.Value, t.Span))))
            .Labelled(label);

    public static Parser<Token, Token> Sym(char c) => Token(t => t.IsSymbol(c)).Labelled($"'{c}'");

    public static readonly Parser<Token, Unit> EndOfClause = End.Labelled("the end of the line");

    /// <summary>An optional part that can only be followed by the end of the clause. Unlike <c>Optional()</c>, a wrong
    /// word there is reported as "expected PART or the end of the line" (Pidgin forgets a skipped optional's expectations).</summary>
    public static Parser<Token, Maybe<T>> OptionalTail<T>(this Parser<Token, T> part) =>
        OneOf(part.Select(Maybe.Just), Lookahead(EndOfClause).ThenReturn(Maybe.Nothing<T>()));

    /// <summary>Zero or more parts up to the end of the clause, reporting a wrong word as "expected PART or the end of the line".</summary>
    public static Parser<Token, IEnumerable<T>> ManyTail<T>(this Parser<Token, T> part) =>
        part.Until(Lookahead(EndOfClause));

    public static readonly Parser<Token, IdentifierSyntax> Name =
        Token(t => t.Kind == TokenKind.Word).Select(t => new IdentifierSyntax(t.Text, t.Span)).Labelled("a name");

    /// <summary>A name other than <paramref name="word"/> (so lists stop before a following keyword).</summary>
    public static Parser<Token, IdentifierSyntax> NameExcept(string word) =>
        Token(t => t.Kind == TokenKind.Word && t.Text != word).Select(t => new IdentifierSyntax(t.Text, t.Span)).Labelled("a name");

    public static readonly Parser<Token, ImmutableArray<IdentifierSyntax>> Services =
        Name.SeparatedAtLeastOnce(Kw("and")).Select(xs => xs.ToImmutableArray()).Labelled("a service name");

    public static readonly Parser<Token, StringLiteralSyntax> Str =
        Token(t => t.Kind == TokenKind.String).Select(t => new StringLiteralSyntax(t.Text, t.Span)).Labelled("quoted text like \"Acme Corp\"");

    internal static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    internal static readonly Parser<Token, Token> NumberToken = Token(t => t.Kind == TokenKind.Number).Labelled("a number");

    public static readonly Parser<Token, NumberLiteralSyntax> Number =
        NumberToken.Select(t => new NumberLiteralSyntax(ParseDecimal(t.Text), t.Text, t.Span)).Labelled("a number");

    public static readonly Parser<Token, NumberLiteralSyntax> Integer =
        Token(t => t.Kind == TokenKind.Number && !t.Text.Contains('.') && t.Text.Length <= 9)
            .Select(t => new NumberLiteralSyntax(ParseDecimal(t.Text), t.Text, t.Span)).Labelled("a whole number");

    public static readonly Parser<Token, PercentLiteralSyntax> Percent =
        Map((n, p) => new PercentLiteralSyntax(ParseDecimal(n.Text), n.Text, n.Span.Cover(p.Span)), NumberToken, Sym('%'))
            .Labelled("a percentage like 99.9%");

    internal static readonly Dictionary<string, DurationUnit> UnitWords = new()
    {
        ["ms"] = DurationUnit.Milliseconds, ["millisecond"] = DurationUnit.Milliseconds, ["milliseconds"] = DurationUnit.Milliseconds,
        ["second"] = DurationUnit.Seconds, ["seconds"] = DurationUnit.Seconds,
        ["minute"] = DurationUnit.Minutes, ["minutes"] = DurationUnit.Minutes,
        ["hour"] = DurationUnit.Hours, ["hours"] = DurationUnit.Hours,
        ["day"] = DurationUnit.Days, ["days"] = DurationUnit.Days,
    };

    internal static readonly Parser<Token, Token> UnitWord =
        Token(t => t.Kind == TokenKind.Word && UnitWords.ContainsKey(t.Text)).Labelled("a unit (ms, seconds, minutes, hours, days)");

    internal static bool IsCurrency(Token t) => t.Kind == TokenKind.Word && t.Text.Length == 3 && t.Text.All(char.IsAsciiLetterUpper);

    internal static readonly Parser<Token, Token> CurrencyWord = Token(IsCurrency).Labelled("a currency code like USD");

    public static readonly Parser<Token, DurationLiteralSyntax> Duration =
        Map((n, u) => new DurationLiteralSyntax(ParseDecimal(n.Text), n.Text, UnitWords[u.Text], false, n.Span.Cover(u.Span)), NumberToken, UnitWord)
            .Labelled("a duration like 15 minutes");

    /// <summary><c>5-minute</c>.</summary>
    public static readonly Parser<Token, DurationLiteralSyntax> CompactDuration =
        Map((n, _, u) => new DurationLiteralSyntax(ParseDecimal(n.Text), n.Text, UnitWords[u.Text], true, n.Span.Cover(u.Span)), NumberToken, Sym('-'), UnitWord)
            .Labelled("a length like 5-minute");

    /// <summary><c>each minute</c>, <c>each hour</c>, <c>each 5-minute interval</c>.</summary>
    public static readonly Parser<Token, DurationLiteralSyntax> EachInterval =
        Kw("each").Then(OneOf(
            Token(t => t.Kind == TokenKind.Word && t.Text is "second" or "minute" or "hour" or "day")
                .Select(u => new DurationLiteralSyntax(1m, "1", UnitWords[u.Text], true, u.Span)),
            CompactDuration.Before(Kw("interval"))))
        .Labelled("`each minute`, `each hour` or `each 5-minute interval`");

    public static readonly Parser<Token, MoneyLiteralSyntax> Money =
        Map((n, c) => new MoneyLiteralSyntax(ParseDecimal(n.Text), n.Text, c.Text, n.Span.Cover(c.Span)), NumberToken, CurrencyWord)
            .Labelled("an amount like 12000.00 USD");

    /// <summary>A number with an optional '%', unit or currency after it.</summary>
    public static readonly Parser<Token, LiteralSyntax> Quantity =
        Map((n, suffix) =>
            {
                var value = ParseDecimal(n.Text);
                if (!suffix.HasValue) return (LiteralSyntax)new NumberLiteralSyntax(value, n.Text, n.Span);
                var s = suffix.Value;
                var span = n.Span.Cover(s.Span);
                if (s.Kind == TokenKind.Symbol) return new PercentLiteralSyntax(value, n.Text, span);
                if (UnitWords.TryGetValue(s.Text, out var unit)) return new DurationLiteralSyntax(value, n.Text, unit, false, span);
                return new MoneyLiteralSyntax(value, n.Text, s.Text, span);
            },
            NumberToken,
            OneOf(Sym('%'), UnitWord, CurrencyWord).Optional())
        .Labelled("a value like 99.9%, 500 ms or 100.00 USD");

    public static readonly Parser<Token, DateLiteralSyntax> Date =
        Token(t => t.Kind == TokenKind.Date)
            .Select(t => new DateLiteralSyntax(DateOnly.ParseExact(t.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture), t.Span))
            .Labelled("a date like 2026-01-01");

    public static readonly Parser<Token, InstantLiteralSyntax> Instant =
        Token(t => t.Kind == TokenKind.Instant)
            .Select(t => new InstantLiteralSyntax(
                DateTimeOffset.ParseExact(t.Text, ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None),
                t.Text, t.Span))
            .Labelled("an instant like 2026-11-10T09:00-05:00");

    public static readonly Parser<Token, TimeOfDayLiteralSyntax> TimeOfDay =
        Token(t => t.Kind == TokenKind.Time)
            .Select(t =>
            {
                var colon = t.Text.IndexOf(':');
                var minutes = int.Parse(t.Text.AsSpan(0, colon), CultureInfo.InvariantCulture) * 60 + int.Parse(t.Text.AsSpan(colon + 1), CultureInfo.InvariantCulture);
                return new TimeOfDayLiteralSyntax(minutes, t.Span);
            })
            .Labelled("a time like 08:00");

    public static readonly Parser<Token, PeriodLiteralSyntax> Period =
        Token(t => t.Kind == TokenKind.Period || (t.Kind == TokenKind.Number && t.Text.Length == 4 && t.Text.All(char.IsAsciiDigit)))
            .Select(t =>
            {
                var year = int.Parse(t.Text.AsSpan(0, 4), CultureInfo.InvariantCulture);
                if (t.Text.Length == 4) return new PeriodLiteralSyntax(year, null, null, t.Span);
                if (t.Text[5] == 'Q') return new PeriodLiteralSyntax(year, null, t.Text[6] - '0', t.Span);
                return new PeriodLiteralSyntax(year, int.Parse(t.Text.AsSpan(5, 2), CultureInfo.InvariantCulture), null, t.Span);
            })
            .Labelled("a period like 2026-11, 2026-Q4 or 2026");

    /// <summary><c>p95</c> as a word: the percentile 1-99.</summary>
    public static readonly Parser<Token, Keyed<int>> PercentileWord =
        Token(t => t.Kind == TokenKind.Word && t.Text.Length is 2 or 3 && t.Text[0] == 'p' && t.Text.Skip(1).All(char.IsAsciiDigit) && t.Text[1] != '0')
            .Select(t => new Keyed<int>(int.Parse(t.Text.AsSpan(1), CultureInfo.InvariantCulture), t.Span))
            .Labelled("a percentile like p95");

    public static readonly Parser<Token, Keyed<ComparisonOperator>> Operator = Choice(
        "a bound like `at least 99.9%` or `below 99.0%`",
        ("at least", ComparisonOperator.AtLeast), ("at most", ComparisonOperator.AtMost),
        ("above", ComparisonOperator.Above), ("over", ComparisonOperator.Above),
        ("below", ComparisonOperator.Below), ("under", ComparisonOperator.Below));

    public static readonly Parser<Token, ComparisonSyntax> Comparison =
        Map((op, v) => new ComparisonSyntax(op.Value, v, op.Span.Cover(v.Span)), Operator, Quantity);

    public static readonly Parser<Token, Keyed<RoundingMode>> Rounding = Choice(
        "a rounding mode (`half-away-from-zero`, `half-even`, `half-toward-zero`, `toward-zero`, `away-from-zero`)",
        ("half-away-from-zero", RoundingMode.HalfAwayFromZero), ("half-even", RoundingMode.HalfEven),
        ("half-toward-zero", RoundingMode.HalfTowardZero), ("toward-zero", RoundingMode.TowardZero),
        ("away-from-zero", RoundingMode.AwayFromZero));

    public static readonly Parser<Token, Keyed<CapPeriod>> CapPeriodChoice = Choice(
        "`month`, `quarter`, `year`, `contract year` or `billing cycle`",
        ("month", CapPeriod.Month), ("quarter", CapPeriod.Quarter), ("year", CapPeriod.Year),
        ("contract year", CapPeriod.ContractYear), ("billing cycle", CapPeriod.BillingCycle));

    internal static readonly Dictionary<string, DayOfWeek> DayNames = BuildDayNames();

    internal static Dictionary<string, DayOfWeek> BuildDayNames()
    {
        var names = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase);
        foreach (var day in System.Enum.GetValues<DayOfWeek>())
        {
            var full = day.ToString();
            names[full[..3]] = day;
            names[full] = day;
            names[full + "s"] = day;
        }
        return names;
    }

    internal static bool TryDayRange(string text, out DayOfWeek first, out DayOfWeek last)
    {
        first = last = default;
        var dash = text.IndexOf('-');
        if (dash < 0) return DayNames.TryGetValue(text, out first) && (last = first) == first;
        return DayNames.TryGetValue(text[..dash], out first) && DayNames.TryGetValue(text[(dash + 1)..], out last);
    }

    public static readonly Parser<Token, DayRangeSyntax> DayRange =
        Token(t => t.Kind == TokenKind.Word && TryDayRange(t.Text, out _, out _))
            .Select(t =>
            {
                TryDayRange(t.Text, out var first, out var last);
                return new DayRangeSyntax(first, last, t.Span);
            })
            .Labelled("days like Mon-Fri or Sun");

    public static readonly Parser<Token, WeeklyScheduleSyntax> WeeklySchedule =
        Map((days, from, _, to) => new WeeklyScheduleSyntax(days.ToImmutableArray(), from, to, days.First().Span.Cover(to.Span)),
            DayRange.SeparatedAtLeastOnce(Kw("and")), TimeOfDay, Sym('-'), TimeOfDay)
        .Labelled("a weekly schedule like Mon-Fri 08:00-18:00");

    public static readonly Parser<Token, SeverityRangeSyntax> Severity =
        Map((k, low, high) => new SeverityRangeSyntax(low, high.HasValue ? high.Value : null, k.Span.Cover(high.HasValue ? high.Value.Span : low.Span)),
            Kw("severity").Labelled("incidents like `severity 1 incidents on api`"), Integer, Sym('-').Then(Integer).Optional());

    /// <summary><c>[severity R] incidents [on s] [with impact i [or j]]</c>.</summary>
    public static readonly Parser<Token, IncidentSelectionSyntax> IncidentSelection =
        Map((sev, inc, on, impacts) =>
            {
                var start = sev.HasValue ? sev.Value.Span : inc.Span;
                var end = impacts.HasValue ? impacts.Value.Last().Span : on.HasValue ? on.Value.Last().Span : inc.Span;
                return new IncidentSelectionSyntax(
                    sev.HasValue ? sev.Value : null,
                    on.HasValue ? on.Value : ImmutableArray<IdentifierSyntax>.Empty,
                    impacts.HasValue ? impacts.Value : ImmutableArray<IdentifierSyntax>.Empty,
                    start.Cover(end));
            },
            Severity.Optional(), Kw("incidents").Labelled("incidents like `severity 1 incidents on api`"), Kw("on").Then(Services).Optional(),
            Words("with impact").Then(Name.Labelled("an impact (outage, degraded, partial)").SeparatedAtLeastOnce(Kw("or")).Select(xs => xs.ToImmutableArray())).Optional());
}
