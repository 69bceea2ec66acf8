using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;

namespace SlaKpiDsl.Reports.Verification;

/// <summary>What a relying party concludes about one statement.</summary>
public enum VerificationStatus
{
    /// <summary>Signature, certificate binding, validity, key usage and result hash hold, and the chain ends at a named anchor.</summary>
    Valid,

    /// <summary>Everything holds but the chain does not end at a trust anchor the user named.</summary>
    Untrusted,

    /// <summary>Everything holds and the signer is this machine's demo certificate (by fingerprint): not for billing.</summary>
    Demo,

    /// <summary>Tampered, malformed, unsigned, or signed by a certificate that may not sign it.</summary>
    Invalid,
}

/// <summary>The outcome of verifying a statement; <see cref="Reason"/> says why in one sentence.</summary>
public sealed record VerificationResult(VerificationStatus Status, string Reason, string? SignerName = null)
{
    public override string ToString() => Status switch
    {
        VerificationStatus.Valid => "valid: " + Reason,
        VerificationStatus.Untrusted => "untrusted: " + Reason,
        VerificationStatus.Demo => "DEMO: " + Reason,
        _ => "invalid: " + Reason,
    };
}

/// <summary>
/// Verifies a signed statement as a relying party: the /ByteRange covers the whole file except the /Contents hex and
/// is the document's signature field's; the CMS is canonical DER with one signer, a SHA-2 digest and the signed
/// attributes content type, message digest, signing time and signing-certificate-v2, whose hash must be that of the
/// certificate that verifies the signature; the signer certificate is valid at the signing time and at the statement's
/// as-of instant with a signing key usage, and its chain ends at a named trust anchor; the embedded result JSON matches
/// the signed hash (and the JSON beside the PDF). Never throws for any input bytes.
/// </summary>
public static partial class StatementVerifier
{
    public static VerificationResult Verify(string path, TrustAnchors trust)
    {
        byte[] pdf;
        try
        {
            if (!File.Exists(path)) return Invalid($"{path} does not exist");
            pdf = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Invalid($"{path} cannot be read: {ex.Message}");
        }
        return Verify(pdf, trust, Path.ChangeExtension(path, ".json"));
    }

    public static VerificationResult Verify(byte[] pdf, TrustAnchors trust, string? sidecarJsonPath = null)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var (range, rangeProblem) = FindByteRange(pdf, text);
        if (range is null) return Invalid(rangeProblem!);
        var (start2, length2) = (range[2], range[3]);
        var end1 = range[1];

        var (der, contentsProblem) = SignatureBytes(text[(int)(end1 + 1)..(int)(start2 - 1)]);
        if (der is null) return Invalid(contentsProblem!);

