using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>A bound of a parameter: <c>at least V</c> or <c>at most V</c>, V of the parameter's type.</summary>
public sealed record ParameterBound(ComparisonOperator Operator, ParameterValue Value)
{
    public string Words => $"{(Operator == ComparisonOperator.AtLeast ? "at least" : "at most")} {Value.Text}";
}

/// <summary>
/// A template parameter: its type, options (a choice), default and bounds, all typed. Invariant: the default (when
/// given) is of the type and within the bounds; bounds exist only for money, percent, duration and date.
/// </summary>
public sealed record TemplateParameter(string Name, ParameterType Type, ImmutableArray<string> Options, ParameterValue? Default,
    ImmutableArray<ParameterBound> Bounds, ParameterSyntax Syntax)
{
    public string TypeName => ParameterValues.TypeName(Type);

    /// <summary>The value parsed from <paramref name="text"/> and null error, or null and the reason (type or bounds).</summary>
    public ParameterValue? Read(string text, out string? typeError, out ParameterBound? violated)
    {
        violated = null;
        var value = ParameterValues.Parse(Type, Options, text, out typeError);
        if (value is null) return null;
        violated = Bounds.FirstOrDefault(b => !Holds(value, b, out _));
        return value;
    }

    /// <summary>Whether <paramref name="value"/> meets <paramref name="bound"/>; a money value in another currency does not (<paramref name="why"/>).</summary>
    public static bool Holds(ParameterValue value, ParameterBound bound, out string? why)
    {
        why = null;
        int? order = (value, bound.Value) switch
        {
            (ParameterValue.MoneyValue a, ParameterValue.MoneyValue b) => a.Currency == b.Currency ? a.Amount.CompareTo(b.Amount) : null,
            (ParameterValue.PercentValue a, ParameterValue.PercentValue b) => a.Percent.CompareTo(b.Percent),
            (ParameterValue.DurationValue a, ParameterValue.DurationValue b) => a.Milliseconds.CompareTo(b.Milliseconds),
            (ParameterValue.DateValue a, ParameterValue.DateValue b) => a.Date.CompareTo(b.Date),
            _ => null,
        };
        if (order is null)
        {
            why = "in the bound's currency";
            return false;
        }
        return bound.Operator == ComparisonOperator.AtLeast ? order >= 0 : order <= 0;
    }
}

/// <summary>
/// A template as the checker knows it: typed parameters and what order forms may change, plus every problem of its
/// declaration and of its body (the body is checked once, with each parameter's default or a sample value of its type
/// standing in; diagnostics point to the template's lines and to the <c>$name</c> that caused them).
/// </summary>
public sealed class TemplateDefinition
{
    private readonly Lazy<(ImmutableArray<Diagnostic> Diagnostics, HashSet<(string Code, int Start)> Findings)> _body;

