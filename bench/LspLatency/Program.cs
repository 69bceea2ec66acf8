using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using SlaKpiDsl.LspLatency;

// Latency of `sla lsp` as an editor sees it: a separate process spoken to over stdin/stdout (JSON-RPC with
// Content-Length framing), the clock started before a message is written and stopped when the reader thread has
// parsed the answer. Diagnostics: didChange (full text) -> publishDiagnostics of that version for the changed file,
// and the one after it for the .sla-test beside it (open too, as in an editor with both tabs). Completion, hover and
// the others: request -> response. Every answer is checked (an error text has an error diagnostic, the valid texts
// none, completion lists hold what the context asks for), so a server that answers quickly with nothing fails the run.
//
// Usage (from the repository root; bench/lsp-latency.sh builds and runs it):
//   dotnet bench/LspLatency/bin/Release/net10.0/SlaKpiDsl.LspLatency.dll
//       [--server "dotnet src/Cli/bin/Release/net10.0/sla.dll"] [--file examples/contracts/storage-and-compute.sla]
//       [--rounds 200] [--warmup 40]

var options = Options.Parse(args);
var repository = FindRepository();
var file = Path.GetFullPath(Path.Combine(repository, options.File));
var text = File.ReadAllText(file);
var testFile = Path.ChangeExtension(file, ".sla-test");

using var client = ProtocolClient.Start(options.Server, repository);
var results = new List<Row>();
var cpu = new CpuClock(client.ProcessId);

var initialize = Stopwatch.StartNew();
client.Request("initialize", new JsonObject { ["processId"] = Environment.ProcessId, ["rootUri"] = UriOf(repository), ["capabilities"] = new JsonObject() });
client.Notify("initialized", new JsonObject());
initialize.Stop();

var uri = UriOf(file);
var version = 1;
var firstOpen = client.Time(() => client.Open(uri, text, version), () => client.Diagnostics(uri, version));
results.Add(Row.Once("first diagnostics after start: didOpen of the contract (cold: JIT, first check)", firstOpen));
var testUri = File.Exists(testFile) ? UriOf(testFile) : null;
if (testUri is not null)
{
    var testOpen = client.Time(() => client.Open(testUri, File.ReadAllText(testFile), 1), () => client.Diagnostics(testUri, 1));
    results.Add(Row.Once("first diagnostics of the .sla-test beside it (didOpen)", testOpen));
}

// The texts the edits cycle through: into an error, back, into a syntax error, a valid edit; each differs from the last.
var edits = Edit.Of(text);
var completions = CompletionCase.Of(text);
var firstCompletion = Stopwatch.StartNew();
client.Request("textDocument/completion", completions[0].Parameters(uri));
firstCompletion.Stop();
results.Add(Row.Once($"first completion after start ({completions[0].Name})", firstCompletion.Elapsed.TotalMilliseconds));

// Warm-up: the same operations, not timed; then a pause so that tiered compilation finishes its background work.
for (var i = 0; i < options.Warmup; i++)
{
    Change(edits[i % edits.Count]);
    foreach (var c in completions) client.Request("textDocument/completion", c.Parameters(uri));
}
Change(Edit.Original(text));
Thread.Sleep(1000);

// Diagnostics after a change.
var own = new Dictionary<string, List<double>>();
var all = new List<double>();
var before = cpu.Seconds();
for (var i = 0; i < options.Rounds; i++)
{
    var edit = edits[i % edits.Count];
    var (ownMs, allMs) = Change(edit);
    (own.TryGetValue(edit.Group, out var list) ? list : own[edit.Group] = []).Add(ownMs);
    all.Add(allMs);
}
var diagnosticsCpu = (cpu.Seconds() - before) * 1000 / options.Rounds;
foreach (var (group, values) in own) results.Add(new Row($"diagnostics of the changed contract after didChange: {group}", values, null, 50));
results.Add(new Row($"diagnostics of both files after didChange (the contract's, then its .sla-test's){(testUri is null ? " (no .sla-test)" : "")}", all, diagnosticsCpu, 50));
Change(Edit.Original(text));

// Completion, then the other requests, each on the valid text.
foreach (var c in completions)
{
    var times = new List<double>();
    var count = 0;
    before = cpu.Seconds();
    for (var i = 0; i < options.Rounds; i++)
    {
        var (response, ms) = client.TimedRequest("textDocument/completion", c.Parameters(uri));
        count = c.Check(response);
        times.Add(ms);
    }
    results.Add(new Row($"completion: {c.Name}, {count} items", times, (cpu.Seconds() - before) * 1000 / options.Rounds, 20));
}
foreach (var (name, method, parameters) in OtherRequests.Of(uri, text))
{
    var times = new List<double>();
    before = cpu.Seconds();
    for (var i = 0; i < options.Rounds; i++)
    {
        var (response, ms) = client.TimedRequest(method, parameters);
        if (response["error"] is not null || response["result"] is null) Fail($"{method}: {response.ToJsonString()}");
        times.Add(ms);
    }
    results.Add(new Row(name, times, (cpu.Seconds() - before) * 1000 / options.Rounds, null));
}

