using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SlaKpiDsl.Tests.Shared;

/// <summary>
/// Certificates made in the test (System.Security.Cryptography.X509Certificates.CertificateRequest): a test CA, leaves
/// it issues, self-signed look-alikes; and the byte surgery on a signed PDF's /Contents that forging tests need.
/// </summary>
public static class TestCertificates
{
    public const X509KeyUsageFlags Signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    public static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset FarAhead = new(2045, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A self-signed CA (basic constraints CA, keyCertSign) with its private key.</summary>
    public static X509Certificate2 Root(string commonName = "SlaKpiDsl Test Root CA")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + commonName + ", O=SlaKpiDsl tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var cert = request.CreateSelfSigned(LongAgo, FarAhead);
        return Reload(cert);
    }

    /// <summary>An intermediate CA issued by <paramref name="issuer"/>, with its private key.</summary>
    public static X509Certificate2 Intermediate(X509Certificate2 issuer, string commonName = "SlaKpiDsl Test Issuing CA")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + commonName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var cert = request.Create(issuer, LongAgo.AddDays(1), FarAhead.AddDays(-1), RandomNumberGenerator.GetBytes(8).Select((b, i) => i == 0 ? (byte)(b & 0x7F) : b).ToArray());
        using var withKey = cert.CopyWithPrivateKey(rsa);
        return Reload(withKey);
    }

    /// <summary>A leaf issued by <paramref name="issuer"/>, with its private key; <paramref name="usage"/> null = no key usage extension.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 issuer, string commonName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, X509KeyUsageFlags? usage = Signing)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + commonName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        if (usage is { } u) request.CertificateExtensions.Add(new X509KeyUsageExtension(u, true));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var cert = request.Create(issuer, notBefore ?? LongAgo.AddYears(1), notAfter ?? FarAhead.AddYears(-1), serial);
        using var withKey = cert.CopyWithPrivateKey(rsa);
        return Reload(withKey);
    }

    /// <summary>A self-signed certificate with a private key, e.g. one a forger makes with the provider's name.</summary>
    public static X509Certificate2 SelfSigned(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, X509KeyUsageFlags? usage = Signing)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject.StartsWith("CN=", StringComparison.Ordinal) ? subject : "CN=" + subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (usage is { } u) request.CertificateExtensions.Add(new X509KeyUsageExtension(u, true));
        using var cert = request.CreateSelfSigned(notBefore ?? LongAgo, notAfter ?? FarAhead);
        return Reload(cert);
    }

    /// <summary>Writes the certificate (public part) as PEM.</summary>
    public static string WritePem(X509Certificate2 cert, string path)
    {
        File.WriteAllText(path, cert.ExportCertificatePem());
        return path;
    }

    /// <summary>Writes a PKCS#12 file with the private key.</summary>
    public static string WritePfx(X509Certificate2 cert, string path, string password)
    {
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, password));
        return path;
    }

    // A persisted, exportable key (ephemeral keys from CreateSelfSigned cannot always sign on every platform).
    private static X509Certificate2 Reload(X509Certificate2 cert) =>
        cert.HasPrivateKey
            ? X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx, "t"), "t", X509KeyStorageFlags.Exportable)
            : X509CertificateLoader.LoadCertificate(cert.RawData);

    /// <summary>Offsets of the /Contents hex (after '&lt;', before '&gt;') of the one signature.</summary>
    public static (int Start, int End) ContentsHex(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var m = System.Text.RegularExpressions.Regex.Match(text, @"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]");
        if (!m.Success) throw new InvalidOperationException("no /ByteRange");
        return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - 1);
    }

    /// <summary>
    /// Replaces occurrences of <paramref name="from"/> by <paramref name="to"/> (same length) in the DER bytes of the
    /// signature inside /Contents, keeping the file's length and byte range: the forger's edit. <paramref name="only"/>
    /// picks one occurrence (0-based), null edits all. Returns how many occurrences there were.
    /// </summary>
    public static int EditInsideContents(byte[] pdf, byte[] from, byte[] to, int? only = null)
    {
        if (from.Length != to.Length) throw new ArgumentException("same length only");
        var (start, end) = ContentsHex(pdf);
        var der = Convert.FromHexString(Encoding.Latin1.GetString(pdf, start, end - start));
        var found = new List<int>();
        for (var i = der.AsSpan().IndexOf(from); i >= 0;)
        {
            found.Add(i);
            var next = der.AsSpan(i + 1).IndexOf(from);
            i = next < 0 ? -1 : i + 1 + next;
        }
        for (var k = 0; k < found.Count; k++)
        {
            if (only is null || only == k) to.CopyTo(der, found[k]);
        }
        Encoding.Latin1.GetBytes(Convert.ToHexString(der)).CopyTo(pdf, start);
        return found.Count;
    }
}
