using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Wording;

/// <summary>
/// How a reader reads an SLA whose value is a count, not a measurement: an SLA of several guarantees (its value is
/// the number breached, see <see cref="MeasureResults.ForGuarantees"/>) and an every-incident clock (its value is the
/// number of late incidents, <see cref="MeasureResults.ForEveryIncident"/>). <c>sla evaluate</c>, the statement and
/// its JSON use these words so a bare "1" never stands for "1 of 2 guarantees breached". Counts come from the trace.
/// </summary>
public static class OutcomeWording
{
    /// <summary>True when the result's value is a count of breaches rather than a measured value with a margin.</summary>
    public static bool IsCount(CommitmentResult result) =>
        result.Trace.Measurement.Condition is TargetCondition.EveryGuaranteeMet or TargetCondition.EveryIncidentWithin;

    /// <summary>True for an every-incident clock guarantee (its value is the number of late incidents).</summary>
    public static bool IsIncidentClock(CommitmentResult result) => result.Trace.Measurement.Condition is TargetCondition.EveryIncidentWithin;

    /// <summary>
    /// "1 of 2 guarantees breached", "0 of 1 incidents late" (with "1 still running" when a clock is), or null when the
    /// value is a measurement (a percent, milliseconds): then the value and its margin say it. <paramref name="brief"/>
    /// gives the table form: "1 of 2 breached", "0 of 1 late".
    /// </summary>
    public static string? Measured(CommitmentOutcome outcome, bool brief = false)
    {
        if (outcome.Result is not { } r) return null;
        var m = r.Trace.Measurement;
        var count = Count(m);
        if (m.Condition is TargetCondition.EveryGuaranteeMet)
        {
            if (outcome.Guarantees.IsEmpty) return $"{count} breached";
            var of = outcome.Guarantees.Length;
            return brief ? $"{count} of {of} breached" : $"{count} of {of} guarantee{(of == 1 ? "" : "s")} breached";
        }
        if (m.Condition is not TargetCondition.EveryIncidentWithin) return null;
        var clocks = r.Trace.Incidents.Count(i => i.Outcome is IncidentOutcome.ClockMet or IncidentOutcome.ClockBreached or IncidentOutcome.ClockPending);
        var running = r.Trace.Incidents.Count(i => i.Outcome == IncidentOutcome.ClockPending);
        if (brief) return $"{count} of {clocks} late" + (running > 0 ? $", {running} running" : "");
        return $"{count} of {clocks} incident{(clocks == 1 ? "" : "s")} late" + (running > 0 ? $" ({running} still running)" : "");
    }

    /// <summary>The incident whose clock ran longest, as "INC-2001, 2 min"; null without clocks.</summary>
    public static string? Slowest(CommitmentResult result)
    {
        var slowest = result.Trace.Incidents
            .Where(i => i.Outcome is IncidentOutcome.ClockMet or IncidentOutcome.ClockBreached or IncidentOutcome.ClockPending)
            .OrderByDescending(i => i.Seconds).ThenBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault();
        return slowest is null ? null : $"{slowest.Id}, {Words.Duration(slowest.Seconds)}";
    }

    private static string Count(MeasurementTrace m) => Words.Plain(m.Denominator == 0 ? 0m : m.Numerator / m.Denominator);
}
