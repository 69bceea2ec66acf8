namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// The field values of one JSON line, decoded into one reusable char buffer (no string per field).
/// Invariant: a slot is absent (length -1) or a range of <see cref="_chars"/> written during the current row.
/// </summary>
internal sealed class JsonFieldBuffer(int slots)
{
    private char[] _chars = new char[1024];
    private readonly int[] _start = new int[slots];
    private readonly int[] _length = new int[slots];
    private int _used;
    private int _openSlot = -1;

    public ReadOnlySpan<char> this[int slot] => _length[slot] < 0 ? default : _chars.AsSpan(_start[slot], _length[slot]);

    public bool Has(int slot) => _length[slot] >= 0;

    public void Clear()
    {
        _used = 0;
        Array.Fill(_length, -1);
    }

    public void Begin(int slot)
    {
        _openSlot = slot;
        _start[slot] = _used;
    }

    public void End()
    {
        _length[_openSlot] = _used - _start[_openSlot];
        _openSlot = -1;
    }

    /// <summary>Marks an open slot as absent again (a JSON null).</summary>
    public void Abandon()
    {
        _used = _start[_openSlot];
        _length[_openSlot] = -1;
        _openSlot = -1;
    }

    /// <summary>A writable span of at least <paramref name="length"/> chars at the end; call <see cref="Advance"/> with what was written.</summary>
    public Span<char> Reserve(int length)
    {
        if (_used + length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + length));
        return _chars.AsSpan(_used);
    }

    public void Advance(int written) => _used += written;

    public void Append(char c)
    {
        Reserve(1)[0] = c;
        _used++;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(Reserve(text.Length));
        _used += text.Length;
    }
}
