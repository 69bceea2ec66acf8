using System.Collections.Immutable;

namespace SlaKpiDsl.Reports.Layout;

/// <summary>A positioned drawing instruction in points, origin top-left; the layout pass emits them, the PDF pass draws them.</summary>
public abstract record DrawOp;

/// <summary>Text whose top-left corner is at (X, Y).</summary>
public sealed record TextOp(double X, double Y, string Text, FontRole Font, InkColor Color) : DrawOp;

public sealed record LineOp(double X1, double Y1, double X2, double Y2, double Width, InkColor Color) : DrawOp;

public sealed record RectOp(double X, double Y, double Width, double Height, InkColor Fill, InkColor? Stroke) : DrawOp;

/// <summary>
/// A raster image (a rendered chart) placed with its top-left corner at (X, Y) and drawn at Width x Height points,
/// whatever its pixel size (a chart rendered at print resolution has more pixels than points).
/// </summary>
public sealed record ImageOp(double X, double Y, double Width, double Height, SlaKpiDsl.Reports.Charts.ChartImage Image) : DrawOp;

/// <summary>One laid-out page: its content operations (page furniture is added when drawing, once the page count is known).</summary>
public sealed record LaidOutPage(ImmutableArray<DrawOp> Ops);
