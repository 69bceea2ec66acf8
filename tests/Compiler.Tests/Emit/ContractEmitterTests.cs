using SlaKpiDsl.Tests.Shared;
using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;
using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class ContractEmitterTests
{
    private static readonly string CheckoutPath = Path.Combine(RepositoryPaths.Examples, "ecommerce-checkout.sla");
    private static readonly Lazy<DataSet> ExampleData = new(() =>
    {
        var load = DataDirectory.Load(Path.Combine(RepositoryPaths.Root, "examples", "data"));
        Assert.True(load.Succeeded);
        return load.Data;
    });

    private static ImmutableArray<BoundContract> Bind(SourceText text)
    {
        var result = ContractChecker.Check(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Model!.Contracts;
    }

    private static ImmutableArray<BoundContract> Bind(string path) => Bind(SourceText.FromFile(path));

    /// <summary>The contract part of a file (its test blocks name the contract and would not match a renamed one).</summary>
    private static string ContractOnly(string path)
    {
        var text = File.ReadAllText(path);
        var test = text.IndexOf("\ntest \"", StringComparison.Ordinal);
        return test < 0 ? text : text[..test];
    }

    private static EvaluationInput November(Instant asOf)
    {
        var data = ExampleData.Value;
        return new EvaluationInput(new EvaluationPeriod(2026, month: 11), asOf, data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
    }

    private static readonly Instant EndOfNovember = Instant.FromUtc(2026, 12, 1, 6, 0);

    [Fact]
    public void Every_example_contract_compiles_in_the_sandbox_as_one_batch()
    {
        var contracts = Directory.GetFiles(RepositoryPaths.Examples, "*.sla").Order(StringComparer.Ordinal).SelectMany(p => Bind(p)).ToList();
        Assert.True(contracts.Count >= 9);
        using var compiled = ContractCompilation.Compile(contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        Assert.Empty(compiled.Diagnostics);
        Assert.Equal(contracts.Select(c => c.Name), compiled.Contracts.Select(c => c.ContractName));
        Assert.All(compiled.Sources, s => Assert.Contains("// sla ", s.Text, StringComparison.Ordinal));
        // Every SLA gets an outcome; an unsupported one says so and carries no number.
        foreach (var (contract, evaluator) in contracts.Zip(compiled.Contracts))
        {
            Assert.Equal(ContractCompilation.SemanticHash(contract), evaluator.SemanticHash);
            var evaluation = evaluator.Evaluate(November(EndOfNovember));
            Assert.Equal(contract.Slas.Select(s => s.Name), evaluation.Slas.Select(o => o.Commitment));
            Assert.All(evaluation.Slas, o => Assert.Equal(o.Kind == OutcomeKind.Evaluated, o.Result is not null));
        }
    }

    [Fact]
    public void Checkout_availability_for_November_matches_the_example_data_readme()
    {
        using var compiled = ContractCompilation.Compile(Bind(CheckoutPath));
        var outcome = Assert.Single(compiled.Contracts[0].Evaluate(November(EndOfNovember)).Slas);
        Assert.Equal(OutcomeKind.Evaluated, outcome.Kind);
        var result = outcome.Result!;
        // examples/data/README.md: checkout, November, New York = 185 minutes (25 + 50 + 50 + 60) of 43,260.
        Assert.Equal(185m * 60, result.DowntimeSeconds);
        Assert.Equal(43_260m * 60, result.MeasuredSeconds);
        Assert.Equal(Verdict.Breached, result.Verdict);
        Assert.Equal(1200.00m, result.Credit!.Amount);
        Assert.Equal("USD", result.Credit.Currency);
        // Same reading as the runtime's EmittedContractShapeTests: 30 days after November ends, last day 2026-12-30.
        Assert.Equal(new LocalDate(2026, 12, 30), outcome.ClaimDeadline!.LastDay);
    }

    [Fact]
    public void Compiled_evaluator_agrees_with_the_runtime_kernels_called_directly()
    {
        using var compiled = ContractCompilation.Compile(Bind(CheckoutPath));
        var input = November(EndOfNovember);
        var generated = compiled.Contracts[0].Evaluate(input).Slas[0].Result!;

        // The same clauses written by hand against the kernels (EmittedContractShapeTests' shape).
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var commitment = new DowntimeCommitment("availability", "3.1", ValueCondition.AtLeast(99.9m),
            i => i.Service == "checkout" && i.Impact == Impact.Outage ? 1m : i.Service == "checkout" && i.Impact == Impact.Degraded ? 0.5m : 0m,
            Duration.FromMinutes(1),
            [new IncidentExclusion("3.1 exclude incidents caused by customer, force-majeure", i => i.Cause is "customer" or "force-majeure")],
            ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow,
            new TieredCredits(
            [
                new CreditTier("below 99.9%", ValueCondition.Below(99.9m), 10m),
                new CreditTier("below 99.0%", ValueCondition.Below(99.0m), 25m),
                new CreditTier("below 95.0%", ValueCondition.Below(95.0m), 100m),
            ], false, new CreditLimits(CapPercentOfFee: 100m)), 75m);
        var window = WindowCalendar.Month(zone, 2026, 11);
        var maintenance = TimeExclusion.FromMaintenance("3.2 exclude maintenance announced at least 72 hours ahead", input.Maintenance, "checkout", m => m.Notice >= Duration.FromHours(72), Duration.FromHours(4));
        var direct = new DowntimeEvaluator().Evaluate(commitment, window, input.AsOf, input.Incidents, [maintenance], null, new FeeTerms(12000.00m, "USD"));

        Assert.Equal(direct.DowntimeSeconds, generated.DowntimeSeconds);
        Assert.Equal(direct.MeasuredSeconds, generated.MeasuredSeconds);
        Assert.Equal(direct.Measured, generated.Measured);
        Assert.Equal(direct.Verdict, generated.Verdict);
        Assert.Equal(direct.Credit!.ExactAmount, generated.Credit!.ExactAmount);
        Assert.Equal(direct.Budget!.RemainingSeconds, generated.Budget!.RemainingSeconds);
        Assert.Equal(direct.Warnings.ToArray(), generated.Warnings.ToArray());
    }

    [Fact]
    public void A_period_outside_the_effective_range_is_reported_not_evaluated()
    {
        using var compiled = ContractCompilation.Compile(Bind(CheckoutPath));
        var input = November(EndOfNovember) with { Period = new EvaluationPeriod(2027, month: 3) };
        var outcome = Assert.Single(compiled.Contracts[0].Evaluate(input).Slas);
        Assert.Equal(OutcomeKind.OutsideEffectiveRange, outcome.Kind);
        Assert.Null(outcome.Result);
    }

    [Fact]
    public void Unsupported_commitments_say_so_instead_of_giving_numbers()
    {
        var text = """
            contract "Yearly" {
              time zone "UTC"
              service api "API"
              sla yearly "Yearly success" {
                guarantee success rate of api requests at least 99% per calendar year
              }
            }
            """;
        using var compiled = ContractCompilation.Compile(Bind(new SourceText("yearly.sla", text)));
        var outcome = Assert.Single(compiled.Contracts[0].Evaluate(November(EndOfNovember)).Slas);
        Assert.Equal(OutcomeKind.NotYetSupported, outcome.Kind);
        Assert.Equal("not yet supported: windows other than calendar month or quarter", outcome.Reason);
        Assert.Null(outcome.Result);
    }

    [Fact]
    public void Generated_source_for_the_checkout_example_matches_the_golden()
    {
        var contract = Assert.Single(Bind(CheckoutPath));
        var source = ContractEmitter.Emit(contract, ContractCompilation.SemanticHash(contract));
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Cases, "emit", "ecommerce-checkout.g.cs.verified.txt"), source.Text);
    }

    public static readonly TheoryData<string> HostileTexts = new()
    {
        "Quote \\\" and backslash \\\\ end",
        "Comment end */ and /* start",
        "Line break \\n#line 1 \\\"evil.cs\\\"\\nclass X {}",
        "Bidi marks \u200E\u200F\u061C (overrides and isolates are refused by the checker, SLA0013)",
        "class",
        "@namespace",
    };

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Hostile_contract_text_compiles_and_evaluates_like_the_benign_version(string hostile)
    {
        var benignText = ContractOnly(CheckoutPath);
        var hostileText = benignText
            .Replace("contract \"Shopfront - Checkout Platform\"", $"contract \"{hostile}\"", StringComparison.Ordinal)
            .Replace("sla availability \"Checkout availability\"", $"sla availability \"{hostile}\"", StringComparison.Ordinal)
            .Replace("clause \"3.1\"", $"clause \"{hostile}\"", StringComparison.Ordinal)
            .Replace("clause \"3.2\"", $"clause \"{hostile}\"", StringComparison.Ordinal); // the exclusion's own clause reaches the C# too
        Assert.NotEqual(benignText, hostileText);
        var benign = Bind(new SourceText("benign.sla", benignText));
        var evil = Bind(new SourceText("hostile.sla", hostileText));

        using var compiled = ContractCompilation.Compile([.. benign, .. evil]);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        Assert.Equal(evil[0].Name, compiled.Contracts[1].ContractName);
        Assert.DoesNotContain(compiled.Sources[1].Text, c => CSharpText.IsBidiControl(c));
        var a = compiled.Contracts[0].Evaluate(November(EndOfNovember)).Slas.Single().Result!;
        var b = compiled.Contracts[1].Evaluate(November(EndOfNovember)).Slas.Single().Result!;
        Assert.Equal(evil[0].Slas[0].Clause, b.Clause);
        Assert.Contains(b.Trace.Exclusions, x => x.Kind == ExclusionKind.Maintenance && x.Clause == evil[0].Slas[0].Exclusions.Single(e => e.Predicate is MaintenanceWindows).Clause + " exclude maintenance announced at least 72 hours ahead");
        Assert.Equal(a.DowntimeSeconds, b.DowntimeSeconds);
        Assert.Equal(a.Measured, b.Measured);
        Assert.Equal(a.Verdict, b.Verdict);
        Assert.Equal(a.Credit!.ExactAmount, b.Credit!.ExactAmount);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("return")]
    [InlineData("Evaluate")]
    public void A_csharp_keyword_or_member_name_as_sla_name_compiles_and_evaluates_the_same(string slaName)
    {
        var benignText = ContractOnly(CheckoutPath);
        var renamed = benignText
            .Replace("sla availability ", $"sla {slaName} ", StringComparison.Ordinal)
            .Replace("supports availability", $"supports {slaName}", StringComparison.Ordinal);
        var benign = Bind(new SourceText("benign.sla", benignText));
        var other = Bind(new SourceText("renamed.sla", renamed.Replace("contract \"Shopfront - Checkout Platform\"", "contract \"Renamed\"", StringComparison.Ordinal)));
        Assert.Equal(slaName, other[0].Slas[0].Name);

        using var compiled = ContractCompilation.Compile([.. benign, .. other]);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var a = compiled.Contracts[0].Evaluate(November(EndOfNovember)).Slas.Single();
        var b = compiled.Contracts[1].Evaluate(November(EndOfNovember)).Slas.Single();
        Assert.Equal(slaName, b.Commitment);
        Assert.Equal(a.Result!.DowntimeSeconds, b.Result!.DowntimeSeconds);
        Assert.Equal(a.Result.Credit!.ExactAmount, b.Result.Credit!.ExactAmount);
    }
}
