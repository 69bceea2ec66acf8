using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// One weighted selection of an incident downtime rule as data: incidents on one of <see cref="Services"/> (any service
/// when empty), of a severity in [<see cref="SeverityLow"/>, <see cref="SeverityHigh"/>] (either bound absent: open), with
/// one of <see cref="Impacts"/> (any when empty), weigh <see cref="Weight"/>.
/// </summary>
public sealed record IncidentSelectionRule(ImmutableArray<string> Services, int? SeverityLow, int? SeverityHigh, ImmutableArray<Impact> Impacts, decimal Weight);

/// <summary>An uncapped incident exclusion as data: an incident caused by one of <see cref="Causes"/> or tagged one of <see cref="Tags"/>.</summary>
public sealed record IncidentExclusionRule(string Clause, ImmutableArray<string> Causes, ImmutableArray<string> Tags);

/// <summary>
/// A <see cref="DowntimeCommitment"/>'s qualify-and-weight rule and its incident exclusions as data, so the downtime
/// kernel reads them on an <see cref="IncidentTable"/>'s columns without making an <see cref="Incident"/> per row.
/// Invariant (the emitter writes both from the same selections): for every incident without an affected share,
/// <see cref="Weight"/> equals the commitment's <see cref="DowntimeCommitment.Weight"/> (the first selection that matches
/// decides, none: 0) and <see cref="ExcludedBy"/> the clause of the first of its <see cref="DowntimeCommitment.IncidentExclusions"/>
/// that applies. Rows kept whole (an affected share among them) are read through the commitment's delegates instead.
/// </summary>
public sealed class IncidentRule
{
    public IncidentRule(ImmutableArray<IncidentSelectionRule> selections, ImmutableArray<IncidentExclusionRule> exclusions)
    {
        Selections = selections.IsDefault ? [] : selections;
        Exclusions = exclusions.IsDefault ? [] : exclusions;
    }

    public ImmutableArray<IncidentSelectionRule> Selections { get; }
    public ImmutableArray<IncidentExclusionRule> Exclusions { get; }

    /// <summary>The weight of a column row (not kept whole) of <paramref name="segment"/>.</summary>
    internal decimal Weight(IncidentSegment segment, int row)
    {
        foreach (var selection in Selections)
            if (Matches(selection, segment, row)) return selection.Weight;
        return 0m;
    }

    private static bool Matches(IncidentSelectionRule selection, IncidentSegment segment, int row)
    {
        if (!selection.Services.IsEmpty)
        {
            var service = segment.Service(row);
            var any = false;
            foreach (var s in selection.Services)
                if (string.Equals(s, service, StringComparison.Ordinal)) { any = true; break; }
            if (!any) return false;
        }
        var severity = segment.Severity(row);
        if (selection.SeverityLow is { } low && severity < low) return false;
        if (selection.SeverityHigh is { } high && severity > high) return false;
        if (!selection.Impacts.IsEmpty && !selection.Impacts.Contains(segment.ImpactOf(row))) return false;
        return true;
    }

    /// <summary>The clause of the first exclusion that applies to a column row, or null.</summary>
    internal string? ExcludedBy(IncidentSegment segment, int row)
    {
        foreach (var exclusion in Exclusions)
        {
            if (!exclusion.Causes.IsEmpty && segment.Cause(row) is { } cause)
                foreach (var c in exclusion.Causes)
                    if (string.Equals(c, cause, StringComparison.Ordinal)) return exclusion.Clause;
            if (!exclusion.Tags.IsEmpty)
            {
                var tags = segment.Tags(row);
                foreach (var t in exclusion.Tags)
                    if (tags.Contains(t)) return exclusion.Clause;
            }
        }
        return null;
    }
}

/// <summary>What a generated evaluator reads incidents through: the input's rows in columns when the host gave them (<see cref="EvaluationInput.IncidentRows"/>), else its objects.</summary>
public static class IncidentSource
{
    public static IncidentRows Of(EvaluationInput input) => input.IncidentRows ?? new IncidentRows(input.Incidents);
}
