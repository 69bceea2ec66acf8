using System.Reflection;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>Builds and runs small generated classes so tests can observe what emitted C# evaluates to.</summary>
internal static class EmitTestSupport
{
    // One root per test process, removed when the process exits, so runs do not litter the temp folder.
    private static readonly string Root = CreateRoot();

    private static string CreateRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), $"sla-emit-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return root;
    }

    public static string TempFolder(string purpose)
    {
        var folder = Path.Combine(Root, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static EvaluatorCompilerOptions Options { get; } = new() { BugReportRoot = TempFolder("bugs") };

    /// <summary>A class <c>SlaKpiDsl.Generated.{className}</c> with <c>public static object[] Values()</c> returning the given C# expressions.</summary>
    public static string ValuesClass(string className, IEnumerable<string> expressions)
    {
        var writer = new SourceWriter();
        writer.Line("namespace SlaKpiDsl.Generated;");
        using (writer.Block($"public static class {className}"))
        using (writer.Block("public static object[] Values() => new object[]", ";"))
        {
            foreach (var expression in expressions) writer.Line(expression + ",");
        }
        return writer.ToString();
    }

    /// <summary>Compiles the sources (must succeed) and returns <c>Values()</c> of <paramref name="className"/>.</summary>
    public static object[] RunValues(string className, string source)
    {
        var result = EvaluatorCompiler.CompileBatch([new GeneratedSource(className + ".cs", source)], Options);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics) + "\n" + source);
        using var loaded = EvaluatorAssembly.Load(result.AssemblyBytes!);
        var method = loaded.Assembly.GetType("SlaKpiDsl.Generated." + className)!.GetMethod("Values", BindingFlags.Public | BindingFlags.Static)!;
        return (object[])method.Invoke(null, null)!;
    }

    public static IEnumerable<string> Codes(CompileResult result) => result.Diagnostics.Select(d => d.Code);

    public static string Describe(CompileResult result) => string.Join("\n", result.Diagnostics.Select(d => d.ToString()));

    public static bool HasError(CompileResult result, string code) =>
        result.Diagnostics.Any(d => d.Code == code && d.Severity == DiagnosticSeverity.Error);
}
