namespace SlaKpiDsl.Runtime.Evaluation;

// The downtime evaluator's scratch workspace: buffers reused across evaluations (and parked per thread), grown on demand.
public sealed partial class DowntimeEvaluator
{
    private long[] _itemStart = new long[64], _itemEnd = new long[64];
    private decimal[] _itemWeight = new decimal[64];
    private int[] _itemRank = new int[64];
    // Each item's incident id (its text, or its table row: the text is made only for the trace's reader) and whether it is open, copied while the records are read in order (not looked up later,
    // when the items are in start order and the records would be visited at random).
    private IncidentRef[] _itemId = new IncidentRef[64];
    private bool[] _itemOpen = new bool[64];
    private long[] _evTime = new long[128];
    private int[] _evCode = new int[128];
    private long[] _aS = new long[128], _aE = new long[128], _bS = new long[128], _bE = new long[128], _cS = new long[128], _cE = new long[128];
    private int[] _aR = new int[128], _bR = new int[128], _cR = new int[128];
    private long[] _traceKeys = new long[64];
    private int[] _sortIndex = [], _spareRank = [];
    private IncidentRef[] _spareId = [];
    private bool[] _spareOpen = [];
    private long[] _spareEnd = [];
    private decimal[] _spareWeight = [];
    private long[] _xS = new long[16], _xE = new long[16], _xallS = new long[16], _xallE = new long[16], _baseS = new long[4], _baseE = new long[4];
    private readonly List<decimal> _weights = new();

    // The buffers this thread evaluated with last: taken while in use (a nested evaluation uses its own instance's).
    [ThreadStatic] private static DowntimeEvaluator? t_parked;

    private DowntimeEvaluator Borrow()
    {
        var parked = t_parked;
        t_parked = null;
        return parked ?? this;
    }

    private static void Park(DowntimeEvaluator worker, int items)
    {
        // Drop the references to this evaluation's ids so parked buffers hold no record data.
        Array.Clear(worker._itemId, 0, Math.Min(items, worker._itemId.Length));
        Array.Clear(worker._spareId, 0, Math.Min(items, worker._spareId.Length));
        t_parked = worker;
    }

    /// <summary>Reorders the first <paramref name="n"/> items (start, end, weight, rank, id, open) by start.</summary>
    private void SortItemsByStart(int n)
    {
        if (IsAscending(_itemStart.AsSpan(0, n))) return;
        if (_sortIndex.Length < n)
        {
            var size = Math.Max(n, _sortIndex.Length * 2);
            _sortIndex = new int[size]; _spareEnd = new long[size]; _spareWeight = new decimal[size]; _spareRank = new int[size]; _spareId = new IncidentRef[size]; _spareOpen = new bool[size];
        }
        var index = _sortIndex.AsSpan(0, n);
        for (var k = 0; k < n; k++) index[k] = k;
        _itemStart.AsSpan(0, n).Sort(index);
        for (var k = 0; k < n; k++)
        {
            var from = index[k];
            _spareEnd[k] = _itemEnd[from];
            _spareWeight[k] = _itemWeight[from];
            _spareRank[k] = _itemRank[from];
            _spareId[k] = _itemId[from];
            _spareOpen[k] = _itemOpen[from];
        }
        Array.Copy(_spareEnd, _itemEnd, n);
        Array.Copy(_spareWeight, _itemWeight, n);
        Array.Copy(_spareRank, _itemRank, n);
        Array.Copy(_spareId, _itemId, n);
        Array.Copy(_spareOpen, _itemOpen, n);
    }

    private static bool IsAscending(ReadOnlySpan<long> keys)
    {
        for (var i = 1; i < keys.Length; i++)
            if (keys[i] < keys[i - 1]) return false;
        return true;
    }

    private int MoveDown(int offset, int count)
    {
        Array.Copy(_xS, offset, _xS, 0, count);
        Array.Copy(_xE, offset, _xE, 0, count);
        return count;
    }

    private void Swap()
    {
        (_aS, _bS) = (_bS, _aS);
        (_aE, _bE) = (_bE, _aE);
        (_aR, _bR) = (_bR, _aR);
    }

    private void EnsureItems(int n)
    {
        if (_itemStart.Length >= n) return;
        var size = Math.Max(n, _itemStart.Length * 2);
        Array.Resize(ref _itemStart, size);
        Array.Resize(ref _itemEnd, size);
        Array.Resize(ref _itemWeight, size);
        Array.Resize(ref _itemRank, size);
        Array.Resize(ref _itemId, size);
        Array.Resize(ref _itemOpen, size);
    }

    private void EnsureSegments(int n)
    {
        if (_aS.Length >= n && _evTime.Length >= n) return;
        var size = Math.Max(n, _aS.Length * 2);
        Array.Resize(ref _aS, size); Array.Resize(ref _aE, size); Array.Resize(ref _aR, size);
        Array.Resize(ref _bS, size); Array.Resize(ref _bE, size); Array.Resize(ref _bR, size);
        Array.Resize(ref _cS, size); Array.Resize(ref _cE, size); Array.Resize(ref _cR, size);
        Array.Resize(ref _evTime, size); Array.Resize(ref _evCode, size);
    }

    private void EnsureTraceKeys(int n)
    {
        if (_traceKeys.Length < n) _traceKeys = new long[Math.Max(n, _traceKeys.Length * 2)];
    }

    private void EnsureExclusion(int n)
    {
        if (_xS.Length >= 2 * n) return;
        var size = Math.Max(2 * n, _xS.Length * 2);
        Array.Resize(ref _xS, size); Array.Resize(ref _xE, size);
        Array.Resize(ref _xallS, size); Array.Resize(ref _xallE, size);
    }
}
