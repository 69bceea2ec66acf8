using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// The state a record format needs while building one row: where the row is (for errors), the file's declared
/// zone, and a pool that interns repeated words (service ids, regions, tags) so a million rows share a few strings.
/// Every field reader reports its own error and returns a placeholder, so one row yields all its errors at once.
/// </summary>
public sealed class RowContext
{
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;
    private readonly Dictionary<string, ImmutableArray<string>> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<string>>.AlternateLookup<ReadOnlySpan<char>> _listLookup;

    /// <summary>
    /// The longest id, service, region, cause or tag (and other single-line field) a data file may hold, in characters:
    /// a 2 MB id once made a statement fail in its template engine, and a 200 MB tag loaded. Longer is DATA022.
    /// </summary>
    public const int MaxWordLength = 1024;

    internal RowContext(string file, DataErrorLog log, DateTimeZone? zone)
    {
        File = file;
        Log = log;
        Zone = zone;
        _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        _listLookup = _lists.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string File { get; }
    public DataErrorLog Log { get; }
    public DateTimeZone? Zone { get; internal set; }
    public int Line { get; private set; }

    /// <summary>Histogram parser of this file (it shares bucket-bound arrays between consecutive slices).</summary>
    public HistogramText Histograms { get; } = new();

    /// <summary>The code of the current row's first error; null while the row is clean.</summary>
    public string? FirstErrorCode { get; private set; }

    public bool RowHasErrors => FirstErrorCode is not null;

    internal void StartRow(int line)
    {
        Line = line;
        FirstErrorCode = null;
    }

    public void Error(string? field, string code, string message)
    {
        FirstErrorCode ??= code;
        Log.Add(new DataError(File, Line, field, code, message));
    }

    /// <summary>Reports a problem of the file at the current line without marking the row as bad (e.g. an unknown property).</summary>
    public void FileError(string? field, string code, string message) => Log.Add(new DataError(File, Line, field, code, message));

    /// <summary>Returns one shared string per distinct text.</summary>
    public string Intern(ReadOnlySpan<char> text)
    {
        if (_poolLookup.TryGetValue(text, out var pooled)) return pooled;
        var s = text.ToString();
        _pool[s] = s;
        return s;
    }

    public string RequiredText(ReadOnlySpan<char> value, string field, bool intern = false)
    {
        if (!SingleLine(value, field)) return "?";
        value = value.Trim();
        if (value.IsEmpty)
        {
            Error(field, DataErrorCodes.MissingValue, $"'{field}' is required.");
            return "?";
        }
        return intern ? Intern(value) : value.ToString();
    }

    public string? OptionalText(ReadOnlySpan<char> value, bool intern = true) =>
        value.IsEmpty ? null : intern ? Intern(value) : value.ToString();

    /// <summary>
    /// Optional single-line text (an incident's region): null when empty; a line break, another control character or
    /// U+FFFD is an error (DATA009) and null. A quote left open in a CSV row reads the next rows into such a field with
    /// the right column count, so the swallowed rows were once dropped without a word.
    /// </summary>
    public string? OptionalSingleLineText(ReadOnlySpan<char> value, string field) =>
        value.IsEmpty || !SingleLine(value, field, "a " + field + " is") ? null : Intern(value);

    /// <summary>
    /// Ids and services are single-line text: a quoted CSV field or a JSON string may hold a line break or another
    /// control character, which would split the id or drive the terminal in every listing that shows it; and U+FFFD
    /// stands for bytes that were not UTF-8. Reports and returns false then.
    /// </summary>
    private bool SingleLine(ReadOnlySpan<char> value, string field, string what = "ids and services are")
    {
        if (!WithinLength(value, field)) return false;
        foreach (var c in value)
        {
            if (c == '\uFFFD')
            {
                // What the UTF-8 reader puts in place of bytes that are not UTF-8: the id would not be the one written.
                Error(field, DataErrorCodes.InvalidWord, $"'{field}' holds bytes that are not UTF-8 (or U+FFFD); save the file as UTF-8.");
                return false;
            }
            if (!char.IsControl(c) && c is not ('\u2028' or '\u2029')) continue;
            Error(field, DataErrorCodes.InvalidWord, $"'{field}' holds the control character U+{(int)c:X4}; {what} single-line text.");
            return false;
        }
        return true;
    }

    public Instant RequiredInstant(ReadOnlySpan<char> value, string field)
    {
        if (value.IsEmpty)
        {
            Error(field, DataErrorCodes.MissingValue, $"'{field}' is required (an ISO 8601 timestamp with offset).");
            return default;
        }
        return OptionalInstant(value, field) ?? default;
    }

    public Instant? OptionalInstant(ReadOnlySpan<char> value, string field)
    {
        if (value.IsEmpty) return null;
        switch (InstantText.TryParse(value, Zone, out var instant))
        {
            case InstantParseStatus.Ok:
                return instant;
            case InstantParseStatus.MissingOffset:
                Error(field, DataErrorCodes.TimestampWithoutOffset,
                    $"'{value}' has no offset; write Z or +hh:mm, or declare the file's zone with a first line '# zone: <IANA id>'.");
                return null;
            case InstantParseStatus.AmbiguousOrSkipped:
                Error(field, DataErrorCodes.AmbiguousLocalTime,
                    $"'{value}' does not occur exactly once in {Zone!.Id} (a DST gap or overlap); write it with an offset.");
                return null;
            case InstantParseStatus.FinerThanTick:
                Error(field, DataErrorCodes.TimestampFinerThanTick,
                    $"'{value}' is finer than 100 ns (0.0000001 s), the precision evaluation counts time in; write at most 7 fractional digits.");
                return null;
            case InstantParseStatus.TooManyFractionDigits:
                Error(field, DataErrorCodes.InvalidTimestamp,
                    $"'{value}' has more than 9 fractional digits; time is exact to 100 ns, so write at most 7 (up to 9 when the last are zeros: .1234567 or .123456700).");
                return null;
            default:
                Error(field, DataErrorCodes.InvalidTimestamp,
                    $"'{value}' is not an ISO 8601 timestamp like 2026-11-10T09:00:00-05:00 or 2026-11-10T14:00:00Z.");
                return null;
        }
    }

    public void RequireNotBefore(Instant start, string startField, Instant? other, string field)
    {
        if (other is { } o && o < start)
            Error(field, DataErrorCodes.EndBeforeStart, $"'{field}' ({InstantText.Format(o)}) is before '{startField}' ({InstantText.Format(start)}).");
    }

    public long RequiredInteger(ReadOnlySpan<char> value, string field, long min = 0, long max = long.MaxValue)
    {
        if (value.IsEmpty)
        {
            Error(field, DataErrorCodes.MissingValue, $"'{field}' is required (a whole number).");
            return min;
        }
        return OptionalInteger(value, field, min, max) ?? min;
    }

    public long? OptionalInteger(ReadOnlySpan<char> value, string field, long min = 0, long max = long.MaxValue)
    {
        if (value.IsEmpty) return null;
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            Error(field, DataErrorCodes.NumberOutOfRange, $"'{value}' is not a whole number.");
            return null;
        }
        if (n < min || n > max)
        {
            Error(field, DataErrorCodes.NumberOutOfRange, max == long.MaxValue
                ? $"{n} is out of range (at least {min})."
                : $"{n} is out of range ({min} to {max}).");
            return null;
        }
        return n;
    }

