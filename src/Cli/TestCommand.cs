using System.CommandLine;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Wording;

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
        var noColour = new Option<bool>("--no-color") { Description = "No ANSI colour, even on a terminal (NO_COLOR=1 does the same)." };
        var format = new Option<string>("--format") { Description = "Output format: text, or json (every test with its failures; errors still on stderr).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("test", "Run the scenario tests of contracts: every expectation must hold exactly.") { paths, noColour, format };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var json = parse.GetValue(format) == "json";
                return Run(parse.GetValue(paths) ?? [], new TerminalColours(!json && services.ColourAllowed && !parse.GetValue(noColour)), json, services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    /// <summary>The version tag of the JSON output.</summary>
    public const string JsonSchema = "sla-test/1";

    private static int Run(string[] paths, TerminalColours colours, bool json, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        var run = ScenarioTests.Run(paths, services.Pipeline);
        // JSON: the tests go to stdout as one document; file errors go to stderr like every other problem.
        var text = json ? stderr : stdout;
        foreach (var path in run.Missing) stderr.WriteLine($"error: no such file or folder: '{path}'");
        foreach (var file in run.Files)
        {
            if (file.ReadError is not null) stderr.WriteLine("error: " + file.ReadError);
            else foreach (var diagnostic in file.Check!.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) text.WriteLine(colours.Line(diagnostic));
        }
        foreach (var bad in run.NotRun) stderr.WriteLine($"error: '{bad.Source.Path}' has errors; its {bad.Tests} test(s) were not run");
        Problems.Print(run.Problems, stderr);
        if (run.Problems.Any(p => p.Kind == ProblemKind.Bug)) return ExitCodes.InternalError;
        if (!run.Problems.IsEmpty) return ExitCodes.Failure;

        var ok = run.Failed == 0 && run.UnreadableFiles == 0 && run.Missing.IsEmpty && run.Passed > 0;
        if (json)
        {
            if (run.Passed + run.Failed == 0 && run.UnreadableFiles == 0)
                stderr.WriteLine($"error: no scenario tests under {string.Join(", ", paths.Select(p => $"'{p}'"))}");
            stdout.Write(Json(run));
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        }
        foreach (var (source, outcome) in run.Outcomes)
        {
            foreach (var failure in outcome.Failures) stdout.WriteLine(colours.Line(failure));
            var where = $"{source.Path}({source.GetPosition(outcome.Span.Start).Line})";
            stdout.WriteLine(outcome.Passed
                ? $"PASS {where}: test \"{outcome.Test}\" ({Words.Count(outcome.CheckedValues, "expected value")})"
                : $"FAIL {where}: test \"{outcome.Test}\" ({Words.Count(outcome.Failures.Length, "failure")} among {Words.Count(outcome.CheckedValues, "expected value")})");
        }
        var failedFiles = run.UnreadableFiles;
        if (run.Passed + run.Failed == 0 && failedFiles == 0)
            stderr.WriteLine($"error: no scenario tests under {string.Join(", ", paths.Select(p => $"'{p}'"))}");
        stdout.WriteLine($"{run.Passed} passed, {run.Failed} failed");
        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Json(ScenarioTestRun run)
    {
        var document = new
        {
            schema = JsonSchema,
            passed = run.Passed,
            failed = run.Failed,
            notRun = run.NotRun.Select(f => new { path = f.Source.Path, tests = f.Tests }),
            tests = run.Outcomes.Select(o => new
            {
                path = o.Source.Path,
                line = o.Source.GetPosition(o.Outcome.Span.Start).Line,
                test = o.Outcome.Test,
                contract = o.Outcome.Contract,
                passed = o.Outcome.Passed,
                checkedValues = o.Outcome.CheckedValues,
                failures = o.Outcome.Failures.Select(f => new
                {
                    line = f.Source.GetPosition(f.Span.Start).Line,
                    column = f.Source.GetPosition(f.Span.Start).Column,
                    code = f.Code,
                    message = f.Message,
                }),
            }),
        };
        return System.Text.Json.JsonSerializer.Serialize(document, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
