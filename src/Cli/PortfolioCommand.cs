using System.CommandLine;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Pdf;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla portfolio CONTRACT... --data DIR --period 2026-11 -o FILE [--format pdf|json] [--as-of] [--template DIR] [--overwrite]</c>:
/// the internal portfolio report (never signed): every contract evaluated for one period, in one PDF or one JSON file.
/// </summary>
public static class PortfolioCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The period: a month (2026-11) or a quarter (2026-Q4).", Required = true };
        var output = Conventions.OutputOptions("The file to write (PDF, or JSON with --format json).");
        var format = new Option<string>("--format") { Description = "Output format: pdf, or json (schema slakpidsl.portfolio/1, docs/reports.md).", DefaultValueFactory = _ => "pdf" };
        format.AcceptOnlyFromAmong("pdf", "json");
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339); default: now." };
        var template = new Option<string?>("--template") { Description = "Directory with portfolio.scriban overriding the built-in wording." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing file." };
        var command = new Command("portfolio", "Write the internal portfolio report across all contracts for one period (not for customers, never signed).")
            { paths, data, period, output.Output, output.Legacy, format, asOf, template, overwrite };
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                if (Conventions.Output(parse, output, stderr) is not { } file) return ExitCodes.Failure;
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, file, parse.GetValue(format) ?? "pdf",
                    parse.GetValue(asOf), parse.GetValue(template), parse.GetValue(overwrite), services, parse.InvocationConfiguration.Output, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, string dataDirectory, string periodText, string output, string format, string? asOfText, string? templateDirectory, bool overwrite,
        CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (Arguments.Period(periodText, stderr) is not { } period) return ExitCodes.Failure;
        if (Arguments.AsOf(asOfText, services, stderr) is not { } asOf) return ExitCodes.Failure;
        if (OutputPaths.FileProblem(output, "-o/--output") is { } outProblem)
        {
            Problems.Print([outProblem], stderr);
            return ExitCodes.Failure;
        }
        // Refused before any work: an existing file is never overwritten without --overwrite.
        if (File.Exists(output) && !overwrite)
        {
            stderr.WriteLine($"error: {output} already exists and was left unchanged; pass --overwrite to replace it, or choose another -o/--output");
            return ExitCodes.Failure;
        }
        if (Arguments.Templates(templateDirectory, stderr) is not { } templates) return ExitCodes.Failure;

        var result = PortfolioReports.Render(new PortfolioRequest(paths, dataDirectory, period, asOf, templates), services.Pipeline);
        Problems.Print(result.Problems, stderr);
        if (result.Value is not { } portfolio) return result.FailureExitCode;
        byte[] bytes;
        if (format == "json") bytes = portfolio.Json;
        else if (!portfolio.Rendered.IsSuccess)
        {
            foreach (var error in portfolio.Rendered.Errors) stderr.WriteLine(error.ToString());
            return ExitCodes.Failure;
        }
        else bytes = portfolio.Rendered.Pdf!;
        var writeProblem = OutputPaths.Write(output, () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            OutputFiles.WriteAtomically(output, bytes, overwrite);
        });
        if (writeProblem is not null)
        {
            stderr.WriteLine(writeProblem.ToString());
            return ExitCodes.Failure;
        }
        if (format == "pdf") foreach (var warning in portfolio.Rendered.Warnings) stderr.WriteLine($"warning: portfolio: {warning}");
        var d = portfolio.Document;
        var credits = d.CreditsByCurrency.IsEmpty ? "no credits due" : string.Join(", ", d.CreditsByCurrency.Select(c => $"{c.Credits} due in {c.Currency}"));
        stdout.WriteLine($"wrote {output} (internal portfolio report, {d.Period}: {d.Contracts.Length} contracts, {d.Breaches.Length} SLAs breached, {credits}, {d.Approaching.Length} approaching breach)");
        return ExitCodes.Success;
    }
}
