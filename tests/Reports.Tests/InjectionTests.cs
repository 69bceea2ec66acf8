using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// Values from contracts and data reach documents as text, never as markup: an injected line break followed by every
/// kind of markup, in every string of a document at once, leaves the document's block structure unchanged.
/// </summary>
public class InjectionTests
{
    /// <summary>What an attacker would write into a customer name: a heading, a notice, a total row, and the rest.</summary>
    internal const string Injection =
        "\n## 0. Credit settlement\n> Credit approved: 1,000,000.00 USD\n| **Total credit due** | | | 1,000,000.00 USD | |\n**bold**\n- list\n@header-left Forged\n---\n~ small\r\n# Title\u2028### Sub\u2029\\|";

    [Fact]
    public void Injected_markup_in_every_statement_string_leaves_the_block_structure_unchanged()
    {
        var plain = SampleDocuments.Statement(3);
        var injected = InjectEverywhere(plain, s => s + Injection);
        var (before, after) = (Blocks(TestSupport.Templates.RenderStatementMarkup(plain, SignatureKind.Demo)), Blocks(TestSupport.Templates.RenderStatementMarkup(injected, SignatureKind.Demo)));
        Assert.Equal(Shape(before), Shape(after));
        Assert.DoesNotContain(after.Blocks, b => b is HeadingBlock h && h.Text.StartsWith("0. Credit", StringComparison.Ordinal));
        Assert.DoesNotContain(after.Blocks, b => b is NoticeBlock n && n.Text.StartsWith("Credit approved", StringComparison.Ordinal));
        Assert.Equal(before.Furniture.DemoBanner, after.Furniture.DemoBanner);
        // The value is shown, whole and on one line: nothing the user wrote is dropped.
        Assert.Equal(plain.Customer.Name + Injection.Replace("\r\n", "  ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\u2028', ' ').Replace('\u2029', ' '), CellAfter(after, "Customer"));
    }

    [Fact]
    public void Injected_markup_in_every_kpi_report_string_leaves_the_block_structure_unchanged()
    {
        var plain = SampleDocuments.KpiReport();
        var injected = InjectEverywhere(plain, s => s + Injection);
        Assert.Equal(Shape(Blocks(TestSupport.Templates.RenderKpiReportMarkup(plain))), Shape(Blocks(TestSupport.Templates.RenderKpiReportMarkup(injected))));
    }

    [Fact]
    public void A_value_cannot_make_a_total_row_or_a_bold_cell()
    {
        var plain = SampleDocuments.Statement();
        var injected = InjectEverywhere(plain, s => "**" + s + "**");
        var before = Blocks(TestSupport.Templates.RenderStatementMarkup(plain, SignatureKind.Unsigned));
        var after = Blocks(TestSupport.Templates.RenderStatementMarkup(injected, SignatureKind.Unsigned));
        static int StrongCells(MarkupDocument d) => d.Blocks.OfType<TableBlock>().Sum(t => t.Rows.Sum(r => r.Count(c => c.Strong)));
        Assert.Equal(StrongCells(before), StrongCells(after));
        Assert.Contains(after.Blocks.OfType<TableBlock>().SelectMany(t => t.Rows).SelectMany(r => r), c => c.Text == "**" + plain.Customer.Name + "**" && !c.Strong);
    }

    [Fact]
    public void Hidden_characters_in_a_value_are_shown_as_code_points()
    {
        var injected = InjectEverywhere(SampleDocuments.Statement(), s => s + "\u001B[2J\u202Eevil\u0007");
        var doc = Blocks(TestSupport.Templates.RenderStatementMarkup(injected, SignatureKind.Unsigned));
        Assert.EndsWith("[U+001B][2J[U+202E]evil[U+0007]", CellAfter(doc, "Customer"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# heading")] // title
    [InlineData("## heading")] // section
    [InlineData("> notice")] // boxed notice
    [InlineData("~ small")] // small print
    [InlineData("---")] // page break
    [InlineData("@demo-banner forged")] // page furniture
    [InlineData("| a | b |")] // table row
    [InlineData(" leading space")] // a space that would complete a marker the template wrote before the value
    [InlineData("ends with a backslash \\")]
    [InlineData("\\# already escaped")]
    public void Escaped_value_reads_back_as_itself_at_the_start_of_a_line(string value)
    {
        var (doc, errors) = MarkupParser.Parse(MarkupText.Escape(value) + "\n", "t");
        Assert.Empty(errors);
        var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(doc!.Blocks));
        Assert.Equal(value.TrimStart(), paragraph.Text.TrimStart());
    }

    [Fact]
    public void Custom_templates_escape_values_too()
    {
        var dir = TestSupport.TempDir("custom-escape");
        File.WriteAllText(Path.Combine(dir, TemplateSet.StatementTemplateName), "@header-left {{ provider.name }}\n{{ customer.name }}\n\n~{{ contract.name }}\n");
        var loaded = TemplateSet.LoadFrom(dir);
        Assert.True(loaded.IsSuccess, string.Join("\n", loaded.Errors));
        var document = InjectEverywhere(SampleDocuments.Statement(), s => " " + s + Injection);
        var doc = Blocks(loaded.Templates!.RenderStatementMarkup(document, SignatureKind.Unsigned));
        Assert.All(doc.Blocks, b => Assert.IsType<ParagraphBlock>(b));
        Assert.Equal(2, doc.Blocks.Length);
        Assert.StartsWith(document.Provider.Name.Split('\n')[0], doc.Furniture.HeaderLeft, StringComparison.Ordinal);
    }

    private static MarkupDocument Blocks((string Markup, ImmutableArray<TemplateError> Errors) rendered)
    {
        Assert.Empty(rendered.Errors);
        var (doc, errors) = MarkupParser.Parse(rendered.Markup, "t");
        Assert.Empty(errors);
        return doc!;
    }

    /// <summary>The structure a reader sees: kinds of block, heading levels, table sizes, emphasis.</summary>
    private static List<string> Shape(MarkupDocument doc) => [.. doc.Blocks.Select(b => b switch
    {
        HeadingBlock h => $"H{h.Level}",
        ParagraphBlock p => p.Small ? "small" : "paragraph",
        NoticeBlock => "notice",
        TableBlock t => $"table {t.Header.Length}x{t.Aligns.Length}x{t.Rows.Length} strong {string.Join(",", t.Rows.Select(r => string.Concat(r.Select(c => c.Strong ? '1' : '0'))))}",
        ChartBlock => "chart",
        _ => b.GetType().Name,
    })];

    private static string CellAfter(MarkupDocument doc, string label) =>
        doc.Blocks.OfType<TableBlock>().SelectMany(t => t.Rows).First(r => r[0].Text == label)[1].Text;

    /// <summary>A deep copy of a document model with every string (and every string in every array) passed through <paramref name="change"/>.</summary>
    /// <remarks>Empty strings stay empty: templates rightly print "no note" differently from a note.</remarks>
    internal static T InjectEverywhere<T>(T document, Func<string, string> change) where T : class => (T)Copy(document, s => s.Length == 0 ? s : change(s))!;

    private static object? Copy(object? value, Func<string, string> change)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return change(s);
        }
        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = ((IEnumerable)value).Cast<object?>().Select(x => Copy(x, change)).ToArray();
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++) array.SetValue(items[i], i);
            var create = typeof(ImmutableArray).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }]);
            return create.MakeGenericMethod(element).Invoke(null, [array]);
        }
        if (!type.IsClass || type.Namespace?.StartsWith("SlaKpiDsl", StringComparison.Ordinal) != true) return value;
        var clone = typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(value, null)!;
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                field.SetValue(clone, Copy(field.GetValue(value), change));
            }
        }
        return clone;
    }
}
