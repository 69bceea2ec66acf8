using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Rules;
using SlaKpiDsl.Compiler.Semantics.Binding;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler;

/// <summary>
/// Everything <c>sla check</c> knows about one file. <see cref="Model"/> is null when the file has syntax errors (the
/// binder never sees a broken tree); a model from a file with semantic errors is incomplete and must not be emitted.
/// </summary>
public sealed record CheckResult(ParseResult Parse, BoundDocument? Model, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// Contracts made from order forms (a <c>contract ... from template</c> block, a customers table's row): where each
    /// is named in the file the user wrote, and its expanded text (what was checked and compiled), by contract name.
    /// </summary>
    public ImmutableDictionary<string, ContractOrigin> Origins { get; init; } = ImmutableDictionary<string, ContractOrigin>.Empty;
}

/// <summary>Where a contract made from an order form is named (file and span) and the contract text it was expanded to.</summary>
public sealed record ContractOrigin(SourceText Source, SourceSpan NameSpan, SourceText Expanded);

/// <summary>
/// The front end in one call: parse, bind, lint, apply suppressions. Lint runs only on files without errors (a
/// half-bound model would give misleading warnings). Suppressions at contract level cover the whole contract, inside an
/// sla/kpi block only that block; a suppression that silenced nothing is reported as a hint (SLA1900).
/// Pure and thread-safe: files can be checked in parallel.
/// </summary>
public static class ContractChecker
{
    public static CheckResult Check(SourceText source) => Check(source, []);

    /// <summary>Checks a file whose tests may name contracts of other files (a <c>.sla-test</c> file beside its contracts).</summary>
    public static CheckResult Check(SourceText source, IReadOnlyList<BoundContract> contractsBeside) => Check(source, contractsBeside, null);

    /// <summary>
    /// Checks a file whose order forms may use templates of other files (<paramref name="templates"/>: every template of
    /// the run); without a library, the file's own templates. Templates are checked once each (reported in the file that
    /// declares them); each order form's contract joins the file's contracts.
    /// </summary>
    public static CheckResult Check(SourceText source, IReadOnlyList<BoundContract> contractsBeside, TemplateLibrary? templates)
    {
        var parse = ContractParser.Parse(source);
        if (parse.HasErrors) return new CheckResult(parse, null, parse.Diagnostics);
        if (parse.Root.Members.Any(m => m is TemplateSyntax or InstanceSyntax or AmendmentSyntax)) return CheckWithTemplates(parse, contractsBeside, templates ?? new TemplateLibrary([parse]));
        var bind = Binder.Bind(parse, contractsBeside);
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        diagnostics.AddRange(parse.Diagnostics);
        diagnostics.AddRange(bind.Diagnostics);
        if (!bind.HasErrors)
        {
            foreach (var contract in bind.Document.Contracts) diagnostics.AddRange(Lint(source, contract));
        }
        if (templates is null || bind.HasErrors) return new CheckResult(parse, bind.Document, diagnostics.ToImmutable());
        // Contracts written in full that amendments of the run name become their versions.
        var origins = ImmutableDictionary.CreateBuilder<string, ContractOrigin>(StringComparer.Ordinal);
        var contracts = Amendments.ApplyToFull(parse, bind.Document.Contracts, templates, origins, diagnostics);
        return new CheckResult(parse, bind.Document with { Contracts = contracts }, diagnostics.ToImmutable()) { Origins = origins.ToImmutable() };
    }

    public static CheckResult Check(string path, string text) => Check(new SourceText(path, text));

    private static CheckResult CheckWithTemplates(ParseResult parse, IReadOnlyList<BoundContract> contractsBeside, TemplateLibrary templates)
    {
        var source = parse.Source;
        var bind = Binder.Bind(parse, contractsBeside);
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        diagnostics.AddRange(bind.Diagnostics);
        if (!bind.HasErrors)
        {
            foreach (var contract in bind.Document.Contracts) diagnostics.AddRange(Lint(source, contract));
        }
        diagnostics.AddRange(templates.DuplicatesIn(source));
        foreach (var template in parse.Root.Members.OfType<TemplateSyntax>())
        {
            if (templates.Definition(source, template) is { } definition) diagnostics.AddRange(definition.Diagnostics);
        }
        var contracts = ImmutableArray.CreateBuilder<BoundContract>();
        var origins = ImmutableDictionary.CreateBuilder<string, ContractOrigin>(StringComparer.Ordinal);
        // Contracts written in full beside the templates: those amendments of the run name become their versions.
        contracts.AddRange(bind.HasErrors ? bind.Document.Contracts : Amendments.ApplyToFull(parse, bind.Document.Contracts, templates, origins, diagnostics));
        var names = bind.Document.Contracts.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var instance in parse.Root.Members.OfType<InstanceSyntax>())
        {
            if (!names.Add(instance.Name.Value))
            {
                diagnostics.Add(DiagnosticBuilder.DuplicateName(source, instance.Name.Span, "contract", instance.Name.Value));
                continue;
            }
            var form = OrderFormInput.From(instance, source);
            var result = OrderForms.Check(form, templates);
            diagnostics.AddRange(result.Diagnostics);
            Amendments.Apply(form, result, templates, contracts, origins, diagnostics);
        }
        foreach (var amendment in parse.Root.Members.OfType<AmendmentSyntax>())
        {
            // What the amendment names is checked across the run's files (TemplateChecking.AmendmentsOfNoForm).
            diagnostics.AddRange(Amendments.CheckBody(new AmendmentSource(amendment, source)));
        }
        var document = new BoundDocument(contracts.ToImmutable(), bind.Document.Tests);
        return new CheckResult(parse, document, diagnostics.ToImmutable()) { Origins = origins.ToImmutable() };
    }

    /// <summary>Runs every rule on one contract and applies its suppressions.</summary>
    public static IEnumerable<Diagnostic> Lint(SourceText source, BoundContract contract)
    {
        var context = new LintContext(source, contract);
        var used = new HashSet<Suppression>(ReferenceEqualityComparer.Instance);
        var blockSuppressions = contract.Slas.Select(s => (s.Name, s.Suppressions))
            .Concat(contract.Kpis.Select(k => (k.Name, k.Suppressions)))
            .ToDictionary(b => b.Name, b => b.Suppressions, StringComparer.Ordinal);
        var reported = new List<Diagnostic>();
        foreach (var rule in LintRules.All)
        {
            foreach (var finding in rule.Analyse(context))
            {
                var suppression = (finding.Block is not null && blockSuppressions.TryGetValue(finding.Block, out var inBlock)
                        ? inBlock.FirstOrDefault(s => s.Code == finding.Diagnostic.Code)
                        : null)
                    ?? contract.Suppressions.FirstOrDefault(s => s.Code == finding.Diagnostic.Code);
                if (suppression is not null) used.Add(suppression);
                else reported.Add(finding.Diagnostic);
            }
        }
        foreach (var suppression in contract.Suppressions.Concat(blockSuppressions.Values.SelectMany(s => s)))
        {
            if (!used.Contains(suppression)) reported.Add(DiagnosticBuilder.UnusedSuppression(source, suppression.Span, suppression.Code));
        }
        return reported;
    }
}
