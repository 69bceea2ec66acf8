using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>Compiling, evaluating and writing statements for batches of contracts.</summary>
public class BatchTests
{
    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 6, 0);

    private static string Fleet(Scratch scratch, int customers)
    {
        for (var i = 0; i < customers; i++) scratch.Write(Path.Combine("fleet", $"customer-{i:D3}.sla"), Scratch.Customer(i));
        File.WriteAllText(Path.Combine(scratch.Folder("data"), "incidents.csv"),
            "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\ninc-1,api,1,outage,provider,2026-11-03T10:00:00Z,2026-11-03T10:01:00Z,2026-11-03T10:02:00Z,2026-11-03T10:05:00Z,2026-11-03T11:30:00Z,us-east-1,,true\n");
        return Path.Combine(scratch.Directory, "fleet");
    }

    [Fact]
    public void StatementsOfOneShapeCompileOneClass()
    {
        using var scratch = new Scratch();
        var fleet = Fleet(scratch, 40);
        var request = new StatementRequest([fleet], Path.Combine(scratch.Directory, "data"), new EvaluationPeriod(2026, month: 11), AsOf,
            Path.Combine(scratch.Directory, "out"), Overwrite: false, TemplateSet.LoadDefaults().Templates!, Signing: null);
        var ticks = 0;
        var written = Statements.Write(request, scratch.Services(), count => { Assert.Equal(40, count); return () => Interlocked.Increment(ref ticks); });
        Assert.Empty(written.Problems);
        var batch = written.Value!;
        Assert.Equal(40, batch.Outcomes.Length);
        Assert.All(batch.Outcomes, o => Assert.Null(o.Problem));
        Assert.Equal(40, ticks);
        // 40 contracts, one shape: one generated class holds them all.
        Assert.Equal(1, batch.EvaluatorClasses);
        Assert.Equal(40, Directory.GetFiles(Path.Combine(scratch.Directory, "out"), "*.pdf").Length);
    }

    [Fact]
    public void StatementFooterNamesTheFilesAsRead()
    {
        using var scratch = new Scratch();
        var fleet = Fleet(scratch, 2);
        var data = Path.Combine(scratch.Directory, "data");
        var request = new StatementRequest([fleet], data, new EvaluationPeriod(2026, month: 11), AsOf,
            Path.Combine(scratch.Directory, "out"), Overwrite: false, TemplateSet.LoadDefaults().Templates!, Signing: null);
        var batch = Statements.Write(request, scratch.Services()).Value!;
        var json = File.ReadAllText(Path.ChangeExtension(batch.Outcomes[0].PdfPath!, ".json"));
        var contractText = File.ReadAllText(Path.Combine(fleet, "customer-000.sla"));
        Assert.Contains(Hex(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(contractText))), json);
        Assert.Contains(DataLoading.Load(data, scratch.Services() with { Cache = () => null }).Value!.Sha256!, json);
    }

    [Fact]
    public void EvaluatorIdentityDoesNotDependOnTheBatch()
    {
        using var scratch = new Scratch();
        var services = scratch.Services();
        var a = scratch.Write("a/customer.sla", Scratch.Customer(1));
        scratch.Write("ab/a.sla", Scratch.Customer(1));
        scratch.Write("ab/b.sla", Scratch.Customer(2));
        string IdentityOfCustomer1(string path)
        {
            var contracts = ContractSources.Check(ContractSources.Read([path], services), services).Value!;
            using var compiled = Evaluators.Compile([.. contracts.Select(c => c.Contract)], cache: null).Value!;
            return Evaluators.Identity(compiled.Contracts.Single(c => c.ContractName == "Customer 1"));
        }
        var alone = IdentityOfCustomer1(a);
        Assert.Equal(alone, IdentityOfCustomer1(Path.Combine(scratch.Directory, "ab")));
        Assert.Matches("^[0-9a-f]{64}$", alone);
        // A different contract has a different identity.
        var other = ContractSources.Check(ContractSources.Read([Path.Combine(scratch.Directory, "ab", "b.sla")], services), services).Value!;
        using var otherCompiled = Evaluators.Compile([other[0].Contract], cache: null).Value!;
        Assert.NotEqual(alone, Evaluators.Identity(otherCompiled.Contracts[0]));
    }

    [Fact]
    public void EvaluationOfTheExamplesIsTheSameOnASourceKeyHit()
    {
        using var scratch = new Scratch();
        var services = scratch.Services(cacheCheckedSources: true);
        var request = new EvaluationRequest([Scratch.ExampleContracts], Scratch.ExampleData, new EvaluationPeriod(2026, month: 11), AsOf);
        string Run()
        {
            var outcome = EvaluationRun.Open(request, services);
            Assert.Empty(outcome.Problems);
            using var run = outcome.Value!;
            // every example contract (folders are searched recursively), counted from the files so adding an example
            // needs no edit here
            Assert.Equal(ExampleContractCount(), run.Runs.Length);
            return JsonSerializer.Serialize(run.Runs.Select(r => r.Evaluation.Slas.Select(s => (s.Commitment, s.Result?.Verdict, s.Result?.Credit?.Amount, s.Result?.DowntimeSeconds)).ToList()).ToList());
        }
        var cold = Run();
        var cache = new SlaKpiDsl.Compiler.Emit.Caching.EvaluatorCache(Path.Combine(scratch.Directory, "cache"));
        Assert.NotNull(cache.TryReadSourceIndex(SlaKpiDsl.Compiler.Emit.ContractCompilation.SourceKey(
            [.. Directory.GetFiles(Scratch.ExampleContracts, "*.sla", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText)])));
        Assert.Equal(cold, Run());
    }

    [Fact]
    public void EvaluationProblemsAreValues()
    {
        using var scratch = new Scratch();
        var request = new EvaluationRequest([Scratch.ExampleContracts], Path.Combine(scratch.Directory, "no-data"), new EvaluationPeriod(2026, month: 11), AsOf);
        var outcome = EvaluationRun.Open(request, scratch.Services());
        Assert.Null(outcome.Value);
        Assert.Equal(1, outcome.FailureExitCode);
        Assert.Equal($"error: no such data directory: '{Path.Combine(scratch.Directory, "no-data")}'", Assert.Single(outcome.Problems).ToString());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The contracts under examples/contracts (one <c>contract "..."</c> header at the start of a line each).</summary>
    private static int ExampleContractCount() =>
        Directory.EnumerateFiles(Scratch.ExampleContracts, "*.sla", SearchOption.AllDirectories)
            .Sum(f => File.ReadLines(f).Count(l => l.StartsWith("contract \"", StringComparison.Ordinal)));
}
