using SlaKpiDsl.Pipeline;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Cli.Tests;

public sealed class EvaluationJsonTests
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");
    private static readonly JsonSchemaSubset Schema = new(JsonDocument.Parse(File.ReadAllText(Path.Combine(TraceShapes.Root, "docs", "schemas", "evaluation-1.schema.json"))).RootElement);

    private static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = Schema.Validate(document.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static CliRunner.Run Evaluate(CliRunner cli, string period, string asOf, params string[] more) =>
        cli.Invoke(["evaluate", Contracts, "--data", Data, "--period", period, "--as-of", asOf, "--format", "json", .. more]);

    [Theory]
    [InlineData("2026-11", "2026-12-01T06:00:00Z")]
    [InlineData("2026-Q4", "2027-01-01T06:00:00Z")]
    [InlineData("2027-03", "2027-04-01T06:00:00Z")]
    public void Examples_output_validates_against_the_schema(string period, string asOf)
    {
        using var cli = new CliRunner();
        var run = Evaluate(cli, period, asOf);
        Assert.True(run.ExitCode == 0, run.Error);
        AssertValid(run.Output);
    }

    [Fact]
    public void Examples_json_for_November()
    {
        using var cli = new CliRunner();
        var run = Evaluate(cli, "2026-11", "2026-12-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        GoldenFile.VerifyBeside("evaluate-examples-2026-11.json", run.Output, "Golden");
    }

    [Fact]
    public void The_validator_catches_missing_extra_and_wrong_values()
    {
        using var cli = new CliRunner();
        var run = Evaluate(cli, "2026-11", "2026-12-01T06:00:00Z");
        var root = JsonNode.Parse(run.Output)!;
        var sla = root["contracts"]!.AsArray().SelectMany(c => c!["slas"]!.AsArray()).First(s => (string?)s!["outcome"] == "evaluated")!.AsObject();
        sla.Remove("verdict");
        sla["surprise"] = 1;
        sla["trace"]!["measurement"]!["verdict"] = "fine";
        root["schema"] = "slakpidsl.evaluation/2";
        using var document = JsonDocument.Parse(root.ToJsonString());
        var errors = Schema.Validate(document.RootElement);
        Assert.Contains(errors, e => e.EndsWith("missing required 'verdict'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'surprise' is not in the schema", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(".trace.measurement.verdict: \"fine\" is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.schema: expected", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unevaluated_sla_needs_a_reason_and_a_contract_outside_its_range_says_so()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2027-03", "--as-of", "2027-04-01T06:00:00Z", "--format", "json");
        using var json = JsonDocument.Parse(run.Output);
        var contract = json.RootElement.GetProperty("contracts")[0];
        Assert.True(contract.GetProperty("outsideEffectiveRange").GetBoolean());
        Assert.Equal("2027-01-01", contract.GetProperty("effectiveUntil").GetString());
        Assert.Equal("outside-effective-range", contract.GetProperty("slas")[0].GetProperty("outcome").GetString());

        var text = cli.Invoke("evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2027-03", "--as-of", "2027-04-01T06:00:00Z");
        Assert.Contains("not in effect for 2027-03", text.Output, StringComparison.Ordinal);

        var node = JsonNode.Parse(run.Output)!;
        node["contracts"]![0]!["slas"]![0]!.AsObject().Remove("reason");
        using var broken = JsonDocument.Parse(node.ToJsonString());
        Assert.Contains(Schema.Validate(broken.RootElement), e => e.EndsWith("missing required 'reason'", StringComparison.Ordinal));
    }

    [Fact]
    public void Exact_values_margin_budget_and_credit_details_are_present()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--format", "json");
        using var json = JsonDocument.Parse(run.Output);
        var sla = json.RootElement.GetProperty("contracts")[0].GetProperty("slas")[0];
        // 185 minutes of 43,260: (2595600 - 11100) / 2595600 = 8615/8652.
        Assert.Equal("8615/8652", sla.GetProperty("measured").GetProperty("ratio").GetString());
        Assert.Equal("99.5724%", sla.GetProperty("measured").GetProperty("display").GetString());
        // 99.5724% - 99.9% = (8615 x 100 - 99.9 x 8652) / 8652 = -283.48/8652 = -7087/21630 points.
        Assert.Equal("-7087/21630", sla.GetProperty("margin").GetProperty("exact").GetString());
        Assert.Equal("downtime", sla.GetProperty("budget").GetProperty("kind").GetString());
        Assert.Equal(2595.6m, sla.GetProperty("budget").GetProperty("budgetSeconds").GetDecimal());
        Assert.Equal("12000.00", sla.GetProperty("credit").GetProperty("feeForWindow").GetString());
        Assert.Equal("2026-12-31T05:00:00Z", sla.GetProperty("claimExpires").GetString());
        Assert.Equal("slakpidsl.trace/1", sla.GetProperty("trace").GetProperty("schema").GetString());
        Assert.Equal(11100m, sla.GetProperty("trace").GetProperty("measurement").GetProperty("downtimeSeconds").GetDecimal());
    }

    [Fact]
    public void An_sla_of_several_guarantees_lists_each_guarantee_with_its_own_value()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("evaluate", Path.Combine(Contracts, "saas-api.sla"), "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var slas = json.RootElement.GetProperty("contracts")[0].GetProperty("slas");
        var success = slas[0];
        Assert.Equal("1 of 2 guarantees breached", success.GetProperty("measuredText").GetString());
        var guarantees = success.GetProperty("guarantees");
        Assert.Equal(2, guarantees.GetArrayLength());
        // examples/data/README.md: 68,734,923 / 69,025,226 (breached, < 99.95%) and 8,613 of 8,652 slices = 2871/2884 (met, >= 99%).
        Assert.Equal("success rate", guarantees[0].GetProperty("measure").GetString());
        Assert.Equal("68734923/69025226", guarantees[0].GetProperty("measured").GetProperty("ratio").GetString());
        Assert.Equal("breached", guarantees[0].GetProperty("verdict").GetString());
        Assert.Equal("4.2", guarantees[1].GetProperty("clause").GetString());
        Assert.Equal("2871/2884", guarantees[1].GetProperty("measured").GetProperty("ratio").GetString());
        Assert.Equal("met", guarantees[1].GetProperty("verdict").GetString());
        Assert.Equal("0 of 1 incident late", slas[1].GetProperty("measuredText").GetString());
        Assert.False(slas[1].TryGetProperty("guarantees", out _));
    }

    [Theory]
    [InlineData("25845000000000", "25956000000000", "8615/8652")]
    [InlineData("2.5", "10", "1/4")]
    [InlineData("-283.48", "8652", "-7087/216300")]
    [InlineData("0", "7", "0/1")]
    public void Ratios_are_reduced_exactly(string numerator, string denominator, string expected) =>
        Assert.Equal(expected, EvaluationJson.Reduced(decimal.Parse(numerator, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(denominator, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_value_exactly_at_the_bound_has_a_zero_margin()
    {
        Assert.Equal(0m, TargetMargin.Of(new ExactRatio(999, 1000), ValueCondition.AtLeast(99.9m))!.Points.Numerator);
        Assert.True(TargetMargin.Of(new ExactRatio(31, 1), ValueCondition.AtMost(30m, ValueUnit.Plain))!.Points.Numerator < 0);
        Assert.Null(TargetMargin.Of(new ExactRatio(1, 1), ValueCondition.Between(new Bound(1m, false), new Bound(2m, true), ValueUnit.Plain)));
    }

    /// <summary>An evaluator whose KPI value is the month number of the period asked for: shows which periods the trend evaluated.</summary>
    private sealed class MonthKpiContract : ICompiledContract
    {
        public List<EvaluationPeriod> Asked { get; } = [];
        public string ContractName => "Fake";
        public string SemanticHash => "0";

        public ContractEvaluation Evaluate(EvaluationInput input)
        {
            lock (Asked) Asked.Add(input.Period); // KpiTrends.CollectAll evaluates periods on several threads
            var window = Runtime.Time.WindowCalendar.Month(DateTimeZone.Utc, input.Period.Year, input.Period.Month!.Value);
            var target = ValueCondition.AtMost(10m, ValueUnit.Plain);
            var result = MeasureResults.ForValue("volume", "9.1", "incident count", window, input.AsOf, ExactRatio.Of(input.Period.Month!.Value), target);
            return new ContractEvaluation(ContractName, input.Period, input.AsOf, [])
            {
                Kpis = [new KpiOutcome("volume", "Incident volume", ["availability"], "at most 10", target, CommitmentOutcome.Evaluated(result))],
            };
        }
    }

    [Fact]
    public void Kpi_trend_evaluates_the_earlier_periods_with_the_same_evaluator_oldest_first()
    {
        var fake = new MonthKpiContract();
        var input = new EvaluationInput(new EvaluationPeriod(2026, month: 2), TraceShapes.AsOf, [], [], [], [], []);
        var current = fake.Evaluate(input);
        var trends = KpiTrends.Collect(fake, input, current, 3);
        Assert.Equal(["2026-02", "2025-11", "2025-12", "2026-01"], fake.Asked.Select(p => p.ToString()));
        var report = new ContractReport(current, "UTC", null, null, ImmutableDictionary<string, string?>.Empty, trends);
        var json = EvaluationJson.Write([report], input.Period, input.AsOf, 3);
        AssertValid(json);
        using var document = JsonDocument.Parse(json);
        var kpi = document.RootElement.GetProperty("contracts")[0].GetProperty("kpis")[0];
        Assert.Equal("2/1", kpi.GetProperty("measured").GetProperty("ratio").GetString());
        Assert.Equal(["2025-11", "2025-12", "2026-01"], kpi.GetProperty("trend").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        Assert.Equal(["11/1", "12/1", "1/1"], kpi.GetProperty("trend").EnumerateArray().Select(p => p.GetProperty("measured").GetProperty("ratio").GetString()));
        Assert.Equal(["breached", "breached", "met"], kpi.GetProperty("trend").EnumerateArray().Select(p => p.GetProperty("verdict").GetString()));
        Assert.Equal("8", kpi.GetProperty("margin").GetProperty("display").GetString());

        var text = EvaluateCommand.Text([report], input.Period, input.AsOf);
        // One table row (Spectre.Console lays out the columns): value, target, verdict, then the trend oldest first.
        Assert.Matches(@"(?m)^ volume\s+9\.1\s+2\s+at most 10\s+met\s+2025-11 11 breached, 2025-12 12 breached, 2026-01 1 met$", text);

        Assert.Empty(KpiTrends.Collect(fake, input, current, 0));
        Assert.Equal("2025-Q4", KpiTrends.Previous(new EvaluationPeriod(2026, quarter: 1)).ToString());
    }

    [Fact]
    public void Kpi_trends_of_several_runs_at_once_equal_each_run_collected_on_its_own()
    {
        // CollectAll spreads every run's earlier periods over the cores; each run's trend is what Collect gives it alone.
        var facts = new ContractFacts(null, null, "UTC", null, null, ImmutableDictionary<string, string?>.Empty, []);
        var runs = new[] { 2, 1, 7 }.Select(month =>
        {
            var fake = new MonthKpiContract();
            var input = new EvaluationInput(new EvaluationPeriod(2026, month: month), TraceShapes.AsOf, [], [], [], [], []);
            return new ContractRun(facts, fake, input, fake.Evaluate(input));
        }).ToArray();
        var all = KpiTrends.CollectAll(runs, 4);
        Assert.Equal(runs.Length, all.Length);
        for (var i = 0; i < runs.Length; i++)
        {
            var alone = KpiTrends.Collect(runs[i].Evaluator, runs[i].Input, runs[i].Evaluation, 4);
            Assert.Equal(alone.Keys, all[i].Keys);
            Assert.Equal(alone["volume"].Select(p => (p.Period.ToString(), p.Outcome.Result!.Measured)), all[i]["volume"].Select(p => (p.Period.ToString(), p.Outcome.Result!.Measured)));
        }
        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01"], all[0]["volume"].Select(p => p.Period.ToString()));
        Assert.Equal(["2026-03", "2026-04", "2026-05", "2026-06"], all[2]["volume"].Select(p => p.Period.ToString()));
        Assert.All(KpiTrends.CollectAll(runs, 0), Assert.Empty);
    }

    [Fact]
    public void A_negative_trend_is_an_error()
    {
        using var cli = new CliRunner();
        var run = Evaluate(cli, "2026-11", "2026-12-01T06:00:00Z", "--trend", "-1");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--trend -1", run.Error, StringComparison.Ordinal);
    }
}
