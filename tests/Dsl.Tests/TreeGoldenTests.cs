using SlaKpiDsl.Tests.Shared;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

/// <summary>The full syntax tree (without spans) of the article's example contract, pinned as a golden file so a grammar
/// change that alters what a clause means shows up as a reviewed diff.</summary>
public sealed class TreeGoldenTests
{
    [Fact]
    public void Checkout_example_tree_matches_the_golden_file()
    {
        var source = SourceText.FromFile(Path.Combine(TestPaths.Examples, "ecommerce-checkout.sla"));
        var dump = SyntaxDump.Write(ContractParser.Parse(source).Root, includeSpans: false);
        GoldenFile.Verify(Path.Combine(TestPaths.Root, "tests", "Dsl.Tests", "Trees", "ecommerce-checkout.verified.txt"), dump);
    }
}
