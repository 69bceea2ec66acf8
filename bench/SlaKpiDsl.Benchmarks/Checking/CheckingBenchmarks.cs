using BenchmarkDotNet.Attributes;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Binding;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Benchmarks.Checking;

/// <summary>
/// What `sla check` does per file, in process: parse + bind + lint one generated example-sized contract, bind alone, and
/// 100 contracts checked in parallel as the CLI does (one op = 100 files).
/// Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*CheckingBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class CheckingBenchmarks
{
    private SourceText[] _contracts = [];
    private ParseResult _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _contracts = Enumerable.Range(1, 100).Select(seed => new SourceText($"gen-{seed}.sla", ContractCorpus.Contract(seed))).ToArray();
        _parsed = ContractParser.Parse(_contracts[0]);
        if (_contracts.Any(c => !ContractChecker.Check(c).Diagnostics.IsEmpty)) throw new InvalidOperationException("benchmark inputs must check cleanly");
    }

    [Benchmark]
    public int CheckOneContract() => ContractChecker.Check(_contracts[0]).Diagnostics.Length;

    [Benchmark]
    public int BindOneContract() => Binder.Bind(_parsed).Document.Contracts.Length;

    [Benchmark]
    public int CheckHundredContractsInParallel() =>
        _contracts.AsParallel().Select(c => ContractChecker.Check(c).Diagnostics.Length).Sum();
}
