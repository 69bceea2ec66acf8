using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>The outcome of parsing one file. <see cref="Root"/> is always present: clauses with syntax errors are left
/// out of it and reported in <see cref="Diagnostics"/> (every error in the file, in source order).
/// <see cref="Comments"/> are all comments in source order (trivia for the formatter).</summary>
public sealed record ParseResult(
    SourceText Source,
    CompilationUnitSyntax Root,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<CommentTrivia> Comments)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
