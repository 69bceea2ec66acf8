using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>
/// A test client speaking the base protocol to a server: in-process over pipes (<see cref="InProcess"/>) or to an
/// <c>sla lsp</c> process (<see cref="StartProcess"/>). Messages are read on a background thread; requests wait for
/// their response, notifications are kept for the test to inspect.
/// </summary>
public sealed class LspClient : IDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly BlockingCollection<JsonObject> _incoming = new();
    private readonly List<JsonObject> _notifications = [];
    private readonly Thread _reader;
    private int _nextId = 1;

    public Process? Process { get; private init; }
    public Task<int>? ServerTask { get; private init; }

    private LspClient(Stream toServer, Stream fromServer)
    {
        _toServer = toServer;
        _fromServer = fromServer;
        _reader = new Thread(ReadLoop) { IsBackground = true };
        _reader.Start();
    }

    public static string Repository { get; } = FindRepository();

    public static string Examples => Path.Combine(Repository, "examples", "contracts");

    /// <summary>The published SLA texts, kept apart from the demo contracts (examples/published/README.md).</summary>
    public static string Published => Path.Combine(Repository, "examples", "published");

    public static LspClient InProcess(Instant? now = null)
    {
        var toServer = new AnonymousPipeServerStream(PipeDirection.Out);
        var serverIn = new AnonymousPipeClientStream(PipeDirection.In, toServer.ClientSafePipeHandle);
        var fromServer = new AnonymousPipeServerStream(PipeDirection.In);
        var serverOut = new AnonymousPipeClientStream(PipeDirection.Out, fromServer.ClientSafePipeHandle);
        var clock = now ?? Instant.FromUtc(2026, 11, 15, 12, 0);
        var task = Task.Run(() =>
        {
            using (serverIn)
            using (serverOut)
            {
                return new SlaLanguageServer(serverIn, serverOut, () => clock).Run();
            }
        });
        return new LspClient(toServer, fromServer) { ServerTask = task };
    }

    public static LspClient StartProcess()
    {
        var sla = Path.Combine(AppContext.BaseDirectory, "sla.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sla);
        start.ArgumentList.Add("lsp");
        start.ArgumentList.Add("--stdio");
        var process = System.Diagnostics.Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new LspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream) { Process = process };
    }

    public static string UriOf(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public JsonObject Initialize(string? root = null)
    {
        var response = Request("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = root is null ? null : UriOf(root), ["capabilities"] = new JsonObject() });
        Notify("initialized", new JsonObject());
        return response;
    }

    /// <summary>Sends a request and returns the whole response (with "result" or "error").</summary>
    public JsonObject Request(string method, JsonNode? parameters)
    {
        var id = _nextId++;
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return WaitFor(m => m["id"] is JsonValue v && v.TryGetValue<int>(out var got) && got == id && m["method"] is null);
    }

    public JsonNode? Result(string method, JsonNode? parameters)
    {
        var response = Request(method, parameters);
        Assert.True(response["error"] is null, $"{method} failed: {response["error"]?.ToJsonString()}");
        return response["result"];
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public void Open(string uri, string text, int version = 1) => Notify("textDocument/didOpen", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "sla", ["version"] = version, ["text"] = text },
    });

    public void Change(string uri, string text, int version) => Notify("textDocument/didChange", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
    });

    /// <summary>Waits for the diagnostics of a document at a version.</summary>
    public JsonArray Diagnostics(string uri, int? version = null) =>
        (JsonArray)WaitFor(m => m["method"]?.GetValue<string>() == "textDocument/publishDiagnostics" && m["params"]!["uri"]!.GetValue<string>() == uri
            && (version is null || m["params"]!["version"]?.GetValue<int>() == version))["params"]!["diagnostics"]!;

    public static JsonObject At(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    };

    public static JsonObject Document(string uri) => new() { ["textDocument"] = new JsonObject { ["uri"] = uri } };

    public void SendRaw(byte[] bytes)
    {
        _toServer.Write(bytes);
        _toServer.Flush();
    }

    public void SendBody(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        SendRaw([.. Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n"), .. bytes]);
    }

    /// <summary>The next message (response or notification) that matches; notifications seen on the way are kept.</summary>
    public JsonObject WaitFor(Func<JsonObject, bool> match, int timeoutMs = 60000)
    {
        lock (_notifications)
        {
            var kept = _notifications.FirstOrDefault(match);
            if (kept is not null)
            {
                _notifications.Remove(kept);
                return kept;
            }
        }
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_incoming.TryTake(out var message, left))
                throw new TimeoutException("no matching message from the server");
            if (match(message)) return message;
            lock (_notifications) _notifications.Add(message);
        }
    }

    private void Send(JsonObject message) => SendBody(message.ToJsonString());

    private void ReadLoop()
    {
        try
        {
            while (true)
            {
                var header = new StringBuilder();
                while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    var b = _fromServer.ReadByte();
                    if (b < 0) return;
                    header.Append((char)b);
                }
                var length = int.Parse(header.ToString().Split("Content-Length:")[1].Split("\r\n")[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                var body = new byte[length];
                var read = 0;
                while (read < length)
                {
                    var n = _fromServer.Read(body, read, length - read);
                    if (n == 0) return;
                    read += n;
                }
                _incoming.Add((JsonObject)JsonNode.Parse(body)!);
            }
        }
        catch (IOException)
        {
            // the server ended
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void CloseInput() => _toServer.Dispose();

    /// <summary>The in-process server's exit code once it has ended (null: still running after the timeout).</summary>
    public int? ServerExitCode(int timeoutMs = 10000) => ServerTask!.Wait(timeoutMs) ? ServerTask.Result : null;

    public void Dispose()
    {
        try { _toServer.Dispose(); } catch (IOException) { }
        if (Process is { } process)
        {
            if (!process.WaitForExit(5000)) process.Kill();
            process.Dispose();
        }
        ServerTask?.Wait(5000);
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
