using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// A new order form's text (<c>sla init</c>), or the problems that stop it (each one line; a diagnostic in its
/// MSBuild form, others as words). <see cref="Template"/> and <see cref="Set"/> say what was made.
/// </summary>
public sealed record OrderFormDraft(string? Form, string? Template, int Set, IReadOnlyList<string> Problems)
{
    public int Parameters { get; init; }
}

/// <summary>
/// Makes a new order form of a template: every value typed with the template's parameter (type and bounds), each
/// parameter without a default that no setting gives asked for with <c>prompt</c> (when there is one) until it reads,
/// and the form checked with its template, as <c>sla check</c> checks the two files together.
/// </summary>
public static class OrderFormInit
{
    public static OrderFormDraft Make(string templatePath, string text, string? templateName, string name, string? customer,
        IReadOnlyList<string> settings, string outputPath, Func<string, string?>? prompt, Action<string> note)
    {
        var problems = new List<string>();
        var source = new SourceText(templatePath, text);
        var parse = ContractParser.Parse(source);
        if (parse.HasErrors)
        {
            foreach (var d in parse.Diagnostics) problems.Add(d.ToString());
            return new(null, null, 0, problems);
        }
        var library = new TemplateLibrary([parse]);
        var declared = parse.Root.Members.OfType<TemplateSyntax>().Select(t => t.Name.Name).ToList();
        if (templateName is null && declared.Count != 1)
        {
            problems.Add(declared.Count == 0
                ? $"'{templatePath}' declares no template"
                : $"'{templatePath}' declares {declared.Count} templates ({string.Join(", ", declared)}): name one with --template");
            return new(null, null, 0, problems);
        }
        var definition = library.Find(templateName ?? declared[0]);
        if (definition is null)
        {
            problems.Add($"'{templatePath}' declares no template '{templateName}' (it declares: {string.Join(", ", declared)})");
            return new(null, null, 0, problems);
        }
        var errors = definition.Diagnostics.Where(d => d.Severity == Dsl.Diagnostics.DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var d in errors) problems.Add(d.ToString());
            return new(null, null, 0, problems);
        }

        var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
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
            if (prompt is null)
            {
                problems.Add($"{parameter.Name} ({OrderFormWriter.Describe(parameter)}) has no default: give it with --set {parameter.Name}=VALUE");
                continue;
            }
            // Interactive: ask until the value reads (an empty answer or the end of input gives up).
            while (true)
            {
                var answer = prompt($"{parameter.Name} ({OrderFormWriter.Describe(parameter)}): ");
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
                note("  " + problem);
            }
        }
        if (problems.Count > 0) return new(null, null, 0, problems);

        var form = OrderFormWriter.Write(definition, name, customer, values);
        // The new form is checked with its template, as `sla check` would check the two files together.
        var check = ContractChecker.Check(new SourceText(outputPath, form), [], library);
        var formErrors = check.Diagnostics.Where(d => d.Severity == Dsl.Diagnostics.DiagnosticSeverity.Error).ToList();
        if (formErrors.Count > 0)
        {
            foreach (var d in formErrors) problems.Add(d.ToString());
            problems.Add($"'{outputPath}' not written: the order form has errors");
            return new(null, null, 0, problems);
        }
        return new(form, definition.Name, values.Count, []) { Parameters = definition.Parameters.Count };
    }
}
