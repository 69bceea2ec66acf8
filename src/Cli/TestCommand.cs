using System.CommandLine;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla test PATH... [--no-color]</c>: runs the scenario <c>test</c> blocks of contracts (<c>*.sla</c>) and of test
/// files beside them (<c>*.sla-test</c>, whose tests may name any contract of a <c>.sla</c> file in the same folder)
/// on the compiled evaluators. Prints each failing expectation as <c>path(line,col): error SLA20xx: ...</c>, one line
/// per test, and last <c>N passed, N failed</c>. Exit 0 when every test passed, 1 on any failure, bad file or no tests
/// at all, 2 for a bug.
/// </summary>
public static class TestCommand
{
    /// <summary>The extension of a file that holds only tests, for contracts in <c>.sla</c> files of the same folder.</summary>
    public const string TestFileExtension = ScenarioTests.TestFileExtension;

    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract or test files, or folders (searched recursively for *.sla and *.sla-test).", Arity = ArgumentArity.OneOrMore };
        var noColour = new Option<bool>("--no-color") { Description = "No ANSI colour, even on a terminal." };
        var command = new Command("test", "Run the scenario tests of contracts: every expectation must hold exactly.") { paths, noColour };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], new TerminalColours(services.ColourAllowed && !parse.GetValue(noColour)), services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, TerminalColours colours, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        var run = ScenarioTests.Run(paths, services.Pipeline);
        foreach (var path in run.Missing) stderr.WriteLine($"error: no such file or folder: '{path}'");
        foreach (var file in run.Files)
        {
            if (file.ReadError is not null) stderr.WriteLine("error: " + file.ReadError);
            else foreach (var diagnostic in file.Check!.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) stdout.WriteLine(colours.Line(diagnostic));
        }
        foreach (var bad in run.NotRun) stderr.WriteLine($"error: '{bad.Source.Path}' has errors; its {bad.Tests} test(s) were not run");
        Problems.Print(run.Problems, stderr);
        if (run.Problems.Any(p => p.Kind == ProblemKind.Bug)) return ExitCodes.InternalError;
        if (!run.Problems.IsEmpty) return ExitCodes.Failure;

        foreach (var (source, outcome) in run.Outcomes)
        {
            foreach (var failure in outcome.Failures) stdout.WriteLine(colours.Line(failure));
            var where = $"{source.Path}({source.GetPosition(outcome.Span.Start).Line})";
            stdout.WriteLine(outcome.Passed
                ? $"PASS {where}: test \"{outcome.Test}\" ({outcome.CheckedValues} expected values)"
                : $"FAIL {where}: test \"{outcome.Test}\" ({outcome.Failures.Length} failure(s) among {outcome.CheckedValues} expected values)");
        }
        var failedFiles = run.UnreadableFiles;
        if (run.Passed + run.Failed == 0 && failedFiles == 0)
            stderr.WriteLine($"error: no scenario tests under {string.Join(", ", paths.Select(p => $"'{p}'"))}");
        stdout.WriteLine($"{run.Passed} passed, {run.Failed} failed");
        var ok = run.Failed == 0 && failedFiles == 0 && run.Missing.IsEmpty && run.Passed > 0;
        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }
}
