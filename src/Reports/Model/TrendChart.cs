using System.Collections.Immutable;

namespace SlaKpiDsl.Reports.Model;

/// <summary>What colour a bar has, decided by the evaluator's verdict only.</summary>
public enum BarColour
{
    Met,
    Breached,
    NoVerdict,
}

/// <summary>One bar: its window label, its value (null = no data, drawn as "n/a"), and its colour from the verdict.</summary>
public sealed record TrendBar(string Label, decimal? Value, BarColour Colour);

/// <summary>
/// A KPI's trend chart as data, before any pixel: bars, unit, the value axis, the target line. Invariants: the axis
/// starts at zero (always for counts and durations) unless <see cref="AxisBroken"/> says it does not (percents near 100%) (then the chart marks the break and says where the
/// axis starts); every value and the target lie inside [AxisMin, AxisMax]; the colour of a bar is the evaluator's
/// verdict for that window (never recomputed from the value); counts are plotted as counts.
/// </summary>
public sealed record TrendChart(string Unit, string ValueAxisTitle, ImmutableArray<TrendBar> Bars, decimal? Target, decimal AxisMin, decimal AxisMax, bool AxisBroken)
{
    /// <summary>A percent axis is broken (not from zero) when every value and the target lie above this share of the largest: bars from zero would all look equal.</summary>
    public const decimal BreakWhenAllAbove = 0.9m;

    public static TrendChart For(KpiRow row, ImmutableArray<string> windowLabels)
    {
        var bars = row.Values.Select((v, i) => new TrendBar(windowLabels[i], v, Colour(row, i))).ToImmutableArray();
        decimal? target = row.TargetIsLevel ? row.Target : null;
        var known = row.Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        var noData = known.Count == 0;
        if (target is { } t) known.Add(t);
        var max = known.Count == 0 ? 1m : known.Max();
        var min = known.Count == 0 ? 0m : known.Min();
        var unitTitle = row.ValuesAreCounts ? "incidents (count)" : row.Unit.Trim() is "" ? "value" : row.Unit.Trim();
        if (noData || min < 0 || row.ValuesAreCounts || row.Unit != "%" || max <= 0 || min <= max * BreakWhenAllAbove)
        {
            // From zero: counts and durations always; percents where bars from zero still tell the values apart.
            var lo = Math.Min(0m, min);
            var hi = max <= 0 ? 1m : max + (max - lo) * 0.1m;
            if (row.Unit == "%" && max <= 100m) hi = Math.Min(hi, 100m);
            return new TrendChart(row.Unit, unitTitle, bars, target, lo, hi == lo ? lo + 1 : hi, false);
        }
        // A marked break: the axis starts below the lowest value, at a round step, and says so.
        var span = max - min;
        var pad = span == 0 ? Math.Max(Math.Abs(max) * 0.001m, 0.01m) : span * 0.25m;
        var start = Math.Max(0m, min - pad);
        var top = max + (span == 0 ? pad : span * 0.1m);
        if (row.Unit == "%" && max <= 100m) top = Math.Min(top, 100m);
        if (top <= start) top = start + pad;
        return new TrendChart(row.Unit, unitTitle, bars, target, start, top, true);
    }

    private static BarColour Colour(KpiRow row, int i) =>
        row.Verdicts.IsEmpty || row.Verdicts[i] is not { } v ? BarColour.NoVerdict
        : v switch { KpiVerdict.Met => BarColour.Met, KpiVerdict.Breached => BarColour.Breached, _ => BarColour.NoVerdict };
}
