using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Templating;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// What renders share across documents and threads (the wording functions made once, Scriban's member accessors by
/// type): each document's markup and PDF are the same rendered alone or beside others, and one render's assignment
/// never reaches another.
/// </summary>
public class TemplateSharingTests
{
    [Fact]
    public void Documents_rendered_at_once_on_many_threads_are_each_as_rendered_alone()
    {
        var templates = TemplateSet.LoadDefaults().Templates!;
        // Different customers and ledgers, so each document's text differs from the next one's.
        var documents = Enumerable.Range(0, 24).Select(i => SampleDocuments.Statement(i % 6, "Customer " + i)).ToArray();
        var alone = documents.Select(d => templates.RenderStatementMarkup(d, SignatureKind.Unsigned).Markup).ToArray();
        var alonePdfs = documents.Take(6).Select(d => StatementRenderer.Render(d, templates).Pdf!).ToArray();

        var together = new string[documents.Length];
        Parallel.For(0, documents.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % documents.Length;
            var markup = templates.RenderStatementMarkup(documents[i], SignatureKind.Unsigned).Markup;
            Assert.Equal(alone[i], markup);
            together[i] = markup;
        });
        Assert.Equal(alone, together);
        Assert.Equal(24, alone.Distinct(StringComparer.Ordinal).Count());
        var togetherPdfs = new byte[6][];
        Parallel.For(0, 6, i => togetherPdfs[i] = StatementRenderer.Render(documents[i], templates).Pdf!);
        for (var i = 0; i < 6; i++) Assert.Equal(alonePdfs[i], togetherPdfs[i]);
    }

    [Fact]
    public void A_template_that_assigns_a_function_name_changes_only_its_own_render()
    {
        var dir = TestSupport.TempDir("templates-shadow");
        var text = "# Statement\n\n{{ if customer.name == \"Shadow\" }}{{ duration = \"shadowed\" }}Length {{ duration }}{{ else }}Length {{ duration 90 }}{{ end }}\n";
        File.WriteAllText(Path.Combine(dir, TemplateSet.StatementTemplateName), text);
        var templates = TemplateSet.LoadFrom(dir).Templates!;
        var shadowed = templates.RenderStatementMarkup(SampleDocuments.Statement(0, "Shadow"), SignatureKind.Unsigned);
        Assert.True(shadowed.Errors.IsEmpty, string.Join("\n", shadowed.Errors));
        Assert.Contains("Length shadowed", shadowed.Markup, StringComparison.Ordinal);
        // The next render (and a render of the default templates) still has the wording function.
        var next = templates.RenderStatementMarkup(SampleDocuments.Statement(0, "Acme Corp"), SignatureKind.Unsigned);
        Assert.True(next.Errors.IsEmpty, string.Join("\n", next.Errors));
        Assert.Contains("Length 1 min 30 s", next.Markup, StringComparison.Ordinal);
    }
}
