using System.Text.Json.Nodes;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>Completion, hover, navigation, outline, folding, formatting and semantic tokens through the protocol (in process, clock at 2026-11-15).</summary>
public sealed class FeatureTests : IDisposable
{
    private readonly LspClient _client = LspClient.InProcess();

    public FeatureTests() => _client.Initialize(LspClient.Repository);

    public void Dispose() => _client.Dispose();

    private (string Uri, string[] Lines) OpenExample(string name)
    {
        var path = Path.Combine(LspClient.Examples, name);
        var uri = LspClient.UriOf(path);
        var text = File.ReadAllText(path);
        _client.Open(uri, text);
        _client.Diagnostics(uri);
        return (uri, text.Split('\n'));
    }

    private static int LineOf(string[] lines, string contains) => Array.FindIndex(lines, l => l.Contains(contains, StringComparison.Ordinal));

    private List<string> Complete(string uri, int line, int character) =>
        [.. _client.Result("textDocument/completion", LspClient.At(uri, line, character))!["items"]!.AsArray().Select(i => i!["label"]!.GetValue<string>())];

    /// <summary>Opens a scratch document beside the examples whose last line is <paramref name="typed"/>, and completes at its end.</summary>
    private List<string> CompleteAfter(string contractFile, string anchor, string typed)
    {
        var path = Path.Combine(LspClient.Examples, contractFile);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(anchor, StringComparison.Ordinal);
        var lineEnd = text.IndexOf('\n', index);
        var edited = text[..(lineEnd + 1)] + typed + "\n" + text[(lineEnd + 1)..];
        var uri = LspClient.UriOf(path);
        // As in an editor: the file is opened as it is, then typed into (the model of the last text that bound stays).
        _client.Open(uri, text, 6);
        _client.Diagnostics(uri, 6);
        _client.Change(uri, edited, 7);
        _client.Diagnostics(uri, 7);
        var line = edited[..(lineEnd + 1)].Count(c => c == '\n');
        return Complete(uri, line, typed.Length);
    }

    [Fact]
    public void Completion_offers_zones_currencies_rounding_modes_and_declared_names_in_context()
    {
        var zones = CompleteAfter("saas-api.sla", "customer \"Acme Corp\"", "  time zone \"Amer");
        Assert.Contains("America/New_York", zones);
        Assert.Contains("Europe/Berlin", zones);
        Assert.True(zones.Count > 400);
        var currencies = CompleteAfter("saas-api.sla", "customer \"Acme Corp\"", "  fee 100.00 ");
        Assert.Contains("EUR", currencies);
        Assert.Contains("JPY", currencies);
        Assert.DoesNotContain("America/New_York", currencies);
        Assert.Equal(["half-away-from-zero", "half-even", "half-toward-zero", "toward-zero", "away-from-zero"], CompleteAfter("saas-api.sla", "customer \"Acme Corp\"", "  rounding "));
        Assert.Equal(["api"], CompleteAfter("saas-api.sla", "clause \"4.1\"", "    guarantee availability of "));
        Assert.Equal(["success", "response"], CompleteAfter("saas-api.sla", "target p50 latency", "    supports "));
        Assert.Equal(["us-federal-2026"], CompleteAfter("saas-api.sla", "credit 5% of fee per breached incident", "    response clock runs during business hours Mon-Fri 09:00-17:00 except holidays "));
        var contractWords = CompleteAfter("saas-api.sla", "customer \"Acme Corp\"", "  ");
        Assert.Contains("fee", contractWords);
        Assert.Contains("sla", contractWords);
        Assert.DoesNotContain("guarantee", contractWords);
    }

