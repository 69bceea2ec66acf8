using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Diagnostics;

/// <summary>
/// The one catalogue of diagnostic codes: one method per code, call sites never invent codes, and a test asserts
/// that codes are unique. Ranges: SLA0001-SLA0099 syntax errors (parser), SLA0100-SLA0999 semantic errors (binder,
/// checks), SLA1000-SLA1999 lint warnings (one rule a file under Compiler/Rules), SLA9000-SLA9999 internal failures
/// (compiler bugs). A code, once published, never changes meaning.
/// </summary>
public static partial class DiagnosticBuilder
{
    private static Diagnostic Error(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Error, code, message);

    private static Diagnostic Warning(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Warning, code, message);

    // ---------------------------------------------------------------------------------------------------------
    // Syntax errors, SLA0001-SLA0099 (src/Dsl/Parsing). Keep this region's methods together and in code order.
    // ---------------------------------------------------------------------------------------------------------

    // (end of syntax errors)



    // ---------------------------------------------------------------------------------------------------------
    // Semantic errors, SLA0100-SLA0999 (src/Compiler/Semantics). Keep this region's methods together and in code order.
    // ---------------------------------------------------------------------------------------------------------

    // (end of semantic errors)



    // ---------------------------------------------------------------------------------------------------------
    // Lint warnings, SLA1000-SLA1999 (src/Compiler/Rules, one rule a file).
    // ---------------------------------------------------------------------------------------------------------

    // (end of lint warnings)



    // ---------------------------------------------------------------------------------------------------------
    // Internal failures, SLA9000-SLA9999: always a bug in this tool, never in the contract.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>SLA9001: Roslyn rejected C# that this tool generated. <paramref name="generated"/> is the saved source.</summary>
    public static Diagnostic GeneratedCodeDoesNotCompile(
        SourceText generated, SourceSpan span, string roslynCode, string roslynMessage, string savedTo) =>
        Error(generated, span, "SLA9001",
            $"internal compiler error: the generated C# does not compile ({roslynCode}: {roslynMessage}). This is a bug " +
            $"in the SLA compiler, not in the contract; the generated source was saved to '{savedTo}' for the bug report.");

    /// <summary>SLA9002: generated C# uses an API outside the evaluator sandbox (file, network, process, reflection...).</summary>
    public static Diagnostic GeneratedCodeLeavesSandbox(
        SourceText generated, SourceSpan span, string violation, string savedTo) =>
        Error(generated, span, "SLA9002",
            $"internal compiler error: the generated C# leaves the evaluator sandbox: {violation}. Evaluators may only " +
            $"use System (exact value types), System.Collections, System.Linq, NodaTime and SlaKpiDsl.Runtime; the " +
            $"generated source was saved to '{savedTo}' for the bug report.");

    // (end of internal failures)
}
