using System.Globalization;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>incidents.csv / incidents.jsonl: one incident per row.</summary>
public sealed class IncidentFormat : RecordFormat<Incident>
{
    public static IncidentFormat Instance { get; } = new();

    private const int Id = 0, Service = 1, Severity = 2, ImpactSlot = 3, Cause = 4, Started = 5, Detected = 6,
        Acknowledged = 7, Responded = 8, Resolved = 9, Region = 10, Tags = 11, Postmortem = 12, AffectedShare = 13, Team = 14, Title = 15;

    private IncidentFormat() : base(DataKind.Incidents, "incidents",
    [
        Required("id", FieldKind.Text, "Unique incident id."),
        Required("service", FieldKind.Text, "Service id as named in the contract (e.g. api)."),
        Required("severity", FieldKind.Integer, "1 is the most severe; 'sev1' is also accepted."),
        Required("impact", FieldKind.Text, "outage | degraded | partial | none."),
        Optional("cause", FieldKind.Text, "Lower-case kebab word, e.g. customer, force-majeure, provider."),
        Required("started", FieldKind.Timestamp, "When the impact began."),
        Optional("detected", FieldKind.Timestamp, "When monitoring or a person noticed it."),
        Optional("acknowledged", FieldKind.Timestamp, "When a responder acknowledged it."),
        Optional("responded", FieldKind.Timestamp, "When the first substantive response happened."),
        Optional("resolved", FieldKind.Timestamp, "When the impact ended; empty while open."),
        Optional("region", FieldKind.Text, "Region or zone, free text."),
        Optional("tags", FieldKind.WordList, "Kebab words separated by ';'."),
        Optional("postmortem_completed", FieldKind.Boolean, "true | false (yes | no)."),
        Optional("affected_share", FieldKind.Text, "Share of the customer's traffic affected: a fraction above 0 and at most 1 (0.25) or a percent (25%)."),
        Optional("team", FieldKind.Text, "The owning team, a lower-case kebab word (payments)."),
        Optional("title", FieldKind.Text, "A short description for people (Checkout returns 502), one line, at most 200 characters."),
    ], "id")
    {
    }

    internal override Incident? Build(FieldRow row, RowContext c)
    {
        var id = c.RequiredText(row[Id], "id");
        var service = c.RequiredText(row[Service], "service", intern: true);
        var severity = ParseSeverity(row[Severity], c);
        var impact = ParseImpact(row[ImpactSlot], c);
        var cause = c.OptionalWord(row[Cause], "cause");
        var started = c.RequiredInstant(row[Started], "started");
        var detected = c.OptionalInstant(row[Detected], "detected");
        var acknowledged = c.OptionalInstant(row[Acknowledged], "acknowledged");
        var responded = c.OptionalInstant(row[Responded], "responded");
        var resolved = c.OptionalInstant(row[Resolved], "resolved");
        var region = c.OptionalSingleLineText(row[Region], "region");
        var tags = c.WordList(row[Tags], "tags", kebab: true);
        var postmortem = c.OptionalBoolean(row[Postmortem], "postmortem_completed");
        var share = ParseAffectedShare(row[AffectedShare], c);
        var team = ParseTeam(row[Team], c);
        var title = ParseTitle(row[Title], c);
        if (!row[Started].IsEmpty)
        {
            c.RequireNotBefore(started, "started", detected, "detected");
            c.RequireNotBefore(started, "started", acknowledged, "acknowledged");
            c.RequireNotBefore(started, "started", responded, "responded");
            c.RequireNotBefore(started, "started", resolved, "resolved");
        }
        if (c.RowHasErrors) return null;
        return new Incident(id, service, severity, impact, started, resolved, cause, detected, acknowledged, responded, region, tags, postmortem) { AffectedShare = share, Team = team, Title = title };
    }

    /// <summary>Longest title a record may carry: a ledger line shows it whole.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>One line of at most <see cref="MaxTitleLength"/> characters, kept as written (trimmed); empty is none; a control character, U+FFFD or a longer title is DATA100.</summary>
    internal static string? ParseTitle(ReadOnlySpan<char> value, RowContext c)
    {
        var title = value.Trim();
        if (title.IsEmpty) return null;
        if (TitleProblem(title) is { } problem)
        {
            c.Error("title", DataErrorCodes.InvalidTitle, problem);
            return null;
        }
        return title.ToString();
    }

