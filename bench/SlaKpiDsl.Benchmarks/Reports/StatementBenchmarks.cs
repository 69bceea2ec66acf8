using BenchmarkDotNet.Attributes;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Benchmarks.Reports;

/// <summary>
/// Statement rendering cost: the two-page sample statement (unsigned, demo-signed, and signed on all cores), and a
/// 500-incident ledger statement. Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*StatementBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class StatementBenchmarks
{
    private const int ParallelBatch = 32;
    private TemplateSet _templates = null!;
    private StatementDocument _twoPage = null!;
    private StatementDocument _ledger500 = null!;
    private SigningOptions _signing = null!;

    [GlobalSetup]
    public void Setup()
    {
        _templates = TemplateSet.LoadDefaults().Templates ?? throw new InvalidOperationException("default templates failed to load");
        _twoPage = SampleDocuments.Statement();
        _ledger500 = SampleDocuments.Statement(497);
        var (cert, problem) = DemoCertificate.GetOrCreate(Path.Combine(Path.GetTempPath(), "slakpidsl-bench"));
        _signing = new SigningOptions(cert ?? throw new InvalidOperationException(problem));
        Console.WriteLine($"// sample statement: {StatementRenderer.Render(_twoPage, _templates).PageCount} pages; ledger: {StatementRenderer.Render(_ledger500, _templates).PageCount} pages");
    }

    [Benchmark(Baseline = true)]
    public byte[] TwoPageUnsigned() => StatementRenderer.Render(_twoPage, _templates).Pdf!;

    [Benchmark]
    public byte[] TwoPageSigned() => StatementRenderer.Render(_twoPage, _templates, _signing).Pdf!;

    /// <summary>Throughput on all cores: per-operation time here is wall time divided by the batch.</summary>
    [Benchmark(OperationsPerInvoke = ParallelBatch)]
    public void TwoPageSignedAllCores() =>
        Parallel.For(0, ParallelBatch, _ => StatementRenderer.Render(_twoPage, _templates, _signing));

    [Benchmark]
    public byte[] Ledger500Unsigned() => StatementRenderer.Render(_ledger500, _templates).Pdf!;

    [Benchmark]
    public byte[] Ledger500Signed() => StatementRenderer.Render(_ledger500, _templates, _signing).Pdf!;
}
