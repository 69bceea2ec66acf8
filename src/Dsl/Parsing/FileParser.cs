using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>Placeholder until the block parser lands.</summary>
internal sealed class FileParser(SourceText source)
{
    public ParseResult Run() =>
        new(source, new CompilationUnitSyntax(ImmutableArray<TopLevelSyntax>.Empty, new SourceSpan(0, source.Text.Length)),
            ImmutableArray<Diagnostic>.Empty, ImmutableArray<CommentTrivia>.Empty);
}
