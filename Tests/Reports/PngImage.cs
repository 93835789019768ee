using Xunit;

namespace Probabilistic.Tests.Reports;

/// <summary>Checks PNG bytes: the 8-byte signature, then the IHDR chunk with the width and height (big-endian) — PNG spec §5.2, §11.2.2.</summary>
internal static class PngImage
{
    public static void AssertPng(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 33, $"only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(width, BigEndian(png, 16));
        Assert.Equal(height, BigEndian(png, 20));
        // Decodable: SkiaSharp decodes it to the same size, and it is not one flat colour.
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 7)
            for (int x = 0; x < bitmap.Width; x += 7) colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 2, "the image is blank");
    }

    private static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
