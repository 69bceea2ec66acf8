using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Compiler.Testing;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Testing;

/// <summary>
/// The scenario runner against a stub evaluator (so these rules do not depend on what the emitter supports): evidence
/// reaches the evaluator as written, unevaluated commitments fail with their reason, rounding is exact.
/// </summary>
public sealed class ScenarioRunnerTests
{
    private const string Text = """
        contract "Shop" {
          time zone "America/New_York"
          fee 1000.00 USD per month
          service web "Web"
          sla availability "Web availability" {
            guarantee availability of web at least 99.9% per calendar month
            downtime is incidents on web with impact outage
            credit 10% of fee when availability below 99.9%
            credits capped at 10% of fee per month
          }
          kpi buffer "Buffer" {
            target availability of web at least 99.95% per calendar month
            supports availability
          }
        }

        test "evidence" for "Shop" {
          period 2026-11
          incident web outage from 2026-11-10T09:00-05:00 to 2026-11-10T10:00-05:00 severity 2 cause provider tagged db detected at 2026-11-10T09:05-05:00
          maintenance on web from 2026-11-05T02:00Z to 2026-11-05T03:00Z announced 2026-11-01T00:00Z
          requests on web from 2026-11-02T00:00Z to 2026-11-02T00:05Z total 100 failed 3 p95 310 ms
          alert on web at 2026-11-02T00:00Z acknowledged at 2026-11-02T00:03Z
          deployed web from 2026-11-01T00:00Z
          expect verdict of availability = met
          expect downtime of availability = 60 minutes
          expect value of buffer = 99.95%
        }

        """;

    private sealed class StubEvaluator(Func<EvaluationInput, ContractEvaluation> evaluate) : ICompiledContract
    {
        public string ContractName => "Shop";
        public string SemanticHash => "stub";
        public EvaluationInput? Seen { get; private set; }

        public ContractEvaluation Evaluate(EvaluationInput input)
        {
            Seen = input;
            return evaluate(input);
        }
    }

    private static (SourceText Source, BoundDocument Model) Check()
    {
        var source = new SourceText("shop.sla", Text);
        var check = ContractChecker.Check(source);
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        return (source, check.Model!);
    }

    [Fact]
    public void Evidence_reaches_the_evaluator_as_written_and_as_of_defaults_to_the_end_of_the_period_in_the_contract_zone()
    {
        var (source, model) = Check();
        var stub = new StubEvaluator(input => new ContractEvaluation("Shop", input.Period, input.AsOf,
            [CommitmentOutcome.NotSupported("availability", null, "anything")]));
        ScenarioRunner.Run(source, model.Tests, new Dictionary<string, (BoundContract, ICompiledContract)> { ["Shop"] = (model.Contracts[0], stub) });
        var input = stub.Seen!;
        Assert.Equal("2026-11", input.Period.ToString());
        // December 1st, 00:00 in New York (EST, -05:00) = 05:00Z.
        Assert.Equal(NodaTime.Instant.FromUtc(2026, 12, 1, 5, 0), input.AsOf);
        var incident = Assert.Single(input.Incidents);
        Assert.Equal((NodaTime.Instant.FromUtc(2026, 11, 10, 14, 0), NodaTime.Instant.FromUtc(2026, 11, 10, 15, 0)), (incident.Started, incident.Resolved!.Value));
        Assert.Equal((2, "provider", NodaTime.Instant.FromUtc(2026, 11, 10, 14, 5)), (incident.Severity, incident.Cause, incident.Detected!.Value));
        Assert.Equal("db", Assert.Single(incident.Tags));
        var maintenance = Assert.Single(input.Maintenance);
        Assert.Equal(NodaTime.Duration.FromDays(4) + NodaTime.Duration.FromHours(2), maintenance.Notice);
        var slice = Assert.Single(input.Requests);
        Assert.Equal((100L, 97L, NodaTime.Duration.FromMinutes(5), 310m), (slice.Total, slice.Good, slice.Length, slice.PercentilesMs[95]));
        var alert = Assert.Single(input.Alerts);
        Assert.Equal(NodaTime.Duration.FromMinutes(3), alert.Acknowledged!.Value - alert.Raised);
        Assert.Null(Assert.Single(input.Deployments).End);
    }

    [Fact]
    public void An_unevaluated_commitment_or_a_kpi_without_outcome_fails_with_the_reason()
    {
        var (source, model) = Check();
        var stub = new StubEvaluator(input => new ContractEvaluation("Shop", input.Period, input.AsOf,
            [CommitmentOutcome.NotSupported("availability", null, "the moon phase")]));
        var outcome = Assert.Single(ScenarioRunner.Run(source, model.Tests, new Dictionary<string, (BoundContract, ICompiledContract)> { ["Shop"] = (model.Contracts[0], stub) }));
        Assert.False(outcome.Passed);
        Assert.Equal(3, outcome.CheckedValues);
        Assert.Equal(["SLA2002", "SLA2002", "SLA2002"], outcome.Failures.Select(f => f.Code));
        Assert.Contains("not yet supported: the moon phase", outcome.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("kpi 'buffer'", outcome.Failures[2].Message, StringComparison.Ordinal);
        // Located at the expect line.
        Assert.Equal(24, outcome.Failures[0].Start.Line);
    }

    [Theory]
    // exact: no rounding at all
    [InlineData(43140, 43200, "99.8611", null, false)]
    [InlineData(999, 1000, "99.9", null, true)]
    // rounded half away from zero: [x - 0.00005, x + 0.00005)
    [InlineData(43140, 43200, "99.8611", 4, true)]
    [InlineData(43140, 43200, "99.861", 3, true)]
    [InlineData(43140, 43200, "99.862", 3, false)]
    // 99.99995% rounds up to 100.0000 at 4 places, and 99.99994999...% does not
    [InlineData(9999995, 10000000, "100", 4, true)]
    [InlineData(99999949, 100000000, "100", 4, false)]
    [InlineData(99999949, 100000000, "99.9999", 4, true)]
    public void Percent_comparison_is_exact_and_rounds_only_when_written(long available, long total, string expected, int? places, bool holds) =>
        Assert.Equal(holds, ScenarioRunner.HoldsExactly(available * 100m, total, decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), places));
}