    [Fact]
    public void Completion_continues_a_clause_with_the_words_the_grammar_allows_there()
    {
        const string Sla = "credit 5% of fee per breached incident";
        Assert.Equal(["availability", "uptime", "success rate", "any guarantee is breached"], CompleteAfter("saas-api.sla", Sla, "    credit 5% of fee when "));
        Assert.Equal(["below", "under", "at least", "at most", "above", "over"], CompleteAfter("saas-api.sla", Sla, "    credit 5% of fee when success rate "));
        Assert.Equal(["below", "under", "at least", "at most", "above", "over"], CompleteAfter("saas-api.sla", Sla, "    credit 5% of fee when uptime at most 99.9% and "));
        Assert.Contains("the month ends", CompleteAfter("saas-api.sla", Sla, "    claim within 30 days after "));
        Assert.Equal(["within", "by the end of the"], CompleteAfter("saas-api.sla", Sla, "    claim "));
        Assert.Equal(["started", "detected", "acknowledged", "responded", "resolved"], CompleteAfter("saas-api.sla", Sla, "    resolution clock runs from detected to "));
        Assert.Equal(["is", "counts"], CompleteAfter("saas-api.sla", Sla, "    downtime "));
        Assert.Equal(["below", "unless above", "unless at least"], CompleteAfter("saas-api.sla", Sla, "    no credit "));
        // 'only' starts a clause ('only runs of at least'), but inside 'downtime counts only when' it is not that clause.
        Assert.Equal(["runs of at least"], CompleteAfter("saas-api.sla", Sla, "    only "));
        Assert.DoesNotContain("runs of at least", CompleteAfter("saas-api.sla", Sla, "    downtime counts only "));
    }

    [Fact]
    public void Completion_in_a_test_file_offers_the_slas_and_kpis_of_the_contract_beside_it()
    {
        var path = Path.Combine(LspClient.Examples, "saas-api.sla-test");
        var uri = LspClient.UriOf(path);
        var text = File.ReadAllText(path);
        var at = text.IndexOf("  expect breaches of response", StringComparison.Ordinal);
        var edited = text[..at] + "  expect verdict of \n" + text[at..];
        _client.Open(uri, edited);
        _client.Diagnostics(uri);
        var line = edited[..at].Count(c => c == '\n');
        var labels = Complete(uri, line, "  expect verdict of ".Length);
        Assert.Equal(["success", "response", "latency-p50", "latency-p95", "latency-p99", "ack", "mtta", "volume", "postmortems"], labels);
    }

    [Fact]
    public void Hover_on_a_guarantee_gives_its_downtime_budget_for_the_window()
    {
        var (uri, lines) = OpenExample("ecommerce-checkout.sla");
        var line = LineOf(lines, "guarantee availability of checkout at least 99.9% per calendar month");
        var hover = _client.Result("textDocument/hover", LspClient.At(uri, line, 8))!["contents"]!["value"]!.GetValue<string>();
        // November 2026 in New York has 30 days and one hour (DST ends on the 1st): 43,260 minutes, 0.1% of it 43.26.
        Assert.Contains("99.9% of November 2026 in America/New_York (721 hours = 43,260 minutes) allows **43.26 minutes**", hover, StringComparison.Ordinal);
        Assert.Contains("Rule 3", hover, StringComparison.Ordinal); // the meaning, quoted from docs/language.md
    }

    [Fact]
    public void Hover_on_a_credit_tier_gives_its_bounds_and_a_gap_next_to_it()
    {
        var (uri, lines) = OpenExample("github-enterprise.sla");
        var hover = _client.Result("textDocument/hover", LspClient.At(uri, LineOf(lines, "credit 25% of fee when uptime below 99.0%"), 6))!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("pays when availability in [0%, 99.0%)", hover, StringComparison.Ordinal);
        Assert.Contains("**Gap**: no tier covers availability = 99.0%", hover, StringComparison.Ordinal);
        var (checkout, checkoutLines) = OpenExample("ecommerce-checkout.sla");
        var clean = _client.Result("textDocument/hover", LspClient.At(checkout, LineOf(checkoutLines, "credit 25% of fee"), 6))!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("pays when availability in [0%, 99.0%) (the bounds as written;", clean, StringComparison.Ordinal);
        Assert.Contains("**No gap**", clean, StringComparison.Ordinal);
    }

