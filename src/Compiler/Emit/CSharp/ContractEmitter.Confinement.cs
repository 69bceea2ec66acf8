using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

// Which record kinds every selection of a contract restricts to its declared services (ContractFacts.ConfinedToServices),
// so a host may evaluate it on those services' records only. Derived from the model, conservatively: a selection that
// can reach a service the contract does not declare (no services written and none to fall back to, such as an unscoped
// alert or incident KPI), or any construct this walk does not know, leaves the kind unset.
public static partial class ContractEmitter
{
    /// <summary>The kinds whose every selection the generated evaluator confines to the contract's declared services.</summary>
    internal static ServiceConfinedRecords ConfinedRecords(BoundContract contract)
    {
        var declared = contract.Services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        bool Scoped(ImmutableArray<string> services) => !services.IsEmpty && services.All(declared.Contains);

        var incidents = true;
        var maintenance = true;
        var requests = true;
        foreach (var sla in contract.Slas)
        {
            // Request slices are read per named service (RequestEvidence): scoped when every service named is declared.
            requests &= sla.Downtime switch
            {
                null or IncidentDowntime => true,
                ErrorRateDowntime e => Scoped(e.Services),
                AverageErrorRateAvailability a => Scoped(a.Services),
                AtOnceDowntime a => a.Inner is not ErrorRateDowntime || Scoped(a.Services),
                AnyOfDowntime any => any.ErrorRates.All(rule => Scoped(rule.Services)),
                _ => false,
            };
            var allAvailability = sla.Guarantees.All(g => g.Objective is ThresholdObjective { Measure: AvailabilityMeasure });
            // Incident downtime selections without services fall back to the first guarantee's measured services.
            var fallback = sla.Guarantees.FirstOrDefault()?.Objective is ThresholdObjective { Measure: AvailabilityMeasure first } ? first.Services : [];
            switch (sla.Downtime)
            {
                case null or ErrorRateDowntime or AverageErrorRateAvailability: break;
                case IncidentDowntime downtime:
                    incidents &= downtime.Selections.All(s => Scoped(s.Incidents.Services.IsEmpty ? fallback : s.Incidents.Services));
                    break;
                case AtOnceDowntime atOnce:
                    incidents &= Scoped(atOnce.Services);
                    break;
                case AnyOfDowntime { Incidents: var fromIncidents }:
                    if (fromIncidents is not null)
                        incidents &= fromIncidents.Selections.All(s => Scoped(s.Incidents.Services.IsEmpty ? fallback : s.Incidents.Services));
                    break;
                default: incidents = false; break;
            }
            foreach (var exclusion in sla.Exclusions)
            {
                switch (exclusion.Predicate)
                {
                    case LocalTimeWindow: break;
                    // Availability: excluded incident time is selected on the measured services. Other guarantees
                    // (incident clocks) only narrow their own selection with it.
                    case CausedBy or Tagged: if (allAvailability) incidents &= Scoped(fallback); break;
                    // Maintenance is selected on each guarantee's measured services.
                    case MaintenanceWindows:
                        maintenance &= sla.Guarantees.All(g => g.Objective is ThresholdObjective { Measure: var m } && MeasuredServices(m) is { } services && Scoped(services));
                        break;
                    default: incidents = false; maintenance = false; break;
                }
            }
            foreach (var guarantee in sla.Guarantees)
            {
                incidents &= IncidentsScoped(guarantee.Objective, Scoped);
                requests &= RequestsScoped(guarantee.Objective, Scoped);
            }
        }
        foreach (var kpi in contract.Kpis)
            foreach (var target in kpi.Targets)
            {
                incidents &= IncidentsScoped(target.Objective, Scoped);
                requests &= RequestsScoped(target.Objective, Scoped);
            }
        return (incidents ? ServiceConfinedRecords.Incidents : ServiceConfinedRecords.None)
            | (maintenance ? ServiceConfinedRecords.Maintenance : ServiceConfinedRecords.None)
            | (requests ? ServiceConfinedRecords.Requests : ServiceConfinedRecords.None);
    }

