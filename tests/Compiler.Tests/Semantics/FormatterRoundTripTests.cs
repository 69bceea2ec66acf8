using SlaKpiDsl.Benchmarks.Checking;
using SlaKpiDsl.Compiler.Semantics.Binding;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Tests.Semantics;

/// <summary>parse+bind before and after <c>sla fmt</c> gives structurally equal models (spans ignored), and fmt is idempotent.</summary>
public class FormatterRoundTripTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Examples, "*.sla")
                     .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Cases, "good"), "*.sla"))
                     .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Cases, "bad"), "*.sla"))
                     .Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        return data;
    }

    private static BoundDocument Model(string path, string text) => Binder.Bind(ContractParser.Parse(new SourceText(path, text))).Document;

    private static void AssertRoundTrip(string path, string text)
    {
        var outcome = ContractFormatting.Format(new SourceText(path, text));
        Assert.NotNull(outcome.Formatted);
        var before = Model(path, text);
        var after = Model(path, outcome.Formatted);
        Assert.Equal(ModelSerializer.Canonical(before), ModelSerializer.Canonical(after));
        Assert.Equal(outcome.Formatted, ContractFormatting.Format(new SourceText(path, outcome.Formatted)).Formatted);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void FileKeepsItsMeaning(string relativePath) =>
        AssertRoundTrip(relativePath, File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath)));

    [Fact]
    public void GeneratedContractsKeepTheirMeaning()
    {
        for (var seed = 1; seed <= 100; seed++) AssertRoundTrip($"gen-{seed}.sla", ContractCorpus.Contract(seed));
    }

    [Fact]
    public void MessyLayoutFormatsToTheSameModel()
    {
        var messy = ContractCorpus.Contract(7).Replace("\n  ", "\n        ").Replace(" at least ", "  at least ");
        AssertRoundTrip("messy.sla", messy);
        Assert.True(ContractFormatting.Format(new SourceText("messy.sla", messy)).Changed);
    }

    [Fact]
    public void CanonicalTextIgnoresSpansButNotMeaning()
    {
        var text = ContractCorpus.Contract(3);
        var shifted = "\n\n# moved down\n" + text;
        Assert.True(ModelSerializer.StructurallyEqual(Model("a.sla", text), Model("b.sla", shifted)));
        Assert.NotEqual(ModelSerializer.Canonical(Model("a.sla", text), includeSpans: true), ModelSerializer.Canonical(Model("b.sla", shifted), includeSpans: true));
        var changed = text.Replace("at least 99.9%", "at least 99.8%");
        Assert.False(ModelSerializer.StructurallyEqual(Model("a.sla", text), Model("a.sla", changed)));
        Assert.NotEqual(ModelSerializer.Hash(Model("a.sla", text)), ModelSerializer.Hash(Model("a.sla", changed)));
    }
}
