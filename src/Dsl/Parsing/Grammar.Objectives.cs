using System.Collections.Immutable;
using Pidgin;
using SlaKpiDsl.Dsl.Syntax;
using static Pidgin.Parser;
using static SlaKpiDsl.Dsl.Parsing.TokenGrammar;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;

namespace SlaKpiDsl.Dsl.Parsing;

internal static class ObjectiveGrammar
{
    /// <summary>Labels sit on the first token of each alternative, so a failure deeper inside reports the precise
    /// expectation there instead of the whole production's label.</summary>
    public const string ObjectiveLabel =
        "an objective like `availability of api at least 99.9%`, `p95 latency of api requests at most 500 ms`, `response to severity 1 incidents within 15 minutes` or `95% of alerts on api acknowledged within 5 minutes`";

    public const string WindowLabel =
        "a window: `per calendar month`, `per calendar quarter`, `per calendar year`, `per billing cycle` or `rolling N days`";

    public static readonly Parser<Token, WindowSyntax> Window = OneOf(
            Kw("per").Labelled(WindowLabel).Then(OneOf(
                Map((cal, unit) => (WindowSyntax)new CalendarWindowSyntax(unit.Value, cal.Span.Cover(unit.Span)),
                    Kw("calendar"),
                    Choice("`month`, `quarter` or `year`", ("month", CalendarUnit.Month), ("quarter", CalendarUnit.Quarter), ("year", CalendarUnit.Year))),
                Map((bc, day) => (WindowSyntax)new BillingCycleWindowSyntax(day.HasValue ? day.Value : null, Cover(bc.Span, day.HasValue ? day.Value : null)),
                    Words("billing cycle"), Words("starting on day").Then(Integer).Optional())),
                (per, w) => w with { Span = per.Span.Cover(w.Span) }),
            Map((r, n, d) => (WindowSyntax)new RollingWindowSyntax(n, r.Span.Cover(d.Span)), Kw("rolling").Labelled(WindowLabel), Integer, Kw("days")));

    internal static readonly Parser<Token, Keyed<IncidentMilestone>> Milestone = Choice(
        "`acknowledge`, `respond` or `resolve`",
        ("acknowledge", IncidentMilestone.Acknowledge), ("respond", IncidentMilestone.Respond), ("resolve", IncidentMilestone.Resolve));

    internal static Parser<Token, MeasureSyntax> IncidentTime(Parser<Token, StatisticSyntax> statistic) =>
        Map((s, _, m, sel) => (MeasureSyntax)new IncidentTimeMeasureSyntax(s, m.Value, sel, s.Span.Cover(sel.Span)),
            statistic, Words("time to"), Milestone, IncidentSelection);

    internal static readonly Parser<Token, StatisticSyntax> MeanOrMedian = OneOf(
        Kw("mean").Select(t => new StatisticSyntax(StatisticKind.Mean, null, t.Span)),
        Kw("median").Select(t => new StatisticSyntax(StatisticKind.Median, null, t.Span)));

    public static readonly Parser<Token, MeasureSyntax> Measure = OneOf(
            Map((k, _, s) => (MeasureSyntax)new AvailabilityMeasureSyntax(s, k.Span.Cover(s.Last().Span)), Kw("availability").Labelled(ObjectiveLabel), Kw("of"), Services),
            Map((k, s, r) => (MeasureSyntax)new SuccessRateMeasureSyntax(s, k.Span.Cover(r.Span)), Words("success rate of").Labelled(ObjectiveLabel), Services, Kw("requests")),
            Map((p, f) => f(p), PercentileWord.Labelled(ObjectiveLabel), OneOf(
                Map((_, _, s, r) => (Func<Keyed<int>, MeasureSyntax>)(p => new LatencyMeasureSyntax(p.Value, s, p.Span.Cover(r.Span))), Kw("latency"), Kw("of"), Services, Kw("requests")),
                Map((_, m, sel) => (Func<Keyed<int>, MeasureSyntax>)(p => new IncidentTimeMeasureSyntax(new StatisticSyntax(StatisticKind.Percentile, p.Value, p.Span), m.Value, sel, p.Span.Cover(sel.Span))),
                    Words("time to"), Milestone, IncidentSelection))),
            IncidentTime(MeanOrMedian.Labelled(ObjectiveLabel)),
            Map((k, sel) => (MeasureSyntax)new PostmortemCompletionMeasureSyntax(sel, k.Span.Cover(sel.Span)), Words("postmortems completed for").Labelled(ObjectiveLabel), IncidentSelection),
            Map((k, on) =>
                {
                    var services = on.HasValue ? on.Value : ImmutableArray<IdentifierSyntax>.Empty;
                    var span = on.HasValue ? k.Span.Cover(on.Value.Last().Span) : k.Span;
                    return (MeasureSyntax)new IncidentCountMeasureSyntax(new IncidentSelectionSyntax(null, services, ImmutableArray<IdentifierSyntax>.Empty, span), span);
                },
                Words("incident count").Labelled(ObjectiveLabel), Kw("on").Then(Services).Optional()),
            Map((k, sel) => (MeasureSyntax)new IncidentCountMeasureSyntax(sel, k.Span.Cover(sel.Span)), Words("count of").Labelled(ObjectiveLabel), IncidentSelection),
            // CHECK: `downtime of api at most 43 minutes` (a downtime budget; lint SLA1008).
            Map((k, s) => (MeasureSyntax)new DowntimeMeasureSyntax(s, k.Span.Cover(s.Last().Span)), Words("downtime of").Labelled(ObjectiveLabel), Services));

