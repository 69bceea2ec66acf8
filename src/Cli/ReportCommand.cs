using System.Collections.Immutable;
using System.CommandLine;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla report CONTRACT... --data DIR --period 2026-11 --months N --out FILE [--as-of] [--template DIR] [--overwrite]</c>:
/// the internal KPI report (never signed): each contract evaluated for the N months ending with --period by the same
/// compiled evaluator. One contract writes FILE; several write FILE-stem-CONTRACT.pdf each.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The latest month of the report (2026-11).", Required = true };
        var months = new Option<int>("--months") { Description = "How many months, ending with --period.", DefaultValueFactory = _ => 6 };
        var output = new Option<string>("--out") { Description = "The PDF file to write.", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339); default: now." };
        var template = new Option<string?>("--template") { Description = "Directory with kpi-report.scriban overriding the built-in wording." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing report file." };
        var command = new Command("report", "Write the internal KPI report (not for customers, never signed).") { paths, data, period, months, output, asOf, template, overwrite };
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, parse.GetValue(months), parse.GetValue(output)!,
                    parse.GetValue(asOf), parse.GetValue(template), parse.GetValue(overwrite), services, parse.InvocationConfiguration.Output, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, string dataDirectory, string periodText, int months, string output, string? asOfText, string? templateDirectory, bool overwrite,
        CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (EvaluateCommand.ParsePeriod(periodText) is not { Month: { } month } last)
        {
            stderr.WriteLine($"error: --period '{periodText}' is not a month (2026-11); the KPI report runs over months");
            return ExitCodes.Failure;
        }
        if (months is < 1 or > 120)
        {
            stderr.WriteLine($"error: --months {months} must be between 1 and 120");
            return ExitCodes.Failure;
        }
        if (Arguments.AsOf(asOfText, services, stderr) is not { } asOf) return ExitCodes.Failure;
        if (OutputPaths.FileProblem(output, "--out") is { } outProblem)
        {
            Problems.Print([outProblem], stderr);
            return ExitCodes.Failure;
        }
        var templates = Arguments.Templates(templateDirectory, stderr);
        if (templates is null) return ExitCodes.Failure;

        ImmutableArray<EvaluationPeriod> periods = [.. Enumerable.Range(0, months)
            .Select(i => new NodaTime.LocalDate(last.Year, month, 1).PlusMonths(i - months + 1))
            .Select(d => new EvaluationPeriod(d.Year, month: d.Month))];
        var reports = KpiReports.Render(new KpiReportRequest(paths, dataDirectory, periods, asOf, templates), services.Pipeline);
        Problems.Print(reports.Problems, stderr);
        if (reports.Value is not { } outcomes) return reports.FailureExitCode;
        var failed = 0;
        foreach (var (name, document, rendered) in outcomes)
        {
            if (!rendered.IsSuccess)
            {
                foreach (var error in rendered.Errors) stderr.WriteLine(error.ToString());
                failed++;
                continue;
            }
            var file = outcomes.Count == 1
                ? output
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $"{Path.GetFileNameWithoutExtension(output)}-{StatementContexts.Slug(name)}.pdf");
            if (File.Exists(file) && !overwrite)
            {
                stderr.WriteLine($"error: {file} already exists and was left unchanged; pass --overwrite to replace it, or choose another --out");
                failed++;
                continue;
            }
            var writeProblem = Directory.Exists(file) ? PipelineProblem.Error($"{file} is a folder; name a file with --out")
                : OutputPaths.Write(file, () =>
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
                    OutputFiles.WriteAtomically(file, rendered.Pdf!, overwrite);
                });
            if (writeProblem is not null)
            {
                stderr.WriteLine(writeProblem.ToString());
                failed++;
                continue;
            }
            foreach (var warning in rendered.Warnings) stderr.WriteLine($"warning: {name}: {warning}");
            stdout.WriteLine($"wrote {file} (internal KPI report, {periods[0]} to {periods[^1]}, {document.Kpis.Length} KPI targets, {document.Warnings.Length} warnings)");
        }
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
