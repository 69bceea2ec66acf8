using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Signing;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>Document-level facts written into the PDF's metadata.</summary>
internal sealed record PdfMetadata(string Title, string Subject, string Author, Instant AsOf, ImmutableDictionary<string, string> CustomInfo, byte[]? EmbeddedResultJson);

/// <summary>
/// Draws laid-out pages into a PDF (second layout pass: the page count is known, so "page N of M" is exact), fixes
/// every value PDFsharp would otherwise take from the clock or a random source, and signs last.
/// </summary>
internal static partial class PdfComposer
{
    public const string ResultKey = "/SlaKpiDslResult";

    public static byte[] Compose(ImmutableArray<LaidOutPage> pages, PageFurniture furniture, PdfMetadata meta, SigningOptions? signing)
    {
        Typography.EnsureFonts();
        var doc = new PdfDocument();
        // qpdf --check rejects PDFsharp's compressed content streams (exit 3); uncompressed streams pass (docs/reports.md).
        doc.Options.CompressContentStreams = false;
        var asOf = meta.AsOf.ToDateTimeUtc();
        doc.Info.Title = meta.Title;
        doc.Info.Subject = meta.Subject;
        doc.Info.Author = meta.Author;
        doc.Info.Creator = "SlaKpiDsl";
        doc.Info.CreationDate = asOf;
        doc.Info.ModificationDate = asOf;
        foreach (var (key, value) in meta.CustomInfo.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            doc.Info.Elements.SetString(key, value);
        }
        var digest = ContentDigest(pages, furniture, meta);
        doc.Internals.FirstDocumentID = digest[..32];
        doc.Internals.SecondDocumentID = digest[..32];
        if (meta.EmbeddedResultJson is { } json)
        {
            var stream = new PdfDictionary(doc);
            stream.Elements.SetName("/Type", "/EmbeddedFile");
            stream.Elements.SetName("/Subtype", "/application#2Fjson");
            stream.CreateStream(json);
            doc.Internals.AddObject(stream);
            doc.Internals.Catalog.Elements.SetReference(ResultKey, stream);
        }

        // The visible signature block goes at the foot of the last page; when the content leaves no room, on a page of its own.
        var signedAt = DateTime.UtcNow;
        var block = signing is null ? null : SignatureBlock.For(signing, signedAt);
        XRect blockRect = default;
        if (block is not null)
        {
            var top = PageLayoutEngine.ContentBottom - block.Height;
            // A page holding only the block says what it is, so the block does not stand alone without context.
            if (ContentBottomOf(pages[^1]) > top - 8)
                pages = pages.Add(SignaturePage(furniture.DemoBanner is not null ? PageLayoutEngine.ContentTopWithBanner : PageLayoutEngine.ContentTop, pages.Length + 1));
            // PDF user space: origin bottom-left (PdfRectangle takes the XRect as x1, y1, x2, y2).
            blockRect = new XRect(PageLayoutEngine.MarginX, PageLayoutEngine.PageHeight - PageLayoutEngine.ContentBottom,
                PageLayoutEngine.PageWidth - 2 * PageLayoutEngine.MarginX, block.Height);
        }

        for (var i = 0; i < pages.Length; i++)
        {
            var page = doc.AddPage();
            page.Width = XUnit.FromPoint(PageLayoutEngine.PageWidth);
            page.Height = XUnit.FromPoint(PageLayoutEngine.PageHeight);
            // Charts first, in a content stream of their own (balanced q/Q), then the text and lines over them.
            var passedThrough = PlaceImages(doc, page, pages[i]);
            using var g = XGraphics.FromPdfPage(page);
            DrawFurniture(g, furniture, i + 1, pages.Length);
            foreach (var op in pages[i].Ops)
            {
                if (op is ImageOp image && passedThrough.Contains(image)) continue;
                Draw(g, op);
            }
        }

        if (signing is not null)
        {
            DigitalSignatureHandler.ForDocument(doc, new CmsDetachedSigner(signing.Certificate, signing.Intermediates, block!.SignedAtUtc), new DigitalSignatureOptions
            {
                Reason = signing.Reason,
                Location = signing.Location,
                ContactInfo = "",
                AppName = "SlaKpiDsl",
                PageIndex = pages.Length - 1,
                Rectangle = blockRect,
                AppearanceHandler = new SignatureBlockAppearance(block),
            });
        }
        using var output = new MemoryStream();
        doc.Save(output);
        var bytes = output.ToArray();
        // A signed file is sealed by its signature; only unsigned output is normalised byte-for-byte.
        return signing is null ? Normalise(bytes, digest) : bytes;
    }

