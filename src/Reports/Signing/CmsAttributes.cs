using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SlaKpiDsl.Reports.Signing;

/// <summary>
/// The CMS signed attributes a statement signature carries, written and read in one place (RFC 5652 §11, RFC 5035 §5.4.1).
/// </summary>
public static class CmsAttributes
{
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    public const string Sha512Oid = "2.16.840.1.101.3.4.2.3";
    public const string ContentTypeOid = "1.2.840.113549.1.9.3";
    public const string MessageDigestOid = "1.2.840.113549.1.9.4";
    public const string SigningTimeOid = "1.2.840.113549.1.9.5";
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string DataContentTypeOid = "1.2.840.113549.1.7.1";

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2 for the signer:
    /// SHA-256 (the DEFAULT, so its AlgorithmIdentifier is omitted in DER), the certificate hash, and IssuerSerial.
    /// </summary>
    public static AsnEncodedData SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(SHA256.HashData(certificate.RawData));
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence()) // GeneralNames
                        {
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true))) // directoryName [4] EXPLICIT Name
                            {
                                writer.WriteEncodedValue(certificate.IssuerName.RawData);
                            }
                        }
                        writer.WriteInteger(certificate.SerialNumberBytes.Span);
                    }
                }
            }
        }
        return new AsnEncodedData(new Oid(SigningCertificateV2Oid), writer.Encode());
    }

    /// <summary>The first ESSCertIDv2 of a signing-certificate-v2 attribute value: hash algorithm, hash, issuer serial (raw).</summary>
    public sealed record EssCertId(string HashAlgorithmOid, byte[] Hash, byte[]? IssuerNameDer, BigInteger? Serial);

    /// <summary>Reads the first ESSCertIDv2; null with a reason when the value is not well-formed DER.</summary>
    public static (EssCertId? Id, string? Problem) ReadSigningCertificateV2(ReadOnlyMemory<byte> value)
    {
        try
        {
            var outer = new AsnReader(value, AsnEncodingRules.DER);
            var scv2 = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var certs = scv2.ReadSequence();
            var id = certs.ReadSequence();
            var algorithm = Sha256Oid;
            if (id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var algId = id.ReadSequence();
                algorithm = algId.ReadObjectIdentifier();
                if (algId.HasData) algId.ReadNull();
                algId.ThrowIfNotEmpty();
            }
            var hash = id.ReadOctetString();
            byte[]? issuer = null;
            BigInteger? serial = null;
            if (id.HasData)
            {
                var issuerSerial = id.ReadSequence();
                var names = issuerSerial.ReadSequence();
                var name = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true));
                issuer = name.ReadEncodedValue().ToArray();
                name.ThrowIfNotEmpty();
                serial = issuerSerial.ReadInteger();
                issuerSerial.ThrowIfNotEmpty();
            }
            id.ThrowIfNotEmpty();
            return (new EssCertId(algorithm, hash, issuer, serial), null);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return (null, "the signing-certificate-v2 attribute is malformed: " + ex.Message);
        }
    }

    public const string SignedDataOid = "1.2.840.113549.1.7.2";

    /// <summary>
    /// The parts of a detached SignedData that <c>SignedCms.CheckSignature</c> does not look at, checked against what
    /// a statement signature must be (RFC 5652 §5): content type signedData; version 1; digestAlgorithms exactly
    /// <paramref name="digestOid"/>; eContentType id-data with no eContent (detached); no CRLs; every SignerInfo version 1
    /// (issuerAndSerialNumber) whose identifier is byte-for-byte <paramref name="signer"/>'s issuer and serial number.
    /// Null when it holds, else why not.
    /// </summary>
    public static string? SignedDataStructureProblem(ReadOnlyMemory<byte> der, string digestOid, X509Certificate2 signer)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var contentInfo = outer.ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != SignedDataOid) return "the CMS content type is not signedData";
            var explicit0 = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            var signedData = explicit0.ReadSequence();
            if (!signedData.TryReadInt32(out var version) || version != 1) return "the SignedData version is not 1";
            var digestAlgorithms = signedData.ReadSetOf();
            var digests = new List<string>();
            while (digestAlgorithms.HasData)
            {
                var algorithm = digestAlgorithms.ReadSequence();
                digests.Add(algorithm.ReadObjectIdentifier());
                if (algorithm.HasData) algorithm.ReadNull();
                algorithm.ThrowIfNotEmpty();
            }
            if (digests.Count != 1 || digests[0] != digestOid) return $"the SignedData digest algorithms ({string.Join(", ", digests)}) are not the signer's {digestOid}";
            var encap = signedData.ReadSequence();
            var contentType = encap.ReadObjectIdentifier();
            if (contentType != DataContentTypeOid) return $"the encapsulated content type {contentType} is not id-data";
            if (encap.HasData) return "the signature is not detached (it encapsulates content)";
            if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) signedData.ReadEncodedValue(); // certificates
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1))) return "the signature carries CRLs (a statement signature has none)";
            var signerInfos = signedData.ReadSetOf();
            while (signerInfos.HasData)
            {
                var signerInfo = signerInfos.ReadSequence();
                if (!signerInfo.TryReadInt32(out var signerVersion) || signerVersion != 1) return "the SignerInfo version is not 1";
                // SignedCms matches the signer identifier by decoded name, so a re-tagged string type would still match.
                var sid = signerInfo.ReadSequence();
                var issuer = sid.ReadEncodedValue();
                var serial = sid.ReadIntegerBytes();
                sid.ThrowIfNotEmpty();
                if (!issuer.Span.SequenceEqual(signer.IssuerName.RawData) || !serial.Span.SequenceEqual(signer.SerialNumberBytes.Span))
                    return "the signer identifier is not byte-for-byte the certificate's issuer and serial number";
            }
            signedData.ThrowIfNotEmpty();
            explicit0.ThrowIfNotEmpty();
            contentInfo.ThrowIfNotEmpty();
            outer.ThrowIfNotEmpty();
            return null;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return "the CMS structure is malformed: " + ex.Message;
        }
    }

    /// <summary>The hash of <paramref name="data"/> with the named algorithm, or null for an algorithm we do not accept.</summary>
    public static byte[]? Hash(string algorithmOid, byte[] data) => algorithmOid switch
    {
        Sha256Oid => SHA256.HashData(data),
        Sha384Oid => SHA384.HashData(data),
        Sha512Oid => SHA512.HashData(data),
        _ => null,
    };
}
