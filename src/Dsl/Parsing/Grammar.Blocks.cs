using System.Collections.Immutable;
using Pidgin;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using static Pidgin.Parser;
using static SlaKpiDsl.Dsl.Parsing.TokenGrammar;
using static SlaKpiDsl.Dsl.Parsing.ObjectiveGrammar;
using static SlaKpiDsl.Dsl.Parsing.ContractGrammar;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;

namespace SlaKpiDsl.Dsl.Parsing;

internal static class BlockGrammar
{
    internal static readonly Parser<Token, ClauseSyntax> Reference =
        Map((k, n) => (ClauseSyntax)new ReferenceClauseSyntax(new ClauseReferenceSyntax(n, k.Span.Cover(n.Span)), k.Span.Cover(n.Span)),
            Kw("clause"), Str.Labelled("a paragraph number in quotes like \"3.1\""));

    internal static readonly Parser<Token, ClauseSyntax> Guarantee =
        Map((k, o, _, w) => (ClauseSyntax)new GuaranteeClauseSyntax(o, w, k.Span.Cover(w.Span)),
            Kw("guarantee"), Objective, Sym(',').Optional(), Window);

    internal static readonly Parser<Token, ClauseSyntax> Target =
        Map((k, o, w) => (ClauseSyntax)new TargetClauseSyntax(o, w.HasValue ? w.Value : null, Cover(k.Span, w.HasValue ? w.Value : o)),
            Kw("target"), Objective, Sym(',').Optional().Then(Window).OptionalTail());

    internal static readonly Parser<Token, ClauseSyntax> Supports =
        Map((k, names) => (ClauseSyntax)new SupportsClauseSyntax(names.ToImmutableArray(), k.Span.Cover(names.Last().Span)),
            Kw("supports"), Name.Labelled("an sla name").SeparatedAtLeastOnce(Kw("and")));

    internal static readonly Parser<Token, ClauseSyntax> ErrorRateDowntime =
        Map((interval, _, services, _, rate, min) =>
                (ClauseSyntax)new DowntimeFromErrorRateClauseSyntax(interval, services, rate, min.HasValue ? min.Value.Number : null,
                    interval.Span.Cover(min.HasValue ? min.Value.End.Span : rate.Span)),
            EachInterval, Kw("on"), Services, Words("with error rate"), Comparison,
            Map((_, n, end) => (Number: n, End: end), Words("and at least"), Integer, Kw("requests")).OptionalTail());

    internal static readonly Parser<Token, ClauseSyntax> Downtime =
        Map((k, f) => f(k), Kw("downtime"), OneOf(
            Kw("is").Then(OneOf(
                IncidentSelection.Select(sel => (Func<Token, ClauseSyntax>)(k => new DowntimeFromIncidentsClauseSyntax(sel, k.Span.Cover(sel.Span)))),
                ErrorRateDowntime.Select(c => (Func<Token, ClauseSyntax>)(k => c with { Span = k.Span.Cover(c.Span) })),
                Words("weighted by the affected share of each incident").Select(end => (Func<Token, ClauseSyntax>)(k => new AffectedShareClauseSyntax(k.Span.Cover(end.Span)))))),
            Kw("counts").Then(OneOf(
                Map((w, _, sel) => (Func<Token, ClauseSyntax>)(k => new DowntimeWeightClauseSyntax(w, sel, k.Span.Cover(sel.Span))),
                    Percent, Kw("for"), IncidentSelection),
                Map((_, n, noun, end) => (Func<Token, ClauseSyntax>)(k => new AtOnceClauseSyntax(n, noun.Text, k.Span.Cover(end.Span))),
                    Words("only when at least"), Integer, OneOf(Kw("services"), Kw("zones")), Words("are down at once"))))));

