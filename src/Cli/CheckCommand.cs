using System.CommandLine;
using SlaKpiDsl.Compiler.Diagnostics;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary><c>sla check PATH... [--format text|sarif|json] [--output FILE] [--warnaserror] [--no-color]</c>.</summary>
public static class CheckCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("paths") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output format: text, sarif (2.1.0, for GitHub code scanning) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "sarif", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var warnAsError = new Option<bool>("--warnaserror") { Description = "Report warnings as errors (exit code 1)." };
        var noColour = new Option<bool>("--no-color") { Description = "No ANSI colour, even on a terminal." };

        var command = new Command("check", "Parse, bind and lint contracts; report every error and warning.") { paths, format, output, warnAsError, noColour };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(
                    parse.GetValue(paths) ?? [],
                    parse.GetValue(format) ?? "text",
                    parse.GetValue(output),
                    parse.GetValue(warnAsError),
                    new TerminalColours(services.ColourAllowed && !parse.GetValue(noColour)),
                    services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, string format, string? outputPath, bool warnAsError, TerminalColours colours, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (outputPath is not null && OutputPaths.FileProblem(outputPath, "--output") is { } outputProblem)
        {
            Problems.Print([outputProblem], stderr);
            return ExitCodes.Failure;
        }
        var run = ContractChecking.CheckAll(paths, services.Pipeline, warnAsError);
        foreach (var missing in run.Missing) stderr.WriteLine($"error: no such file or folder: '{missing}'");
        if (run.NothingFound) stderr.WriteLine($"error: no contract files (*.sla, *.orders.csv) under {string.Join(", ", paths.Select(p => $"'{p}'"))}");
        foreach (var message in run.Unreadable) stderr.WriteLine("error: " + message);
        var report = run.Report;

        var text = format switch
        {
            "sarif" => DiagnosticWriters.Sarif(report, services.CurrentDirectory, typeof(CheckCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            "json" => DiagnosticWriters.Json(report),
            _ => null,
        };
        if (text is null)
        {
            var target = outputPath is null ? stdout : null;
            var lines = report.Diagnostics.Select(d => (target is null ? new TerminalColours(false) : colours).Line(d)).ToList();
            lines.Add(DiagnosticWriters.Summary(report));
            if (target is not null) foreach (var line in lines) target.WriteLine(line);
            else if (!WriteFile(outputPath!, string.Join('\n', lines) + "\n", stdout, stderr, report)) return ExitCodes.Failure;
        }
        else if (outputPath is null)
        {
            stdout.Write(text);
        }
        else if (!WriteFile(outputPath, text, stdout, stderr, report))
        {
            return ExitCodes.Failure;
        }
        return run.Failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static bool WriteFile(string path, string text, TextWriter stdout, TextWriter stderr, CheckReport report)
    {
        if (OutputPaths.Write(path, () =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, text);
            }) is { } problem)
        {
            Problems.Print([problem], stderr);
            return false;
        }
        stdout.WriteLine($"{DiagnosticWriters.Summary(report)} (report written to {path})");
        return true;
    }
}
