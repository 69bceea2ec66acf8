using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Pdf.Signatures;

namespace SlaKpiDsl.Reports.Signing;

/// <summary>
/// Detached CMS (adbe.pkcs7.detached) SHA-256 signer for PDFsharp. Includes only the end certificate: chain building
/// is skipped, so signing costs one private-key operation.
/// </summary>
internal sealed class CmsDetachedSigner(X509Certificate2 certificate) : IDigitalSigner
{
    // One size probe per certificate, not per document: the probe is a full private-key signature.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> SizeByThumbprint = new(StringComparer.Ordinal);

    public string CertificateName => certificate.GetNameInfo(X509NameType.SimpleName, false);

    public Task<int> GetSignatureSizeAsync()
    {
        // An upper bound for the placeholder: a real signature of one byte plus room for longer DER lengths.
        var size = SizeByThumbprint.GetOrAdd(certificate.Thumbprint, _ => Sign(new MemoryStream([0])).Length + 64);
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
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
