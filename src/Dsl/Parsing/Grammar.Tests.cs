using System.Collections.Immutable;
using Pidgin;
using SlaKpiDsl.Dsl.Syntax;
using static Pidgin.Parser;
using static SlaKpiDsl.Dsl.Parsing.TokenGrammar;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;

namespace SlaKpiDsl.Dsl.Parsing;

internal static class TestGrammar
{
    internal static readonly Parser<Token, ClauseSyntax> PeriodClause =
        Map((k, p) => (ClauseSyntax)new PeriodClauseSyntax(p, k.Span.Cover(p.Span)), Kw("period"), Period);

    internal static readonly Parser<Token, ClauseSyntax> AsOf =
        Map((k, i) => (ClauseSyntax)new AsOfClauseSyntax(i, k.Span.Cover(i.Span)), Words("as of"), Instant);

    private const string AttributeLabel =
        "an incident detail (`cause`, `severity`, `tagged`, `detected at`, `acknowledged at`, `responded at`, `postmortem`, `affected`)";

    internal static readonly Parser<Token, IncidentAttributeSyntax> IncidentAttribute = OneOf(
            Map((k, c) => (IncidentAttributeSyntax)new CauseAttributeSyntax(c, k.Span.Cover(c.Span)), Kw("cause").Labelled(AttributeLabel), Name),
            Map((k, n) => (IncidentAttributeSyntax)new SeverityAttributeSyntax(n, k.Span.Cover(n.Span)), Kw("severity").Labelled(AttributeLabel), Integer),
            Map((k, t) => (IncidentAttributeSyntax)new TagAttributeSyntax(t, k.Span.Cover(t.Span)), Kw("tagged").Labelled(AttributeLabel), Name),
            Map((e, _, at) => (IncidentAttributeSyntax)new MilestoneAttributeSyntax(e.Value, at, e.Span.Cover(at.Span)),
                Choice(AttributeLabel,
                    ("detected", ClockEvent.Detected), ("acknowledged", ClockEvent.Acknowledged), ("responded", ClockEvent.Responded)),
                Kw("at"), Instant),
            Map((k, c) => (IncidentAttributeSyntax)new PostmortemAttributeSyntax(c.Value, k.Span.Cover(c.Span)),
                Kw("postmortem").Labelled(AttributeLabel), Choice("`completed` or `missing`", ("completed", true), ("missing", false))),
            Map((k, p) => (IncidentAttributeSyntax)new AffectedShareAttributeSyntax(p, k.Span.Cover(p.Span)), Kw("affected").Labelled(AttributeLabel), Percent));

    internal static readonly Parser<Token, ClauseSyntax> IncidentEvidence =
        Map((k, service, impact, _, from, to, attributes) =>
            {
                var attrs = attributes.ToImmutableArray();
                var end = attrs.Length > 0 ? attrs[^1].Span : to.HasValue ? to.Value.Span : from.Span;
                return (ClauseSyntax)new IncidentEvidenceSyntax(service, impact, from, to.HasValue ? to.Value : null, attrs, k.Span.Cover(end));
            },
            Kw("incident"), Name.Labelled("a service id"), Name.Labelled("an impact (outage, degraded, partial, none)"), Kw("from"), Instant,
            Kw("to").Then(Instant).Optional(), IncidentAttribute.ManyTail());

    internal static readonly Parser<Token, ClauseSyntax> MaintenanceEvidence =
        Map((k, on, _, from, _, to, _, announced) =>
                (ClauseSyntax)new MaintenanceEvidenceSyntax(on.HasValue ? on.Value : ImmutableArray<IdentifierSyntax>.Empty, from, to, announced, k.Span.Cover(announced.Span)),
            Kw("maintenance"), Kw("on").Then(Services).Optional(), Kw("from"), Instant, Kw("to"), Instant, Kw("announced"), Instant);

    internal static readonly Parser<Token, LatencyValueSyntax> LatencyValue =
        Map((p, d) => new LatencyValueSyntax(p.Value, d, p.Span.Cover(d.Span)), PercentileWord, Duration);

    internal static readonly Parser<Token, ClauseSyntax> RequestsEvidence =
        Map((head, range, _, total, _, failed, latencies) =>
            {
                var lat = latencies.ToImmutableArray();
                return (ClauseSyntax)new RequestsEvidenceSyntax(head.Service, range.From, range.To, total, failed, lat,
                    head.Keyword.Span.Cover(lat.Length > 0 ? lat[^1].Span : failed.Span));
            },
            Map((k, _, s) => (Keyword: k, Service: s), Kw("requests"), Kw("on"), Name),
            Map((_, f, _, t) => (From: f, To: t), Kw("from"), Instant, Kw("to"), Instant),
            Kw("total"), Integer, Kw("failed"), Integer, LatencyValue.ManyTail());

