using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import;

/// <summary>
/// <c>sla import --init</c>: reads the export files and proposes a mapping file from the distinct names they hold
/// (services or components, priorities, urgencies, statuses, teams), each with a proposed value to review. For a
/// generic CSV or JSON Lines source, which has no known names yet, it proposes [columns] from the header.
/// </summary>
public static partial class MapProposer
{
    public static string Propose(ImportSource source, IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        text.Append("# Proposed by sla import --init ").Append(SourceWord(source)).Append(" from ").Append(string.Join(", ", files.Select(Path.GetFileName))).Append('\n');
        text.Append("# Review every line before importing: each value is a guess. The format is in docs/data.md (\"The mapping file\").\n");
        text.Append("# time_zone = \"UTC\"  # uncomment and set when the export writes local times without an offset\n");
        if (source is ImportSource.Csv or ImportSource.JsonLines)
        {
            ProposeColumns(source, files, text);
            return text.ToString();
        }
        var proposal = new MapProposal();
        Importer.Map(source, files, new ImportMap(), proposal);
        text.Append("\n[services]  # source ").Append(source == ImportSource.Statuspage ? "component" : "service").Append(" = contract service id, or \"-\" to leave it out\n");
        foreach (var service in proposal.Services) text.Append(Key(service)).Append(" = ").Append(Quote(Slug(service))).Append('\n');
        if (proposal.Priorities.Count > 0)
        {
            text.Append("\n[priorities]  # ").Append(source == ImportSource.Statuspage ? "incident impact" : "priority name").Append(" = severity (1 is the most severe)\n");
            var order = 1;
            foreach (var priority in proposal.Priorities)
            {
                var guess = ImportMap.DefaultStatuspageSeverities.TryGetValue(priority, out var s) && source == ImportSource.Statuspage ? s
                    : Digits().Match(priority) is { Success: true } m && int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= 99 ? d : order;
                order++;
                text.Append(Key(priority)).Append(" = ").Append(guess.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        if (proposal.Urgencies.Count > 0)
        {
            text.Append("\n[urgencies]  # urgency = { impact, severity of an incident without priority }\n");
            foreach (var urgency in proposal.Urgencies)
            {
                var mapping = ImportMap.DefaultUrgencies.GetValueOrDefault(urgency) ?? new UrgencyMapping(Impact.Degraded, 3);
                text.Append(Key(urgency)).Append(" = { impact = ").Append(Quote(ImpactWord(mapping.Impact))).Append(", severity = ")
                    .Append(mapping.Severity.ToString(CultureInfo.InvariantCulture)).Append(" }\n");
            }
        }
        if (proposal.Statuses.Count > 0)
        {
            text.Append("\n[statuses]  # component status = impact, or \"-\" for no downtime\n");
            foreach (var status in proposal.Statuses)
                text.Append(Key(status)).Append(" = ").Append(Quote(ImportMap.DefaultStatuses.TryGetValue(status, out var i) ? i is { } impact ? ImpactWord(impact) : "-" : "outage")).Append('\n');
        }
        if (proposal.Teams.Count > 0)
        {
            text.Append("\n[teams]  # team = tag kept on its incidents, or \"-\"; delete the table to keep no teams\n");
            foreach (var team in proposal.Teams) text.Append(Key(team)).Append(" = ").Append(Quote("team-" + Slug(team))).Append('\n');
        }
        return text.ToString();
    }

    private static void ProposeColumns(ImportSource source, IReadOnlyList<string> files, StringBuilder text)
    {
        var header = new List<string>();
        if (files.Count > 0)
        {
            if (source == ImportSource.Csv)
            {
                using var text0 = new StreamReader(files[0]);
                using var reader = CsvExport.Open(text0, files[0], new ImportSink());
                if (reader is not null) header.AddRange(reader.Header.ColNames);
            }
            else if (File.ReadLines(files[0]).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) is { } line)
            {
                try
                {
                    using var document = System.Text.Json.JsonDocument.Parse(line);
                    if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object) header.AddRange(document.RootElement.EnumerateObject().Select(p => p.Name));
                }
                catch (System.Text.Json.JsonException) { } // no names to propose from: the [columns] lines stay commented out
            }
        }
        text.Append("\n# The source's columns: ").Append(string.Join(", ", header.Select(Quote))).Append('\n');
        text.Append("[columns]  # our incident field = the source column (id, service, severity, impact, started are required)\n");
        foreach (var field in ImportMapReader.IncidentColumns)
        {
            var match = header.FirstOrDefault(h => string.Equals(Slug(h).Replace('-', '_'), field, StringComparison.Ordinal));
            text.Append(match is null ? "# " : "").Append(field).Append(" = ").Append(Quote(match ?? "")).Append('\n');
        }
        text.Append("\n[services]  # service value = contract service id, or \"-\"\n");
        text.Append("\n[priorities]  # severity value = severity (numbers and sevN need no entry)\n");
        text.Append("\n[statuses]  # impact value = outage, degraded, partial or none (our own words need no entry)\n");
    }

    private static string SourceWord(ImportSource source) => source switch
    {
        ImportSource.PagerDuty => "pagerduty",
        ImportSource.Statuspage => "statuspage",
        ImportSource.Csv => "csv",
        _ => "jsonl",
    };

    private static string ImpactWord(Impact impact) => impact switch
    {
        Impact.Outage => "outage",
        Impact.Degraded => "degraded",
        Impact.Partial => "partial",
        _ => "none",
    };

    /// <summary>A lower-case kebab proposal for a name: "Checkout API (prod)" -> "checkout-api-prod".</summary>
    internal static string Slug(string name)
    {
        var slug = NonWord().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "service" : slug;
    }

    private static string Key(string name) => Quote(name);

    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\') text.Append('\\').Append(c);
            else if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else text.Append(c);
        }
        return text.Append('"').ToString();
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    /// <summary>The source word of the command line (pagerduty, statuspage, csv, jsonl), or null.</summary>
    public static ImportSource? ParseSource(string word) => word.ToLowerInvariant() switch
    {
        "pagerduty" => ImportSource.PagerDuty,
        "statuspage" => ImportSource.Statuspage,
        "csv" => ImportSource.Csv,
        "jsonl" or "ndjson" => ImportSource.JsonLines,
        _ => null,
    };

    internal static ImmutableArray<string> SourceWords { get; } = ["pagerduty", "statuspage", "csv", "jsonl"];
}
