using System.Text.Json.Nodes;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>Applies LSP text edits to a text, as an editor does (edits do not overlap; applied from the last).</summary>
public static class TextEdits
{
    public static string Apply(string text, JsonArray edits)
    {
        var lines = new LineMap(text);
        var spans = edits.Select(e => (
                Start: lines.OffsetOf(new Position(e!["range"]!["start"]!["line"]!.GetValue<int>(), e["range"]!["start"]!["character"]!.GetValue<int>())),
                End: lines.OffsetOf(new Position(e["range"]!["end"]!["line"]!.GetValue<int>(), e["range"]!["end"]!["character"]!.GetValue<int>())),
                Text: e["newText"]!.GetValue<string>()))
            .OrderByDescending(e => e.Start);
        foreach (var (start, end, replacement) in spans) text = text[..start] + replacement + text[end..];
        return text;
    }
}
