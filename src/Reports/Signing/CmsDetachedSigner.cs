using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Pdf.Signatures;

namespace SlaKpiDsl.Reports.Signing;

/// <summary>
/// Detached CMS (adbe.pkcs7.detached) SHA-256 signer for PDFsharp, PAdES-baseline style: the signed attributes are
/// content type, message digest, signing time and ESS signing-certificate-v2 (RFC 5035), which binds the SHA-256 of the
/// signer certificate into the signature, so a certificate swapped or edited inside /Contents no longer verifies.
/// Includes the end certificate and the intermediates its key file carried (the verifier builds the chain to the
/// trust anchors it is given); no chain is built at signing time, so signing costs one private-key operation. The signing time is the real time of signing.
/// </summary>
internal sealed class CmsDetachedSigner(X509Certificate2 certificate, X509Certificate2Collection intermediates, DateTime? signingTimeUtc = null) : IDigitalSigner
{
    // One size probe per certificate, not per document: the probe is a full private-key signature.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> SizeByThumbprint = new(StringComparer.Ordinal);

    public string CertificateName => certificate.GetNameInfo(X509NameType.SimpleName, false);

    public Task<int> GetSignatureSizeAsync()
    {
        // An upper bound for the placeholder: a real signature of one byte plus room for longer DER lengths.
        var size = SizeByThumbprint.GetOrAdd(certificate.Thumbprint + string.Concat(intermediates.Select(c => "+" + c.Thumbprint)), _ => Sign(new MemoryStream([0])).Length + 64);
        return Task.FromResult(size);
    }

    public Task<byte[]> GetSignatureAsync(Stream stream) => Task.FromResult(Sign(stream));

    private byte[] Sign(Stream stream)
    {
        // PDFsharp's RangedStream reads all signed ranges only in one Read(buffer, 0, Length) call (CanSeek throws).
        var content = new byte[stream.Length];
        var read = stream.Read(content, 0, content.Length);
        if (read != content.Length) throw new InvalidOperationException($"Read {read} of {content.Length} bytes to sign.");
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid(CmsAttributes.Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(intermediates); // EndCertOnly adds the signer's; these are the key file's CAs
        // SignedCms adds content type and message digest itself once any signed attribute is present.
        // The visible signature block states this same time (PdfComposer passes it).
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTimeUtc ?? DateTime.UtcNow));
        signer.SignedAttributes.Add(CmsAttributes.SigningCertificateV2(certificate));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
