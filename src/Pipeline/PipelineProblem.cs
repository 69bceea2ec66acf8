using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Pipeline;

/// <summary>How bad a problem is: <see cref="Error"/> is the user's input (exit 1), <see cref="Bug"/> is sla's own (exit 2).</summary>
public enum ProblemKind
{
    Error,
    Warning,
    Bug,
}

/// <summary>
/// Something the pipeline could not do, returned as a value (the command line prints it). Exactly one of: a located
/// contract <see cref="Diagnostic"/> (path, line, column, code), the data loader's <see cref="DataLog"/> (every entry
/// with its file, line and field), or a plain <see cref="Message"/> about a path or argument.
/// </summary>
public sealed record PipelineProblem
{
    private PipelineProblem(ProblemKind kind, string message, Diagnostic? diagnostic, DataErrorLog? dataLog)
    {
        Kind = kind;
        Message = message;
        Diagnostic = diagnostic;
        DataLog = dataLog;
    }

    public ProblemKind Kind { get; }
    public string Message { get; }
    public Diagnostic? Diagnostic { get; }
    public DataErrorLog? DataLog { get; }

    public static PipelineProblem Error(string message) => new(ProblemKind.Error, message, null, null);

    public static PipelineProblem Warning(string message) => new(ProblemKind.Warning, message, null, null);

    /// <summary>A bug in sla (exit 2); the message says so.</summary>
    public static PipelineProblem Bug(string message) => new(ProblemKind.Bug, message, null, null);

    /// <summary>A contract diagnostic; an SLA9xxx internal diagnostic counts as a bug.</summary>
    public static PipelineProblem Located(Diagnostic diagnostic) =>
        new(diagnostic.Code.StartsWith("SLA9", StringComparison.Ordinal) ? ProblemKind.Bug
            : diagnostic.Severity == DiagnosticSeverity.Error ? ProblemKind.Error : ProblemKind.Warning,
            diagnostic.Message, diagnostic, null);

    /// <summary>The data loader's log; an error when the load failed, a warning when it went on (a lenient load).</summary>
    public static PipelineProblem Data(DataErrorLog log, bool loadSucceeded) =>
        new(loadSucceeded ? ProblemKind.Warning : ProblemKind.Error, "data errors", null, log);

    /// <summary>The line(s) the command line prints: the diagnostic as <c>path(line,col): error SLA0000: ...</c>, the data log, or <c>error: ...</c>.</summary>
    public override string ToString() =>
        Diagnostic?.ToString() ?? DataLog?.Format() ?? Kind switch
        {
            ProblemKind.Bug => "internal error: " + Message,
            ProblemKind.Warning => "warning: " + Message,
            _ => "error: " + Message,
        };

    /// <summary>The message printed when the generated C# does not compile (after its SLA9xxx diagnostics).</summary>
    internal static PipelineProblem GeneratedCodeDidNotCompile() =>
        Bug("the generated C# did not compile -- this is a bug in sla, please report it");
}

/// <summary>A pipeline step's value (null when the step could not produce one) and the problems found on the way, in the order found.</summary>
public sealed record Outcome<T>(T? Value, ImmutableArray<PipelineProblem> Problems) where T : class
{
    public bool Succeeded => Value is not null;

    /// <summary>2 when a problem is a bug in sla, otherwise 1: the exit code for a step without a value.</summary>
    public int FailureExitCode => Problems.Any(p => p.Kind == ProblemKind.Bug) ? 2 : 1;
}
