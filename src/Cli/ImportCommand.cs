using System.CommandLine;
using SlaKpiDsl.Import;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla import SOURCE FILES... --map MAP -o DIR [--keep-going] [--overwrite]</c> and
/// <c>sla import SOURCE FILES... --init --map MAP [--overwrite]</c>: arguments and printing only; the import itself is
/// <see cref="Imports"/> (src/Pipeline, on src/Import). Exit 1 for a bad map, a record that cannot be mapped (without --keep-going),
/// a missing file or an existing output; 2 for a bug.
/// </summary>
public static class ImportCommand
{
    public static Command Create(CliServices services)
    {
        _ = services;
        var source = new Argument<string>("source") { Description = "The export's source: pagerduty, statuspage, csv or jsonl." };
        source.AcceptOnlyFromAmong("pagerduty", "statuspage", "csv", "jsonl");
        var files = new Argument<string[]>("files") { Description = "The export files (docs/data.md, \"Importing exports\").", Arity = ArgumentArity.OneOrMore };
        var map = new Option<string>("--map") { Description = "The mapping file (TOML; docs/data.md, \"The mapping file\").", Required = true };
        var output = Conventions.OutputOptions("The data directory to write (incidents.csv, maintenance.csv; rejects.txt with --keep-going)");
        var keepGoing = new Option<bool>("--keep-going") { Description = "Write the records that mapped and rejects.txt listing each rejected record, instead of writing nothing." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the files of an earlier import (or, with --init, an existing map)." };
        var init = new Option<bool>("--init") { Description = "Propose a mapping file from the names seen in FILES and write it to --map (no import)." };
        var command = new Command("import", "Import incident exports (PagerDuty, Statuspage, any CSV or JSON Lines) into the project's own data files through a mapping file.")
        {
            source, files, map, output.Output, output.Legacy, keepGoing, overwrite, init,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var kind = Imports.ParseSource(parse.GetValue(source)!)!.Value;
                var paths = parse.GetValue(files) ?? [];
                var missing = paths.Where(p => !File.Exists(p)).ToList();
                foreach (var path in missing) stderr.WriteLine(Directory.Exists(path) ? $"error: '{path}' is a folder; name the export files" : $"error: '{path}' does not exist");
                if (missing.Count > 0) return ExitCodes.Failure;
                var mapPath = parse.GetValue(map)!;
                if (parse.GetValue(init)) return Init(kind, paths, mapPath, parse.GetValue(overwrite), stdout, stderr);
                if (Conventions.Output(parse, output, stderr) is not { } directory) return ExitCodes.Failure;
                if (!File.Exists(mapPath))
                {
                    stderr.WriteLine($"error: the map '{mapPath}' does not exist; 'sla import {parse.GetValue(source)} FILES... --init --map {mapPath}' proposes one");
                    return ExitCodes.Failure;
                }
                if (File.Exists(directory))
                {
                    stderr.WriteLine($"error: -o/--output '{directory}' is a file; name a folder");
                    return ExitCodes.Failure;
                }
                var result = Imports.Run(new ImportRequest(kind, [.. paths], mapPath, directory) { KeepGoing = parse.GetValue(keepGoing), Overwrite = parse.GetValue(overwrite) });
                return Print(result, directory, stdout, stderr);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {exception.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Init(ImportSource kind, string[] paths, string mapPath, bool overwrite, TextWriter stdout, TextWriter stderr)
    {
        if (File.Exists(mapPath) && !overwrite)
        {
            stderr.WriteLine($"error: {mapPath} already exists and was left unchanged; pass --overwrite to replace it, or name another --map");
            return ExitCodes.Failure;
        }
        var text = Imports.ProposeMap(kind, paths);
        var temp = mapPath + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, mapPath, overwrite: true);
        stdout.WriteLine($"wrote {mapPath}: a proposed map from the names in {paths.Length} file(s); review every value, then run sla import without --init");
        return ExitCodes.Success;
    }

    private static int Print(ImportResult result, string directory, TextWriter stdout, TextWriter stderr)
    {
        foreach (var error in result.MapErrors) stderr.WriteLine(error.ToString());
        if (!result.MapErrors.IsEmpty) return ExitCodes.Failure;
        const int Shown = 100;
        foreach (var error in result.Rejections.Take(Shown)) stderr.WriteLine(error.ToString());
        if (result.Rejections.Length > Shown) stderr.WriteLine($"... and {result.Rejections.Length - Shown} more problems");
        if (result.OutputProblem is { } problem) { stderr.WriteLine($"error: {problem}"); return ExitCodes.Failure; }
        foreach (var (what, count) in result.Tally.LeftOutByMapCounts) stdout.WriteLine($"left out by the map: {count} x {what}");
        foreach (var (rule, count) in result.Tally.SkippedByRule) stdout.WriteLine($"skipped by rule: {count} x {rule}");
        if (!result.Rejections.IsEmpty && result.Written.IsEmpty)
        {
            stderr.WriteLine($"error: {result.RejectedRecords} of {result.SourceRecords} source records could not be mapped; nothing was written (--keep-going writes the rest and {Imports.RejectsFile})");
            return ExitCodes.Failure;
        }
        stdout.WriteLine($"imported {result.SourceRecords - result.RejectedRecords} of {result.SourceRecords} source records: {result.Incidents.Length} incidents, {result.Maintenance.Length} maintenances into {directory}");
        foreach (var file in result.Written) stdout.WriteLine($"  wrote {file}");
        if (!result.Rejections.IsEmpty)
        {
            stderr.WriteLine($"error: {result.RejectedRecords} source records rejected; listed in {Path.Combine(directory, Imports.RejectsFile)}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }
}
