using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Semantics.Binding;

public sealed partial class Binder
{
    private BoundObjective? BindObjective(ObjectiveSyntax syntax, WindowSyntax? windowSyntax, ContractScope scope, SyntaxNode clause)
    {
        var objective = BindObjectiveBody(syntax, scope);
        if (objective is null) return null;
        Window? window = null;
        if (windowSyntax is not null)
        {
            window = BindWindow(windowSyntax);
            if (window is null) return null;
        }
        else if (objective is not TrendObjective)
        {
            Report(DiagnosticBuilder.MissingClause(_source, clause.Span, "this target", "a window such as 'per calendar month'"));
            return null;
        }
        return new BoundObjective(objective, window, clause.Span) { Clause = (clause as ClauseSyntax)?.Reference?.Number.Value };
    }

    private Objective? BindObjectiveBody(ObjectiveSyntax syntax, ContractScope scope)
    {
        switch (syntax)
        {
            case ThresholdObjectiveSyntax threshold:
            {
                var measure = BindMeasure(threshold.Measure, scope);
                if (measure is null) return null;
                var bound = BindComparison(threshold.Bound, measure);
                if (bound is null) return null;
                SliceShare? slices = null;
                if (threshold.Slices is { } sliceSyntax)
                {
                    var share = BindPercent(sliceSyntax.Share);
                    var length = BindDuration(sliceSyntax.SliceLength, "slice length");
                    if (share is null || length is null) return null;
                    slices = new SliceShare(share.Value, length.Value);
                }
                return new ThresholdObjective(measure, bound, slices);
            }
            case IncidentClockObjectiveSyntax clock:
            {
                var incidents = BindSelection(clock.Incidents, scope);
                var within = BindDuration(clock.Within, "clock limit");
                Percent? share = clock.Share is { } s ? BindPercent(s) : null;
                if (within is null || (clock.Share is not null && share is null)) return null;
                return new IncidentClockObjective(clock.Kind, incidents, within.Value, share);
            }
            case AlertAcknowledgementObjectiveSyntax alerts:
            {
                var share = BindPercent(alerts.Share);
                var within = BindDuration(alerts.Within, "acknowledgement limit");
                var services = BindServices(alerts.Services, scope);
                if (share is null || within is null) return null;
                return new AlertAcknowledgementObjective(share.Value, services, within.Value);
            }
            case TrendObjectiveSyntax trend:
            {
                var measure = BindMeasure(trend.Measure, scope);
                return measure is null ? null : new TrendObjective(measure, trend.Direction, trend.Step);
            }
            default:
                throw new InvalidOperationException($"Unexpected objective syntax {syntax.GetType().Name}.");
        }
    }

    private Measure? BindMeasure(MeasureSyntax syntax, ContractScope scope) => syntax switch
    {
        AvailabilityMeasureSyntax availability => new AvailabilityMeasure(BindServices(availability.Services, scope)),
        SuccessRateMeasureSyntax success => new SuccessRateMeasure(BindServices(success.Services, scope)),
        LatencyMeasureSyntax latency => BindLatency(latency, scope),
        IncidentTimeMeasureSyntax time => new IncidentTimeMeasure(time.Statistic.Kind, time.Statistic.Percentile, time.Milestone, BindSelection(time.Incidents, scope)),
        PostmortemCompletionMeasureSyntax postmortems => new PostmortemCompletionMeasure(BindSelection(postmortems.Incidents, scope)),
        DowntimeMeasureSyntax downtime => new DowntimeMeasure(BindServices(downtime.Services, scope)),
        IncidentCountMeasureSyntax count => new IncidentCountMeasure(BindSelection(count.Incidents, scope)),
        _ => throw new InvalidOperationException($"Unexpected measure syntax {syntax.GetType().Name}."),
    };

    private LatencyMeasure? BindLatency(LatencyMeasureSyntax latency, ContractScope scope)
    {
        if (latency.Percentile is < 1 or > 99)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, latency.Span, $"percentile p{latency.Percentile}", "must be p1 to p99"));
            return null;
        }
        return new LatencyMeasure(latency.Percentile, BindServices(latency.Services, scope));
    }

    /// <summary>The kind of value a measure is compared with: percent, duration or count.</summary>
    private static string ExpectedKind(Measure measure) => measure switch
    {
        AvailabilityMeasure or SuccessRateMeasure or PostmortemCompletionMeasure => "a percent",
        LatencyMeasure or IncidentTimeMeasure or DowntimeMeasure => "a duration",
        _ => "a number",
    };

    private Comparison? BindComparison(ComparisonSyntax comparison, Measure measure)
    {
        var expected = ExpectedKind(measure);
        Quantity? value = (comparison.Value, expected) switch
        {
            (PercentLiteralSyntax percent, "a percent") => BindPercent(percent) is { } p ? new PercentQuantity(p) : null,
            (DurationLiteralSyntax duration, "a duration") => BindDuration(duration, measure.Name) is { } d ? new DurationQuantity(d, Written(duration)) : null,
            (NumberLiteralSyntax number, "a number") => new CountQuantity(number.Value),
            _ => WrongKind(comparison.Value, measure.Name, expected),
        };
        return value is null ? null : new Comparison(comparison.Operator, value);
    }

    private Quantity? WrongKind(LiteralSyntax literal, string what, string expected)
    {
        Report(DiagnosticBuilder.WrongValueKind(_source, literal.Span, what, expected, KindOf(literal)));
        return null;
    }

    private static string KindOf(LiteralSyntax literal) => literal switch
    {
        PercentLiteralSyntax => "a percent",
        DurationLiteralSyntax => "a duration",
        NumberLiteralSyntax => "a number",
        MoneyLiteralSyntax => "money",
        _ => "this value",
    };
}
