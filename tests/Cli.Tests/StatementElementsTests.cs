using System.Diagnostics;
using System.Text.Json;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The statement of every example, written once (demo-signed, the README's command), read back with pdftotext page
/// by page: the elements a customer's lawyer needs (identifier on every page, fee, the computation of every credit)
/// are there on every example, and agree with the JSON beside the PDF.
/// </summary>
public sealed class StatementElementsTests : IClassFixture<StatementElementsTests.ExampleStatements>
{
    private readonly ExampleStatements examples;

    public StatementElementsTests(ExampleStatements examples) => this.examples = examples;

    public sealed class ExampleStatements : IDisposable
    {
        public ExampleStatements()
        {
            Cli = new CliRunner();
            OutDir = Path.Combine(Cli.Directory, "out");
            var root = FindRoot();
            Run = Cli.Invoke("statement", Path.Combine(root, "examples", "contracts"), "--data", Path.Combine(root, "examples", "data"),
                "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--out", OutDir);
        }

        public CliRunner Cli { get; }
        public string OutDir { get; }
        public CliRunner.Run Run { get; }
        public IEnumerable<string> Pdfs => Directory.EnumerateFiles(OutDir, "*.pdf").Order(StringComparer.Ordinal);

        public void Dispose() => Cli.Dispose();

        private static string FindRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
        }
    }

    /// <summary>pdftotext of each page (form feed separates pages), whitespace collapsed.</summary>
    internal static List<string> PdfToTextPages(string pdf)
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "pdftotext")).FirstOrDefault(File.Exists);
        Assert.True(path is not null, "required tool 'pdftotext' is not installed (apt-get install -y poppler-utils)");
        var psi = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-enc", "UTF-8", pdf, "-" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return [.. text.Split('\f').SkipLast(1).Select(page => string.Join(" ", page.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))];
    }

    private static JsonElement JsonOf(string pdf) => JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(pdf, ".json"))).RootElement;

    [Fact]
    public void Every_example_statement_carries_its_identifier_on_every_page_and_in_the_json()
    {
        Assert.True(examples.Run.ExitCode == 0, examples.Run.Error);
        // One statement per example contract (examples/contracts grows; the run says how many it wrote).
        var written = System.Text.RegularExpressions.Regex.Match(examples.Run.Output, @"(\d+) of (\d+) statements written");
        Assert.True(written.Success && written.Groups[1].Value == written.Groups[2].Value, examples.Run.Output);
        Assert.True(int.Parse(written.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 9);
        Assert.Equal(int.Parse(written.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), examples.Pdfs.Count());
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pdf in examples.Pdfs)
        {
            var json = JsonOf(pdf);
            var id = json.GetProperty("statement_id").GetString()!;
            Assert.True(ids.Add(id), $"{pdf}: identifier {id} repeats");
            // Recomputed from what the JSON states: contract and data hashes, period, as-of.
            var footer = json.GetProperty("footer");
            var period = json.GetProperty("period");
            Assert.Equal(StatementIdentity.Compute(footer.GetProperty("contract_source_sha256").GetString()!, footer.GetProperty("input_data_sha256").GetString()!,
                period.GetProperty("label").GetString()!, period.GetProperty("time_zone").GetString()!, period.GetProperty("start_local").GetString()!,
                period.GetProperty("end_local").GetString()!, json.GetProperty("as_of").GetString()!), id);
            var pages = PdfToTextPages(pdf);
            Assert.NotEmpty(pages);
            for (var i = 0; i < pages.Count; i++)
                Assert.True(pages[i].Contains($"Statement {id} · Page {i + 1} of {pages.Count}", StringComparison.Ordinal), $"{Path.GetFileName(pdf)} page {i + 1}: no identifier");
        }
    }

    [Fact]
    public void Every_example_statement_states_the_fee_and_computes_every_credit()
    {
        Assert.True(examples.Run.ExitCode == 0, examples.Run.Error);
        var withCredit = 0;
        foreach (var pdf in examples.Pdfs)
        {
            var json = JsonOf(pdf);
            var text = string.Join(" ", PdfToTextPages(pdf));
            var name = Path.GetFileName(pdf);
            var credits = json.GetProperty("credits");
            var currency = credits.GetProperty("currency").GetString();
            if (credits.GetProperty("fee_for_window").ValueKind == JsonValueKind.Number)
                Assert.True(text.Contains("Fee for the period: ", StringComparison.Ordinal), $"{name}: no fee");
            foreach (var line in credits.GetProperty("lines").EnumerateArray())
            {
                withCredit++;
                var computation = line.GetProperty("computation");
                Assert.Equal(JsonValueKind.Object, computation.ValueKind);
                var tier = line.GetProperty("tier").GetString()!;
                Assert.True(text.Contains($"tier reached: {tier}.", StringComparison.Ordinal), $"{name}: the computation does not name the tier '{tier}'");
                var exact = computation.GetProperty("exact_amount").GetDecimal();
                var amount = line.GetProperty("amount").GetDecimal();
                Assert.True(text.Contains(exact == amount ? "The amount is exact: no rounding." : "once, at the end:", StringComparison.Ordinal), $"{name}: no rounding step");
                Assert.True(text.Contains(line.GetProperty("caps_applied").GetArrayLength() == 0 ? "No cap or minimum applies." : "Limited by ", StringComparison.Ordinal), $"{name}: no cap step");
            }
            if (credits.GetProperty("lines").GetArrayLength() > 0)
            {
                Assert.Contains($"Total credit due", text, StringComparison.Ordinal);
                // An example with a claims clause prints its channel with the deadline and the identifier; a published text
                // whose claim terms were not read (examples/contracts/published) says the contract names no channel.
                Assert.True(text.Contains("How to claim", StringComparison.Ordinal), $"{name}: no claim section");
                if (credits.GetProperty("claim").ValueKind == JsonValueKind.Object)
                    Assert.True(text.Contains("To claim, ", StringComparison.Ordinal), $"{name}: no claim channel");
                else
                    Assert.True(text.Contains("The contract does not say where to claim", StringComparison.Ordinal), $"{name}: a missing claim channel is not said");
                Assert.Contains($"statement {json.GetProperty("statement_id").GetString()}.", text, StringComparison.Ordinal);
            }
            Assert.NotNull(currency);
        }
        Assert.True(withCredit >= 2, $"the examples should owe credits on at least two lines, found {withCredit}");
        // Acme (examples/data/README.md): 10% of its 8,000.00 USD fee.
        var acme = string.Join(" ", PdfToTextPages(Path.Combine(examples.OutDir, "acme-corp-premium-api-2026-11.pdf")));
        Assert.Contains("Fee for the period: 8,000.00 USD.", acme, StringComparison.Ordinal);
        Assert.Contains("10% of the fee for the period, 8,000.00 USD = 800.00 USD.", acme, StringComparison.Ordinal);
        Assert.Contains("Credits must be claimed by 2026-12-30. To claim, write to sla-credits@example-cloud.example or file the claim at https://support.example-cloud.example/credits, quoting contract ACME-API-2026 and statement ST-", acme, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_recomputes_and_prints_the_identifier()
    {
        Assert.True(examples.Run.ExitCode == 0, examples.Run.Error);
        var pdf = Path.Combine(examples.OutDir, "acme-corp-premium-api-2026-11.pdf");
        var id = JsonOf(pdf).GetProperty("statement_id").GetString()!;
        var verify = examples.Cli.Invoke("verify", pdf, "--accept-demo");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains($"statement {id} (its identifier recomputed from its contract, data, period and as-of)", verify.Output, StringComparison.Ordinal);
    }
}
