using NodaTime;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>
/// Templates and customers tables go through the one pipeline like .sla files: found in folders, checked against every
/// template of the run, errors located at the table's cells, evaluated as one batch whose order forms share a class.
/// </summary>
public class TemplatePipelineTests
{
    private static string ExampleTemplates => Path.Combine(Scratch.Root, "examples", "templates");

    [Fact]
    public void A_malformed_customers_table_matches_its_golden()
    {
        var services = new PipelineServices { Cache = () => null };
        var outcome = ContractSources.Check(ContractSources.Read([Path.Combine(Scratch.Cases, "bad", "order-form-table-malformed")], services), services);
        Assert.Null(outcome.Value);
        var folder = Path.Combine(Scratch.Cases, "bad") + Path.DirectorySeparatorChar;
        var lines = outcome.Problems.Select(p => p.ToString().Replace(folder, "", StringComparison.Ordinal).Replace('\\', '/')).ToList();
        lines.Add($"{outcome.Problems.Count(p => p.Kind == ProblemKind.Error && p.Diagnostic is not null)} errors, {outcome.Problems.Count(p => p.Kind == ProblemKind.Warning)} warnings, 0 hints");
        GoldenFile.Verify(Path.Combine(Scratch.Cases, "bad", "order-form-table-malformed.verified.txt"), string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void The_example_templates_check_to_fifty_one_contracts_each_named_where_its_order_form_is()
    {
        var services = new PipelineServices { Cache = () => null };
        var outcome = ContractSources.Check(ContractSources.Read([ExampleTemplates], services), services);
        Assert.NotNull(outcome.Value);
        var contracts = outcome.Value!;
        // 51 customers; Globex, amended from 2026-11-15, as two versions (the amendment's named where the amendment is).
        Assert.Equal(52, contracts.Count);
        var globex = contracts.Single(c => c.Contract.Name == "Globex - API");
        Assert.EndsWith("globex.sla", globex.Source.Path);
        Assert.Equal(0, globex.Contract.Version!.Number);
        var amended = contracts.Single(c => c.Contract.Name == "Globex - API (amendment 1)");
        Assert.EndsWith("globex-amendment-1.sla", amended.Source.Path);
        Assert.Equal((new NodaTime.LocalDate(2026, 11, 15), Runtime.Evaluation.StraddlingRule.SplitByDays), (amended.Contract.Version!.Effective!.Value, amended.Contract.Version.Rule));
        var initech = contracts.Single(c => c.Contract.Name == "Initech - API");
        Assert.EndsWith("customers.orders.csv", initech.Source.Path);
        Assert.Equal("Initech - API", initech.Source.GetText(initech.NameSpan));
        Assert.Equal((3, 1), (initech.Source.GetPosition(initech.NameSpan.Start).Line, initech.Source.GetPosition(initech.NameSpan.Start).Column));
    }

    [Fact]
    public void The_example_templates_evaluate_as_one_batch_on_few_classes()
    {
        using var scratch = new Scratch();
        var request = new EvaluationRequest([ExampleTemplates], Scratch.ExampleData, new EvaluationPeriod(2026, month: 11), Instant.FromUtc(2026, 12, 1, 6, 0));
        var outcome = EvaluationRun.Open(request, scratch.Services());
        Assert.NotNull(outcome.Value);
        using var run = outcome.Value!;
        Assert.Equal(51, run.Runs.Length);
        // 50 rows and Globex's negotiated form: a few shapes (services lists and windows differ), far fewer than contracts.
        Assert.True(run.EvaluatorClasses <= 8, $"{run.EvaluatorClasses} classes for 51 contracts");
        // Globex's November straddles its amendment, split by days: each SLA twice, 1-14 Nov by the order form (5,000.00 USD
        // a month, 10% below 99.95%: 10% x 5,000.00 x 14/30) and 15-30 Nov as amended (6,000.00 USD, 30% below 99.0%: 30% x 6,000.00 x 16/30).
        var globex = run.Runs.Single(r => r.Evaluation.ContractName == "Globex - API");
        Assert.Equal(["availability", "availability", "response", "response"], globex.Evaluation.Slas.Select(s => s.Commitment));
        Assert.Equal([0, 1, 0, 1], globex.Evaluation.Slas.Select(s => s.Part!.Number));
        Assert.Equal(233.33m, globex.Evaluation.Slas[0].Result!.Credit!.Amount);
        Assert.Equal(960.00m, globex.Evaluation.Slas[1].Result!.Credit!.Amount);
    }
}
