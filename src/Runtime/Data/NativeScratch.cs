using System.Runtime.InteropServices;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// A loader's scratch array outside the GC heap, freed when disposed: tens of megabytes that live for one step of a
/// load (the duplicate-id check's hashes and tables) go back to the system at once instead of waiting, dead, in the
/// large object heap until the next full collection (none may come before the evaluation has finished). A class, so
/// parallel loops can share it; uninitialised (<see cref="Clear"/> when zeros are needed).
/// </summary>
internal sealed unsafe class NativeScratch<T> : IDisposable where T : unmanaged
{
    private T* _items;

    public NativeScratch(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _items = (T*)NativeMemory.Alloc((nuint)Math.Max(1, length), (nuint)sizeof(T));
    }

    public int Length { get; }

    public Span<T> Span => _items is null ? throw new ObjectDisposedException(nameof(NativeScratch<T>)) : new(_items, Length);

    public void Clear() => Span.Clear();

    public void Dispose()
    {
        if (_items is null) return;
        NativeMemory.Free(_items);
        _items = null;
    }
}
