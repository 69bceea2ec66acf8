using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>One contract's model (zone, titles, effective range), its compiled evaluator and its evaluation for the period.</summary>
internal sealed record ContractRun(BoundContract Contract, ICompiledContract Evaluator, ContractEvaluation Evaluation);

/// <summary>
/// What <c>sla evaluate</c> and <c>sla explain</c> share: argument checks, contract and data loading, compilation and
/// evaluation for one period. Owns the compiled evaluators (dispose it), so earlier periods can be evaluated with the
/// same evaluators (KPI trends).
/// </summary>
internal sealed class EvaluationSession : IDisposable
{
    private readonly CompiledContracts compiled;

    private EvaluationSession(CompiledContracts compiled, EvaluationInput input, ImmutableArray<ContractRun> runs)
    {
        this.compiled = compiled;
        Input = input;
        Runs = runs;
    }

    public EvaluationInput Input { get; }
    public ImmutableArray<ContractRun> Runs { get; }

    /// <summary>Null after printing why (exit code in <paramref name="failure"/>): bad arguments, contracts or data, or a compiler bug.</summary>
    public static EvaluationSession? Open(string[] paths, string dataDirectory, string periodText, string? asOfText, CliServices services, TextWriter stderr, out int failure)
    {
        failure = ExitCodes.Failure;
        var period = EvaluateCommand.ParsePeriod(periodText);
        if (period is null)
        {
            stderr.WriteLine($"error: --period '{periodText}' is not a month (2026-10) or a quarter (2026-Q4)");
            return null;
        }
        Instant asOf;
        if (asOfText is null) asOf = services.Now();
        else
        {
            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(asOfText);
            if (!parsed.Success)
            {
                stderr.WriteLine($"error: --as-of '{asOfText}' is not an instant with an offset (2026-12-01T00:00:00Z): {parsed.Exception.Message}");
                return null;
            }
            asOf = parsed.Value.ToInstant();
        }
        if (!Directory.Exists(dataDirectory))
        {
            stderr.WriteLine($"error: no such data directory: '{dataDirectory}'");
            return null;
        }
        var contracts = BoundContracts.Load(paths, services, stderr);
        if (contracts is null) return null;

        var load = DataDirectory.Load(dataDirectory, DataLoadOptions.Default);
        if (load.Log.HasErrors)
        {
            // Every data error names its file, line and field; none is skipped silently.
            stderr.WriteLine(load.Log.Format());
            if (!load.Succeeded) return null;
        }

        var compiled = ContractCompilation.Compile(contracts, services.Cache());
        if (!compiled.Succeeded)
        {
            foreach (var diagnostic in compiled.Diagnostics) stderr.WriteLine(diagnostic.ToString());
            stderr.WriteLine("internal error: the generated C# did not compile -- this is a bug in sla, please report it");
            compiled.Dispose();
            failure = ExitCodes.InternalError;
            return null;
        }
        var input = new EvaluationInput(period, asOf, load.Data.Incidents, load.Data.Maintenance, load.Data.Alerts, load.Data.Requests, load.Data.Deployments);
        var byName = contracts.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var runs = compiled.Contracts.Select(e => new ContractRun(byName[e.ContractName], e, e.Evaluate(input))).ToImmutableArray();
        failure = ExitCodes.Success;
        return new EvaluationSession(compiled, input, runs);
    }

    public void Dispose() => compiled.Dispose();
}
