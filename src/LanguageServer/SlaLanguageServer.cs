using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using SlaKpiDsl.LanguageServer.Features;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer;

/// <summary>
/// The LSP server behind <c>sla lsp</c>: reads one message at a time and answers it before reading the next, so
/// diagnostics for a change are published before any later request is answered. Malformed input never ends the
/// loop: bad JSON gets -32700, an unknown method -32601, bad params or a position outside the document -32602, a
/// request on a document above <see cref="Workspace.MaxDocumentLength"/> -32803; a bug in a handler is answered with
/// -32603 and logged, and the server goes on. Only <c>exit</c> (or the end of the input) stops it.
/// </summary>
public sealed class SlaLanguageServer
{
    private readonly MessageChannel _channel;
    private readonly Workspace _workspace = new();
    private readonly Func<Instant> _now;
    private bool _initialized;
    private bool _shutdown;

    public SlaLanguageServer(Stream input, Stream output, Func<Instant>? now = null)
    {
        _channel = new MessageChannel(input, output);
        _now = now ?? (() => SystemClock.Instance.GetCurrentInstant());
    }

    /// <summary>Serves until <c>exit</c> or the end of the input; the process exit code LSP asks for (0 after shutdown, else 1).</summary>
    public int Run()
    {
        while (_channel.Read() is { } message)
        {
            if (message.Json is not JsonObject json)
            {
                Respond(null, error: new ResponseError(ErrorCodes.ParseError, message.ParseError ?? "unreadable message"));
                continue;
            }
            var id = json["id"]?.DeepClone();
            var method = json["method"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : null;
            if (method is null)
            {
                // A response from the client (we send no requests) is ignored; anything else is not a valid request.
                if (id is not null && (json.ContainsKey("result") || json.ContainsKey("error"))) continue;
                Respond(id, error: new ResponseError(ErrorCodes.InvalidRequest, "a request needs a string 'method'"));
                continue;
            }
            if (method == "exit") return _shutdown ? 0 : 1;
            var isRequest = json.ContainsKey("id");
            try
            {
                var result = Handle(method, json["params"], isRequest);
                if (isRequest) Respond(id, result: result);
            }
            catch (ProtocolException exception)
            {
                if (isRequest) Respond(id, error: new ResponseError(exception.Code, exception.Message));
                else Log(1, $"{method}: {exception.Message}");
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A bug in sla: answered and logged, never a crashed server.
                var text = $"internal error in {method}: {exception.GetType().Name}: {exception.Message} -- this is a bug in sla, please report it";
                if (isRequest) Respond(id, error: new ResponseError(ErrorCodes.InternalError, text));
                Log(1, text + "\n" + exception);
            }
        }
        return _shutdown ? 0 : 1;
    }

    private JsonNode? Handle(string method, JsonNode? parameters, bool isRequest)
    {
        if (method == "initialize") return Initialize(parameters);
        if (!_initialized)
        {
            if (!isRequest) return null; // notifications before initialize are dropped (LSP 3.17)
            throw new ProtocolException(ErrorCodes.ServerNotInitialized, $"'{method}' before 'initialize'");
        }
        if (_shutdown && isRequest) throw new ProtocolException(ErrorCodes.InvalidRequest, $"'{method}' after 'shutdown'");
        switch (method)
        {
            case "initialized":
                return null;
            case "shutdown":
                _shutdown = true;
                return null;
            case "textDocument/didOpen":
            {
                var item = Required(parameters, "textDocument");
                var document = _workspace.Open(String(item, "uri"), Int(item, "version"), String(item, "text"));
                Publish(document, _workspace.Recheck(document));
                return null;
            }
            case "textDocument/didChange":
            {
                var identifier = Required(parameters, "textDocument");
                var uri = String(identifier, "uri");
                if (_workspace.Find(uri) is null) throw new ProtocolException(ErrorCodes.InvalidParams, $"didChange for '{uri}', which is not open");
                var changes = Required(parameters, "contentChanges") as JsonArray ?? throw Invalid("'contentChanges' is not an array");
                if (changes.Count == 0) return null;
                // Full sync (capability textDocumentSync = 1): the last change holds the whole text.
                var text = String(changes[^1], "text");
                if (changes[^1]?["range"] is not null) throw Invalid("incremental changes are not accepted: the server asked for full text (textDocumentSync 1)");
                var document = _workspace.Open(uri, Int(identifier, "version"), text);
                Publish(document, _workspace.Recheck(document));
                return null;
            }
            case "textDocument/didClose":
            {
                var uri = String(Required(parameters, "textDocument"), "uri");
                _workspace.Close(uri);
                Send("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []));
                return null;
            }
            case "textDocument/didSave":
            case "workspace/didChangeConfiguration":
            case "workspace/didChangeWatchedFiles":
                return null;
            case "textDocument/completion":
            {
                var (document, offset) = DocumentAt(parameters);
                return ToJson(Completion.Complete(_workspace, document, offset));
            }
            case "textDocument/hover":
            {
                var (document, offset) = DocumentAt(parameters);
                return ToJson(HoverText.At(_workspace, document, offset, _now()));
            }
            case "textDocument/definition":
            {
                var (document, offset) = DocumentAt(parameters);
                return ToJson(Navigation.Definition(_workspace, document, offset));
            }
            case "textDocument/references":
            {
                var (document, offset) = DocumentAt(parameters);
                var includeDeclaration = parameters?["context"]?["includeDeclaration"]?.GetValue<bool>() ?? true;
                return ToJson(Navigation.References(_workspace, document, offset, includeDeclaration));
            }
            case "textDocument/prepareRename":
            {
                var (document, offset) = DocumentAt(parameters);
                return ToJson(Navigation.PrepareRename(document, offset));
            }
            case "textDocument/rename":
            {
                var (document, offset) = DocumentAt(parameters);
                return ToJson(Navigation.Rename(_workspace, document, offset, String(parameters, "newName")));
            }
            case "textDocument/documentSymbol":
                return ToJson(Outline.Symbols(DocumentOf(parameters)));
            case "textDocument/foldingRange":
                return ToJson(Outline.Folding(DocumentOf(parameters)));
            case "textDocument/formatting":
                return ToJson(Formatting.Edits(DocumentOf(parameters)));
            case "textDocument/semanticTokens/full":
                return ToJson(Highlighting.Tokens(DocumentOf(parameters)));
            case "textDocument/codeAction":
            {
                var document = DocumentOf(parameters);
                var range = Required(parameters, "range");
                var start = document.Lines.OffsetOf(PositionOf(Required(range, "start")));
                var end = document.Lines.OffsetOf(PositionOf(Required(range, "end")));
                return ToJson(QuickFixes.For(document, Math.Min(start, end), Math.Max(start, end)));
            }
            default:
                if (!isRequest) return null; // unknown notifications ($/cancelRequest, $/setTrace, ...) are ignored, as LSP asks
                throw new ProtocolException(ErrorCodes.MethodNotFound, $"method '{method}' is not supported by sla lsp");
        }
    }

    private JsonNode Initialize(JsonNode? parameters)
    {
        if (_initialized) throw new ProtocolException(ErrorCodes.InvalidRequest, "'initialize' was already received");
        var root = parameters?["rootUri"] is JsonValue rootUri && rootUri.TryGetValue<string>(out var uri) ? uri
            : parameters?["workspaceFolders"] is JsonArray { Count: > 0 } folders ? folders[0]?["uri"]?.GetValue<string>() : null;
        if (root is not null && Uri.TryCreate(root, UriKind.Absolute, out var parsed) && parsed.IsFile) _workspace.Root = Path.GetFullPath(parsed.LocalPath);
        _initialized = true;
        var capabilities = new JsonObject
        {
            ["textDocumentSync"] = new JsonObject { ["openClose"] = true, ["change"] = 1 },
            ["completionProvider"] = new JsonObject { ["triggerCharacters"] = new JsonArray(" ", "\"") },
            ["hoverProvider"] = true,
            ["definitionProvider"] = true,
            ["referencesProvider"] = true,
            ["renameProvider"] = new JsonObject { ["prepareProvider"] = true },
            ["documentSymbolProvider"] = true,
            ["foldingRangeProvider"] = true,
            ["documentFormattingProvider"] = true,
            ["codeActionProvider"] = new JsonObject { ["codeActionKinds"] = new JsonArray("quickfix") },
            ["semanticTokensProvider"] = new JsonObject
            {
                ["legend"] = new JsonObject
                {
                    ["tokenTypes"] = new JsonArray([.. Highlighting.TokenTypes.Select(t => (JsonNode?)JsonValue.Create(t))]),
                    ["tokenModifiers"] = new JsonArray([.. Highlighting.TokenModifiers.Select(t => (JsonNode?)JsonValue.Create(t))]),
                },
                ["full"] = true,
            },
        };
        return new JsonObject
        {
            ["capabilities"] = capabilities,
            ["serverInfo"] = new JsonObject { ["name"] = "sla lsp", ["version"] = typeof(SlaLanguageServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" },
        };
    }

    private void Publish(OpenDocument document, IReadOnlyList<OpenDocument> others)
    {
        if (document.TooLarge)
        {
            Send("window/showMessage", new { type = 1, message = $"sla lsp: {document.DisplayPath} has {document.Text.Length:N0} characters, above the limit of {Workspace.MaxDocumentLength:N0}; it is not checked (run 'sla check' on it)" });
        }
        foreach (var d in others.Prepend(document))
        {
            Send("textDocument/publishDiagnostics", new PublishDiagnosticsParams(d.Uri, d.Version, [.. d.Diagnostics.Select(x => Conversions.ToLsp(d, x))]));
        }
    }

    private (OpenDocument Document, int Offset) DocumentAt(JsonNode? parameters)
    {
        var document = DocumentOf(parameters);
        return (document, document.Lines.OffsetOf(PositionOf(Required(parameters, "position"))));
    }

    private OpenDocument DocumentOf(JsonNode? parameters)
    {
        var uri = String(Required(parameters, "textDocument"), "uri");
        var document = _workspace.Find(uri) ?? throw new ProtocolException(ErrorCodes.InvalidParams, $"'{uri}' is not open");
        if (document.TooLarge)
            throw new ProtocolException(ErrorCodes.RequestFailed, $"'{uri}' has {document.Text.Length} characters, above the limit of {Workspace.MaxDocumentLength}; it is not checked");
        return document;
    }

    private static Position PositionOf(JsonNode position) => new(Int(position, "line"), Int(position, "character"));

    private static JsonNode Required(JsonNode? node, string name) =>
        (node as JsonObject)?[name] ?? throw Invalid($"missing '{name}'");

    private static string String(JsonNode? node, string name) =>
        Required(node, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Invalid($"'{name}' is not a string");

    private static int Int(JsonNode? node, string name) =>
        Required(node, name) is JsonValue v && v.TryGetValue<int>(out var i) ? i : throw Invalid($"'{name}' is not an integer");

    private static ProtocolException Invalid(string message) => new(ErrorCodes.InvalidParams, message);

    private static JsonNode? ToJson<T>(T value) => value is null ? null : JsonSerializer.SerializeToNode(value, MessageChannel.Json);

    private void Respond(JsonNode? id, JsonNode? result = null, ResponseError? error = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id };
        if (error is not null) message["error"] = ToJson(error);
        else message["result"] = result;
        _channel.Write(message);
    }

    private void Send<T>(string method, T parameters) =>
        _channel.Write(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = ToJson(parameters) });

    private void Log(int type, string message) => Send("window/logMessage", new { type, message });
}
