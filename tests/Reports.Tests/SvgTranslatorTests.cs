using ScottPlot;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The SVG-to-vector translator on the subset Skia's SVG canvas writes for our charts (as Skia writes it), its refusals
/// of everything else, and its output for a small plot that ScottPlot itself rendered.
/// </summary>
public class SvgTranslatorTests
{
    private const string Head = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"200\" height=\"100\">\n";

    private static string Svg(string body) => Head + body + "\n</svg>\n";

    [Fact]
    public void The_subset_becomes_lines_rectangles_and_text_in_the_documents_inks()
    {
        var ops = SvgTranslator.Translate(Svg("""
            	<path fill="none" stroke="#C9D0DA" stroke-width="0.4" stroke-miterlimit="4" d="M10 50L190 50M10 20L190 20"/>
            	<clipPath id="cl_1">
            		<rect x="10" y="20" width="180" height="30"/>
            	</clipPath>
            	<g clip-path="url(#cl_1)">
            		<rect fill="#B01E23" x="40" y="10" width="8" height="40"/>
            	</g>
            	<text transform="translate(30.5 60)" font-size="6.5" font-family="Segoe WP" fill="#1F252E" x="-2.5, 1.25, " y="4.75, ">
            			20 min
            	</text>
            	<rect fill="white" fill-opacity="0" width="200" height="100"/>
            	<path fill="none" stroke="#5B6675" stroke-width="0.6" stroke-opacity="0" d="M10 20L10 50"/>
            """));
        Assert.Equal(4, ops.Length);
        Assert.Equal(new LineOp(10, 50, 190, 50, 0.4, InkColor.Rule), ops[0]);
        Assert.Equal(new LineOp(10, 20, 190, 20, 0.4, InkColor.Rule), ops[1]);
        // The bar rose above the clip (y 10) and is cut at its top (y 20).
        Assert.Equal(new RectOp(40, 20, 8, 30, InkColor.Danger, null), ops[2]);
        var text = Assert.IsType<TextOp>(ops[3]);
        Assert.Equal(("20 min", FontRole.Chart, InkColor.Text), (text.Text, text.Font, text.Color));
        Assert.Equal(28, text.X, 9);
        // The baseline is where the SVG put it; the op holds the line's top (PDFsharp's top-left alignment).
        Assert.Equal(64.75, text.Y + SvgTranslator.BaselineBelowTop, 9);
        Assert.True(SvgTranslator.BaselineBelowTop is > 0.6 * SvgTranslator.ChartFontSize and < 1.2 * SvgTranslator.ChartFontSize, SvgTranslator.BaselineBelowTop.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("<path fill=\"none\" stroke=\"#1F252E\" d=\"M0 0C1 1 2 2 3 3\"/>", "path command 'C'")]
    [InlineData("<path fill=\"#1F252E\" d=\"M0 0L1 1L1 0Z\"/>", "a filled path")]
    [InlineData("<path fill=\"none\" stroke=\"#1F252E\" stroke-dasharray=\"2 2\" d=\"M0 0L1 1\"/>", "stroke-dasharray")]
    [InlineData("<rect fill=\"#123456\" width=\"1\" height=\"1\"/>", "none of the document's inks")]
    [InlineData("<rect fill=\"#1F252E\" fill-opacity=\"0.5\" width=\"1\" height=\"1\"/>", "half-transparent")]
    [InlineData("<rect fill=\"#1F252E\" stroke=\"#1F252E\" width=\"1\" height=\"1\"/>", "a stroked rectangle")]
    [InlineData("<circle cx=\"1\" cy=\"1\" r=\"1\"/>", "<circle>")]
    [InlineData("<text transform=\"matrix(0 -1 1 0 4 59)\" font-size=\"6.5\" fill=\"#1F252E\" x=\"0, \" y=\"0, \">up</text>", "only translate")]
    [InlineData("<text transform=\"translate(1 1)\" font-size=\"16\" fill=\"#1F252E\" x=\"0, \" y=\"0, \">big</text>", "16 pt")]
    [InlineData("<text transform=\"translate(1 1)\" font-size=\"6.5\" font-weight=\"600\" fill=\"#1F252E\" x=\"0, \" y=\"0, \">bold</text>", "weight 600")]
    [InlineData("<g transform=\"scale(2)\"><rect fill=\"#1F252E\" width=\"1\" height=\"1\"/></g>", "transform")]
    public void What_it_cannot_draw_faithfully_is_refused_by_name(string element, string named)
    {
        var e = Assert.Throws<NotSupportedException>(() => SvgTranslator.Translate(Svg(element)));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bar_that_ScottPlot_rendered_lands_where_its_axes_put_it()
    {
        // One bar from 0 to 5 on a 0..10 axis, in a data area fixed at x 20..180, y 10..90 of a 200 x 100 pt chart:
        // ScottPlot's SVG, translated, is a rectangle from y 90 (value 0) up to y 50 (value 5), 0.5 wide in data units.
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Add.Bar(new Bar { Position = 0, ValueBase = 0, Value = 5, FillColor = ChartPng.Ink(InkColor.Danger), LineWidth = 0, Size = 0.5 });
        plot.Axes.SetLimits(-1, 1, 0, 10);
        plot.Layout.Fixed(new PixelRect(20, 180, 90, 10));
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        var ops = SvgTranslator.Translate(plot.GetSvgXml(200, 100));
        var bar = Assert.IsType<RectOp>(Assert.Single(ops));
        Assert.Equal(InkColor.Danger, bar.Fill);
        Assert.Equal(90, bar.Y + bar.Height, 3);
        Assert.Equal(50, bar.Y, 3);
        // 0.5 of the 2 data units across 160 pt is 40 pt, centred on the middle (x 100).
        Assert.Equal(40, bar.Width, 3);
        Assert.Equal(80, bar.X, 3);
    }
}