    public static readonly Parser<Token, SliceShareSyntax> SliceShare =
        Map((k, share, _, length, end) => new SliceShareSyntax(share, length, k.Span.Cover(end.Span)),
            Words("in at least"), Percent, Kw("of"), CompactDuration, Kw("slices"));

    internal static readonly Parser<Token, Keyed<TrendDirection>> Direction = Choice(
        "a trend like `decreasing month over month`",
        ("decreasing", TrendDirection.Decreasing), ("increasing", TrendDirection.Increasing), ("not increasing", TrendDirection.NotIncreasing));

    internal static readonly Parser<Token, Keyed<TrendStep>> Step = Choice(
        "`month over month` or `quarter over quarter`",
        ("month over month", TrendStep.MonthOverMonth), ("quarter over quarter", TrendStep.QuarterOverQuarter));

    internal static readonly Parser<Token, ObjectiveSyntax> MeasureObjective =
        Map((m, f) => f(m), Measure, OneOf(
            Map((bound, slices) => (Func<MeasureSyntax, ObjectiveSyntax>)(m => new ThresholdObjectiveSyntax(m, bound, slices.HasValue ? slices.Value : null, Cover(m.Span, slices.HasValue ? slices.Value : bound))),
                Comparison, SliceShare.Optional()),
            Map((d, s) => (Func<MeasureSyntax, ObjectiveSyntax>)(m => new TrendObjectiveSyntax(m, d.Value, s.Value, m.Span.Cover(s.Span))), Direction, Step)));

    public static readonly Parser<Token, Keyed<ClockKind>> ClockKindChoice = Choice(
        "`response` or `resolution`", ("response", ClockKind.Response), ("resolution", ClockKind.Resolution));

    internal static readonly Parser<Token, ObjectiveSyntax> ClockObjective =
        Map((kind, _, sel, _, within, _, share) =>
                (ObjectiveSyntax)new IncidentClockObjectiveSyntax(kind.Value, sel, within, share.Value, kind.Span.Cover(share.Span)),
            ClockKindChoice.Labelled(ObjectiveLabel), OneOf(Kw("to"), Kw("of")), IncidentSelection, Kw("within"), Duration, Sym(','),
            OneOf(
                    Words("every incident").Select(t => new Keyed<PercentLiteralSyntax?>(null, t.Span)),
                    Map((p, t) => new Keyed<PercentLiteralSyntax?>(p, p.Span.Cover(t.Span)), Percent, Words("of incidents")))
                .Labelled("`every incident` or `95% of incidents`"));

    internal static readonly Parser<Token, ObjectiveSyntax> AlertObjective =
        Map((share, _, s, _, within) => (ObjectiveSyntax)new AlertAcknowledgementObjectiveSyntax(share, s, within, share.Span.Cover(within.Span)),
            Percent.Labelled(ObjectiveLabel), Words("of alerts on"), Services, Words("acknowledged within"), Duration);

    public static readonly Parser<Token, ObjectiveSyntax> Objective = OneOf(ClockObjective, AlertObjective, MeasureObjective);
}
