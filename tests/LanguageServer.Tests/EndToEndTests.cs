using System.Text.Json.Nodes;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>
/// `sla lsp` as a process, spoken to over its standard input and output: initialize, open an example, change it into an
/// error and back, completion, hover, definition, formatting, a code action whose edit makes the file check clean,
/// rename, shutdown and exit.
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public void Sla_lsp_speaks_json_rpc_over_stdio()
    {
        using var client = LspClient.StartProcess();
        var init = client.Initialize(LspClient.Repository);
        Assert.Equal("sla lsp", init["result"]!["serverInfo"]!["name"]!.GetValue<string>());
        Assert.Equal(1, init["result"]!["capabilities"]!["textDocumentSync"]!["change"]!.GetValue<int>());

        var path = Path.Combine(LspClient.Examples, "ecommerce-checkout.sla");
        var uri = LspClient.UriOf(path);
        var text = File.ReadAllText(path);
        client.Open(uri, text);
        Assert.Empty(client.Diagnostics(uri, 1));

        // Into an error and back.
        var broken = text.Replace("time zone \"America/New_York\"", "time zone \"America/Nowhere\"", StringComparison.Ordinal);
        client.Change(uri, broken, 2);
        var errors = client.Diagnostics(uri, 2);
        var expected = ContractChecker.Check(new SourceText(Path.GetRelativePath(LspClient.Repository, path), broken)).Diagnostics;
        Assert.Equal(expected.Select(d => d.Code), errors.Select(d => d!["code"]!.GetValue<string>()));
        Assert.Equal(expected.Select(d => d.Message), errors.Select(d => d!["message"]!.GetValue<string>()));
        client.Change(uri, text, 3);
        Assert.Empty(client.Diagnostics(uri, 3));

        // Completion: the clause keywords of an sla block at the start of a line inside it.
        var lines = text.Split('\n');
        var guaranteeLine = Array.FindIndex(lines, l => l.Contains("guarantee availability of checkout", StringComparison.Ordinal));
        var completion = client.Result("textDocument/completion", LspClient.At(uri, guaranteeLine, 4))!;
        var labels = completion["items"]!.AsArray().Select(i => i!["label"]!.GetValue<string>()).ToList();
        Assert.Contains("guarantee", labels);
        Assert.Contains("credits", labels);
        Assert.DoesNotContain("provider", labels);

        // Hover on the guarantee: its grammar and the downtime budget of the current month.
        var hover = client.Result("textDocument/hover", LspClient.At(uri, guaranteeLine, 10))!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("\"guarantee\" objective", hover, StringComparison.Ordinal);
        Assert.Contains("Downtime budget", hover, StringComparison.Ordinal);

        // Definition: 'supports availability' goes to 'sla availability'.
        var supportsLine = Array.FindIndex(lines, l => l.Trim() == "supports availability");
        var character = lines[supportsLine].IndexOf("availability", StringComparison.Ordinal) + 2;
        var definition = Assert.Single(client.Result("textDocument/definition", LspClient.At(uri, supportsLine, character))!.AsArray());
        var slaLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith("sla availability", StringComparison.Ordinal));
        Assert.Equal(uri, definition!["uri"]!.GetValue<string>());
        Assert.Equal(slaLine, definition["range"]!["start"]!["line"]!.GetValue<int>());

        // Formatting: a badly indented version comes back as the formatter's text.
        var messy = text.Replace("  provider ", "        provider ", StringComparison.Ordinal);
        client.Change(uri, messy, 4);
        client.Diagnostics(uri, 4);
        var edit = Assert.Single(client.Result("textDocument/formatting", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true },
        })!.AsArray());
        Assert.Equal(ContractFormatting.Format(new SourceText(path, messy)).Formatted, edit!["newText"]!.GetValue<string>());

        // A code action: the contract without its time zone gets SLA1006; the fix states one and the file checks clean.
        var zoneless = string.Join('\n', lines.Where(l => !l.Contains("time zone", StringComparison.Ordinal)));
        client.Change(uri, zoneless, 5);
        var warning = Assert.Single(client.Diagnostics(uri, 5));
        Assert.Equal("SLA1006", warning!["code"]!.GetValue<string>());
        var actions = client.Result("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = warning["range"]!.DeepClone(),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(warning.DeepClone()) },
        })!.AsArray();
        var action = Assert.Single(actions);
        var fixedText = TextEdits.Apply(zoneless, action!["edit"]!["changes"]![uri]!.AsArray());
        client.Change(uri, fixedText, 6);
        Assert.Empty(client.Diagnostics(uri, 6));

        // Rename the SLA from its use in 'supports': both its occurrences in the contract and those in the .sla-test
        // beside it (closed, read from disk) are edited; the renamed contract checks clean.
        var fixedLines = fixedText.Split('\n');
        var supportsAt = Array.FindIndex(fixedLines, l => l.Trim() == "supports availability");
        var rename = client.Result("textDocument/rename", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = supportsAt, ["character"] = fixedLines[supportsAt].IndexOf("availability", StringComparison.Ordinal) + 1 },
            ["newName"] = "checkout-uptime",
        })!["changes"]!.AsObject();
        var testUri = LspClient.UriOf(Path.ChangeExtension(path, ".sla-test"));
        Assert.Equal([uri, testUri], rename.Select(c => c.Key).Order(StringComparer.Ordinal));
        var renamed = TextEdits.Apply(fixedText, rename[uri]!.AsArray());
        Assert.Contains("sla checkout-uptime \"Checkout availability\"", renamed, StringComparison.Ordinal);
        Assert.Contains("expect availability of checkout-uptime =", renamed, StringComparison.Ordinal);
        foreach (var stale in new[] { "sla availability ", "supports availability", "of availability " })
            Assert.DoesNotContain(stale, renamed, StringComparison.Ordinal);
        client.Change(uri, renamed, 7);
        Assert.Empty(client.Diagnostics(uri, 7));

        Assert.Null(client.Result("shutdown", null));
        client.Notify("exit", null);
        Assert.True(client.Process!.WaitForExit(20000));
        Assert.Equal(0, client.Process.ExitCode);
    }
}
