namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// The row index of a table kept in segments (<see cref="IncidentTable"/>, <see cref="RequestSliceTable"/>): each
/// segment's first row, and the segment and local row of a table row.
/// </summary>
internal static class SegmentStarts
{
    /// <summary>Each segment's first row and the table's row count, from the segments' row counts.</summary>
    public static (int[] Starts, int Count) Of(IReadOnlyList<int> counts, string rows)
    {
        var starts = new int[counts.Count];
        long total = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            starts[i] = (int)total;
            total += counts[i];
            if (total > Array.MaxLength) throw new InvalidOperationException($"More {rows} than one table holds.");
        }
        return (starts, (int)total);
    }

    /// <summary>The segment holding table row <paramref name="row"/> and the row's place in it.</summary>
    public static (int Segment, int Local) Locate(int[] starts, int count, int row)
    {
        if ((uint)row >= (uint)count) throw new ArgumentOutOfRangeException(nameof(row));
        var at = Array.BinarySearch(starts, row);
        if (at < 0) at = ~at - 1;
        return (at, row - starts[at]);
    }
}
