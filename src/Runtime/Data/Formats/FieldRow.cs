using nietras.SeparatedValues;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// One input row seen through a record format's field slots, whatever the file format: a CSV row (values are
/// spans into Sep's buffer) or a JSON line (values decoded into one reusable char buffer); no string per field.
/// An absent field reads as an empty span.
/// </summary>
internal readonly ref struct FieldRow
{
    private readonly SepReader.Row _csvRow;
    private readonly int[]? _columnOfSlot;
    private readonly JsonFieldBuffer? _json;

    public FieldRow(SepReader.Row csvRow, int[] columnOfSlot)
    {
        _csvRow = csvRow;
        _columnOfSlot = columnOfSlot;
        _json = null;
    }

    public FieldRow(JsonFieldBuffer json)
    {
        _csvRow = default;
        _columnOfSlot = null;
        _json = json;
    }

    /// <summary>The trimmed text of a field; empty when the field is absent or blank.</summary>
    public ReadOnlySpan<char> this[int slot]
    {
        get
        {
            if (_json is not null) return _json[slot].Trim();
            var column = _columnOfSlot![slot];
            return column < 0 ? default : _csvRow[column].Span.Trim();
        }
    }
}
