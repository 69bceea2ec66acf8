using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Import;

/// <summary>
/// One source record being mapped: where it is (file, line, JSON path prefix), the map, and the errors found so far.
/// Every helper reports its own error (field, value, hint) and returns a placeholder, so one record yields all its
/// problems at once; the record is rejected when <see cref="HasErrors"/>.
/// </summary>
internal sealed class ImportRow
{
    private readonly List<DataError> _errors = [];
    private readonly ImportMap map;
    private readonly ImportTally tally;
    // The map's tables as hash lookups by span: a million rows are looked up without allocating their names.
    private readonly Dictionary<string, MappedService>.AlternateLookup<ReadOnlySpan<char>> _services;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _priorities;
    private readonly Dictionary<string, UrgencyMapping>.AlternateLookup<ReadOnlySpan<char>> _urgencies;
    private readonly Dictionary<string, ImmutableArray<string>>.AlternateLookup<ReadOnlySpan<char>> _teamTags;

    public ImportRow(ImportMap map, ImportTally tally)
    {
        this.map = map;
        this.tally = tally;
        _services = new Dictionary<string, MappedService>(map.Services, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _priorities = new Dictionary<string, int>(map.Priorities, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _urgencies = new Dictionary<string, UrgencyMapping>(map.Urgencies, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _teamTags = new Dictionary<string, ImmutableArray<string>>(map.Teams.Select(t => KeyValuePair.Create(t.Key, t.Value is null ? ImmutableArray<string>.Empty : [t.Value])),
            StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string File { get; private set; } = "";
    public int Line { get; private set; }
    /// <summary>JSON path of the record (<c>incidents[3]</c>) or empty for a CSV row; fields are reported under it.</summary>
    public string Path { get; private set; } = "";
    public ImportMap Map => map;
    public bool HasErrors => _errors.Count > 0;
    public IReadOnlyList<DataError> Errors => _errors;

    public void Start(string file, int line, string path)
    {
        File = file;
        Line = line;
        Path = path;
        _errors.Clear();
    }

    /// <summary>
    /// Starts a CSV record: false for a blank line (skipped) and for a row whose column count is not the header's
    /// (reported as DATA malformed row and finished with no records); true when the row is to be mapped.
    /// </summary>
    public bool StartCsv(string file, SepReader.Row r, int columns, ImportSink sink)
    {
        if (r.ColCount == 1 && r.Span.Trim().IsEmpty) return false;
        Start(file, r.LineNumberFrom, "");
        if (r.ColCount == columns) return true;
        Error("(row)", DataErrorCodes.MalformedRow, SlaKpiDsl.Runtime.Data.Formats.CsvRecordReader.ColumnCountMessage(r, columns));
        sink.Finish(this, []);
        return false;
    }

    public string FieldName(string field) => Path.Length == 0 ? field : field.Length == 0 ? Path : $"{Path}.{field}";

    public void Error(string field, string code, string message) => _errors.Add(new DataError(File, Line, FieldName(field), code, message));

    public string? RequiredText(string? value, string field) => CheckedText(value, field) ? value!.Trim() : null;

    public string? RequiredText(ReadOnlySpan<char> value, string field) => CheckedText(value, field) ? value.Trim().ToString() : null;

    private bool CheckedText(ReadOnlySpan<char> value, string field)
    {
        if (value.IsWhiteSpace())
        {
            Error(field, DataErrorCodes.MissingValue, $"'{field}' is required and is empty or absent.");
            return false;
        }
        foreach (var c in value)
            if (char.IsControl(c) || c == '\uFFFD')
            {
                Error(field, DataErrorCodes.InvalidWord, $"'{field}' holds a control character or bytes that are not UTF-8; ids and names are single-line text.");
                return false;
            }
        return true;
    }

    /// <summary>
    /// An incident's title from the export's title, summary or name field (trimmed; empty is none). A title the data
    /// files cannot hold (a line break, more than 200 characters) is DATA100 on that field, never shortened: the
    /// record is rejected with the reason rather than imported with other words than the tool's.
    /// </summary>
    public string? Title(ReadOnlySpan<char> value, string field)
    {
        value = value.Trim();
        if (value.IsEmpty) return null;
        if (IncidentFormat.TitleProblem(value) is { } problem)
        {
            Error(field, DataErrorCodes.InvalidTitle, problem);
            return null;
        }
        return value.ToString();
    }

    public Instant? Instant(ReadOnlySpan<char> value, string field, bool required)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            if (required) Error(field, DataErrorCodes.MissingValue, $"'{field}' is required (an ISO 8601 timestamp).");
            return null;
        }
        // Many exports (Jira, database dumps) separate date and time by a space, as RFC 3339 allows: read it as 'T'.
        if (value.Length > 10 && value[10] == ' ') value = string.Concat(value[..10], "T", value[11..]);
        switch (InstantText.TryParse(value, map.TimeZone, out var instant))
        {
            case InstantParseStatus.Ok:
                return instant;
            case InstantParseStatus.MissingOffset:
                Error(field, DataErrorCodes.TimestampWithoutOffset,
                    $"'{value}' has no offset; set time_zone = \"<IANA id>\" at the top of the map {map.File} to read local times.");
                return null;
            case InstantParseStatus.AmbiguousOrSkipped:
                Error(field, DataErrorCodes.AmbiguousLocalTime,
                    $"'{value}' does not occur exactly once in {map.TimeZone!.Id} (a DST gap or overlap); the export must give it with an offset.");
                return null;
            case InstantParseStatus.FinerThanTick:
                Error(field, DataErrorCodes.TimestampFinerThanTick, $"'{value}' is finer than 100 ns, the precision evaluation counts time in.");
                return null;
            case InstantParseStatus.TooManyFractionDigits:
                Error(field, DataErrorCodes.InvalidTimestamp, $"'{value}' has more than 9 fractional digits; time is exact to 100 ns, so write at most 7 (up to 9 when the last are zeros: .1234567 or .123456700).");
                return null;
            default:
                Error(field, DataErrorCodes.InvalidTimestamp, $"'{value}' is not an ISO 8601 timestamp like 2026-11-10T09:00:00-05:00 or 2026-11-10T14:00:00Z.");
                return null;
        }
    }

    /// <summary>A whole number of seconds (PagerDuty's seconds_to_first_ack); null when empty.</summary>
    public long? Seconds(ReadOnlySpan<char> value, string field)
    {
        value = value.Trim();
        if (value.IsEmpty) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100L * 365 * 86400) return n;
        Error(field, DataErrorCodes.NumberOutOfRange, $"'{value}' is not a whole, non-negative number of seconds.");
        return null;
    }

    /// <summary>The contract service of a source name; null when rejected or left out on purpose (<paramref name="leftOut"/>).</summary>
    public string? Service(string? name, string field, out bool leftOut) => Service(name.AsSpan(), field, out leftOut);

    public string? Service(ReadOnlySpan<char> name, string field, out bool leftOut)
    {
        leftOut = false;
        if (!CheckedText(name, field)) return null;
        name = name.Trim();
        if (tally.Proposal is { } proposal) { var text = name.ToString(); proposal.Services.Add(text); return text; }
        if (!_services.TryGetValue(name, out var mapped))
        {
            var key = name.ToString();
            Error(field, DataErrorCodes.UnmappedService,
                $"service '{key}' is not in the map's [services]: add \"{key}\" = \"<contract service id>\" to {map.File}, or = \"-\" to leave it out.");
            return null;
        }
        if (mapped.LeftOut) { leftOut = true; tally.LeftOutByMap($"service '{name}'"); }
        return mapped.ServiceId;
    }

    /// <summary>A priority or severity name through [priorities]; <paramref name="fallback"/> answers names the map does not list.</summary>
    public int? Priority(string name, string field, Func<string, int?>? fallback = null) => Priority(name.AsSpan(), field, fallback);

    public int? Priority(ReadOnlySpan<char> span, string field, Func<string, int?>? fallback = null)
    {
        if (tally.Proposal is null && _priorities.TryGetValue(span, out var found)) return found;
        var name = span.ToString();
        if (tally.Proposal is { } proposal) { proposal.Priorities.Add(name); return fallback?.Invoke(name) ?? 1; }
        if (fallback?.Invoke(name) is { } s) return s;
        Error(field, DataErrorCodes.UnmappedValue, $"priority '{name}' is not in the map's [priorities]: add \"{name}\" = <severity 1-99> to {map.File}.");
        return null;
    }

    public UrgencyMapping? Urgency(ReadOnlySpan<char> span, string field)
    {
        if (tally.Proposal is null && _urgencies.TryGetValue(span, out var urgency)) return urgency;
        var name = span.ToString();
        if (tally.Proposal is { } proposal) { proposal.Urgencies.Add(name); return ImportMap.DefaultUrgencies.GetValueOrDefault(name) ?? new UrgencyMapping(Impact.Outage, 1); }
        Error(field, DataErrorCodes.UnmappedValue,
            $"urgency '{name}' is not in the map's [urgencies]: add \"{name}\" = {{ impact = \"outage\", severity = 1 }} to {map.File}.");
        return null;
    }

    /// <summary>A status or impact word through [statuses]: the impact, or null for no downtime; <paramref name="known"/> false when rejected.</summary>
    public Impact? Status(string word, string field, out bool known)
    {
        if (tally.Proposal is { } proposal) { proposal.Statuses.Add(word); known = true; return ImportMap.DefaultStatuses.GetValueOrDefault(word); }
        known = map.Statuses.TryGetValue(word, out var impact);
        if (!known)
            Error(field, DataErrorCodes.UnmappedValue,
                $"status '{word}' is not in the map's [statuses]: add \"{word}\" = \"outage\" (or \"degraded\", \"partial\", \"none\", \"-\" for no downtime) to {map.File}.");
        return impact;
    }

    /// <summary>The tags kept for the record's teams (empty unless the map has [teams]).</summary>
    public ImmutableArray<string> Teams(IEnumerable<string> teams, string field)
    {
        if (tally.Proposal is { } proposal) { foreach (var t in teams) if (!string.IsNullOrWhiteSpace(t)) proposal.Teams.Add(t); return []; }
        if (!map.KeepTeams) return [];
        var tags = ImmutableArray.CreateBuilder<string>();
        foreach (var team in teams)
        {
            if (string.IsNullOrWhiteSpace(team)) continue;
            if (!map.Teams.TryGetValue(team, out var tag))
            {
                Error(field, DataErrorCodes.UnmappedValue, $"team '{team}' is not in the map's [teams]: add \"{team}\" = \"team-<name>\" to {map.File}, or = \"-\" to not keep it.");
                continue;
            }
            if (tag is not null && !tags.Contains(tag)) tags.Add(tag);
        }
        tags.Sort(StringComparer.Ordinal);
        return tags.ToImmutable();
    }

    /// <summary>
    /// The incident's team column from the tags its teams were mapped to: the tag without its <c>team-</c> prefix
    /// (<c>team-payments</c> is team <c>payments</c>) when exactly one team is kept; null for none, and for several (one
    /// team column cannot name them all: the tags keep every one).
    /// </summary>
    public static string? TeamName(ImmutableArray<string> teamTags) =>
        teamTags.Length != 1 ? null : teamTags[0].StartsWith("team-", StringComparison.Ordinal) && teamTags[0].Length > 5 ? teamTags[0][5..] : teamTags[0];

    /// <summary>The tags kept for one team (empty when none is given or the map keeps no teams), shared between rows.</summary>
    public ImmutableArray<string> Team(ReadOnlySpan<char> team, string field)
    {
        team = team.Trim();
        if (team.IsEmpty || (!map.KeepTeams && tally.Proposal is null)) return [];
        if (tally.Proposal is null && _teamTags.TryGetValue(team, out var tags)) return tags;
        return Teams([team.ToString()], field);
    }

    /// <summary>Reports a lifecycle instant before the start (our incidents require every instant at or after it).</summary>
    public void NotBefore(Instant start, string startField, Instant? other, string field)
    {
        if (other is { } o && o < start)
            Error(field, DataErrorCodes.EndBeforeStart, $"'{field}' ({InstantText.Format(o)}) is before '{startField}' ({InstantText.Format(start)}).");
    }
}

/// <summary>Counts of what an import did not write and why, beyond rejected records: left out by the map, skipped by a documented rule.</summary>
public sealed class ImportTally
{
    private readonly SortedDictionary<string, long> _leftOut = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);

    /// <summary>Records (or components) the map sends to "-", by what it named.</summary>
    public IReadOnlyDictionary<string, long> LeftOutByMapCounts => _leftOut;

    /// <summary>Records skipped by a documented rule (e.g. a Statuspage incident that names no component), by rule.</summary>
    public IReadOnlyDictionary<string, long> SkippedByRule => _skipped;

    /// <summary>Set by <c>--init</c>: every name a lookup meets is collected here instead of being checked against the map.</summary>
    internal MapProposal? Proposal { get; init; }

    internal void LeftOutByMap(string what) => _leftOut[what] = _leftOut.GetValueOrDefault(what) + 1;

    internal void Skipped(string rule) => _skipped[rule] = _skipped.GetValueOrDefault(rule) + 1;
}

/// <summary>The distinct names an <c>--init</c> scan met, for the proposed map.</summary>
internal sealed class MapProposal
{
    public SortedSet<string> Services { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Priorities { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Urgencies { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Statuses { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Teams { get; } = new(StringComparer.Ordinal);
}