client.Request("shutdown", null);
client.Notify("exit", null);
var exited = client.WaitForExit();

Console.WriteLine($"`sla lsp` through the protocol: {Path.GetRelativePath(repository, file)} ({text.Length:N0} characters, {text.Split('\n').Length} lines), "
    + $"{options.Rounds} timed rounds after {options.Warmup} warm-up rounds; server: {options.Server} lsp");
Console.WriteLine();
Console.WriteLine("| through the protocol (ms) | n | min | median | p95 | max | server CPU per op | target |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
foreach (var row in results) Console.WriteLine(row.Markdown());
Console.WriteLine();
Console.WriteLine($"initialize: {initialize.Elapsed.TotalMilliseconds:F0} ms; server exit code after shutdown/exit: {exited}");
Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}");
var missed = results.Where(r => r.Missed).Select(r => r.Name).ToList();
if (missed.Count > 0) Console.WriteLine($"target missed (p95): {string.Join("; ", missed)}");
return missed.Count > 0 ? 3 : 0;

(double Own, double All) Change(Edit edit)
{
    version++;
    var v = version;
    var start = Stopwatch.GetTimestamp();
    client.Change(uri, edit.Text, v);
    var (diagnostics, ownAt) = client.DiagnosticsAt(uri, v);
    var allAt = ownAt;
    if (testUri is not null) (_, allAt) = client.DiagnosticsAt(testUri, null);
    edit.Check(diagnostics);
    return (Stopwatch.GetElapsedTime(start, ownAt).TotalMilliseconds, Stopwatch.GetElapsedTime(start, allAt).TotalMilliseconds);
}

