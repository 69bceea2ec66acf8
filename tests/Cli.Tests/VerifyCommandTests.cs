using System.Security.Cryptography.X509Certificates;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Cli.Tests;

/// <summary><c>sla verify</c>: one line per file, the batch always finishes, and exit 0 valid / 1 invalid / 3 untrusted / 4 demo.</summary>
public class VerifyCommandTests
{
    private static readonly Lazy<X509Certificate2> Ca = new(() => TestCertificates.Root());
    private static readonly Lazy<X509Certificate2> ProviderKey = new(() => TestCertificates.Leaf(Ca.Value, "Example Commerce Cloud Inc."));

    /// <summary>The demo key lives where <c>sla</c> keeps it for this runner: beside its evaluator cache.</summary>
    private static X509Certificate2 DemoKey(CliRunner cli)
    {
        var (cert, problem) = DemoCertificate.GetOrCreate(Path.Combine(cli.Directory, "cache", "keys"));
        Assert.Null(problem);
        return cert!;
    }

    private static string Signed(CliRunner cli, X509Certificate2 cert, string name)
    {
        var templates = TemplateSet.LoadDefaults();
        Assert.True(templates.Templates is not null, string.Join("; ", templates.Errors));
        var rendered = StatementRenderer.Render(SampleDocuments.Statement(), templates.Templates!, new SigningOptions(cert));
        Assert.True(rendered.IsSuccess);
        return StatementRenderer.WriteFiles(rendered, Path.Combine(cli.Directory, "out"), name).PdfPath;
    }

    private static string CaPem(CliRunner cli) => TestCertificates.WritePem(Ca.Value, Path.Combine(cli.Directory, "ca.pem"));

    [Fact]
    public void Demo_statement_exits_four_and_zero_with_accept_demo_still_saying_demo()
    {
        using var cli = new CliRunner();
        var pdf = Signed(cli, DemoKey(cli), "acme-2026-11");
        var run = cli.Invoke("verify", pdf);
        Assert.Equal(4, run.ExitCode);
        Assert.StartsWith($"{pdf}: DEMO: ", Assert.Single(run.Lines));
        var accepted = cli.Invoke("verify", pdf, "--accept-demo");
        Assert.Equal(0, accepted.ExitCode);
        Assert.StartsWith($"{pdf}: DEMO: ", accepted.Output);
        Assert.EndsWith("(accepted: --accept-demo)\n", accepted.Output);
    }

    [Fact]
    public void Trusted_ca_leaf_exits_zero_with_trust_and_three_without()
    {
        using var cli = new CliRunner();
        var pdf = Signed(cli, ProviderKey.Value, "provider");
        var trusted = cli.Invoke("verify", "--trust", CaPem(cli), pdf);
        Assert.True(trusted.ExitCode == 0, trusted.Output + trusted.Error);
        Assert.StartsWith($"{pdf}: valid: signed by 'Example Commerce Cloud Inc.'", trusted.Output);

        var untrusted = cli.Invoke("verify", pdf);
        Assert.Equal(3, untrusted.ExitCode);
        Assert.StartsWith($"{pdf}: untrusted: signature intact but no trust anchor was given", untrusted.Output);
    }

    [Fact]
    public void System_trust_alone_does_not_trust_a_private_ca_and_adds_to_named_anchors()
    {
        using var cli = new CliRunner();
        var pdf = Signed(cli, ProviderKey.Value, "provider");
        var system = cli.Invoke("verify", pdf, "--system-trust");
        Assert.Equal(3, system.ExitCode);
        Assert.Contains("does not end at a trust anchor you named", system.Output);
        Assert.Equal(0, cli.Invoke("verify", pdf, "--system-trust", "--trust", CaPem(cli)).ExitCode);
    }

