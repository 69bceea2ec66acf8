using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;

namespace SlaKpiDsl.Reports.Verification;

public enum VerificationStatus
{
    Valid,
    ValidDemoCertificate,
    Invalid,
}

/// <summary>The outcome of verifying a statement; <see cref="Reason"/> says why in one sentence.</summary>
public sealed record VerificationResult(VerificationStatus Status, string Reason, string? SignerName = null)
{
    public bool IsValid => Status != VerificationStatus.Invalid;

    public override string ToString() => Status switch
    {
        VerificationStatus.Valid => "valid: " + Reason,
        VerificationStatus.ValidDemoCertificate => "valid (demo certificate): " + Reason,
        _ => "INVALID: " + Reason,
    };
}

/// <summary>
/// Verifies a signed statement: the CMS signature over /ByteRange (which must cover the whole file but the signature
/// itself), the certificate's validity at the statement's as-of instant, and the embedded result JSON against the hash
/// in the metadata (and against the JSON file beside the PDF when present).
/// </summary>
public static partial class StatementVerifier
{
    public static VerificationResult Verify(string path)
    {
        if (!File.Exists(path)) return Invalid($"{path} does not exist");
        return Verify(File.ReadAllBytes(path), Path.ChangeExtension(path, ".json"));
    }

    public static VerificationResult Verify(byte[] pdf, string? sidecarJsonPath = null)
    {
        var text = Encoding.Latin1.GetString(pdf);
        // Text such as a customer name could also contain "/ByteRange [...]": take the candidate that frames /Contents.
        var candidates = ByteRangePattern().Matches(text)
            .Select(m => m.Groups.Cast<Group>().Skip(1).Select(g => long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray())
            .Where(c => c.All(v => v >= 0))
            .ToList();
        if (candidates.Count == 0) return Invalid(text.Contains("/ByteRange", StringComparison.Ordinal) ? "malformed /ByteRange" : "the document is not signed (no /ByteRange)");
        var framed = candidates.Where(c => c[0] == 0 && c[1] > 0 && c[2] > c[1] && c[2] <= pdf.Length && pdf[c[1]] == '<' && pdf[c[2] - 1] == '>').ToList();
        if (framed.Count == 0) return Invalid("no /ByteRange frames the signature /Contents");
        var r = framed[^1];
        if (r[2] + r[3] != pdf.Length)
        {
            return Invalid("the signature does not cover the whole file (content was added or changed after signing)");
        }
        var hex = text[(int)(r[1] + 1)..(int)(r[2] - 1)];
        byte[] signature;
        try
        {
            signature = TrimDer(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            return Invalid("the signature /Contents is not hex");
        }

        var signed = new byte[r[1] + r[3]];
        Array.Copy(pdf, 0, signed, 0, r[1]);
        Array.Copy(pdf, r[2], signed, r[1], r[3]);
        var cms = new SignedCms(new ContentInfo(signed), detached: true);
        try
        {
            cms.Decode(signature);
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            return Invalid("the signature does not match the document: " + ex.Message);
        }
        var cert = cms.SignerInfos[0].Certificate;
        if (cert is null) return Invalid("the signature carries no signer certificate");

        PdfDocument doc;
        try
        {
            using var stream = new MemoryStream(pdf);
            doc = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        }
        catch (Exception ex) when (ex is PdfReaderException or InvalidOperationException or IOException)
        {
            return Invalid("the PDF cannot be read: " + ex.Message);
        }
        var asOfText = doc.Info.Elements.GetString(StatementRenderer.AsOfKey);
        var expectedHash = doc.Info.Elements.GetString(StatementRenderer.ResultHashKey);
        if (string.IsNullOrEmpty(asOfText) || string.IsNullOrEmpty(expectedHash)) return Invalid("the statement metadata (as-of, result hash) is missing");
        var asOf = InstantPattern.ExtendedIso.Parse(asOfText);
        if (!asOf.Success) return Invalid($"the as-of instant '{asOfText}' is malformed");
        var asOfUtc = asOf.Value.ToDateTimeUtc();
        if (asOfUtc < cert.NotBefore.ToUniversalTime() || asOfUtc > cert.NotAfter.ToUniversalTime())
        {
            return Invalid($"the certificate '{cert.Subject}' was not valid at the statement's as-of instant {asOfText} (valid {cert.NotBefore.ToUniversalTime():u} to {cert.NotAfter.ToUniversalTime():u})");
        }

        var embedded = doc.Internals.Catalog.Elements.GetDictionary(PdfComposer.ResultKey)?.Stream?.Value;
        if (embedded is null) return Invalid("the embedded result JSON is missing");
        var embeddedHash = Convert.ToHexStringLower(SHA256.HashData(embedded));
        if (embeddedHash != expectedHash) return Invalid($"the embedded result JSON hash {embeddedHash} differs from the metadata hash {expectedHash}");
        if (sidecarJsonPath is not null && File.Exists(sidecarJsonPath))
        {
            var sidecarHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(sidecarJsonPath)));
            if (sidecarHash != expectedHash) return Invalid($"{Path.GetFileName(sidecarJsonPath)} does not match the signed result (hash {sidecarHash}, expected {expectedHash})");
        }

        var name = cert.GetNameInfo(X509NameType.SimpleName, false);
        var what = $"signature verified, signed by '{name}', certificate valid at {asOfText}, result hash {expectedHash[..16]}... matches";
        return DemoCertificate.IsDemo(cert)
            ? new VerificationResult(VerificationStatus.ValidDemoCertificate, what + "; demo certificate, not valid for billing", name)
            : new VerificationResult(VerificationStatus.Valid, what, name);
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();

    private static VerificationResult Invalid(string reason) => new(VerificationStatus.Invalid, reason);

    /// <summary>The /Contents placeholder is zero-padded: keep only the outer DER SEQUENCE.</summary>
    private static byte[] TrimDer(byte[] data)
    {
        if (data.Length < 2 || data[0] != 0x30) return data;
        int length, header;
        if (data[1] < 0x80)
        {
            length = data[1];
            header = 2;
        }
        else
        {
            var count = data[1] & 0x7F;
            length = 0;
            for (var i = 0; i < count; i++) length = (length << 8) | data[2 + i];
            header = 2 + count;
        }
        return header + length <= data.Length ? data[..(header + length)] : data;
    }
}