    public decimal? OptionalDecimal(ReadOnlySpan<char> value, string field)
    {
        if (value.IsEmpty) return null;
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            Error(field, DataErrorCodes.NumberOutOfRange, $"'{value}' is not a non-negative decimal number.");
            return null;
        }
        return d;
    }

    public bool? OptionalBoolean(ReadOnlySpan<char> value, string field)
    {
        if (value.IsEmpty) return null;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase)) return true;
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase)) return false;
        Error(field, DataErrorCodes.UnknownEnumeration, $"'{value}' is not one of true, false, yes, no.");
        return null;
    }

    /// <summary>A lower-case kebab word (<c>force-majeure</c>), as causes and tags must be.</summary>
    public string? OptionalWord(ReadOnlySpan<char> value, string field)
    {
        if (value.IsEmpty || !WithinLength(value, field)) return null;
        if (!IsKebabWord(value))
        {
            Error(field, DataErrorCodes.InvalidWord, $"'{value}' is not a lower-case kebab word (letters, digits and '-', like force-majeure).");
            return null;
        }
        return Intern(value);
    }

    /// <summary>A ';'-separated list of words (tags: kebab words; services: any non-empty ids).</summary>
    public ImmutableArray<string> WordList(ReadOnlySpan<char> value, string field, bool kebab)
    {
        if (value.IsEmpty) return [];
        // The same tag lists recur row after row: share one array per distinct valid list text.
        if (_listLookup.TryGetValue(value, out var cached)) return cached;
        var errorsBefore = Log.ErrorCount;
        var list = ParseWordList(value, field, kebab);
        if (Log.ErrorCount == errorsBefore && _lists.Count < 10_000) _lists[value.ToString()] = list;
        return list;
    }

    private ImmutableArray<string> ParseWordList(ReadOnlySpan<char> value, string field, bool kebab)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var range in value.Split(';'))
        {
            var word = value[range].Trim();
            if (word.IsEmpty)
            {
                Error(field, DataErrorCodes.InvalidWord, $"'{value}' has an empty item; separate items with a single ';'.");
                continue;
            }
            if (kebab) { if (OptionalWord(word, field) is { } w) builder.Add(w); }
            else if (SingleLine(word, field)) builder.Add(Intern(word));
        }
        return builder.DrainToImmutable();
    }

    /// <summary>Reports DATA022 (the length, not the text) and returns false when <paramref name="value"/> is longer than <see cref="MaxWordLength"/>.</summary>
    private bool WithinLength(ReadOnlySpan<char> value, string field)
    {
        if (value.Length <= MaxWordLength) return true;
        Error(field, DataErrorCodes.TextTooLong, $"'{field}' is {value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; ids, services, regions, causes and tags are at most {MaxWordLength.ToString("N0", CultureInfo.InvariantCulture)}.");
        return false;
    }

    internal static bool IsKebabWord(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value[0] == '-' || value[^1] == '-') return false;
        foreach (var c in value)
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '-')) return false;
        return true;
    }
}
