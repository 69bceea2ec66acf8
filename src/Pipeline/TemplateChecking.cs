using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Templates and customers tables enter the pipeline here, once, for every command: when a run holds a table or a file
/// that may declare a template, the templates of all its files form one library and each file is checked against it
/// (an order form may use a template of another file); otherwise each file is checked on its own, as before.
/// </summary>
public static class TemplateChecking
{
    /// <summary>The run's template library, or null when no file holds a template or a table (then files are checked alone).</summary>
    public static TemplateLibrary? Library(IReadOnlyList<SourceText> sources)
    {
        var candidates = sources.Where(s => !OrderFormTable.IsTable(s.Path) && TemplateLibrary.MayDeclareTemplate(s.Text)).ToList();
        if (candidates.Count == 0 && !sources.Any(s => OrderFormTable.IsTable(s.Path))) return null;
        var parses = new ParseResult[candidates.Count];
        if (parses.Length >= Evaluators.ParallelFrom) Parallel.For(0, parses.Length, i => parses[i] = ContractParser.Parse(candidates[i]));
        else for (var i = 0; i < parses.Length; i++) parses[i] = ContractParser.Parse(candidates[i]);
        return new TemplateLibrary(parses);
    }

    /// <summary>Checks one file of the run: against the library when there is one.</summary>
    public static CheckResult Check(SourceText source, TemplateLibrary? library, PipelineServices services) =>
        library is null ? services.Check(source) : services.CheckWithTemplates(source, library);

    /// <summary>
    /// Amendments that change no contract of the run: SLA0265 when no contract of the run has the name (an amended contract,
    /// order form or written in full, is made into its versions). Only meaningful when every file checked clean (a contract
    /// with errors makes no versions).
    /// </summary>
    public static IEnumerable<Diagnostic> AmendmentsOfNoForm(TemplateLibrary? library, IEnumerable<BoundContract> contracts)
    {
        if (library is null) yield break;
        var all = contracts.ToList();
        var amended = all.Where(c => c.Version is not null).Select(c => c.Version!.Contract).ToHashSet(StringComparer.Ordinal);
        var full = all.Where(c => c.Version is null).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var amendment in library.AllAmendments)
        {
            var name = amendment.Syntax.Contract.Value;
            if (amended.Contains(name)) continue;
            // A contract of the run that an amendment names is made into versions when its file is checked against the library.
            if (full.Contains(name)) throw new InvalidOperationException($"contract \"{name}\" is amended but was checked without its amendments");
            yield return DiagnosticBuilder.AmendmentOfUnknownContract(amendment.Source, amendment.Syntax.Contract.Span, name);
        }
    }
}
