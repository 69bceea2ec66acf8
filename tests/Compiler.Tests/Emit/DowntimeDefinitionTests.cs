using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// Issue 16's downtime constructs through the compiled evaluator, on the golden cases' contracts: several definitions
/// (any-of) and "down at once in at least N services" over error-rate minutes. Hand-computed expectations per test.
/// </summary>
public sealed class DowntimeDefinitionTests
{
    private static readonly EvaluationPeriod November = new(2026, month: 11);

    private static RequestSlice Minute(string service, int hour, int minute, long total, long bad) =>
        new(service, Instant.FromUtc(2026, 11, 10, hour, minute), Duration.FromMinutes(1), total, total - bad);

    private static CommitmentResult Evaluate(string caseFile, string sla, ImmutableArray<Incident> incidents, ImmutableArray<RequestSlice> requests)
    {
        var check = ContractChecker.Check(SourceText.FromFile(Path.Combine(RepositoryPaths.Cases, "good", caseFile)));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        using var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var input = new EvaluationInput(November, Instant.FromUtc(2027, 1, 1, 0, 0), incidents, [], [], requests, []);
        var outcome = compiled.Contracts[0].Evaluate(input).Slas.Single(o => o.Commitment == sla);
        Assert.Equal(OutcomeKind.Evaluated, outcome.Kind);
        return outcome.Result!;
    }

    [Fact]
    public void Two_error_rate_definitions_and_incidents_are_down_when_any_holds()
    {
        ImmutableArray<RequestSlice> requests =
        [
            // api 10:00-10:03 above 5% errors (definition 1): 3 minutes.
            Minute("api", 10, 0, 1000, 60), Minute("api", 10, 1, 1000, 60), Minute("api", 10, 2, 1000, 60),
            // web 10:02-10:05 at 20% with 100 requests (definition 2, "at least 20%"): overlaps api's last minute.
            Minute("web", 10, 2, 100, 20), Minute("web", 10, 3, 100, 20), Minute("web", 10, 4, 100, 20),
            // web 11:00 at 20% with 99 requests: too few for definition 2, and web is not in definition 1: not down.
            Minute("web", 11, 0, 99, 99),
        ];
        // An outage on api 10:04-10:10 (definition 3) overlaps web's last minute.
        ImmutableArray<Incident> incidents = [new("INC-1", "api", 1, Impact.Outage, Instant.FromUtc(2026, 11, 10, 10, 4), Instant.FromUtc(2026, 11, 10, 10, 10))];
        var result = Evaluate("downtime-any-of.sla", "availability", incidents, requests);
        // Union 10:00-10:10 = 10 minutes (3 + 3 + 6 = 12 counted separately); 43,190 / 43,200 = 99.9768...% >= 99.9%.
        Assert.Equal(600m, result.DowntimeSeconds);
        Assert.Equal(Verdict.Met, result.Verdict);
        Assert.Contains(result.Trace.Incidents, t => t.Id == "INC-1" && t.CountedSeconds == 360m);
    }

    [Fact]
    public void Error_rate_runs_count_only_when_both_services_are_down_at_once()
    {
        static IEnumerable<RequestSlice> Bad(string service, int from, int count) =>
            Enumerable.Range(from, count).Select(m => Minute(service, 10, m, 1000, 100));
        // az1 down 10:00-10:10 (a run of 10), az2 down 10:05-10:07 (a run of 2: below the run of 3, not down) and
        // 10:08-10:15 (a run of 7): both down at once only 10:08-10:10 = 2 minutes.
        ImmutableArray<RequestSlice> requests = [.. Bad("az1", 0, 10), .. Bad("az2", 5, 2), .. Bad("az2", 8, 7)];
        var result = Evaluate("downtime-at-once.sla", "both", [], requests);
        Assert.Equal(120m, result.DowntimeSeconds);
        var counted = Assert.Single(result.Trace.Incidents);
        Assert.StartsWith("at once in at least 2 of 2 (az1, az2;", counted.Id);
    }
}
