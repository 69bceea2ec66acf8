using System.Text.Json.Nodes;
using SlaKpiDsl.LanguageServer.Protocol;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>The diagnostics published for a document are those <c>sla check</c> reports: codes, messages and spans.</summary>
public sealed class DiagnosticsTests
{
    public static TheoryData<string> Contracts()
    {
        var data = new TheoryData<string>();
        foreach (var file in new[] { LspClient.Examples, LspClient.Published }.SelectMany(f => Directory.EnumerateFiles(f, "*.sla", SearchOption.AllDirectories)).Order(StringComparer.Ordinal)) data.Add(Path.GetRelativePath(LspClient.Repository, file));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(LspClient.Repository, "tests", "cases", "bad"), "*.sla").Order(StringComparer.Ordinal)) data.Add(Path.GetRelativePath(LspClient.Repository, file));
        return data;
    }

    private static readonly Dictionary<string, IReadOnlyList<Dsl.Diagnostics.Diagnostic>> FolderRuns = new(StringComparer.Ordinal);

    /// <summary>
    /// What `sla check` on the file's folder prints for the file (path relative to the repository, as run from its root), as
    /// (line, column, end, code, message) rows. The folder, not the file alone: an order form is checked against the
    /// templates of its folder, by the server as by the pipeline.
    /// </summary>
    private static List<string> SlaCheck(string relative)
    {
        var current = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = LspClient.Repository;
            var folder = Path.GetDirectoryName(relative)!;
            IReadOnlyList<Dsl.Diagnostics.Diagnostic> diagnostics;
            lock (FolderRuns)
            {
                if (!FolderRuns.TryGetValue(folder, out diagnostics!))
                    FolderRuns[folder] = diagnostics = [.. ContractChecking.CheckAll([folder], new PipelineServices()).Report.Diagnostics];
            }
            var text = File.ReadAllText(relative);
            var lines = new LineMap(text);
            return [.. diagnostics.Where(d => Path.GetFullPath(d.Source.Path) == Path.GetFullPath(relative) && d.Code != "SLA0128")
                .Select(d => Row(lines.RangeOf(d.Span.Start, d.Span.End), d.Code, d.Message, d.SeverityText))];
        }
        finally
        {
            Environment.CurrentDirectory = current;
        }
    }

    private static string Row(Protocol.Range range, string code, string message, string severity) =>
        $"{range.Start.Line}:{range.Start.Character}-{range.End.Line}:{range.End.Character} {severity} {code}: {message}";

    private static List<string> Rows(JsonArray diagnostics) =>
        [.. diagnostics.Select(d => Row(
            new Protocol.Range(new Position(d!["range"]!["start"]!["line"]!.GetValue<int>(), d["range"]!["start"]!["character"]!.GetValue<int>()),
                new Position(d["range"]!["end"]!["line"]!.GetValue<int>(), d["range"]!["end"]!["character"]!.GetValue<int>())),
            d["code"]!.GetValue<string>(), d["message"]!.GetValue<string>(),
            d["severity"]!.GetValue<int>() switch { 1 => "error", 2 => "warning", _ => "info" }))];

    public static TheoryData<string> TemplateFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(LspClient.Repository, "examples", "templates"), "*.sla").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(LspClient.Repository, file));
        return data;
    }

    /// <summary>
    /// An order form uses a template declared in another file of its folder: the server checks it against the folder's
    /// templates, as <c>sla check</c> on the folder does (checked alone, the form's template would be unknown, SLA0200).
    /// </summary>
    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void An_order_form_is_checked_against_the_templates_of_its_folder(string relative)
    {
        var expected = SlaCheck(relative);
        using var client = LspClient.InProcess();
        client.Initialize(LspClient.Repository);
        var path = Path.Combine(LspClient.Repository, relative);
        var uri = LspClient.UriOf(path);
        client.Open(uri, File.ReadAllText(path));
        var published = Rows(client.Diagnostics(uri));
        Assert.DoesNotContain(published, r => r.Contains(" SLA0200: ", StringComparison.Ordinal));
        Assert.Equal(expected, published);
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Diagnostics_equal_sla_check(string relative)
    {
        using var client = LspClient.InProcess();
        client.Initialize(LspClient.Repository);
        var path = Path.Combine(LspClient.Repository, relative);
        var uri = LspClient.UriOf(path);
        client.Open(uri, File.ReadAllText(path));
        // SLA0128 (a contract name defined in two files of the folder) is the server's cross-file addition, what `sla test`
        // or `sla evaluate` on the folder reports: tests/cases/bad holds independent cases that share names, so it is left out here.
        var published = Rows(client.Diagnostics(uri)).Where(r => !r.Contains(" SLA0128: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(SlaCheck(relative), published);
    }

    [Fact]
    public void A_change_into_an_error_and_back_publishes_the_error_then_nothing()
    {
        using var client = LspClient.InProcess();
        client.Initialize(LspClient.Repository);
        var path = Path.Combine(LspClient.Examples, "saas-api.sla");
        var uri = LspClient.UriOf(path);
        var text = File.ReadAllText(path);
        client.Open(uri, text);
        Assert.Empty(client.Diagnostics(uri, 1));
        client.Change(uri, text.Replace("supports success", "supports sucess", StringComparison.Ordinal), 2);
        var broken = client.Diagnostics(uri, 2);
        Assert.Contains(broken, d => d!["code"]!.GetValue<string>() == "SLA0117" && d["message"]!.GetValue<string>().Contains("sucess", StringComparison.Ordinal));
        client.Change(uri, text, 3);
        Assert.Empty(client.Diagnostics(uri, 3));
    }

    [Fact]
    public void A_test_file_binds_against_the_contracts_beside_it_open_or_not()
    {
        using var client = LspClient.InProcess();
        client.Initialize(LspClient.Repository);
        var testPath = Path.Combine(LspClient.Examples, "saas-api.sla-test");
        var testUri = LspClient.UriOf(testPath);
        client.Open(testUri, File.ReadAllText(testPath));
        Assert.Empty(client.Diagnostics(testUri, 1));
        // Breaking the open contract (its own tests name the renamed sla) takes it out of the test file's context, as in
        // `sla test`: the test file is republished without being changed, its tests now for an unknown contract.
        var contractPath = Path.Combine(LspClient.Examples, "saas-api.sla");
        var contractUri = LspClient.UriOf(contractPath);
        var contract = File.ReadAllText(contractPath);
        client.Open(contractUri, contract.Replace("sla response ", "sla respond ", StringComparison.Ordinal).Replace("supports response", "supports respond", StringComparison.Ordinal));
        var after = client.Diagnostics(testUri, 1);
        Assert.NotEmpty(after);
        Assert.All(after, d => Assert.Equal(1, d!["severity"]!.GetValue<int>()));
        Assert.True(after.Any(d => d!["message"]!.GetValue<string>().Contains("unknown contract \"Acme Corp - Premium API\"", StringComparison.Ordinal)), string.Join("\n", after.Select(d => d!["message"])));
    }

    [Fact]
    public void A_contract_name_defined_in_two_files_of_a_folder_is_SLA0128_at_the_later_file()
    {
        var folder = Directory.CreateTempSubdirectory("lsp-dup-").FullName;
        try
        {
            var text = File.ReadAllText(Path.Combine(LspClient.Examples, "slack.sla"));
            File.WriteAllText(Path.Combine(folder, "a.sla"), text);
            var later = Path.Combine(folder, "b.sla");
            File.WriteAllText(later, text);
            using var client = LspClient.InProcess();
            client.Initialize(folder);
            var uri = LspClient.UriOf(later);
            client.Open(uri, text);
            var diagnostics = client.Diagnostics(uri);
            var duplicate = Assert.Single(diagnostics, d => d!["code"]!.GetValue<string>() == "SLA0128");
            Assert.Contains("a.sla", duplicate!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            var earlier = LspClient.UriOf(Path.Combine(folder, "a.sla"));
            client.Open(earlier, text);
            Assert.DoesNotContain(client.Diagnostics(earlier), d => d!["code"]!.GetValue<string>() == "SLA0128");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
