using System.Collections.Immutable;

namespace SlaKpiDsl.Dsl.Text;

/// <summary>A 1-based line and column, as editors and MSBuild-style diagnostics show them.</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line},{Column}";
}

/// <summary>
/// A range of characters in one source text. Invariant: 0 &lt;= <see cref="Start"/> and 0 &lt;= <see cref="Length"/>;
/// half-open [Start, Start + Length) in UTF-16 code units.
/// </summary>
public readonly record struct SourceSpan
{
    public SourceSpan(int start, int length)
    {
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), start, "A span starts at or after 0.");
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A span's length is non-negative.");
        Start = start;
        Length = length;
    }

    public int Start { get; }
    public int Length { get; }
    public int End => Start + Length;

    public static SourceSpan FromBounds(int start, int end) => new(start, end - start);

    /// <summary>The smallest span covering both.</summary>
    public SourceSpan Cover(SourceSpan other) => FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));

    public override string ToString() => $"[{Start}..{End})";
}

/// <summary>
/// The text of one contract file and its path. Immutable; line starts are computed once so that offsets map to
/// 1-based line and column in O(log lines). Columns count UTF-16 code units, tabs as one column.
/// </summary>
public sealed class SourceText
{
    private readonly ImmutableArray<int> _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Text = text ?? throw new ArgumentNullException(nameof(text));
        var starts = ImmutableArray.CreateBuilder<int>();
        starts.Add(0);
        for (var i = 0; i < text.Length; i++)
        {
            // The same breaks as the lexer's (TextCharacters.IsLineBreak): LF, CR LF, CR, NEL, U+2028, U+2029.
            var length = TextCharacters.LineBreakLength(text, i);
            if (length == 0) continue;
            i += length - 1;
            starts.Add(i + 1);
        }
        _lineStarts = starts.ToImmutable();
    }

    /// <summary>The path as the user gave it (used verbatim in diagnostics).</summary>
    public string Path { get; }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    public static SourceText FromFile(string path) => new(path, File.ReadAllText(path));

    public LinePosition GetPosition(int offset)
    {
        if (offset < 0 || offset > Text.Length) throw new ArgumentOutOfRangeException(nameof(offset), offset, "Offset outside the text.");
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new LinePosition(line + 1, offset - _lineStarts[line] + 1);
    }

    public string GetText(SourceSpan span) => Text.Substring(span.Start, span.Length);

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string GetLine(int line)
    {
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n', '\u0085', '\u2028', '\u2029');
    }
}
