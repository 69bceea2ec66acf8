namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>How a field's value is written in JSON Lines (CSV always writes text).</summary>
public enum FieldKind
{
    Text,
    Integer,
    Decimal,
    Boolean,
    Timestamp,
    /// <summary>A list of words: <c>a;b</c> in CSV, a JSON array of strings in JSON Lines.</summary>
    WordList,
    /// <summary>A latency histogram: <c>le_100=5;le_250=2;inf=1</c> in CSV, an object <c>{"le_100":5,...}</c> in JSON Lines.</summary>
    Histogram,
}

/// <summary>One field of a record format: its column (CSV) / property (JSON Lines) name, kind and whether it is required.</summary>
public sealed record FieldSpec(string Name, FieldKind Kind, bool Required, string Description);
