using nietras.SeparatedValues;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Streams records from CSV with Sep: a header row of column names, comma-separated, RFC 4180 quoting.
/// Leading '#' lines are comments (one may declare the zone). Field values are read as spans from Sep's buffer;
/// only the strings a record keeps are allocated, and repeated words are interned.
/// </summary>
public static class CsvRecordReader
{
    public static IEnumerable<T> Read<T>(RecordFormat<T> format, TextReader text, string file, DataErrorLog log, DataLoadOptions options, int expectedRows = 0)
        where T : class
    {
        var context = new RowContext(file, log, options.Zone);
        var lineOffset = ReadLeadingComments(text, context);
        using var reader = Open(text, lineOffset + 1, context);
        if (reader is null) yield break;
        var slots = MapHeader(format, reader.Header, lineOffset + 1, context);
        if (slots is null) yield break;
        var columnCount = reader.Header.ColNames.Count;
        var filter = new RecordFilter<T>(format, context, options.Range, expectedRows);
        var nextLine = lineOffset + 2;
        while (TryMoveNext(reader, out var tooLong) || tooLong)
        {
            if (tooLong)
            {
                context.StartRow(nextLine);
                context.Error(null, DataErrorCodes.MalformedRow, RowTooLong);
                yield break;
            }
            nextLine = reader.Current.LineNumberToExcl + lineOffset;
            var record = BuildCurrent(format, reader.Current, slots, columnCount, lineOffset, context, out var blank);
            if (blank) continue;
            if (filter.Accept(record) is { } accepted) yield return accepted;
        }
    }

    /// <summary>Why a file stops being read at a row Sep will not hold (DATA001).</summary>
    public const string RowTooLong = "The row starting here is longer than the CSV reader's limit of 16,777,216 characters, or a quote opened on it is never closed; the file is not read from here on.";

    /// <summary>
    /// <paramref name="reader"/>'s MoveNext, with Sep's refusal of a row longer than its buffer limit (NotSupportedException,
    /// also what a quote left open over a huge file gives) as bad input: false and <paramref name="tooLong"/> true.
    /// </summary>
    public static bool TryMoveNext(SepReader reader, out bool tooLong)
    {
        try
        {
            tooLong = false;
            return reader.MoveNext();
        }
        catch (NotSupportedException)
        {
            tooLong = true;
            return false;
        }
    }

    internal static T? BuildCurrent<T>(RecordFormat<T> format, SepReader.Row row, int[] slots, int columnCount, int lineOffset, RowContext context, out bool blank)
        where T : class
    {
        blank = row.ColCount == 1 && row.Span.Trim().IsEmpty;
        if (blank) return null;
        context.StartRow(row.LineNumberFrom + lineOffset);
        if (row.ColCount != columnCount)
        {
            context.Error(null, DataErrorCodes.MalformedRow, ColumnCountMessage(row, columnCount, lineOffset));
            return null;
        }
        return format.Build(new FieldRow(row, slots), context);
    }

    /// <summary>
    /// A row of the wrong length; when it runs over several lines, where it ends: a quote left open reads every line up
    /// to the next quote as one field, so the lines it swallowed are named (they were once counted as one row left out).
    /// </summary>
    public static string ColumnCountMessage(SepReader.Row row, int columnCount, int lineOffset = 0)
    {
        var message = $"The row has {row.ColCount} columns; the header has {columnCount}.";
        var lastLine = row.LineNumberToExcl - 1 + lineOffset;
        var firstLine = row.LineNumberFrom + lineOffset;
        // A quote left open to the end of the file takes the final line break into the row, and Sep counts one line more.
        if (row.Span is [.., '\n' or '\r'])
        {
            lastLine--;
            return lastLine > firstLine
                ? message + $" It runs from line {firstLine} to the end of the file (line {lastLine}): a quoted field is not closed, so those lines were read as one row (and are left out with it)."
                : message + $" A quoted field on line {firstLine} is not closed before the end of the file.";
        }
        return lastLine > firstLine
            ? message + $" It runs from line {firstLine} to line {lastLine}: a quoted field is not closed where it should be, so those lines were read as one row (and are left out with it)."
            : message;
    }

    /// <summary>Opens Sep on the text; a header Sep rejects (a repeated column name) is a data error, not an exception.</summary>
    internal static SepReader? Open(TextReader text, int headerLine, RowContext context)
    {
        var reader = OpenWithHeader(text, out var problem);
        if (reader is null)
        {
            context.StartRow(headerLine);
            context.Error(null, DataErrorCodes.MalformedRow, problem!);
        }
        return reader;
    }

