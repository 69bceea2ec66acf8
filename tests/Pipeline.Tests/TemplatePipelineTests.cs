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
        lines.Add($"{outcome.Problems.Count(p => p.Kind == ProblemKind.Error && p.Diagnostic is not null)} errors, 0 warnings, 0 hints");
        GoldenFile.Verify(Path.Combine(Scratch.Cases, "bad", "order-form-table-malformed.verified.txt"), string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void The_example_templates_check_to_fifty_one_contracts_each_named_where_its_order_form_is()
    {
        var services = new PipelineServices { Cache = () => null };
        var outcome = ContractSources.Check(ContractSources.Read([ExampleTemplates], services), services);
        Assert.NotNull(outcome.Value);
        var contracts = outcome.Value!;
        Assert.Equal(51, contracts.Count);
        var globex = contracts.Single(c => c.Contract.Name == "Globex - API");
        Assert.EndsWith("globex.sla", globex.Source.Path);
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
        var globex = run.Runs.Single(r => r.Evaluation.ContractName == "Globex - API");
        Assert.Equal(2, globex.Evaluation.Slas.Length);
    }
}
