using System.Collections.Immutable;
using System.Text;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// Collects the data errors of a load: every error is counted, the first <see cref="MaxKept"/> are kept with their
/// location, and every row a loader leaves out is counted under the code of its first error, so a lenient run can say
/// how many rows it dropped and why. Not thread-safe: one log per load.
/// </summary>
public sealed class DataErrorLog
{
    private readonly List<DataError> _kept = [];
    private readonly Dictionary<string, long> _errorsByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rowsLeftOutByCode = new(StringComparer.Ordinal);

    public DataErrorLog(int maxKept = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxKept);
        MaxKept = maxKept;
    }

    /// <summary>How many errors keep their full location; later ones are only counted.</summary>
    public int MaxKept { get; }

    public long ErrorCount { get; private set; }

    public long RowsLeftOut { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    /// <summary>Valid rows not loaded because they do not touch the requested range (not an error).</summary>
    public long RowsOutsideRange { get; private set; }

    public void RowOutsideRange() => RowsOutsideRange++;

    internal void AddRowsOutsideRange(long count) => RowsOutsideRange += count;

    /// <summary>Import rows the caller's service map deliberately excludes (mapped to "-"); not an error.</summary>
    public long RowsExcludedByMap { get; private set; }

    public void RowLeftOutOnPurpose() => RowsExcludedByMap++;

    /// <summary>The first <see cref="MaxKept"/> errors, in the order they were found.</summary>
    public IReadOnlyList<DataError> Errors => _kept;

    public IReadOnlyDictionary<string, long> ErrorsByCode => _errorsByCode;

    /// <summary>Rows left out, keyed by the code of the row's first error.</summary>
    public IReadOnlyDictionary<string, long> RowsLeftOutByCode => _rowsLeftOutByCode;

    public void Add(DataError error)
    {
        ErrorCount++;
        _errorsByCode[error.Code] = _errorsByCode.GetValueOrDefault(error.Code) + 1;
        if (_kept.Count < MaxKept) _kept.Add(error);
    }

    /// <summary>Records that a row was not loaded because of an error with <paramref name="code"/>.</summary>
    public void RowLeftOut(string code)
    {
        RowsLeftOut++;
        _rowsLeftOutByCode[code] = _rowsLeftOutByCode.GetValueOrDefault(code) + 1;
    }

    /// <summary>
    /// Human-readable listing: the first <paramref name="maxPrinted"/> errors, then "and N more", then the rows left out per reason.
    /// </summary>
    public string Format(int maxPrinted = 100)
    {
        var text = new StringBuilder();
        var printed = 0;
        foreach (var error in _kept)
        {
            if (printed == maxPrinted) break;
            text.AppendLine(error.ToString());
            printed++;
        }
        if (ErrorCount > printed) text.AppendLine($"... and {ErrorCount - printed} more error{(ErrorCount - printed == 1 ? "" : "s")}.");
        if (RowsLeftOut > 0)
        {
            text.Append($"{RowsLeftOut} row{(RowsLeftOut == 1 ? "" : "s")} left out:");
            foreach (var (code, count) in _rowsLeftOutByCode.OrderBy(p => p.Key, StringComparer.Ordinal))
                text.Append($" {count} x {code} ({DescribeCode(code)});");
            text.AppendLine();
        }
        return text.ToString();
    }

    public static string DescribeCode(string code)
    {
        foreach (var (c, name) in DataErrorCodes.All)
            if (c == code) return name;
        return "unknown";
    }

    /// <summary>
    /// Adds everything <paramref name="later"/> counted, as if its errors had been added here after these: its kept errors
    /// (up to this log's limit; with the same limit they are the first of that log's errors), its counts and rows left out.
    /// </summary>
    internal void Append(DataErrorLog later)
    {
        foreach (var error in later._kept)
            if (_kept.Count < MaxKept) _kept.Add(error);
        ErrorCount += later.ErrorCount;
        foreach (var (code, count) in later._errorsByCode) _errorsByCode[code] = _errorsByCode.GetValueOrDefault(code) + count;
        RowsLeftOut += later.RowsLeftOut;
        foreach (var (code, count) in later._rowsLeftOutByCode) _rowsLeftOutByCode[code] = _rowsLeftOutByCode.GetValueOrDefault(code) + count;
        RowsOutsideRange += later.RowsOutsideRange;
        RowsExcludedByMap += later.RowsExcludedByMap;
    }

    public ImmutableArray<DataError> Snapshot() => [.. _kept];
}
