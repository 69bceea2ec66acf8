using System.CommandLine;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary><c>sla compile CONTRACT... [--emit-cs DIR]</c>: compiles contracts to evaluators (cached), optionally writing the generated C#.</summary>
public static class CompileCommand
{
    /// <summary>Generated files end so; <c>--emit-cs</c> only ever writes (and overwrites) such files.</summary>
    public const string GeneratedSuffix = ".g.cs";

    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var emit = new Option<string?>("--emit-cs") { Description = "Also write the generated C# (one <contract>.g.cs per contract) into this folder." };
        var command = new Command("compile", "Compile contracts to evaluator assemblies (sandboxed, cached); optionally write the generated C#.") { paths, emit };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(emit), services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, string? emitDirectory, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        var pipeline = services.Pipeline;
        var read = ContractSources.Read(paths, pipeline);
        var contracts = ContractSources.Check(read, pipeline);
        Problems.Print(contracts.Problems, stderr);
        if (contracts.Value is null) return ExitCodes.Failure;
        var bound = contracts.Value.Select(c => c.Contract).ToList();
        if (emitDirectory is not null)
        {
            if (OutputPaths.FolderProblem(emitDirectory, "--emit-cs") is { } folderProblem)
            {
                Problems.Print([folderProblem], stderr);
                return ExitCodes.Failure;
            }
            var sources = Evaluators.Generate(bound);
            foreach (var source in sources)
            {
                var target = Path.Combine(emitDirectory, source.FileName);
                if (OutputPaths.Write(target, () =>
                    {
                        Directory.CreateDirectory(emitDirectory);
                        File.WriteAllText(target, source.Text);
                    }) is { } writeProblem)
                {
                    Problems.Print([writeProblem], stderr);
                    return ExitCodes.Failure;
                }
                stdout.WriteLine($"wrote {target}");
            }
        }
        // Recording the source key lets a following `sla evaluate` of the same files skip the checker (CI: compile, then evaluate).
        var outcome = Evaluators.Compile(bound, pipeline.Cache(), Evaluators.SourceKey(read, pipeline));
        Problems.Print(outcome.Problems, stderr);
        if (outcome.Value is null) return outcome.FailureExitCode;
        using var compiled = outcome.Value;
        foreach (var contract in compiled.Contracts)
            stdout.WriteLine($"compiled \"{contract.ContractName}\" ({contract.SemanticHash[..12]}, cache: {compiled.CacheOutcome?.ToString().ToLowerInvariant() ?? "off"})");
        return ExitCodes.Success;
    }
}
