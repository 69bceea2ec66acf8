using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Drawing;
using PdfSharp.Pdf.Annotations;
using SlaKpiDsl.Reports.Layout;

namespace SlaKpiDsl.Reports.Signing;

/// <summary>
/// What the visible signature block on a statement's last page states: signer, issuer, the signing time (the same
/// instant the CMS signing-time attribute carries), the SHA-256 fingerprint of the signer certificate, and whether it is
/// the demo certificate. Invariant: names non-empty; the fingerprint is 64 lower-case hex digits; the time is UTC to
/// the second (what the CMS UTCTime holds).
/// </summary>
public sealed record SignatureBlock
{
    public SignatureBlock(string signer, string issuer, DateTime signedAtUtc, string certificateSha256, bool isDemo, string reason)
    {
        Signer = string.IsNullOrWhiteSpace(signer) ? "(no common name)" : signer;
        Issuer = string.IsNullOrWhiteSpace(issuer) ? "(no common name)" : issuer;
        if (signedAtUtc.Kind != DateTimeKind.Utc) throw new ArgumentException("The signing time is UTC.", nameof(signedAtUtc));
        SignedAtUtc = signedAtUtc.AddTicks(-(signedAtUtc.Ticks % TimeSpan.TicksPerSecond));
        CertificateSha256 = certificateSha256.Length == 64 && certificateSha256.All(char.IsAsciiHexDigitLower) ? certificateSha256
            : throw new ArgumentException("Must be 64 lower-case hex digits.", nameof(certificateSha256));
        IsDemo = isDemo;
        Reason = reason ?? "";
    }

    public string Signer { get; }
    public string Issuer { get; }
    public DateTime SignedAtUtc { get; }
    public string CertificateSha256 { get; }
    public bool IsDemo { get; }
    public string Reason { get; }

    /// <summary>The block for a certificate signing now (seconds precision, as the CMS signing time).</summary>
    public static SignatureBlock For(SigningOptions signing, DateTime signedAtUtc) => new(
        signing.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
        signing.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true),
        signedAtUtc,
        Convert.ToHexStringLower(SHA256.HashData(signing.Certificate.RawData)),
        signing.IsDemo,
        signing.Reason);

    /// <summary>The block's lines, top to bottom: the heading, then label/value pairs.</summary>
    public IReadOnlyList<(string Label, string Value)> Lines() =>
    [
        ("Signer", Signer),
        ("Issuer", Issuer),
        ("Signed at", SignedAtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC (time of signing)"),
        ("Certificate SHA-256", string.Join(" ", Enumerable.Range(0, 4).Select(i => CertificateSha256.Substring(i * 16, 16)))),
        .. string.IsNullOrWhiteSpace(Reason) ? Array.Empty<(string, string)>() : [("Reason", Reason)],
    ];

    public string Heading => IsDemo
        ? "Digitally signed with the DEMO certificate: not valid for billing"
        : "Digitally signed";

    /// <summary>The heading of a page that holds only the block (the content left no room for it on the page before).</summary>
    public const string OwnPageHeading = "Signature";

    /// <summary>The line under <see cref="OwnPageHeading"/>: what the block signs, and that the content ended on the page before.</summary>
    public static string OwnPageNote(int pageCount) => pageCount < 2
        ? "The signature below covers this document."
        : string.Create(CultureInfo.InvariantCulture,
            $"The content ends on page {pageCount - 1}; the signature below covers the whole document, pages 1 to {pageCount}.");

    /// <summary>Height of the block in points (heading, lines, padding).</summary>
    public double Height => 2 * Padding + HeadingHeight + Lines().Count * LineHeight;

    internal const double Padding = 7;
    internal const double HeadingHeight = 14;
    internal const double LineHeight = 11;
}

/// <summary>
/// Draws a <see cref="SignatureBlock"/> as the appearance stream (/AP) of the signature field's widget annotation:
/// the one signature field of the statement, made visible; viewers show it and list it as the signature.
/// </summary>
internal sealed class SignatureBlockAppearance(SignatureBlock block) : IAnnotationAppearanceHandler
{
    public void DrawAppearance(XGraphics gfx, XRect rect)
    {
        var ink = block.IsDemo ? InkColor.Danger : InkColor.Accent;
        gfx.DrawRectangle(new XPen(Typography.Color(ink), 1), new XSolidBrush(XColors.White), 0.5, 0.5, rect.Width - 1, rect.Height - 1);
        var x = SignatureBlock.Padding;
        var y = SignatureBlock.Padding;
        gfx.DrawString(FontCoverage.Sanitize(block.Heading).Text, Typography.Font(FontRole.BodyBold), new XSolidBrush(Typography.Color(ink)), new XPoint(x, y), XStringFormats.TopLeft);
        y += SignatureBlock.HeadingHeight;
        var label = Typography.Font(FontRole.Small);
        var value = Typography.Font(FontRole.CellBold);
        var muted = new XSolidBrush(Typography.Color(InkColor.Muted));
        var text = new XSolidBrush(Typography.Color(InkColor.Text));
        foreach (var (l, v) in block.Lines())
        {
            gfx.DrawString(l, label, muted, new XPoint(x, y), XStringFormats.TopLeft);
            gfx.DrawString(Pdf.PdfComposer.FitLine(gfx, FontCoverage.Sanitize(v).Text, value, rect.Width - x - 110 - SignatureBlock.Padding), value, text, new XPoint(x + 110, y), XStringFormats.TopLeft);
            y += SignatureBlock.LineHeight;
        }
    }
}
