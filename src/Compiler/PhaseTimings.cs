using System.Diagnostics;

namespace SlaKpiDsl.Compiler;

/// <summary>
/// Phase times of one command run, printed to stderr when <c>SLA_TIMINGS=1</c> (docs/performance.md uses them to find
/// where a run's time goes). Off by default: then <see cref="Mark"/> only reads a flag. The first line is the time from
/// process start to <c>Main</c> (runtime start-up and host), the rest are the phases since the previous mark, with the
/// process's CPU time (all threads) beside the wall time, which matters on a loaded machine.
/// </summary>
public static class PhaseTimings
{
    private static long _last = Stopwatch.GetTimestamp();
    private static readonly long First = _last;

    /// <summary>Called first thing in Main: prints how long the runtime took to get there.</summary>
    public static void Start()
    {
        if (!Enabled) return;
        _last = Stopwatch.GetTimestamp();
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine($"sla-timing: {"process start to Main",-32} {sinceStart.TotalMilliseconds,8:F1} ms");
    }

    /// <summary>Prints the time since the previous mark under <paramref name="phase"/>.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("SLA_TIMINGS") == "1";

    public static void Mark(string phase)
    {
        if (!Enabled) return;
        var now = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        Console.Error.WriteLine($"sla-timing: {phase,-32} {Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds,8:F1} ms (total {Stopwatch.GetElapsedTime(First, now).TotalMilliseconds:F1}, cpu {cpu:F0})");
        _last = now;
    }
}
