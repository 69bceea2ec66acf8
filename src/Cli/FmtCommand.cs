using System.CommandLine;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla fmt PATH... [--check]</c>: rewrites contracts in the canonical layout, atomically and only when changed;
/// never touches a file with syntax errors. <c>--check</c> writes nothing and exits 1 if any file would change.
/// </summary>
public static class FmtCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var check = new Option<bool>("--check") { Description = "Write nothing; list files that would change and exit 1 if any would." };
        var command = new Command("fmt", "Format contracts in the canonical layout.") { paths, check };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(check), services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, bool checkOnly, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (services.Formatter is null)
        {
            stderr.WriteLine("error: this build of sla has no formatter");
            return ExitCodes.Failure;
        }
        var run = ContractChecking.FormatAll(paths, services.Formatter, services.Pipeline);
        foreach (var missing in run.Missing) stderr.WriteLine($"error: no such file or folder: '{missing}'");
        foreach (var message in run.Unreadable) stderr.WriteLine("error: " + message);
        var outcomes = run.Outcomes;
        var broken = 0;
        var changed = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.Formatted is null)
            {
                broken++;
                foreach (var error in outcome.SyntaxErrors) stdout.WriteLine(error.ToString());
                continue;
            }
            if (!outcome.Changed) continue;
            changed++;
            if (checkOnly)
            {
                stdout.WriteLine($"{outcome.Source.Path}: would be reformatted");
            }
            else
            {
                WriteAtomically(outcome.Source.Path, outcome.Formatted);
                stdout.WriteLine($"{outcome.Source.Path}: formatted");
            }
        }
        var verb = checkOnly ? "would be reformatted" : "reformatted";
        stdout.WriteLine($"{outcomes.Length} {(outcomes.Length == 1 ? "file" : "files")} checked: {changed} {verb}, {broken} with syntax errors (not formatted)");
        var failed = broken > 0 || !run.Missing.IsEmpty || !run.Unreadable.IsEmpty || (checkOnly && changed > 0);
        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>Temp file beside the target, then rename: a crash never leaves a half-written contract.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
