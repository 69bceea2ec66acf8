using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class SandboxTests
{
    private static CompileResult CompileMember(string member, string usings = "") =>
        EvaluatorCompiler.CompileBatch([new GeneratedSource("Hostile.cs",
            $"{usings}\nnamespace SlaKpiDsl.Generated;\npublic static class Hostile\n{{\n    {member}\n}}\n")], Options);

    /// <summary>Hostile generated code; each row must be refused with SLA9002 naming what it used.</summary>
    public static readonly TheoryData<string, string> ForbiddenMembers = new()
    {
        // file system
        { "public static string F() => System.IO.File.ReadAllText(\"/etc/passwd\");", "System.IO.File" },
        { "public static void F() => System.IO.Directory.Delete(\"/\", true);", "System.IO.Directory" },
        { "public static object F() => new System.IO.FileStream(\"x\", System.IO.FileMode.Create);", "System.IO.FileStream" },
        // environment and process state
        { "public static string? F() => System.Environment.GetEnvironmentVariable(\"SLA_SIGNING_PASSWORD\");", "System.Environment" },
        { "public static void F() => System.Environment.Exit(3);", "System.Environment" },
        { "public static object F() => System.AppDomain.CurrentDomain;", "System.AppDomain" },
        { "public static void F() => System.Diagnostics.Debugger.Launch();", "System.Diagnostics.Debugger" },
        { "public static void F() => System.GC.Collect();", "System.GC" },
        // reflection
        { "public static object? F() => System.Activator.CreateInstance(typeof(string));", "System.Activator" },
        { "public static object? F() => System.Type.GetType(\"System.IO.File\");", "System.Type" },
        { "public static object F() => \"x\".GetType();", "System.Type" },
        { "public static object F() => typeof(string).Assembly;", "System.Type" },
        { "public static object F() => System.Reflection.Assembly.Load(\"x\");", "System.Reflection.Assembly" },
        { "public static object F() { System.Func<int> f = () => 1; return f.Method; }", "System.Reflection.MethodInfo" },
        // interop and unsafe
        { "public static System.IntPtr F() => System.Runtime.InteropServices.Marshal.AllocHGlobal(8);", "System.Runtime.InteropServices.Marshal" },
        { "[System.Runtime.InteropServices.DllImport(\"libc\")] public static extern int getpid();", "'extern'" },
        { "[System.Runtime.InteropServices.DllImport(\"libc\")] public static extern int getpid();", "DllImportAttribute" },
        { "public static unsafe int F() { int x = 1; int* p = &x; return *p; }", "'unsafe'" },
        { "public static int F() { int x = 1; return System.Runtime.CompilerServices.Unsafe.As<int, int>(ref x); }", "System.Runtime.CompilerServices.Unsafe" },
        { "public static void F(__arglist) { }", "'__arglist'" },
        // dynamic
        { "public static object F() { dynamic d = 1; return d + 1; }", "'dynamic'" },
        // threads and tasks
        { "public static object F() => new System.Threading.Thread(() => { });", "System.Threading.Thread" },
        { "public static object F() => System.Threading.Tasks.Task.Run(() => 1);", "System.Threading.Tasks.Task" },
        // clocks and floating point: statements must be reproducible and exact
        { "public static object F() => System.DateTime.Now;", "System.DateTime" },
        { "public static object F() => NodaTime.SystemClock.Instance.GetCurrentInstant();", "NodaTime.SystemClock" },
        { "public static double F() => 0.1;", "System.Double" },
        { "public static object F() => new System.Random().Next();", "System.Random" },
        // indirect spellings: global::, target-typed new, extension-style helpers, runtime helpers
        { "public static string F() => global::System.IO.File.ReadAllText(\"x\");", "System.IO.File" },
        { "public static object F() { System.IO.StringReader r = new(\"x\"); return r; }", "System.IO.StringReader" },
        { "public static int F() { int x = 0; return System.Threading.Interlocked.Increment(ref x); }", "System.Threading.Interlocked" },
        { "public static object F() => System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(null!);", "System.Runtime.CompilerServices.RuntimeHelpers" },
        { "public static object F() { System.Func<int> f = () => 1; return f.DynamicInvoke()!; }", "System.Delegate" },
        // the runtime's own file readers: only the data model records are allowed, not the loaders
        { "public static object F() => SlaKpiDsl.Runtime.Data.DataDirectory.Load(\"/etc\", new SlaKpiDsl.Runtime.Data.DataLoadOptions());", "SlaKpiDsl.Runtime.Data.DataDirectory" },
        { "public static object F() => SlaKpiDsl.Runtime.Data.DataFile.ReadIncidents(\"/etc/passwd\", null!);", "SlaKpiDsl.Runtime.Data.DataFile" },
        // directives
        { "#pragma warning disable\n    public static int F() => 1;", "#pragma" },
        { "#line 1 \"contract.sla\"\n    public static int F() => 1;", "#line" },
    };

    /// <summary>The same barrier where the inspector reads a bound operation tree: field and property initializers, lambdas, catch clauses.</summary>
    public static readonly TheoryData<string, string> ForbiddenInitializers = new()
    {
        { "public static readonly string X = System.IO.File.ReadAllText(\"x\");", "System.IO.File" },
        { "public static readonly System.Func<string?> X = () => System.Environment.GetEnvironmentVariable(\"P\");", "System.Environment" },
        { "public static object P { get; } = typeof(string).Assembly;", "System.Type" },
        { "public static readonly System.Func<int> X = () => { try { return 1; } catch (System.IO.IOException) { return 2; } };", "System.IO.IOException" },
        { "public static readonly System.Collections.Generic.List<object> X = [new System.Random()];", "System.Random" },
        { "public static readonly System.Func<object, bool> X = o => o is System.IO.FileInfo;", "System.IO.FileInfo" },
        { "public static readonly object X = new System.Func<System.IO.Stream?, int>(s => 0);", "System.IO.Stream" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenInitializers))]
    public void Forbidden_api_in_an_initializer_or_lambda_is_rejected_with_SLA9002(string member, string expectedMention)
    {
        var result = CompileMember(member);

        Assert.False(result.Succeeded);
        var sandbox = result.Diagnostics.Where(d => d.Code == "SLA9002").ToList();
        Assert.Contains(sandbox, d => d.Message.Contains(expectedMention, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ForbiddenMembers))]
    public void Forbidden_api_is_rejected_with_SLA9002(string member, string expectedMention)
    {
        var result = CompileMember(member);

        Assert.False(result.Succeeded);
        Assert.Null(result.AssemblyBytes);
        var sandbox = result.Diagnostics.Where(d => d.Code == "SLA9002").ToList();
        Assert.NotEmpty(sandbox);
        Assert.Contains(sandbox, d => d.Message.Contains(expectedMention, StringComparison.Ordinal));
        Assert.All(sandbox, d => Assert.Equal("Hostile.cs", Path.GetFileName(d.Source.Path)));
    }

    [Theory]
    [InlineData("using System.IO;", "namespace 'System.IO'")]
    [InlineData("using System.Reflection;", "namespace 'System.Reflection'")]
    [InlineData("using X = System.Runtime.InteropServices;", "namespace 'System.Runtime.InteropServices'")]
    [InlineData("using static System.IO.File;", "type 'System.IO.File'")]
    [InlineData("using F = System.IO.File;", "type 'System.IO.File'")]
    public void Using_a_forbidden_namespace_is_rejected(string usings, string expectedMention)
    {
        var result = CompileMember("public static int F() => 1;", usings);
        Assert.Contains(result.Diagnostics, d => d.Code == "SLA9002" && d.Message.Contains(expectedMention, StringComparison.Ordinal));
    }

    [Fact]
    public void Types_outside_the_generated_namespace_are_rejected()
    {
        var result = EvaluatorCompiler.CompileBatch([new GeneratedSource("Elsewhere.cs", "namespace System.IO { public static class Sneaky { } }")], Options);
        Assert.Contains(result.Diagnostics, d => d.Code == "SLA9002" && d.Message.Contains("must be declared in namespace", StringComparison.Ordinal));
    }

    [Fact]
    public void Assemblies_outside_the_reference_set_do_not_resolve_at_all()
    {
        // System.Net.Http and System.Diagnostics.Process are not referenced: such code cannot even bind.
        var result = CompileMember("public static object F() => new System.Net.Http.HttpClient();");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code is "SLA9001" or "SLA9002");
        var process = CompileMember("public static object F() => System.Diagnostics.Process.Start(\"sh\");");
        Assert.False(process.Succeeded);
        var console = CompileMember("public static void F() => System.Console.WriteLine(1);");
        Assert.False(console.Succeeded);
        Assert.Contains(console.Diagnostics, d => d.Code == "SLA9001" && d.Message.Contains("Console", StringComparison.Ordinal));
        // Expression trees (a route to runtime code generation) live in System.Linq.Expressions.dll, not referenced.
        var expression = CompileMember("public static object F() { System.Linq.Expressions.Expression<System.Func<int>> e = () => 1; return e; }");
        Assert.False(expression.Succeeded);
    }

    [Fact]
    public void Code_an_evaluator_needs_is_allowed()
    {
        // Control row: exact arithmetic, LINQ, immutable collections, NodaTime, the runtime's interface.
        var member = """
            public static object[] Values()
            {
                var xs = System.Collections.Immutable.ImmutableArray.Create(1.5m, 2.25m, 3m);
                var total = System.Linq.Enumerable.Sum(xs);
                var list = new System.Collections.Generic.List<NodaTime.Instant> { NodaTime.Instant.FromUnixTimeTicks(0L) };
                var window = new NodaTime.Interval(list[0], list[0] + NodaTime.Duration.FromMinutes(43_260));
                var rounded = System.Math.Round(total / 7m, 2, System.MidpointRounding.AwayFromZero);
                var text = string.Concat("a", "b").ToUpperInvariant();
                global::SlaKpiDsl.Runtime.Evaluation.ICompiledContract? none = null;
                SlaKpiDsl.Runtime.Data.Incident? incident = null;
                return new object[] { total, window.Duration.BclCompatibleTicks > 0, rounded, text, none is null, System.Linq.Enumerable.Count(list, i => i > list[0]) };
            }
            """;
        var result = CompileMember(member);
        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal([6.75m, true, 0.96m, "AB", true, 0], RunValues("Hostile", $"namespace SlaKpiDsl.Generated;\npublic static class Hostile\n{{\n{member}\n}}\n"));
    }
}
