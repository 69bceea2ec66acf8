namespace SlaKpiDsl.LanguageServer.Protocol;

/// <summary>
/// Offsets to LSP positions and back for one text. Lines end at LF, CR LF or CR, as LSP 3.17 defines them; characters
/// are UTF-16 code units, the same unit as <see cref="SlaKpiDsl.Dsl.Text.SourceSpan"/>. Invariant: line starts ascend.
/// </summary>
public sealed class LineMap
{
    private readonly int[] _starts;
    private readonly int _length;
    private readonly string _text;

    public LineMap(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _starts = [.. starts];
        _length = text.Length;
        _text = text;
    }

    public int LineCount => _starts.Length;

    public Position PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, _length);
        var index = Array.BinarySearch(_starts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new Position(line, offset - _starts[line]);
    }

    public Range RangeOf(int start, int end) => new(PositionOf(start), PositionOf(end));

    /// <summary>The offset of a position; a line outside the document is a protocol error, a character past the line's
    /// end means the end of the line (LSP 3.17: "it defaults back to the line length").</summary>
    public int OffsetOf(Position position)
    {
        if (position.Line < 0 || position.Character < 0 || position.Line >= _starts.Length)
            throw new ProtocolException(ErrorCodes.InvalidParams,
                $"position (line {position.Line}, character {position.Character}) is outside the document ({_starts.Length} lines, numbered from 0)");
        var start = _starts[position.Line];
        var end = position.Line + 1 < _starts.Length ? _starts[position.Line + 1] : _length;
        while (end > start && _text[end - 1] is '\r' or '\n') end--;
        return Math.Min(start + position.Character, end);
    }
}
