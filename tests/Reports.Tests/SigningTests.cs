using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Verification;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Reports.Tests;

public class SigningTests
{
    private static readonly Lazy<X509Certificate2> Demo = new(() =>
    {
        var (cert, problem) = DemoCertificate.GetOrCreate(TestSupport.TempDir("demo-cert"));
        Assert.Null(problem);
        return cert!;
    });

    private static readonly Lazy<X509Certificate2> Ca = new(() => TestCertificates.Root());

    /// <summary>Trusts the test CA, and knows the demo certificate by its bytes.</summary>
    private static TrustAnchors Trust => new([X509CertificateLoader.LoadCertificate(Ca.Value.RawData)], [], false, X509CertificateLoader.LoadCertificate(Demo.Value.RawData));

    private static (string Pdf, string Json) SignedFiles(X509Certificate2 cert, string name, StatementDocument? doc = null)
    {
        var r = StatementRenderer.Render(doc ?? SampleDocuments.Statement(), TestSupport.Templates, new SigningOptions(cert));
        Assert.True(r.IsSuccess, string.Join("\n", r.Errors));
        return StatementRenderer.WriteFiles(r, TestSupport.TempDir(name), "statement");
    }

    /// <summary>Flips one character of the Info /Title, which lies inside the first signed byte range.</summary>
    private static void TamperInsideSignedRange(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.Latin1.GetString(bytes);
        var at = text.IndexOf("/Title(Service", StringComparison.Ordinal) + "/Title(".Length;
        var byteRange = text.IndexOf("/ByteRange", StringComparison.Ordinal);
        Assert.True(at > 10 && at < byteRange, "the tampered byte must be inside the first signed range");
        bytes[at] = (byte)'X';
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void Pdfsig_reports_a_valid_signature()
    {
        var (pdf, _) = SignedFiles(Demo.Value, "pdfsig-valid");
        var (_, output) = TestSupport.Run("pdfsig", pdf);
        // pdfsig exits 0 even for invalid signatures: assert on its text.
        Assert.Contains("Signature is Valid.", output, StringComparison.Ordinal);
        Assert.Contains("Signing Hash Algorithm: SHA-256", output, StringComparison.Ordinal);
        Assert.Contains("adbe.pkcs7.detached", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
        Assert.Contains(DemoCertificate.CommonName, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdfsig_reports_invalid_after_one_byte_changes()
    {
        var (pdf, _) = SignedFiles(Demo.Value, "pdfsig-tamper");
        TamperInsideSignedRange(pdf);
        var (_, output) = TestSupport.Run("pdfsig", pdf);
        // With signed attributes, poppler compares the message-digest attribute first and says so.
        Assert.Contains("Signature Validation: Digest Mismatch.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature is Valid.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_accepts_a_demo_signed_statement_as_demo()
    {
        var (pdf, _) = SignedFiles(Demo.Value, "verify-demo");
        var result = StatementVerifier.Verify(pdf, Trust);
        Assert.Equal(VerificationStatus.Demo, result.Status);
        Assert.StartsWith("DEMO: signed by 'SlaKpiDsl DEMO certificate", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_accepts_a_production_certificate_and_no_banner_is_printed()
    {
        using var cert = TestCertificates.Leaf(Ca.Value, "Example Cloud Billing");
        var (pdf, _) = SignedFiles(cert, "verify-prod");
        var result = StatementVerifier.Verify(pdf, Trust);
        Assert.Equal(VerificationStatus.Valid, result.Status);
        Assert.EndsWith("chain to 'SlaKpiDsl Test Root CA'", result.Reason, StringComparison.Ordinal);
        Assert.All(TestSupport.PageTexts(File.ReadAllBytes(pdf)), t => Assert.DoesNotContain("DEMO", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Verifier_is_not_confused_by_a_byte_range_lookalike_in_a_name()
    {
        var (pdf, _) = SignedFiles(Demo.Value, "verify-lookalike", SampleDocuments.Statement(0, "Evil /ByteRange [0 10 20 30] Corp"));
        Assert.Equal(VerificationStatus.Demo, StatementVerifier.Verify(pdf, Trust).Status);
    }

    [Fact]
    public void Verifier_rejects_a_changed_byte()
    {
        var (pdf, _) = SignedFiles(Demo.Value, "verify-tamper");
        TamperInsideSignedRange(pdf);
        var result = StatementVerifier.Verify(pdf, Trust);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("signature does not match", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_rejects_bytes_appended_after_signing()
    {
        var (pdf, _) = SignedFiles(Demo.Value, "verify-append");
        File.AppendAllText(pdf, "\n% appended\n");
        var result = StatementVerifier.Verify(pdf, Trust);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Equal("12 bytes after the signed range (content was added after signing)", result.Reason);
    }

    [Fact]
    public void Verifier_rejects_a_certificate_not_valid_at_the_as_of_instant()
    {
        // As of 2026-12-02T14:00Z, but the certificate starts an hour later (and is valid at the real signing time).
        using var cert = TestCertificates.Leaf(Ca.Value, "Later key", new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));
        var (pdf, _) = SignedFiles(cert, "verify-expired");
        var result = StatementVerifier.Verify(pdf, Trust);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("is not yet valid at the statement's as-of instant 2026-12-02T14:00:00Z", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_rejects_a_json_beside_the_pdf_that_differs_from_the_signed_result()
    {
        var (pdf, json) = SignedFiles(Demo.Value, "verify-json");
        Assert.Equal(VerificationStatus.Demo, StatementVerifier.Verify(pdf, Trust).Status);
        File.WriteAllText(json, File.ReadAllText(json).Replace("1200.00", "12.00", StringComparison.Ordinal));
        var result = StatementVerifier.Verify(pdf, Trust);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("statement.json does not match the signed result", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_rejects_an_unsigned_statement()
    {
        var r = StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates);
        var result = StatementVerifier.Verify(r.Pdf!, Trust);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("not signed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_banner_is_on_every_page_and_only_when_demo_signed()
    {
        var signed = StatementRenderer.Render(SampleDocuments.Statement(120), TestSupport.Templates, new SigningOptions(Demo.Value));
        var pages = TestSupport.PageTexts(signed.Pdf!);
        Assert.True(pages.Count >= 3, $"expected a multi-page statement, got {pages.Count}");
        Assert.All(pages, t => Assert.Contains("DEMO SIGNATURE", t, StringComparison.Ordinal));
        Assert.All(pages, t => Assert.Contains("Not valid for billing.", t, StringComparison.Ordinal));

        var unsigned = StatementRenderer.Render(SampleDocuments.Statement(120), TestSupport.Templates);
        Assert.All(TestSupport.PageTexts(unsigned.Pdf!), t => Assert.DoesNotContain("DEMO", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Template_without_banner_still_gets_one_when_demo_signed()
    {
        var dir = TestSupport.TempDir("no-banner");
        var text = string.Join("\n", Templating.TemplateSet.DefaultText(Templating.TemplateSet.StatementTemplateName).Split('\n').Where(l => !l.StartsWith("@demo-banner", StringComparison.Ordinal)));
        File.WriteAllText(Path.Combine(dir, Templating.TemplateSet.StatementTemplateName), text);
        var templates = Templating.TemplateSet.LoadFrom(dir).Templates!;
        var r = StatementRenderer.Render(SampleDocuments.Statement(), templates, new SigningOptions(Demo.Value));
        Assert.Contains(r.Warnings, w => w.Contains("demo-banner", StringComparison.Ordinal));
        Assert.All(TestSupport.PageTexts(r.Pdf!), t => Assert.Contains("DEMO SIGNATURE - NOT VALID FOR BILLING", t, StringComparison.Ordinal));
    }
}

public class SigningKeyTests
{
    private static string MakePfx(string dir, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Key test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        var path = Path.Combine(dir, "key.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, password));
        return path;
    }

    [Fact]
    public void Password_from_a_file_opens_the_key()
    {
        var dir = TestSupport.TempDir("key-file");
        var pfx = MakePfx(dir, "s3cret");
        File.WriteAllText(Path.Combine(dir, "pw"), "s3cret\n");
        var (cert, problem) = SigningKey.Load(pfx, new FilePasswordSource(Path.Combine(dir, "pw")));
        Assert.Null(problem);
        Assert.True(cert!.HasPrivateKey);
    }

    [Fact]
    public void Password_from_the_environment_opens_the_key()
    {
        var dir = TestSupport.TempDir("key-env");
        var pfx = MakePfx(dir, "env-pw");
        const string variable = "SLA_SIGN_PASSWORD_TEST_ONLY";
        Environment.SetEnvironmentVariable(variable, "env-pw");
        try
        {
            var (cert, problem) = SigningKey.Load(pfx, new EnvironmentPasswordSource(variable));
            Assert.Null(problem);
            Assert.NotNull(cert);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Wrong_or_missing_password_is_a_reason_not_an_exception()
    {
        var dir = TestSupport.TempDir("key-wrong");
        var pfx = MakePfx(dir, "right");
        File.WriteAllText(Path.Combine(dir, "pw"), "wrong");
        var (cert, problem) = SigningKey.Load(pfx, new FilePasswordSource(Path.Combine(dir, "pw")));
        Assert.Null(cert);
        Assert.Contains("wrong password", problem, StringComparison.Ordinal);

        var (_, missing) = SigningKey.Load(pfx, new EnvironmentPasswordSource("SLA_SIGN_PASSWORD_SURELY_UNSET"));
        Assert.Equal("environment variable SLA_SIGN_PASSWORD_SURELY_UNSET is not set", missing);
    }

    [Fact]
    public void Demo_certificate_is_reused_and_never_overwrites_a_foreign_file()
    {
        var dir = TestSupport.TempDir("demo-reuse");
        var (first, _) = DemoCertificate.GetOrCreate(dir);
        var (second, _) = DemoCertificate.GetOrCreate(dir);
        Assert.Equal(first!.Thumbprint, second!.Thumbprint);
        Assert.Equal(DemoCertificate.CommonName, first.GetNameInfo(X509NameType.SimpleName, false));

        var foreignDir = TestSupport.TempDir("demo-foreign");
        var foreign = Path.Combine(foreignDir, DemoCertificate.FileName);
        File.WriteAllText(foreign, "a user's own file");
        var (cert, problem) = DemoCertificate.GetOrCreate(foreignDir);
        Assert.Null(cert);
        Assert.Contains("left untouched", problem, StringComparison.Ordinal);
        Assert.Equal("a user's own file", File.ReadAllText(foreign));
    }
}

/// <summary>
/// Signed statements keep the real signing time (the signature attests when it was made; backdating it to the as-of
/// instant would misstate that), so signed files differ between runs. What is signed must not: the pages and the
/// embedded result are identical in two signings of the same statement.
/// </summary>
public class SignedContentReproducibilityTests
{
    private static (List<byte[]> Pages, byte[] Result) Content(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        var doc = PdfSharp.Pdf.IO.PdfReader.Open(stream, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var pages = doc.Pages.Cast<PdfSharp.Pdf.PdfPage>().Select(p => p.Contents.CreateSingleContent().Stream.Value).ToList();
        var result = doc.Internals.Catalog.Elements.GetDictionary(PdfComposer.ResultKey)!.Stream.Value;
        return (pages, result);
    }

    [Fact]
    public void Two_signings_of_one_statement_sign_identical_pages_and_result()
    {
        var (cert, problem) = DemoCertificate.GetOrCreate(TestSupport.TempDir("resign"));
        Assert.Null(problem);
        var doc = SampleDocuments.Statement(40, "Müller & Söhne GmbH");
        var a = StatementRenderer.Render(doc, TestSupport.Templates, new SigningOptions(cert!));
        Thread.Sleep(1100); // a different wall-clock second for the signature time
        var b = StatementRenderer.Render(doc, TestSupport.Templates, new SigningOptions(cert!));
        var (pagesA, resultA) = Content(a.Pdf!);
        var (pagesB, resultB) = Content(b.Pdf!);
        Assert.Equal(pagesA.Count, pagesB.Count);
        Assert.True(pagesA.Count >= 2);
        for (var i = 0; i < pagesA.Count; i++) Assert.True(pagesA[i].AsSpan().SequenceEqual(pagesB[i]), $"page {i + 1} differs between two signings");
        Assert.True(resultA.AsSpan().SequenceEqual(resultB));
        Assert.Equal(a.ResultSha256, b.ResultSha256);
        Assert.True(resultA.AsSpan().SequenceEqual(a.Json), "the embedded result is the JSON written beside the PDF");
    }
}
