using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Sandbox;
using SlaKpiDsl.Compiler.Emit.Shapes;
using DslSourceText = SlaKpiDsl.Dsl.Text.SourceText;
using DslSourceSpan = SlaKpiDsl.Dsl.Text.SourceSpan;

namespace SlaKpiDsl.Compiler.Emit.Build;

/// <summary>
/// The Roslyn side of <see cref="EvaluatorCompiler"/>: every Roslyn type of the emit stage lives here, in
/// <see cref="SandboxInspector"/> and in <see cref="EvaluatorReferences"/>, never on the cache-hit path.
/// </summary>
internal static class RoslynBatchCompiler
{
    internal static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.CSharp14, DocumentationMode.None, SourceCodeKind.Regular, preprocessorSymbols: []);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        // Debug marks the module "do not optimise", so the JIT compiles generated methods at MinOpts: a collectible
        // assembly gets no tiered compilation, and FullOpts JIT of ~10 methods per contract was 60% of a fleet's
        // first evaluation (docs/performance.md, "Performance at scale"); the hot loops live in the runtime, not here.
        optimizationLevel: OptimizationLevel.Debug,
        allowUnsafe: false,
        deterministic: true,
        nullableContextOptions: NullableContextOptions.Enable,
        checkOverflow: true,
        platform: Platform.AnyCpu);

    /// <summary>
    /// Contracts' sources compiled as shapes (<see cref="ShapeParameterizer"/>): one class per distinct shape plus the
    /// instance table as a resource. When a source cannot be taken apart, or the shapes do not compile (a bug of the
    /// parameteriser or generated code outside the sandbox), the sources are compiled as written instead, so the
    /// diagnostics point into the contracts' own generated code.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CompileResult CompileContracts(IReadOnlyList<GeneratedSource> sources, EvaluatorCompilerOptions options)
    {
        var shaped = ShapeParameterizer.Parameterize(sources, ParseOptions);
        PhaseTimings.Mark("roslyn: shapes");
        if (shaped is { } s)
        {
            var result = Compile(s.Shapes, options, ContractInstanceTable.Write(s.Contracts), saveBugReport: false);
            if (result.Succeeded) return result;
        }
        return Compile(sources, options);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CompileResult Compile(IReadOnlyList<GeneratedSource> sources, EvaluatorCompilerOptions options) =>
        Compile(sources, options, instanceTable: null, saveBugReport: true);

    private static CompileResult Compile(IReadOnlyList<GeneratedSource> sources, EvaluatorCompilerOptions options, byte[]? instanceTable, bool saveBugReport)
    {
        var batchHash = BatchHash(sources, instanceTable);
        var assemblyName = "SlaKpiDsl.Generated." + batchHash[..16];
        // Each tree is a pure function of its text: parsed on every core, kept in source order (the assembly stays deterministic).
        var parsed = new SyntaxTree[sources.Count];
        Parallel.For(0, sources.Count, i => parsed[i] = CSharpSyntaxTree.ParseText(sources[i].Text, ParseOptions, path: sources[i].FileName, encoding: Encoding.UTF8));
        var trees = ImmutableArray.Create(parsed);
        PhaseTimings.Mark("roslyn: parse");
        var compilation = CSharpCompilation.Create(assemblyName, trees, EvaluatorReferences.All, CompilationOptions);
        PhaseTimings.Mark("roslyn: references");

        var violations = SandboxInspector.Inspect(compilation, options.Sandbox);
        PhaseTimings.Mark("roslyn: sandbox inspection");
        // Emit binds every body itself; a separate GetDiagnostics pass first would bind them twice.
        var errors = new List<Microsoft.CodeAnalysis.Diagnostic>();
        byte[]? bytes = null;
        if (violations.Count == 0)
        {
            using var stream = new MemoryStream();
            var resources = instanceTable is null ? null
                : new[] { new ResourceDescription(ContractInstanceTable.ResourceName, () => new MemoryStream(instanceTable, writable: false), isPublic: true) };
            var emitted = compilation.Emit(stream, manifestResources: resources);
            PhaseTimings.Mark("roslyn: emit");
            if (emitted.Success) bytes = stream.ToArray();
            else errors.AddRange(emitted.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        }
        else
        {
            errors.AddRange(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        }
        if (bytes is not null) return new CompileResult(assemblyName, bytes, []);
        if (!saveBugReport) return new CompileResult(assemblyName, null, [DiagnosticBuilder.GeneratedCodeDoesNotCompile(
            new DslSourceText("shapes", string.Empty), new DslSourceSpan(0, 0), "shapes", "the parameterised shapes did not compile", Path.GetTempPath())]);

        var bugFolder = SaveForBugReport(sources, options.BugReportRoot, batchHash);
        var diagnostics = ImmutableArray.CreateBuilder<Dsl.Diagnostics.Diagnostic>();
        foreach (var violation in violations)
        {
            var (text, span, saved) = Locate(violation.Location, sources, bugFolder);
            diagnostics.Add(DiagnosticBuilder.GeneratedCodeLeavesSandbox(text, span, violation.Description, saved));
        }
        foreach (var error in errors.Distinct())
        {
            var (text, span, saved) = Locate(error.Location, sources, bugFolder);
            diagnostics.Add(DiagnosticBuilder.GeneratedCodeDoesNotCompile(
                text, span, error.Id, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), saved));
        }
        return new CompileResult(assemblyName, null, diagnostics.ToImmutable());
    }

    private static (DslSourceText Text, DslSourceSpan Span, string SavedTo) Locate(
        Location location, IReadOnlyList<GeneratedSource> sources, string bugFolder)
    {
        var source = location.IsInSource ? sources.FirstOrDefault(s => s.FileName == location.SourceTree!.FilePath) : null;
        if (source is null) return (new DslSourceText(bugFolder, string.Empty), new DslSourceSpan(0, 0), bugFolder);
        var saved = Path.Combine(bugFolder, source.FileName);
        var span = location.SourceSpan;
        return (new DslSourceText(saved, source.Text), new DslSourceSpan(span.Start, span.Length), saved);
    }

    /// <summary>Writes every source of the batch to <c>root/sla-bug-&lt;hash&gt;/</c> and returns that folder.</summary>
    private static string SaveForBugReport(IReadOnlyList<GeneratedSource> sources, string root, string batchHash)
    {
        var folder = Path.Combine(root, "sla-bug-" + batchHash[..16]);
        Directory.CreateDirectory(folder);
        foreach (var source in sources)
            File.WriteAllText(Path.Combine(folder, source.FileName), source.Text, new UTF8Encoding(false));
        return folder;
    }

    private static string BatchHash(IReadOnlyList<GeneratedSource> sources, byte[]? instanceTable = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (instanceTable is not null) sha.AppendData(instanceTable);
        foreach (var source in sources)
        {
            // Length prefixes keep (a, bc) and (ab, c) apart.
            sha.AppendData(BitConverter.GetBytes(source.FileName.Length));
            sha.AppendData(Encoding.UTF8.GetBytes(source.FileName));
            sha.AppendData(BitConverter.GetBytes(source.Text.Length));
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(source.Text.AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
