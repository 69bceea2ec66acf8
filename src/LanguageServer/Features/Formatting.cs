using SlaKpiDsl.Compiler;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// Formatting is <c>sla fmt</c>: the canonical formatter, proven to keep the meaning. The whole text is replaced
/// (one edit); nothing when already formatted; a file with syntax errors is refused with a protocol error naming
/// the first error (as <c>sla fmt</c> refuses to format it).
/// </summary>
public static class Formatting
{
    public static IReadOnlyList<TextEdit> Edits(OpenDocument document)
    {
        var outcome = ContractFormatting.Format(new SourceText(document.DisplayPath, document.Text));
        if (outcome.Formatted is null)
            throw new ProtocolException(ErrorCodes.RequestFailed, $"not formatted: the file has syntax errors ({outcome.SyntaxErrors.Length}; first: {outcome.SyntaxErrors[0]})");
        if (!outcome.Changed) return [];
        return [new TextEdit(document.Lines.RangeOf(0, document.Text.Length), outcome.Formatted)];
    }
}