    internal static readonly Parser<Token, ClauseSyntax> AlertEvidence =
        Map((k, _, s, _, at, ack) => (ClauseSyntax)new AlertEvidenceSyntax(s, at, ack.HasValue ? ack.Value : null, Cover(k.Span, ack.HasValue ? ack.Value : at)),
            Kw("alert"), Kw("on"), Name, Kw("at"), Instant, Words("acknowledged at").Then(Instant).OptionalTail());

    internal static readonly Parser<Token, ClauseSyntax> DeploymentEvidence =
        Map((k, s, _, from, to) => (ClauseSyntax)new DeploymentEvidenceSyntax(s, from, to.HasValue ? to.Value : null, Cover(k.Span, to.HasValue ? to.Value : from)),
            Kw("deployed"), Name, Kw("from"), Instant, Kw("to").Then(Instant).OptionalTail());

    internal static readonly Parser<Token, Keyed<ExpectQuantity>> ExpectQuantityChoice = Choice(
        "`downtime`, `availability`, `credit`, `verdict`, `success rate`, `excluded time`, `breaches` or `value`",
        ("downtime", ExpectQuantity.Downtime), ("availability", ExpectQuantity.Availability), ("credit", ExpectQuantity.Credit),
        ("verdict", ExpectQuantity.Verdict), ("success rate", ExpectQuantity.SuccessRate), ("excluded time", ExpectQuantity.ExcludedTime),
        ("breaches", ExpectQuantity.Breaches), ("value", ExpectQuantity.Value));

    internal static readonly Parser<Token, ExpectedValueSyntax> ExpectedValue = OneOf(
            Kw("met").Labelled(ExpectedValueLabel).Select(t => (ExpectedValueSyntax)new VerdictExpectedValueSyntax(VerdictKeyword.Met, t.Span)),
            Kw("breached").Labelled(ExpectedValueLabel).Select(t => (ExpectedValueSyntax)new VerdictExpectedValueSyntax(VerdictKeyword.Breached, t.Span)),
            Map((n, suffix) => suffix.HasValue ? suffix.Value(n) : new LiteralExpectedValueSyntax(new NumberLiteralSyntax(ParseDecimal(n.Text), n.Text, n.Span), n.Span),
                Token(t => t.Kind == TokenKind.Number).Labelled(ExpectedValueLabel),
                OneOf(
                    Map((pct, fee) => (Func<Token, ExpectedValueSyntax>)(n =>
                        {
                            var percent = new PercentLiteralSyntax(ParseDecimal(n.Text), n.Text, n.Span.Cover(pct.Span));
                            return fee.HasValue
                                ? new PercentOfFeeExpectedValueSyntax(percent, n.Span.Cover(fee.Value.Span))
                                : new LiteralExpectedValueSyntax(percent, percent.Span);
                        }),
                        Sym('%'), Words("of fee").Optional()),
                    Token(t => t.Kind == TokenKind.Word && UnitWords.ContainsKey(t.Text)).Select(u => (Func<Token, ExpectedValueSyntax>)(n =>
                        new LiteralExpectedValueSyntax(new DurationLiteralSyntax(ParseDecimal(n.Text), n.Text, UnitWords[u.Text], false, n.Span.Cover(u.Span)), n.Span.Cover(u.Span)))),
                    Token(t => t.Kind == TokenKind.Word && t.Text.Length == 3 && t.Text.All(char.IsAsciiLetterUpper)).Select(c => (Func<Token, ExpectedValueSyntax>)(n =>
                        new LiteralExpectedValueSyntax(new MoneyLiteralSyntax(ParseDecimal(n.Text), n.Text, c.Text, n.Span.Cover(c.Span)), n.Span.Cover(c.Span)))))
                .Optional()));

    private const string ExpectedValueLabel = "an expected value like 90 minutes, 99.792%, 10% of fee, 1200.00 USD, met or breached";

    internal static readonly Parser<Token, ClauseSyntax> Expect =
        Map((k, q, _, subject, values, rounded) =>
            {
                var vs = values.ToImmutableArray();
                return (ClauseSyntax)new ExpectClauseSyntax(q.Value, subject, vs, rounded.HasValue ? rounded.Value.N : null,
                    k.Span.Cover(rounded.HasValue ? rounded.Value.End.Span : vs[^1].Span));
            },
            Kw("expect"), ExpectQuantityChoice, Kw("of"), Name.Labelled("an sla or kpi name"),
            Sym('=').Then(ExpectedValue).AtLeastOnce(),
            Map((_, n, end) => (N: n, End: end), Words("rounded to"), Integer, Kw("places")).OptionalTail());

    /// <summary>Clause parsers of a test body, keyed by their first word.</summary>
    public static readonly IReadOnlyDictionary<string, Parser<Token, ClauseSyntax>> TestClauses = new Dictionary<string, Parser<Token, ClauseSyntax>>
    {
        ["period"] = PeriodClause,
        ["as"] = AsOf,
        ["incident"] = IncidentEvidence,
        ["maintenance"] = MaintenanceEvidence,
        ["requests"] = RequestsEvidence,
        ["alert"] = AlertEvidence,
        ["deployed"] = DeploymentEvidence,
        ["expect"] = Expect,
    };
}
