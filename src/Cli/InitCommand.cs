using System.CommandLine;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

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
        var source = new SourceText(templatePath, text);
        var parse = ContractParser.Parse(source);
        if (parse.HasErrors)
        {
            foreach (var d in parse.Diagnostics) stderr.WriteLine(d.ToString());
            return ExitCodes.Failure;
        }
        var library = new TemplateLibrary([parse]);
        var declared = parse.Root.Members.OfType<TemplateSyntax>().Select(t => t.Name.Name).ToList();
        if (templateName is null && declared.Count != 1)
        {
            stderr.WriteLine(declared.Count == 0
                ? $"error: '{templatePath}' declares no template"
                : $"error: '{templatePath}' declares {declared.Count} templates ({string.Join(", ", declared)}): name one with --template");
            return ExitCodes.Failure;
        }
        var definition = library.Find(templateName ?? declared[0]);
        if (definition is null)
        {
            stderr.WriteLine($"error: '{templatePath}' declares no template '{templateName}' (it declares: {string.Join(", ", declared)})");
            return ExitCodes.Failure;
        }
        var errors = definition.Diagnostics.Where(d => d.Severity == Dsl.Diagnostics.DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var d in errors) stderr.WriteLine(d.ToString());
            return ExitCodes.Failure;
        }

        var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        var problems = new List<string>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            var parameterName = equals < 0 ? setting.Trim() : setting[..equals].Trim();
            given.Add(parameterName);
            if (equals < 0) problems.Add($"--set '{setting}': write NAME=VALUE");
            else if (!definition.Parameters.TryGetValue(parameterName, out var parameter))
                problems.Add($"--set '{setting}': template '{definition.Name}' has no parameter '{parameterName}' (its parameters: {string.Join(", ", definition.Parameters.Values.OrderBy(p => p.Syntax.Span.Start).Select(p => p.Name))})");
            else if (values.ContainsKey(parameterName)) problems.Add($"--set '{setting}': {parameterName} is set twice");
            else if (OrderFormWriter.Read(parameter, setting[(equals + 1)..], out var problem) is { } value) values[parameterName] = value;
            else problems.Add("--set: " + problem);
        }
        foreach (var parameter in definition.Parameters.Values.OrderBy(p => p.Syntax.Span.Start))
        {
            if (given.Contains(parameter.Name) || parameter.Default is not null) continue;
            if (services.Prompt is null)
            {
                problems.Add($"{parameter.Name} ({OrderFormWriter.Describe(parameter)}) has no default: give it with --set {parameter.Name}=VALUE");
                continue;
            }
            // Interactive: ask until the value reads (an empty answer or the end of input gives up).
            while (true)
            {
                var answer = services.Prompt($"{parameter.Name} ({OrderFormWriter.Describe(parameter)}): ");
                if (string.IsNullOrWhiteSpace(answer))
                {
                    problems.Add($"{parameter.Name} has no value and no default");
                    break;
                }
                if (OrderFormWriter.Read(parameter, answer, out var problem) is { } value)
                {
                    values[parameter.Name] = value;
                    break;
                }
                stderr.WriteLine("  " + problem);
            }
        }
        if (problems.Count > 0)
        {
            foreach (var problem in problems) stderr.WriteLine("error: " + problem);
            return ExitCodes.Failure;
        }

        var form = OrderFormWriter.Write(definition, name, customer, values);
        // The new form is checked with its template, as `sla check` would check the two files together.
        var check = ContractChecker.Check(new SourceText(outputPath, form), [], library);
        var formErrors = check.Diagnostics.Where(d => d.Severity == Dsl.Diagnostics.DiagnosticSeverity.Error).ToList();
        if (formErrors.Count > 0)
        {
            foreach (var d in formErrors) stderr.WriteLine(d.ToString());
            stderr.WriteLine($"error: '{outputPath}' not written: the order form has errors");
            return ExitCodes.Failure;
        }
        if (File.Exists(outputPath) && !overwrite)
        {
            stderr.WriteLine($"error: '{outputPath}' exists; --overwrite replaces it");
            return ExitCodes.Failure;
        }
        File.WriteAllText(outputPath, form);
        stdout.WriteLine($"wrote {outputPath}: contract \"{name}\" from template {definition.Name} ({values.Count} of {definition.Parameters.Count} parameters set, the rest at their defaults)");
        return ExitCodes.Success;
    }
}
