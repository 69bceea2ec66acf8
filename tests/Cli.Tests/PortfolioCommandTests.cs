using System.Globalization;
using System.Text.Json;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// <c>sla portfolio</c> on the examples (the README's command): its credits reconcile, per currency, with the credit
/// totals <c>sla evaluate</c> gives each contract; every breach and every SLA without a verdict is listed; the PDF says
/// INTERNAL on every page and draws one credits chart per currency and the worst services; an existing file is never replaced without --overwrite; bad arguments are exit 1.
/// </summary>
public sealed class PortfolioCommandTests : IClassFixture<PortfolioCommandTests.ExamplePortfolio>
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");
    private const string AsOf = "2026-12-01T06:00:00Z";

    private readonly ExamplePortfolio examples;

    public PortfolioCommandTests(ExamplePortfolio examples) => this.examples = examples;

    public sealed class ExamplePortfolio : IDisposable
    {
        public ExamplePortfolio()
        {
            Cli = new CliRunner();
            Pdf = Path.Combine(Cli.Directory, "out", "portfolio.pdf");
            Json = Path.Combine(Cli.Directory, "out", "portfolio.json");
            PdfRun = Cli.Invoke("portfolio", Contracts, "--data", Data, "--period", "2026-11", "--as-of", AsOf, "-o", Pdf);
            JsonRun = Cli.Invoke("portfolio", Contracts, "--data", Data, "--period", "2026-11", "--as-of", AsOf, "-o", Json, "--format", "json");
            Evaluate = Cli.Invoke("evaluate", Contracts, "--data", Data, "--period", "2026-11", "--as-of", AsOf, "--format", "json");
        }

        public CliRunner Cli { get; }
        public string Pdf { get; }
        public string Json { get; }
        public CliRunner.Run PdfRun { get; }
        public CliRunner.Run JsonRun { get; }
        public CliRunner.Run Evaluate { get; }

        public void Dispose() => Cli.Dispose();
    }

    private static decimal Amount(JsonElement e) => e.ValueKind == JsonValueKind.String ? decimal.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDecimal();

    [Fact]
    public void The_credits_reconcile_per_currency_with_sla_evaluate()
    {
        Assert.True(examples.JsonRun.ExitCode == 0, examples.JsonRun.Error);
        Assert.True(examples.Evaluate.ExitCode == 0, examples.Evaluate.Error);
        var portfolio = JsonDocument.Parse(File.ReadAllBytes(examples.Json)).RootElement;
        var evaluation = JsonDocument.Parse(examples.Evaluate.Output).RootElement;

        var expected = evaluation.GetProperty("contracts").EnumerateArray().SelectMany(c => c.GetProperty("creditTotals").EnumerateArray())
            .Select(t => (Currency: t.GetProperty("currency").GetString()!, Amount: Amount(t.GetProperty("amount"))))
            .Where(t => t.Amount > 0).GroupBy(t => t.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(t => t.Amount))).ToList();
        var actual = portfolio.GetProperty("credits_by_currency").EnumerateArray()
            .Select(c => (c.GetProperty("currency").GetString()!, Amount(c.GetProperty("amount")))).ToList();
        Assert.NotEmpty(expected); // the examples owe credits: the comparison is not between two empty lists
        Assert.Equal(expected, actual);
        Assert.Equal(evaluation.GetProperty("contracts").GetArrayLength(), portfolio.GetProperty("contracts").GetArrayLength());
        Assert.True(portfolio.GetProperty("internal").GetBoolean());
    }

    [Fact]
    public void Every_breach_and_every_sla_without_a_verdict_is_listed()
    {
        Assert.True(examples.JsonRun.ExitCode == 0, examples.JsonRun.Error);
        var portfolio = JsonDocument.Parse(File.ReadAllBytes(examples.Json)).RootElement;
        var evaluation = JsonDocument.Parse(examples.Evaluate.Output).RootElement;
        var breached = new List<(string, string)>();
        var unjudged = new List<(string, string)>();
        foreach (var contract in evaluation.GetProperty("contracts").EnumerateArray())
        {
            var name = contract.GetProperty("contract").GetString()!;
            foreach (var sla in contract.GetProperty("slas").EnumerateArray())
            {
                var title = sla.GetProperty("title").GetString() ?? sla.GetProperty("sla").GetString()!;
                if (sla.GetProperty("outcome").GetString() != "evaluated") unjudged.Add((name, title));
                else if (sla.GetProperty("verdict").GetString() == "breached") breached.Add((name, title));
                else if (sla.GetProperty("verdict").GetString() == "not-measurable") unjudged.Add((name, title));
            }
        }
        Assert.NotEmpty(breached);
        Assert.NotEmpty(unjudged); // the quarterly examples are not evaluated for a month
        var listed = portfolio.GetProperty("breaches").EnumerateArray()
            .Where(b => b.GetProperty("verdict").GetString() == "breached")
            .Select(b => (b.GetProperty("contract").GetString()!, b.GetProperty("sla").GetString()!)).ToList();
        Assert.Equal(breached.Order(), listed.Order());
        var without = portfolio.GetProperty("without_verdict").EnumerateArray()
            .Select(b => (b.GetProperty("contract").GetString()!, b.GetProperty("sla").GetString()!)).ToList();
        Assert.Equal(unjudged.Order(), without.Order());
        Assert.All(portfolio.GetProperty("without_verdict").EnumerateArray(), u => Assert.False(string.IsNullOrWhiteSpace(u.GetProperty("reason").GetString())));
    }

    [Fact]
    public void The_pdf_is_internal_on_every_page_and_shows_the_totals()
    {
        Assert.True(examples.PdfRun.ExitCode == 0, examples.PdfRun.Error);
        Assert.Contains("internal portfolio report, 2026-11", examples.PdfRun.Output, StringComparison.Ordinal);
        var pages = StatementElementsTests.PdfToTextPages(examples.Pdf);
        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
        Assert.All(pages, p => Assert.Contains("INTERNAL · not for customers", p, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("never signed", p, StringComparison.Ordinal));
        var text = string.Join(" ", pages);
        var portfolio = JsonDocument.Parse(File.ReadAllBytes(examples.Json)).RootElement;
        foreach (var total in portfolio.GetProperty("credits_by_currency").EnumerateArray())
            Assert.Contains(Amount(total.GetProperty("amount")).ToString("#,0.00", CultureInfo.InvariantCulture) + " " + total.GetProperty("currency").GetString(), text, StringComparison.Ordinal);
        foreach (var breach in portfolio.GetProperty("breaches").EnumerateArray())
            Assert.Contains(breach.GetProperty("sla").GetString()!, text, StringComparison.Ordinal);
        var raw = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(examples.Pdf));
        Assert.DoesNotContain("/ByteRange", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pdf_has_one_credits_chart_per_currency_and_the_worst_services_chart()
    {
        Assert.True(examples.PdfRun.ExitCode == 0, examples.PdfRun.Error);
        Assert.True(examples.JsonRun.ExitCode == 0, examples.JsonRun.Error);
        var portfolio = JsonDocument.Parse(File.ReadAllBytes(examples.Json)).RootElement;
        var currencies = portfolio.GetProperty("credits_by_currency").EnumerateArray().Select(c => c.GetProperty("currency").GetString()!).ToList();
        var services = portfolio.GetProperty("worst_services").GetArrayLength();
        Assert.NotEmpty(currencies);
        Assert.True(services > 0);
        using (var doc = UglyToad.PdfPig.PdfDocument.Open(examples.Pdf))
        {
            Assert.Equal(currencies.Count + 1, doc.GetPages().Sum(p => p.GetImages().Count()));
        }
        var text = string.Join(" ", StatementElementsTests.PdfToTextPages(examples.Pdf));
        Assert.DoesNotContain("no chart data", text, StringComparison.Ordinal);
        foreach (var currency in currencies)
            Assert.Contains($"Credits due in {currency} per contract", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_file_is_kept_without_overwrite()
    {
        using var cli = new CliRunner();
        var file = cli.Write("kept.pdf", "mine");
        var run = cli.Invoke("portfolio", Path.Combine(Contracts, "saas-api.sla"), "--data", Data, "--period", "2026-11", "--as-of", AsOf, "-o", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already exists and was left unchanged", run.Error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(file));
        var replaced = cli.Invoke("portfolio", Path.Combine(Contracts, "saas-api.sla"), "--data", Data, "--period", "2026-11", "--as-of", AsOf, "-o", file, "--overwrite");
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.StartsWith("%PDF-", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--period", "2026-13")]
    [InlineData("--data", "no-such-folder")]
    [InlineData("--template", "no-such-folder")]
    public void Bad_arguments_are_exit_one_with_a_message(string option, string value)
    {
        using var cli = new CliRunner();
        var args = new Dictionary<string, string> { ["--data"] = Data, ["--period"] = "2026-11", ["--as-of"] = AsOf, ["-o"] = Path.Combine(cli.Directory, "p.pdf") };
        args[option] = value;
        var run = cli.Invoke([ "portfolio", Path.Combine(Contracts, "saas-api.sla"), .. args.SelectMany(kv => new[] { kv.Key, kv.Value }) ]);
        Assert.Equal(1, run.ExitCode);
        Assert.NotEqual("", run.Error);
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.Directory, "p.pdf")));
    }
}
