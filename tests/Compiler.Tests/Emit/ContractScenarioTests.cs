using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// The examples' own <c>test</c> blocks as an oracle for the compiled evaluators: every expectation on an SLA the
/// emitter supports (downtime, availability, credit, verdict) must hold when the evidence is fed to the generated code.
/// </summary>
public sealed class ContractScenarioTests
{
    [Fact]
    public void Example_scenario_expectations_hold_for_compiled_evaluators()
    {
        var checkedExpectations = 0;
        var failures = new List<string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.Examples, "*.sla").Order(StringComparer.Ordinal))
        {
            var check = ContractChecker.Check(SourceText.FromFile(path));
            Assert.False(check.HasErrors);
            var document = check.Model!;
            using var compiled = ContractCompilation.Compile(document.Contracts);
            Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
            foreach (var test in document.Tests)
            {
                if (test.Period is not { } period) continue;
                var evaluator = compiled.Contracts.Single(c => c.ContractName == test.Contract);
                var incidents = test.Evidence.OfType<IncidentEvidence>().Select((e, k) => ToIncident(e, k)).ToImmutableArray();
                var maintenance = test.Evidence.OfType<MaintenanceEvidence>()
                    .Select((m, k) => new Maintenance($"MNT-{k + 1}", m.Announced.ToInstant(), m.Start.ToInstant(), m.End.ToInstant(), m.Services)).ToImmutableArray();
                var requests = test.Evidence.OfType<RequestsEvidence>()
                    .Select(r => new RequestSlice(r.Service, r.Start.ToInstant(), r.End.ToInstant() - r.Start.ToInstant(), r.Total, r.Total - r.Failed, null,
                        r.Latencies.ToImmutableSortedDictionary(l => l.Percentile, l => (decimal)l.Value.BclCompatibleTicks / NodaConstants.TicksPerMillisecond))).ToImmutableArray();
                var alerts = test.Evidence.OfType<AlertEvidence>()
                    .Select((a, k) => new Alert($"ALR-{k + 1}", a.Service, a.Raised.ToInstant(), a.Acknowledged?.ToInstant())).ToImmutableArray();
                var deployments = test.Evidence.OfType<DeploymentEvidence>()
                    .Select((d, k) => new Deployment($"DEP-{k + 1}", d.Service, d.Start.ToInstant(), d.End?.ToInstant())).ToImmutableArray();
                var input = new EvaluationInput(new EvaluationPeriod(period.Year, period.Month, period.Quarter), test.AsOf ?? Instant.FromUtc(2100, 1, 1, 0, 0),
                    incidents, maintenance, alerts, requests, deployments);
                var outcomes = evaluator.Evaluate(input).Slas;
                foreach (var expectation in test.Expectations)
                {
                    var outcome = outcomes.SingleOrDefault(o => o.Commitment == expectation.Subject);
                    if (outcome?.Result is not { } result) continue;
                    var where = $"{Path.GetFileName(path)} test \"{test.Name}\" expect {expectation.Quantity} of {expectation.Subject}";
                    foreach (var value in expectation.Values)
                    {
                        string? failure = (expectation.Quantity, value) switch
                        {
                            (ExpectQuantity.Downtime, ExpectedQuantity { Value: DurationQuantity d }) =>
                                result.DowntimeSeconds == (decimal)d.Value.BclCompatibleTicks / NodaConstants.TicksPerSecond ? null : $"downtime {result.DowntimeSeconds} s, expected {d.Value}",
                            (ExpectQuantity.Availability, ExpectedQuantity { Value: PercentQuantity p }) =>
                                Matches(result.Measured!.Value, p.Value.Value, expectation.RoundedToPlaces) ? null : $"availability {result.Measured!.Value.ToPercentForDisplay()}%, expected {p.Value}",
                            (ExpectQuantity.Credit, ExpectedMoney m) =>
                                result.Credit?.Amount == m.Value.Amount && result.Credit.Currency == m.Value.Currency ? null : $"credit {result.Credit?.Amount}, expected {m.Value.Amount}",
                            (ExpectQuantity.Credit, ExpectedPercentOfFee f) =>
                                result.Credit?.PercentOfFee == f.Value.Value ? null : $"credit {result.Credit?.PercentOfFee}%, expected {f.Value}",
                            (ExpectQuantity.SuccessRate, ExpectedQuantity { Value: PercentQuantity p }) =>
                                Guarantee(outcome, "success rate") is { Measured: { } rate } && Matches(rate, p.Value.Value, expectation.RoundedToPlaces) ? null : $"success rate {Guarantee(outcome, "success rate")?.Measured?.ToPercentForDisplay()}%, expected {p.Value}",
                            (ExpectQuantity.Breaches, ExpectedQuantity { Value: CountQuantity n }) =>
                                Guarantee(outcome, "breached incidents") is { Measured: { } breaches } && breaches.CompareValue(n.Value) == 0 ? null : $"breaches {Guarantee(outcome, "breached incidents")?.Measured}, expected {n.Value}",
                            (ExpectQuantity.Verdict, ExpectedVerdict v) =>
                                v.Verdict == result.Verdict ? null : $"verdict {result.Verdict}, expected {v.Verdict}",
                            _ => "skip",
                        };
                        if (failure == "skip") continue;
                        checkedExpectations++;
                        if (failure is not null) failures.Add(where + ": " + failure);
                    }
                }
            }
        }
        Assert.Empty(failures);
        Assert.True(checkedExpectations >= 9, $"only {checkedExpectations} expectations checked");
    }

    /// <summary>The result measuring <paramref name="measure"/>: the SLA's own for one guarantee, else that guarantee's.</summary>
    private static CommitmentResult? Guarantee(CommitmentOutcome outcome, string measure) =>
        outcome.Guarantees.IsEmpty ? outcome.Result : outcome.Guarantees.FirstOrDefault(g => g.Trace.Measurement.Measure == measure);

    private static bool Matches(ExactRatio measured, decimal expected, int? places) => places is { } p
        ? Math.Round(measured.ToPercentForDisplay(), p, MidpointRounding.AwayFromZero) == expected
        : measured.ComparePercent(expected) == 0;

    private static Incident ToIncident(IncidentEvidence e, int index)
    {
        Instant? At(ClockEvent kind) => e.Milestones.FirstOrDefault(m => m.Event == kind)?.At.ToInstant();
        var impact = e.Impact.ToLowerInvariant() switch
        {
            "outage" => Impact.Outage,
            "degraded" => Impact.Degraded,
            "partial" => Impact.Partial,
            _ => Impact.None,
        };
        return new Incident($"T-{index + 1}", e.Service, e.Severity ?? 1, impact, e.Start.ToInstant(), e.End?.ToInstant(), e.Cause,
            At(ClockEvent.Detected), At(ClockEvent.Acknowledged), At(ClockEvent.Responded), null, e.Tags, e.PostmortemCompleted) { AffectedShare = e.AffectedShare };
    }
}