        var signed = new byte[end1 + length2];
        Array.Copy(pdf, 0, signed, 0, end1);
        Array.Copy(pdf, start2, signed, end1, length2);
        var cms = new SignedCms(new ContentInfo(signed), detached: true);
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException ex)
        {
            return Invalid("the signature in /Contents is not a CMS SignedData: " + ex.Message);
        }
        SignerInfo signer;
        X509Certificate2? cert;
        try
        {
            // SignedCms parses signer infos and certificates lazily: an edit inside them surfaces here.
            if (cms.SignerInfos.Count != 1) return Invalid($"the signature has {cms.SignerInfos.Count} signers, expected exactly one");
            signer = cms.SignerInfos[0];
            cert = signer.Certificate;
        }
        catch (CryptographicException ex)
        {
            return Invalid("the signature's signer or certificate is malformed: " + ex.Message);
        }
        if (cert is null) return Invalid("the signature carries no signer certificate matching its signer");
        try
        {
            // The encoding must be the one canonical DER form, so no byte of /Contents can change unnoticed.
            if (!cms.Encode().AsSpan().SequenceEqual(der)) return Invalid("the signature in /Contents is not in canonical DER form (it was edited)");
            if (signer.DigestAlgorithm.Value is not (CmsAttributes.Sha256Oid or CmsAttributes.Sha384Oid or CmsAttributes.Sha512Oid))
                return Invalid($"the signature's digest algorithm {signer.DigestAlgorithm.Value} is not SHA-256, SHA-384 or SHA-512");
            // SignedCms ignores eContentType, the digestAlgorithms set and the versions: an edit there would pass unseen.
            if (CmsAttributes.SignedDataStructureProblem(der, signer.DigestAlgorithm.Value, cert) is { } structure) return Invalid(structure + " (the signature was edited)");
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            return Invalid("the signature does not match the document: " + ex.Message);
        }

        var (signingTime, attributeProblem) = CheckSignedAttributes(signer, cert);
        if (attributeProblem is not null) return Invalid(attributeProblem);

        var (doc, readProblem) = Open(pdf);
        if (doc is null) return Invalid(readProblem!);
        var fieldProblem = SignatureFieldProblem(doc, range);
        if (fieldProblem is not null) return Invalid(fieldProblem);

        var asOfText = doc.Info.Elements.GetString(StatementRenderer.AsOfKey);
        var expectedHash = doc.Info.Elements.GetString(StatementRenderer.ResultHashKey);
        if (string.IsNullOrEmpty(asOfText) || string.IsNullOrEmpty(expectedHash)) return Invalid("the statement metadata (as-of, result hash) is missing");
        var asOf = InstantPattern.ExtendedIso.Parse(asOfText);
        if (!asOf.Success) return Invalid($"the as-of instant '{asOfText}' is malformed");
        var asOfUtc = asOf.Value.ToDateTimeUtc();
        var certificateProblem = SigningCertificatePolicy.ValidityProblem(cert, signingTime, "the signing time")
            ?? SigningCertificatePolicy.ValidityProblem(cert, asOfUtc, "the statement's as-of instant")
            ?? SigningCertificatePolicy.KeyUsageProblem(cert);
        if (certificateProblem is not null) return Invalid(certificateProblem);

        var embedded = doc.Internals.Catalog.Elements.GetDictionary(PdfComposer.ResultKey)?.Stream?.Value;
        if (embedded is null) return Invalid("the embedded result JSON is missing");
        var embeddedHash = Convert.ToHexStringLower(SHA256.HashData(embedded));
        if (embeddedHash != expectedHash) return Invalid($"the embedded result JSON hash {embeddedHash} differs from the metadata hash {expectedHash}");
        var (statementId, idProblem) = StatementIdOf(embedded, asOfText);
        if (idProblem is not null) return Invalid(idProblem);
        if (sidecarJsonPath is not null && File.Exists(sidecarJsonPath))
        {
            string sidecarHash;
            try
            {
                sidecarHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(sidecarJsonPath)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Invalid($"{Path.GetFileName(sidecarJsonPath)} beside the statement cannot be read: {ex.Message}");
            }
            if (sidecarHash != expectedHash) return Invalid($"{Path.GetFileName(sidecarJsonPath)} does not match the signed result (hash {sidecarHash}, expected {expectedHash})");
        }

        var name = cert.GetNameInfo(X509NameType.SimpleName, false);
        var what = $"signed by '{name}' (certificate SHA-256 {Convert.ToHexStringLower(SHA256.HashData(cert.RawData))[..16]}...) at {signingTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, "
            + $"certificate valid then and at the as-of instant {asOfText}, result hash {expectedHash[..16]}... matches, statement {statementId} (its identifier recomputed from its contract, data, period and as-of)";
        if (trust.Demo is { } demo && demo.RawData.AsSpan().SequenceEqual(cert.RawData))
            return new VerificationResult(VerificationStatus.Demo, what + "; the demo certificate, not valid for billing", name);

        var (trusted, chainProblem) = CheckChain(cert, cms.Certificates, trust, [(signingTime, "the signing time"), (asOfUtc, "the as-of instant")]);
        if (chainProblem is not null) return Invalid(chainProblem);
        if (trusted is null)
        {
            var why = trust.Any ? "its certificate chain does not end at a trust anchor you named" : "no trust anchor was given (--trust FILE or --system-trust)";
            var lookalike = name == DemoCertificate.CommonName ? "; it is named as the demo certificate but is not this machine's demo key" : "";
            return new VerificationResult(VerificationStatus.Untrusted, $"signature intact but {why}: {what}{lookalike}", name);
        }
        return new VerificationResult(VerificationStatus.Valid, $"{what}, chain to '{trusted}'", name);
    }

    /// <summary>
    /// The /ByteRange [0 a b c] that frames the /Contents hex string: b - a is exactly the hex with its angle brackets,
    /// and b + c is the file's length. Text such as a customer name could contain a "/ByteRange [...]" look-alike, so
    /// only a candidate that frames a hex string counts.
    /// </summary>
    private static (long[]? Range, string? Problem) FindByteRange(byte[] pdf, string text)
    {
        var candidates = ByteRangePattern().Matches(text)
            .Select(m => m.Groups.Cast<Group>().Skip(1).Select(g => long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray())
            .Where(c => c.All(v => v >= 0))
            .ToList();
        if (candidates.Count == 0) return (null, text.Contains("/ByteRange", StringComparison.Ordinal) ? "malformed /ByteRange" : "the document is not signed (no /ByteRange)");
        var framed = candidates.Where(c => c[0] == 0 && c[1] > 0 && c[2] > c[1] + 1 && c[2] <= pdf.Length && pdf[c[1]] == '<' && pdf[c[2] - 1] == '>').ToList();
        if (framed.Count == 0)
        {
            return candidates.Any(c => c[2] > pdf.Length || c[1] > pdf.Length)
                ? (null, "the file is shorter than its /ByteRange says (truncated)")
                : (null, "no /ByteRange frames the signature /Contents");
        }
        var r = framed[^1];
        var signedEnd = r[2] + Math.Min(r[3], pdf.Length); // no overflow: both are at most the file length here
        if (signedEnd > pdf.Length) return (null, "the file is shorter than its /ByteRange says (truncated)");
        if (signedEnd < pdf.Length)
        {
            var tail = Encoding.Latin1.GetString(pdf, (int)signedEnd, (int)(pdf.Length - signedEnd));
            var after = pdf.Length - signedEnd;
            var bytes = $"{after} byte{(after == 1 ? "" : "s")} after the signed range";
            return tail.Contains("%%EOF", StringComparison.Ordinal) || tail.Contains("startxref", StringComparison.Ordinal)
                ? (null, $"an incremental update was appended after signing ({bytes})")
                : (null, $"{bytes} (content was added after signing)");
        }
        var last = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (last >= 0 && startxref > last && text[last..startxref].Contains("/Prev", StringComparison.Ordinal))
            return (null, "the signed file is an incremental update of an earlier revision (trailer /Prev); a statement has one revision");
        return (r, null);
    }

    /// <summary>
    /// The DER signature from the /Contents hex: hex digits only (either letter case: the same bytes), one DER value,
    /// then only zero bytes (the placeholder's padding). Anything else in the unsigned hole is an edit.
    /// </summary>
    private static (byte[]? Der, string? Problem) SignatureBytes(string hex)
    {
        byte[] data;
        try
        {
            data = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return (null, "the signature /Contents is not a hex string");
        }
        int consumed;
        try
        {
            AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.DER, out _, out _, out consumed);
        }
        catch (AsnContentException ex)
        {
            return (null, "the signature in /Contents is not DER: " + ex.Message);
        }
        if (data.AsSpan(consumed).ContainsAnyExcept((byte)0)) return (null, "the /Contents padding after the signature is not all zeros (it was edited)");
        return (data[..consumed], null);
    }

    /// <summary>The signing time, or why the signed attributes do not bind this certificate to this signature.</summary>
    private static (DateTime SigningTime, string? Problem) CheckSignedAttributes(SignerInfo signer, X509Certificate2 cert)
    {
        AsnEncodedData? Single(string oid, out string? problem)
        {
            var found = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Where(a => a.Oid.Value == oid).ToList();
            problem = found.Count == 1 && found[0].Values.Count == 1 ? null : $"the signature has {(found.Count == 0 ? "no" : "more than one")} signed attribute {oid}";
            return problem is null ? found[0].Values[0] : null;
        }
        var contentType = Single(CmsAttributes.ContentTypeOid, out var problem);
        if (contentType is null) return (default, problem + " (content type)");
        if (new Pkcs9ContentType { RawData = contentType.RawData }.ContentType.Value != CmsAttributes.DataContentTypeOid)
            return (default, "the signed content type is not id-data");
        if (Single(CmsAttributes.MessageDigestOid, out problem) is null) return (default, problem + " (message digest)");
        var time = Single(CmsAttributes.SigningTimeOid, out problem);
        if (time is null) return (default, problem + " (signing time)");
        var signingTime = new Pkcs9SigningTime(time.RawData).SigningTime.ToUniversalTime();
        var essValue = Single(CmsAttributes.SigningCertificateV2Oid, out problem);
        if (essValue is null) return (default, problem + " (ESS signing-certificate-v2, RFC 5035): the certificate is not bound to the signature");
        var (id, essProblem) = CmsAttributes.ReadSigningCertificateV2(essValue.RawData);
        if (id is null) return (default, essProblem);
        var actual = CmsAttributes.Hash(id.HashAlgorithmOid, cert.RawData);
        if (actual is null) return (default, $"the signing-certificate-v2 hash algorithm {id.HashAlgorithmOid} is not SHA-256, SHA-384 or SHA-512");
        if (!actual.AsSpan().SequenceEqual(id.Hash))
            return (default, $"the certificate in the signature ('{cert.Subject}') is not the one the signer bound with signing-certificate-v2 (hash differs): it was swapped or edited");
        if (id.IssuerNameDer is { } issuer && (!issuer.AsSpan().SequenceEqual(cert.IssuerName.RawData) || id.Serial != new BigInteger(cert.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true)))
            return (default, "the signing-certificate-v2 issuer and serial number are not the certificate's");
        return (signingTime, null);
    }

    /// <summary>Opens the PDF with PDFsharp; any failure of its parser on these bytes is a malformed file, not a bug of ours.</summary>
    private static (PdfDocument? Doc, string? Problem) Open(byte[] pdf)
    {
        try
        {
            using var stream = new MemoryStream(pdf);
            return (PdfReader.Open(stream, PdfDocumentOpenMode.Import), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"the PDF cannot be read ({ex.GetType().Name}: {ex.Message})");
        }
    }

    /// <summary>The /ByteRange we verified must be the /V of the document's one signature field.</summary>
    private static string? SignatureFieldProblem(PdfDocument doc, long[] range)
    {
        try
        {
            var fields = doc.Internals.Catalog.Elements.GetDictionary("/AcroForm")?.Elements.GetArray("/Fields");
            if (fields is null) return "the document has no form field holding the signature";
            var signatures = new List<long[]>();
            for (var i = 0; i < fields.Elements.Count; i++)
            {
                var field = fields.Elements.GetDictionary(i);
                if (field?.Elements.GetName("/FT") != "/Sig") continue;
                var byteRange = field.Elements.GetDictionary("/V")?.Elements.GetArray("/ByteRange");
                if (byteRange is null) return "a signature field has no /ByteRange";
                signatures.Add([.. Enumerable.Range(0, byteRange.Elements.Count).Select(j => (long)byteRange.Elements.GetInteger(j))]);
            }
            if (signatures.Count != 1) return $"the document has {signatures.Count} signature fields, expected exactly one";
            return signatures[0].AsSpan().SequenceEqual(range) ? null : "the signature field's /ByteRange is not the one that frames the signature";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"the signature field cannot be read ({ex.GetType().Name}: {ex.Message})";
        }
    }

    /// <summary>
    /// Builds the chain at each instant: (anchor subject, null) when it ends at a named anchor at every one; (null, null)
    /// when it is intact but ends elsewhere (untrusted); (null, problem) when a certificate in it is broken or not valid then.
    /// </summary>
    private static (string? Anchor, string? Problem) CheckChain(X509Certificate2 cert, X509Certificate2Collection carried, TrustAnchors trust, (DateTime At, string What)[] instants)
    {
        if (!trust.Any) return (null, null);
        string? anchor = null;
        foreach (var (at, what) in instants)
        {
            var (trustedAt, problem) = BuildAt(cert, carried, trust, at, what);
            if (problem is not null) return (null, problem);
            if (trustedAt is null) return (null, null);
            anchor = trustedAt;
        }
        return (anchor, null);
    }

    private const X509ChainStatusFlags NotAnchored = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;

    private static (string? Anchor, string? Problem) BuildAt(X509Certificate2 cert, X509Certificate2Collection carried, TrustAnchors trust, DateTime at, string what)
    {
        foreach (var mode in trust.Roots.Count > 0 && trust.UseSystemStore ? [X509ChainTrustMode.CustomRootTrust, X509ChainTrustMode.System]
                 : trust.Roots.Count > 0 ? [X509ChainTrustMode.CustomRootTrust] : new[] { X509ChainTrustMode.System })
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = mode;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = at;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            if (mode == X509ChainTrustMode.CustomRootTrust) chain.ChainPolicy.CustomTrustStore.AddRange(trust.Roots);
            chain.ChainPolicy.ExtraStore.AddRange(trust.Intermediates);
            foreach (var c in carried)
            {
                if (!c.RawData.AsSpan().SequenceEqual(cert.RawData)) chain.ChainPolicy.ExtraStore.Add(c);
            }
            if (chain.Build(cert))
            {
                var root = chain.ChainElements[^1].Certificate;
                return (root.GetNameInfo(X509NameType.SimpleName, false), null);
            }
            var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (f, s) => f | s.Status);
            if ((flags & ~NotAnchored) != 0)
            {
                var details = string.Join("; ", chain.ChainElements.Cast<X509ChainElement>()
                    .Where(e => e.ChainElementStatus.Any(s => (s.Status & ~NotAnchored) != 0))
                    .Select(e => $"'{e.Certificate.Subject}': {string.Join(", ", e.ChainElementStatus.Where(s => (s.Status & ~NotAnchored) != 0).Select(s => s.StatusInformation.Trim()))}"));
                return (null, $"the certificate chain is broken at {what} {at:yyyy-MM-dd'T'HH:mm:ss'Z'}: {(details.Length > 0 ? details : flags.ToString())}");
            }
        }
        return (null, null);
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();

    /// <summary>
    /// The statement identifier of the signed result JSON, recomputed from the contract and input hashes, period and
    /// as-of that JSON carries (<see cref="StatementIdentity"/>): the identifier it states must be that one, and its
    /// as-of must be the metadata's. Returns the identifier, or why the result JSON does not hold together.
    /// </summary>
    internal static (string? Id, string? Problem) StatementIdOf(byte[] resultJson, string metadataAsOf)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(resultJson);
            var root = json.RootElement;
            string? Text(params string[] path)
            {
                var e = root;
                foreach (var p in path)
                {
                    if (e.ValueKind != System.Text.Json.JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
                }
                return e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
            }
            var stated = Text("statement_id");
            if (stated is null) return (null, "the signed result has no statement identifier (statement_id); re-issue the statement with this version");
            var parts = new[]
            {
                Text("contract", "name"), Text("footer", "contract_source_sha256"), Text("footer", "input_data_sha256"), Text("period", "label"), Text("period", "time_zone"),
                Text("period", "start_local"), Text("period", "end_local"), Text("as_of"),
            };
            if (parts.Any(p => p is null)) return (null, "the signed result lacks a member the statement identifier is computed from (contract name, footer hashes, period, as_of)");
            if (parts[7] != metadataAsOf) return (null, $"the signed result's as-of {parts[7]} differs from the metadata's {metadataAsOf}");
            var recomputed = StatementIdentity.Compute(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!, parts[5]!, parts[6]!, parts[7]!);
            return recomputed == stated ? (stated, null)
                : (null, $"the statement identifier {stated} does not match its contract name, contract source, input data, period and as-of (they give {recomputed})");
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, "the embedded result JSON is malformed: " + ex.Message);
        }
    }

    private static VerificationResult Invalid(string reason) => new(VerificationStatus.Invalid, reason);
}
