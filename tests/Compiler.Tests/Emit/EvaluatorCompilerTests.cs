using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class EvaluatorCompilerTests
{
    internal static GeneratedSource Contract(string name)
    {
        var className = CSharpText.Identifier(name);
        var writer = new SourceWriter();
        writer.Line("namespace SlaKpiDsl.Generated;");
        writer.Comment("contract " + name);
        using (writer.Block($"public sealed class {className} : global::SlaKpiDsl.Runtime.Evaluation.ICompiledContract"))
        {
            writer.Line($"public string ContractName => {CSharpText.Literal(name)};");
            writer.Line($"public string SemanticHash => {CSharpText.Literal(EvaluatorCache.KeyFor(name).Hex)};");
            writer.Line("public global::SlaKpiDsl.Runtime.Evaluation.ContractEvaluation Evaluate(global::SlaKpiDsl.Runtime.Evaluation.EvaluationInput input) => throw new global::System.NotSupportedException(\"a probe has no commitments\");");
        }
        return new GeneratedSource(className + ".cs", writer.ToString());
    }

    [Fact]
    public void Batch_of_many_contracts_compiles_to_one_assembly_with_shared_runtime_types()
    {
        string[] names = ["Acme \"Premium\"", "Globex\nGold", "Initech \u202E"];
        var result = EvaluatorCompiler.CompileBatch([.. names.Select(Contract)], Options);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Empty(result.Diagnostics);
        using var loaded = EvaluatorAssembly.Load(result.AssemblyBytes!);
        var contracts = loaded.CreateAll<ICompiledContract>();
        Assert.Equal(names.Order(StringComparer.Ordinal), contracts.Select(c => c.ContractName).Order(StringComparer.Ordinal));
        Assert.All(contracts, c => Assert.Equal(EvaluatorCache.KeyFor(c.ContractName).Hex, c.SemanticHash));
    }

    [Fact]
    public void Output_is_deterministic()
    {
        GeneratedSource[] sources = [Contract("a"), Contract("b")];
        var first = EvaluatorCompiler.CompileBatch(sources, Options);
        var second = EvaluatorCompiler.CompileBatch(sources, Options);
        Assert.Equal(first.AssemblyName, second.AssemblyName);
        Assert.Equal(first.AssemblyBytes, second.AssemblyBytes);
        Assert.NotEqual(first.AssemblyName, EvaluatorCompiler.CompileBatch([Contract("c")], Options).AssemblyName);
    }

    [Fact]
    public void Roslyn_error_becomes_SLA9001_pointing_at_the_saved_generated_source()
    {
        var root = TempFolder("bug");
        var text = "namespace SlaKpiDsl.Generated;\npublic static class Broken\n{\n    public static int X => undefinedName;\n}\n";
        var result = EvaluatorCompiler.CompileBatch([Contract("ok"), new GeneratedSource("Broken.cs", text)],
            Options with { BugReportRoot = root });

        Assert.False(result.Succeeded);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SLA9001", diagnostic.Code);
        Assert.Contains("CS0103", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("bug in the SLA compiler", diagnostic.Message, StringComparison.Ordinal);
        var saved = diagnostic.Source.Path;
        Assert.StartsWith(Path.Combine(root, "sla-bug-"), saved, StringComparison.Ordinal);
        Assert.Contains(saved, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(saved));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(saved)!, Contract("ok").FileName)), "whole batch saved");
        Assert.Equal((4, 28), (diagnostic.Start.Line, diagnostic.Start.Column));
        Assert.StartsWith(saved + "(4,28): error SLA9001:", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_file_names_in_a_batch_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EvaluatorCompiler.CompileBatch([Contract("a"), Contract("a")], Options));
    }

    [Theory]
    [InlineData("../evil.cs")]    // traversal
    [InlineData("/etc/evil.cs")]  // absolute
    [InlineData("evil.txt")]      // not C#
    [InlineData(".cs")]           // hidden
    public void Generated_file_names_cannot_escape_the_bug_report_folder(string fileName) =>
        Assert.Throws<ArgumentException>(() => new GeneratedSource(fileName, ""));

    [Fact]
    public void Unloaded_evaluator_context_is_collected()
    {
        var weak = LoadAndUnload();
        for (var i = 0; i < 20 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndUnload()
    {
        var result = EvaluatorCompiler.CompileBatch([Contract("unload me")], Options);
        using var loaded = EvaluatorAssembly.Load(result.AssemblyBytes!);
        Assert.Equal("unload me", Assert.Single(loaded.CreateAll<ICompiledContract>()).ContractName);
        return new WeakReference(loaded.Assembly);
    }
}
