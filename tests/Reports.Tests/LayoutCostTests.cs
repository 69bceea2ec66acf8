using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// Layout cost is linear in the length of a word: a 20,000-character unbroken word in a customer name or incident id
/// used to take minutes (every shorter prefix was measured again). Checked by counting measured characters, not by a
/// clock, so the test means the same on a loaded machine.
/// </summary>
public class LayoutCostTests
{
    [Theory]
    [InlineData(2_000)]
    [InlineData(10_000)]
    [InlineData(20_000)]
    public void A_long_word_breaks_across_lines_with_linear_measuring(int length)
    {
        var word = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
        const double width = 300;
        var (lines, calls, chars) = PageLayoutEngine.WrapMeasured("Acme " + word + " Corp", FontRole.Body, width);
        // Nothing dropped, nothing added: the lines are the text, broken.
        Assert.Equal("Acme" + word + "Corp", string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
        Assert.True(lines.Count > length / 200, $"{lines.Count} lines for {length} characters: the word was not broken");
        Assert.All(lines, l => Assert.True(PageLayoutEngine.WrapMeasured(l, FontRole.Body, width).Lines.Count == 1, $"line wider than {width}: {l}"));
        // Linear: the whole text once, each line's piece once, each distinct character once, plus small change.
        Assert.True(chars <= 3L * length + 2_000, $"{chars} characters measured for a {length}-character word");
        Assert.True(calls <= length / 20 + 100, $"{calls} measure calls for a {length}-character word");
    }

    [Fact]
    public void A_long_value_of_a_label_value_table_stays_inside_the_right_margin()
    {
        // The value column is drawn bold; it was wrapped in the regular face, so a long customer name ran up to 36 pt
        // past the right margin (seen in a rendered statement).
        var value = string.Join(" ", Enumerable.Repeat("long", 300)) + " " + new string('X', 400);
        var table = new TableBlock([], [ColumnAlign.Left, ColumnAlign.Left],
            [[new TableCell("Customer"), new TableCell(value)], [new TableCell("Provider"), new TableCell("Example Commerce Cloud Inc.")]]);
        var document = new MarkupDocument([table], new PageFurniture("", "", "", "Page {page} of {pages}", null));
        var ops = PageLayoutEngine.Layout(document).SelectMany(p => p.Ops).OfType<TextOp>().ToList();
        var right = PageLayoutEngine.PageWidth - PageLayoutEngine.MarginX;
        Assert.Contains(ops, o => o.Text.Contains('X', StringComparison.Ordinal));
        Assert.All(ops, o => Assert.True(PageLayoutEngine.WrapMeasured(o.Text, o.Font, right - o.X).Lines.Count == 1, $"'{o.Text}' in {o.Font} at x {o.X} runs past {right}"));
        Assert.Equal(value.Replace(" ", "", StringComparison.Ordinal),
            string.Concat(ops.Where(o => o.Font == FontRole.CellBold && o.Text != "Example Commerce Cloud Inc.").Select(o => o.Text)).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_statement_with_a_20000_character_customer_name_lays_out()
    {
        var name = "Acme " + new string('W', 20_000);
        var rendered = StatementRenderer.Render(SampleDocuments.Statement(0, name), TestSupport.Templates);
        Assert.True(rendered.IsSuccess, string.Join("\n", rendered.Errors));
        // pdftotext shows only what is on a page: every W of the name is there, in the body (running headers and
        // footers shorten it with an ellipsis). The plain statement's own W's are counted the same way.
        Assert.Equal(BodyCount(StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates).Pdf!, 'W') + 20_000, BodyCount(rendered.Pdf!, 'W'));
    }

    private static int BodyCount(byte[] pdf, char c)
    {
        var path = Path.Combine(TestSupport.TempDir("long-name"), "statement.pdf");
        File.WriteAllBytes(path, pdf);
        var (exit, text) = TestSupport.Run("pdftotext", path, "-");
        Assert.Equal(0, exit);
        // The ledger's "Weight" column header repeats on every page a table spans, so it is not counted.
        return text.Split('\n').Where(l => !l.Contains('…', StringComparison.Ordinal)).Sum(l => l.Replace("Weight", "", StringComparison.Ordinal).Count(x => x == c));
    }
}
