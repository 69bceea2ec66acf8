using System.Text;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>
/// Writes a new order form (<c>sla init</c>): <c>contract "NAME" from template T { customer ...; set p = v }</c>, one
/// <c>set</c> line per value given, in the template's parameter order. Values are typed first (<see cref="Read"/>), so
/// the text written holds each value as its type writes it.
/// </summary>
public static class OrderFormWriter
{
    /// <summary>A value for <paramref name="parameter"/> read from <paramref name="text"/>, or null and the reason in words.</summary>
    public static ParameterValue? Read(TemplateParameter parameter, string text, out string? problem)
    {
        var value = parameter.Read(text, out var typeError, out var violated);
        problem = value is null ? $"{parameter.Name}: {typeError}"
            : violated is not null ? $"{parameter.Name}: {value.Text} is not {violated.Words}"
            : null;
        return problem is null ? value : null;
    }

    /// <summary>What a prompt says about <paramref name="parameter"/>: its type, bounds and default.</summary>
    public static string Describe(TemplateParameter parameter)
    {
        var parts = new List<string> { parameter.Type == Dsl.Syntax.ParameterType.Choice ? "one of " + string.Join(", ", parameter.Options) : parameter.TypeName };
        parts.AddRange(parameter.Bounds.Select(b => b.Words));
        if (parameter.Default is { } d) parts.Add("default " + d.Text);
        return string.Join(", ", parts);
    }

    public static string Write(TemplateDefinition template, string contractName, string? customer, IReadOnlyDictionary<string, ParameterValue> values)
    {
        var text = new StringBuilder();
        text.Append($"contract {ContractFormatter.Quote(contractName)} from template {template.Name} {{\n");
        if (customer is not null) text.Append($"  customer {ContractFormatter.Quote(customer)}\n");
        foreach (var parameter in template.Parameters.Values.OrderBy(p => p.Syntax.Span.Start))
        {
            if (values.TryGetValue(parameter.Name, out var value)) text.Append($"  set {parameter.Name} = {value.Text}\n");
        }
        text.Append("}\n");
        return text.ToString();
    }
}
