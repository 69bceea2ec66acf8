using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>
/// The templates of one run (every file given), by name; each checked once, however many order forms use it. A second
/// template of one name is reported (SLA0210) in the file that declares it, and order forms use the first.
/// </summary>
public sealed class TemplateLibrary
{
    private readonly Dictionary<string, TemplateDefinition> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, int Start), TemplateDefinition> _byPlace = [];
    private readonly List<Diagnostic> _duplicates = [];
    private readonly Dictionary<string, List<AmendmentSource>> _amendments = new(StringComparer.Ordinal);

    public static TemplateLibrary Empty { get; } = new([]);

    /// <summary>The templates of these parsed files, in the order given (the first of a name wins).</summary>
    public TemplateLibrary(IEnumerable<ParseResult> parses)
    {
        foreach (var parse in parses)
        {
            foreach (var syntax in parse.Root.Members.OfType<TemplateSyntax>())
            {
                var definition = new TemplateDefinition(syntax, parse.Source);
                _byPlace[(parse.Source.Path, syntax.Span.Start)] = definition;
                if (_byName.TryGetValue(definition.Name, out var first))
                    _duplicates.Add(DiagnosticBuilder.TemplateDeclaredTwice(parse.Source, syntax.Name.Span, definition.Name, first.Source.Path,
                        first.Source.GetPosition(first.Syntax.Name.Span.Start).Line));
                else _byName.Add(definition.Name, definition);
            }
            foreach (var amendment in parse.Root.Members.OfType<AmendmentSyntax>())
            {
                if (!_amendments.TryGetValue(amendment.Contract.Value, out var list)) _amendments[amendment.Contract.Value] = list = [];
                list.Add(new AmendmentSource(amendment, parse.Source));
            }
        }
    }

    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>The amendments of the contract named <paramref name="contract"/>, in the order of the files given.</summary>
    public IReadOnlyList<AmendmentSource> AmendmentsOf(string contract) => _amendments.TryGetValue(contract, out var list) ? list : [];

    /// <summary>Every amendment of the run, in the order of the files given.</summary>
    public IEnumerable<AmendmentSource> AllAmendments => _amendments.Values.SelectMany(a => a);

    public TemplateDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The definition of the template written at this place (file path and offset; the file may have been parsed again since).</summary>
    public TemplateDefinition? Definition(SourceText source, TemplateSyntax syntax) => _byPlace.GetValueOrDefault((source.Path, syntax.Span.Start));

    /// <summary>SLA0210 for templates of <paramref name="source"/> whose name an earlier one took.</summary>
    public IEnumerable<Diagnostic> DuplicatesIn(SourceText source) => _duplicates.Where(d => d.Source.Path == source.Path).Select(d => d with { Source = source });

    /// <summary>Whether a file's text may declare a template or an amendment (a cheap test before parsing a fleet's files twice).</summary>
    public static bool MayDeclareTemplate(string text) => text.Contains("template", StringComparison.Ordinal) || text.Contains("amendment", StringComparison.Ordinal);
}
