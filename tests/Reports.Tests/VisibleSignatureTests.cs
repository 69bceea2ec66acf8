using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Verification;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The visible signature block: the statement's one signature field, shown as a widget with an appearance stream on
/// the last page (signer, issuer, signing time, certificate fingerprint); pdfsig still validates it; a one-byte tamper is still caught.
/// </summary>
public class VisibleSignatureTests
{
    private static readonly Lazy<X509Certificate2> Demo = new(() =>
    {
        var (cert, problem) = DemoCertificate.GetOrCreate(TestSupport.TempDir("demo-cert-visible"));
        Assert.Null(problem);
        return cert!;
    });

    private static string Signed(X509Certificate2 cert, string name, StatementDocument? doc = null)
    {
        var r = StatementRenderer.Render(doc ?? SampleDocuments.Statement(), TestSupport.Templates, new SigningOptions(cert));
        Assert.True(r.IsSuccess, string.Join("\n", r.Errors));
        return StatementRenderer.WriteFiles(r, TestSupport.TempDir(name), "statement").PdfPath;
    }

    private static string Fingerprint(X509Certificate2 cert) => Convert.ToHexStringLower(SHA256.HashData(cert.RawData));

    [Fact]
    public void The_one_signature_field_is_a_widget_with_an_appearance_on_the_last_page()
    {
        var pdf = Signed(Demo.Value, "visible-widget", SampleDocuments.Statement(extraIncidents: 60));
        using var doc = PdfReader.Open(pdf, PdfDocumentOpenMode.Import);
        var fields = doc.AcroForm!.Elements.GetArray("/Fields")!;
        var field = (PdfDictionary)((PdfSharp.Pdf.Advanced.PdfReference)Assert.Single(fields.Elements)).Value;
        Assert.Equal("/Sig", field.Elements.GetName("/FT"));
        Assert.Equal("/Widget", field.Elements.GetName("/Subtype"));
        var rect = field.Elements.GetRectangle("/Rect");
        Assert.True(rect.Width > 300 && rect.Height > 50, $"the widget must be visible, got {rect}");
        // Inside the page, above the footer rule (46 pt from the bottom) and within the side margins.
        Assert.True(rect.X1 >= 62 - 0.01 && rect.X2 <= 595.28 - 62 + 0.01 && rect.Y1 >= 46, $"the widget must lie inside the page body, got {rect}");
        Assert.NotNull(field.Elements.GetDictionary("/AP")?.Elements.GetDictionary("/N") ?? (field.Elements.GetDictionary("/AP")?.Elements.GetValue("/N") as PdfDictionary));
        // On the last page, and listed in its annotations.
        var last = doc.Pages[doc.PageCount - 1];
        var annots = last.Elements.GetArray("/Annots")!;
        Assert.Contains(annots.Elements, a => ReferenceEquals((a as PdfSharp.Pdf.Advanced.PdfReference)?.Value, field));
        for (var i = 0; i < doc.PageCount - 1; i++) Assert.Null(doc.Pages[i].Elements.GetArray("/Annots"));
    }

