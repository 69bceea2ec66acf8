using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Compiler.Testing;

/// <summary>
/// Turns a scenario test's evidence into the records an evaluator reads, exactly as the data loaders would produce them:
/// instants are the written instants (an offset changes nothing about when something happened), ids are
/// <c>T-1</c>, <c>MNT-1</c>, ... in written order, an incident without <c>severity</c> is severity 1, a request line is
/// one slice of <c>total - failed</c> good requests. Evidence the data model cannot hold is returned as a problem, never
/// dropped silently.
/// </summary>
public static class ScenarioEvidence
{
    /// <summary>The period a test names, as the evaluators take it.</summary>
    public static EvaluationPeriod Period(TestPeriod period) => new(period.Year, period.Month, period.Quarter);

    /// <summary>The end of the test's period in the contract's zone: the default as-of instant (everything written is known).</summary>
    public static Instant EndOfPeriod(TestPeriod period, DateTimeZone zone) => period switch
    {
        { Month: { } month } => WindowCalendar.Month(zone, period.Year, month).End,
        { Quarter: { } quarter } => WindowCalendar.Quarter(zone, period.Year, quarter).End,
        _ => WindowCalendar.Year(zone, period.Year).End,
    };

    /// <summary>The evaluation input of a test; <paramref name="problems"/> lists evidence lines that could not be represented.</summary>
    public static EvaluationInput ToInput(BoundScenarioTest test, TestPeriod period, Instant asOf, out ImmutableArray<(Evidence Evidence, string Problem)> problems)
    {
        var incidents = ImmutableArray.CreateBuilder<Incident>();
        var maintenance = ImmutableArray.CreateBuilder<Maintenance>();
        var alerts = ImmutableArray.CreateBuilder<Alert>();
        var requests = ImmutableArray.CreateBuilder<RequestSlice>();
        var deployments = ImmutableArray.CreateBuilder<Deployment>();
        var found = ImmutableArray.CreateBuilder<(Evidence, string)>();
        foreach (var evidence in test.Evidence)
        {
            switch (evidence)
            {
                case IncidentEvidence e:
                    if (!TryImpact(e.Impact, out var impact))
                    {
                        found.Add((e, $"incident impact '{e.Impact}' is not one the data model knows (outage, degraded, partial, none)"));
                        break;
                    }
                    incidents.Add(new Incident($"T-{incidents.Count + 1}", e.Service, e.Severity ?? 1, impact, e.Start.ToInstant(), e.End?.ToInstant(), e.Cause,
                        Milestone(e, ClockEvent.Detected), Milestone(e, ClockEvent.Acknowledged), Milestone(e, ClockEvent.Responded),
                        region: null, e.Tags, e.PostmortemCompleted) { AffectedShare = e.AffectedShare });
                    break;
                case MaintenanceEvidence m:
                    maintenance.Add(new Maintenance($"MNT-{maintenance.Count + 1}", m.Announced.ToInstant(), m.Start.ToInstant(), m.End.ToInstant(), m.Services));
                    break;
                case AlertEvidence a:
                    alerts.Add(new Alert($"ALR-{alerts.Count + 1}", a.Service, a.Raised.ToInstant(), a.Acknowledged?.ToInstant()));
                    break;
                case RequestsEvidence r:
                {
                    var percentiles = r.Latencies.IsEmpty
                        ? null
                        : r.Latencies.ToImmutableSortedDictionary(l => l.Percentile, l => (decimal)l.Value.BclCompatibleTicks / NodaConstants.TicksPerMillisecond);
                    requests.Add(new RequestSlice(r.Service, r.Start.ToInstant(), r.End.ToInstant() - r.Start.ToInstant(), r.Total, r.Total - r.Failed, null, percentiles));
                    break;
                }
                case DeploymentEvidence d:
                    deployments.Add(new Deployment($"DEP-{deployments.Count + 1}", d.Service, d.Start.ToInstant(), d.End?.ToInstant()));
                    break;
                default:
                    found.Add((evidence, $"evidence of kind {evidence.GetType().Name} is not supported by sla test"));
                    break;
            }
        }
        problems = found.ToImmutable();
        return new EvaluationInput(Period(period), asOf, incidents.ToImmutable(), maintenance.ToImmutable(), alerts.ToImmutable(), requests.ToImmutable(), deployments.ToImmutable());
    }

    private static Instant? Milestone(IncidentEvidence e, ClockEvent kind) => e.Milestones.FirstOrDefault(m => m.Event == kind)?.At.ToInstant();

    private static bool TryImpact(string name, out Impact impact)
    {
        (var known, impact) = name.ToLowerInvariant() switch
        {
            "outage" => (true, Impact.Outage),
            "degraded" => (true, Impact.Degraded),
            "partial" => (true, Impact.Partial),
            "none" => (true, Impact.None),
            _ => (false, Impact.None),
        };
        return known;
    }
}
