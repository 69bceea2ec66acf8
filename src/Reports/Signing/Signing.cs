using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SlaKpiDsl.Runtime.Caching;

namespace SlaKpiDsl.Reports.Signing;

/// <summary>Where a key's password comes from: the environment or a file, never a command-line argument.</summary>
public interface IPasswordSource
{
    /// <summary>The password, or null with a reason when it is not available.</summary>
    (string? Password, string? Problem) GetPassword();
}

/// <summary>Reads the password from an environment variable (default <c>SLA_SIGN_PASSWORD</c>).</summary>
public sealed record EnvironmentPasswordSource(string Variable = EnvironmentPasswordSource.DefaultVariable) : IPasswordSource
{
    public const string DefaultVariable = "SLA_SIGN_PASSWORD";

    public (string?, string?) GetPassword()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        return value is null ? (null, $"environment variable {Variable} is not set") : (value, null);
    }
}

/// <summary>Reads the password from the first line of a file (trailing newline ignored).</summary>
public sealed record FilePasswordSource(string Path) : IPasswordSource
{
    public (string?, string?) GetPassword()
    {
        if (!File.Exists(Path)) return (null, $"password file {Path} does not exist");
        var text = File.ReadAllText(Path);
        var line = text.Split('\n')[0].TrimEnd('\r');
        return (line, null);
    }
}

/// <summary>How to sign a statement. Invariant: the certificate has a private key.</summary>
public sealed record SigningOptions
{
    public SigningOptions(X509Certificate2 certificate, string reason = "Service level compliance statement", string location = "", X509Certificate2Collection? intermediates = null)
    {
        Certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        if (!certificate.HasPrivateKey) throw new ArgumentException("The signing certificate has no private key.", nameof(certificate));
        Reason = reason;
        Location = location;
        Intermediates = intermediates ?? [];
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>CA certificates carried in the signature so a relying party can build the chain to its root.</summary>
    public X509Certificate2Collection Intermediates { get; }
    public string Reason { get; }
    public string Location { get; }
    public bool IsDemo => DemoCertificate.IsDemo(Certificate);
}

/// <summary>
/// What a certificate must be to sign a statement, and what a verifier requires of the signer: valid at the instant in
/// question, and a key usage extension allowing digitalSignature or nonRepudiation. A certificate without a key usage
/// extension is refused: a signing certificate states what its key is for.
/// </summary>
public static class SigningCertificatePolicy
{
    /// <summary>Null when the certificate is valid at <paramref name="atUtc"/>; else why not, naming <paramref name="when"/>.</summary>
    public static string? ValidityProblem(X509Certificate2 certificate, DateTime atUtc, string when)
    {
        var from = certificate.NotBefore.ToUniversalTime();
        var to = certificate.NotAfter.ToUniversalTime();
        if (atUtc >= from && atUtc <= to) return null;
        var state = atUtc < from ? "not yet valid" : "expired";
        return $"the certificate '{certificate.Subject}' is {state} at {when} {atUtc:yyyy-MM-dd'T'HH:mm:ss'Z'} (valid {from:yyyy-MM-dd'T'HH:mm:ss'Z'} to {to:yyyy-MM-dd'T'HH:mm:ss'Z'})";
    }

    /// <summary>Null when the key usage allows signing documents; else why not.</summary>
    public static string? KeyUsageProblem(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is null) return $"the certificate '{certificate.Subject}' has no key usage extension (a signing certificate needs digitalSignature or nonRepudiation)";
        const X509KeyUsageFlags signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        return (usage.KeyUsages & signing) != 0
            ? null
            : $"the certificate '{certificate.Subject}' has key usage {usage.KeyUsages}, without digitalSignature or nonRepudiation";
    }

    /// <summary>
    /// Null when <paramref name="certificate"/> may sign, now (<paramref name="nowUtc"/>, the signing time), a statement as
    /// of <paramref name="asOfUtc"/>; else why not.
    /// </summary>
    public static string? SigningProblem(X509Certificate2 certificate, DateTime asOfUtc, DateTime nowUtc)
    {
        if (!certificate.HasPrivateKey) return $"the certificate '{certificate.Subject}' has no private key";
        return ValidityProblem(certificate, asOfUtc, "the as-of instant") ?? ValidityProblem(certificate, nowUtc, "the signing time") ?? KeyUsageProblem(certificate);
    }
}

