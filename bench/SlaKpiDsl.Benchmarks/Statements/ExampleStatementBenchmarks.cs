using BenchmarkDotNet.Attributes;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Benchmarks.Statements;

/// <summary>
/// What <c>sla statement</c> does per contract after evaluation: map the evaluation to a statement, lay it out, sign it
/// (demo certificate, RSA 2048). The examples (9 contracts, November 2026, evaluated once in setup) and a 500-incident
/// ledger. Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*ExampleStatementBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ExampleStatementBenchmarks
{
    private TemplateSet _templates = null!;
    private SigningOptions _signing = null!;
    private List<(ContractEvaluation Evaluation, StatementContext Context)> _examples = null!;
    private StatementDocument _ledger500 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _templates = TemplateSet.LoadDefaults().Templates ?? throw new InvalidOperationException("default templates failed to load");
        var (cert, problem) = DemoCertificate.GetOrCreate(Path.Combine(Path.GetTempPath(), "slakpidsl-bench"));
        _signing = new SigningOptions(cert ?? throw new InvalidOperationException(problem));
        var root = FindRoot();
        // The examples through the pipeline, as `sla statement` takes them: checked, compiled as one batch, each evaluated
        // on its own records; the statement context from each contract's model (the footer hashes are placeholders).
        var services = new PipelineServices { Cache = () => null };
        var contracts = ContractSources.Check(ContractSources.Read([Path.Combine(root, "examples", "contracts")], services), services).Value
            ?? throw new InvalidOperationException("the examples do not check");
        var data = DataLoading.Load(Path.Combine(root, "examples", "data"), services).Value ?? throw new InvalidOperationException("the example data does not load");
        using var compiled = Evaluators.Compile([.. contracts.Select(c => c.Contract)], cache: null).Value ?? throw new InvalidOperationException("the examples do not compile");
        var runs = EvaluationRun.EvaluateAll(compiled.Contracts, data.Inputs(new EvaluationPeriod(2026, month: 11), NodaTime.Instant.FromUtc(2026, 12, 1, 6, 0)));
        var footer = new StatementFooter(new string('a', 64), new string('b', 64), new string('c', 64));
        _examples = [.. contracts.Select((c, i) => (runs[i].Evaluation, StatementContexts.Context(c.Contract, footer)))];
        _ledger500 = SampleDocuments.Statement(497);
        var pages = _examples.Select(e => StatementRenderer.Render(StatementMapping.Map(e.Evaluation, e.Context), _templates).PageCount).ToList();
        Console.WriteLine($"// example statements: {_examples.Count}, pages {string.Join(",", pages)}; 500-incident ledger: {StatementRenderer.Render(_ledger500, _templates).PageCount} pages");
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "SlaKpiDsl.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    private byte[] One(int i) => StatementRenderer.Render(StatementMapping.Map(_examples[i].Evaluation, _examples[i].Context), _templates, _signing).Pdf!;

    /// <summary>All 9 example statements, signed, one after another; time per statement.</summary>
    [Benchmark(OperationsPerInvoke = 9)]
    public void ExamplesSigned()
    {
        for (var i = 0; i < _examples.Count; i++) One(i);
    }

    /// <summary>As sla statement runs them: two at a time (MaxDegreeOfParallelism 2); wall time per statement.</summary>
    [Benchmark(OperationsPerInvoke = 36)]
    public void ExamplesSignedTwoAtATime() =>
        Parallel.For(0, 36, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => One(i % _examples.Count));

    [Benchmark]
    public byte[] Ledger500Signed() => StatementRenderer.Render(_ledger500, _templates, _signing).Pdf!;
}
