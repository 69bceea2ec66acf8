using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>The worked examples in docs/language.md parse: whole contracts and tests as written, block fragments inside
/// a contract, clause fragments inside an sla block.</summary>
public sealed class LanguageDocTests
{
    [Fact]
    public void Every_example_in_the_language_reference_parses()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "language.md"));
        var blocks = UntaggedFencedBlocks(doc);
        Assert.True(blocks.Count >= 15, $"found only {blocks.Count} examples");
        foreach (var block in blocks)
        {
            var first = block.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#')).Split(' ')[0];
            var text = first switch
            {
                "contract" or "test" or "template" or "amendment" => block,
                "sla" or "kpi" or "holidays" => $"contract \"C\" {{\n{block}\n}}\n",
                _ => $"contract \"C\" {{\nsla s {{\n{block}\n}}\n}}\n",
            };
            var result = ContractParser.Parse(new SourceText("doc.sla", text));
            Assert.True(result.Diagnostics.IsEmpty, $"{string.Join("\n", result.Diagnostics)}\n--- in:\n{block}");
        }
    }

    /// <summary>Fenced blocks without a language tag (the EBNF block is tagged `ebnf` and skipped).</summary>
    private static List<string> UntaggedFencedBlocks(string doc)
    {
        var blocks = new List<string>();
        List<string>? current = null;
        var tagged = false;
        foreach (var line in doc.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = [];
                    tagged = line.Length > 3;
                }
                else
                {
                    if (!tagged) blocks.Add(string.Join('\n', current));
                    current = null;
                }
            }
            else current?.Add(line);
        }
        return blocks;
    }
}
