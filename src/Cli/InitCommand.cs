using System.CommandLine;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla init TEMPLATE-FILE --name "Acme - API" [--template NAME] [--customer "Acme Corp"] [--set p=v ...] -o FILE
/// [--overwrite]</c>: writes a new order form of a template with its parameters filled in. A parameter without a value
/// and without a default is asked for when stdin is a terminal (<see cref="CliServices.Prompt"/>), otherwise it is an
/// error naming every one missing. The form is checked against its template before it is written; nothing is written
/// when it has errors, and an existing file is kept unless <c>--overwrite</c>.
/// </summary>
public static class InitCommand
{
    public static Command Create(CliServices services)
    {
        var templateFile = new Argument<string>("template-file") { Description = "The .sla file that declares the template." };
        var name = new Option<string>("--name") { Description = "The new contract's name.", Required = true };
        var template = new Option<string?>("--template") { Description = "The template's name (needed when the file declares several)." };
        var customer = new Option<string?>("--customer") { Description = "The customer clause of the new contract." };
        var set = new Option<string[]>("--set") { Description = "A parameter's value, NAME=VALUE (repeatable), written as in a contract: fee=12000.00 USD.", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("-o", "--output") { Description = "The order form file to write.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing file." };
        var command = new Command("init", "Write a new contract from a template, its parameters filled in from options or prompts.")
            { templateFile, name, template, customer, set, output, overwrite };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(templateFile)!, parse.GetValue(name)!, parse.GetValue(template), parse.GetValue(customer),
                    parse.GetValue(set) ?? [], parse.GetValue(output)!, parse.GetValue(overwrite), services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string templatePath, string name, string? templateName, string? customer, string[] settings, string outputPath,
        bool overwrite, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = services.ReadText(templatePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read '{templatePath}': {exception.Message}");
            return ExitCodes.Failure;
        }
        var draft = OrderFormInit.Make(templatePath, text, templateName, name, customer, settings, outputPath, services.Prompt, stderr.WriteLine);
        if (draft.Form is not { } form)
        {
            foreach (var problem in draft.Problems) stderr.WriteLine(problem.Contains(": error SLA", StringComparison.Ordinal) ? problem : "error: " + problem);
            return ExitCodes.Failure;
        }
        if (File.Exists(outputPath) && !overwrite)
        {
            stderr.WriteLine($"error: '{outputPath}' exists; --overwrite replaces it");
            return ExitCodes.Failure;
        }
        File.WriteAllText(outputPath, form);
        stdout.WriteLine($"wrote {outputPath}: contract \"{name}\" from template {draft.Template} ({draft.Set} of {draft.Parameters} parameters set, the rest at their defaults)");
        return ExitCodes.Success;
    }
}
