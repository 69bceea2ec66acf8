using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer;

/// <summary>The checker's values in protocol terms: one place, so every feature maps spans and severities alike.</summary>
public static class Conversions
{
    public static LspDiagnostic ToLsp(OpenDocument document, Diagnostic diagnostic) => new(
        RangeOf(document, diagnostic.Span),
        diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => 1,
            DiagnosticSeverity.Warning => 2,
            _ => 3,
        },
        diagnostic.Code,
        "sla",
        diagnostic.Message);

    public static Protocol.Range RangeOf(OpenDocument document, SourceSpan span) => document.Lines.RangeOf(span.Start, span.End);
}
