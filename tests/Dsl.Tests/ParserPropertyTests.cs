using System.Text;
using CsCheck;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>
/// The parser and formatter never throw, whatever the input: random text and mutated examples (characters and tokens
/// deleted, inserted, swapped; lines duplicated and swapped). Where a mutant still parses cleanly, formatting it is
/// idempotent and keeps its meaning.
/// </summary>
public sealed class ParserPropertyTests
{
    private static readonly string[] Examples = Directory.GetFiles(TestPaths.Examples, "*.sla")
        .OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzQSLA0123456789 \t\n\r{}\"%,:=-()#/\\.@$TZ+é€😀\u0000\uFEFF";

    private static readonly string[] Fragments =
    [
        "{", "}", "\"", "\n", "%", "-", ":", "=", ",", "#", "//", "per", "calendar", "month", "at least", "below", "credit",
        "sla x {", "kpi y {", "contract \"c\" {", "test \"t\" for \"c\" {", "clause \"1\":", "2026-13-45", "2026-11-10T09:00",
        "2026-11-10T09:00Z", "99.9%", "5-minute", "Mon-Fri 08:00-18:00", "\\q", "12345678901234567890123456789012345",
    ];

    private static int _cleanMutants;

    /// <summary>Parses and formats; on a clean parse also checks the formatter's round-trip properties.</summary>
    private static void NeverThrowsAndRoundTrips(string text)
    {
        var parsed = ContractParser.Parse(new SourceText("p.sla", text));
        foreach (var d in parsed.Diagnostics)
        {
            Assert.InRange(d.Span.Start, 0, text.Length);
            Assert.InRange(d.Span.End, d.Span.Start, text.Length);
            _ = d.ToString();
        }
        var formatted = ContractFormatter.Format(parsed);
        Assert.Equal(parsed.HasErrors, !formatted.Succeeded);
        if (!formatted.Succeeded) return;
        Interlocked.Increment(ref _cleanMutants);
        var again = ContractFormatter.Format(new SourceText("q.sla", formatted.Text!));
        Assert.True(again.Succeeded, "formatted text must parse: " + string.Join("\n", again.Errors) + "\n" + formatted.Text);
        Assert.Equal(formatted.Text, again.Text);
        Assert.Equal(SyntaxDump.Write(parsed.Root, false), SyntaxDump.Write(ContractParser.Parse(new SourceText("q.sla", formatted.Text!)).Root, false));
        Assert.Equal(parsed.Comments.Length, ContractParser.Parse(new SourceText("q.sla", formatted.Text!)).Comments.Length);
    }

    [Fact]
    public void Random_text_never_throws()
    {
        Gen.Int[0, Alphabet.Length - 1].Array[0, 200]
            .Select(ix => new string(ix.Select(i => Alphabet[i]).ToArray()))
            .Sample(NeverThrowsAndRoundTrips, iter: 3_000);
    }

    private static string Mutate(string text, (int Kind, int Where, int What)[] mutations)
    {
        var sb = new StringBuilder(text);
        foreach (var (kind, where, what) in mutations)
        {
            if (sb.Length == 0) sb.Append(Fragments[what % Fragments.Length]);
            var at = where % sb.Length;
            switch (kind)
            {
                case 0: sb.Remove(at, 1); break;                                              // delete a character
                case 1: sb.Insert(at, Alphabet[what % Alphabet.Length]); break;               // insert a character
                case 2 when at + 1 < sb.Length: (sb[at], sb[at + 1]) = (sb[at + 1], sb[at]); break; // swap neighbours
                case 3: sb.Insert(at, Fragments[what % Fragments.Length]); break;             // insert a token
                case 4:                                                                      // delete a word
                    var end = at;
                    while (end < sb.Length && !char.IsWhiteSpace(sb[end])) end++;
                    sb.Remove(at, end - at);
                    break;
                case 5:                                                                      // swap two lines
                    var lines = sb.ToString().Split('\n');
                    var a = where % lines.Length;
                    var b = what % lines.Length;
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    sb.Clear().Append(string.Join('\n', lines));
                    break;
                default:                                                                     // duplicate a line
                    var all = sb.ToString().Split('\n').ToList();
                    var i = where % all.Count;
                    all.Insert(i, all[i]);
                    sb.Clear().Append(string.Join('\n', all));
                    break;
            }
        }
        return sb.ToString();
    }

    [Fact]
    public void Mutated_examples_never_throw()
    {
        var before = Volatile.Read(ref _cleanMutants);
        Gen.Select(Gen.Int[0, Examples.Length - 1], Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000]).Array[1, 6])
            .Select((example, mutations) => Mutate(Examples[example], mutations))
            .Sample(NeverThrowsAndRoundTrips, iter: 10_000);
        // Enough mutants stay valid (whitespace and comment edits, swapped clauses) that the formatter's round-trip is exercised.
        var clean = Volatile.Read(ref _cleanMutants) - before;
        Assert.True(clean > 200, $"only {clean} clean mutants");
    }

    /// <summary>Generated layout noise (spacing, indentation, blank lines, comments) never changes the formatted result.</summary>
    [Fact]
    public void Layout_noise_formats_to_the_same_canonical_text()
    {
        Gen.Select(Gen.Int[0, Examples.Length - 1], Gen.Int[0, 5].Array[400], Gen.Int[0, 1_000])
            .Sample((example, noise, seed) =>
            {
                var source = Examples[example];
                var lines = source.Split('\n');
                var sb = new StringBuilder();
                for (var i = 0; i < lines.Length; i++)
                {
                    var n = noise[i % noise.Length];
                    var line = lines[i].Trim();
                    var words = line.StartsWith('#') || line.Contains('"') ? line : string.Join(new string(' ', 1 + n % 3), line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    sb.Append(new string(' ', n * 3)).Append(words);
                    if (n == 4 && line.Length > 0 && !line.Contains('#') && !line.Contains("//")) sb.Append(" # note ").Append(seed);
                    sb.Append('\n');
                    if (n == 5) sb.Append('\n');
                }
                var noisy = sb.ToString();
                var canonical = FormatterTests.Format(source);
                var formatted = FormatterTests.Format(noisy);
                Assert.Equal(FormatterTests.Shape(source), FormatterTests.Shape(formatted));
                Assert.Equal(formatted, FormatterTests.Format(formatted));
                // Without added comments and blank lines, the canonical text is exactly the example's.
                if (!noise.Take(lines.Length).Any(n => n is 4 or 5)) Assert.Equal(canonical, formatted);
            }, iter: 300);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("contract \"c\" {\nsla s {\n")]
    [InlineData("contract \"c\" {\n{")]
    [InlineData("test \"t\" for \"c\" {\nperiod 2026 {\n")]
    public void Deep_nesting_is_reported_without_exhausting_the_stack(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 200_000));
        var result = ContractParser.Parse(new SourceText("deep.sla", text));
        Assert.True(result.HasErrors);
        Assert.InRange(result.Diagnostics.Length, 1, 10); // one skipped block is one error, not 200,000
    }
}
