using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace SlaKpiDsl.Reports.Charts;

/// <summary>
/// Writes opaque pixels as an 8-bit RGB PNG, not interlaced, every row unfiltered, compressed by .NET's zlib at its
/// fastest level (zlib-ng: several times faster than the PNG encoder in Skia, which dominated a chart's cost). A chart
/// is mostly flat colour, so the rows still compress about 20:1. The output is a plain PNG any reader opens, and its
/// IDAT data is what a PDF image with <c>/Predictor 15</c> holds.
/// </summary>
internal static class PngWriter
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>PNG of <paramref name="width"/> x <paramref name="height"/> pixels given as 4 bytes each (R, G, B, unused), rows <paramref name="rowBytes"/> apart.</summary>
    public static byte[] Rgb(ReadOnlySpan<byte> rgbx, int width, int height, int rowBytes)
    {
        if (width <= 0 || height <= 0 || rowBytes < width * 4 || rgbx.Length < (long)rowBytes * (height - 1) + width * 4)
            throw new ArgumentException($"{rgbx.Length} bytes do not hold {width} x {height} pixels in rows of {rowBytes} bytes.", nameof(rgbx));
        var row = new byte[1 + width * 3];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                // Filter byte 0 (none), then R, G, B of each pixel.
                var source = rgbx.Slice(y * rowBytes, width * 4);
                var o = 1;
                for (var x = 0; x < source.Length; x += 4)
                {
                    row[o++] = source[x];
                    row[o++] = source[x + 1];
                    row[o++] = source[x + 2];
                }
                zlib.Write(row);
            }
        }
        using var png = new MemoryStream((int)compressed.Length + 64);
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type RGB
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering method, no interlace
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
