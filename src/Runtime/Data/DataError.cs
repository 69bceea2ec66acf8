using System.Collections.Immutable;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// One problem in user-supplied data: where it is (file, 1-based line, field/column name) and what is wrong.
/// Errors are values, never exceptions: a loader collects every error of a file in one run.
/// Invariants: <see cref="Code"/> comes from <see cref="DataErrorCodes"/>; <see cref="Line"/> is 1-based, 0 when the
/// error concerns the whole file; <see cref="Field"/> is null when it concerns the whole row or file.
/// </summary>
public sealed record DataError(string File, int Line, string? Field, string Code, string Message)
{
    /// <summary>1-based column, where one is known (a mapping file's key); 0 otherwise.</summary>
    public int Column { get; init; }

    /// <summary>Rendered the way MSBuild and CI annotators parse: <c>path(line): error DATA004: [field] message</c>.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? Column > 0 ? $"{File}({Line},{Column})" : $"{File}({Line})" : File;
        var field = Field is null ? "" : $"[{Field}] ";
        return $"{where}: error {Code}: {field}{Message}";
    }
}

/// <summary>
/// The one catalogue of data error codes (the runtime cannot use the Dsl project's SLA codes).
/// Call sites never invent codes; a test asserts the codes are unique.
/// </summary>
public static class DataErrorCodes
{
    /// <summary>A row that cannot be read at all: wrong number of columns, invalid JSON, an unterminated quote.</summary>
    public const string MalformedRow = "DATA001";
    /// <summary>The header lacks a required column, or a JSON line lacks a required property entirely.</summary>
    public const string MissingColumn = "DATA002";
    /// <summary>A required field is empty.</summary>
    public const string MissingValue = "DATA003";
    /// <summary>A timestamp is not ISO 8601 (yyyy-MM-ddTHH:mm[:ss[.fffffffff]] with Z or +hh:mm).</summary>
    public const string InvalidTimestamp = "DATA004";
    /// <summary>A timestamp has no offset and the file declares no zone (ambiguous across DST).</summary>
    public const string TimestampWithoutOffset = "DATA005";
    /// <summary>A local timestamp falls into a DST gap or overlap of the declared zone.</summary>
    public const string AmbiguousLocalTime = "DATA006";
    /// <summary>An end (or another lifecycle instant) lies before the start.</summary>
    public const string EndBeforeStart = "DATA007";
    /// <summary>A value is not one of the allowed words (impact, boolean, urgency, status).</summary>
    public const string UnknownEnumeration = "DATA008";
    /// <summary>A cause, tag or id word is not in the required format (lower-case kebab).</summary>
    public const string InvalidWord = "DATA009";
    /// <summary>The same id (or service and slice start) appears twice.</summary>
    public const string DuplicateId = "DATA010";
    /// <summary>A number is not an integer or is out of its range (negative, good above total).</summary>
    public const string NumberOutOfRange = "DATA011";
    /// <summary>A latency histogram is malformed (bounds not increasing, missing overflow bucket, count mismatch).</summary>
    public const string InvalidHistogram = "DATA012";
    /// <summary>A file's zone declaration names no known IANA zone, or is malformed.</summary>
    public const string InvalidZoneDeclaration = "DATA013";
    /// <summary>A column or property the format does not define (likely a typo that would hide a field).</summary>
    public const string UnknownColumn = "DATA014";
    /// <summary>An imported record names a service/component that the service mapping does not know.</summary>
    public const string UnmappedService = "DATA015";
    /// <summary>A data directory holds the same kind twice (e.g. incidents.csv and incidents.jsonl).</summary>
    public const string ConflictingFiles = "DATA016";
    /// <summary>A slice length is not a positive whole number of seconds, minutes or hours (e.g. 5m, 60s).</summary>
    public const string InvalidDuration = "DATA017";
    /// <summary>A data directory holds a .csv/.jsonl file whose name is not a known kind (likely a misspelt name).</summary>
    public const string UnknownFile = "DATA018";
    /// <summary>An import's record is of a kind or status the importer cannot map (e.g. a Statuspage incident with no start).</summary>
    public const string UnmappableRecord = "DATA019";
    /// <summary>Two request slices of one service overlap in time (their requests would be counted twice).</summary>
    public const string OverlappingSlices = "DATA020";
    /// <summary>A timestamp has a fraction finer than 100 ns (one tick, the precision of evaluation): refused, never truncated.</summary>
    public const string TimestampFinerThanTick = "DATA021";
    /// <summary>An id, service, region, cause or tag longer than <see cref="Formats.RowContext.MaxWordLength"/> characters: refused, never cut.</summary>
    public const string TextTooLong = "DATA022";
    /// <summary>An import mapping file is not valid TOML, or a value in it has the wrong type or an impossible value (sla import).</summary>
    public const string InvalidMap = "DATA030";
    /// <summary>An import mapping file has a table or key that the format does not define (a typo would hide a mapping).</summary>
    public const string UnknownMapKey = "DATA031";
    /// <summary>An imported record holds a priority, urgency, status or team name that the map does not list.</summary>
    public const string UnmappedValue = "DATA032";
    /// <summary>An import file is not of the shape its source documents (e.g. a JSON file with neither incidents nor data).</summary>
    public const string UnrecognisedExport = "DATA033";
    /// <summary>A Statuspage incident names components but no update records their status transitions, so no span can be given to any.</summary>
    public const string NoComponentTransitions = "DATA034";
    /// <summary>An incident's affected share is not a fraction above 0 and at most 1 (<c>0.25</c>) or a percent above 0% and at most 100% (<c>25%</c>).</summary>
    public const string InvalidAffectedShare = "DATA050";