    /// <summary>
    /// Opens Sep on a text whose first row is a header; null when Sep rejects the header, with why in our words (a
    /// column named twice: the names and their 1-based columns, read from the header here, not from Sep's message).
    /// </summary>
    public static SepReader? OpenWithHeader(TextReader text, out string? problem)
    {
        var head = new HeadCapture(text);
        try
        {
            var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(head);
            head.StopCapture();
            problem = null;
            return reader;
        }
        catch (ArgumentException)
        {
            problem = HeaderProblem(head.Captured());
            return null;
        }
        catch (NotSupportedException)
        {
            problem = "The header row is longer than the CSV reader's limit of 16,777,216 characters, or a quote opened on it is never closed.";
            return null;
        }
    }

    /// <summary>What is wrong with a header row: each name given more than once, with the columns that give it.</summary>
    internal static string HeaderProblem(string headText)
    {
        var names = new List<string>();
        using (var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(new StringReader(headText)))
        {
            if (reader.MoveNext())
                for (var i = 0; i < reader.Current.ColCount; i++) names.Add(reader.Current[i].ToString());
        }
        var repeats = names.Select((name, index) => (name, column: index + 1))
            .GroupBy(c => c.name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"the column '{g.Key}' appears {Times(g.Count())} in the header: columns {Columns(g.Select(c => c.column).ToList())}")
            .ToList();
        return repeats.Count == 0
            ? "The header row is not usable: its column names cannot be told apart."
            : "The header row is not usable: " + string.Join("; ", repeats) + ".";

        static string Times(int n) => n switch { 2 => "twice", 3 => "three times", _ => $"{n} times" };
        static string Columns(List<int> columns) => string.Join(", ", columns[..^1]) + " and " + columns[^1];
    }

    /// <summary>
    /// Passes a text through to Sep, keeping what Sep reads while it parses the header, so that a header Sep rejects can
    /// be read again here; after <see cref="StopCapture"/> it keeps nothing.
    /// </summary>
    private sealed class HeadCapture(TextReader inner) : TextReader
    {
        private System.Text.StringBuilder? _head = new();

        public void StopCapture() => _head = null;

        public string Captured() => _head?.ToString() ?? "";

        public override int Peek() => inner.Peek();

        public override int Read()
        {
            var c = inner.Read();
            if (c >= 0) _head?.Append((char)c);
            return c;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = inner.Read(buffer);
            _head?.Append(buffer[..n]);
            return n;
        }

        public override int ReadBlock(Span<char> buffer)
        {
            var n = inner.ReadBlock(buffer);
            _head?.Append(buffer[..n]);
            return n;
        }

        public override int ReadBlock(char[] buffer, int index, int count) => ReadBlock(buffer.AsSpan(index, count));

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Consumes leading '#' lines; returns how many lines were consumed.</summary>
    internal static int ReadLeadingComments(TextReader text, RowContext context)
    {
        var lines = 0;
        while (text.Peek() == '#')
        {
            var line = text.ReadLine()!;
            lines++;
            if (ZoneDirective.Parse(line, lines, context) is { } zone) context.Zone = zone;
        }
        return lines;
    }

    /// <summary>Maps each format field to its column; reports missing required and unknown columns. Null when unusable.</summary>
    internal static int[]? MapHeader<T>(RecordFormat<T> format, SepReaderHeader header, int headerLine, RowContext context) where T : class
    {
        context.StartRow(headerLine);
        var slots = new int[format.Fields.Length];
        var usable = true;
        for (var i = 0; i < format.Fields.Length; i++)
        {
            var field = format.Fields[i];
            if (!header.TryIndexOf(field.Name, out slots[i]))
            {
                slots[i] = -1;
                if (field.Required)
                {
                    context.Error(field.Name, DataErrorCodes.MissingColumn, MissingColumnMessage(format, field.Name, header.ColNames));
                    usable = false;
                }
            }
        }
        foreach (var name in header.ColNames)
        {
            if (format.SlotOf(name) < 0)
                context.Error(name, DataErrorCodes.UnknownColumn, $"'{name}' is not a column of {format.FileStem} files (known: {string.Join(", ", format.Fields.Select(f => f.Name))}).");
        }
        return usable ? slots : null;
    }

    /// <summary>
    /// Why a required column is missing, with what the header does name and what the file needs, so that a header in
    /// another export's words is recognisable at once (an empty file says so: it has no header at all).
    /// </summary>
    internal static string MissingColumnMessage<T>(RecordFormat<T> format, string column, IReadOnlyList<string> headerColumns) where T : class
    {
        var required = string.Join(", ", format.Fields.Where(f => f.Required).Select(f => f.Name));
        var found = headerColumns.Count == 0 ? "the file is empty: it has no header row" : "the header names " + string.Join(", ", headerColumns);
        return $"The header has no '{column}' column, which every {format.FileStem} file needs ({found}; required: {required}).";
    }
}