    [Fact]
    public void Hover_on_a_name_says_what_it_declares()
    {
        var (uri, lines) = OpenExample("saas-api.sla");
        var line = LineOf(lines, "supports response");
        var hover = _client.Result("textDocument/hover", LspClient.At(uri, line, lines[line].IndexOf("response", StringComparison.Ordinal) + 1))!["contents"]!["value"]!.GetValue<string>();
        Assert.StartsWith("**sla `response`**: Incident response", hover, StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_from_a_test_file_goes_to_the_contract_beside_it_and_references_span_both_files()
    {
        var testPath = Path.Combine(LspClient.Examples, "saas-api.sla-test");
        var testUri = LspClient.UriOf(testPath);
        var testText = File.ReadAllText(testPath);
        _client.Open(testUri, testText);
        _client.Diagnostics(testUri);
        var testLines = testText.Split('\n');
        var line = LineOf(testLines, "expect breaches of response");
        var character = testLines[line].IndexOf("response", StringComparison.Ordinal) + 2;
        var definition = Assert.Single(_client.Result("textDocument/definition", LspClient.At(testUri, line, character))!.AsArray());
        var contractPath = Path.Combine(LspClient.Examples, "saas-api.sla");
        var contractLines = File.ReadAllText(contractPath).Split('\n');
        Assert.Equal(LspClient.UriOf(contractPath), definition!["uri"]!.GetValue<string>());
        Assert.Equal(LineOf(contractLines, "sla response \"Incident response\""), definition["range"]!["start"]!["line"]!.GetValue<int>());

        var references = _client.Result("textDocument/references", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = testUri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
            ["context"] = new JsonObject { ["includeDeclaration"] = true },
        })!.AsArray();
        var uris = references.Select(r => r!["uri"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal([LspClient.UriOf(contractPath), testUri], uris);
        // sla declaration + supports (2 kpis) + the contract's own test + every expect of response in the test file.
        var expected = 1 + contractLines.Count(l => l.Trim() == "supports response") + contractLines.Count(l => l.Contains("of response ", StringComparison.Ordinal))
            + testLines.Count(l => l.Contains("of response ", StringComparison.Ordinal));
        Assert.Equal(expected, references.Count);
    }

    [Fact]
    public void References_in_a_closed_file_follow_its_changes_on_disk()
    {
        // Closed files beside the document are indexed once and again when they change (time stamp or length).
        var folder = Directory.CreateTempSubdirectory("lsp-refs-").FullName;
        try
        {
            var contractPath = Path.Combine(folder, "saas-api.sla");
            var testPath = Path.Combine(folder, "saas-api.sla-test");
            var contract = File.ReadAllText(Path.Combine(LspClient.Examples, "saas-api.sla"));
            var tests = File.ReadAllText(Path.Combine(LspClient.Examples, "saas-api.sla-test"));
            File.WriteAllText(contractPath, contract);
            File.WriteAllText(testPath, tests);
            var uri = LspClient.UriOf(contractPath);
            _client.Open(uri, contract);
            _client.Diagnostics(uri);
            var lines = contract.Split('\n');
            var line = LineOf(lines, "sla response \"Incident response\"");
            var at = LspClient.At(uri, line, lines[line].IndexOf("response", StringComparison.Ordinal) + 1);
            at["context"] = new JsonObject { ["includeDeclaration"] = true };
            List<string> Files() => [.. _client.Result("textDocument/references", at.DeepClone())!.AsArray().Select(r => Path.GetFileName(new Uri(r!["uri"]!.GetValue<string>()).LocalPath))];

            var before = Files();
            Assert.Contains("saas-api.sla-test", before);
            File.WriteAllText(testPath, "# the tests were moved\n");
            var emptied = Files();
            Assert.DoesNotContain("saas-api.sla-test", emptied);
            Assert.Equal(before.Count(f => f == "saas-api.sla"), emptied.Count);
            File.WriteAllText(testPath, tests);
            Assert.Equal(before, Files());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Rename_changes_every_occurrence_and_the_result_checks_clean()
    {
        var (uri, lines) = OpenExample("ecommerce-checkout.sla");
        var text = string.Join('\n', lines);
        var line = LineOf(lines, "service checkout");
        var edit = _client.Result("textDocument/rename", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = lines[line].IndexOf("checkout", StringComparison.Ordinal) + 1 },
            ["newName"] = "storefront",
        })!;
        var renamed = TextEdits.Apply(text, edit["changes"]![uri]!.AsArray());
        Assert.DoesNotContain(" checkout ", renamed.Replace("\"", " ", StringComparison.Ordinal).Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Where(l => !l.Contains('"')), StringComparer.Ordinal);
        _client.Change(uri, renamed, 2);
        Assert.Empty(_client.Diagnostics(uri, 2));
        var bad = _client.Request("textDocument/rename", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = lines[line].IndexOf("checkout", StringComparison.Ordinal) + 1 },
            ["newName"] = "9 lives",
        });
        Assert.Equal(-32602, bad["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void The_outline_lists_contract_services_calendars_slas_kpis_and_tests()
    {
        var (uri, _) = OpenExample("saas-api.sla");
        var symbols = _client.Result("textDocument/documentSymbol", LspClient.Document(uri))!.AsArray();
        Assert.Equal(["Acme Corp - Premium API", "a late response on a weekday", "request success below the guarantee"], symbols.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(["api", "us-federal-2026", "success", "response", "latency-p50", "latency-p95", "latency-p99", "ack", "mtta", "volume", "postmortems"],
            symbols[0]!["children"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Folding_covers_every_block_and_comment_run()
    {
        var (uri, lines) = OpenExample("saas-api.sla");
        var ranges = _client.Result("textDocument/foldingRange", LspClient.Document(uri))!.AsArray()
            .Select(r => (r!["startLine"]!.GetValue<int>(), r["endLine"]!.GetValue<int>())).ToList();
        Assert.Contains((0, 1), ranges); // the two comment lines at the top
        Assert.Contains((LineOf(lines, "contract \"Acme"), LineOf(lines, "# Invented contract") + 2), ranges);
        Assert.Contains((LineOf(lines, "holidays us-federal-2026"), LineOf(lines, "Christmas Day") + 1), ranges);
    }

    [Fact]
    public void Formatting_a_file_with_syntax_errors_is_refused_with_the_first_error()
    {
        var (uri, lines) = OpenExample("slack.sla");
        _client.Change(uri, string.Join('\n', lines).Replace("effective ", "effective on ", StringComparison.Ordinal), 2);
        _client.Diagnostics(uri, 2);
        var response = _client.Request("textDocument/formatting", LspClient.Document(uri));
        Assert.Equal(-32803, response["error"]!["code"]!.GetValue<int>());
        Assert.Contains("syntax errors", response["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Semantic_tokens_mark_keywords_strings_numbers_comments_and_declared_names()
    {
        var (uri, lines) = OpenExample("saas-api.sla");
        var data = _client.Result("textDocument/semanticTokens/full", LspClient.Document(uri))!["data"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal(0, data.Length % 5);
        var tokens = new List<(int Line, int Start, int Length, int Type, int Modifiers)>();
        var (line, start) = (0, 0);
        for (var i = 0; i < data.Length; i += 5)
        {
            line += data[i];
            start = data[i] == 0 ? start + data[i + 1] : data[i + 1];
            tokens.Add((line, start, data[i + 2], data[i + 3], data[i + 4]));
        }
        string TextOf((int Line, int Start, int Length, int, int) t) => lines[t.Line].Substring(t.Start, t.Length);
        int TypeOf(string word, int onLine) => tokens.Single(t => t.Line == onLine && TextOf(t) == word).Type;
        var types = SlaKpiDsl.LanguageServer.Features.Highlighting.TokenTypes;
        var serviceLine = LineOf(lines, "service api");
        Assert.Equal("keyword", types[TypeOf("service", serviceLine)]);
        Assert.Equal("variable", types[TypeOf("api", serviceLine)]);
        Assert.Equal(1, tokens.Single(t => t.Line == serviceLine && TextOf(t) == "api").Modifiers); // a declaration
        Assert.Equal("string", types[TypeOf("\"Public API\"", serviceLine)]);
        var feeLine = LineOf(lines, "fee 8000.00 USD");
        Assert.Equal("number", types[TypeOf("8000.00", feeLine)]);
        Assert.Equal("comment", types[tokens.First(t => t.Line == 0).Type]);
        var supportsLine = LineOf(lines, "supports response");
        Assert.Equal("class", types[TypeOf("response", supportsLine)]);
    }
}
