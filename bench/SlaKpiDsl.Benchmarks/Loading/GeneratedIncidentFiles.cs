using System.Globalization;
using System.Text;

namespace SlaKpiDsl.Benchmarks.Loading;

/// <summary>
/// Writes N realistic incident rows (every column, mixed Z and -05:00 offsets, fractional seconds on some rows, tags,
/// a handful of services and regions) as CSV and JSON Lines, deterministically.
/// </summary>
public static class GeneratedIncidentFiles
{
    private static readonly string[] Services = ["api", "checkout", "payments", "compute", "platform", "github", "messaging"];
    private static readonly string[] Impacts = ["outage", "degraded", "partial", "none"];
    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1", ""];
    private static readonly string[] Tags = ["database", "network;zone-a", "deploy", "", "latency;cache;dns"];
    private static readonly string[] Causes = ["provider", "customer", "force-majeure", ""];

    public static void WriteCsv(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\n");
        for (var i = 0; i < rows; i++)
        {
            var r = Row(i);
            writer.Write(string.Join(',', r.Id, r.Service, r.Severity, r.Impact, r.Cause, r.Started, r.Detected, r.Acknowledged, r.Responded, r.Resolved,
                r.Region, r.Tags, r.Postmortem));
            writer.Write('\n');
        }
    }

    public static void WriteJsonLines(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < rows; i++)
        {
            var r = Row(i);
            var tags = r.Tags.Length == 0 ? "" : ",\"tags\":[" + string.Join(',', r.Tags.Split(';').Select(t => $"\"{t}\"")) + "]";
            var optional = (r.Cause.Length == 0 ? "" : $",\"cause\":\"{r.Cause}\"") + (r.Region.Length == 0 ? "" : $",\"region\":\"{r.Region}\"")
                + (r.Postmortem.Length == 0 ? "" : $",\"postmortem_completed\":{r.Postmortem}");
            writer.Write($"{{\"id\":\"{r.Id}\",\"service\":\"{r.Service}\",\"severity\":{r.Severity},\"impact\":\"{r.Impact}\",\"started\":\"{r.Started}\",\"detected\":\"{r.Detected}\",\"acknowledged\":\"{r.Acknowledged}\",\"responded\":\"{r.Responded}\",\"resolved\":\"{r.Resolved}\"{tags}{optional}}}\n");
        }
    }

    private sealed record GeneratedRow(string Id, string Service, string Severity, string Impact, string Cause, string Started, string Detected,
        string Acknowledged, string Responded, string Resolved, string Region, string Tags, string Postmortem);

    private static GeneratedRow Row(int i)
    {
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i * 7L % 3_000_000);
        var local = i % 3 == 0;
        string Format(DateTime t, bool fraction)
        {
            var shown = local ? t.AddHours(-5) : t;
            var text = shown.ToString(fraction ? "yyyy-MM-ddTHH:mm:ss.fff" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            return text + (local ? "-05:00" : "Z");
        }
        return new GeneratedRow(
            "INC-" + i.ToString(CultureInfo.InvariantCulture),
            Services[i % Services.Length],
            (1 + i % 4).ToString(CultureInfo.InvariantCulture),
            Impacts[i % Impacts.Length],
            Causes[i % Causes.Length],
            Format(start, false),
            Format(start.AddSeconds(30 + i % 90), i % 5 == 0),
            Format(start.AddMinutes(2 + i % 11), false),
            Format(start.AddMinutes(5 + i % 17), false),
            Format(start.AddMinutes(20 + i % 240), false),
            Regions[i % Regions.Length],
            Tags[i % Tags.Length],
            i % 7 == 0 ? "true" : i % 7 == 1 ? "false" : "");
    }
}