    /// <summary>
    /// Whether the generated evaluator reads incidents only through <see cref="IncidentSource"/> (never
    /// <c>input.Incidents</c>): every SLA either not compiled (a "not yet supported" outcome) or an availability whose
    /// downtime is incident downtime without capped incident exclusions (those read the records as a time exclusion) or
    /// comes from request data without any incident exclusion; every KPI target measured by an SLA, not compiled, or a
    /// request or alert measure. Conservative: anything else reads the records.
    /// </summary>
    internal static bool ReadsIncidentsOnlyThroughEvidence(BoundContract contract) =>
        contract.Slas.All(sla => SlaUnsupported(contract, sla) is not null || ClaimsAvailabilityFromIncidents(sla) && sla.Downtime switch
        {
            IncidentDowntime => !sla.Exclusions.Any(e => e.Predicate is CausedBy or Tagged && e.Cap is not null),
            ErrorRateDowntime or AverageErrorRateAvailability => !sla.Exclusions.Any(e => e.Predicate is CausedBy or Tagged),
            _ => false,
        })
        && contract.Kpis.All(kpi => kpi.Targets.All(target => FindMeasuringSla(contract, kpi, target) is not null || KpiUnsupported(contract, target) is not null
            || target.Objective is ThresholdObjective { Measure: SuccessRateMeasure or LatencyMeasure } or AlertAcknowledgementObjective));

    /// <summary>The services an availability or request measure is of; null for any other measure.</summary>
    private static ImmutableArray<string>? MeasuredServices(Measure measure) => measure switch
    {
        AvailabilityMeasure a => a.Services,
        SuccessRateMeasure s => s.Services,
        LatencyMeasure l => l.Services,
        _ => null,
    };

    /// <summary>Whether the request slices one objective reads (success rate and latency measures: those of their services, all of them without) are all on services <paramref name="scoped"/> accepts.</summary>
    private static bool RequestsScoped(Objective objective, Func<ImmutableArray<string>, bool> scoped) => objective switch
    {
        ThresholdObjective t => RequestsScoped(t.Measure, scoped),
        TrendObjective t => RequestsScoped(t.Measure, scoped),
        IncidentClockObjective or AlertAcknowledgementObjective => true,
        _ => false,
    };

    private static bool RequestsScoped(Measure measure, Func<ImmutableArray<string>, bool> scoped) => measure switch
    {
        SuccessRateMeasure s => scoped(s.Services),
        LatencyMeasure l => scoped(l.Services),
        AvailabilityMeasure or DowntimeMeasure or IncidentTimeMeasure or PostmortemCompletionMeasure or IncidentCountMeasure => true,
        _ => false,
    };

    /// <summary>Whether the incidents one objective selects are all on services <paramref name="scoped"/> accepts.</summary>
    private static bool IncidentsScoped(Objective objective, Func<ImmutableArray<string>, bool> scoped) => objective switch
    {
        ThresholdObjective t => IncidentsScoped(t.Measure, scoped),
        TrendObjective t => IncidentsScoped(t.Measure, scoped),
        IncidentClockObjective clock => scoped(clock.Incidents.Services),
        AlertAcknowledgementObjective => true,
        _ => false,
    };

    private static bool IncidentsScoped(Measure measure, Func<ImmutableArray<string>, bool> scoped) => measure switch
    {
        AvailabilityMeasure a => scoped(a.Services),
        DowntimeMeasure d => scoped(d.Services),
        SuccessRateMeasure or LatencyMeasure => true,
        IncidentTimeMeasure t => scoped(t.Incidents.Services),
        PostmortemCompletionMeasure p => scoped(p.Incidents.Services),
        IncidentCountMeasure c => scoped(c.Incidents.Services),
        _ => false,
    };
}
