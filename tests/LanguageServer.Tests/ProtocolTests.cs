using System.Text;
using System.Text.Json.Nodes;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>Malformed protocol input gets a protocol error and the server goes on answering; never a crash.</summary>
public sealed class ProtocolTests
{
    private static readonly string Uri = LspClient.UriOf(Path.Combine(LspClient.Examples, "saas-api.sla"));

    private static LspClient Started()
    {
        var client = LspClient.InProcess();
        client.Initialize(LspClient.Repository);
        client.Open(Uri, File.ReadAllText(Path.Combine(LspClient.Examples, "saas-api.sla")));
        client.Diagnostics(Uri);
        return client;
    }

    /// <summary>After any bad message the server still answers a good request.</summary>
    private static void StillServes(LspClient client) =>
        Assert.NotNull(client.Result("textDocument/documentSymbol", LspClient.Document(Uri)));

    private static int ErrorCode(JsonObject response) => response["error"]!["code"]!.GetValue<int>();

    [Fact]
    public void Bad_json_gets_a_parse_error_with_a_null_id()
    {
        using var client = Started();
        client.SendBody("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": ");
        var response = client.WaitFor(m => m["error"] is not null);
        Assert.Equal(-32700, ErrorCode(response));
        Assert.Null(response["id"]);
        client.SendBody("[1, 2, 3]"); // JSON, but not a message object
        Assert.Equal(-32700, ErrorCode(client.WaitFor(m => m["error"] is not null)));
        StillServes(client);
    }

    [Fact]
    public void A_header_without_a_length_is_an_error_and_the_next_message_is_read()
    {
        using var client = Started();
        client.SendRaw(Encoding.ASCII.GetBytes("Content-Type: application/json\r\n\r\n"));
        Assert.Equal(-32700, ErrorCode(client.WaitFor(m => m["error"] is not null)));
        StillServes(client);
    }

    [Fact]
    public void An_unknown_method_gets_method_not_found_and_an_unknown_notification_is_ignored()
    {
        using var client = Started();
        client.Notify("$/unknownNotification", new JsonObject());
        var response = client.Request("textDocument/teleport", new JsonObject());
        Assert.Equal(-32601, ErrorCode(response));
        Assert.Contains("textDocument/teleport", response["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        StillServes(client);
    }

    [Theory]
    [InlineData(9999, 0)] // a line past the end
    [InlineData(-1, 0)] // a negative line
    [InlineData(3, -5)] // a negative character
    public void A_position_outside_the_document_is_invalid_params(int line, int character)
    {
        using var client = Started();
        foreach (var method in new[] { "textDocument/hover", "textDocument/completion", "textDocument/definition" })
        {
            var response = client.Request(method, LspClient.At(Uri, line, character));
            Assert.Equal(-32602, ErrorCode(response));
        }
        StillServes(client);
    }

    [Fact]
    public void Missing_or_wrong_params_are_invalid_params()
    {
        using var client = Started();
        Assert.Equal(-32602, ErrorCode(client.Request("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri } })));
        Assert.Equal(-32602, ErrorCode(client.Request("textDocument/hover", new JsonObject { ["textDocument"] = "not an object", ["position"] = 3 })));
        Assert.Equal(-32602, ErrorCode(client.Request("textDocument/hover", LspClient.At("file:///nowhere/not-open.sla", 0, 0))));
        StillServes(client);
    }

    [Fact]
    public void A_ten_megabyte_document_is_refused_with_a_protocol_error_and_the_server_goes_on()
    {
        using var client = Started();
        var big = LspClient.UriOf(Path.Combine(Path.GetTempPath(), "big.sla"));
        var line = "# " + new string('x', 98) + "\n";
        var text = new StringBuilder().Insert(0, line, 10 * 1024 * 1024 / line.Length).ToString();
        Assert.True(text.Length >= 10_000_000);
        client.Open(big, text);
        var message = client.WaitFor(m => m["method"]?.GetValue<string>() == "window/showMessage");
        Assert.Contains("above the limit", message["params"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(client.Diagnostics(big));
        var response = client.Request("textDocument/hover", LspClient.At(big, 0, 0));
        Assert.Equal(-32803, ErrorCode(response));
        StillServes(client);
    }

    [Fact]
    public void Requests_before_initialize_and_after_shutdown_are_refused_and_exit_ends_the_server()
    {
        using var client = LspClient.InProcess();
        Assert.Equal(-32002, ErrorCode(client.Request("textDocument/hover", LspClient.At(Uri, 0, 0))));
        client.Initialize(LspClient.Repository);
        Assert.Equal(-32600, ErrorCode(client.Request("initialize", new JsonObject())));
        Assert.Null(client.Result("shutdown", null));
        Assert.Equal(-32600, ErrorCode(client.Request("textDocument/hover", LspClient.At(Uri, 0, 0))));
        client.Notify("exit", null);
        Assert.Equal(0, client.ServerExitCode()); // exit after shutdown: 0 (LSP 3.17)
    }

    [Fact]
    public void The_end_of_input_without_shutdown_ends_the_server_with_1()
    {
        var client = LspClient.InProcess();
        client.Initialize(LspClient.Repository);
        client.CloseInput();
        Assert.Equal(1, client.ServerExitCode());
    }
}
