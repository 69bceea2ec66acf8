using Microsoft.CodeAnalysis;

namespace SlaKpiDsl.Compiler.Emit.Sandbox;

/// <summary>One use of something outside the sandbox, where it is, and what it is.</summary>
internal sealed record SandboxViolation(Location Location, string Description);
