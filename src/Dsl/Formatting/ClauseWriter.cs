using System.Globalization;
using System.Text;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Dsl.Formatting;

/// <summary>The canonical text of one clause or sub-node (keywords in their canonical form, numbers as written).
/// Every form printed here parses back to the same tree (the formatter tests check parse(format(x)) = parse(x)).</summary>
internal static class ClauseWriter
{
    public static string Clause(ClauseSyntax clause)
    {
        var text = Body(clause);
        return clause.Reference is { } r ? $"clause {Str(r.Number)}: {text}" : text;
    }

    private static string Body(ClauseSyntax clause) => clause switch
    {
        PartyClauseSyntax p => $"{(p.Role == PartyRole.Provider ? "provider" : "customer")} {Str(p.Name)}",
        EffectiveClauseSyntax e => $"effective {e.From.Text} until {e.Until.Text}",
        TimeZoneClauseSyntax z => $"time zone {Str(z.Zone)}",
        FeeClauseSyntax f => $"fee {Money(f.Amount)} per {FeePeriodText(f.Per)}",
        RoundingClauseSyntax r => $"rounding {Rounding(r.Mode)}",
        ServiceDeclarationSyntax s => Join("service", s.Name.Name, s.Title is null ? null : Str(s.Title)),
        SuppressionClauseSyntax s => $"suppress {s.Code.Name} because {Str(s.Reason)}",
        ClaimChannelClauseSyntax c => "claims " + string.Join(" ", c.Parts.Select(p => $"{p.Part.ToString().ToLowerInvariant()} {Str(p.Value)}")),
        HolidaySyntax h => Join("holiday", h.Date.Text, h.Name is null ? null : Str(h.Name)),
        ReferenceClauseSyntax r => $"clause {Str(r.Citation.Number)}",
        GuaranteeClauseSyntax g => $"guarantee {Objective(g.Objective)}{WindowSeparator(g.Objective)}{Window(g.Window)}",
        TargetClauseSyntax t => t.Window is null ? $"target {Objective(t.Objective)}" : $"target {Objective(t.Objective)}{WindowSeparator(t.Objective)}{Window(t.Window)}",
        SupportsClauseSyntax s => "supports " + string.Join(" and ", s.Slas.Select(n => n.Name)),
        DowntimeFromIncidentsClauseSyntax d => $"downtime is {Selection(d.Incidents)}",
        DowntimeFromErrorRateClauseSyntax d =>
            $"downtime is {Each(d.Interval)} on {Names(d.Services)} with error rate {Comparison(d.ErrorRate)}" +
            (d.MinimumRequests is null ? "" : $" and at least {d.MinimumRequests.Text} requests"),
        AverageErrorRateClauseSyntax a =>
            $"availability is 100% minus average error rate of {Each(a.Interval)} on {Names(a.Services)}, empty intervals count as {Percent(a.EmptyIntervalErrorRate)}",
        ConsecutiveRunClauseSyntax c => $"only runs of at least {c.Count.Text} consecutive down {c.Noun} count",
        AffectedShareClauseSyntax => "downtime is weighted by the affected share of each incident",
        AtOnceClauseSyntax a => $"downtime counts only when at least {a.Count.Text} {a.Noun} are down at once",
        DowntimeWeightClauseSyntax w => $"downtime counts {Percent(w.Weight)} for {Selection(w.Incidents)}",
        MinimumDowntimePeriodClauseSyntax m => $"ignore downtime periods shorter than {Duration(m.Minimum)}",
        MeasuredOverClauseSyntax m => m.Base == MeasurementBase.DeployedTime ? "measured over deployed time" : "measured over the calendar window",
        RoundMeasuredValueClauseSyntax r => $"round measured value to {r.Places.Text} places" + (r.Mode is { } mode ? " " + Rounding(mode) : ""),
        ExclusionClauseSyntax e => $"exclude {Exclusion(e.Exclusion)}" + (e.Cap is { } cap ? $", at most {Duration(cap.Limit)} per {CapPeriodText(cap.Per)}" : ""),
        ExcludedTimeClauseSyntax e => e.Accounting == ExcludedTimeWording.CountsAsAvailable
            ? "excluded time counts as available"
            : "excluded time is removed from the measured period",
        CreditClauseSyntax c => $"credit {Amount(c.Amount)}" + c.Trigger switch
        {
            WhenTriggerSyntax w => " when " + Condition(w.Condition),
            PerBreachedIncidentTriggerSyntax => " per breached incident",
            _ => "",
        },
        CumulativeCreditsClauseSyntax => "credits are cumulative",
        CreditCapClauseSyntax c => $"credits capped at {Amount(c.Limit)}" + (c.Per is { } per ? $" per {CapPeriodText(per)}" : "")
            + (c.RollingMonths is { } months ? $" in any {months.Text} consecutive months" : ""),
        MinimumCreditClauseSyntax m => m.Required == ComparisonOperator.Above ? $"no credit unless above {Money(m.Amount)}" : $"no credit below {Money(m.Amount)}",
        ClaimWithinClauseSyntax c => $"claim within {c.Count.Text} {ClaimUnitText(c.Unit, c.Count.Text)} after {AnchorText(c.After)}",
        ClaimByEndOfCycleClauseSyntax c => $"claim by the end of the {OrdinalText(c.Ordinal)} billing cycle after {AnchorText(c.After)}",
        WarnClauseSyntax w => $"warn when {Percent(w.Used)} of downtime budget is used",
        ClockClauseSyntax c => Clock(c),
        ParameterSettingSyntax p => $"set {p.Name.Name} = {SingleSpaced(p.Value.Text)}",
        ParameterSyntax p => Parameter(p),
        AllowSyntax a => (a.Kind == AllowanceKind.Override ? "allow override of " : "allow additional ") + string.Join(" and ", a.Kinds.Select(k => k.Name)),
        PeriodClauseSyntax p => $"period {p.Period.Text}",
        AsOfClauseSyntax a => $"as of {a.At.Text}",
        IncidentEvidenceSyntax i =>
            $"incident {i.Service.Name} {i.Impact.Name} from {i.From.Text}" + (i.To is null ? "" : $" to {i.To.Text}") +
            string.Concat(i.Attributes.Select(a => " " + Attribute(a))),
        MaintenanceEvidenceSyntax m =>
            "maintenance" + (m.Services.IsEmpty ? "" : $" on {Names(m.Services)}") + $" from {m.From.Text} to {m.To.Text} announced {m.Announced.Text}",
        RequestsEvidenceSyntax r =>
            $"requests on {r.Service.Name} from {r.From.Text} to {r.To.Text} total {r.Total.Text} failed {r.Failed.Text}" +
            string.Concat(r.Latencies.Select(l => $" p{l.Percentile} {Duration(l.Value)}")),
        AlertEvidenceSyntax a => $"alert on {a.Service.Name} at {a.Raised.Text}" + (a.Acknowledged is null ? "" : $" acknowledged at {a.Acknowledged.Text}"),
        DeploymentEvidenceSyntax d => $"deployed {d.Service.Name} from {d.From.Text}" + (d.To is null ? "" : $" to {d.To.Text}"),
        ExpectClauseSyntax e =>
            $"expect {QuantityText(e.Quantity)} of {e.Subject.Name}" + string.Concat(e.Values.Select(v => " = " + Expected(v))) +
            (e.RoundedToPlaces is null ? "" : $" rounded to {e.RoundedToPlaces.Text} places"),
        _ => throw new InvalidOperationException($"No canonical form for {clause.GetType().Name}."),
    };

