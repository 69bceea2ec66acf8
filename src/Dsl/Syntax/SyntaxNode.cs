using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary>
/// Base of every syntax node. Invariant: <see cref="Span"/> covers exactly the source text the node was parsed from.
/// Nodes are immutable and hold no parent pointers; children are <c>ImmutableArray</c>s (never default).
/// </summary>
public abstract record SyntaxNode(SourceSpan Span);

/// <summary>
/// A line-level statement inside a contract, an sla/kpi block, a holiday calendar or a test.
/// <see cref="Reference"/> is the optional per-line paragraph citation written as a prefix: <c>clause "3.2": exclude ...</c>.
/// </summary>
public abstract record ClauseSyntax(SourceSpan Span) : SyntaxNode(Span)
{
    public ClauseReferenceSyntax? Reference { get; init; }
}

/// <summary>A comment (<c>#</c> or <c>//</c> to end of line), kept as trivia for the formatter.
/// <see cref="Text"/> is the whole comment including its marker; <see cref="IsOwnLine"/> is true when nothing but
/// whitespace precedes it on its line.</summary>
public sealed record CommentTrivia(string Text, SourceSpan Span, bool IsOwnLine);
