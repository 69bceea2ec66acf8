using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.Cli;

/// <summary>Prints the pipeline's problems, one per line (a located diagnostic as <c>path(line,col): error SLA0000: ...</c>).</summary>
internal static class Problems
{
    public static void Print(IEnumerable<PipelineProblem> problems, TextWriter writer, TerminalColours? colours = null)
    {
        foreach (var problem in problems)
            writer.WriteLine(problem.Diagnostic is { } diagnostic && colours is not null ? colours.Line(diagnostic) : problem.ToString());
    }

    /// <summary>Prints the problems and returns the step's exit code when it has no value (1, or 2 for a bug).</summary>
    public static int Fail<T>(Outcome<T> outcome, TextWriter stderr) where T : class
    {
        Print(outcome.Problems, stderr);
        return outcome.FailureExitCode;
    }
}
