using SlaKpiDsl.Compiler.Emit.Sandbox;

namespace SlaKpiDsl.Compiler.Emit.Build;

/// <summary>Where to put bug reports and which sandbox to enforce. <see cref="BugReportRoot"/> defaults to the temp folder.</summary>
public sealed record EvaluatorCompilerOptions
{
    public static EvaluatorCompilerOptions Default { get; } = new();

    /// <summary>Folder under which <c>sla-bug-&lt;hash&gt;/</c> is created when generated code fails to compile or leaves the sandbox.</summary>
    public string BugReportRoot { get; init; } = Path.GetTempPath();

    public SandboxPolicy Sandbox { get; init; } = SandboxPolicy.Default;
}
