using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.Sandbox;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class AssemblyMetadataInspectorTests
{
    private static IReadOnlyList<SlaKpiDsl.Compiler.Semantics.Model.BoundContract> Examples() =>
    [
        .. Directory.EnumerateFiles(RepositoryPaths.Examples, "*.sla").Order(StringComparer.Ordinal).SelectMany(path =>
        {
            var check = ContractChecker.Check(SourceText.FromFile(path));
            Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
            return check.Model!.Contracts;
        }),
    ];

    [Fact]
    public void The_examples_compiled_as_shapes_and_one_class_each_pass_the_metadata_check()
    {
        var contracts = Examples();
        var sources = ContractCompilation.Generate(contracts);
        var shaped = EvaluatorCompiler.CompileContracts(sources, Options);
        var plain = EvaluatorCompiler.CompileBatch(sources, Options);
        Assert.True(shaped.Succeeded && plain.Succeeded);
        Assert.Equal("", string.Join("\n", AssemblyMetadataInspector.Inspect(shaped.AssemblyBytes!)));
        Assert.Equal("", string.Join("\n", AssemblyMetadataInspector.Inspect(plain.AssemblyBytes!)));
    }
}

public sealed class AssemblyMetadataInspectorHostileTests
{
    private static byte[] CompileOutsideTheSandbox(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(p));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("SlaKpiDsl.Generated.Hostile",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)], references,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return stream.ToArray();
    }

    /// <summary>(what the code does, C#, a violation it must be refused with). Each would pass a MAC: only the metadata check stands.</summary>
    public static readonly TheoryData<string, string, string> Hostile = new()
    {
        // a static constructor writing a file, the planted entry
        { "file write", "namespace SlaKpiDsl.Generated; public sealed class C { static C() { System.IO.File.WriteAllText(\"/tmp/x\", \"\"); } }", "type 'System.IO.File' is not allowed" },
        // the signing password is in the environment of `sla statement`
        { "environment", "namespace SlaKpiDsl.Generated; public sealed class C { public string P => System.Environment.GetEnvironmentVariable(\"SLA_SIGN_PASSWORD\")!; }", "type 'System.Environment' is not allowed" },
        // a module initializer runs when the assembly loads, before any evaluator is created
        { "module initializer", "namespace SlaKpiDsl.Generated; public static class C { [System.Runtime.CompilerServices.ModuleInitializer] public static void Init() { } }", "it has a module initializer" },
        // P/Invoke reaches native code
        { "P/Invoke", "namespace SlaKpiDsl.Generated; public static class C { [System.Runtime.InteropServices.DllImport(\"libc\")] public static extern int getpid(); }", "P/Invoke" },
        // pointers read and write any memory
        { "pointers", "namespace SlaKpiDsl.Generated; public static unsafe class C { public static int Read(int* p) => *p; }", "pointer or function-pointer types" },
        // indirect stores through an address made from an integer, without a pointer type in any signature
        { "unverifiable IL", "namespace SlaKpiDsl.Generated; public static unsafe class C { public static void W(long a) { *(int*)a = 1; } }", "unverifiable instruction" },
        // a static constructor that sets another type's state (allowed shape: its own type's static fields only)
        { "foreign static store", "namespace SlaKpiDsl.Generated; public static class D { public static int X; } public static class C { static C() { D.X = 1; } }", "stores into another type's field" },
        // reflection reaches anything
        { "reflection", "namespace SlaKpiDsl.Generated; public static class C { public static object? M() => typeof(C).Assembly.GetType(\"x\"); }", "type 'System.Reflection.Assembly' is not allowed" },
        // the system clock makes statements irreproducible (denied although NodaTime is allowed)
        { "clock", "namespace SlaKpiDsl.Generated; public static class C { public static object M() => NodaTime.SystemClock.Instance; }", "type 'NodaTime.SystemClock' is not allowed" },
        // types declared outside the generated namespace
        { "foreign namespace", "namespace System.IO { public static class Sneaky { } }", "type 'System.IO.Sneaky' is declared outside" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_code_is_refused_from_metadata_before_it_loads(string what, string source, string violation)
    {
        var bytes = CompileOutsideTheSandbox(source);

        var violations = AssemblyMetadataInspector.Inspect(bytes);

        Assert.True(violations.Any(v => v.Contains(violation, StringComparison.Ordinal)), what + ": " + string.Join("; ", violations));
        Assert.Null(EvaluatorAssembly.TryLoad(bytes, out var problem));
        Assert.Contains(violation, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void Bytes_that_are_not_an_assembly_are_refused_not_thrown(string kind)
    {
        var valid = CompileOutsideTheSandbox("namespace SlaKpiDsl.Generated; public static class C { }");
        byte[] bytes = kind switch
        {
            "empty" => [],
            "garbage" => System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096),
            _ => valid[..(valid.Length / 2)],
        };
        Assert.NotEmpty(AssemblyMetadataInspector.Inspect(bytes));
    }
}
