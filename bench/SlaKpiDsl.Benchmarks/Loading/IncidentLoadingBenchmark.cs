using BenchmarkDotNet.Attributes;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Benchmarks.Loading;

/// <summary>
/// Loading 1,000,000 generated incident rows (every column) from CSV (Sep) and JSON Lines (Utf8JsonReader):
/// streaming into a fold that keeps nothing, and materialising every incident (what DataDirectory does).
/// Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*IncidentLoading*' --job short
/// </summary>
[MemoryDiagnoser]
public class IncidentLoadingBenchmark
{
    private string _csv = "";
    private string _jsonl = "";

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sla-bench-loading");
        Directory.CreateDirectory(dir);
        _csv = Path.Combine(dir, $"incidents-{Rows}.csv");
        _jsonl = Path.Combine(dir, $"incidents-{Rows}.jsonl");
        if (!File.Exists(_csv)) GeneratedIncidentFiles.WriteCsv(_csv, Rows);
        if (!File.Exists(_jsonl)) GeneratedIncidentFiles.WriteJsonLines(_jsonl, Rows);
        // A generated file that does not load cleanly would measure the error path, not loading.
        var log = new DataErrorLog();
        if (DataFile.ReadIncidents(_csv, log).Count() != Rows || log.HasErrors) throw new InvalidOperationException(log.Format());
    }

    [Benchmark(Baseline = true)]
    public long CsvStreamed()
    {
        var log = new DataErrorLog();
        long severities = 0;
        foreach (var incident in DataFile.ReadIncidents(_csv, log)) severities += incident.Severity;
        return severities;
    }

    [Benchmark]
    public int CsvMaterialised() => DataFile.ReadIncidents(_csv, new DataErrorLog()).ToList().Count;

    [Benchmark]
    public long JsonLinesStreamed()
    {
        var log = new DataErrorLog();
        long severities = 0;
        foreach (var incident in DataFile.ReadIncidents(_jsonl, log)) severities += incident.Severity;
        return severities;
    }
}
