using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Rules;

/// <summary>
/// SLA1002: a KPI supporting an SLA whose target is not stricter than the SLA's guarantee on the same measure. Without
/// a safety margin the KPI turns red only when the SLA is already breached. Compared: availability and success rate
/// (KPI percent must be higher), latency of the same percentile and per-incident clocks / incident times of the same
/// milestone (KPI duration must be shorter). Different measures are not compared.
/// </summary>
public sealed class KpiWithoutSafetyMarginRule : ILintRule
{
    public const string RuleCode = "SLA1002";

    public string Code => RuleCode;

    public IEnumerable<LintFinding> Analyse(LintContext context)
    {
        foreach (var kpi in context.Contract.Kpis)
        {
            foreach (var slaName in kpi.Supports)
            {
                if (context.Contract.FindSla(slaName) is not { } sla) continue;
                foreach (var target in kpi.Targets)
                {
                    foreach (var guarantee in sla.Guarantees)
                    {
                        if (Margin(target.Objective, guarantee.Objective) is not { } comparison || comparison.Stricter) continue;
                        yield return new LintFinding(
                            DiagnosticBuilder.KpiWithoutSafetyMargin(context.Source, target.Span, kpi.Name, comparison.KpiText, sla.Name, comparison.SlaText),
                            kpi.Name);
                    }
                }
            }
        }
    }

    private sealed record MarginComparison(bool Stricter, string KpiText, string SlaText);

    /// <summary>Compares a KPI objective with a guarantee on the same measure, or null when they measure different things.</summary>
    private static MarginComparison? Margin(Objective kpi, Objective sla)
    {
        switch (kpi, sla)
        {
            case (ThresholdObjective { Measure: AvailabilityMeasure k, Bound: { IsLowerBound: true, Value: PercentQuantity kv } kb },
                  ThresholdObjective { Measure: AvailabilityMeasure s, Bound: { IsLowerBound: true, Value: PercentQuantity sv } sb })
                when SameServices(k.Services, s.Services):
                return new MarginComparison(kv.Value.Value > sv.Value.Value, kb.ToString(), sb.ToString());
            case (ThresholdObjective { Measure: SuccessRateMeasure k, Bound: { IsLowerBound: true, Value: PercentQuantity kv } kb },
                  ThresholdObjective { Measure: SuccessRateMeasure s, Bound: { IsLowerBound: true, Value: PercentQuantity sv } sb })
                when SameServices(k.Services, s.Services):
                return new MarginComparison(kv.Value.Value > sv.Value.Value, kb.ToString(), sb.ToString());
            case (ThresholdObjective { Measure: LatencyMeasure k, Bound: { IsLowerBound: false, Value: DurationQuantity kv } kb },
                  ThresholdObjective { Measure: LatencyMeasure s, Bound: { IsLowerBound: false, Value: DurationQuantity sv } sb })
                when k.Percentile == s.Percentile && SameServices(k.Services, s.Services):
                return new MarginComparison(kv.Value < sv.Value, kb.ToString(), sb.ToString());
            case (IncidentClockObjective k, IncidentClockObjective s) when k.Kind == s.Kind:
                return new MarginComparison(k.Within < s.Within, $"within {Describe(k.Within)}", $"within {Describe(s.Within)}");
            case (ThresholdObjective { Measure: IncidentTimeMeasure k, Bound: { IsLowerBound: false, Value: DurationQuantity kv } kb }, IncidentClockObjective s)
                when Milestone(s.Kind) == k.Milestone:
                return new MarginComparison(kv.Value < s.Within, kb.ToString(), $"within {Describe(s.Within)}");
            default:
                return null;
        }
    }

    /// <summary>A duration in the largest whole unit, by integer arithmetic on ticks (never floating point).</summary>
    private static string Describe(NodaTime.Duration duration)
    {
        var ticks = duration.BclCompatibleTicks;
        foreach (var (unit, name) in new[] { (NodaTime.NodaConstants.TicksPerHour, "hours"), (NodaTime.NodaConstants.TicksPerMinute, "minutes"), (NodaTime.NodaConstants.TicksPerSecond, "seconds") })
        {
            if (ticks % unit == 0) return $"{ticks / unit} {name}";
        }
        return $"{ticks / NodaTime.NodaConstants.TicksPerMillisecond} ms";
    }

    private static IncidentMilestone Milestone(ClockKind kind) => kind == ClockKind.Resolution ? IncidentMilestone.Resolve : IncidentMilestone.Respond;

    /// <summary>Services overlap (an empty list means any service).</summary>
    private static bool SameServices(System.Collections.Immutable.ImmutableArray<string> a, System.Collections.Immutable.ImmutableArray<string> b) =>
        a.IsEmpty || b.IsEmpty || a.Intersect(b).Any();
}