static string UriOf(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

static string FindRepository()
{
    var directory = new DirectoryInfo(Environment.CurrentDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
    return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository (SlaKpiDsl.sln not found above the current directory)");
}

static void Fail(string message)
{
    Console.Error.WriteLine("lsp-latency: " + message);
    Environment.Exit(1);
}

namespace SlaKpiDsl.LspLatency
{
    internal sealed record Options(string Server, string File, int Rounds, int Warmup)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options("dotnet src/Cli/bin/Release/net10.0/sla.dll", "examples/contracts/storage-and-compute.sla", 200, 40);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                o = args[i] switch
                {
                    "--server" => o with { Server = args[i + 1] },
                    "--file" => o with { File = args[i + 1] },
                    "--rounds" => o with { Rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--warmup" => o with { Warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"unknown option '{args[i]}' (--server, --file, --rounds, --warmup)"),
                };
            }
            if (args.Length % 2 != 0) throw new ArgumentException($"option '{args[^1]}' needs a value");
            return o;
        }
    }

    /// <summary>One line of the table: latencies in milliseconds, the server's CPU per operation, the target (p95).</summary>
    internal sealed record Row(string Name, IReadOnlyList<double> Values, double? CpuMs, double? Target)
    {
        public static Row Once(string name, double ms) => new(name, [ms], null, null);

        public bool Missed => Target is { } t && Percentile(0.95) > t;

        public string Markdown()
        {
            var n = Values.Count;
            var target = Target is { } t ? (Missed ? $"<= {t:F0} ms: **missed**" : $"<= {t:F0} ms: met") : "";
            var cpu = CpuMs is { } c ? $"{c:F2}" : "";
            return n == 1
                ? $"| {Name} | 1 | | {Values[0]:F1} | | | {cpu} | {target} |"
                : $"| {Name} | {n} | {Percentile(0):F2} | {Percentile(0.5):F2} | {Percentile(0.95):F2} | {Percentile(1):F2} | {cpu} | {target} |";
        }

        private double Percentile(double p)
        {
            var sorted = Values.Order().ToList();
            var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }

    /// <summary>A text the edits cycle through and what its diagnostics must show.</summary>
    internal sealed record Edit(string Text, string Group, bool HasError)
    {
        public static Edit Original(string text) => new(text, "back to the valid text", false);

        public void Check(JsonArray diagnostics)
        {
            var errors = diagnostics.Count(d => d!["severity"]?.GetValue<int>() == 1);
            if (HasError && errors == 0) Exit($"expected an error diagnostic for the edit '{Group}', got {diagnostics.ToJsonString()}");
            if (!HasError && errors > 0) Exit($"expected no error for the edit '{Group}', got {diagnostics.ToJsonString()}");
        }

        private static void Exit(string message)
        {
            Console.Error.WriteLine("lsp-latency: " + message);
            Environment.Exit(1);
        }

        /// <summary>Into a semantic error (a misspelt time zone), back, into a syntax error (a keyword typed half), a valid edit (a character typed in the provider's name).</summary>
        public static List<Edit> Of(string text)
        {
            // Clauses at the start of a line, so that a word in a comment is not taken for one.
            var zone = Regex.Match(text, "(?m)^[ \t]*time zone \"([^\"]+)\"");
            var provider = Regex.Match(text, "(?m)^[ \t]*provider \"([^\"]*)\"");
            var guarantee = Regex.Match(text, "(?m)^[ \t]*(guarantee) ");
            var keyword = guarantee.Success ? guarantee.Groups[1].Index : -1;
            if (!zone.Success || !provider.Success || keyword < 0)
                throw new ArgumentException("the contract needs a 'time zone', a 'provider' and a 'guarantee' clause for the edits");
            var original = Original(text);
            return
            [
                new(text.Insert(zone.Groups[1].Index + zone.Groups[1].Length, "x"), "into an error (a time zone misspelt)", true),
                original,
                new(text.Remove(keyword + "guarante".Length, 1), "into a syntax error ('guarantee' typed as 'guarante')", true),
                new(text.Insert(provider.Groups[1].Index + provider.Groups[1].Length, "x"), "a valid edit (a character typed in the provider's name)", false),
            ];
        }
    }

    /// <summary>A completion position in the contract and what the list must hold there.</summary>
    internal sealed record CompletionCase(string Name, int Line, int Character, string MustHold)
    {
        public JsonObject Parameters(string uri) => new()
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = Line, ["character"] = Character },
        };

        /// <summary>The number of items, after checking that they hold <see cref="MustHold"/>.</summary>
        public int Check(JsonObject response)
        {
            var items = response["result"]?["items"] as JsonArray;
            if (items is null || !items.Any(i => i!["label"]?.GetValue<string>() == MustHold))
            {
                Console.Error.WriteLine($"lsp-latency: completion '{Name}' does not offer '{MustHold}': {response.ToJsonString()[..Math.Min(500, response.ToJsonString().Length)]}");
                Environment.Exit(1);
            }
            return items.Count;
        }

        public static List<CompletionCase> Of(string text)
        {
            var cases = new List<CompletionCase>();
            var guarantee = Regex.Match(text, @"\n([ \t]*)guarantee ");
            if (guarantee.Success) cases.Add(At("clause keywords at the start of a line in an sla block", text, guarantee.Groups[1].Index + guarantee.Groups[1].Length, "guarantee"));
            var zone = Regex.Match(text, "(?m)^[ \t]*time zone \"");
            if (zone.Success) cases.Add(At("IANA time zones inside 'time zone \"' (the longest list)", text, zone.Index + zone.Length, "America/New_York"));
            var fee = Regex.Match(text, @"(?m)^[ \t]*fee [0-9][0-9.,]* ");
            if (fee.Success) cases.Add(At("ISO 4217 currencies after a fee's amount", text, fee.Index + fee.Length, "USD"));
            var rounding = Regex.Match(text, @"(?m)^[ \t]*rounding ");
            if (rounding.Success) cases.Add(At("rounding modes after 'rounding'", text, rounding.Index + rounding.Length, "half-even"));
            var supports = Regex.Match(text, @"(?m)^[ \t]*supports ([a-z0-9-]+)");
            if (supports.Success) cases.Add(At("SLA names after 'supports'", text, supports.Groups[1].Index, supports.Groups[1].Value));
            if (cases.Count == 0) throw new ArgumentException("no completion position found in the contract");
            return cases;
        }

        private static CompletionCase At(string name, string text, int offset, string mustHold)
        {
            var line = text[..offset].Count(c => c == '\n');
            var character = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);
            if (offset > 0 && text[offset - 1] == '\n') character = 0;
            return new CompletionCase(name, line, character, mustHold);
        }
    }

    internal static class OtherRequests
    {
        public static IEnumerable<(string Name, string Method, JsonObject Parameters)> Of(string uri, string text)
        {
            var lines = text.Split('\n');
            var guarantee = Array.FindIndex(lines, l => l.TrimStart().StartsWith("guarantee ", StringComparison.Ordinal));
            var supports = Array.FindIndex(lines, l => l.TrimStart().StartsWith("supports ", StringComparison.Ordinal));
            JsonObject At(int line, int character) => new()
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri },
                ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
            };
            JsonObject Document() => new() { ["textDocument"] = new JsonObject { ["uri"] = uri } };
            if (guarantee >= 0) yield return ("hover on a guarantee (its text and downtime budget)", "textDocument/hover", At(guarantee, lines[guarantee].IndexOf('g', StringComparison.Ordinal) + 2));
            if (supports >= 0) yield return ("definition of the SLA after 'supports'", "textDocument/definition", At(supports, lines[supports].IndexOf("supports ", StringComparison.Ordinal) + "supports ".Length + 1));
            yield return ("document symbols (outline)", "textDocument/documentSymbol", Document());
            yield return ("semantic tokens of the whole file", "textDocument/semanticTokens/full", Document());
            var formatting = Document();
            formatting["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true };
            yield return ("formatting of the whole file", "textDocument/formatting", formatting);
        }
    }

    /// <summary>The server process's CPU time (user + system) from /proc, in seconds (clock ticks of 10 ms).</summary>
    internal sealed class CpuClock(int pid)
    {
        public double Seconds()
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of proc(5) (utime, stime); fields[0] is field 3.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
    }
}