    /// <summary>
    /// Why a (trimmed, non-empty) title cannot be a record's title (DATA100's message), or null when it can: the one
    /// rule for data files and for importers, so an imported title always loads back.
    /// </summary>
    public static string? TitleProblem(ReadOnlySpan<char> title)
    {
        var control = title.IndexOfAnyInRange('\u0000', '\u001f');
        if (control < 0 && title.Contains('\u007f')) control = title.IndexOf('\u007f');
        if (control >= 0) return $"the title has a control character (U+{(int)title[control]:X4}) at character {control + 1}: a title is one line of text.";
        // What a UTF-8 reader puts for bytes that are not UTF-8: kept, the title would not be the one written.
        if (title.IndexOf('\uFFFD') is var replaced and >= 0) return $"the title holds bytes that are not UTF-8 (or U+FFFD) at character {replaced + 1}; save the file as UTF-8.";
        return title.Length > MaxTitleLength ? $"the title is {title.Length} characters long: at most {MaxTitleLength}." : null;
    }

    /// <summary>A lower-case kebab word (<c>payments</c>, <c>platform-core</c>); empty is not stated; anything else is DATA060.</summary>
    internal static string? ParseTeam(ReadOnlySpan<char> value, RowContext c)
    {
        if (value.IsEmpty) return null;
        if (RowContext.IsKebabWord(value)) return c.OptionalText(value);
        c.Error("team", DataErrorCodes.InvalidTeam, $"'{value}' is not a team name: write a lower-case kebab word (payments, platform-core).");
        return null;
    }

    /// <summary>A fraction in (0, 1] (<c>0.25</c>) or a percent in (0%, 100%] (<c>25%</c>), exact; empty is not stated.</summary>
    internal static decimal? ParseAffectedShare(ReadOnlySpan<char> value, RowContext c)
    {
        if (value.IsEmpty) return null;
        var percent = value.EndsWith("%");
        var digits = percent ? value[..^1] : value;
        if (decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && !digits.StartsWith(".") && !digits.EndsWith("."))
        {
            var share = percent ? number / 100m : number;
            if (share > 0m && share <= 1m) return share;
        }
        c.Error("affected_share", DataErrorCodes.InvalidAffectedShare,
            $"'{value}' is not an affected share: a fraction above 0 and at most 1 (0.25) or a percent above 0% and at most 100% (25%).");
        return null;
    }

    internal static string? FormatAffectedShare(decimal? share) => share?.ToString(CultureInfo.InvariantCulture);

    internal static int ParseSeverity(ReadOnlySpan<char> value, RowContext c)
    {
        if (value.IsEmpty)
        {
            c.Error("severity", DataErrorCodes.MissingValue, "'severity' is required (1 is the most severe).");
            return 0;
        }
        var digits = value.StartsWith("sev", StringComparison.OrdinalIgnoreCase) ? value[3..] : value;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var severity) || severity > 99)
        {
            c.Error("severity", DataErrorCodes.NumberOutOfRange, $"'{value}' is not a severity level 0-99 (or sev0-sev99).");
            return 0;
        }
        return severity;
    }

    internal static Impact ParseImpact(ReadOnlySpan<char> value, RowContext c)
    {
        if (value.IsEmpty)
        {
            c.Error("impact", DataErrorCodes.MissingValue, "'impact' is required: outage, degraded, partial or none.");
            return Impact.None;
        }
        if (value.Equals("outage", StringComparison.OrdinalIgnoreCase)) return Impact.Outage;
        if (value.Equals("degraded", StringComparison.OrdinalIgnoreCase)) return Impact.Degraded;
        if (value.Equals("partial", StringComparison.OrdinalIgnoreCase)) return Impact.Partial;
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase)) return Impact.None;
        c.Error("impact", DataErrorCodes.UnknownEnumeration, $"'{value}' is not an impact: outage, degraded, partial or none.");
        return Impact.None;
    }

    public static string FormatImpact(Impact impact) => impact switch
    {
        Impact.Outage => "outage",
        Impact.Degraded => "degraded",
        Impact.Partial => "partial",
        _ => "none",
    };

    internal override (string Field, string Id, Instant At) Key(Incident record) => ("id", record.Id, default);

    public override bool Overlaps(Incident record, Interval range) => Touches(record.Started, record.Resolved, range);

    public override string?[] ToValues(Incident r) =>
    [
        r.Id, r.Service, r.Severity.ToString(CultureInfo.InvariantCulture), FormatImpact(r.Impact), r.Cause,
        InstantText.Format(r.Started), Format(r.Detected), Format(r.Acknowledged), Format(r.Responded), Format(r.Resolved),
        r.Region, r.Tags.IsEmpty ? null : string.Join(';', r.Tags),
        r.PostmortemCompleted is { } p ? (p ? "true" : "false") : null,
        FormatAffectedShare(r.AffectedShare),
        r.Team,
        r.Title,
    ];

    internal static string? Format(Instant? instant) => instant is { } i ? InstantText.Format(i) : null;
}