    /// <summary>An incident's team is not a lower-case kebab word (<c>payments</c>, <c>platform-core</c>).</summary>
    public const string InvalidTeam = "DATA060";

    /// <summary>An incident's title holds a line break or another control character, or is longer than 200 characters.</summary>
    public const string InvalidTitle = "DATA100";

    /// <summary>A credits ledger line's window is not a month written yyyy-MM.</summary>
    public const string InvalidLedgerWindow = "DATA055";
    /// <summary>A credits ledger line's currency is unknown, or its amount has more decimals than the currency's minor units.</summary>
    public const string InvalidLedgerAmount = "DATA056";

    /// <summary>Errors that make a whole file unusable; even a lenient load fails on them.</summary>
    public static ImmutableHashSet<string> FileLevel { get; } = [MissingColumn, InvalidZoneDeclaration, ConflictingFiles, UnknownFile];

    /// <summary>Every code with a one-line description, for documentation and the uniqueness test.</summary>
    public static ImmutableArray<(string Code, string Name)> All { get; } =
    [
        (MalformedRow, nameof(MalformedRow)),
        (MissingColumn, nameof(MissingColumn)),
        (MissingValue, nameof(MissingValue)),
        (InvalidTimestamp, nameof(InvalidTimestamp)),
        (TimestampWithoutOffset, nameof(TimestampWithoutOffset)),
        (AmbiguousLocalTime, nameof(AmbiguousLocalTime)),
        (EndBeforeStart, nameof(EndBeforeStart)),
        (UnknownEnumeration, nameof(UnknownEnumeration)),
        (InvalidWord, nameof(InvalidWord)),
        (DuplicateId, nameof(DuplicateId)),
        (NumberOutOfRange, nameof(NumberOutOfRange)),
        (InvalidHistogram, nameof(InvalidHistogram)),
        (InvalidZoneDeclaration, nameof(InvalidZoneDeclaration)),
        (UnknownColumn, nameof(UnknownColumn)),
        (UnmappedService, nameof(UnmappedService)),
        (ConflictingFiles, nameof(ConflictingFiles)),
        (InvalidDuration, nameof(InvalidDuration)),
        (UnknownFile, nameof(UnknownFile)),
        (UnmappableRecord, nameof(UnmappableRecord)),
        (OverlappingSlices, nameof(OverlappingSlices)),
        (TimestampFinerThanTick, nameof(TimestampFinerThanTick)),
        (InvalidMap, nameof(InvalidMap)),
        (UnknownMapKey, nameof(UnknownMapKey)),
        (UnmappedValue, nameof(UnmappedValue)),
        (UnrecognisedExport, nameof(UnrecognisedExport)),
        (NoComponentTransitions, nameof(NoComponentTransitions)),
        (InvalidAffectedShare, nameof(InvalidAffectedShare)),
        (InvalidLedgerWindow, nameof(InvalidLedgerWindow)),
        (InvalidLedgerAmount, nameof(InvalidLedgerAmount)),
        (InvalidTeam, nameof(InvalidTeam)),
        (InvalidTitle, nameof(InvalidTitle)),
    ];
}
