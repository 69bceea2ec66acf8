using SlaKpiDsl.Compiler;

namespace SlaKpiDsl.Pipeline;

/// <summary>The phase timings of one process (printed to stderr when <c>SLA_TIMINGS</c> is set; see <see cref="PhaseTimings"/>).</summary>
public static class RunTimings
{
    public static void Start() => PhaseTimings.Start();

    public static void Mark(string phase) => PhaseTimings.Mark(phase);
}
