using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data.Formats;

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

    /// <summary>
    /// The kinds a data-directory load reads (<see cref="DataDirectory.Load"/>); the default, every kind. A file of another
    /// kind is found (two of one kind or an unknown name are still errors) but not read, not hashed and not in
    /// <see cref="DataSetLoad.FilesRead"/>: for a caller that knows what its contracts read (the peer benchmark reads
    /// incidents and maintenance, or the request slices, as its peer does).
    /// </summary>
    public ImmutableArray<DataKind>? Kinds { get; init; }

    /// <summary>The fields an incident table keeps when the incidents are loaded into columns (<see cref="IncidentColumns"/>).</summary>
    public IncidentColumns IncidentColumns { get; init; } = IncidentColumns.All;

    /// <summary>The request slices into a <see cref="RequestSliceTable"/> (<see cref="DataSet.RequestTable"/>) instead of objects.</summary>
    public bool RequestsInColumns { get; init; }

    /// <summary>
    /// Whether a data-directory load computes <see cref="DataSetLoad.Sha256"/> (the default) or leaves it null. Only a
    /// statement records the data hash; for a command that records none (evaluate, explain) it is work with no reader:
    /// SHA-256 of the 10M-incident fleet's 1.45 GB file is 0.6-0.9 s of the reading thread's CPU, on the load's path.
    /// </summary>
    public bool Hashed { get; init; } = true;

    /// <summary>Whether a data-directory load reads files of <paramref name="kind"/>.</summary>
    public bool Reads(DataKind kind) => Kinds is not { } kinds || kinds.Contains(kind);
}