    internal static readonly Parser<Token, ClauseSyntax> AverageErrorRate =
        Map((k, interval, _, services, _, empty) =>
                (ClauseSyntax)new AverageErrorRateClauseSyntax(interval, services, empty, k.Span.Cover(empty.Span)),
            Map((k, _, _, _) => k, Kw("availability"), Kw("is"), Token(t => t.Kind == TokenKind.Number && t.Text is "100" or "100.0" or "100.00").Labelled("`100%`").Before(Sym('%')),
                Words("minus average error rate of")),
            EachInterval, Kw("on"), Services, Sym(',').Then(Words("empty intervals count as")), Percent);

    internal static readonly Parser<Token, ClauseSyntax> ConsecutiveRuns =
        Map((k, n, _, noun, end) => (ClauseSyntax)new ConsecutiveRunClauseSyntax(n, noun.Text, k.Span.Cover(end.Span)),
            Words("only runs of at least"), Integer, Words("consecutive down"),
            OneOf(Kw("intervals"), Kw("minutes"), Kw("hours")), Kw("count"));

    internal static readonly Parser<Token, ClauseSyntax> Ignore =
        Map((k, d) => (ClauseSyntax)new MinimumDowntimePeriodClauseSyntax(d, k.Span.Cover(d.Span)),
            Words("ignore downtime periods shorter than"), Duration);

    internal static readonly Parser<Token, ClauseSyntax> MeasuredOver =
        Map((k, b) => (ClauseSyntax)new MeasuredOverClauseSyntax(b.Value, k.Span.Cover(b.Span)),
            Words("measured over"),
            Choice("`deployed time` or `the calendar window`", ("deployed time", MeasurementBase.DeployedTime), ("the calendar window", MeasurementBase.CalendarWindow)));

    internal static readonly Parser<Token, ClauseSyntax> RoundMeasured =
        Map((k, n, places, mode) => (ClauseSyntax)new RoundMeasuredValueClauseSyntax(n, mode.HasValue ? mode.Value.Value : null, k.Span.Cover(mode.HasValue ? mode.Value.Span : places.Span)),
            Words("round measured value to"), Integer, Kw("places"), Rounding.OptionalTail());

    internal static readonly Parser<Token, Token> ListSeparator = OneOf(Sym(','), Kw("or"));

    internal static readonly Parser<Token, ImmutableArray<IdentifierSyntax>> NameList =
        Map((first, rest) => rest.Prepend(first).ToImmutableArray(),
            Name, Try(ListSeparator.Then(NameExcept("at"))).Many());

    internal static readonly Parser<Token, ExclusionSyntax> Exclusion = OneOf(
            Map((k, notice) => (ExclusionSyntax)new MaintenanceExclusionSyntax(notice.HasValue ? notice.Value.D : null, notice.HasValue ? k.Span.Cover(notice.Value.End.Span) : k.Span),
                Kw("maintenance").Labelled(ExclusionLabel), Map((_, d, end) => (D: d, End: end), Words("announced at least"), Duration, Kw("ahead")).Optional()),
            Map((k, f) => f(k), Kw("incidents").Labelled(ExclusionLabel), OneOf(
                Words("caused by").Then(NameList).Select(names => (Func<Token, ExclusionSyntax>)(k => new CauseExclusionSyntax(names, k.Span.Cover(names.Last().Span)))),
                Kw("tagged").Then(NameList).Select(names => (Func<Token, ExclusionSyntax>)(k => new TagExclusionSyntax(names, k.Span.Cover(names.Last().Span)))))),
            Map((k, s) => (ExclusionSyntax)new TimeWindowExclusionSyntax(s, k.Span.Cover(s.Span)), Words("downtime during").Labelled(ExclusionLabel), WeeklySchedule));

    private const string ExclusionLabel = "`maintenance`, `incidents caused by ...`, `incidents tagged ...` or `downtime during Sun 02:00-06:00`";

    internal static readonly Parser<Token, ExclusionCapSyntax> ExclusionCap =
        Map((k, d, _, per) => new ExclusionCapSyntax(d, per.Value, k.Span.Cover(per.Span)),
            Sym(',').Optional().Then(Words("at most")), Duration, Kw("per"), CapPeriodChoice);

