using CsCheck;
using SlaKpiDsl.Benchmarks.Checking;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests.Properties;

/// <summary>
/// Parser + binder + lint never throw on any input: random token soup and mutated real contracts (examples, golden
/// cases, generated contracts). Every diagnostic has a valid span inside the text. 12,000 cases in total.
/// A mutated text that still parses also formats back to the same model (ContractFormatting proves it or throws).
/// </summary>
public class FrontEndRobustnessTests
{
    private static readonly string[] Seeds = Directory.EnumerateFiles(RepositoryPaths.Examples, "*.sla")
        .Concat(Directory.EnumerateFiles(RepositoryPaths.Cases, "*.sla", SearchOption.AllDirectories))
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)
        .Concat(Enumerable.Range(1, 20).Select(ContractCorpus.Contract))
        .ToArray();

    private static readonly string[] Fragments =
    [
        "contract", "sla", "kpi", "test", "for", "{", "}", "\"", "\"x\"", "\n", " ", "  ", "guarantee", "target", "supports",
        "availability", "of", "api", "at least", "at most", "below", "above", "and", "99.9%", "100.5%", "-1%", "0%", "per",
        "calendar month", "rolling", "30", "days", "minutes", "5-minute", "500 ms", "credit", "10% of fee", "when",
        "credits capped at", "fee", "12000.00 USD", "XYZ", "time zone", "\"Mars/Base\"", "\"UTC\"", "effective",
        "2026-01-01", "2026-02-30", "until", "suppress", "SLA1001", "SLA0101", "because", "#", "//", "exclude",
        "maintenance", "incidents", "caused by", "customer", ",", ":", "clause", "\"3.1\"", "expect", "downtime",
        "=", "2026-11-10T09:00-05:00", "2026-11-10T09:00", "period", "2026-11", "p95", "latency", "requests",
        "response to", "severity 1", "within", "every incident", "\\", "\t", "\r\n", "é", "\u0000", "999999999999999999999999999999",
    ];

    private int _cases;

    private void CheckNeverThrows(string text)
    {
        Interlocked.Increment(ref _cases);
        var result = ContractChecker.Check(new SourceText("fuzz.sla", text));
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.InRange(diagnostic.Span.End, 0, text.Length);
            Assert.Matches("^SLA[0-9]{4}$", diagnostic.Code);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }
        if (!result.Parse.HasErrors) ContractFormatting.Format(new SourceText("fuzz.sla", text));
    }

    [Fact]
    public void RandomTokenSoupNeverThrows()
    {
        Gen.OneOf(Fragments).Array[0, 60]
            .Select(parts => string.Join(" ", parts))
            .Sample(CheckNeverThrows, iter: 4000);
        Assert.True(_cases >= 4000, $"{_cases} cases ran");
    }

    [Fact]
    public void RandomCharactersNeverThrow()
    {
        Gen.String.Sample(CheckNeverThrows, iter: 2000);
        Assert.True(_cases >= 2000, $"{_cases} cases ran");
    }

    /// <summary>One edit of a real contract: delete a range, duplicate or drop a line, insert a fragment, swap two lines.</summary>
    private static readonly Gen<string> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 4], Gen.Int[0, int.MaxValue - 1], Gen.Int[0, int.MaxValue - 1], Gen.OneOf(Fragments))
            .Select((seed, kind, a, b, fragment) => Mutate(Seeds[seed], kind, a, b, fragment));

    private static string Mutate(string text, int kind, int a, int b, string fragment)
    {
        var lines = text.Split('\n').ToList();
        switch (kind)
        {
            case 0:
            {
                var start = a % Math.Max(1, text.Length);
                var length = Math.Min(b % 40, text.Length - start);
                return text.Remove(start, length);
            }
            case 1:
                lines.Insert(a % lines.Count, lines[b % lines.Count]);
                return string.Join('\n', lines);
            case 2:
                lines.RemoveAt(a % lines.Count);
                return string.Join('\n', lines);
            case 3:
                return text.Insert(a % (text.Length + 1), " " + fragment + " ");
            default:
            {
                var i = a % lines.Count;
                var j = b % lines.Count;
                (lines[i], lines[j]) = (lines[j], lines[i]);
                return string.Join('\n', lines);
            }
        }
    }

    [Fact]
    public void MutatedContractsNeverThrow()
    {
        Mutated.Sample(CheckNeverThrows, iter: 5000);
        Assert.True(_cases >= 5000, $"{_cases} cases ran");
    }

    [Fact]
    public void DoubleMutationsNeverThrow()
    {
        Gen.Select(Mutated, Gen.Int[0, 4], Gen.Int[0, int.MaxValue - 1], Gen.Int[0, int.MaxValue - 1], Gen.OneOf(Fragments))
            .Select((text, kind, a, b, fragment) => Mutate(text, kind, a, b, fragment))
            .Sample(CheckNeverThrows, iter: 1000);
        Assert.True(_cases >= 1000, $"{_cases} cases ran");
    }

    [Fact]
    public void SomeMutationsStillCheckCleanlyAndSomeDoNot()
    {
        // The mutation generator is worth its name: it produces both broken and still-valid contracts.
        var outcomes = Enumerable.Range(0, 300)
            .Select(i => Mutate(Seeds[i % Seeds.Length], i % 5, i * 7919, i * 104729, Fragments[i % Fragments.Length]))
            .Select(text => ContractChecker.Check("m.sla", text).Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            .ToList();
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }
}
