using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Cli;

/// <summary>ANSI colour for severities, only on a terminal (not redirected), without NO_COLOR and without --no-color.</summary>
public sealed record TerminalColours(bool Enabled)
{
    public string Line(Diagnostic diagnostic)
    {
        var text = diagnostic.ToString();
        if (!Enabled) return text;
        var colour = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "\u001b[31m",
            DiagnosticSeverity.Warning => "\u001b[33m",
            _ => "\u001b[36m",
        };
        var marker = $" {diagnostic.SeverityText} {diagnostic.Code}:";
        return text.Replace(marker, $" {colour}{diagnostic.SeverityText} {diagnostic.Code}\u001b[0m:");
    }
}
