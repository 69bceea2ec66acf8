using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Verification;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// <c>StatementVerifier</c> as a relying party (issue 13): forged signers, edited certificates, untrusted chains, the
/// demo key by fingerprint, bytes outside the signed range, and malformed files that must give "invalid", never throw.
/// </summary>
public class RelyingPartyVerificationTests
{
    private const string Provider = "Example Commerce Cloud Inc.";

    private static readonly Lazy<X509Certificate2> Ca = new(() => TestCertificates.Root());
    private static readonly Lazy<X509Certificate2> ProviderKey = new(() => TestCertificates.Leaf(Ca.Value, Provider));
    private static readonly Lazy<X509Certificate2> Demo = new(() =>
    {
        var (cert, problem) = DemoCertificate.GetOrCreate(TestSupport.TempDir("rp-demo"));
        Assert.Null(problem);
        return cert!;
    });
    private static readonly Lazy<byte[]> ProviderSigned = new(() => Sign(ProviderKey.Value));
    private static readonly Lazy<byte[]> DemoSigned = new(() => Sign(Demo.Value));

    /// <summary>The relying party's trust list: the test CA; and this machine's demo certificate, known by its bytes.</summary>
    private static TrustAnchors Trust => new([Public(Ca.Value)], [], false, Public(Demo.Value));

    private static X509Certificate2 Public(X509Certificate2 cert) => X509CertificateLoader.LoadCertificate(cert.RawData);

    private static byte[] Sign(X509Certificate2 cert, StatementDocument? doc = null)
    {
        var r = StatementRenderer.Render(doc ?? SampleDocuments.Statement(), TestSupport.Templates, new SigningOptions(cert));
        Assert.True(r.IsSuccess, string.Join("\n", r.Errors));
        return r.Pdf!;
    }

    private static VerificationResult Verify(byte[] pdf, TrustAnchors? trust = null) => StatementVerifier.Verify(pdf, trust ?? Trust);

