using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One finding about a contract: where, how bad, which stable code, and what to do. Immutable.
/// Invariant: <see cref="Code"/> is one of the codes in <see cref="DiagnosticBuilder"/> (call sites never invent codes).
/// Rendered as <c>path(line,col): error SLA0001: message</c>, the format MSBuild, editors and CI annotators parse.
/// </summary>
public sealed record Diagnostic(SourceText Source, SourceSpan Span, DiagnosticSeverity Severity, string Code, string Message)
{
    public LinePosition Start => Source.GetPosition(Span.Start);

    public LinePosition End => Source.GetPosition(Span.End);

    public string SeverityText => Severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <remarks>One line, whatever the path or message holds: hidden characters and line breaks show as [U+XXXX].</remarks>
    public override string ToString() =>
        $"{TextCharacters.ForTerminal(Source.Path)}({Start.Line},{Start.Column}): {SeverityText} {Code}: {TextCharacters.ForTerminal(Message)}";

    public Diagnostic WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };
}