    internal static readonly Parser<Token, ClauseSyntax> Exclude =
        Map((k, e, cap) => (ClauseSyntax)new ExclusionClauseSyntax(e, cap.HasValue ? cap.Value : null, Cover(k.Span, cap.HasValue ? cap.Value : e)),
            Kw("exclude"), Exclusion, ExclusionCap.OptionalTail());

    internal static readonly Parser<Token, ClauseSyntax> Excluded =
        Map((k, a) => (ClauseSyntax)new ExcludedTimeClauseSyntax(a.Value, k.Span.Cover(a.Span)),
            Words("excluded time"),
            Choice("`counts as available` or `is removed from the measured period`",
                ("counts as available", ExcludedTimeWording.CountsAsAvailable),
                ("is removed from the measured period", ExcludedTimeWording.RemovedFromMeasuredPeriod)));

    /// <summary>
    /// What may follow <c>N times the fee for the down period</c>: <c>over the measured period</c>, or nothing before a
    /// <c>when</c> condition (Algolia: the multiple is paid only when the month misses its guaranteed uptime) or the end
    /// of the line; a wrong word is reported as "expected `over the measured period`, `when` or the end of the line".
    /// </summary>
    // Declared before CreditAmount: static fields initialise in text order.
    private static readonly Parser<Token, Maybe<Token>> MultipleTail =
        OneOf(Words("over the measured period").Select(Maybe.Just), Lookahead(OneOf(Kw("when").IgnoreResult(), EndOfClause)).ThenReturn(Maybe.Nothing<Token>()));

    public static readonly Parser<Token, CreditAmountSyntax> CreditAmount =
        Map((n, f) => f(n), Token(t => t.Kind == TokenKind.Number).Labelled(CreditAmountLabel), OneOf(
            Map((p, end) => (Func<Token, CreditAmountSyntax>)(n => new PercentOfFeeSyntax(new PercentLiteralSyntax(ParseDecimal(n.Text), n.Text, n.Span.Cover(p.Span)), n.Span.Cover(end.Span))),
                Sym('%'), Words("of fee")),
            Words("days of service").Select(end => (Func<Token, CreditAmountSyntax>)(n => new DaysOfServiceSyntax(new NumberLiteralSyntax(ParseDecimal(n.Text), n.Text, n.Span), n.Span.Cover(end.Span)))),
            Map((end, over) => (Func<Token, CreditAmountSyntax>)(n => new FeeMultipleForDownPeriodSyntax(new NumberLiteralSyntax(ParseDecimal(n.Text), n.Text, n.Span), n.Span.Cover(over.HasValue ? over.Value.Span : end.Span), over.HasValue)),
                Words("times the fee for the down period"), MultipleTail),
            CurrencyWord.Select(c => (Func<Token, CreditAmountSyntax>)(n => new FixedAmountSyntax(new MoneyLiteralSyntax(ParseDecimal(n.Text), n.Text, c.Text, n.Span.Cover(c.Span)), n.Span.Cover(c.Span))))));

    private const string CreditAmountLabel = "an amount: `10% of fee`, `90 days of service`, `10 times the fee for the down period` or `100.00 USD`";
    private const string ConditionLabel = "a condition like `availability below 99.9%` or `any guarantee is breached`";

    internal static readonly Parser<Token, CreditConditionSyntax> CreditCondition = OneOf(
            Words("any guarantee is breached").Labelled(ConditionLabel).Select(t => (CreditConditionSyntax)new AnyGuaranteeBreachedConditionSyntax(t.Span)),
            Map((s, bounds) => (CreditConditionSyntax)new MeasuredValueConditionSyntax(s.Value, bounds.ToImmutableArray(), s.Span.Cover(bounds.Last().Span)),
                Choice(ConditionLabel, ("availability", TierSubject.Availability), ("uptime", TierSubject.Uptime), ("success rate", TierSubject.SuccessRate)),
                Comparison.SeparatedAtLeastOnce(Kw("and"))));

