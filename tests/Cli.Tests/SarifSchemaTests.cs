using System.Text.Json;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The SARIF objects `sla check` writes use only properties the OASIS SARIF 2.1.0 schema allows on them (every object
/// there has additionalProperties: false) and carry the schema's required ones, with enum values and minimums honoured.
/// Property lists copied from Schemata/sarif-schema-2.1.0.json (oasis-tcs/sarif-spec) for the objects we emit.
/// </summary>
public class SarifSchemaTests
{
    private static readonly string[] Log = ["$schema", "version", "runs", "inlineExternalProperties", "properties"];
    private static readonly string[] Run = ["tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid", "redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind", "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses", "translations", "policies", "webRequests", "webResponses", "specialLocations", "properties"];
    private static readonly string[] Tool = ["driver", "extensions", "properties"];
    private static readonly string[] ToolComponent = ["guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription", "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri", "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language", "contents", "isComprehensive", "localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata", "supportedTaxonomies", "properties"];
    private static readonly string[] ReportingDescriptor = ["id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties"];
    private static readonly string[] MultiformatMessage = ["text", "markdown", "properties"];
    private static readonly string[] ReportingConfiguration = ["enabled", "level", "rank", "parameters", "properties"];
    private static readonly string[] Result = ["ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid", "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties"];
    private static readonly string[] Message = ["text", "markdown", "id", "arguments", "properties"];
    private static readonly string[] Location = ["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"];
    private static readonly string[] PhysicalLocation = ["address", "artifactLocation", "region", "contextRegion", "properties"];
    private static readonly string[] ArtifactLocation = ["uri", "uriBaseId", "index", "description", "properties"];
    private static readonly string[] Region = ["startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"];
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    private static void Allowed(JsonElement element, string[] allowed, params string[] required)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        foreach (var property in element.EnumerateObject()) Assert.Contains(property.Name, allowed);
        foreach (var name in required) Assert.True(element.TryGetProperty(name, out _), $"missing required '{name}'");
    }

    [Fact]
    public void EveryEmittedObjectConformsToTheSchema()
    {
        using var cli = new CliRunner();
        cli.Write("e.sla", CliRunner.Error);
        cli.Write("w.sla", CliRunner.Warning);
        cli.Write("h.sla", CliRunner.Clean.Replace("  time zone \"UTC\"\n", "  time zone \"UTC\"\n  suppress SLA1006 because \"stated anyway\"\n"));
        var run = cli.Invoke("check", "--format", "sarif", cli.Directory);
        using var sarif = JsonDocument.Parse(run.Output);
        var root = sarif.RootElement;
        Allowed(root, Log, "version", "runs");
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        foreach (var runElement in root.GetProperty("runs").EnumerateArray())
        {
            Allowed(runElement, Run, "tool");
            Assert.Contains(runElement.GetProperty("columnKind").GetString(), new[] { "utf16CodeUnits", "unicodeCodePoints" });
            Allowed(runElement.GetProperty("tool"), Tool, "driver");
            var driver = runElement.GetProperty("tool").GetProperty("driver");
            Allowed(driver, ToolComponent, "name");
            foreach (var rule in driver.GetProperty("rules").EnumerateArray())
            {
                Allowed(rule, ReportingDescriptor, "id");
                Allowed(rule.GetProperty("shortDescription"), MultiformatMessage, "text");
                Allowed(rule.GetProperty("help"), MultiformatMessage, "text");
                Allowed(rule.GetProperty("defaultConfiguration"), ReportingConfiguration);
                Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Levels);
            }
            var results = runElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(3, results.Count); // an error, a warning and a note (the unused suppression)
            Assert.Equal(["error", "note", "warning"], results.Select(r => r.GetProperty("level").GetString()).Order());
            foreach (var result in results)
            {
                Allowed(result, Result, "message");
                Assert.Contains(result.GetProperty("level").GetString(), Levels);
                Assert.True(result.GetProperty("ruleIndex").GetInt32() >= -1);
                Allowed(result.GetProperty("message"), Message, "text");
                foreach (var location in result.GetProperty("locations").EnumerateArray())
                {
                    Allowed(location, Location);
                    var physical = location.GetProperty("physicalLocation");
                    Allowed(physical, PhysicalLocation, "artifactLocation");
                    Allowed(physical.GetProperty("artifactLocation"), ArtifactLocation, "uri");
                    Assert.True(Uri.TryCreate(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), UriKind.Relative, out _));
                    var region = physical.GetProperty("region");
                    Allowed(region, Region, "startLine");
                    foreach (var name in new[] { "startLine", "startColumn", "endLine", "endColumn" }) Assert.True(region.GetProperty(name).GetInt32() >= 1, name);
                }
            }
        }
    }
}