    /// <summary>
    /// Places the page's RGB8 PNG images as image XObjects that carry the PNG's compressed rows unchanged
    /// (<see cref="PngPassThrough"/>), each drawn at its box in points; returns the ones placed (any other image is
    /// drawn by PDFsharp's importer).
    /// </summary>
    private static HashSet<ImageOp> PlaceImages(PdfDocument doc, PdfPage page, LaidOutPage laidOut)
    {
        var placed = new HashSet<ImageOp>(ReferenceEqualityComparer.Instance);
        var content = new StringBuilder();
        PdfDictionary? xobjects = null;
        foreach (var op in laidOut.Ops)
        {
            if (op is not ImageOp image || PngPassThrough.ImageXObject(doc, image.Image.Png) is not { } xobject) continue;
            if (xobjects is null)
            {
                xobjects = new PdfDictionary(doc);
                page.Resources.Elements["/XObject"] = xobjects;
            }
            var name = "/SlaChart" + placed.Count.ToString(CultureInfo.InvariantCulture);
            xobjects.Elements.SetReference(name, xobject);
            // PDF user space has its origin bottom-left; the layout's is top-left.
            content.Append(CultureInfo.InvariantCulture, $"q {image.Width:0.###} 0 0 {image.Height:0.###} {image.X:0.###} {PageLayoutEngine.PageHeight - image.Y - image.Height:0.###} cm {name} Do Q\n");
            placed.Add(image);
        }
        if (placed.Count > 0) page.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes(content.ToString()));
        return placed;
    }

    /// <summary>
    /// The page a signature block gets when the content leaves no room for it at the foot of the last page: a heading and
    /// a line saying that the block below signs the whole document and where its content ends (<see cref="SignatureBlock.OwnPageHeading"/>).
    /// </summary>
    internal static LaidOutPage SignaturePage(double top, int pageCount) =>
        new([
            new TextOp(PageLayoutEngine.MarginX, top, SignatureBlock.OwnPageHeading, FontRole.Section, InkColor.Text),
            new TextOp(PageLayoutEngine.MarginX, top + Typography.Font(FontRole.Section).Height * 1.6, SignatureBlock.OwnPageNote(pageCount), FontRole.Body, InkColor.Muted),
        ]);

    /// <summary>The lowest point (from the top) any content of the page reaches; text is taken as one line high.</summary>
    internal static double ContentBottomOf(LaidOutPage page) => page.Ops.Select(op => op switch
    {
        TextOp t => t.Y + Typography.Font(t.Font).Height * 1.25,
        LineOp l => Math.Max(l.Y1, l.Y2),
        RectOp r => r.Y + r.Height,
        ImageOp i => i.Y + i.Height,
        _ => 0,
    }).DefaultIfEmpty(0).Max();

    private static void DrawFurniture(XGraphics g, PageFurniture f, int page, int pages)
    {
        const double x = PageLayoutEngine.MarginX;
        const double right = PageLayoutEngine.PageWidth - PageLayoutEngine.MarginX;
        var muted = new XSolidBrush(Typography.Color(InkColor.Muted));
        var rule = new XPen(Typography.Color(InkColor.Rule), 0.5);
        var font = Typography.Font(FontRole.Furniture);
        // Running headers and footers hold one line each; a value too long for it is shortened there (the body has it whole).
        var half = (right - x) / 2 - 6;
        var headerRight = FitLine(g, f.HeaderRight, font, half);
        var hr = g.MeasureString(headerRight, font).Width;
        g.DrawString(FitLine(g, f.HeaderLeft, font, right - x - hr - 12), font, muted, new XPoint(x, 38), XStringFormats.TopLeft);
        g.DrawString(headerRight, font, muted, new XPoint(right - hr, 38), XStringFormats.TopLeft);
        g.DrawLine(rule, x, 52, right, 52);
        if (f.DemoBanner is { } banner)
        {
            var bannerFont = Typography.Font(FontRole.Banner);
            g.DrawRectangle(new XSolidBrush(Typography.Color(InkColor.Danger)), x, 58, right - x, 22);
            var bw = g.MeasureString(banner, bannerFont).Width;
            g.DrawString(banner, bannerFont, new XSolidBrush(Typography.Color(InkColor.White)), new XPoint(x + Math.Max(6, (right - x - bw) / 2), 63), XStringFormats.TopLeft);
        }
        var fy = PageLayoutEngine.PageHeight - 46;
        g.DrawLine(rule, x, fy, right, fy);
        var label = f.PageLabel.Replace("{page}", page.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{pages}", pages.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var lw = g.MeasureString(label, font).Width;
        g.DrawString(label, font, muted, new XPoint(right - lw, fy + 6), XStringFormats.TopLeft);
        g.DrawString(FitLine(g, f.FooterLeft, font, right - x - lw - 12), font, muted, new XPoint(x, fy + 6), XStringFormats.TopLeft);
    }

    /// <summary>The text if it fits <paramref name="width"/>, else its longest fitting prefix with an ellipsis (binary search: linear cost).</summary>
    internal static string FitLine(XGraphics g, string text, XFont font, double width)
    {
        if (g.MeasureString(text, font).Width <= width) return text;
        int lo = 0, hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (g.MeasureString(string.Concat(text.AsSpan(0, mid), "…"), font).Width <= width) lo = mid;
            else hi = mid - 1;
        }
        if (lo > 0 && char.IsHighSurrogate(text[lo - 1])) lo--;
        return string.Concat(text.AsSpan(0, lo), "…");
    }

    private static void Draw(XGraphics g, DrawOp op)
    {
        switch (op)
        {
            case TextOp t:
                g.DrawString(t.Text, Typography.Font(t.Font), new XSolidBrush(Typography.Color(t.Color)), new XPoint(t.X, t.Y), XStringFormats.TopLeft);
                break;
            case LineOp l:
                g.DrawLine(new XPen(Typography.Color(l.Color), l.Width), l.X1, l.Y1, l.X2, l.Y2);
                break;
            case RectOp r:
                if (r.Stroke is { } stroke)
                    g.DrawRectangle(new XPen(Typography.Color(stroke), 0.5), new XSolidBrush(Typography.Color(r.Fill)), r.X, r.Y, r.Width, r.Height);
                else
                    g.DrawRectangle(new XSolidBrush(Typography.Color(r.Fill)), r.X, r.Y, r.Width, r.Height);
                break;
            case ImageOp i:
                // PDFsharp embeds the PNG's pixels; drawn at its size in points, so a 200 dpi chart stays sharp in print.
                using (var stream = new MemoryStream(i.Image.Png, writable: false))
                using (var image = XImage.FromStream(stream))
                {
                    g.DrawImage(image, i.X, i.Y, i.Width, i.Height);
                }
                break;
        }
    }

    /// <summary>A hash of everything that determines the page content: the stable document ID.</summary>
    private static string ContentDigest(ImmutableArray<LaidOutPage> pages, PageFurniture furniture, PdfMetadata meta)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(furniture.ToString()));
        hash.AppendData(Encoding.UTF8.GetBytes(meta.Title + "\n" + meta.Subject + "\n" + meta.Author + "\n" + meta.AsOf));
        foreach (var kv in meta.CustomInfo.OrderBy(kv => kv.Key, StringComparer.Ordinal)) hash.AppendData(Encoding.UTF8.GetBytes(kv.Key + "=" + kv.Value + "\n"));
        if (meta.EmbeddedResultJson is { } json) hash.AppendData(json);
        var values = new ArrayBufferWriter<byte>(16 * 1024);
        foreach (var page in pages)
        {
            values.Write(PageSeparator);
            foreach (var op in page.Ops)
            {
                AppendValues(values, op);
                // The image's own bytes are what identify it.
                if (op is ImageOp image) values.Write(image.Image.Png);
            }
            hash.AppendData(values.WrittenSpan);
            values.ResetWrittenCount();
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static ReadOnlySpan<byte> PageSeparator => [0xFF, 0x50, 0x41, 0x47, 0x45];

    /// <summary>
    /// An operation's values, each kind with its own tag (numbers as their IEEE bits, texts as counted UTF-8): hashing
    /// them directly is a tenth of hashing each operation's printed form, which formatted every number (docs/performance.md).
    /// A kind without its own encoding is hashed as printed.
    /// </summary>
    private static void AppendValues(ArrayBufferWriter<byte> to, DrawOp op)
    {
        switch (op)
        {
            case TextOp t:
                Tag(to, 1);
                Number(to, t.X);
                Number(to, t.Y);
                Integer(to, (int)t.Font);
                Integer(to, (int)t.Color);
                Text(to, t.Text);
                break;
            case LineOp l:
                Tag(to, 2);
                Number(to, l.X1);
                Number(to, l.Y1);
                Number(to, l.X2);
                Number(to, l.Y2);
                Number(to, l.Width);
                Integer(to, (int)l.Color);
                break;
            case RectOp r:
                Tag(to, 3);
                Number(to, r.X);
                Number(to, r.Y);
                Number(to, r.Width);
                Number(to, r.Height);
                Integer(to, (int)r.Fill);
                Integer(to, r.Stroke is { } stroke ? (int)stroke : -1);
                break;
            case ImageOp i:
                Tag(to, 4);
                Number(to, i.X);
                Number(to, i.Y);
                Number(to, i.Width);
                Number(to, i.Height);
                Integer(to, i.Image.WidthPixels);
                Integer(to, i.Image.HeightPixels);
                Number(to, i.Image.Size.WidthPoints);
                Number(to, i.Image.Size.HeightPoints);
                Integer(to, i.Image.Png.Length);
                break;
            default:
                Tag(to, 0);
                Text(to, op.ToString());
                break;
        }

        static void Tag(ArrayBufferWriter<byte> to, byte tag) => to.Write([tag]);

        static void Number(ArrayBufferWriter<byte> to, double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(to.GetSpan(8), value);
            to.Advance(8);
        }

        static void Integer(ArrayBufferWriter<byte> to, int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(to.GetSpan(4), value);
            to.Advance(4);
        }

        static void Text(ArrayBufferWriter<byte> to, string text)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            Integer(to, bytes);
            to.Advance(Encoding.UTF8.GetBytes(text, to.GetSpan(bytes)));
        }
    }

    /// <summary>
    /// Replaces PDFsharp's random font-subset prefixes and XMP uuids with values derived from the content digest,
    /// keeping every byte length (so the cross-reference offsets stay valid).
    /// </summary>
    internal static byte[] Normalise(byte[] pdf, string digest)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        text = SubsetPrefix().Replace(text, m =>
        {
            if (!prefixes.TryGetValue(m.Groups[1].Value, out var fixedPrefix))
            {
                var n = prefixes.Count;
                fixedPrefix = "SLAK" + (char)('A' + n / 26 % 26) + (char)('A' + n % 26);
                prefixes[m.Groups[1].Value] = fixedPrefix;
            }
            return "/" + fixedPrefix + "+";
        });
        var uuidIndex = 0;
        text = XmpUuid().Replace(text, _ =>
        {
            var seed = SHA256.HashData(Encoding.ASCII.GetBytes(digest + ":" + uuidIndex++));
            return "uuid:" + new Guid(seed.AsSpan(0, 16)).ToString("D");
        });
        return Encoding.Latin1.GetBytes(text);
    }

    [GeneratedRegex(@"/([A-Z]{6})\+(?=Segoe)")]
    private static partial Regex SubsetPrefix();

    [GeneratedRegex(@"uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex XmpUuid();
}
