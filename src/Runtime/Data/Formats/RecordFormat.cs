using System.Collections.Immutable;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>The kinds of records a data directory holds; each has one file stem (<c>incidents.csv</c>, <c>incidents.jsonl</c>).</summary>
public enum DataKind
{
    Incidents,
    Maintenance,
    Alerts,
    Requests,
    Deployments,
    /// <summary>credits.csv: credits granted outside the data (not evidence; read by the pipeline, not by <see cref="DataDirectory.Load"/>).</summary>
    CreditsLedger,
}

/// <summary>
/// The schema of one record kind, shared by CSV (column names) and JSON Lines (property names), and the code that
/// builds a model record from a row and writes it back. Invariant: field names are unique lower-case snake words;
/// <see cref="Build"/> returns null exactly when it reported at least one error for the row.
/// </summary>
public abstract class RecordFormat<T> where T : class
{
    protected RecordFormat(DataKind kind, string fileStem, ImmutableArray<FieldSpec> fields, string keyDescription)
    {
        Kind = kind;
        FileStem = fileStem;
        Fields = fields;
        KeyDescription = keyDescription;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
            if (!names.Add(f.Name)) throw new ArgumentException($"Field {f.Name} appears twice in {fileStem}.");
    }

    public DataKind Kind { get; }
    public string FileStem { get; }
    public ImmutableArray<FieldSpec> Fields { get; }

    /// <summary>What must be unique per file, for the duplicate error's message (e.g. "id").</summary>
    public string KeyDescription { get; }

    public int SlotOf(string name)
    {
        for (var i = 0; i < Fields.Length; i++)
            if (string.Equals(Fields[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Builds the record, or reports every problem of the row to <paramref name="context"/> and returns null.</summary>
    internal abstract T? Build(FieldRow row, RowContext context);

    /// <summary>The field reported for a duplicate key, and the key itself (id, or service and start for slices).</summary>
    internal abstract (string Field, string Id, Instant At) Key(T record);

    /// <summary>Whether the record touches <paramref name="range"/> (records outside a requested range are not loaded).</summary>
    public abstract bool Overlaps(T record, Interval range);

    /// <summary>The record's field values as text, in <see cref="Fields"/> order (null for absent fields).</summary>
    public abstract string?[] ToValues(T record);

    protected static FieldSpec Required(string name, FieldKind kind, string description) => new(name, kind, true, description);
    protected static FieldSpec Optional(string name, FieldKind kind, string description) => new(name, kind, false, description);

    /// <summary>[start, end) meets the range; a zero-length record (end == start) meets it when start lies inside.</summary>
    protected static bool Touches(Instant start, Instant? end, Interval range)
    {
        var stop = end ?? Instant.MaxValue;
        return start < range.End && (stop > range.Start || (stop == start && start >= range.Start));
    }
}
