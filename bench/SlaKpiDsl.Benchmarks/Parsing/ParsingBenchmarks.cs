using System.Text;
using BenchmarkDotNet.Attributes;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Benchmarks.Parsing;

/// <summary>
/// Parse speed of the front end: every example contract (one op = all examples), one generated example-sized contract
/// (about 80 clauses, 3 sla and 4 kpi blocks), and formatting. Contracts/second = 1e9 / (mean ns per contract).
/// Run: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*ParsingBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private SourceText[] _examples = [];
    private SourceText _generated = null!;
    private ParseResult _parsedGenerated = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SlaKpiDsl.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        _examples = Directory.GetFiles(Path.Combine(dir, "examples", "contracts"), "*.sla")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(SourceText.FromFile)
            .ToArray();
        _generated = new SourceText("generated.sla", GeneratedContract(3, 4));
        _parsedGenerated = ContractParser.Parse(_generated);
        if (_parsedGenerated.HasErrors || _examples.Any(e => ContractParser.Parse(e).HasErrors))
            throw new InvalidOperationException("benchmark inputs must parse cleanly");
    }

    /// <summary>All examples (one op parses <c>ExampleCount</c> files).</summary>
    [Benchmark]
    public int ParseAllExamples()
    {
        var clauses = 0;
        foreach (var example in _examples) clauses += ContractParser.Parse(example).Root.Members.Length;
        return clauses;
    }

    [Benchmark]
    public int ParseGeneratedContract() => ContractParser.Parse(_generated).Root.Members.Length;

    [Benchmark]
    public int FormatGeneratedContract() => ContractFormatter.Format(_parsedGenerated).Text!.Length;

    public int ExampleCount => _examples.Length;

    /// <summary>A contract shaped like the examples: header, services, sla blocks with the common clauses, kpis, a test.</summary>
    public static string GeneratedContract(int slas, int kpis)
    {
        var sb = new StringBuilder();
        sb.Append("# generated benchmark contract\ncontract \"Generated\" {\n  provider \"P\"\n  customer \"C\"\n  effective 2026-01-01 until 2027-01-01\n");
        sb.Append("  time zone \"America/New_York\"\n  fee 12000.00 USD per month\n  service api \"API\"\n  service web \"Web\"\n");
        for (var i = 0; i < slas; i++)
        {
            sb.Append($"  sla s{i} \"SLA {i}\" {{\n    clause \"3.{i}\"\n");
            sb.Append("    guarantee availability of api at least 99.9% per calendar month\n");
            sb.Append("    downtime is incidents on api with impact outage\n");
            sb.Append("    downtime counts 50% for incidents on api with impact degraded\n");
            sb.Append("    ignore downtime periods shorter than 1 minute\n");
            sb.Append("    exclude maintenance announced at least 72 hours ahead, at most 4 hours per month\n");
            sb.Append("    exclude incidents caused by customer, force-majeure\n");
            sb.Append("    excluded time counts as available  # Twilio-style accounting\n");
            sb.Append("    credit 10% of fee when availability below 99.9%\n    credit 25% of fee when availability below 99.0%\n");
            sb.Append("    credit 100% of fee when availability below 95.0%\n    credits capped at 100% of fee per month\n");
            sb.Append("    claim within 30 days after the month ends\n    warn when 75% of downtime budget is used\n  }\n");
        }
        for (var i = 0; i < kpis; i++)
        {
            sb.Append($"  kpi k{i} \"KPI {i}\" {{\n    target p95 latency of api requests at most 400 ms per calendar month\n");
            sb.Append("    target mean time to resolve severity 1-2 incidents at most 30 minutes per calendar month\n");
            sb.Append($"    supports s{i % slas}\n  }}\n");
        }
        sb.Append("}\n\ntest \"t\" for \"Generated\" {\n  period 2026-11\n");
        sb.Append("  incident api outage from 2026-11-10T09:00-05:00 to 2026-11-10T10:30-05:00\n");
        sb.Append("  expect downtime of s0 = 90 minutes\n  expect credit of s0 = 10% of fee = 1200.00 USD\n}\n");
        return sb.ToString();
    }
}
