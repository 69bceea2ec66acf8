using System.CommandLine;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Compiler.Testing;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

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
    public const string TestFileExtension = ".sla-test";

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

    private sealed record CheckedFile(SourceText Source, CheckResult Check);

    private static int Run(string[] paths, TerminalColours colours, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        var (contractFiles, contextFiles, testFiles, missing) = Discover(paths);
        var failedFiles = 0;
        var failedTests = 0;
        foreach (var path in missing) stderr.WriteLine($"error: no such file or folder: '{path}'");

        // Contracts first: a .sla-test file binds against the contracts of its folder.
        var checkedFiles = new List<CheckedFile>();
        foreach (var path in contractFiles.Concat(contextFiles))
        {
            if (Check(path, services, c => services.Check(c), colours, stdout, stderr) is { } file) checkedFiles.Add(file);
            else failedFiles++;
        }
        var goodContracts = checkedFiles.Where(f => !f.Check.HasErrors).ToList();
        foreach (var path in testFiles)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            IReadOnlyList<BoundContract> beside = [.. goodContracts
                .Where(f => Path.GetDirectoryName(Path.GetFullPath(f.Source.Path)) == folder)
                .SelectMany(f => f.Check.Model!.Contracts)];
            if (Check(path, services, c => services.CheckBeside(c, beside), colours, stdout, stderr) is { } file) checkedFiles.Add(file);
            else failedFiles++;
        }
        foreach (var bad in checkedFiles.Where(f => f.Check.HasErrors))
        {
            // Its tests cannot run: each counts as failed, so a broken file never passes by running nothing.
            var tests = Math.Max(1, bad.Check.Parse.Root.Tests.Count());
            failedTests += tests;
            stderr.WriteLine($"error: '{bad.Source.Path}' has errors; its {tests} test(s) were not run");
        }
        // Contracts that only came along as the context of a named .sla-test file are compiled, but their own tests not run.
        var context = contextFiles.ToHashSet(StringComparer.Ordinal);
        var runnable = checkedFiles.Where(f => !f.Check.HasErrors && !context.Contains(f.Source.Path)).ToList();

        // One batch compilation for every contract a test names (cached like sla evaluate's).
        var contracts = new Dictionary<string, BoundContract>(StringComparer.Ordinal);
        var duplicate = false;
        foreach (var contract in goodContracts.SelectMany(f => f.Check.Model!.Contracts))
        {
            if (!contracts.TryAdd(contract.Name, contract))
            {
                stderr.WriteLine($"error: contract \"{contract.Name}\" is defined more than once; sla test cannot tell which one a test means");
                duplicate = true;
            }
        }
        if (duplicate) return ExitCodes.Failure;
        var named = runnable.SelectMany(f => f.Check.Model!.Tests).Select(t => t.Contract).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var toCompile = contracts.Values.Where(c => named.Contains(c.Name)).ToList();
        // Nothing to compile (no runnable test) is not an error of its own: the summary below says what happened.
        using var compiled = toCompile.Count == 0 ? null : ContractCompilation.Compile(toCompile, services.Cache());
        if (compiled is { Succeeded: false })
        {
            foreach (var diagnostic in compiled.Diagnostics) stderr.WriteLine(diagnostic.ToString());
            stderr.WriteLine("internal error: the generated C# did not compile -- this is a bug in sla, please report it");
            return ExitCodes.InternalError;
        }
        var evaluators = toCompile.Select((c, i) => (c, compiled!.Contracts[i]))
            .ToDictionary(p => p.c.Name, p => (Model: p.c, Evaluator: p.Item2), StringComparer.Ordinal);

        var passed = 0;
        foreach (var file in runnable)
        {
            foreach (var outcome in ScenarioRunner.Run(file.Source, file.Check.Model!.Tests, evaluators))
            {
                foreach (var failure in outcome.Failures) stdout.WriteLine(colours.Line(failure));
                var where = $"{file.Source.Path}({file.Source.GetPosition(outcome.Span.Start).Line})";
                if (outcome.Passed)
                {
                    passed++;
                    stdout.WriteLine($"PASS {where}: test \"{outcome.Test}\" ({outcome.CheckedValues} expected values)");
                }
                else
                {
                    failedTests++;
                    stdout.WriteLine($"FAIL {where}: test \"{outcome.Test}\" ({outcome.Failures.Length} failure(s) among {outcome.CheckedValues} expected values)");
                }
            }
        }
        if (passed + failedTests == 0 && failedFiles == 0)
            stderr.WriteLine($"error: no scenario tests under {string.Join(", ", paths.Select(p => $"'{p}'"))}");
        stdout.WriteLine($"{passed} passed, {failedTests} failed");
        var ok = failedTests == 0 && failedFiles == 0 && missing.Count == 0 && passed > 0;
        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static CheckedFile? Check(string path, CliServices services, Func<SourceText, CheckResult> check, TerminalColours colours, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = services.ReadText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read '{path}': {exception.Message}");
            return null;
        }
        var source = new SourceText(path, text);
        var result = check(source);
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) stdout.WriteLine(colours.Line(diagnostic));
        return new CheckedFile(source, result);
    }

    /// <summary>
    /// Contract files named or found in folders, the contract files of the folders of named <c>.sla-test</c> files (context
    /// only), and test files; each sorted and distinct; paths keep the form the user typed.
    /// </summary>
    private static (IReadOnlyList<string> Contracts, IReadOnlyList<string> Context, IReadOnlyList<string> Tests, IReadOnlyList<string> Missing) Discover(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        var contracts = ContractFiles.Discover(list.Where(p => !p.EndsWith(TestFileExtension, StringComparison.Ordinal)));
        var tests = new SortedSet<string>(StringComparer.Ordinal);
        var context = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<string>(contracts.Missing);
        foreach (var path in list)
        {
            if (path.EndsWith(TestFileExtension, StringComparison.Ordinal))
            {
                if (!File.Exists(path))
                {
                    missing.Add(path);
                    continue;
                }
                tests.Add(path);
                var folder = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
                foreach (var file in Directory.EnumerateFiles(folder, "*.sla").Where(f => Path.GetExtension(f) == ".sla")) context.Add(file);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*" + TestFileExtension, SearchOption.AllDirectories)) tests.Add(file);
            }
        }
        var named = contracts.Files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        context.RemoveWhere(f => named.Contains(Path.GetFullPath(f)));
        return (contracts.Files, [.. context], [.. tests], missing);
    }
}
