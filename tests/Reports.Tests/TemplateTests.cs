using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Tests;

public class TemplateTests
{
    private static string OverrideDir(string statementText)
    {
        var dir = TestSupport.TempDir("templates");
        File.WriteAllText(Path.Combine(dir, TemplateSet.StatementTemplateName), statementText);
        return dir;
    }

    [Fact]
    public void Defaults_load_without_errors()
    {
        var result = TemplateSet.LoadDefaults();
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Parse_error_is_reported_with_file_and_line()
    {
        var dir = OverrideDir("# Title\n\nline two\n{{ for c in commitments }}\n| {{ c.name }} |\n");
        var result = TemplateSet.LoadFrom(dir);
        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(Path.Combine(dir, TemplateSet.StatementTemplateName), error.File);
        Assert.True(error.Line >= 4, error.ToString()); // the unclosed 'for' opens on line 4
        Assert.Contains("(" + error.Line + ",", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_member_is_an_error_at_load_not_an_empty_string()
    {
        var dir = OverrideDir("# Statement\n\nCustomer: {{ customer.name }}\nPeriod: {{ period.lable }}\n");
        var result = TemplateSet.LoadFrom(dir);
        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.EndsWith(TemplateSet.StatementTemplateName, error.File, StringComparison.Ordinal);
        Assert.Contains("lable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_dependent_member_error_is_returned_by_render_with_file_and_line()
    {
        // The load-time sample never takes this branch, so only the render can find the typo.
        var dir = OverrideDir("# Statement\n\n{{ if customer.name == \"Trigger\" }}\n{{ customer.nmae }}\n{{ end }}\n");
        var loaded = TemplateSet.LoadFrom(dir);
        Assert.True(loaded.IsSuccess, string.Join("\n", loaded.Errors));
        var rendered = StatementRenderer.Render(SampleDocuments.Statement(0, "Trigger"), loaded.Templates!);
        Assert.False(rendered.IsSuccess);
        Assert.Null(rendered.Pdf);
        var error = Assert.Single(rendered.Errors);
        Assert.Equal(4, error.Line);
        Assert.EndsWith(TemplateSet.StatementTemplateName, error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_top_level_variable_is_an_error()
    {
        var dir = OverrideDir("# Statement\n{{ custmer.name }}\n");
        var result = TemplateSet.LoadFrom(dir);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Unknown_markup_directive_is_reported()
    {
        var dir = OverrideDir("@headerleft {{ provider.name }}\n# Statement\n");
        var result = TemplateSet.LoadFrom(dir);
        var error = Assert.Single(result.Errors.Distinct());
        Assert.Contains("@headerleft", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Missing_directory_is_an_error_not_a_silent_fallback()
    {
        var result = TemplateSet.LoadFrom("/nonexistent/templates-dir");
        Assert.False(result.IsSuccess);
        Assert.Contains("does not exist", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_changes_the_wording_without_code()
    {
        var text = TemplateSet.DefaultText(TemplateSet.StatementTemplateName)
            .Replace("# Service Level Compliance Statement", "# Leistungsnachweis", StringComparison.Ordinal);
        var result = TemplateSet.LoadFrom(OverrideDir(text));
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var rendered = StatementRenderer.Render(SampleDocuments.Statement(), result.Templates!);
        var words = TestSupport.PageWords(rendered.Pdf!)[0];
        Assert.Contains("Leistungsnachweis", words);
        Assert.DoesNotContain("Compliance", words.Take(12));
    }

    [Fact]
    public void Kpi_template_is_taken_from_the_directory_too()
    {
        var dir = TestSupport.TempDir("kpi-templates");
        File.WriteAllText(Path.Combine(dir, TemplateSet.KpiReportTemplateName), "# {{ title }}\n{{ kpis[0].nmae }}\n");
        var result = TemplateSet.LoadFrom(dir);
        var error = Assert.Single(result.Errors);
        Assert.EndsWith(TemplateSet.KpiReportTemplateName, error.File, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }
}

public class MarkupParserTests
{
    [Fact]
    public void Table_with_alignment_row_has_header_and_alignments()
    {
        var (doc, errors) = MarkupParser.Parse("| A | B |\n|:--|--:|\n| x | 1 |\n| y | 2 |\n", "t");
        Assert.Empty(errors);
        var table = Assert.IsType<TableBlock>(Assert.Single(doc!.Blocks));
        Assert.Equal(["A", "B"], table.Header.ToArray());
        Assert.Equal([ColumnAlign.Left, ColumnAlign.Right], table.Aligns.ToArray());
        Assert.Equal(2, table.Rows.Length);
    }

    [Fact]
    public void Escaped_pipe_stays_inside_its_cell()
    {
        var cell = MarkupText.Escape("A|B \\ C");
        var (doc, _) = MarkupParser.Parse($"| {cell} | 2 |\n", "t");
        var table = Assert.IsType<TableBlock>(Assert.Single(doc!.Blocks));
        Assert.Equal("A|B \\ C", table.Rows[0][0].Text);
        Assert.Equal("2", table.Rows[0][1].Text);
    }

    [Fact]
    public void Ragged_table_row_is_an_error_with_its_line()
    {
        var (doc, errors) = MarkupParser.Parse("# T\n\n| A | B |\n|:--|--:|\n| x | 1 |\n| y |\n", "out");
        Assert.Null(doc);
        var e = Assert.Single(errors);
        Assert.Equal(6, e.Line);
    }

    [Fact]
    public void Paragraph_lines_join_and_blank_lines_separate()
    {
        var (doc, _) = MarkupParser.Parse("one\ntwo\n\nthree\n~ small\n---\n", "t");
        Assert.Collection(doc!.Blocks,
            b => Assert.Equal(new ParagraphBlock("one two", false), b),
            b => Assert.Equal(new ParagraphBlock("three", false), b),
            b => Assert.Equal(new ParagraphBlock("small", true), b),
            b => Assert.IsType<PageBreakBlock>(b));
    }
}
