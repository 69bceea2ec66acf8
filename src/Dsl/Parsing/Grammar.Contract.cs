using System.Collections.Immutable;
using Pidgin;
using SlaKpiDsl.Dsl.Syntax;
using static Pidgin.Parser;
using static SlaKpiDsl.Dsl.Parsing.TokenGrammar;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;

namespace SlaKpiDsl.Dsl.Parsing;

internal static class ContractGrammar
{
    // ----- block headers (the tokens before `{`) -----

    public static readonly Parser<Token, (StringLiteralSyntax Name, Token Keyword)> ContractHeader =
        Map((k, name) => (name, k), Kw("contract"), Str).Before(EndOfClause);

    public static readonly Parser<Token, (StringLiteralSyntax Name, StringLiteralSyntax Contract, Token Keyword)> TestHeader =
        Map((k, name, _, contract) => (name, contract, k), Kw("test"), Str, Kw("for"), Str).Before(EndOfClause);

    /// <summary><c>sla NAME ["title"]</c>, <c>kpi NAME ["title"]</c>, <c>holidays NAME ["title"]</c>.</summary>
    public static Parser<Token, (IdentifierSyntax Name, StringLiteralSyntax? Title, Token Keyword)> NamedHeader(string keyword) =>
        Map((k, name, title) => (name, title.HasValue ? title.Value : null, k), Kw(keyword), Name, Str.OptionalTail()).Before(EndOfClause);

    // ----- contract clauses -----

    internal static Parser<Token, ClauseSyntax> Party(string word, PartyRole role) =>
        Map((k, s) => (ClauseSyntax)new PartyClauseSyntax(role, s, k.Span.Cover(s.Span)), Kw(word), Str);

    internal static readonly Parser<Token, ClauseSyntax> Effective =
        Map((k, from, _, until) => (ClauseSyntax)new EffectiveClauseSyntax(from, until, k.Span.Cover(until.Span)),
            Kw("effective"), Date, Kw("until"), Date);

    internal static readonly Parser<Token, ClauseSyntax> TimeZone =
        Map((k, z) => (ClauseSyntax)new TimeZoneClauseSyntax(z, k.Span.Cover(z.Span)), Words("time zone"), Str.Labelled("an IANA time zone in quotes like \"America/New_York\""));

    internal static readonly Parser<Token, ClauseSyntax> Fee =
        Map((k, money, _, per) => (ClauseSyntax)new FeeClauseSyntax(money, per.Value, k.Span.Cover(per.Span)),
            Kw("fee"), Money, Kw("per"),
            Choice("`month`, `quarter`, `year` or `billing cycle`",
                ("month", FeePeriod.Month), ("quarter", FeePeriod.Quarter), ("year", FeePeriod.Year), ("billing cycle", FeePeriod.BillingCycle)));

    internal static readonly Parser<Token, ClauseSyntax> RoundingClause =
        Map((k, mode) => (ClauseSyntax)new RoundingClauseSyntax(mode.Value, k.Span.Cover(mode.Span)), Kw("rounding"), Rounding);

    internal static readonly Parser<Token, ClauseSyntax> Service =
        Map((k, name, title) => (ClauseSyntax)new ServiceDeclarationSyntax(name, title.HasValue ? title.Value : null, Cover(k.Span, title.HasValue ? title.Value : name)),
            Kw("service"), Name.Labelled("a service id like api"), Str.OptionalTail());

    private static readonly Parser<Token, IdentifierSyntax> DiagnosticCode =
        Token(t => t.Kind == TokenKind.Word && t.Text.Length > 3 && t.Text.StartsWith("SLA", StringComparison.Ordinal) && t.Text.Skip(3).All(char.IsAsciiDigit))
            .Select(t => new IdentifierSyntax(t.Text, t.Span))
            .Labelled("a diagnostic code like SLA1001");

    public static readonly Parser<Token, ClauseSyntax> Suppress =
        Map((k, code, _, reason) => (ClauseSyntax)new SuppressionClauseSyntax(code, reason, k.Span.Cover(reason.Span)),
            Kw("suppress"), DiagnosticCode, Kw("because"), Str.Labelled("the reason in quotes"));

    public static readonly Parser<Token, ClauseSyntax> Holiday =
        Map((k, date, name) => (ClauseSyntax)new HolidaySyntax(date, name.HasValue ? name.Value : null, Cover(k.Span, name.HasValue ? name.Value : date)),
            Kw("holiday"), Date, Str.OptionalTail());

    private static readonly Parser<Token, ClaimChannelPartSyntax> ClaimChannelPart =
        Map((k, value) => new ClaimChannelPartSyntax(k.Value, value, k.Span.Cover(value.Span)),
            Choice("`contact`, `portal` or `reference`",
                ("contact", Syntax.ClaimChannelPart.Contact), ("portal", Syntax.ClaimChannelPart.Portal), ("reference", Syntax.ClaimChannelPart.Reference)),
            Str.Labelled("quoted text like \"credits@example.com\""));

    /// <summary><c>claims contact "..." portal "..." reference "..."</c>: one or more parts up to the end of the line.</summary>
    internal static readonly Parser<Token, ClauseSyntax> ClaimChannel =
        Map((k, first, rest) =>
            {
                var parts = rest.Prepend(first).ToImmutableArray();
                return (ClauseSyntax)new ClaimChannelClauseSyntax(parts, k.Span.Cover(parts[^1].Span));
            },
            Kw("claims"), ClaimChannelPart, ClaimChannelPart.ManyTail());

    /// <summary>Clause parsers of a contract body, keyed by their first word.</summary>
    public static readonly IReadOnlyDictionary<string, Parser<Token, ClauseSyntax>> ContractClauses = new Dictionary<string, Parser<Token, ClauseSyntax>>
    {
        ["provider"] = Party("provider", PartyRole.Provider),
        ["customer"] = Party("customer", PartyRole.Customer),
        ["effective"] = Effective,
        ["time"] = TimeZone,
        ["fee"] = Fee,
        ["rounding"] = RoundingClause,
        ["service"] = Service,
        ["suppress"] = Suppress,
        ["claims"] = ClaimChannel,
    };

    public static readonly IReadOnlyDictionary<string, Parser<Token, ClauseSyntax>> HolidayClauses = new Dictionary<string, Parser<Token, ClauseSyntax>>
    {
        ["holiday"] = Holiday,
    };
}