    [Fact]
    public void The_block_states_signer_issuer_time_and_fingerprint_and_pdfsig_says_valid()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var pdf = Signed(Demo.Value, "visible-text");
        var after = DateTime.UtcNow.AddSeconds(1);
        var pages = StatementElementsText.PdfToTextPages(pdf);
        var last = pages[^1];
        Assert.Contains("Digitally signed with the DEMO certificate: not valid for billing", last, StringComparison.Ordinal);
        Assert.Contains("Signer " + DemoCertificate.CommonName, last, StringComparison.Ordinal);
        Assert.Contains("Issuer " + DemoCertificate.CommonName, last, StringComparison.Ordinal); // self-signed
        var fp = Fingerprint(Demo.Value);
        Assert.Contains($"Certificate SHA-256 {fp[..16]} {fp[16..32]} {fp[32..48]} {fp[48..]}", last, StringComparison.Ordinal);
        var at = System.Text.RegularExpressions.Regex.Match(last, @"Signed at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC");
        Assert.True(at.Success, last);
        var signedAt = DateTime.SpecifyKind(DateTime.ParseExact(at.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.InRange(signedAt, before.AddTicks(-(before.Ticks % TimeSpan.TicksPerSecond)), after);
        var (_, output) = TestSupport.Run("pdfsig", pdf);
        Assert.Contains("Signature is Valid.", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
        // The block's time is the CMS signing time pdfsig reads.
        Assert.Contains("Signing Time: ", output, StringComparison.Ordinal);
        Assert.Contains(signedAt.ToString("MMM dd yyyy", System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_the_last_page_has_no_room_for_gets_a_page_that_says_what_it_is()
    {
        // Content down to the foot of the page: the block cannot go under it and takes a page of its own. That page once
        // held the block alone, with no line saying what it signs or that the content had ended.
        var content = new SlaKpiDsl.Reports.Layout.LaidOutPage([new SlaKpiDsl.Reports.Layout.TextOp(62, SlaKpiDsl.Reports.Layout.PageLayoutEngine.ContentBottom - 14,
            "the last ledger line", SlaKpiDsl.Reports.Layout.FontRole.Body, SlaKpiDsl.Reports.Layout.InkColor.Text)]);
        var furniture = new SlaKpiDsl.Reports.Layout.PageFurniture("Acme", "Statement", "ST-TEST", "Page {page} of {pages}", null);
        var meta = new SlaKpiDsl.Reports.Pdf.PdfMetadata("t", "s", "a", NodaTime.Instant.FromUtc(2026, 12, 1, 6, 0), System.Collections.Immutable.ImmutableDictionary<string, string>.Empty, null);
        var bytes = PdfComposer.Compose([content], furniture, meta, new SigningOptions(Demo.Value));
        var path = Path.Combine(TestSupport.TempDir("visible-own-page"), "statement.pdf");
        File.WriteAllBytes(path, bytes);
        var pages = StatementElementsText.PdfToTextPages(path);
        Assert.Equal(2, pages.Count);
        Assert.Contains("the last ledger line", pages[0], StringComparison.Ordinal);
        Assert.Contains("Signature The content ends on page 1; the signature below covers the whole document, pages 1 to 2.", pages[1], StringComparison.Ordinal);
        Assert.Contains("Digitally signed with the DEMO certificate", pages[1], StringComparison.Ordinal);
        Assert.Contains("Signature is Valid.", TestSupport.Run("pdfsig", path).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_production_certificate_block_names_its_issuer_and_carries_no_demo_wording()
    {
        using var root = TestCertificates.Root();
        using var cert = TestCertificates.Leaf(root, "Example Commerce Cloud billing");
        var pdf = Signed(cert, "visible-prod");
        var last = StatementElementsText.PdfToTextPages(pdf)[^1];
        Assert.Contains("Digitally signed Signer Example Commerce Cloud billing", last, StringComparison.Ordinal);
        Assert.Contains("Issuer " + root.GetNameInfo(X509NameType.SimpleName, false), last, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO", last, StringComparison.Ordinal);
        var (_, output) = TestSupport.Run("pdfsig", pdf);
        Assert.Contains("Signature is Valid.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void One_byte_changed_in_the_appearance_is_caught_by_pdfsig_and_verify()
    {
        var pdf = Signed(Demo.Value, "visible-tamper");
        var bytes = File.ReadAllBytes(pdf);
        var text = Encoding.Latin1.GetString(bytes);
        // A byte of the appearance's text (the word "Signer" drawn in the block) inside the signed range.
        var at = text.IndexOf("(Signer)", StringComparison.Ordinal);
        if (at < 0) at = text.IndexOf("/Subtype/Widget", StringComparison.Ordinal);
        Assert.True(at > 0, "the appearance must be in the file");
        bytes[at + 1] ^= 0x01;
        File.WriteAllBytes(pdf, bytes);
        var (_, output) = TestSupport.Run("pdfsig", pdf);
        Assert.DoesNotContain("Signature is Valid.", output, StringComparison.Ordinal);
        var demo = X509CertificateLoader.LoadCertificate(Demo.Value.RawData);
        var result = StatementVerifier.Verify(pdf, new TrustAnchors([], [], false, demo));
        Assert.Equal(VerificationStatus.Invalid, result.Status);
    }
}

/// <summary>pdftotext page by page with -layout (poppler extracts widget appearances too), whitespace collapsed.</summary>
internal static class StatementElementsText
{
    public static List<string> PdfToTextPages(string pdf)
    {
        var (code, text) = TestSupport.Run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");
        Assert.Equal(0, code);
        return [.. text.Split('\f').SkipLast(1).Select(page => string.Join(" ", page.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))];
    }
}
