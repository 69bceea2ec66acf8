using System.Text;
using System.Text.Json;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.Compiler.Diagnostics;

/// <summary>
/// Renders a <see cref="CheckReport"/> as MSBuild-style text lines, as JSON, or as SARIF 2.1.0 (GitHub code scanning).
/// Pure functions of the report: no console, no clock.
/// </summary>
public static class DiagnosticWriters
{
    /// <summary>The summary line: <c>N files checked: E errors, W warnings</c>.</summary>
    public static string Summary(CheckReport report) =>
        $"{report.Files.Length} {(report.Files.Length == 1 ? "file" : "files")} checked: {Count(report.ErrorCount, "error")}, {Count(report.WarningCount, "warning")}";

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    public static string Json(CheckReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("files", report.Files.Length);
            json.WriteNumber("errors", report.ErrorCount);
            json.WriteNumber("warnings", report.WarningCount);
            json.WriteStartArray("diagnostics");
            foreach (var d in report.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("path", d.Source.Path);
                json.WriteNumber("line", d.Start.Line);
                json.WriteNumber("column", d.Start.Column);
                json.WriteNumber("endLine", d.End.Line);
                json.WriteNumber("endColumn", d.End.Column);
                json.WriteString("severity", d.SeverityText);
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// SARIF 2.1.0 with one run: tool.driver.rules lists every catalogue code (and any other code that occurs);
    /// results point at artifact URIs relative to <paramref name="baseDirectory"/> with 1-based line/column regions.
    /// </summary>
    public static string Sarif(CheckReport report, string baseDirectory, string toolVersion)
    {
        var codes = DiagnosticTitles.KnownCodes.Concat(report.Diagnostics.Select(d => d.Code)).Distinct().Order(StringComparer.Ordinal).ToList();
        var ruleIndex = codes.Select((code, index) => (code, index)).ToDictionary(p => p.code, p => p.index);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "sla");
            json.WriteString("semanticVersion", toolVersion);
            json.WriteStartArray("rules");
            foreach (var code in codes)
            {
                var title = DiagnosticTitles.Of(code);
                json.WriteStartObject();
                json.WriteString("id", code);
                json.WriteString("name", string.Concat(title.Split(' ', '-').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", title);
                json.WriteEndObject();
                json.WriteStartObject("help");
                json.WriteString("text", $"{code}: {title}. See docs/diagnostics.md in the SlaKpiDsl repository.");
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", code.StartsWith("SLA1", StringComparison.Ordinal) ? (code == "SLA1900" ? "note" : "warning") : "error");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteStartArray("results");
            foreach (var d in report.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", d.Code);
                json.WriteNumber("ruleIndex", ruleIndex[d.Code]);
                json.WriteString("level", d.Severity switch
                {
                    DiagnosticSeverity.Error => "error",
                    DiagnosticSeverity.Warning => "warning",
                    _ => "note",
                });
                json.WriteStartObject("message");
                json.WriteString("text", d.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", RelativeUri(baseDirectory, d.Source.Path));
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", d.Start.Line);
                json.WriteNumber("startColumn", d.Start.Column);
                json.WriteNumber("endLine", d.End.Line);
                json.WriteNumber("endColumn", d.End.Column);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A relative URI with forward slashes and escaped segments, as code scanning resolves against the checkout.</summary>
    public static string RelativeUri(string baseDirectory, string path)
    {
        var relative = Path.GetRelativePath(baseDirectory, Path.GetFullPath(path));
        return string.Join('/', relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
    }
}
