using nietras.SeparatedValues;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// One input row seen through a record format's field slots, whatever the file format: a CSV row (values are
/// spans into Sep's buffer, no string per field) or a JSON line (values already extracted as strings).
/// An absent field reads as an empty span.
/// </summary>
internal readonly ref struct FieldRow
{
    private readonly SepReader.Row _csvRow;
    private readonly int[]? _columnOfSlot;
    private readonly string?[]? _values;

    public FieldRow(SepReader.Row csvRow, int[] columnOfSlot)
    {
        _csvRow = csvRow;
        _columnOfSlot = columnOfSlot;
        _values = null;
    }

    public FieldRow(string?[] values)
    {
        _csvRow = default;
        _columnOfSlot = null;
        _values = values;
    }

    /// <summary>The trimmed text of a field; empty when the field is absent or blank.</summary>
    public ReadOnlySpan<char> this[int slot]
    {
        get
        {
            if (_values is not null) return _values[slot].AsSpan().Trim();
            var column = _columnOfSlot![slot];
            return column < 0 ? default : _csvRow[column].Span.Trim();
        }
    }
}
