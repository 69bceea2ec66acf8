using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>
/// The TextMate grammar's assertion files (editors/vscode/test/grammar, run by vscode-tmgrammar-test in .ci/run) are
/// written from the real parser, not from the grammar: every string, date, instant, period, time, percent, money,
/// duration and number literal the parser read, every declared name, every weekday range, every comment and every other
/// word of a parsed clause (a keyword) gets the scope it must have. A grammar that colours differently from the
/// language fails there. This test keeps the files current (UPDATE_GOLDEN=1 rewrites them) and checks the grammar
/// knows every keyword of docs/language.md's grammar.
/// </summary>
public sealed partial class GrammarTests
{
    private static readonly string GrammarFolder = Path.Combine(LspClient.Repository, "editors", "vscode", "test", "grammar");

    /// <summary>Every example contract and test file (examples/contracts, examples/published), and every case under tests/cases.</summary>
    public static IEnumerable<string> Sources()
    {
        var examples = new[] { LspClient.Examples, LspClient.Published }.SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)).Where(f => f.EndsWith(".sla", StringComparison.Ordinal) || f.EndsWith(".sla-test", StringComparison.Ordinal));
        var cases = Directory.EnumerateFiles(Path.Combine(LspClient.Repository, "tests", "cases"), "*.sla", SearchOption.AllDirectories);
        return examples.Concat(cases).Select(f => Path.GetRelativePath(LspClient.Repository, f)).Order(StringComparer.Ordinal);
    }

    [Fact]
    public void The_assertion_files_are_current()
    {
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";
        var expected = Sources().ToDictionary(s => AssertionFileName(s), s => AssertionFile(s), StringComparer.Ordinal);
        Directory.CreateDirectory(GrammarFolder);
        var stale = new List<string>();
        foreach (var (name, content) in expected)
        {
            var path = Path.Combine(GrammarFolder, name);
            var current = File.Exists(path) ? File.ReadAllText(path) : null;
            if (current == content) continue;
            if (update) File.WriteAllText(path, content);
            else stale.Add(name);
        }
        foreach (var file in Directory.EnumerateFiles(GrammarFolder))
        {
            if (expected.ContainsKey(Path.GetFileName(file))) continue;
            if (update) File.Delete(file);
            else stale.Add(Path.GetFileName(file) + " (no source)");
        }
        Assert.True(stale.Count == 0, "grammar assertion files out of date (UPDATE_GOLDEN=1 rewrites them): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_grammar_knows_every_keyword_of_the_language_reference()
    {
        var grammar = JsonNode.Parse(File.ReadAllText(Path.Combine(LspClient.Repository, "editors", "vscode", "syntaxes", "sla.tmLanguage.json")))!;
        var keywords = new Regex(grammar["repository"]!["keyword"]!["patterns"]![0]!["match"]!.GetValue<string>());
        var reference = File.ReadAllText(Path.Combine(LspClient.Repository, "docs", "language.md"));
        var ebnf = CommentInGrammar().Replace(reference.Split("```ebnf")[1].Split("```")[0], "");
        var terminals = Terminal().Matches(ebnf).Select(m => m.Groups[1].Value).Where(w => char.IsLetter(w[0])).Distinct().ToList();
        Assert.True(terminals.Count > 100);
        Assert.All(terminals, word => Assert.True(keywords.Match(word) is { Success: true } m && m.Value == word, $"keyword '{word}' is not in the grammar"));
    }

    private static string AssertionFileName(string relative) => relative.Replace('/', '.').Replace('\\', '.') switch
    {
        var flat when flat.EndsWith(".sla-test", StringComparison.Ordinal) => flat[..^".sla-test".Length] + ".test.sla-test",
        var flat => flat[..^".sla".Length] + ".test.sla",
    };

    /// <summary>The source with, under each line, one assertion per token the parser vouches for.</summary>
    public static string AssertionFile(string relative)
    {
        var text = File.ReadAllText(Path.Combine(LspClient.Repository, relative)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var scope = relative.EndsWith(".sla-test", StringComparison.Ordinal) ? "source.sla-test" : "source.sla";
        var source = new SourceText(relative, text);
        var parse = ContractParser.Parse(source);
        var index = SyntaxIndex.Build(parse.Root);
        var expected = new List<(int Start, int Length, string Scope)>();
        foreach (var comment in parse.Comments)
            expected.Add((comment.Span.Start, comment.Span.Length, comment.Text.StartsWith('#') ? "comment.line.number-sign.sla" : "comment.line.double-slash.sla"));
        var covered = new List<SourceSpan>(parse.Comments.Select(c => c.Span));
        foreach (var node in index.Nodes)
        {
            var literalScope = node switch
            {
                StringLiteralSyntax => "string.quoted.double.sla",
                InstantLiteralSyntax => "constant.other.instant.sla",
                DateLiteralSyntax => "constant.other.date.sla",
                PeriodLiteralSyntax => "constant.other.period.sla",
                TimeOfDayLiteralSyntax => "constant.other.time.sla",
                PercentLiteralSyntax => "constant.numeric.percent.sla",
                MoneyLiteralSyntax => "constant.numeric.money.sla",
                DurationLiteralSyntax => "constant.numeric.duration.sla",
                NumberLiteralSyntax => "constant.numeric.sla",
                DayRangeSyntax => "constant.other.weekday.sla",
                _ => null,
            };
            if (literalScope is null && node is not IdentifierSyntax) continue;
            covered.Add(node.Span);
            if (literalScope is not null) expected.Add((node.Span.Start, node.Span.Length, literalScope));
        }
        foreach (var symbol in index.Symbols.Where(s => s.IsDeclaration))
        {
            expected.Add((symbol.Span.Start, symbol.Span.Length, symbol.Kind switch
            {
                SymbolKind.Service => "entity.name.function.service.sla",
                SymbolKind.Calendar => "entity.name.namespace.calendar.sla",
                SymbolKind.Sla => "entity.name.type.sla.sla",
                _ => "entity.name.type.kpi.sla",
            }));
        }
        // Keywords: the other words of each parsed clause (a block: its first line only; lines the parser dropped are not vouched for).
        foreach (var clause in index.Clauses)
        {
            var start = clause.Span.Start;
            var end = clause is ContractSyntax or TestSyntax or SlaSyntax or KpiSyntax or HolidayCalendarSyntax
                ? text.IndexOf('\n', start) is var newline and >= 0 ? Math.Min(newline, clause.Span.End) : clause.Span.End
                : clause.Span.End;
            foreach (Match word in Word().Matches(text[start..end]))
            {
                var at = start + word.Index;
                if (covered.Any(c => c.Start <= at && at < c.End)) continue;
                expected.Add((at, word.Length, "keyword.other.sla"));
            }
        }
        var lines = text.Split('\n');
        var lineStarts = new int[lines.Length];
        for (var i = 1; i < lines.Length; i++) lineStarts[i] = lineStarts[i - 1] + lines[i - 1].Length + 1;
        var byLine = expected.Distinct().GroupBy(e => Array.FindLastIndex(lineStarts, s => s <= e.Start)).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Start).ThenBy(e => e.Scope, StringComparer.Ordinal).ToList());
        var output = new StringBuilder();
        output.Append(CultureInfo($"# SYNTAX TEST \"{scope}\" \"{relative.Replace('\\', '/')}: scopes from the parser (tests/LanguageServer.Tests/GrammarTests.cs)\"\n"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == lines.Length - 1 && lines[i].Length == 0) break;
            output.Append(lines[i]).Append('\n');
            if (!byLine.TryGetValue(i, out var tokens)) continue;
            foreach (var (start, length, tokenScope) in tokens)
            {
                var column = start - lineStarts[i];
                var width = Math.Min(length, lines[i].Length - column);
                if (width <= 0) continue;
                output.Append(column < 2
                    ? "# <" + new string('~', column) + new string('-', width)
                    : "#" + new string(' ', column - 1) + new string('^', width));
                output.Append(' ').Append(tokenScope).Append('\n');
            }
        }
        return output.ToString();
    }

    private static string CultureInfo(string text) => text;

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex Terminal();

    [GeneratedRegex(@"\(\*.*?\*\)", RegexOptions.Singleline)]
    private static partial Regex CommentInGrammar();
}
