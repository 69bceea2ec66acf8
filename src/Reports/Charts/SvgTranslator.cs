using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// Translates the SVG that Skia's SVG canvas writes for a ScottPlot chart into our <see cref="DrawOp"/>s, so the chart
/// reaches the PDF as vectors: lines, filled rectangles and text set in the document's embedded font
/// (<see cref="FontRole.Chart"/>), which pdftotext reads. Units: one SVG unit is one point, origin top-left (the
/// layout's coordinates); the caller offsets the operations to the chart's box.
/// The subset is the one our chart styles produce, and nothing else is guessed at: <c>rect</c> (filled, no stroke),
/// <c>path</c> (stroked, no fill, straight segments M/L only), <c>text</c> (translate only, one line), clipping by a
/// rectangle (applied exactly to rectangles and to horizontal or vertical lines), colours that are exactly one of the
/// document's inks, fully opaque or fully transparent (a fully transparent element draws nothing and is left out).
/// Anything else (curves, fills of paths, dashes, rotated text, half-transparent ink, an unknown element or a colour
/// that is no ink) throws <see cref="NotSupportedException"/> naming it: a chart is never drawn silently different.
/// </summary>
public static class SvgTranslator
{
    /// <summary>The font size (points) of the text this translator sets, in <see cref="FontRole.Chart"/>.</summary>
    public const double ChartFontSize = 6.5;

    private static readonly ImmutableArray<(InkColor Ink, int Rgb)> Inks = [.. Enum.GetValues<InkColor>().Select(ink =>
    {
        var c = Typography.Color(ink);
        return (ink, (c.R << 16) | (c.G << 8) | c.B);
    })];

