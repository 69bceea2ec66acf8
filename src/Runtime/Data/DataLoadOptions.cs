using NodaTime;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// How to load data files. <see cref="Zone"/> lets local timestamps (without offset) through for files that do not
/// declare their own zone; a file's <c># zone:</c> line wins over it. <see cref="Range"/> keeps only records that touch
/// the range (rows outside are counted, not errors). <see cref="Lenient"/> makes a data-set load usable despite bad rows:
/// those rows are left out and counted per reason; the default (strict) makes any error fail the load.
/// </summary>
public sealed record DataLoadOptions
{
    public static DataLoadOptions Default { get; } = new();

    public DateTimeZone? Zone { get; init; }
    public Interval? Range { get; init; }
    public bool Lenient { get; init; }

    /// <summary>How many errors keep their location in the log (all are counted).</summary>
    public int MaxErrorsKept { get; init; } = 1000;
}