    [Fact]
    public void Signature_carries_content_type_digest_signing_time_and_signing_certificate_v2_of_the_signer()
    {
        var pdf = ProviderSigned.Value;
        var (start, end) = TestCertificates.ContentsHex(pdf);
        var data = Convert.FromHexString(Encoding.Latin1.GetString(pdf, start, end - start));
        AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.DER, out _, out _, out var length);
        var cms = new SignedCms();
        cms.Decode(data.AsSpan(0, length));
        var attributes = cms.SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Select(a => a.Oid.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { CmsAttributes.ContentTypeOid, CmsAttributes.MessageDigestOid, CmsAttributes.SigningTimeOid, CmsAttributes.SigningCertificateV2Oid }.Order(StringComparer.Ordinal), attributes);
        var ess = cms.SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Single(a => a.Oid.Value == CmsAttributes.SigningCertificateV2Oid).Values[0];
        var (id, problem) = CmsAttributes.ReadSigningCertificateV2(ess.RawData);
        Assert.Null(problem);
        Assert.Equal(CmsAttributes.Sha256Oid, id!.HashAlgorithmOid);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(ProviderKey.Value.RawData), id.Hash);
        Assert.Equal(ProviderKey.Value.IssuerName.RawData, id.IssuerNameDer);
    }

    [Fact]
    public void Statement_signed_by_a_leaf_of_a_trusted_ca_is_valid_and_pdfsig_agrees()
    {
        var result = Verify(ProviderSigned.Value);
        Assert.True(result.Status == VerificationStatus.Valid, result.ToString());
        Assert.Contains($"signed by '{Provider}'", result.Reason, StringComparison.Ordinal);
        var path = Path.Combine(TestSupport.TempDir("rp-pdfsig"), "statement.pdf");
        File.WriteAllBytes(path, ProviderSigned.Value);
        var (_, output) = TestSupport.Run("pdfsig", path);
        Assert.Contains("Signature is Valid.", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Intermediates_in_the_key_file_travel_in_the_signature_so_the_root_alone_is_enough()
    {
        using var issuing = TestCertificates.Intermediate(Ca.Value);
        using var leaf = TestCertificates.Leaf(issuing, Provider);
        var dir = TestSupport.TempDir("rp-chain");
        var pfx = Path.Combine(dir, "key.pfx");
        File.WriteAllBytes(pfx, new X509Certificate2Collection { leaf, Public(issuing), Public(Ca.Value) }.Export(X509ContentType.Pfx, "pw")!);
        File.WriteAllText(Path.Combine(dir, "pw"), "pw");
        var (key, problem) = SigningKey.LoadWithChain(pfx, new FilePasswordSource(Path.Combine(dir, "pw")));
        Assert.Null(problem);
        Assert.Equal(leaf.Thumbprint, key!.Certificate.Thumbprint);
        Assert.Equal([issuing.Thumbprint], key.Intermediates.Select(c => c.Thumbprint)); // the root is not carried

        var withChain = StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates, new SigningOptions(key.Certificate, intermediates: key.Intermediates)).Pdf!;
        var result = Verify(withChain);
        Assert.True(result.Status == VerificationStatus.Valid, result.ToString());
        var leafOnly = StatementRenderer.Render(SampleDocuments.Statement(), TestSupport.Templates, new SigningOptions(key.Certificate)).Pdf!;
        Assert.Equal(VerificationStatus.Untrusted, Verify(leafOnly).Status);
        Assert.Equal(VerificationStatus.Valid, Verify(leafOnly, Trust with { Intermediates = [Public(issuing)] }).Status);
    }

    [Fact]
    public void Same_statement_without_the_ca_in_the_trust_list_is_untrusted_not_valid()
    {
        var none = Verify(ProviderSigned.Value, TrustAnchors.None);
        Assert.Equal(VerificationStatus.Untrusted, none.Status);
        Assert.Contains("no trust anchor was given", none.Reason, StringComparison.Ordinal);
        var otherCa = Verify(ProviderSigned.Value, new TrustAnchors([Public(TestCertificates.Root("Another CA"))], [], false, null));
        Assert.Equal(VerificationStatus.Untrusted, otherCa.Status);
        Assert.Contains("does not end at a trust anchor you named", otherCa.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_made_certificate_with_the_providers_name_is_not_valid_with_a_trust_list()
    {
        // What a forger does: openssl req -x509 -subj "/CN=Example Commerce Cloud Inc.", then signs a statement.
        using var forged = TestCertificates.SelfSigned("CN=" + Provider);
        var result = Verify(Sign(forged));
        Assert.Equal(VerificationStatus.Untrusted, result.Status);
        Assert.Contains($"signed by '{Provider}'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_made_certificate_named_as_the_demo_is_not_the_demo()
    {
        using var lookalike = TestCertificates.SelfSigned(DemoCertificate.SubjectName);
        var result = Verify(Sign(lookalike));
        Assert.Equal(VerificationStatus.Untrusted, result.Status);
        Assert.Contains("named as the demo certificate but is not this machine's demo key", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_statement_is_demo_by_fingerprint_and_merely_untrusted_where_that_demo_key_is_unknown()
    {
        Assert.Equal(VerificationStatus.Demo, Verify(DemoSigned.Value).Status);
        var elsewhere = Verify(DemoSigned.Value, new TrustAnchors([Public(Ca.Value)], [], false, Demo: null));
        Assert.Equal(VerificationStatus.Untrusted, elsewhere.Status);
    }

    [Fact]
    public void Edited_subject_inside_contents_is_refused()
    {
        // The demo certificate's name turned into the provider's, as in the issue (same length, so the file layout holds).
        // The name is in the certificate's issuer and subject, the signer identifier and the signing-certificate-v2.
        var from = Encoding.ASCII.GetBytes(DemoCertificate.CommonName);
        var to = Encoding.ASCII.GetBytes((Provider + " - production key 2026").PadRight(from.Length, ' ')[..from.Length]);
        var subjectOnly = (byte[])DemoSigned.Value.Clone();
        Assert.Equal(4, TestCertificates.EditInsideContents(subjectOnly, from, to, only: 1));
        var result = Verify(subjectOnly);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("not the one the signer bound with signing-certificate-v2", result.Reason, StringComparison.Ordinal);
        var everywhere = (byte[])DemoSigned.Value.Clone();
        TestCertificates.EditInsideContents(everywhere, from, to);
        Assert.Equal(VerificationStatus.Invalid, Verify(everywhere).Status);

        // And a trusted CA's leaf renamed: still refused.
        var leafPdf = (byte[])ProviderSigned.Value.Clone();
        Assert.Equal(1, TestCertificates.EditInsideContents(leafPdf, Encoding.ASCII.GetBytes(Provider), Encoding.ASCII.GetBytes("Evil Commerce Cloud Inc.".PadRight(Provider.Length))));
        var leafResult = Verify(leafPdf);
        Assert.Equal(VerificationStatus.Invalid, leafResult.Status);
        Assert.Contains("swapped or edited", leafResult.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Edited_not_before_inside_contents_is_refused()
    {
        // Signed with a key not yet valid at the as-of instant (2026-12-02T14:00Z): refused. The forger moves NotBefore.
        using var late = TestCertificates.Leaf(Ca.Value, Provider, new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));
        var pdf = Sign(late);
        Assert.Contains("not yet valid at the statement's as-of instant", Verify(pdf).Reason, StringComparison.Ordinal);
        Assert.Equal(1, TestCertificates.EditInsideContents(pdf, Encoding.ASCII.GetBytes("261202150000Z"), Encoding.ASCII.GetBytes("261201150000Z")));
        var result = Verify(pdf);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("swapped or edited", result.Reason, StringComparison.Ordinal);

        // The demo certificate's validity (2020-01-01) edited: refused too.
        var demo = (byte[])DemoSigned.Value.Clone();
        Assert.Equal(1, TestCertificates.EditInsideContents(demo, Encoding.ASCII.GetBytes("200101000000Z"), Encoding.ASCII.GetBytes("190101000000Z")));
        Assert.Equal(VerificationStatus.Invalid, Verify(demo).Status);
    }

    [Fact]
    public void Edited_encapsulated_content_type_is_refused()
    {
        // Found by a 3,000-edit tamper run: eContentType (outside the signed attributes) changed from id-data
        // (06 09 2A 86 48 ...) verified, because SignedCms does not compare it with the signed content-type attribute.
        var pdf = (byte[])ProviderSigned.Value.Clone();
        byte[] data = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];
        byte[] edited = [0x06, 0x09, 0xBA, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];
        Assert.Equal(2, TestCertificates.EditInsideContents(pdf, data, edited, only: 0)); // eContentType, then the attribute value
        var result = Verify(pdf);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("encapsulated content type", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_without_a_signing_key_usage_is_refused()
    {
        using var encipherOnly = TestCertificates.Leaf(Ca.Value, Provider, usage: X509KeyUsageFlags.KeyEncipherment);
        var result = Verify(Sign(encipherOnly));
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("without digitalSignature or nonRepudiation", result.Reason, StringComparison.Ordinal);
        using var none = TestCertificates.Leaf(Ca.Value, Provider, usage: null);
        Assert.Contains("has no key usage extension", Verify(Sign(none)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_intermediate_breaks_the_chain()
    {
        // Root -> intermediate (expired 2025) -> leaf: the chain is broken at the signing time, so invalid, not untrusted.
        // CertificateRequest.Create(issuer certificate, ...) refuses a leaf outliving its issuer; a CA that does not check
        // is modelled by signing with the issuer's key directly.
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest("CN=Expired Intermediate", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var issued = request.Create(Ca.Value, TestCertificates.LongAgo, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), [7, 1]);
        using var intermediate = issued.CopyWithPrivateKey(rsa);
        using var leafKey = System.Security.Cryptography.RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=" + Provider, leafKey, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(TestCertificates.Signing, true));
        using var leafPublic = leafRequest.Create(intermediate.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, System.Security.Cryptography.RSASignaturePadding.Pkcs1), TestCertificates.LongAgo, TestCertificates.FarAhead, [7, 2]);
        using var leafWithKey = leafPublic.CopyWithPrivateKey(leafKey);
        using var leaf = X509CertificateLoader.LoadPkcs12(leafWithKey.Export(X509ContentType.Pfx, "t"), "t");
        var trust = new TrustAnchors([Public(Ca.Value)], [Public(intermediate)], false, null);
        var result = Verify(Sign(leaf), trust);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Contains("the certificate chain is broken", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_byte_changed_anywhere_in_the_signed_range_fails()
    {
        var original = ProviderSigned.Value;
        var (start, end) = TestCertificates.ContentsHex(original);
        // Every 97th byte of both signed ranges: header, pages, fonts, metadata, signature dictionary, xref, trailer.
        var positions = Enumerable.Range(0, original.Length).Where(i => (i < start - 1 || i > end) && i % 97 == 0).ToList();
        Assert.True(positions.Count > 200);
        foreach (var at in positions)
        {
            var pdf = (byte[])original.Clone();
            pdf[at] ^= 0x01;
            var result = Verify(pdf);
            Assert.True(result.Status == VerificationStatus.Invalid, $"byte {at} flipped still gives: {result}");
        }
    }

    [Fact]
    public void Bytes_appended_after_signing_fail()
    {
        var pdf = ProviderSigned.Value.Concat(Encoding.ASCII.GetBytes("\n")).ToArray();
        var result = Verify(pdf);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.Equal("1 byte after the signed range (content was added after signing)", result.Reason);
    }

    [Fact]
    public void Incremental_update_after_signing_fails()
    {
        // A real incremental update: a new Info dictionary whose title says "Credit approved", its xref and a trailer /Prev.
        var original = ProviderSigned.Value;
        var text = Encoding.Latin1.GetString(original);
        var prev = text[(text.LastIndexOf("startxref", StringComparison.Ordinal) + "startxref".Length)..].Trim().Split('\n')[0].Trim();
        var size = System.Text.RegularExpressions.Regex.Match(text, @"/Size (\d+)").Groups[1].Value;
        var objectAt = original.Length + 1;
        var body = $"\n{size} 0 obj\n<</Title(Credit approved: 1,000,000.00 USD)>>\nendobj\n";
        var xrefAt = original.Length + body.Length;
        var update = body + $"xref\n{size} 1\n{objectAt:D10} 00000 n \ntrailer\n<</Size {int.Parse(size, System.Globalization.CultureInfo.InvariantCulture) + 1}/Info {size} 0 R/Prev {prev}>>\nstartxref\n{xrefAt}\n%%EOF\n";
        var pdf = original.Concat(Encoding.Latin1.GetBytes(update)).ToArray();
        var result = Verify(pdf);
        Assert.Equal(VerificationStatus.Invalid, result.Status);
        Assert.StartsWith("an incremental update was appended after signing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_garbage_files_are_invalid_never_an_exception()
    {
        var original = ProviderSigned.Value;
        var (start, end) = TestCertificates.ContentsHex(original);
        // Truncations at many lengths, including inside the /Contents hex and just before the end.
        var lengths = Enumerable.Range(0, 60).Select(i => (int)((long)original.Length * i / 60)).Concat([start + 1, end - 1, end + 3, original.Length - 1]);
        foreach (var length in lengths)
        {
            var result = Verify(original[..length]);
            Assert.True(result.Status == VerificationStatus.Invalid, $"truncated to {length}: {result}");
        }
        var random = new Random(13);
        foreach (var size in new[] { 0, 1, 10, 1000, 100_000 })
        {
            var garbage = new byte[size];
            random.NextBytes(garbage);
            Assert.Equal(VerificationStatus.Invalid, Verify(garbage).Status);
        }
        Assert.Equal(VerificationStatus.Invalid, Verify(Encoding.ASCII.GetBytes("%PDF-1.7\n/ByteRange [0 99999999999999999999 3 4]")).Status);
        Assert.Equal(VerificationStatus.Invalid, Verify(Encoding.ASCII.GetBytes("%PDF-1.7\n/ByteRange [0 10 12 9223372036854775807] <30>")).Status);
        // A /Contents whose DER length runs past the data (the old TrimDer crash).
        var pdf = (byte[])original.Clone();
        Encoding.ASCII.GetBytes("3084FFFFFFFF").CopyTo(pdf, start);
        Assert.Equal(VerificationStatus.Invalid, Verify(pdf).Status);
    }

    /// <summary>
    /// Every hex digit of the DER signature inside /Contents (certificate, signed attributes, signature value, the
    /// structure SignedCms does not check) changed to the next digit: each one is refused. The random run below found
    /// the eContentType and digestAlgorithms holes; this sweep leaves no position of the signature untried.
    /// </summary>
    [Fact]
    public void Every_hex_digit_of_the_signature_changed_is_refused()
    {
        var original = ProviderSigned.Value;
        var (start, end) = TestCertificates.ContentsHex(original);
        var hex = Encoding.Latin1.GetString(original, start, end - start);
        var data = Convert.FromHexString(hex);
        AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.DER, out _, out _, out var derLength);
        const string digits = "0123456789ABCDEF";
        var accepted = new List<string>();
        for (var i = 0; i < derLength * 2 + 2; i++) // the DER, and the first byte of padding
        {
            var pdf = (byte[])original.Clone();
            var digit = digits.IndexOf(char.ToUpperInvariant((char)pdf[start + i]));
            pdf[start + i] = (byte)digits[(digit + 1) % 16];
            var result = Verify(pdf);
            if (result.Status != VerificationStatus.Invalid) accepted.Add($"hex digit {i} (DER byte {i / 2}): {result}");
        }
        Assert.Empty(accepted);
    }

    /// <summary>
    /// A bounded, seeded tamper run (300 one-byte edits of one trusted statement, about half inside /Contents): none may
    /// verify as valid except the one harmless kind, a hex letter's case inside /Contents (it decodes to the same bytes,
    /// so the signature and what it signs are unchanged). Zero padding is not an exception: a non-zero digit in the
    /// padding is refused, so nothing can hide in the unsigned hole.
    /// </summary>
    [Fact]
    public void Seeded_tamper_run_finds_no_accepted_edit_but_hex_letter_case()
    {
        var original = ProviderSigned.Value;
        Assert.Equal(VerificationStatus.Valid, Verify(original).Status);
        var (start, end) = TestCertificates.ContentsHex(original);
        // SLA_TAMPER_TRIES / SLA_TAMPER_SEED run a longer or other campaign by hand (docs/reports.md); CI runs the 300 below.
        var tries = int.TryParse(Environment.GetEnvironmentVariable("SLA_TAMPER_TRIES"), out var t) && t > 0 ? t : 300;
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("SLA_TAMPER_SEED"), out var seed) ? seed : 20261207);
        const string hexDigits = "0123456789ABCDEFabcdef";
        int harmless = 0, refused = 0;
        for (var i = 0; i < tries; i++)
        {
            var pdf = (byte[])original.Clone();
            var inside = i % 2 == 0;
            int at;
            do at = inside ? random.Next(start, end) : random.Next(0, original.Length);
            while (!inside && at >= start && at < end);
            var old = pdf[at];
            byte replacement;
            do
            {
                replacement = (random.Next(3)) switch
                {
                    0 => (byte)hexDigits[random.Next(hexDigits.Length)],
                    1 when char.IsAsciiLetter((char)old) => (byte)(old ^ 0x20),
                    _ => (byte)random.Next(256),
                };
            }
            while (replacement == old);
            pdf[at] = replacement;
            var isHarmless = at >= start && at < end && char.IsAsciiHexDigit((char)old) && char.IsAsciiLetter((char)old) && (old ^ 0x20) == replacement;
            var result = Verify(pdf);
            if (isHarmless)
            {
                harmless++;
                Assert.True(result.Status == VerificationStatus.Valid, $"edit {i}: case of a hex letter at {at} should be harmless: {result}");
            }
            else
            {
                refused++;
                Assert.True(result.Status == VerificationStatus.Invalid, $"edit {i}: byte {at} {old:X2} -> {replacement:X2} ({(at >= start && at < end ? "inside" : "outside")} /Contents) gives {result}");
            }
        }
        Console.WriteLine($"tamper run: {tries} edits, {refused} refused, {harmless} harmless (hex letter case), 0 accepted");
        Assert.True(harmless > tries / 60 && refused > tries * 5 / 6, $"harmless {harmless}, refused {refused}");
    }
}
