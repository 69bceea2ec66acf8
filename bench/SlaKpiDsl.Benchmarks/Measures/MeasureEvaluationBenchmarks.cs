using BenchmarkDotNet.Attributes;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Benchmarks.Measures;

/// <summary>
/// The compiled saas-api evaluator (success rate and latency share, a business-hours response clock, 7 KPIs) over the
/// example data for November (105,768 request slices, 24 incidents, 25 alerts), and the success-rate kernel alone.
/// Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*MeasureEvaluation*' --job short
/// </summary>
[MemoryDiagnoser]
public class MeasureEvaluationBenchmarks
{
    private ICompiledContract _saasApi = null!;
    private EvaluationInput _november = null!;
    private RequestSlice[] _apiSlices = [];
    private CalendarWindow _window = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SlaKpiDsl.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        var check = ContractChecker.Check(SourceText.FromFile(Path.Combine(dir, "examples", "contracts", "saas-api.sla")));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        if (!compiled.Succeeded) throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics));
        _saasApi = compiled.Contracts[0];
        var data = DataDirectory.Load(Path.Combine(dir, "examples", "data")).Data;
        _november = new EvaluationInput(new EvaluationPeriod(2026, month: 11), NodaTime.Instant.FromUtc(2026, 12, 1, 6, 0),
            data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
        _apiSlices = [.. data.Requests.Where(s => s.Service == "api")];
        _window = WindowCalendar.Month(NodaTime.DateTimeZoneProviders.Tzdb["America/New_York"], 2026, 11);
    }

    [Benchmark(Description = "saas-api: 2 SLAs + 7 KPIs, November")]
    public int EvaluateSaasApi() => _saasApi.Evaluate(_november).Kpis.Length;

    [Benchmark(Description = "success rate kernel, api slices")]
    public long SuccessRateKernel()
    {
        RequestMetrics.SuccessRate(_apiSlices, _window, [], out var good, out _, out _);
        return good;
    }
}