    public TemplateDefinition(TemplateSyntax syntax, SourceText source)
    {
        Syntax = syntax;
        Source = source;
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var parameters = new Dictionary<string, TemplateParameter>(StringComparer.Ordinal);
        foreach (var p in syntax.Parameters)
        {
            var parameter = BindParameter(p, diagnostics);
            if (!parameters.TryAdd(p.Name.Name, parameter))
                diagnostics.Add(DiagnosticBuilder.ParameterTwice(source, p.Name.Span, p.Name.Name, "declared"));
        }
        Parameters = parameters.ToImmutableDictionary(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in syntax.Lines.SelectMany(l => l.References))
        {
            used.Add(reference.Name);
            if (!parameters.ContainsKey(reference.Name))
                diagnostics.Add(DiagnosticBuilder.UndeclaredParameter(source, reference.Span, reference.Name, parameters.Keys));
        }
        foreach (var p in syntax.Parameters.Where(p => !used.Contains(p.Name.Name)))
            diagnostics.Add(DiagnosticBuilder.UnusedParameter(source, p.Name.Span, p.Name.Name));
        foreach (var allow in syntax.Allowances)
        {
            if (allow.Block is null && (allow.Kind == AllowanceKind.Override || allow.Kinds.Any(k => k.Name is not ("sla" or "kpi"))))
                diagnostics.Add(DiagnosticBuilder.ClauseNotAllowed(source, allow.Span, "at template level, only `allow additional sla and kpi`", "a template outside its sla and kpi blocks"));
        }
        if (!syntax.Lines.Any(l => l.Kind.Length > 0))
            diagnostics.Add(DiagnosticBuilder.TemplateWithoutClauses(source, syntax.Name.Span, syntax.Name.Name));
        Declaration = diagnostics.ToImmutable();
        _body = new(CheckBody, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TemplateSyntax Syntax { get; }
    public SourceText Source { get; }
    public string Name => Syntax.Name.Name;
    public ImmutableDictionary<string, TemplateParameter> Parameters { get; }

    /// <summary>Problems of the parameter and allowance lines (before any expansion).</summary>
    public ImmutableArray<Diagnostic> Declaration { get; }

    public bool DeclarationHasErrors => Declaration.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Every problem of the template: its declaration, then its body with defaults or samples standing in (computed once).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => [.. Declaration, .. _body.Value.Diagnostics];

    /// <summary>Whether the template's own check reported <paramref name="code"/> at this place of the template (an order form then does not repeat it).</summary>
    internal bool ReportedInTemplate(string code, int start) => _body.Value.Findings.Contains((code, start));

    /// <summary>The names of the template's sla and kpi blocks, keyed <c>sla NAME</c> / <c>kpi NAME</c>.</summary>
    public IEnumerable<string> BlockNames() =>
        Syntax.Lines.Where(IsOpener).Where(l => l.Kind is "sla" or "kpi").Select(l => $"{l.Kind} {l.Block}");

    internal bool IsOpener(TemplateLineSyntax line) => line.Span.Length > 0 && Source.Text[line.Span.End - 1] == '{' && line.Kind == line.BlockKeyword && !line.ClosesBlock;

    /// <summary>The allowances of one block (or of the template's level when <paramref name="block"/> is null).</summary>
    public IEnumerable<AllowSyntax> Allowed(string? block, AllowanceKind kind) =>
        Syntax.Allowances.Where(a => a.Block == block && a.Kind == kind);

    private TemplateParameter BindParameter(ParameterSyntax p, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var options = p.Options.Select(o => o.Name).ToImmutableArray();
        var typeName = ParameterValues.TypeName(p.Type);
        var bounds = ImmutableArray.CreateBuilder<ParameterBound>();
        foreach (var b in p.Bounds)
        {
            if (p.Type is not (ParameterType.Money or ParameterType.Percent or ParameterType.Duration or ParameterType.Date))
            {
                diagnostics.Add(DiagnosticBuilder.ParameterValueWrongType(Source, b.Span, p.Name.Name, typeName, "only money, percent, duration and date parameters take bounds"));
                continue;
            }
            var value = ParameterValues.Parse(p.Type, options, b.Value.Text, out var error);
            if (value is null) diagnostics.Add(DiagnosticBuilder.ParameterValueWrongType(Source, b.Value.Span, p.Name.Name, typeName, error!));
            else bounds.Add(new ParameterBound(b.Operator, value));
        }
        var duplicateOption = p.Options.GroupBy(o => o.Name).Where(g => g.Count() > 1).Select(g => g.Skip(1).First()).FirstOrDefault();
        if (duplicateOption is not null)
            diagnostics.Add(DiagnosticBuilder.StatedTwice(Source, duplicateOption.Span, $"option '{duplicateOption.Name}'"));
        var parameter = new TemplateParameter(p.Name.Name, p.Type, options, null, bounds.ToImmutable(), p);
        if (p.Default is { } d)
        {
            var value = parameter.Read(d.Text, out var error, out var violated);
            if (value is null) diagnostics.Add(DiagnosticBuilder.ParameterValueWrongType(Source, d.Span, p.Name.Name, typeName, error!));
            else if (violated is not null) diagnostics.Add(DiagnosticBuilder.ParameterValueOutOfBounds(Source, d.Span, p.Name.Name, value.Text, violated.Words));
            else parameter = parameter with { Default = value };
        }
        return parameter;
    }

    /// <summary>A value that stands for <paramref name="p"/> when the template is checked on its own.</summary>
    private string Sample(TemplateParameter p)
    {
        if (p.Default is { } d) return d.Text;
        var bound = p.Bounds.FirstOrDefault();
        if (bound is not null) return bound.Value.Text;
        return p.Type switch
        {
            ParameterType.Money => "1000.00 USD",
            ParameterType.Percent => "99.9%",
            ParameterType.Duration => "1 hour",
            ParameterType.Services => Syntax.Lines.Where(l => l.Kind == "service" && l.Block is null)
                .Select(l => Source.GetText(l.Span).Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1)).FirstOrDefault(s => s is not null) ?? "api",
            ParameterType.TimeZone => "\"UTC\"",
            // Each date parameter without a default stands for another year, so `effective $start until $end` is not empty.
            ParameterType.Date => $"{2026 + Syntax.Parameters.Where(q => q.Type == ParameterType.Date && q.Default is null).TakeWhile(q => q.Name.Name != p.Name).Count()}-01-01",
            ParameterType.Rounding => "half-away-from-zero",
            _ => p.Options.FirstOrDefault() ?? "x",
        };
    }

    private (ImmutableArray<Diagnostic>, HashSet<(string, int)>) CheckBody()
    {
        var findings = new HashSet<(string, int)>();
        if (DeclarationHasErrors) return ([], findings);
        var expanded = new ExpandedText(Source, Source, Syntax.Name.Span);
        expanded.Synthetic($"contract {Dsl.Formatting.ContractFormatter.Quote($"template {Name}")} {{\n");
        var samples = Parameters.Values.ToDictionary(p => p.Name, Sample, StringComparer.Ordinal);
        TemplateExpander.WriteBody(this, expanded, (reference, text) => text.Value(samples[reference.Name], Source, reference.Span), OrderFormChanges.None);
        expanded.Synthetic("}\n");
        var result = ContractChecker.Check(expanded.ToSource(Source.Path));
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var d in result.Diagnostics)
        {
            var mapped = expanded.Map(d);
            var diagnostic = mapped.Diagnostic;
            if (mapped.InValue && d.Code == "SLA0003")
            {
                var reference = Syntax.Lines.SelectMany(l => l.References).First(r => r.Span == diagnostic.Span);
                var p = Parameters[reference.Name];
                diagnostic = DiagnosticBuilder.ParameterCannotStandHere(Source, reference.Span, p.Name, p.TypeName, samples[p.Name], d.Message);
            }
            findings.Add((diagnostic.Code, diagnostic.Span.Start));
            diagnostics.Add(diagnostic);
        }
        return (diagnostics.ToImmutable(), findings);
    }
}