    /// <summary>The operations of the drawing, in painting order; throws <see cref="NotSupportedException"/> outside the subset.</summary>
    public static ImmutableArray<DrawOp> Translate(string svg)
    {
        var ops = ImmutableArray.CreateBuilder<DrawOp>();
        var clips = new Dictionary<string, Rect>(StringComparer.Ordinal);
        var clipStack = new Stack<Rect?>();
        string? clipId = null;
        (double X, double Baseline, InkColor? Ink, bool Clipped, System.Text.StringBuilder Text)? pending = null;
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
        while (reader.Read())
        {
            if (pending is { } p && reader.NodeType is XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA)
            {
                p.Text.Append(reader.Value);
                continue;
            }
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "text" && pending is { } t)
                {
                    pending = null;
                    // Skia's writer indents the content on its own line: the text is what lies between.
                    var content = t.Text.ToString().Trim('\n', '\r', '\t');
                    if (t.Ink is null || content.Length == 0) continue;
                    if (t.Clipped) throw Unsupported(reader, "clipped text");
                    ops.Add(new TextOp(t.X, t.Baseline - BaselineBelowTop, content, FontRole.Chart, t.Ink.Value));
                }
                else if (reader.LocalName == "g") clipStack.Pop();
                else if (reader.LocalName == "clipPath") clipId = null;
                continue;
            }
            if (reader.NodeType != XmlNodeType.Element) continue;
            var clip = clipStack.Count > 0 ? clipStack.Peek() : null;
            switch (reader.LocalName)
            {
                case "svg":
                    break;
                case "clipPath":
                    clipId = Required(reader, "id");
                    if (reader.IsEmptyElement) throw Unsupported(reader, "an empty clip path");
                    break;
                case "g":
                    RejectOthers(reader, "clip-path");
                    var url = reader.GetAttribute("clip-path");
                    Rect? groupClip = clip;
                    if (url is not null)
                    {
                        if (!url.StartsWith("url(#", StringComparison.Ordinal) || !url.EndsWith(')') || !clips.TryGetValue(url[5..^1], out var r))
                            throw Unsupported(reader, $"clip-path=\"{url}\" (no such rectangle clip)");
                        groupClip = clip is { } outer ? outer.Intersect(r) : r;
                    }
                    if (reader.IsEmptyElement) break;
                    clipStack.Push(groupClip);
                    break;
                case "rect":
                    var rect = new Rect(Number(reader, "x", 0), Number(reader, "y", 0), Number(reader, "width"), Number(reader, "height"));
                    if (clipId is not null)
                    {
                        RejectOthers(reader, "x", "y", "width", "height");
                        clips[clipId] = rect;
                        break;
                    }
                    RejectOthers(reader, "x", "y", "width", "height", "fill", "fill-opacity", "opacity", "stroke");
                    if (reader.GetAttribute("stroke") is { } rs && rs != "none") throw Unsupported(reader, $"a stroked rectangle (stroke=\"{rs}\")");
                    if (!Visible(reader, "fill-opacity") || !Visible(reader, "opacity")) break;
                    if (Ink(reader, "fill", "black") is not { } fill) break;
                    if (clip is { } c) rect = rect.Intersect(c);
                    if (rect.Width > 0 && rect.Height > 0) ops.Add(new RectOp(rect.X, rect.Y, rect.Width, rect.Height, fill, null));
                    break;
                case "path":
                    if (clipId is not null) throw Unsupported(reader, "a clip path that is not a rectangle");
                    RejectOthers(reader, "d", "fill", "stroke", "stroke-width", "stroke-miterlimit", "stroke-opacity", "opacity", "stroke-linecap");
                    if (reader.GetAttribute("fill") != "none") throw Unsupported(reader, $"a filled path (fill=\"{reader.GetAttribute("fill") ?? "black"}\")");
                    if (!Visible(reader, "stroke-opacity") || !Visible(reader, "opacity")) break;
                    if (Ink(reader, "stroke", "none") is not { } stroke) break;
                    var width = Number(reader, "stroke-width", 1);
                    foreach (var (x1, y1, x2, y2) in Segments(reader, Required(reader, "d")))
                    {
                        if (Clip(x1, y1, x2, y2, clip, reader) is { } s) ops.Add(new LineOp(s.X1, s.Y1, s.X2, s.Y2, width, stroke));
                    }
                    break;
                case "text":
                    if (clipId is not null) throw Unsupported(reader, "a clip path that is not a rectangle");
                    RejectOthers(reader, "transform", "font-size", "font-family", "font-weight", "x", "y", "fill", "fill-opacity", "opacity");
                    var size = Number(reader, "font-size");
                    if (Math.Abs(size - ChartFontSize) > 1e-6) throw Unsupported(reader, $"text in {size.ToString(CultureInfo.InvariantCulture)} pt (charts set text in {ChartFontSize.ToString(CultureInfo.InvariantCulture)} pt)");
                    if (reader.GetAttribute("font-weight") is { } weight && weight is not ("400" or "normal")) throw Unsupported(reader, $"text of weight {weight}");
                    var (tx, ty) = Translation(reader);
                    var x = tx + FirstNumber(reader, "x");
                    var baseline = ty + FirstNumber(reader, "y");
                    var visible = Visible(reader, "fill-opacity") && Visible(reader, "opacity");
                    var ink = visible ? Ink(reader, "fill", "black") : null;
                    if (reader.IsEmptyElement) break;
                    pending = (x, baseline, ink, clip is not null, new System.Text.StringBuilder());
                    break;
                default:
                    throw Unsupported(reader, $"the element <{reader.LocalName}>");
            }
        }
        return ops.ToImmutable();
    }

    /// <summary>
    /// How far below a text's top (where <see cref="TextOp"/> places it: PDFsharp's top-left alignment) its baseline
    /// lies in <see cref="FontRole.Chart"/>: the line's ascent share of the line height, as PDFsharp computes it.
    /// </summary>
    public static double BaselineBelowTop
    {
        get
        {
            var font = Typography.Font(FontRole.Chart);
            return font.GetHeight() * font.CellAscent / font.CellSpace;
        }
    }

    private readonly record struct Rect(double X, double Y, double Width, double Height)
    {
        public double Right => X + Width;
        public double Bottom => Y + Height;

        public Rect Intersect(Rect o)
        {
            var x = Math.Max(X, o.X);
            var y = Math.Max(Y, o.Y);
            return new Rect(x, y, Math.Max(0, Math.Min(Right, o.Right) - x), Math.Max(0, Math.Min(Bottom, o.Bottom) - y));
        }
    }

    private static (double X1, double Y1, double X2, double Y2)? Clip(double x1, double y1, double x2, double y2, Rect? clip, XmlReader at)
    {
        if (clip is not { } c) return (x1, y1, x2, y2);
        if (y1 == y2)
        {
            if (y1 < c.Y || y1 > c.Bottom) return null;
            var (a, b) = (Math.Max(Math.Min(x1, x2), c.X), Math.Min(Math.Max(x1, x2), c.Right));
            return a < b ? (a, y1, b, y2) : null;
        }
        if (x1 == x2)
        {
            if (x1 < c.X || x1 > c.Right) return null;
            var (a, b) = (Math.Max(Math.Min(y1, y2), c.Y), Math.Min(Math.Max(y1, y2), c.Bottom));
            return a < b ? (x1, a, x2, b) : null;
        }
        throw Unsupported(at, "a clipped line that is neither horizontal nor vertical");
    }

    /// <summary>The straight segments of a path made of M and L commands (absolute coordinates, as Skia writes them).</summary>
    private static List<(double, double, double, double)> Segments(XmlReader at, string d)
    {
        var segments = new List<(double, double, double, double)>();
        var i = 0;
        double cx = 0, cy = 0;
        var started = false;
        while (true)
        {
            SkipSpace(d, ref i);
            if (i >= d.Length) break;
            var command = d[i++];
            if (command is not ('M' or 'L')) throw Unsupported(at, $"the path command '{command}' (only straight segments M and L are drawn)");
            var x = ReadNumber(d, ref i, at);
            var y = ReadNumber(d, ref i, at);
            if (command == 'L')
            {
                if (!started) throw Unsupported(at, "a path that draws before it moves");
                segments.Add((cx, cy, x, y));
            }
            (cx, cy, started) = (x, y, true);
        }
        return segments;
    }

    private static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == ',' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) i++;
    }

    private static double ReadNumber(string s, ref int i, XmlReader at)
    {
        SkipSpace(s, ref i);
        var start = i;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or '-' or '+' or 'e' or 'E')) i++;
        if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw Unsupported(at, $"a path number at offset {start} of \"{s}\"");
        return value;
    }

    private static (double X, double Y) Translation(XmlReader at)
    {
        var transform = at.GetAttribute("transform");
        if (transform is null) return (0, 0);
        if (!transform.StartsWith("translate(", StringComparison.Ordinal) || !transform.EndsWith(')')) throw Unsupported(at, $"the transform \"{transform}\" (only translate)");
        var parts = transform["translate(".Length..^1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2) throw Unsupported(at, $"the transform \"{transform}\"");
        return (Parse(parts[0], at), parts.Length == 2 ? Parse(parts[1], at) : 0);
    }

    private static double FirstNumber(XmlReader at, string name)
    {
        var value = Required(at, name);
        var end = value.IndexOf(',', StringComparison.Ordinal);
        return Parse(end < 0 ? value : value[..end], at);
    }

    private static double Number(XmlReader at, string name, double? absent = null)
    {
        var value = at.GetAttribute(name);
        if (value is null) return absent ?? throw Unsupported(at, $"no {name}");
        return Parse(value, at);
    }

    private static double Parse(string value, XmlReader at) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Unsupported(at, $"the number \"{value}\"");

    private static string Required(XmlReader at, string name) => at.GetAttribute(name) ?? throw Unsupported(at, $"no {name}");

    /// <summary>False for a fully transparent element (it draws nothing), true for an opaque one; anything between is not drawn faithfully.</summary>
    private static bool Visible(XmlReader at, string name)
    {
        var value = at.GetAttribute(name);
        if (value is null) return true;
        var alpha = Parse(value, at);
        if (alpha <= 0) return false;
        if (alpha >= 1) return true;
        throw Unsupported(at, $"{name}=\"{value}\" (half-transparent ink)");
    }

    /// <summary>The ink of a colour attribute, or null for none; a colour that is none of the document's inks is refused.</summary>
    private static InkColor? Ink(XmlReader at, string name, string absent)
    {
        var value = at.GetAttribute(name) ?? absent;
        if (value == "none") return null;
        int rgb = value switch
        {
            "black" => 0x000000,
            "white" => 0xFFFFFF,
            ['#', .. var hex] when hex.Length == 6 && int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) => v,
            _ => throw Unsupported(at, $"the colour {name}=\"{value}\""),
        };
        foreach (var (ink, inkRgb) in Inks)
        {
            if (inkRgb == rgb) return ink;
        }
        throw Unsupported(at, $"the colour {name}=\"{value}\", which is none of the document's inks");
    }

    private static void RejectOthers(XmlReader at, params string[] known)
    {
        if (!at.MoveToFirstAttribute()) return;
        do
        {
            if (Array.IndexOf(known, at.LocalName) < 0 && at.Prefix != "xmlns" && at.LocalName != "xmlns")
            {
                var (name, value) = (at.LocalName, at.Value);
                at.MoveToElement();
                throw Unsupported(at, $"the attribute {name}=\"{value}\"");
            }
        } while (at.MoveToNextAttribute());
        at.MoveToElement();
    }

    private static NotSupportedException Unsupported(XmlReader at, string what)
    {
        var line = at is IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber})" : "";
        return new NotSupportedException($"The chart's SVG has {what} in <{at.LocalName}>{line}; the vector translator draws lines, filled rectangles and one-line text in the document's inks only.");
    }
}
