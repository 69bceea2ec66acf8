using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Tests;

public sealed class ExamplesTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(TestPaths.Examples, "*.sla").OrderBy(p => p, StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_parses_without_syntax_errors(string file)
    {
        var result = ContractParser.Parse(SourceText.FromFile(Path.Combine(TestPaths.Examples, file)));
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        Assert.NotEmpty(result.Root.Contracts);
    }

    [Fact]
    public void The_examples_folder_holds_the_required_contracts()
    {
        string[] required = ["ecommerce-checkout.sla", "saas-api.sla", "aws-ec2-instance.sla", "google-cloud-template.sla", "github-enterprise.sla", "twilio.sla"];
        foreach (var name in required)
            Assert.True(File.Exists(Path.Combine(TestPaths.Examples, name)), name);
    }
}
