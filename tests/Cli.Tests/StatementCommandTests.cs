using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SlaKpiDsl.Tests.Shared;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace SlaKpiDsl.Cli.Tests;

public sealed class StatementCommandTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Contracts = Path.Combine(Root, "examples", "contracts");
    private static readonly string Checkout = Path.Combine(Contracts, "ecommerce-checkout.sla");
    private static readonly string Twilio = Path.Combine(Contracts, "twilio.sla");
    private static readonly string Data = Path.Combine(Root, "examples", "data");
    private const string AsOf = "2026-12-01T06:00:00Z";
    private const string CheckoutFile = "shopfront-checkout-platform-2026-11";

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    private static bool IsContract(string argument) => argument.EndsWith(".sla", StringComparison.Ordinal) || argument == Contracts;

    /// <summary>Runs sla statement for November with the README's as-of; contract paths among the extras replace the default (checkout).</summary>
    private static CliRunner.Run Statement(CliRunner cli, string outDir, params string[] extra) =>
        cli.Invoke(["statement", .. extra.Where(IsContract).DefaultIfEmpty(Checkout), "--data", Data, "--period", "2026-11", "--as-of", AsOf, "--out", outDir, .. extra.Where(e => !IsContract(e))]);

    private static List<string> PageTexts(string pdf)
    {
        using var doc = PigDocument.Open(pdf);
        return [.. doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))];
    }

    internal static string Tool(string tool, params string[] args)
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"required tool '{tool}' is not installed (apt-get install -y poppler-utils qpdf)");
        var psi = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return $"exit {p.ExitCode}\n{output.Result}{error.Result}";
    }

    [Fact]
    public void Checkout_statement_for_November_states_the_evaluated_numbers()
    {
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var run = Statement(cli, outDir, "--no-sign");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"wrote {Path.Combine(outDir, CheckoutFile)}.pdf (+ .json), unsigned", run.Output, StringComparison.Ordinal);
        var text = string.Join(" ", PageTexts(Path.Combine(outDir, CheckoutFile + ".pdf")));
        // examples/data/README.md: 185 downtime minutes of November's 43,260 (New York leaves DST on Nov 1) -> 99.5724%.
        Assert.Contains("Provider Example Commerce Cloud Inc. Customer Shopfront Retail LLC Contract Shopfront - Checkout Platform", text, StringComparison.Ordinal);
        Assert.Contains("Contract term 2026-01-01 to 2027-01-01 (exclusive)", text, StringComparison.Ordinal);
        Assert.Contains("Period November 2026: 2026-11-01 00:00 to 2026-12-01 00:00 (America/New_York) Period length 43,260 min", text, StringComparison.Ordinal);
        Assert.Contains("Checkout availability 3.1 availability at least 99.9% 99.5724% -0.3276 pp BREACHED", text, StringComparison.Ordinal);
        Assert.Contains("Total credit due 1,200.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("Credits must be claimed by 2026-12-30.", text, StringComparison.Ordinal);
        // Ledger rows wrap in their cells; pdftotext reads each cell whole, in row order.
        var rows = string.Join(" ", Tool("pdftotext", "-enc", "UTF-8", Path.Combine(outDir, CheckoutFile + ".pdf"), "-").Split((char[])[' ', '\n', '\r', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("INC-2012 checkout sev2 outage 2026-11-01 01:30 -04:00 2026-11-01 01:20 -05:00 50 min 50 min counted", rows, StringComparison.Ordinal); // across the fall-back
        // The ledger names the clause that excluded part of an incident (the maintenance cap left 60 of its 300 min counted).
        Assert.Contains("INC-2013 checkout sev2 outage 2026-11-29 01:00 -05:00 2026-11-29 06:00 -05:00 300 min 60 min counted in part: 60 min; time excluded by clause 3.2 exclude maintenance announced at least 72 hours ahead", rows, StringComparison.Ordinal);
        Assert.Contains("Total before exclusions 425 min", text, StringComparison.Ordinal);
        Assert.Contains("Downtime counted 185 min Measured period (denominator) 43,260 min", text, StringComparison.Ordinal);
        Assert.Contains("Contract source SHA-256 " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Checkout))), text, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO", text, StringComparison.Ordinal);
        // No KPI of the contract (availability-buffer 99.97%, page load, payment success, MTTR) reaches the customer.
        foreach (var kpi in new[] { "Internal availability target", "99.97", "P95 page load", "Payment success", "MTTR", "KPI" })
            Assert.DoesNotContain(kpi, text, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, CheckoutFile + ".json")));
        Assert.Equal(11100m, json.RootElement.GetProperty("ledgers")[0].GetProperty("downtime_seconds").GetDecimal());
    }

    [Fact]
    public void Unsigned_statements_are_byte_identical_across_runs()
    {
        using var cli = new CliRunner();
        var a = Statement(cli, Path.Combine(cli.Directory, "a"), "--no-sign", Checkout, Twilio);
        var b = Statement(cli, Path.Combine(cli.Directory, "b"), "--no-sign", Checkout, Twilio);
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Error + b.Error);
        foreach (var name in new[] { CheckoutFile + ".pdf", CheckoutFile + ".json", "twilio-messaging-2026-11.pdf" })
        {
            var first = File.ReadAllBytes(Path.Combine(cli.Directory, "a", name));
            Assert.True(first.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(cli.Directory, "b", name))), $"{name} differs between two runs");
        }
        Assert.Contains("/CreationDate(D:20261201060000+00'00')", Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(cli.Directory, "a", CheckoutFile + ".pdf"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_demo_signature_is_valid_says_demo_on_every_page_and_one_changed_byte_breaks_it()
    {
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var run = Statement(cli, outDir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("DEMO signature", run.Output, StringComparison.Ordinal);
        var pdf = Path.Combine(outDir, CheckoutFile + ".pdf");
        Assert.All(PageTexts(pdf), p => Assert.Contains("DEMO SIGNATURE", p, StringComparison.Ordinal));
        Assert.Contains("Signature is Valid.", Tool("pdfsig", pdf), StringComparison.Ordinal);
        Assert.Contains("No syntax or stream encoding errors found", Tool("qpdf", "--check", pdf), StringComparison.Ordinal);
        var verify = cli.Invoke("verify", pdf);
        Assert.Equal(4, verify.ExitCode);
        Assert.StartsWith($"{pdf}: DEMO: signed by 'SlaKpiDsl DEMO certificate", verify.Output, StringComparison.Ordinal);

        var bytes = File.ReadAllBytes(pdf);
        var at = Encoding.Latin1.GetString(bytes).IndexOf("Shopfront Retail", StringComparison.Ordinal);
        Assert.True(at > 0);
        bytes[at] = (byte)'X';
        File.WriteAllBytes(pdf, bytes);
        Assert.Contains("Signature Validation: Digest Mismatch.", Tool("pdfsig", pdf), StringComparison.Ordinal);
        var tampered = cli.Invoke("verify", pdf);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("invalid: the signature does not match the document", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_production_key_signs_with_its_password_from_a_file_and_prints_no_demo_banner()
    {
        using var cli = new CliRunner();
        using var ca = TestCertificates.Root();
        using var issuing = TestCertificates.Intermediate(ca);
        using var cert = TestCertificates.Leaf(issuing, "Example Commerce Cloud billing");
        // The key file carries the issuing CA, as a CA's PKCS#12 export does; the relying party names only the root.
        var key = Path.Combine(cli.Directory, "billing.pfx");
        File.WriteAllBytes(key, new X509Certificate2Collection { cert, X509CertificateLoader.LoadCertificate(issuing.RawData) }.Export(X509ContentType.Pfx, "s3cret")!);
        var passwordFile = cli.Write("password.txt", "s3cret\n");
        var outDir = Path.Combine(cli.Directory, "out");

        var wrong = Statement(cli, outDir, "--sign", key, "--password-file", cli.Write("wrong.txt", "nope\n"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("wrong password?", wrong.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any(), "nothing is written when the key cannot be opened");

        var run = Statement(cli, outDir, "--sign", key, "--password-file", passwordFile);
        Assert.True(run.ExitCode == 0, run.Error);
        var pdf = Path.Combine(outDir, CheckoutFile + ".pdf");
        Assert.DoesNotContain("DEMO", string.Join(" ", PageTexts(pdf)), StringComparison.Ordinal);
        Assert.Contains("Signature is Valid.", Tool("pdfsig", pdf), StringComparison.Ordinal);
        var verify = cli.Invoke("verify", pdf, "--trust", TestCertificates.WritePem(ca, Path.Combine(cli.Directory, "ca.pem")));
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.StartsWith($"{pdf}: valid: signed by 'Example Commerce Cloud billing'", verify.Output, StringComparison.Ordinal);
        Assert.EndsWith("chain to 'SlaKpiDsl Test Root CA'\n", verify.Output, StringComparison.Ordinal);
    }

    /// <summary>Certificates <c>statement --sign</c> refuses, each with a located reason, before anything is written (exit 1).</summary>
    [Theory]
    [InlineData("expired", "is expired at the as-of instant 2026-12-01T06:00:00Z")]
    [InlineData("not-yet-valid", "is not yet valid at the as-of instant 2026-12-01T06:00:00Z")]
    [InlineData("encipher-only", "without digitalSignature or nonRepudiation")]
    [InlineData("no-key-usage", "has no key usage extension")]
    [InlineData("no-private-key", "holds no private key")]
    public void Statement_sign_refuses_a_certificate_that_may_not_sign(string kind, string reason)
    {
        using var cli = new CliRunner();
        using var ca = TestCertificates.Root();
        var at = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero); // the as-of instant
        using var cert = kind switch
        {
            "expired" => TestCertificates.Leaf(ca, "Old key", TestCertificates.LongAgo, at.AddDays(-1)),
            "not-yet-valid" => TestCertificates.Leaf(ca, "Future key", at.AddHours(1)),
            "encipher-only" => TestCertificates.Leaf(ca, "Encryption key", usage: X509KeyUsageFlags.KeyEncipherment),
            "no-key-usage" => TestCertificates.Leaf(ca, "Any-use key", usage: null),
            _ => X509CertificateLoader.LoadCertificate(TestCertificates.Leaf(ca, "Public part only").RawData),
        };
        var key = Path.Combine(cli.Directory, kind + ".pfx");
        File.WriteAllBytes(key, cert.Export(X509ContentType.Pfx, "pw"));
        var outDir = Path.Combine(cli.Directory, "out");
        var run = Statement(cli, outDir, "--sign", key, "--password-file", cli.Write("pw.txt", "pw\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Contains(kind == "no-private-key" ? key : $"error: {key}: the certificate", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any(), "nothing is written with a refused key");
    }

    [Fact]
    public void A_password_is_never_accepted_as_an_argument()
    {
        using var cli = new CliRunner();
        var run = Statement(cli, Path.Combine(cli.Directory, "out"), "--password", "s3cret");
        Assert.NotEqual(0, run.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(cli.Directory, "out")));
    }

    [Fact]
    public void Existing_files_are_kept_unless_overwrite_is_given()
    {
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        Assert.Equal(0, Statement(cli, outDir, "--no-sign").ExitCode);
        var pdf = Path.Combine(outDir, CheckoutFile + ".pdf");
        File.WriteAllText(pdf, "precious");
        var again = Statement(cli, outDir, "--no-sign");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"{pdf} already exists and was left unchanged; pass --overwrite to replace it", again.Error, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(pdf));
        var overwrite = Statement(cli, outDir, "--no-sign", "--overwrite");
        Assert.True(overwrite.ExitCode == 0, overwrite.Error);
        Assert.StartsWith("%PDF-", File.ReadAllText(pdf), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.tmp")); // atomic writes leave no temporary files
    }

    [Fact]
    public void One_failing_contract_is_reported_and_the_others_are_still_written()
    {
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        // A directory where the checkout PDF must go: writing that one statement fails with an I/O error.
        Directory.CreateDirectory(Path.Combine(outDir, CheckoutFile + ".pdf"));
        var run = Statement(cli, outDir, "--no-sign", "--overwrite", Checkout, Twilio);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: Shopfront - Checkout Platform: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 of 2 statements written for 2026-11, 1 failed", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "twilio-messaging-2026-11.pdf")));
        Assert.True(File.Exists(Path.Combine(outDir, "twilio-messaging-2026-11.json")));
    }

    [Fact]
    public void All_examples_get_a_statement_and_slas_without_a_value_are_shown_without_a_number()
    {
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var run = Statement(cli, outDir, "--no-sign", Contracts);
        Assert.True(run.ExitCode == 0, run.Error);
        // one statement per demo contract (the published texts live in examples/published, not run on the demo data),
        // counted from the files (a contract header at the start of a line), so adding an example needs no edit here
        var contracts = Directory.EnumerateFiles(Contracts, "*.sla", SearchOption.AllDirectories)
            .Sum(f => File.ReadLines(f).Count(l => l.StartsWith("contract \"", StringComparison.Ordinal)));
        Assert.True(contracts >= 9, $"only {contracts} example contracts");
        Assert.Contains($"{contracts} of {contracts} statements written for 2026-11", run.Output, StringComparison.Ordinal);
        Assert.Equal(contracts, Directory.EnumerateFiles(outDir, "*.pdf").Count());
        Assert.Equal(contracts, Directory.EnumerateFiles(outDir, "*.json").Count());
        // GitHub measures per calendar quarter: a month's statement evaluates nothing and says why.
        var github = string.Join(" ", PageTexts(Path.Combine(outDir, "github-enterprise-cloud-2026-11.pdf")));
        Assert.Contains("No commitment of this contract could be evaluated for this period", github, StringComparison.Ordinal);
        // In plain words, which statement will report it (issue 15), not the command line's "ask for a quarter".
        Assert.Contains("measured per calendar quarter; the statement for 2026-Q4 (October to December 2026) will report it", github, StringComparison.Ordinal);
        Assert.DoesNotContain("ask for", github, StringComparison.Ordinal);
        Assert.Contains("No service credit is due for this period.", github, StringComparison.Ordinal);
        Assert.Contains("warning: GitHub Enterprise Cloud: no SLA of this contract could be evaluated", run.Error, StringComparison.Ordinal);
        // VMs over deployed time (examples/data/README.md): 60 of 40,080 minutes -> 99.8503%, 10% of 4,000.00 USD.
        var storage = string.Join(" ", PageTexts(Path.Combine(outDir, "object-storage-and-vms-2026-11.pdf")));
        Assert.Contains("99.8503%", storage, StringComparison.Ordinal);
        Assert.Contains("400.00 USD", storage, StringComparison.Ordinal);
        // Acme's success-rate and latency SLA is breached (the success rate): 10% of the 8,000.00 USD fee.
        var acme = string.Join(" ", PageTexts(Path.Combine(outDir, "acme-corp-premium-api-2026-11.pdf")));
        Assert.Contains("800.00 USD", acme, StringComparison.Ordinal);
    }

    [Fact]
    public void An_sla_with_an_empty_measured_period_is_shown_without_a_number()
    {
        // The example VMs are first deployed on 2026-10-10: September's deployed time is empty: no value, no credit.
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var run = cli.Invoke("statement", Path.Combine(Contracts, "storage-and-compute.sla"), "--data", Data, "--period", "2026-09", "--as-of", AsOf, "--out", outDir, "--no-sign");
        Assert.True(run.ExitCode == 0, run.Error);
        var storage = string.Join(" ", PageTexts(Path.Combine(outDir, "object-storage-and-vms-2026-09.pdf")));
        Assert.Contains("VM availability: the measured period is empty: no value, no credit", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_incident_counted_in_part_says_how_much_lay_outside_the_deployed_time()
    {
        // INC-2016 (vms) runs 2026-11-20 23:00Z to 11-22 01:00Z; the only VM deployed then starts 11-22 00:00Z. The ledger
        // said "counted in part: 60 min" and nothing of the other 1,500 minutes.
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var run = cli.Invoke("statement", Path.Combine(Contracts, "storage-and-compute.sla"), "--data", Data, "--period", "2026-11", "--as-of", AsOf, "--out", outDir, "--no-sign");
        Assert.True(run.ExitCode == 0, run.Error);
        var json = File.ReadAllText(Path.Combine(outDir, "object-storage-and-vms-2026-11.json"));
        Assert.Contains("\"counted in part: 60 min; 1,500 min outside the deployed (measured) time\"", json, StringComparison.Ordinal);
        var pages = string.Join(" ", PageTexts(Path.Combine(outDir, "object-storage-and-vms-2026-11.pdf")));
        Assert.Contains("1,500 min outside the deployed", pages, StringComparison.Ordinal);
    }

    [Fact]
    public void Acme_statement_states_each_guarantee_the_late_incidents_and_the_credit_as_the_contract_words_them()
    {
        using var cli = new CliRunner();
        var outDir = Path.Combine(cli.Directory, "out");
        var run = Statement(cli, outDir, "--no-sign", Path.Combine(Root, "examples", "contracts", "saas-api.sla"));
        Assert.True(run.ExitCode == 0, run.Error);
        var acme = string.Join(" ", PageTexts(Path.Combine(outDir, "acme-corp-premium-api-2026-11.pdf")));
        // examples/data/README.md: 68,734,923 good of 69,025,226 = 99.57943...% < 99.95% (margin -0.3706 points);
        // 8,613 of 8,652 slices have p95 <= 500 ms = 99.54923...% >= 99% (margin +0.5492).
        Assert.Contains("1 of 2 guarantees", acme, StringComparison.Ordinal);
        Assert.Contains("· success rate 4.1 success rate at least 99.95% 99.5794% -0.3706", acme, StringComparison.Ordinal);
        Assert.Contains("least 99% of 5-minute slices", acme, StringComparison.Ordinal);
        Assert.Contains("99.5492% +0.5492", acme, StringComparison.Ordinal);
        Assert.Contains("8,613 of 8,652 slices have p95 <= 500 ms", acme, StringComparison.Ordinal);
        // INC-2001 is the only severity 1 api incident in November: detected 09:02, acknowledged 09:04 (2 minutes).
        Assert.Contains("0 of 1 incident", acme, StringComparison.Ordinal);
        Assert.Contains("response to severity 1 incidents on", acme, StringComparison.Ordinal);
        Assert.Contains("slowest clock: INC-2001, 2 min", acme, StringComparison.Ordinal);
        Assert.DoesNotContain("Incident clocks", acme, StringComparison.Ordinal);
        // One tier on the number of breached guarantees, worded as written; 10% of 8,000.00 USD, once.
        Assert.Contains("any guarantee is breached 10% 800.00 USD", acme, StringComparison.Ordinal);
        Assert.DoesNotContain("as worded in the contract", acme, StringComparison.Ordinal);
        Assert.DoesNotContain(">= 1", acme, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "acme-corp-premium-api-2026-11.json")));
        var success = json.RootElement.GetProperty("commitments")[0];
        Assert.Equal("1 of 2 guarantees breached", success.GetProperty("measured").GetString());
        var guarantees = success.GetProperty("guarantees");
        Assert.Equal(2, guarantees.GetArrayLength());
        Assert.Equal("99.5794%", guarantees[0].GetProperty("measured").GetString());
        Assert.Equal("breached", guarantees[0].GetProperty("verdict").GetString());
        Assert.Equal("99.5492%", guarantees[1].GetProperty("measured").GetString());
        Assert.Equal("met", guarantees[1].GetProperty("verdict").GetString());
        Assert.Equal("0 of 1 incident late", json.RootElement.GetProperty("commitments")[1].GetProperty("measured").GetString());
        Assert.Equal("10%", json.RootElement.GetProperty("credits").GetProperty("lines")[0].GetProperty("basis").GetString());
    }

    [Fact]
    public void Non_ascii_parties_print_as_themselves_or_as_code_points_with_a_note()
    {
        using var cli = new CliRunner();
        var contract = cli.Write("intl.sla", CliRunner.Clean
            .Replace("contract \"Clean\" {", "contract \"株式会社 Tokyo\" {\n  provider \"Müller & Söhne GmbH\"\n  customer \"株式会社 Example\"", StringComparison.Ordinal));
        var data = Path.Combine(cli.Directory, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "incidents.csv"), "id,service,severity,impact,started,resolved\nI-1,api,1,outage,2026-11-03T10:00:00Z,2026-11-03T11:00:00Z\n");
        var outDir = Path.Combine(cli.Directory, "out");
        var run = cli.Invoke("statement", contract, "--data", data, "--period", "2026-11", "--as-of", AsOf, "--out", outDir, "--no-sign");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var pdf = Assert.Single(Directory.EnumerateFiles(outDir, "*.pdf"));
        Assert.StartsWith("tokyo-2026-11", Path.GetFileName(pdf), StringComparison.Ordinal);
        var first = PageTexts(pdf)[0];
        Assert.Contains("Provider Müller & Söhne GmbH", first, StringComparison.Ordinal);
        Assert.Contains("Customer [U+682A U+5F0F U+4F1A U+793E] Example", first, StringComparison.Ordinal);
        Assert.Contains("Font note:", first, StringComparison.Ordinal);
        Assert.DoesNotContain("株", first, StringComparison.Ordinal);
        Assert.Contains("U+682A", run.Error, StringComparison.Ordinal); // the warning
        Assert.Contains("\"name\": \"株式会社 Example\"", File.ReadAllText(Path.ChangeExtension(pdf, ".json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Kpi_report_for_two_months_shows_the_breach_warning_and_money_at_stake()
    {
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Directory, "kpi.pdf");
        var run = cli.Invoke("report", Checkout, "--data", Data, "--period", "2026-11", "--months", "2", "--as-of", AsOf, "--out", file);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2026-10 to 2026-11", run.Output, StringComparison.Ordinal);
        var pages = PageTexts(file);
        var text = string.Join(" ", pages);
        Assert.All(pages, p => Assert.Contains("INTERNAL", p, StringComparison.Ordinal));
        Assert.Contains("breached: downtime budget exceeded (185 min used of 43 min 15.6 s)", text, StringComparison.Ordinal);
        Assert.Contains("427.6%", text, StringComparison.Ordinal); // 11,100 s of a 2,595.6 s budget
        Assert.Contains("1,200.00", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/ByteRange", Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        var again = cli.Invoke("report", Checkout, "--data", Data, "--period", "2026-11", "--months", "2", "--as-of", AsOf, "--out", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kpi_report_of_the_readme_counts_its_one_warning_in_the_singular()
    {
        // README: sla report examples/contracts/saas-api.sla ... --trend 2 (said "1 warnings").
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Directory, "kpi-report.pdf");
        var run = cli.Invoke("report", Path.Combine(Path.GetDirectoryName(Checkout)!, "saas-api.sla"), "--data", Data, "--period", "2026-11", "--trend", "2", "--as-of", AsOf, "-o", file);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"wrote {file} (internal KPI report, 2026-09 to 2026-11, 7 KPI targets, 1 warning)", run.Lines);
    }

    [Fact]
    public void A_template_with_a_misspelt_member_fails_at_start_with_file_and_line()
    {
        using var cli = new CliRunner();
        var text = SlaKpiDsl.Reports.Templating.TemplateSet.DefaultText("statement.scriban").Replace("{{ cell period.label }}:", "{{ cell period.lable }}:", StringComparison.Ordinal);
        var template = cli.Write("templates/statement.scriban", text);
        var outDir = Path.Combine(cli.Directory, "out");
        var run = Statement(cli, outDir, "--no-sign", "--template", Path.GetDirectoryName(template)!);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"statement\.scriban\(\d+,\d+\): error: .*lable", run.Error);
        Assert.False(Directory.Exists(outDir), "nothing is written when the wording cannot render");
    }
}
