using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Wording;

public static partial class Words
{
    /// <summary>
    /// A guarantee as the contract words it: "success rate at least 99.95%", "p95 latency at most 500 ms in at least 99%
    /// of 5-minute slices", "response to severity 1 incidents on api within 15 min, every incident".
    /// </summary>
    public static string Guarantee(GuaranteeTerms terms) => terms switch
    {
        ThresholdTerms { SliceSharePercent: { } share, SliceLength: { } length } t =>
            $"{t.Measure} {Comparison(t.Operator, t.Bound)} in at least {AsWritten(share)}% of {(length.BclCompatibleTicks / (decimal)NodaTime.NodaConstants.TicksPerMinute).ToString("0.######", Invariant)}-minute slices",
        ThresholdTerms t => $"{t.Measure} {Comparison(t.Operator, t.Bound)}",
        ClockTerms c => $"{(c.Kind == ClockKind.Response ? "response" : "resolution")} to {Incidents(c.Incidents)} within {Duration(c.Within)}"
            + (c.RequiredSharePercent is { } share ? $" for at least {AsWritten(share)}% of incidents" : ", every incident"),
        AlertTerms a => $"{AsWritten(a.SharePercent)}% of alerts on {string.Join(" and ", a.Services)} acknowledged within {Duration(a.Within)}",
        _ => "as worded in the contract",
    };

    private static string Comparison(ComparisonOperator op, GuaranteeBound bound) => op switch
    {
        ComparisonOperator.AtLeast => "at least ",
        ComparisonOperator.AtMost => "at most ",
        ComparisonOperator.Above => "above ",
        _ => "below ",
    } + bound switch
    {
        GuaranteeBound.Percent p => AsWritten(p.Value) + "%",
        GuaranteeBound.Duration d => d.Written,
        GuaranteeBound.Count c => AsWritten(c.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(bound), bound, "A bound kind without wording."),
    };

    /// <summary>"severity 1-2 incidents on api and db with impact outage", as the contract selects them.</summary>
    public static string Incidents(IncidentScope scope) =>
        (scope.SeverityLow is { } low ? $"severity {low}{(scope.SeverityHigh is { } high && high != low ? $"-{high}" : "")} " : "") + "incidents"
        + (scope.Services.IsEmpty ? "" : " on " + string.Join(" and ", scope.Services))
        + (scope.Impacts.IsEmpty ? "" : " with impact " + string.Join(" or ", scope.Impacts));
}
