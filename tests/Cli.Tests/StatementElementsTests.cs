using System.Diagnostics;
using System.Text.Json;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The statement of every example contract, written once (demo-signed, the README's command on examples/contracts), read back with pdftotext page by page: the elements a customer's lawyer needs
/// (identifier on every page, fee, the computation of every credit, how and by when to claim, the ledger's columns and
/// rows, the timeline, the visible signature block) are there on every example, agree with the JSON beside the PDF,
/// and no internal wording reaches the customer.
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
            // every example that gets a statement: the demo contracts and the template's customers (the README's command)
            Run = Cli.Invoke("statement", Path.Combine(root, "examples", "contracts"), Path.Combine(root, "examples", "templates"), "--data", Path.Combine(root, "examples", "data"),
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

    [Fact]
    public void Every_customer_of_a_template_gets_a_statement_identifier_of_its_own()
    {
        // The 51 customers of examples/templates share their customers table's source hash; statement-id/1 (without the
        // contract's name) gave 23 of them one identifier, so a claim quoting it was ambiguous.
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var root = FindRepositoryRoot();
        var run = cli.Invoke("statement", Path.Combine(root, "examples", "templates"), "--data", Path.Combine(root, "examples", "data"),
            "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var jsons = Directory.EnumerateFiles(outDir, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.True(jsons.Count >= 51, $"expected a statement per customer, found {jsons.Count}");
        foreach (var file in jsons)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var json = doc.RootElement;
            var id = json.GetProperty("statement_id").GetString()!;
            Assert.False(ids.TryGetValue(id, out var earlier), $"{Path.GetFileName(file)} repeats {earlier}'s identifier {id}");
            ids[id] = Path.GetFileName(file);
            var footer = json.GetProperty("footer");
            var period = json.GetProperty("period");
            Assert.Equal(StatementIdentity.Compute(json.GetProperty("contract").GetProperty("name").GetString()!, footer.GetProperty("contract_source_sha256").GetString()!,
                footer.GetProperty("input_data_sha256").GetString()!, period.GetProperty("label").GetString()!, period.GetProperty("time_zone").GetString()!,
                period.GetProperty("start_local").GetString()!, period.GetProperty("end_local").GetString()!, json.GetProperty("as_of").GetString()!), id);
        }

        // Globex is amended on 2026-11-15 (straddling windows split by days): each part's ledger names the days it
        // measured, never "the whole of November 2026" (20,220 min is 1-14 November with the fall-back hour).
        using var globex = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "globex-api-2026-11.json")));
        var sentences = globex.RootElement.GetProperty("ledgers").EnumerateArray().Select(l => l.GetProperty("denominator_explanation").GetString()!).ToList();
        Assert.Equal(2, sentences.Count);
        Assert.StartsWith("The measured period is the whole of 1 Nov 2026 to 14 Nov 2026, 20,220 min.", sentences[0], StringComparison.Ordinal);
        Assert.StartsWith("The measured period is the whole of 15 Nov 2026 to 30 Nov 2026, 23,040 min.", sentences[1], StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
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
            // Recomputed from what the JSON states: contract name, contract and data hashes, period, as-of.
            var footer = json.GetProperty("footer");
            var period = json.GetProperty("period");
            Assert.Equal(StatementIdentity.Compute(json.GetProperty("contract").GetProperty("name").GetString()!, footer.GetProperty("contract_source_sha256").GetString()!, footer.GetProperty("input_data_sha256").GetString()!,
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
                // An example with a claims clause prints its channel with the deadline and the identifier; a contract
                // without one says the contract names no channel.
                Assert.True(text.Contains("How to claim", StringComparison.Ordinal), $"{name}: no claim section");
                if (credits.GetProperty("claim_deadline").GetString() is { } deadline)
                    Assert.True(text.Contains($"Credits must be claimed by {deadline}.", StringComparison.Ordinal), $"{name}: no claim deadline {deadline}");
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

    [Fact]
    public void Every_example_ledger_lists_each_incident_with_its_columns_and_a_timeline()
    {
        Assert.True(examples.Run.ExitCode == 0, examples.Run.Error);
        var rows = 0;
        foreach (var pdf in examples.Pdfs)
        {
            var json = JsonOf(pdf);
            var name = Path.GetFileName(pdf);
            var text = string.Join(" ", PdfToTextPages(pdf));
            var utc = json.GetProperty("period").GetProperty("time_zone").GetString() == "UTC";
            foreach (var ledger in json.GetProperty("ledgers").EnumerateArray())
            {
                var incidents = ledger.GetProperty("incidents");
                if (incidents.GetArrayLength() == 0) continue;
                var weighted = incidents.EnumerateArray().Any(i => i.GetProperty("weight").GetDecimal() != 1);
                foreach (var column in new[] { "Incident", "Service", "Severity", "Start", "End", "Duration", "Counted", "Outcome" }.Concat(weighted ? ["Weight"] : []))
                    Assert.True(text.Contains(column + " ", StringComparison.Ordinal), $"{name}: the ledger has no column '{column}'");
                // The timeline of the period, one bar per local day, with its caption (the bars are vector drawing).
                var timeline = ledger.GetProperty("timeline");
                Assert.True(timeline.ValueKind == JsonValueKind.Object, $"{name}: a ledger without a timeline");
                Assert.True(text.Contains($"Downtime per day ({timeline.GetProperty("time_zone").GetString()})", StringComparison.Ordinal), $"{name}: no timeline caption");
                var period = json.GetProperty("period");
                var days = (DateTime.Parse(period.GetProperty("end_local").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Date
                    - DateTime.Parse(period.GetProperty("start_local").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Date).Days;
                // One bar per local day of the window the ledger measured: the whole period, or (a part of a window
                // split by an amendment) the consecutive days its measured-period sentence names, inside the period.
                var dates = timeline.GetProperty("days").EnumerateArray()
                    .Select(d => DateTime.Parse(d.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Date).ToList();
                Assert.NotEmpty(dates);
                Assert.All(dates.Skip(1).Zip(dates), pair => Assert.Equal(pair.Second.AddDays(1), pair.First));
                var periodStart = DateTime.Parse(period.GetProperty("start_local").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Date;
                Assert.InRange(dates[0], periodStart, periodStart.AddDays(days - 1));
                Assert.InRange(dates[^1], periodStart, periodStart.AddDays(days - 1));
                var explanation = ledger.GetProperty("denominator_explanation").GetString()!;
                if (explanation.Contains(period.GetProperty("label").GetString()!, StringComparison.Ordinal)) Assert.Equal(days, dates.Count);
                else Assert.Contains($"{dates[0]:d MMM yyyy} to {dates[^1]:d MMM yyyy}", explanation, StringComparison.Ordinal);
                foreach (var i in incidents.EnumerateArray())
                {
                    // Written from the JSON by this test's own rules (not the renderer's): id and title, service,
                    // severity and impact, start and end at the precision they have (offset unless UTC), duration,
                    // counted part, and the outcome naming the excluding clause.
                    var title = i.GetProperty("title").GetString();
                    var severity = i.GetProperty("severity").ValueKind == JsonValueKind.Number ? "sev" + i.GetProperty("severity").GetInt32() + (i.GetProperty("impact").GetString() is { } impact ? " " + impact : "") : "-";
                    var counted = i.GetProperty("counted_seconds").ValueKind == JsonValueKind.Number ? Minutes(i.GetProperty("counted_seconds").GetDecimal()) : "-";
                    var cells = new[]
                    {
                        i.GetProperty("incident_id").GetString() + (title is null ? "" : ": " + title),
                        i.GetProperty("service").GetString() ?? "-",
                        severity,
                        Local(i.GetProperty("start_local").GetString()!, utc),
                        Local(i.GetProperty("end_local").GetString()!, utc),
                        Minutes(i.GetProperty("seconds").GetDecimal()),
                        counted,
                    }.Append(i.GetProperty("outcome").GetString()!).Select(Collapse);
                    foreach (var cell in cells)
                        Assert.True(text.Contains(cell, StringComparison.Ordinal), $"{name}: {i.GetProperty("incident_id")}: no ledger cell '{cell}'");
                    // The row in order when pdftotext reads the table row by row: id, service, severity, start, end.
                    // (A UTC period's times may carry "+00:00" or no offset: both read the same.)
                    var withOffsets = string.Join(" ", cells.Skip(3).Take(2).Select(c => utc ? c + " +00:00" : c));
                    Assert.True(text.Contains(string.Join(" ", cells.Skip(3).Take(2)), StringComparison.Ordinal) || text.Contains(withOffsets, StringComparison.Ordinal),
                        $"{name}: {i.GetProperty("incident_id")}: start and end not side by side");
                    // Time excluded names the clause that excluded it. (A part outside the measured time, e.g. before a
                    // deployment, is said as such without a clause: storage-and-compute's INC-2016 says "60 min; 1,500 min
                    // outside the deployed (measured) time".)
                    if (i.GetProperty("outcome").GetString()!.Contains("excluded", StringComparison.Ordinal))
                        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(i.GetProperty("outcome").GetString()!, @"clause \S+"), $"{name}: {i.GetProperty("incident_id")} is counted in part without the clause that excluded the rest");
                    rows++;
                }
            }
        }
        Assert.True(rows >= 5, $"only {rows} ledger rows over the examples");
    }

    [Fact]
    public void Every_example_statement_ends_with_the_visible_signature_block_that_pdfsig_validates()
    {
        Assert.True(examples.Run.ExitCode == 0, examples.Run.Error);
        foreach (var pdf in examples.Pdfs)
        {
            var name = Path.GetFileName(pdf);
            var pages = PdfToTextPages(pdf);
            var last = pages[^1];
            foreach (var element in new[] { "Digitally signed with the DEMO certificate: not valid for billing", "Signer ", "Issuer ", "Signed at ", "Certificate SHA-256 " })
                Assert.True(last.Contains(element, StringComparison.Ordinal), $"{name}: the last page has no '{element}'");
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(last, "([0-9a-f]{16} ){3}[0-9a-f]{16}"), $"{name}: no certificate fingerprint");
            Assert.All(pages.SkipLast(1), p => Assert.DoesNotContain("Certificate SHA-256", p, StringComparison.Ordinal));
            Assert.Contains("Signature is Valid.", StatementCommandTests.Tool("pdfsig", pdf), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_example_statement_carries_internal_wording()
    {
        Assert.True(examples.Run.ExitCode == 0, examples.Run.Error);
        foreach (var pdf in examples.Pdfs)
        {
            var name = Path.GetFileName(pdf);
            var text = string.Join(" ", PdfToTextPages(pdf)) + " " + File.ReadAllText(Path.ChangeExtension(pdf, ".json"));
            // The command line's instruction to its user, raw seconds (durations read in minutes), the engineers' cap wording.
            Assert.DoesNotContain("ask for", text, StringComparison.Ordinal);
            Assert.DoesNotContain("beyond its cap of", text, StringComparison.Ordinal);
            Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, @"\b\d{3,} s\b"), $"{name}: a duration in raw seconds: {System.Text.RegularExpressions.Regex.Match(text, @".{40}\b\d{3,} s\b.{20}")}");
        }
        // The quarterly examples in November say which statement reports them.
        foreach (var quarterly in new[] { "github-enterprise-cloud-2026-11.pdf", "slack-business-2026-11.pdf" })
            Assert.Contains("measured per calendar quarter; the statement for 2026-Q4 (October to December 2026) will report it",
                string.Join(" ", PdfToTextPages(Path.Combine(examples.OutDir, quarterly))), StringComparison.Ordinal);
    }

    /// <summary>"2026-11-29T01:00:00-05:00" as a ledger shows it: "2026-11-29 01:00 -05:00" (seconds only when there are any; no offset in UTC).</summary>
    private static string Local(string iso, bool utc)
    {
        var t = DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
        var time = t.ToString(t.Millisecond != 0 ? "HH:mm:ss.FFFFFFF" : t.Second != 0 ? "HH:mm:ss" : "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var offset = (t.Offset < TimeSpan.Zero ? "-" : "+") + t.Offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
        return $"{t:yyyy-MM-dd} {time}" + (utc ? "" : " " + offset);
    }

    /// <summary>Seconds as the statement words durations: "25 min", "90 min 30 s", "1,440 min", "40 s", "0 min".</summary>
    private static string Minutes(decimal seconds)
    {
        var minutes = decimal.Floor(seconds / 60m);
        var rest = seconds - minutes * 60m;
        var m = minutes.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
        var s = rest.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture);
        return seconds == 0 ? "0 min" : minutes == 0 ? s + " s" : rest == 0 ? m + " min" : $"{m} min {s} s";
    }

    private static string Collapse(string text) => string.Join(" ", text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
