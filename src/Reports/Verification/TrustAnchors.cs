using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SlaKpiDsl.Reports.Verification;

/// <summary>
/// Whom a relying party trusts: root certificates it named (self-signed ones become custom trust anchors; other
/// certificates it named help build chains but anchor nothing), optionally the operating system's store, and the demo
/// certificate this machine created (recognised by its bytes, never by its name).
/// </summary>
public sealed record TrustAnchors(X509Certificate2Collection Roots, X509Certificate2Collection Intermediates, bool UseSystemStore, X509Certificate2? Demo)
{
    /// <summary>Trusts nobody: every signature is at best "untrusted".</summary>
    public static TrustAnchors None => new([], [], false, null);

    public bool Any => Roots.Count > 0 || UseSystemStore;

    private static readonly string[] CertificateExtensions = [".pem", ".crt", ".cer", ".der"];

    /// <summary>
    /// Reads PEM (one or more certificates) or DER certificate files, and every *.pem/*.crt/*.cer/*.der file of a folder
    /// (not recursive). A path that is missing, or a file holding no certificate, is a problem naming the path.
    /// </summary>
    public static (TrustAnchors? Anchors, string? Problem) Load(IEnumerable<string> paths, bool useSystemStore, X509Certificate2? demo)
    {
        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var path in paths)
        {
            IEnumerable<string> files;
            if (Directory.Exists(path))
            {
                files = Directory.EnumerateFiles(path).Where(f => CertificateExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
                if (!files.Any()) return (null, $"--trust {path}: the folder holds no certificate file (*.pem, *.crt, *.cer, *.der)");
            }
            else if (File.Exists(path)) files = [path];
            else return (null, $"--trust {path}: no such file or folder");
            foreach (var file in files)
            {
                var (certificates, problem) = ReadCertificates(file);
                if (problem is not null) return (null, $"--trust {file}: {problem}");
                foreach (var certificate in certificates)
                {
                    if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)) roots.Add(certificate);
                    else intermediates.Add(certificate);
                }
            }
        }
        return (new TrustAnchors(roots, intermediates, useSystemStore, demo), null);
    }

    private static (List<X509Certificate2> Certificates, string? Problem) ReadCertificates(string file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(text);
                return collection.Count > 0 ? ([.. collection], null) : ([], "no certificate in the PEM text");
            }
            if (text.Contains("-----BEGIN", StringComparison.Ordinal)) return ([], "the PEM file holds no CERTIFICATE block (a key or request?)");
            return ([X509CertificateLoader.LoadCertificate(bytes)], null);
        }
        catch (CryptographicException ex)
        {
            return ([], "not a PEM or DER certificate: " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ([], "cannot be read: " + ex.Message);
        }
    }
}
