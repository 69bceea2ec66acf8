using System.Collections.Immutable;
using System.Diagnostics;
using NodaTime;
using SlaKpiDsl.Benchmarks.Checking;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Caching;

// Usage (one measurement per process; prints key=value lines, times in ms; bench/compile-and-cache.sh drives it):
//   one <cache-dir> <seed>                      check + compile one generated contract through the cache
//   warm <seed-a> <seed-b>                      two different contracts compiled in one process, no cache
//   batch <n>                                   n generated contracts checked, then compiled as one batch, no cache
//   evaluate <cache-dir> <contracts> <incidents> [all]  compile (through the cache) and evaluate n contracts over m
//       incidents; each contract gets the incidents of its own services (grouped once, timed apart), or with "all"
//       every contract gets all m incidents (what `sla evaluate` does today)
var started = Stopwatch.GetTimestamp();
double Ms(long from) => Stopwatch.GetElapsedTime(from).TotalMilliseconds;
switch (args.FirstOrDefault())
{
    case "one" when args.Length == 3:
    {
        var contracts = Corpus.Check([int.Parse(args[2])]);
        var compiling = Stopwatch.GetTimestamp();
        using var compiled = Corpus.Compiled(contracts, new EvaluatorCache(args[1]));
        Corpus.Require(compiled);
        Console.WriteLine($"outcome={compiled.CacheOutcome}");
        Console.WriteLine($"compile-ms={Ms(compiling):F1}");
        Console.WriteLine($"main-ms={Ms(started):F1}");
        return 0;
    }
    case "warm" when args.Length == 3:
    {
        foreach (var (label, seed) in new[] { ("first", int.Parse(args[1])), ("second", int.Parse(args[2])) })
        {
            var contracts = Corpus.Check([seed]);
            var compiling = Stopwatch.GetTimestamp();
            using var compiled = Corpus.Compiled(contracts, null);
            Corpus.Require(compiled);
            Console.WriteLine($"{label}-compile-ms={Ms(compiling):F1}");
        }
        return 0;
    }
    case "batch" when args.Length == 2:
    {
        var checking = Stopwatch.GetTimestamp();
        var contracts = Corpus.Check(Corpus.Seeds(int.Parse(args[1])));
        Console.WriteLine($"check-ms={Ms(checking):F1}");
        var compiling = Stopwatch.GetTimestamp();
        using var compiled = Corpus.Compiled(contracts, null);
        Corpus.Require(compiled);
        Console.WriteLine($"compile-ms={Ms(compiling):F1}");
        Console.WriteLine($"lines={compiled.Sources.Sum(s => s.Text.Count(c => c == '\n'))}");
        Console.WriteLine($"main-ms={Ms(started):F1}");
        return 0;
    }
    case "evaluate" when args.Length is 4 or 5:
    {
        var seeds = Corpus.Seeds(int.Parse(args[2]));
        var contracts = Corpus.Check(seeds);
        var compiling = Stopwatch.GetTimestamp();
        using var compiled = Corpus.Compiled(contracts, new EvaluatorCache(args[1]));
        Corpus.Require(compiled);
        Console.WriteLine($"outcome={compiled.CacheOutcome}");
        Console.WriteLine($"compile-ms={Ms(compiling):F1}");
        var generating = Stopwatch.GetTimestamp();
        var input = Corpus.Incidents(seeds, int.Parse(args[3]));
        Console.WriteLine($"generate-data-ms={Ms(generating):F1}");
        var grouping = Stopwatch.GetTimestamp();
        var inputs = args.Length == 5 && args[4] == "all"
            ? [.. contracts.Select(_ => input)]
            : Corpus.PerContract(compiled, input);
        Console.WriteLine($"group-by-service-ms={Ms(grouping):F1}");
        var evaluating = Stopwatch.GetTimestamp();
        var evaluated = 0;
        for (var i = 0; i < compiled.Contracts.Length; i++)
            evaluated += compiled.Contracts[i].Evaluate(inputs[i]).Slas.Count(s => s.Kind == OutcomeKind.Evaluated);
        Console.WriteLine($"evaluate-ms={Ms(evaluating):F1}");
        Console.WriteLine($"evaluated-slas={evaluated}");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: see the comment at the top of bench/CompileAndCache/Program.cs");
        return 64;
}

/// <summary>Deterministic contracts (ContractCorpus) and incidents for the measurements.</summary>
internal static class Corpus
{
    /// <summary>The first <paramref name="count"/> corpus seeds whose contract is in effect in 2026 (the evaluated year).</summary>
    public static int[] Seeds(int count) =>
        [.. Enumerable.Range(1, int.MaxValue - 1).Where(seed => new Random(seed).Next(3) == 1).Take(count)];

    /// <summary>
    /// Corpus contracts with each contract's services renamed to its own (<c>c&lt;seed&gt;svc0</c>): a fleet of customers
    /// whose contracts do not share services, as in production.
    /// </summary>
    public static IReadOnlyList<BoundContract> Check(IReadOnlyList<int> seeds)
    {
        // The pipeline's check step on the generated texts (as if read from c<seed>.sla files).
        var read = new ReadContracts([.. seeds.Select(seed => new SourceText($"c{seed}.sla", ContractCorpus.Contract(seed).Replace("svc", $"c{seed}svc", StringComparison.Ordinal)))], []);
        var services = new PipelineServices { Cache = () => null };
        var outcome = ContractSources.Check(read, services);
        return outcome.Value?.Select(c => c.Contract).ToList()
            ?? throw new InvalidOperationException($"corpus contracts have errors: {string.Join("; ", outcome.Problems.Take(5))}");
    }

    /// <summary>The pipeline's compile step: one batch, through the cache when given.</summary>
    public static CompiledContracts Compiled(IReadOnlyList<BoundContract> contracts, EvaluatorCache? cache)
    {
        var outcome = Evaluators.Compile(contracts, cache);
        return outcome.Value ?? throw new InvalidOperationException(string.Join("\n", outcome.Problems));
    }

    /// <summary>Each contract's input as the pipeline gives it (<see cref="ContractInputs"/>: its own services' records where its facts allow).</summary>
    public static EvaluationInput[] PerContract(CompiledContracts compiled, EvaluationInput input)
    {
        var inputs = new ContractInputs(input);
        return [.. compiled.Contracts.Select(c => inputs.For(c.Facts))];
    }

    public static void Require(CompiledContracts compiled)
    {
        if (!compiled.Succeeded) throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics));
    }

    /// <summary>
    /// <paramref name="count"/> incidents over November 2026 plus a day either side, spread evenly over the contracts'
    /// services (three a contract: c&lt;seed&gt;svc0..2), fixed random seed; a quarter sub-minute blips, a fifth degraded,
    /// severity 1-3, one in twenty customer-caused, each acknowledged 1-30 minutes after the start.
    /// </summary>
    public static EvaluationInput Incidents(IReadOnlyList<int> seeds, int count)
    {
        var random = new Random(20261101);
        var start = Instant.FromUtc(2026, 10, 31, 0, 0);
        var span = (int)Duration.FromDays(32).TotalSeconds;
        var incidents = ImmutableArray.CreateBuilder<Incident>(count);
        for (var i = 0; i < count; i++)
        {
            var service = $"c{seeds[random.Next(seeds.Count)]}svc{random.Next(3)}";
            var at = start + Duration.FromSeconds(random.Next(span));
            var length = random.Next(4) == 0 ? random.Next(1, 60) : random.Next(60, 4 * 3600);
            var impact = random.Next(5) == 0 ? Impact.Degraded : Impact.Outage;
            var cause = random.Next(20) == 0 ? "customer" : null;
            incidents.Add(new Incident($"inc-{i}", service, 1 + random.Next(3), impact, at, at + Duration.FromSeconds(length), cause,
                acknowledged: at + Duration.FromMinutes(1 + random.Next(30))));
        }
        return new EvaluationInput(new EvaluationPeriod(2026, month: 11), Instant.FromUtc(2026, 12, 2, 0, 0),
            incidents.MoveToImmutable(), [], [], [], []);
    }
}
