using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// What happens to a built row before it is yielded, the same for every file format: a row with errors is counted as
/// left out, a duplicate key is an error, a row outside the requested range is counted and skipped.
/// Memory: one key per loaded row (duplicate detection), nothing else.
/// </summary>
internal sealed class RecordFilter<T>(RecordFormat<T> format, RowContext context, Interval? range, int expectedRows = 0) where T : class
{
    // Pre-sized from the file length: growing a million-entry set re-allocates large arrays and forces full GCs.
    private readonly HashSet<string> _ids = new(format.Kind == DataKind.Requests ? 0 : expectedRows, StringComparer.Ordinal);
    private readonly HashSet<(string, Instant)> _keys = new(format.Kind == DataKind.Requests ? expectedRows : 0);
    private readonly RequestSliceChecks? _slices = format.Kind == DataKind.Requests ? new RequestSliceChecks() : null;

    /// <summary>Returns the record to yield, or null.</summary>
    public T? Accept(T? record)
    {
        if (record is null)
        {
            context.Log.RowLeftOut(context.FirstErrorCode ?? DataErrorCodes.MalformedRow);
            return null;
        }
        var (field, id, at) = format.Key(record);
        if (at == default ? !_ids.Add(id) : !_keys.Add((id, at)))
        {
            var what = at == default ? $"'{id}'" : $"'{id}' at {InstantText.Format(at)}";
            context.Error(field, DataErrorCodes.DuplicateId, $"Another row already has {format.KeyDescription} {what}.");
            context.Log.RowLeftOut(DataErrorCodes.DuplicateId);
            return null;
        }
        if (_slices?.Check((RequestSlice)(object)record) is var (sliceField, code, message))
        {
            context.Error(sliceField, code, message);
            context.Log.RowLeftOut(code);
            return null;
        }
        if (range is { } r && !format.Overlaps(record, r))
        {
            context.Log.RowOutsideRange();
            return null;
        }
        return record;
    }
}
