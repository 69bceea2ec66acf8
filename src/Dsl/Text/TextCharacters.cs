using System.Globalization;
using System.Text;

namespace SlaKpiDsl.Dsl.Text;

/// <summary>
/// The one definition of which characters end a line and which may not appear in text a person reads. The lexer, the
/// line map, the formatter, the terminal writers and the document escaper all ask here, so an editor, the checker and
/// a printed statement agree on where a line ends and on what is shown.
/// </summary>
public static class TextCharacters
{
    /// <summary>
    /// LF, CR, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029): editors start a new line at each,
    /// so the checker does too (CR LF counts as one break).
    /// </summary>
    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Length of the line break starting at <paramref name="index"/>: 2 for CR LF, 1 for another break, 0 for none.</summary>
    public static int LineBreakLength(string text, int index)
    {
        if (index >= text.Length || !IsLineBreak(text[index])) return 0;
        return text[index] == '\r' && index + 1 < text.Length && text[index + 1] == '\n' ? 2 : 1;
    }

    /// <summary>
    /// A character that must not appear inside text a reader sees: C0 controls other than tab, DEL, C1 controls, and
    /// the bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069), which reorder what is
    /// displayed without changing what is stored. Line breaks are controls too; callers that allow them ask first.
    /// </summary>
    public static bool IsHidden(char c) =>
        (c < ' ' && c != '\t') || (c >= '\u007F' && c <= '\u009F') || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    /// <summary>How a hidden character is shown instead: <c>[U+001B]</c>, the form the documents use for missing glyphs.</summary>
    public static string Visible(char c) => "[U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + "]";

    /// <summary>
    /// The text for one line of a terminal: every hidden character and every line break replaced by its visible form,
    /// so data can neither move the cursor, recolour the screen, reorder a line nor start a line of its own.
    /// </summary>
    public static string ForTerminal(string? text) => Escape(text, keepNewline: false);

    /// <summary>
    /// Text a command composed for a terminal, line by line: LF is kept (the command's own line ends), every other line
    /// break and every hidden character from data is shown in its visible form. The one place a report is escaped.
    /// </summary>
    public static string ForTerminalLines(string? text) => Escape(text, keepNewline: true);

    private static string Escape(string? text, bool keepNewline)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        bool Escaped(char c) => (IsLineBreak(c) || IsHidden(c)) && !(keepNewline && c == '\n');
        var i = 0;
        while (i < text.Length && !Escaped(text[i])) i++;
        if (i == text.Length) return text;
        var result = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (Escaped(c)) result.Append(Visible(c));
            else result.Append(c);
        }
        return result.ToString();
    }
}
