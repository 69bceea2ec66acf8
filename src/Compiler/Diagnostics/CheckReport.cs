using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Diagnostics;

/// <summary>One checked file and its diagnostics. Invariant: diagnostics sorted by line, then column, then code.</summary>
public sealed record CheckedFile
{
    public CheckedFile(SourceText source, ImmutableArray<Diagnostic> diagnostics)
    {
        Source = source;
        Diagnostics = [.. diagnostics.OrderBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)];
    }

    public SourceText Source { get; }
    public ImmutableArray<Diagnostic> Diagnostics { get; }
}

/// <summary>
/// The result of checking a set of files. Invariant: files sorted by path (ordinal), so output is the same whatever
/// order parallel checking finished in.
/// </summary>
public sealed record CheckReport
{
    public CheckReport(IEnumerable<CheckedFile> files)
    {
        Files = [.. files.OrderBy(f => f.Source.Path, StringComparer.Ordinal)];
    }

    public ImmutableArray<CheckedFile> Files { get; }

    public IEnumerable<Diagnostic> Diagnostics => Files.SelectMany(f => f.Diagnostics);

    public int ErrorCount => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

    public int WarningCount => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);

    /// <summary>Warnings reported as errors (<c>--warnaserror</c>); hints stay hints.</summary>
    public CheckReport WithWarningsAsErrors() => new(Files.Select(f => new CheckedFile(
        f.Source,
        [.. f.Diagnostics.Select(d => d.Severity == DiagnosticSeverity.Warning ? d.WithSeverity(DiagnosticSeverity.Error) : d)])));
}

/// <summary>Titles of every code for rule lists (SARIF) and documentation, from the one catalogue.</summary>
public static class DiagnosticTitles
{
    public static string Of(string code)
    {
        if (DiagnosticBuilder.SemanticTitles.TryGetValue(code, out var title)) return title;
        if (DiagnosticBuilder.LintTitles.TryGetValue(code, out title)) return title;
        return code.StartsWith("SLA00", StringComparison.Ordinal) ? "Syntax error"
            : code.StartsWith("SLA9", StringComparison.Ordinal) ? "Internal error"
            : code;
    }

    /// <summary>Every code with a catalogue title, in code order.</summary>
    public static IEnumerable<string> KnownCodes =>
        DiagnosticBuilder.SemanticTitles.Keys.Concat(DiagnosticBuilder.LintTitles.Keys).Order(StringComparer.Ordinal);
}
