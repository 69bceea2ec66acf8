using SlaKpiDsl.Benchmarks.Checking;

namespace SlaKpiDsl.Compiler.Tests.Generation;

public class ContractCorpusTests
{
    [Fact]
    public void GeneratedContractsCheckCleanAndVary()
    {
        var texts = Enumerable.Range(1, 60).Select(ContractCorpus.Contract).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        foreach (var text in texts)
        {
            var result = ContractChecker.Check("gen.sla", text);
            Assert.True(result.Diagnostics.IsEmpty, text + "\n" + string.Join("\n", result.Diagnostics));
        }
    }
}
