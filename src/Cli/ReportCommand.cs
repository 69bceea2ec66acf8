using System.CommandLine;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Reports.Mapping;
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
        if (ReportInputs.ParseAsOf(asOfText, services, stderr) is not { } asOf) return ExitCodes.Failure;
        var templates = ReportInputs.LoadTemplates(templateDirectory, stderr);
        if (templates is null) return ExitCodes.Failure;
        var contracts = BoundContracts.LoadWithFiles(paths, services, stderr);
        if (contracts is null) return ExitCodes.Failure;
        if (ReportInputs.LoadData(dataDirectory, stderr) is not { } data) return ExitCodes.Failure;

        var periods = Enumerable.Range(0, months)
            .Select(i => new NodaTime.LocalDate(last.Year, month, 1).PlusMonths(i - months + 1))
            .Select(d => new EvaluationPeriod(d.Year, month: d.Month))
            .ToList();
        using var compiled = ContractCompilation.Compile([.. contracts.Select(c => c.Contract)], services.Cache());
        if (!compiled.Succeeded)
        {
            foreach (var diagnostic in compiled.Diagnostics) stderr.WriteLine(diagnostic.ToString());
            stderr.WriteLine("internal error: the generated C# did not compile -- this is a bug in sla, please report it");
            return ExitCodes.InternalError;
        }
        var failed = 0;
        // Each contract on its own services' records where its facts allow (one partition, shared by all contracts and periods).
        var inputs = new ContractInputs(ReportInputs.Input(periods[^1], asOf, data.Data));
        for (var i = 0; i < contracts.Count; i++)
        {
            var contract = contracts[i].Contract;
            var evaluator = compiled.Contracts[i];
            var own = inputs.For(evaluator.Facts);
            var evaluations = periods.Select(p => evaluator.Evaluate(own with { Period = p })).ToList();
            var document = KpiReportMapping.Map(evaluations, contract.Provider ?? "Provider " + StatementMapping.NotStated, contract.Fee?.Amount.Currency ?? "USD",
                contract.Slas.ToDictionary(s => s.Name, s => s.Title ?? s.Name));
            var rendered = KpiReportRenderer.Render(document, templates);
            if (!rendered.IsSuccess)
            {
                foreach (var error in rendered.Errors) stderr.WriteLine(error.ToString());
                failed++;
                continue;
            }
            var file = contracts.Count == 1
                ? output
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $"{Path.GetFileNameWithoutExtension(output)}-{ReportInputs.Slug(contract.Name)}.pdf");
            if (File.Exists(file) && !overwrite)
            {
                stderr.WriteLine($"error: {file} already exists and was left unchanged; pass --overwrite to replace it, or choose another --out");
                failed++;
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            OutputFiles.WriteAtomically(file, rendered.Pdf!, overwrite);
            foreach (var warning in rendered.Warnings) stderr.WriteLine($"warning: {contract.Name}: {warning}");
            stdout.WriteLine($"wrote {file} (internal KPI report, {periods[0]} to {periods[^1]}, {document.Kpis.Length} KPI targets, {document.Warnings.Length} warnings)");
        }
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
