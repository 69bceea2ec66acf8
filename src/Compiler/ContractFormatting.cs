using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Binding;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler;

/// <summary>
/// The outcome of formatting one file: the syntax errors that stopped it (then <see cref="Formatted"/> is null), or the
/// formatted text and whether it differs from the input.
/// </summary>
public sealed record FormatOutcome(SourceText Source, string? Formatted, ImmutableArray<Diagnostic> SyntaxErrors)
{
    public bool Changed => Formatted is not null && Formatted != Source.Text;
}

/// <summary>
/// Formats a contract and proves the result means the same: the formatted text must parse without errors and bind to a
/// structurally equal semantic model (spans ignored). A difference is a formatter bug, thrown as an exception so that
/// nothing is written; a file with syntax errors is never formatted.
/// </summary>
public static class ContractFormatting
{
    /// <summary>The Dsl's canonical formatter as a function of a parse without errors.</summary>
    public static string Canonical(ParseResult parse) =>
        ContractFormatter.Format(parse).Text ?? throw new InvalidOperationException($"The formatter refused {parse.Source.Path}, which has no syntax errors.");

    public static FormatOutcome Format(SourceText source) => Format(source, Canonical);

    public static FormatOutcome Format(SourceText source, Func<ParseResult, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var parse = ContractParser.Parse(source);
        if (parse.HasErrors) return new FormatOutcome(source, null, [.. parse.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)]);
        var formatted = formatter(parse);
        if (formatted == source.Text) return new FormatOutcome(source, formatted, []);

        var reparsed = ContractParser.Parse(new SourceText(source.Path, formatted));
        if (reparsed.HasErrors)
            throw new InvalidOperationException($"The formatter produced text with syntax errors for {source.Path}: {reparsed.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error)}");
        var before = Binder.Bind(parse).Document;
        var after = Binder.Bind(reparsed).Document;
        if (!ModelSerializer.StructurallyEqual(before, after))
            throw new InvalidOperationException($"The formatter changed the meaning of {source.Path}: the semantic models before and after differ.");
        return new FormatOutcome(source, formatted, []);
    }
}