/// <summary>A signing certificate with its private key, and the CA certificates its key file carried (not roots).</summary>
public sealed record SigningKeyFile(X509Certificate2 Certificate, X509Certificate2Collection Intermediates);

/// <summary>Loads a PKCS#12 signing key; failures are returned as a reason, not thrown.</summary>
public static class SigningKey
{
    public static (X509Certificate2? Certificate, string? Problem) Load(string path, IPasswordSource passwordSource)
    {
        var (key, problem) = LoadWithChain(path, passwordSource);
        return (key?.Certificate, problem);
    }

    /// <summary>
    /// The one certificate with a private key in the file, and the other non-self-signed certificates in it (the
    /// intermediates a relying party needs to reach its root; the signature carries them).
    /// </summary>
    public static (SigningKeyFile? Key, string? Problem) LoadWithChain(string path, IPasswordSource passwordSource)
    {
        if (!File.Exists(path)) return (null, $"key file {path} does not exist");
        var (password, problem) = passwordSource.GetPassword();
        if (password is null) return (null, problem);
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException ex)
        {
            return (null, $"cannot open {path}: {ex.Message} (wrong password?)");
        }
        var keys = all.Where(c => c.HasPrivateKey).ToList();
        if (keys.Count == 0) return (null, $"{path} holds no private key");
        if (keys.Count > 1) return (null, $"{path} holds {keys.Count} private keys; give a file with one signing key");
        var intermediates = new X509Certificate2Collection();
        foreach (var c in all)
        {
            if (!c.HasPrivateKey && !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)) intermediates.Add(c);
        }
        return (new SigningKeyFile(keys[0], intermediates), null);
    }
}

/// <summary>
/// The demo signing certificate: self-signed RSA 2048, subject <see cref="SubjectName"/>, created on demand in a
/// directory and reused. Its password is not a secret (it is documented), which is why it can never be valid for billing.
/// </summary>
public static class DemoCertificate
{
    public const string CommonName = "SlaKpiDsl DEMO certificate - not valid for billing";
    public const string SubjectName = "CN=" + CommonName + ", O=SlaKpiDsl demo";
    public const string FileName = "slakpidsl-demo-signing.pfx";
    public const string Password = "slakpidsl-demo";

    /// <summary>
    /// Whether the certificate is named as the demo certificate. Used only to put the DEMO banner on pages (a banner on
    /// a look-alike costs nothing); verification recognises the demo key by its fingerprint (<see cref="TryLoad"/>).
    /// </summary>
    public static bool IsDemo(X509Certificate2 certificate) =>
        certificate.GetNameInfo(X509NameType.SimpleName, false) == CommonName;

    /// <summary>
    /// The demo certificate this tool created in <paramref name="directory"/>, without creating one: null when there is
    /// none or the file there is not our demo certificate. Its public part identifies demo-signed statements.
    /// </summary>
    public static X509Certificate2? TryLoad(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            if (!File.Exists(path)) return null;
            var cert = X509CertificateLoader.LoadPkcs12FromFile(path, Password);
            return IsDemo(cert) ? cert : null;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Loads <c>dir/slakpidsl-demo-signing.pfx</c>, creating it if absent. An existing file that is not our demo
    /// certificate is never overwritten: that is reported instead.
    /// </summary>
    public static (X509Certificate2? Certificate, string? Problem) GetOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            try
            {
                var existing = X509CertificateLoader.LoadPkcs12FromFile(path, Password, X509KeyStorageFlags.Exportable);
                return IsDemo(existing) && existing.HasPrivateKey
                    ? (existing, null)
                    : (null, $"{path} exists and is not the SlaKpiDsl demo certificate; it was left untouched");
            }
            catch (CryptographicException)
            {
                return (null, $"{path} exists and is not the SlaKpiDsl demo certificate; it was left untouched");
            }
        }
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // Fixed validity (not "now"): a statement as of any date 2020-2045 verifies with it, and runs agree on it.
        var cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2045, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var pfx = cert.Export(X509ContentType.Pfx, Password);
        var temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, pfx);
        if (!NoReplaceMove.TryMove(temp, path))
        {
            // Another process created it first: use theirs.
            File.Delete(temp);
            return GetOrCreate(directory);
        }
        return (X509CertificateLoader.LoadPkcs12(pfx, Password, X509KeyStorageFlags.Exportable), null);
    }
}
