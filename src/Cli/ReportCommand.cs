using System.Collections.Immutable;
using System.CommandLine;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla report CONTRACT... --data DIR --period 2026-11 [--trend N] -o FILE [--as-of] [--template DIR] [--overwrite]</c>:
/// the internal KPI report (never signed): each contract evaluated for --period and the N periods before it (months or
/// quarters, as --period names) by the same compiled evaluator. One contract writes FILE; several write FILE-stem-CONTRACT.pdf each.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The latest period of the report: a month (2026-11) or a quarter (2026-Q4).", Required = true };
        var trend = new Option<int?>("--trend") { Description = $"How many earlier periods the report shows before --period (0-{Arguments.MaxTrend}). [default: {DefaultTrend}]" };
        // Before --trend: the number of months including --period (--months 6 = --trend 5); kept for old scripts.
        var months = new Option<int?>("--months") { Hidden = true };
        var output = Conventions.OutputOptions("The PDF file to write.");
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339); default: now." };
        var template = new Option<string?>("--template") { Description = "Directory with kpi-report.scriban overriding the built-in wording." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing report file." };
        var command = new Command("report", "Write the internal KPI report (not for customers, never signed).") { paths, data, period, trend, months, output.Output, output.Legacy, asOf, template, overwrite };
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                if (Conventions.Output(parse, output, stderr) is not { } file) return ExitCodes.Failure;
                if (parse.GetValue(trend) is not null && parse.GetValue(months) is not null)
                {
                    stderr.WriteLine("error: give --trend (earlier periods) or the older --months (periods in all), not both");
                    return ExitCodes.Failure;
                }
                if (parse.GetValue(months) is { } m && m is < 1 or > Arguments.MaxTrend + 1)
                {
                    stderr.WriteLine($"error: --months {m} must be between 1 and {Arguments.MaxTrend + 1} (periods in all; --trend counts the earlier ones)");
                    return ExitCodes.Failure;
                }
                var depth = parse.GetValue(trend) ?? (parse.GetValue(months) is { } all ? all - 1 : DefaultTrend);
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, depth, file,
                    parse.GetValue(asOf), parse.GetValue(template), parse.GetValue(overwrite), services, parse.InvocationConfiguration.Output, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    /// <summary>Five earlier periods: half a year of months.</summary>
    public const int DefaultTrend = 5;

    private static int Run(string[] paths, string dataDirectory, string periodText, int trend, string output, string? asOfText, string? templateDirectory, bool overwrite,
        CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (Arguments.Period(periodText, stderr) is not { } last) return ExitCodes.Failure;
        if (!Arguments.Trend(trend, last, stderr)) return ExitCodes.Failure;
        if (Arguments.AsOf(asOfText, services, stderr) is not { } asOf) return ExitCodes.Failure;
        if (OutputPaths.FileProblem(output, "--out") is { } outProblem)
        {
            Problems.Print([outProblem], stderr);
            return ExitCodes.Failure;
        }
        var templates = Arguments.Templates(templateDirectory, stderr);
        if (templates is null) return ExitCodes.Failure;

        var periods = ImmutableArray.CreateBuilder<EvaluationPeriod>(trend + 1);
        periods.Add(last);
        for (var i = 0; i < trend; i++) periods.Insert(0, KpiTrends.Previous(periods[0]));
        var reports = KpiReports.Render(new KpiReportRequest(paths, dataDirectory, periods.ToImmutable(), asOf, templates), services.Pipeline);
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
                stderr.WriteLine($"error: {file} already exists and was left unchanged; pass --overwrite to replace it, or choose another -o/--output");
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
            stdout.WriteLine($"wrote {file} (internal KPI report, {periods[0]} to {periods[^1]}, {Words.Count(document.Kpis.Length, "KPI target")}, {Words.Count(document.Warnings.Length, "warning")})");
        }
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
