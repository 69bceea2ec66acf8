using System.Buffers.Binary;
using PdfSharp.Pdf;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>
/// Puts an 8-bit RGB, non-interlaced PNG into a PDF as an image XObject without decoding it: the PNG's IDAT data is a
/// zlib stream of filtered rows, which is what a PDF <c>/FlateDecode</c> stream with <c>/Predictor 15</c> holds (PDF
/// 32000-1 7.4.4.4). Any other PNG (alpha, palette, 16 bits, interlaced) is not taken (null): the caller draws it
/// through PDFsharp's importer instead.
/// </summary>
internal static class PngPassThrough
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width, height and the concatenated IDAT data of an RGB8 non-interlaced PNG; null for any other PNG or a malformed one.</summary>
    public static (int Width, int Height, byte[] Zlib)? Read(ReadOnlySpan<byte> png)
    {
        if (png.Length < 33 || !png[..8].SequenceEqual(Signature)) return null;
        int width = 0, height = 0;
        var seenHeader = false;
        using var idat = new MemoryStream();
        var at = 8;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > png.Length) return null;
            var type = png.Slice(at + 4, 4);
            var data = png.Slice(at + 8, (int)length);
            if (type.SequenceEqual("IHDR"u8))
            {
                // bit depth 8, colour type 2 (RGB), compression 0, filter method 0, no interlace.
                if (length != 13 || data[8] != 8 || data[9] != 2 || data[10] != 0 || data[11] != 0 || data[12] != 0) return null;
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                seenHeader = true;
            }
            else if (type.SequenceEqual("IDAT"u8)) idat.Write(data);
            else if (type.SequenceEqual("IEND"u8)) break;
            at += 12 + (int)length;
        }
        return seenHeader && width > 0 && height > 0 && idat.Length > 0 ? (width, height, idat.ToArray()) : null;
    }

    /// <summary>The image XObject of an RGB8 PNG's data (added to the document); null when the PNG is not one <see cref="Read"/> takes.</summary>
    public static PdfDictionary? ImageXObject(PdfDocument doc, byte[] png)
    {
        if (Read(png) is not { } image) return null;
        var xobject = new PdfDictionary(doc);
        xobject.Elements.SetName("/Type", "/XObject");
        xobject.Elements.SetName("/Subtype", "/Image");
        xobject.Elements.SetInteger("/Width", image.Width);
        xobject.Elements.SetInteger("/Height", image.Height);
        xobject.Elements.SetName("/ColorSpace", "/DeviceRGB");
        xobject.Elements.SetInteger("/BitsPerComponent", 8);
        xobject.Elements.SetName("/Filter", "/FlateDecode");
        var parameters = new PdfDictionary(doc);
        parameters.Elements.SetInteger("/Predictor", 15);
        parameters.Elements.SetInteger("/Colors", 3);
        parameters.Elements.SetInteger("/BitsPerComponent", 8);
        parameters.Elements.SetInteger("/Columns", image.Width);
        xobject.Elements["/DecodeParms"] = parameters;
        xobject.CreateStream(image.Zlib);
        doc.Internals.AddObject(xobject);
        return xobject;
    }
}
