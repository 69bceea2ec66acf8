using System.Collections.Immutable;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// A bar chart as the renderer draws it, in the chart's own units (stacked segments per category, one value axis).
/// Chart models (the KPI trend, the downtime timeline) decide what goes where and are tested; this is the last step
/// before pixels. Invariants: at least one category; every segment's category index is in range and its value
/// non-negative; <see cref="AxisMin"/> &lt; <see cref="AxisMax"/>; the axis titles name their unit.
/// </summary>
public sealed record BarChartSpec
{
    public BarChartSpec(ImmutableArray<string> categoryLabels, string categoryAxisTitle, string valueAxisTitle, double axisMin, double axisMax,
        ImmutableArray<BarSegment> segments, ImmutableArray<LegendEntry> legend = default, ImmutableArray<ReferenceLine> referenceLines = default,
        ImmutableArray<double> valueTicks = default)
    {
        if (categoryLabels.IsDefaultOrEmpty) throw new ArgumentException("A bar chart has at least one category.", nameof(categoryLabels));
        if (!(axisMin < axisMax)) throw new ArgumentException($"The value axis must go up: {axisMin} to {axisMax}.", nameof(axisMax));
        CategoryLabels = categoryLabels;
        CategoryAxisTitle = categoryAxisTitle ?? "";
        ValueAxisTitle = Require.NonEmpty(valueAxisTitle, nameof(valueAxisTitle));
        AxisMin = axisMin;
        AxisMax = axisMax;
        Segments = segments.IsDefault ? [] : segments;
        foreach (var s in Segments)
        {
            if (s.Category < 0 || s.Category >= categoryLabels.Length) throw new ArgumentOutOfRangeException(nameof(segments), $"Segment category {s.Category} is not one of the {categoryLabels.Length} categories.");
        }
        Legend = legend.IsDefault ? [] : legend;
        ReferenceLines = referenceLines.IsDefault ? [] : referenceLines;
        ValueTicks = valueTicks.IsDefault ? [] : valueTicks;
    }

    public ImmutableArray<string> CategoryLabels { get; }
    public string CategoryAxisTitle { get; }
    public string ValueAxisTitle { get; }
    public double AxisMin { get; }
    public double AxisMax { get; }
    public ImmutableArray<BarSegment> Segments { get; }
    public ImmutableArray<LegendEntry> Legend { get; }
    public ImmutableArray<ReferenceLine> ReferenceLines { get; }
    /// <summary>Where the value axis has labelled ticks; empty = the renderer chooses.</summary>
    public ImmutableArray<double> ValueTicks { get; }
    /// <summary>How a value-axis tick is labelled (e.g. minutes as "90 min"); null = the number as is.</summary>
    public Func<double, string>? ValueTickLabel { get; init; }
    /// <summary>
    /// Bars lie along a value axis drawn at the bottom, the categories down the left with the first at the top: for
    /// category labels too long to sit side by side under vertical bars (contract names). False = vertical bars.
    /// </summary>
    public bool Horizontal { get; init; }
}

/// <summary>One stacked piece of a bar: from <see cref="Base"/> up by <see cref="Value"/> in the category at index <see cref="Category"/>. Invariant: value non-negative.</summary>
public sealed record BarSegment
{
    public BarSegment(int category, double @base, double value, InkColor ink)
    {
        if (value < 0 || double.IsNaN(value)) throw new ArgumentOutOfRangeException(nameof(value), "A bar segment is non-negative.");
        Category = category;
        Base = @base;
        Value = value;
        Ink = ink;
    }

    public int Category { get; }
    public double Base { get; }
    public double Value { get; }
    public InkColor Ink { get; }
    /// <summary>Text above the segment (its value with the unit), or null for none.</summary>
    public string? Label { get; init; }
}

public sealed record LegendEntry(string Text, InkColor Ink);

/// <summary>A horizontal line across the plot at a value (a target, a limit), with its label.</summary>
public sealed record ReferenceLine(double Value, string Label, InkColor Ink);

/// <summary>A chart's size on the page, in points (1/72 inch). Invariant: both positive.</summary>
public readonly record struct ChartSize
{
    public ChartSize(double widthPoints, double heightPoints)
    {
        if (widthPoints <= 0 || heightPoints <= 0) throw new ArgumentOutOfRangeException(nameof(widthPoints), "A chart has a positive size.");
        WidthPoints = widthPoints;
        HeightPoints = heightPoints;
    }

    public double WidthPoints { get; }
    public double HeightPoints { get; }
}