    internal static readonly Parser<Token, ClauseSyntax> Credit =
        Map((k, amount, trigger) => (ClauseSyntax)new CreditClauseSyntax(amount, trigger.HasValue ? trigger.Value : null, Cover(k.Span, trigger.HasValue ? trigger.Value : amount)),
            Kw("credit"), CreditAmount,
            OneOf(
                Map((w, c) => (CreditTriggerSyntax)new WhenTriggerSyntax(c, w.Span.Cover(c.Span)), Kw("when"), CreditCondition),
                Words("per breached incident").Select(t => (CreditTriggerSyntax)new PerBreachedIncidentTriggerSyntax(t.Span)))
            .OptionalTail());

    internal static readonly Parser<Token, ClauseSyntax> Credits =
        Map((k, f) => f(k), Kw("credits"), OneOf(
            Words("are cumulative").Select(t => (Func<Token, ClauseSyntax>)(k => new CumulativeCreditsClauseSyntax(k.Span.Cover(t.Span)))),
            Map((_, limit, tail) => (Func<Token, ClauseSyntax>)(k => tail.HasValue
                    ? new CreditCapClauseSyntax(limit, tail.Value.Per?.Value, k.Span.Cover(tail.Value.Span)) { RollingMonths = tail.Value.Months }
                    : new CreditCapClauseSyntax(limit, null, k.Span.Cover(limit.Span))),
                Words("capped at"), CreditAmount, OneOf(
                    Kw("per").Then(CapPeriodChoice).Select(p => new CapPeriodTail(p, null, p.Span)),
                    Map((start, n, end) => new CapPeriodTail(null, n, start.Span.Cover(end.Span)), Words("in any"), Integer, Words("consecutive months")))
                .OptionalTail())));

    /// <summary>What follows a credit cap's amount: <c>per contract year</c> or <c>in any 12 consecutive months</c>.</summary>
    private sealed record CapPeriodTail(Keyed<CapPeriod>? Per, NumberLiteralSyntax? Months, SourceSpan Span);

    internal static readonly Parser<Token, ClauseSyntax> NoCredit =
        Map((k, op, money) => (ClauseSyntax)new MinimumCreditClauseSyntax(op.Value, money, k.Span.Cover(money.Span)),
            Words("no credit"),
            Choice("`below`, `unless above` or `unless at least`",
                ("below", ComparisonOperator.AtLeast), ("unless above", ComparisonOperator.Above), ("unless at least", ComparisonOperator.AtLeast)),
            Money);

    internal static readonly Parser<Token, Keyed<ClaimAnchor>> Anchor = Choice(
        "`the month ends`, `the quarter ends`, `the year ends`, `the billing cycle ends`, `the window ends` or `the incident`",
        ("the month ends", ClaimAnchor.MonthEnd), ("the quarter ends", ClaimAnchor.QuarterEnd), ("the year ends", ClaimAnchor.YearEnd),
        ("the billing cycle ends", ClaimAnchor.BillingCycleEnd), ("the window ends", ClaimAnchor.WindowEnd), ("the incident", ClaimAnchor.Incident));

    internal static readonly string[] OrdinalWords =
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

    internal static readonly Parser<Token, Keyed<int>> Ordinal =
        Token(t => t.Kind == TokenKind.Word && Array.IndexOf(OrdinalWords, t.Text) >= 0)
            .Select(t => new Keyed<int>(Array.IndexOf(OrdinalWords, t.Text) + 1, t.Span))
            .Labelled("an ordinal like `second`");

