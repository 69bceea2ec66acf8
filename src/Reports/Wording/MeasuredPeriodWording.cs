using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Wording;

/// <summary>
/// The measured period (denominator) of a downtime ledger in a customer's words and the statement's one unit style
/// (<see cref="Words.Duration(decimal)"/>: minutes, with seconds only when there are any), from the evaluator's typed
/// <see cref="DenominatorTrace"/>: never the trace's internal derivation text ("window 2026-11 = 2595600 s ...").
/// </summary>
public static class MeasuredPeriodWording
{
    /// <summary>E.g. "The measured period is the whole of November 2026, 43,260 min; excluded time counts as time the service was available."</summary>
    public static string Sentence(DenominatorTrace d, string periodLabel)
    {
        var removed = d.ExcludedSecondsRemoved > 0
            ? $" less excluded time, {Words.Duration(d.ExcludedSecondsRemoved)}: {Words.Duration(d.MeasuredSeconds)}"
            : "";
        var stillAvailable = " Excluded time counts as time the service was available.";
        return d.DeployedSeconds is { } deployed
            ? d.Kind == DenominatorKind.DeployedTimeMinusExcluded
                ? $"The measured period is the time the service was deployed in {periodLabel}, {Words.Duration(deployed)}{(removed.Length > 0 ? removed : $", with no excluded time to remove: {Words.Duration(d.MeasuredSeconds)}")}."
                : $"The measured period is the time the service was deployed in {periodLabel}, {Words.Duration(d.MeasuredSeconds)}.{stillAvailable}"
            : d.Kind == DenominatorKind.WindowMinusExcluded
                ? $"The measured period is the whole of {periodLabel}, {Words.Duration(d.WindowSeconds)}{(removed.Length > 0 ? removed : $", with no excluded time to remove: {Words.Duration(d.MeasuredSeconds)}")}."
                : $"The measured period is the whole of {periodLabel}, {Words.Duration(d.MeasuredSeconds)}.{stillAvailable}";
    }
}