    private static string Join(params string?[] parts) => string.Join(" ", parts.Where(p => p is not null));

    /// <summary>Incident-clock objectives end with a comma list (`..., every incident,`) so the window follows a comma.</summary>
    private static string WindowSeparator(ObjectiveSyntax objective) => objective is IncidentClockObjectiveSyntax ? ", " : " ";

    private static string Parameter(ParameterSyntax p)
    {
        var type = p.Type switch
        {
            ParameterType.Choice => "one of " + string.Join(" or ", p.Options.Select(o => o.Name)),
            ParameterType.TimeZone => "time zone",
            _ => p.Type.ToString().ToLowerInvariant(),
        };
        var text = $"parameter {p.Name.Name} {type}" + (p.Default is null ? "" : " default " + SingleSpaced(p.Default.Text));
        foreach (var bound in p.Bounds)
            text += $", at {(bound.Operator == ComparisonOperator.AtLeast ? "least" : "most")} {SingleSpaced(bound.Value.Text)}";
        return text;
    }

    /// <summary>Text as written with each run of spaces and tabs outside quoted text made one space, trimmed.</summary>
    public static string SingleSpaced(string text)
    {
        var sb = new StringBuilder(text.Length);
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length) sb.Append(text[++i]);
                else if (c == '"') quoted = false;
                continue;
            }
            if (c is ' ' or '\t')
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                continue;
            }
            if (c == '"') quoted = true;
            sb.Append(c);
        }
        return sb.ToString().TrimEnd();
    }

    public static string Str(StringLiteralSyntax s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s.Value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static string Names(IEnumerable<IdentifierSyntax> names) => string.Join(" and ", names.Select(n => n.Name));

    private static string Percent(PercentLiteralSyntax p) => p.Text + "%";

    private static string Money(MoneyLiteralSyntax m) => $"{m.Text} {m.Currency}";

    private static string UnitWord(DurationUnit unit, bool singular) => unit switch
    {
        DurationUnit.Milliseconds => singular ? "millisecond" : "ms",
        DurationUnit.Seconds => singular ? "second" : "seconds",
        DurationUnit.Minutes => singular ? "minute" : "minutes",
        DurationUnit.Hours => singular ? "hour" : "hours",
        _ => singular ? "day" : "days",
    };

    public static string Duration(DurationLiteralSyntax d) =>
        d.Compact ? $"{d.Text}-{UnitWord(d.Unit, true)}" : $"{d.Text} {UnitWord(d.Unit, d.Text == "1" && d.Unit != DurationUnit.Milliseconds)}";

    private static string Each(DurationLiteralSyntax d) =>
        d.Text == "1" && d.Unit != DurationUnit.Milliseconds ? $"each {UnitWord(d.Unit, true)}" : $"each {d.Text}-{UnitWord(d.Unit, true)} interval";

    private static string Literal(LiteralSyntax l) => l switch
    {
        PercentLiteralSyntax p => Percent(p),
        DurationLiteralSyntax d => Duration(d),
        MoneyLiteralSyntax m => Money(m),
        NumberLiteralSyntax n => n.Text,
        _ => throw new InvalidOperationException($"No canonical form for {l.GetType().Name}."),
    };

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.AtLeast => "at least",
        ComparisonOperator.AtMost => "at most",
        ComparisonOperator.Above => "above",
        _ => "below",
    };

    private static string Comparison(ComparisonSyntax c) => $"{Operator(c.Operator)} {Literal(c.Value)}";

    private static string Selection(IncidentSelectionSyntax s)
    {
        var sb = new StringBuilder();
        if (s.Severity is { } sev) sb.Append("severity ").Append(sev.Low.Text).Append(sev.High is null ? "" : "-" + sev.High.Text).Append(' ');
        sb.Append("incidents");
        if (!s.Services.IsEmpty) sb.Append(" on ").Append(Names(s.Services));
        if (!s.Impacts.IsEmpty) sb.Append(" with impact ").Append(string.Join(" or ", s.Impacts.Select(i => i.Name)));
        return sb.ToString();
    }

    public static string Window(WindowSyntax w) => w switch
    {
        CalendarWindowSyntax c => "per calendar " + c.Unit.ToString().ToLowerInvariant(),
        BillingCycleWindowSyntax b => "per billing cycle" + (b.StartDay is null ? "" : $" starting on day {b.StartDay.Text}"),
        RollingWindowSyntax r => $"rolling {r.Days.Text} days",
        _ => throw new InvalidOperationException($"No canonical form for {w.GetType().Name}."),
    };

    private static string Objective(ObjectiveSyntax o) => o switch
    {
        ThresholdObjectiveSyntax t => $"{Measure(t.Measure)} {Comparison(t.Bound)}" +
            (t.Slices is { } s ? $" in at least {Percent(s.Share)} of {s.SliceLength.Text}-{UnitWord(s.SliceLength.Unit, true)} slices" : ""),
        IncidentClockObjectiveSyntax c =>
            $"{(c.Kind == ClockKind.Response ? "response to" : "resolution of")} {Selection(c.Incidents)} within {Duration(c.Within)}, " +
            (c.Share is null ? "every incident" : $"{Percent(c.Share)} of incidents"),
        AlertAcknowledgementObjectiveSyntax a => $"{Percent(a.Share)} of alerts on {Names(a.Services)} acknowledged within {Duration(a.Within)}",
        TrendObjectiveSyntax t => $"{Measure(t.Measure)} {TrendText(t.Direction)} {(t.Step == TrendStep.MonthOverMonth ? "month over month" : "quarter over quarter")}",
        _ => throw new InvalidOperationException($"No canonical form for {o.GetType().Name}."),
    };

    private static string TrendText(TrendDirection d) => d switch
    {
        TrendDirection.Decreasing => "decreasing",
        TrendDirection.Increasing => "increasing",
        _ => "not increasing",
    };

    private static string Measure(MeasureSyntax m) => m switch
    {
        AvailabilityMeasureSyntax a => $"availability of {Names(a.Services)}",
        SuccessRateMeasureSyntax s => $"success rate of {Names(s.Services)} requests",
        LatencyMeasureSyntax l => $"p{l.Percentile} latency of {Names(l.Services)} requests",
        IncidentTimeMeasureSyntax t => $"{Statistic(t.Statistic)} time to {t.Milestone.ToString().ToLowerInvariant()} {Selection(t.Incidents)}",
        PostmortemCompletionMeasureSyntax p => $"postmortems completed for {Selection(p.Incidents)}",
        IncidentCountMeasureSyntax c when c.Incidents.Severity is null && c.Incidents.Impacts.IsEmpty =>
            "incident count" + (c.Incidents.Services.IsEmpty ? "" : $" on {Names(c.Incidents.Services)}"),
        IncidentCountMeasureSyntax c => $"count of {Selection(c.Incidents)}",
        DowntimeMeasureSyntax d => $"downtime of {Names(d.Services)}",
        _ => throw new InvalidOperationException($"No canonical form for {m.GetType().Name}."),
    };

    private static string Statistic(StatisticSyntax s) => s.Kind switch
    {
        StatisticKind.Mean => "mean",
        StatisticKind.Median => "median",
        _ => "p" + s.Percentile!.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Exclusion(ExclusionSyntax e) => e switch
    {
        MaintenanceExclusionSyntax m => "maintenance" + (m.MinimumNotice is null ? "" : $" announced at least {Duration(m.MinimumNotice)} ahead"),
        CauseExclusionSyntax c => "incidents caused by " + string.Join(", ", c.Causes.Select(n => n.Name)),
        TagExclusionSyntax t => "incidents tagged " + string.Join(", ", t.Tags.Select(n => n.Name)),
        TimeWindowExclusionSyntax w => "downtime during " + Schedule(w.Schedule),
        _ => throw new InvalidOperationException($"No canonical form for {e.GetType().Name}."),
    };

    private static string Schedule(WeeklyScheduleSyntax s) =>
        string.Join(" and ", s.Days.Select(d => d.First == d.Last ? Day(d.First) : $"{Day(d.First)}-{Day(d.Last)}")) + $" {s.From.Text}-{s.To.Text}";

    private static string Day(DayOfWeek d) => d.ToString()[..3];

    private static string Amount(CreditAmountSyntax a) => a switch
    {
        PercentOfFeeSyntax p => $"{Percent(p.Percent)} of fee",
        DaysOfServiceSyntax d => $"{d.Days.Text} days of service",
        FixedAmountSyntax f => Money(f.Money),
        FeeMultipleForDownPeriodSyntax m => $"{m.Factor.Text} times the fee for the down period" + (m.OverMeasuredPeriod ? " over the measured period" : ""),
        _ => throw new InvalidOperationException($"No canonical form for {a.GetType().Name}."),
    };

    private static string Condition(CreditConditionSyntax c) => c switch
    {
        AnyGuaranteeBreachedConditionSyntax => "any guarantee is breached",
        MeasuredValueConditionSyntax m =>
            (m.Subject switch { TierSubject.Availability => "availability", TierSubject.Uptime => "uptime", _ => "success rate" }) + " " +
            string.Join(" and ", m.Bounds.Select(Comparison)),
        _ => throw new InvalidOperationException($"No canonical form for {c.GetType().Name}."),
    };

    private static string Clock(ClockClauseSyntax c)
    {
        var sb = new StringBuilder(c.Kind == ClockKind.Response ? "response" : "resolution").Append(" clock runs");
        if (c.Start is { } start && c.Stop is { } stop) sb.Append(" from ").Append(EventText(start)).Append(" to ").Append(EventText(stop));
        if (c.BusinessHours is { } hours) sb.Append(" during business hours ").Append(Schedule(hours));
        if (c.Holidays is { } holidays) sb.Append(" except holidays ").Append(holidays.Name);
        return sb.ToString();
    }

    private static string EventText(ClockEvent e) => e.ToString().ToLowerInvariant();

    private static string Attribute(IncidentAttributeSyntax a) => a switch
    {
        CauseAttributeSyntax c => $"cause {c.Cause.Name}",
        SeverityAttributeSyntax s => $"severity {s.Severity.Text}",
        TagAttributeSyntax t => $"tagged {t.Tag.Name}",
        MilestoneAttributeSyntax m => $"{EventText(m.Event)} at {m.At.Text}",
        PostmortemAttributeSyntax p => p.Completed ? "postmortem completed" : "postmortem missing",
        AffectedShareAttributeSyntax s => $"affected {Percent(s.Share)}",
        _ => throw new InvalidOperationException($"No canonical form for {a.GetType().Name}."),
    };

    private static string Expected(ExpectedValueSyntax v) => v switch
    {
        VerdictExpectedValueSyntax verdict => verdict.Verdict == VerdictKeyword.Met ? "met" : "breached",
        PercentOfFeeExpectedValueSyntax p => $"{Percent(p.Percent)} of fee",
        LiteralExpectedValueSyntax l => Literal(l.Value),
        _ => throw new InvalidOperationException($"No canonical form for {v.GetType().Name}."),
    };

    private static string QuantityText(ExpectQuantity q) => q switch
    {
        ExpectQuantity.SuccessRate => "success rate",
        ExpectQuantity.ExcludedTime => "excluded time",
        _ => q.ToString().ToLowerInvariant(),
    };

    public static string Rounding(RoundingMode mode) => mode switch
    {
        RoundingMode.HalfAwayFromZero => "half-away-from-zero",
        RoundingMode.HalfEven => "half-even",
        RoundingMode.HalfTowardZero => "half-toward-zero",
        RoundingMode.TowardZero => "toward-zero",
        _ => "away-from-zero",
    };

    private static string FeePeriodText(FeePeriod p) => p == FeePeriod.BillingCycle ? "billing cycle" : p.ToString().ToLowerInvariant();

    private static string CapPeriodText(CapPeriod p) => p switch
    {
        CapPeriod.ContractYear => "contract year",
        CapPeriod.BillingCycle => "billing cycle",
        _ => p.ToString().ToLowerInvariant(),
    };

    private static string ClaimUnitText(ClaimUnit u, string count) => u switch
    {
        ClaimUnit.Days => count == "1" ? "day" : "days",
        ClaimUnit.Months => count == "1" ? "month" : "months",
        _ => count == "1" ? "billing cycle" : "billing cycles",
    };

    private static string AnchorText(ClaimAnchor a) => a switch
    {
        ClaimAnchor.MonthEnd => "the month ends",
        ClaimAnchor.QuarterEnd => "the quarter ends",
        ClaimAnchor.YearEnd => "the year ends",
        ClaimAnchor.BillingCycleEnd => "the billing cycle ends",
        ClaimAnchor.WindowEnd => "the window ends",
        _ => "the incident",
    };

    private static string OrdinalText(int ordinal) => ordinal is >= 1 and <= 12
        ? Parsing.BlockGrammar.OrdinalWords[ordinal - 1]
        : throw new InvalidOperationException($"Ordinal {ordinal} has no word.");
}
