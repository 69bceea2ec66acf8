using System.CommandLine;
using SlaKpiDsl.Compiler.Emit;

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
        var read = BoundContracts.Read(paths, services, stderr);
        var contracts = read is null ? null : BoundContracts.Check(read, services, stderr);
        if (contracts is null) return ExitCodes.Failure;
        if (emitDirectory is not null)
        {
            var sources = ContractCompilation.Generate(contracts);
            Directory.CreateDirectory(emitDirectory);
            foreach (var source in sources)
            {
                var target = Path.Combine(emitDirectory, source.FileName);
                File.WriteAllText(target, source.Text);
                stdout.WriteLine($"wrote {target}");
            }
        }
        var cache = services.Cache();
        // Recording the source index lets a following `sla evaluate` of the same files skip the checker (CI: compile, then evaluate).
        var sourceKey = cache is not null && services.CacheCheckedSources ? ContractCompilation.SourceKey([.. read!.Sources.Select(s => s.Text)]) : null;
        using var compiled = ContractCompilation.Compile(contracts, cache, sourceKey);
        if (!compiled.Succeeded)
        {
            foreach (var diagnostic in compiled.Diagnostics) stderr.WriteLine(diagnostic.ToString());
            stderr.WriteLine("internal error: the generated C# did not compile -- this is a bug in sla, please report it");
            return ExitCodes.InternalError;
        }
        foreach (var contract in compiled.Contracts)
            stdout.WriteLine($"compiled \"{contract.ContractName}\" ({contract.SemanticHash[..12]}, cache: {compiled.CacheOutcome?.ToString().ToLowerInvariant() ?? "off"})");
        return ExitCodes.Success;
    }
}
