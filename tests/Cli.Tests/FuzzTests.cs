using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// Seeded fuzzing through the real command line, in-process: contract mutants (token and byte mutations of every example
/// contract and tests/cases/good) go through check, compile, evaluate, statement and fmt (which must be idempotent); data
/// mutants (row and byte mutations of a trimmed copy of examples/data) go through load and evaluate. Any exit code but
/// 0 or 1, or an exception, fails the test with the seed, the case and the whole mutant. Data mutations that must be
/// refused (a duplicated row, bytes that are not UTF-8 or a line break inside an id, an overlapping slice) and are
/// accepted without an error are silent acceptances, and fail it too.
/// Counts: SLA_FUZZ_CONTRACTS (default 150), SLA_FUZZ_DATA (default 100), SLA_FUZZ_SEED (default 20261207);
/// SLA_FUZZ_REPORT=FILE appends the figures (docs/reliability.md has a long run and its command).
/// </summary>
public sealed partial class FuzzTests(ITestOutputHelper output)
{
    private static readonly string Root = FindRoot();
    private static readonly DateTimeOffset AsOf = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var n) ? n : fallback;

    private static readonly int Seed = Setting("SLA_FUZZ_SEED", 20261207);

    /// <summary>The case's own seed, the same in every process (HashCode.Combine is randomised per process, so not that).</summary>
    private static int CaseSeed(int seed, int index, int stream) => unchecked((seed * 1_000_003) ^ (index * 7_919) ^ (stream * 104_729));

    /// <summary>Every contract the fuzzer starts from: the examples, the published texts and the good cases.</summary>
    private static IReadOnlyList<(string Name, string Text)> Corpus() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(Root, "examples", "contracts"), "*.sla", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "examples", "published"), "*.sla").Order(StringComparer.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "tests", "cases", "good"), "*.sla").Order(StringComparer.Ordinal))
            .Select(p => (Path.GetFileName(p), File.ReadAllText(p))),
    ];

    // Quoted text, numbers with their unit signs, words, runs of blanks, then any other single character.
    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"|[0-9][0-9.:-]*%?|[A-Za-z_][A-Za-z0-9_+-]*|[ \\t]+|\\n|.", RegexOptions.Singleline)]
    private static partial Regex Tokens();

    private static readonly string[] HugeNumbers = ["0", "1000000", "99999999999", "9999999999999999999999999999", "79228162514264337593543950336", "0.0000000000000000000000000001", "2147483648", "-1", "1e9", "00000000000000000000000000000000001"];

    private static readonly string[] OddTexts = ["\"\"", "\" \"", "\"" + new string('x', 5000) + "\"", "\"a\\nb\"", "\"\u0001\u001b[31m\"", "\"\u2028\"", "\"\\ud800\"", "\"\uFFFF\"", "\"\\\"\"", "\"#\""];

    private static readonly string[] OddChars = ["\0", "\u0001", "\r", "\u2028", "\u0085", "\uFEFF", "\uD800", "{", "}", "\"", "#", "%", "\t", "\\", "\u00A0", InvalidUtf8.ToString()];

    /// <summary>Stands for a byte that is not UTF-8 (0xFF) in a mutant: <see cref="Bytes"/> writes it so.</summary>
    private const char InvalidUtf8 = '\uE000';

    /// <summary>The mutant as file bytes: UTF-8, a lone surrogate as U+FFFD (what any writer must do), the marker as 0xFF.</summary>
    private static byte[] Bytes(string mutant)
    {
        var bytes = new List<byte>(mutant.Length + 16);
        foreach (var part in mutant.Split(InvalidUtf8))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(part));
            bytes.Add(0xFF);
        }
        bytes.RemoveAt(bytes.Count - 1);
        return [.. bytes];
    }

    /// <summary>One mutation of <paramref name="text"/>: its kind and the mutant.</summary>
    private static (string Kind, string Text) MutateContract(string text, Random random, IReadOnlyList<string> words)
    {
        var tokens = Tokens().Matches(text).Select(m => m.Value).ToList();
        int Pick(Func<string, bool> where)
        {
            var candidates = Enumerable.Range(0, tokens.Count).Where(i => where(tokens[i])).ToList();
            return candidates.Count == 0 ? -1 : candidates[random.Next(candidates.Count)];
        }
        bool Solid(string t) => !string.IsNullOrWhiteSpace(t);
        var kind = random.Next(13);
        switch (kind)
        {
            case 0: { var i = Pick(Solid); if (i >= 0) tokens.RemoveAt(i); return ("delete token", string.Concat(tokens)); }
            case 1: { var i = Pick(Solid); if (i >= 0) tokens.Insert(i, tokens[i] + " "); return ("duplicate token", string.Concat(tokens)); }
            case 2:
            {
                var i = Pick(Solid);
                var j = i < 0 ? -1 : Enumerable.Range(i + 1, Math.Max(0, tokens.Count - i - 1)).FirstOrDefault(k => Solid(tokens[k]), -1);
                if (j > 0) (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                return ("swap tokens", string.Concat(tokens));
            }
            case 3: { var i = Pick(t => char.IsAsciiDigit(t[0])); if (i >= 0) tokens[i] = HugeNumbers[random.Next(HugeNumbers.Length)] + (tokens[i].EndsWith('%') ? "%" : ""); return ("number", string.Concat(tokens)); }
            case 4: { var i = Pick(t => t.StartsWith('"')); if (i >= 0) tokens[i] = OddTexts[random.Next(OddTexts.Length)]; return ("quoted text", string.Concat(tokens)); }
            case 5: { var i = Pick(Solid); if (i >= 0) tokens[i] = words[random.Next(words.Count)]; return ("replace word", string.Concat(tokens)); }
            case 6:
            {
                var lines = text.Split('\n').ToList();
                var l = random.Next(lines.Count);
                lines.Insert(l, lines[l]);
                return ("duplicate line", string.Join('\n', lines));
            }
            case 7:
            {
                var lines = text.Split('\n').ToList();
                lines.RemoveAt(random.Next(lines.Count));
                return ("delete line", string.Join('\n', lines));
            }
            case 8:
            {
                var depth = random.Next(2) == 0 ? 50 : 2000;
                var at = random.Next(text.Length + 1);
                var nest = string.Concat(Enumerable.Repeat("sla n \"N\" {\n", depth)) + string.Concat(Enumerable.Repeat("}\n", random.Next(depth + 1)));
                return ("deep nesting", text[..at] + nest + text[at..]);
            }
            case 9:
            {
                var at = random.Next(text.Length + 1);
                return ("insert character", text[..at] + OddChars[random.Next(OddChars.Length)] + text[at..]);
            }
            case 10:
            {
                if (text.Length == 0) return ("delete character", text);
                var at = random.Next(text.Length);
                return ("delete character", text.Remove(at, 1));
            }
            case 11: return ("truncate", text[..random.Next(text.Length + 1)]);
            default:
            {
                // Several mutations at once.
                var mutant = text;
                for (var n = random.Next(2, 5); n > 0; n--) mutant = MutateContract(mutant, random, words).Text;
                return ("several", mutant);
            }
        }
    }

    private sealed record Tally
    {
        public int Tries;
        public int Crashes;
        public int Silent;
        public int CheckedClean;
        public readonly List<string> Failures = [];
    }

    private static bool Acceptable(CliRunner.Run run) => run.ExitCode is 0 or 1 && !run.Error.Contains("internal error", StringComparison.Ordinal);

    private static string Describe(string what, int seed, int index, string kind, string mutant, CliRunner.Run? run) =>
        $"{what}: seed {seed}, case {index} ({kind}); rerun with SLA_FUZZ_SEED={seed}\n" +
        (run is null ? "" : $"exit {run.ExitCode}\n{run.Error}\n{run.Output}\n") +
        $"--- mutant ({mutant.Length} chars) ---\n{mutant}\n--- end of mutant ---";

    [Fact]
    public void Contract_mutants_never_cause_an_internal_error_and_fmt_is_idempotent()
    {
        var count = Setting("SLA_FUZZ_CONTRACTS", 150);
        var corpus = Corpus();
        var words = corpus.SelectMany(c => Tokens().Matches(c.Text).Select(m => m.Value)).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().Order(StringComparer.Ordinal).ToList();
        var data = TrimmedData();
        using var cli = new CliRunner();
        var tally = new Tally();
        var path = Path.Combine(cli.Directory, "mutant.sla");
        var outDir = Path.Combine(cli.Directory, "statements");
        var asOf = AsOf.ToString("yyyy-MM-ddTHH:mm:ssZ");
        for (var i = 0; i < count; i++)
        {
            var random = new Random(CaseSeed(Seed, i, 0));
            var (name, original) = corpus[random.Next(corpus.Count)];
            var (kind, mutant) = MutateContract(original, random, words);
            kind = $"{kind} of {name}";
            File.WriteAllBytes(path, Bytes(mutant));
            tally.Tries++;
            string[][] commands =
            [
                ["check", path],
                ["compile", path],
                ["evaluate", path, "--data", data, "--period", "2026-10", "--as-of", asOf],
                ["statement", path, "--data", data, "--period", "2026-10", "--as-of", asOf, "--out", outDir, "--no-sign", "--overwrite"],
            ];
            foreach (var args in commands)
            {
                CliRunner.Run run;
                try { run = cli.Invoke(args); }
                catch (Exception e) { run = new CliRunner.Run(-1, "", e.ToString()); }
                if (args[0] == "check" && run.ExitCode == 0) tally.CheckedClean++;
                if (!Acceptable(run))
                {
                    tally.Crashes++;
                    tally.Failures.Add(Describe($"sla {args[0]} exited {run.ExitCode}", Seed, i, kind, mutant, run));
                    break;
                }
                if (args[0] == "check" && run.ExitCode == 1) break; // the later commands refuse it the same way (InputRobustnessTests)
            }
            // fmt rewrites the file; a second fmt must find nothing to change.
            var fmt = cli.Invoke("fmt", path);
            var again = fmt.ExitCode == 0 ? cli.Invoke("fmt", "--check", path) : null;
            if (!Acceptable(fmt) || again is not null && again.ExitCode != 0)
            {
                tally.Crashes++;
                tally.Failures.Add(Describe(again is null ? $"sla fmt exited {fmt.ExitCode}" : "sla fmt is not idempotent", Seed, i, kind, mutant, again ?? fmt));
            }
            if (tally.Failures.Count >= 3) break;
            if ((i + 1) % 250 == 0 && i + 1 < count) Report("contracts (so far)", tally);
        }
        Report("contracts", tally);
        Assert.True(tally.Failures.Count == 0, string.Join("\n\n", tally.Failures));
    }

    /// <summary>A copy of examples/data small enough to evaluate in milliseconds (the first rows of each file).</summary>
    private static string TrimmedData()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sla-fuzz-data-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "examples", "data")).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal)))
            File.WriteAllLines(Path.Combine(folder, Path.GetFileName(file)), File.ReadLines(file).Take(400));
        return folder;
    }

    /// <summary>One mutation of one data file: its kind, the mutant bytes, and whether a correct loader must refuse it.</summary>
    private static (string Kind, byte[] Bytes, bool MustRefuse) MutateData(string file, string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var csv = file.EndsWith(".csv", StringComparison.Ordinal);
        var first = csv ? 1 : 0;
        if (lines.Count <= first) return ("empty file", [], false);
        var row = random.Next(first, lines.Count);
        byte[] Utf8(IEnumerable<string> l) => Encoding.UTF8.GetBytes(string.Join('\n', l) + "\n");
        switch (random.Next(9))
        {
            case 0:
                lines.Insert(row, lines[row]);
                return ("duplicate row", Utf8(lines), true);
            case 1:
                lines.RemoveAt(row);
                return ("delete row", Utf8(lines), false);
            case 2:
            {
                // A line break inside the id (the first field of every kind but requests, whose first field is the service).
                var line = lines[row];
                lines[row] = csv ? "\"" + line[..Math.Max(1, line.IndexOf(','))].Insert(1, "\n") + "\"" + line[Math.Max(1, line.IndexOf(','))..]
                    : Regex.Replace(line, "^\\{\"(id|service)\": ?\"", m => m.Value + "x\\n", RegexOptions.None, TimeSpan.FromSeconds(1));
                return ("line break in the first field", Utf8(lines), lines[row] != line);
            }
            case 3:
            {
                // Bytes that are not UTF-8 inside the first field.
                var bytes = Utf8(lines.Take(row)).ToList();
                var line = Encoding.UTF8.GetBytes(lines[row]);
                var at = csv ? 1 : Math.Max(0, lines[row].IndexOf(':') + (lines[row].Contains(": \"", StringComparison.Ordinal) ? 3 : 2));
                at = Math.Min(at, line.Length);
                bytes.AddRange(line[..at]);
                bytes.AddRange([0xFF, 0xC3]);
                bytes.AddRange(line[at..]);
                bytes.Add((byte)'\n');
                bytes.AddRange(Utf8(lines.Skip(row + 1)));
                return ("invalid UTF-8 in the first field", [.. bytes], true);
            }
            case 4:
            {
                var fields = lines[row].Split(',');
                var f = random.Next(fields.Length);
                fields[f] = HugeNumbers[random.Next(HugeNumbers.Length)];
                lines[row] = string.Join(',', fields);
                return ("huge number in a field", Utf8(lines), false);
            }
            case 5:
            {
                var fields = lines[row].Split(',');
                fields[random.Next(fields.Length)] = "";
                lines[row] = string.Join(',', fields);
                return ("empty field", Utf8(lines), false);
            }
            case 6:
            {
                var at = random.Next(lines[row].Length + 1);
                lines[row] = lines[row][..at] + OddChars[random.Next(OddChars.Length)] + lines[row][at..];
                return ("insert character", Utf8(lines), false);
            }
            case 7:
            {
                var joined = string.Join('\n', lines);
                return ("truncate", Encoding.UTF8.GetBytes(joined[..random.Next(joined.Length + 1)]), false);
            }
            default:
            {
                // Another slice of the same service that starts inside this one (requests only; otherwise swap two fields).
                if (file.StartsWith("requests", StringComparison.Ordinal) && csv)
                {
                    var fields = lines[row].Split(',');
                    if (DateTimeOffset.TryParse(fields[1], out var start))
                    {
                        fields[1] = start.AddSeconds(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
                        lines.Insert(row + 1, string.Join(',', fields));
                        return ("overlapping slice", Utf8(lines), true);
                    }
                }
                var parts = lines[row].Split(',');
                if (parts.Length > 1)
                {
                    var a = random.Next(parts.Length);
                    var b = random.Next(parts.Length);
                    (parts[a], parts[b]) = (parts[b], parts[a]);
                    lines[row] = string.Join(',', parts);
                }
                return ("swap fields", Utf8(lines), false);
            }
        }
    }

    [Fact]
    public void Data_mutants_are_loaded_or_refused_with_a_located_error_never_an_internal_error()
    {
        var count = Setting("SLA_FUZZ_DATA", 100);
        var clean = TrimmedData();
        var files = Directory.EnumerateFiles(clean).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        using var cli = new CliRunner();
        var data = Path.Combine(cli.Directory, "data");
        var contracts = Path.Combine(Root, "examples", "contracts");
        var asOf = AsOf.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var tally = new Tally();
        for (var i = 0; i < count; i++)
        {
            var random = new Random(CaseSeed(Seed, i, 1));
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            Directory.CreateDirectory(data);
            foreach (var f in files) File.Copy(Path.Combine(clean, f!), Path.Combine(data, f!));
            var file = files[random.Next(files.Count)]!;
            var (kind, bytes, mustRefuse) = MutateData(file, File.ReadAllText(Path.Combine(clean, file)), random);
            File.WriteAllBytes(Path.Combine(data, file), bytes);
            kind = $"{kind} of {file}";
            tally.Tries++;
            CliRunner.Run run;
            try { run = cli.Invoke("evaluate", contracts, "--data", data, "--period", "2026-10", "--as-of", asOf); }
            catch (Exception e) { run = new CliRunner.Run(-1, "", e.ToString()); }
            var mutant = Encoding.UTF8.GetString(bytes);
            if (!Acceptable(run))
            {
                tally.Crashes++;
                tally.Failures.Add(Describe($"sla evaluate exited {run.ExitCode}", Seed, i, kind, mutant.Length > 4000 ? mutant[..4000] + "..." : mutant, run));
            }
            else if (mustRefuse && run.ExitCode == 0)
            {
                tally.Silent++;
                tally.Failures.Add(Describe("accepted silently", Seed, i, kind, mutant.Length > 4000 ? mutant[..4000] + "..." : mutant, run));
            }
            if (tally.Failures.Count >= 3) break;
        }
        Directory.Delete(clean, recursive: true);
        Report("data", tally);
        Assert.True(tally.Failures.Count == 0, string.Join("\n\n", tally.Failures));
    }

    private void Report(string what, Tally tally)
    {
        var line = $"fuzz {what}: seed {Seed}, {tally.Tries} tries, {tally.CheckedClean} checked clean, {tally.Crashes} internal errors, {tally.Silent} silent acceptances";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("SLA_FUZZ_REPORT") is { Length: > 0 } report) File.AppendAllText(report, line + "\n");
    }
}