    [Fact]
    public void A_trust_folder_and_der_files_are_read()
    {
        using var cli = new CliRunner();
        var pdf = Signed(cli, ProviderKey.Value, "provider");
        var folder = Path.Combine(cli.Directory, "anchors");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "root.cer"), Ca.Value.RawData);
        File.WriteAllText(Path.Combine(folder, "README.txt"), "not a certificate, and not read");
        Assert.Equal(0, cli.Invoke("verify", pdf, "--trust", folder).ExitCode);
    }

    [Fact]
    public void Self_made_certificate_with_the_providers_name_exits_three_with_a_trust_list()
    {
        using var cli = new CliRunner();
        using var forged = TestCertificates.SelfSigned("CN=Example Commerce Cloud Inc.");
        var pdf = Signed(cli, forged, "forged");
        var run = cli.Invoke("verify", pdf, "--trust", CaPem(cli));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("does not end at a trust anchor you named", run.Output);
    }

    [Fact]
    public void Bad_trust_option_is_a_located_error()
    {
        using var cli = new CliRunner();
        var pdf = Signed(cli, ProviderKey.Value, "provider");
        var missing = cli.Invoke("verify", pdf, "--trust", Path.Combine(cli.Directory, "nope.pem"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.pem: no such file or folder", missing.Error);
        var notCert = cli.Write("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        var wrong = cli.Invoke("verify", pdf, "--trust", notCert);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains($"--trust {notCert}: the PEM file holds no CERTIFICATE block", wrong.Error);
        Assert.Equal(1, cli.Invoke("verify", pdf, "--trust", cli.Write("junk.der", "junk")).ExitCode);
    }

    [Fact]
    public void Truncated_and_garbage_files_are_invalid_and_the_next_file_is_still_verified()
    {
        using var cli = new CliRunner();
        var good = Signed(cli, ProviderKey.Value, "good");
        var bytes = File.ReadAllBytes(good);
        var truncated = Path.Combine(cli.Directory, "truncated.pdf");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var garbage = Path.Combine(cli.Directory, "garbage.pdf");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))]);
        var derLengthOverrun = Path.Combine(cli.Directory, "der.pdf");
        var (start, _) = TestCertificates.ContentsHex(bytes);
        var edited = (byte[])bytes.Clone();
        "3084FFFFFFFF"u8.ToArray().CopyTo(edited, start);
        File.WriteAllBytes(derLengthOverrun, edited);
        var missing = Path.Combine(cli.Directory, "nope.pdf");

        var run = cli.Invoke("verify", "--trust", CaPem(cli), truncated, garbage, derLengthOverrun, missing, good);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(5, run.Lines.Length);
        Assert.StartsWith($"{truncated}: invalid: ", run.Lines[0]);
        Assert.StartsWith($"{garbage}: invalid: the document is not signed", run.Lines[1]);
        Assert.StartsWith($"{derLengthOverrun}: invalid: the signature in /Contents is not DER", run.Lines[2]);
        Assert.StartsWith($"{missing}: invalid: ", run.Lines[3]);
        Assert.StartsWith($"{good}: valid: ", run.Lines[4]);
    }

    [Fact]
    public void One_changed_byte_makes_it_invalid_with_exit_one()
    {
        using var cli = new CliRunner();
        var pdf = Signed(cli, ProviderKey.Value, "provider");
        var bytes = File.ReadAllBytes(pdf);
        var at = Array.IndexOf(bytes, (byte)'A', bytes.Length / 3); // a byte inside the signed content
        bytes[at] = (byte)'B';
        File.WriteAllBytes(pdf, bytes);
        var run = cli.Invoke("verify", "--trust", CaPem(cli), pdf);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{pdf}: invalid: ", run.Lines[0]);
    }

    [Fact]
    public void Invalid_outranks_untrusted_which_outranks_demo_in_the_exit_code()
    {
        using var cli = new CliRunner();
        var demo = Signed(cli, DemoKey(cli), "demo");
        using var stranger = TestCertificates.SelfSigned("CN=Stranger");
        var untrusted = Signed(cli, stranger, "stranger");
        Assert.Equal(3, cli.Invoke("verify", demo, untrusted).ExitCode);
        Assert.Equal(1, cli.Invoke("verify", demo, untrusted, Path.Combine(cli.Directory, "nope.pdf")).ExitCode);
    }

    [Fact]
    public void Help_lists_the_exit_codes()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("verify", "--help");
        Assert.Contains("0 valid; 1 invalid or tampered", run.Output);
        Assert.Contains("3 untrusted", run.Output);
        Assert.Contains("4 demo certificate (0 with --accept-demo)", run.Output);
    }
}