    internal static readonly Parser<Token, ClauseSyntax> Claim =
        Map((k, f) => f(k), Kw("claim"), OneOf(
                Map((_, n, unit, _, anchor) => (Func<Token, ClauseSyntax>)(k => new ClaimWithinClauseSyntax(n, unit.Value, anchor.Value, k.Span.Cover(anchor.Span))),
                    Kw("within"), Integer,
                    Choice("`days`, `months` or `billing cycles`",
                        ("days", ClaimUnit.Days), ("day", ClaimUnit.Days), ("months", ClaimUnit.Months), ("month", ClaimUnit.Months),
                        ("billing cycles", ClaimUnit.BillingCycles), ("billing cycle", ClaimUnit.BillingCycles)),
                    Kw("after"), Anchor),
                Map((_, ord, _, anchor) => (Func<Token, ClauseSyntax>)(k => new ClaimByEndOfCycleClauseSyntax(ord.Value, anchor.Value, k.Span.Cover(anchor.Span))),
                    Words("by the end of the"), Ordinal, Words("billing cycle after"), Anchor)));

    internal static readonly Parser<Token, ClauseSyntax> Warn =
        Map((k, p, end) => (ClauseSyntax)new WarnClauseSyntax(p, k.Span.Cover(end.Span)),
            Words("warn when"), Percent, Words("of downtime budget is used"));

    internal static readonly Parser<Token, Keyed<ClockEvent>> ClockEventChoice = Choice(
        "`started`, `detected`, `acknowledged`, `responded` or `resolved`",
        ("started", ClockEvent.Started), ("detected", ClockEvent.Detected), ("acknowledged", ClockEvent.Acknowledged),
        ("responded", ClockEvent.Responded), ("resolved", ClockEvent.Resolved));

    internal static readonly Parser<Token, ClauseSyntax> Clock =
        Map((kind, _, events, hours, holidays) =>
                {
                    var end = holidays.HasValue ? holidays.Value.Span : hours.HasValue ? hours.Value.Span : events.HasValue ? events.Value.Span : kind.Span;
                    return new ClockClauseSyntax(kind.Value,
                        events.HasValue ? events.Value.Start : null, events.HasValue ? events.Value.Stop : null,
                        hours.HasValue ? hours.Value : null, holidays.HasValue ? holidays.Value : null, kind.Span.Cover(end));
                },
                ClockKindChoice, Words("clock runs"),
                Map((f, start, _, stop) => (Start: (ClockEvent?)start.Value, Stop: (ClockEvent?)stop.Value, Span: f.Span.Cover(stop.Span)),
                    Kw("from"), ClockEventChoice, Kw("to"), ClockEventChoice).Optional(),
                Words("during business hours").Then(WeeklySchedule).Optional(),
                Words("except holidays").Then(Name.Labelled("a holidays calendar name")).Optional())
            .Assert(c => c.Start is not null || c.BusinessHours is not null || c.Holidays is not null,
                "`from EVENT to EVENT`, `during business hours Mon-Fri 08:00-18:00` or `except holidays NAME`")
            .Select(c => (ClauseSyntax)c);

    /// <summary>Clause parsers of an sla or kpi body, keyed by their first word.</summary>
    public static readonly IReadOnlyDictionary<string, Parser<Token, ClauseSyntax>> BlockClauses = new Dictionary<string, Parser<Token, ClauseSyntax>>
    {
        ["clause"] = Reference,
        ["guarantee"] = Guarantee,
        ["target"] = Target,
        ["supports"] = Supports,
        ["downtime"] = Downtime,
        ["availability"] = AverageErrorRate,
        ["only"] = ConsecutiveRuns,
        ["ignore"] = Ignore,
        ["measured"] = MeasuredOver,
        ["round"] = RoundMeasured,
        ["exclude"] = Exclude,
        ["excluded"] = Excluded,
        ["credit"] = Credit,
        ["credits"] = Credits,
        ["no"] = NoCredit,
        ["claim"] = Claim,
        ["warn"] = Warn,
        ["response"] = Clock,
        ["resolution"] = Clock,
        ["suppress"] = Suppress,
    };
}
