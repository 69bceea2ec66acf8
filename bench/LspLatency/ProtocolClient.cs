using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SlaKpiDsl.LspLatency;

/// <summary>
/// The editor's side of the base protocol to a server process: Content-Length framed JSON-RPC on its stdin/stdout. A
/// reader thread parses each message and stamps it (<see cref="Stopwatch.GetTimestamp"/>) on arrival, so a latency is
/// write-to-parsed, not including the time the measuring thread takes to look at it.
/// </summary>
internal sealed class ProtocolClient : IDisposable
{
    private readonly Process _process;
    private readonly Stream _toServer;
    private readonly BlockingCollection<(JsonObject Message, long At)> _incoming = new();
    private readonly List<(JsonObject Message, long At)> _kept = [];
    private int _nextId = 1;

    private ProtocolClient(Process process)
    {
        _process = process;
        _toServer = process.StandardInput.BaseStream;
        var fromServer = process.StandardOutput.BaseStream;
        new Thread(() => ReadLoop(fromServer)) { IsBackground = true, Priority = ThreadPriority.AboveNormal }.Start();
    }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="command"/> (words split on spaces) followed by <c>lsp --stdio</c>.</summary>
    public static ProtocolClient Start(string command, string workingDirectory)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var word in words.Skip(1)) start.ArgumentList.Add(word);
        start.ArgumentList.Add("lsp");
        start.ArgumentList.Add("--stdio");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start '{command}'");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server stderr: " + e.Data); };
        process.BeginErrorReadLine();
        return new ProtocolClient(process);
    }

    public JsonObject Request(string method, JsonNode? parameters) => TimedRequest(method, parameters).Response;

    /// <summary>Sends a request; its response and the milliseconds from the write to its arrival.</summary>
    public (JsonObject Response, double Ms) TimedRequest(string method, JsonNode? parameters)
    {
        var id = _nextId++;
        var start = Stopwatch.GetTimestamp();
        Write(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters?.DeepClone() });
        var (response, at) = WaitFor(m => m["method"] is null && m["id"] is JsonValue v && v.TryGetValue<int>(out var got) && got == id);
        return (response, Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);
    }

    public void Notify(string method, JsonNode? parameters) =>
        Write(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public void Open(string uri, string text, int version) => Notify("textDocument/didOpen", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = uri.EndsWith(".sla-test", StringComparison.Ordinal) ? "sla-test" : "sla", ["version"] = version, ["text"] = text },
    });

    public void Change(string uri, string text, int version) => Notify("textDocument/didChange", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
    });

    /// <summary>The next publishDiagnostics of a document (at a version, if given) and when it arrived.</summary>
    public (JsonArray Diagnostics, long At) DiagnosticsAt(string uri, int? version)
    {
        var (message, at) = WaitFor(m => m["method"]?.GetValue<string>() == "textDocument/publishDiagnostics"
            && m["params"]!["uri"]!.GetValue<string>() == uri
            && (version is null || m["params"]!["version"]?.GetValue<int>() == version));
        return ((JsonArray)message["params"]!["diagnostics"]!, at);
    }

    public JsonArray Diagnostics(string uri, int version) => DiagnosticsAt(uri, version).Diagnostics;

    /// <summary>Milliseconds from before <paramref name="send"/> until <paramref name="wait"/> returns.</summary>
    public double Time(Action send, Action wait)
    {
        var watch = Stopwatch.StartNew();
        send();
        wait();
        return watch.Elapsed.TotalMilliseconds;
    }

    public int? WaitForExit()
    {
        _toServer.Dispose();
        return _process.WaitForExit(20000) ? _process.ExitCode : null;
    }

    public void Dispose()
    {
        try { _toServer.Dispose(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill();
        _process.Dispose();
    }

    private (JsonObject Message, long At) WaitFor(Func<JsonObject, bool> match)
    {
        var index = _kept.FindIndex(k => match(k.Message));
        if (index >= 0)
        {
            var kept = _kept[index];
            _kept.RemoveAt(index);
            return kept;
        }
        while (true)
        {
            if (!_incoming.TryTake(out var next, TimeSpan.FromSeconds(60)))
                throw new TimeoutException("no answer from the server within 60 s");
            if (match(next.Message)) return next;
            if (next.Message["method"]?.GetValue<string>() is "window/logMessage" or "window/showMessage")
                Console.Error.WriteLine("server: " + next.Message["params"]?["message"]);
            _kept.Add(next);
        }
    }

    private void Write(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        _toServer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        _toServer.Write(body);
        _toServer.Flush();
    }

    private void ReadLoop(Stream fromServer)
    {
        var header = new StringBuilder();
        try
        {
            while (true)
            {
                header.Clear();
                while (!EndsWithBlankLine(header))
                {
                    var b = fromServer.ReadByte();
                    if (b < 0) return;
                    header.Append((char)b);
                }
                var lengthLine = header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var body = new byte[int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)];
                fromServer.ReadExactly(body);
                var at = Stopwatch.GetTimestamp(); // the whole message has arrived; parsing it is the client's work
                _incoming.Add(((JsonObject)JsonNode.Parse(body)!, at));
            }
        }
        catch (IOException)
        {
            // the server ended (EndOfStreamException included)
        }
    }

    private static bool EndsWithBlankLine(StringBuilder header) =>
        header.Length >= 4 && header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n';
}
