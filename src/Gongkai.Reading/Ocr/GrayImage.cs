using System.Globalization;

namespace Gongkai.Reading.Ocr;

/// <summary>
/// An 8-bit grey page image as poppler's <c>pdftoppm -gray</c> writes it (binary PGM, "P5"): enough to find a scan's
/// table rules and erase them before OCR, without an imaging library.
/// </summary>
internal sealed class GrayImage
{
    private GrayImage(int width, int height, byte[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row by row, 0 black to 255 white.</summary>
    public byte[] Pixels { get; }

    public bool IsDark(int x, int y) => Pixels[(y * Width) + x] < 160;

    public int DarkPixels() => Pixels.Count(p => p < 160);

    public static GrayImage ReadPgm(byte[] file)
    {
        var at = 0;
        string Token()
        {
            while (at < file.Length && (char.IsWhiteSpace((char)file[at]) || file[at] == '#'))
            {
                if (file[at] == '#')
                {
                    while (at < file.Length && file[at] != '\n')
                    {
                        at++;
                    }
                }
                at++;
            }
            var start = at;
            while (at < file.Length && !char.IsWhiteSpace((char)file[at]))
            {
                at++;
            }
            return System.Text.Encoding.ASCII.GetString(file, start, at - start);
        }
        if (Token() != "P5")
        {
            throw new ReportReadException("扫描件页面图像格式无法识别");
        }
        var width = int.Parse(Token(), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), CultureInfo.InvariantCulture);
        var max = int.Parse(Token(), CultureInfo.InvariantCulture);
        at++;
        if (max != 255 || width <= 0 || height <= 0 || (long)width * height > file.Length - at)
        {
            throw new ReportReadException("扫描件页面图像格式无法识别");
        }
        return new GrayImage(width, height, file.AsSpan(at, width * height).ToArray());
    }

    /// <summary>A part of the image on a white margin (OCR reads a character touching the edge poorly); clipped to the image.</summary>
    public GrayImage Crop(int left, int top, int width, int height, int margin)
    {
        left = Math.Clamp(left, 0, Width - 1);
        top = Math.Clamp(top, 0, Height - 1);
        width = Math.Clamp(width, 1, Width - left);
        height = Math.Clamp(height, 1, Height - top);
        var w = width + (2 * margin);
        var h = height + (2 * margin);
        var pixels = new byte[w * h];
        Array.Fill(pixels, (byte)255);
        for (var y = 0; y < height; y++)
        {
            Array.Copy(Pixels, ((top + y) * Width) + left, pixels, ((y + margin) * w) + margin, width);
        }
        return new GrayImage(w, h, pixels);
    }

    public GrayImage Copy() => new(Width, Height, (byte[])Pixels.Clone());

    /// <summary>Paints a rectangle white (clipped to the image).</summary>
    public void Clear(int left, int top, int width, int height)
    {
        var x0 = Math.Clamp(left, 0, Width);
        var x1 = Math.Clamp(left + width, 0, Width);
        for (var y = Math.Clamp(top, 0, Height); y < Math.Clamp(top + height, 0, Height); y++)
        {
            Array.Fill(Pixels, (byte)255, (y * Width) + x0, x1 - x0);
        }
    }

    public byte[] ToPgm()
    {
        var header = System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{Width} {Height}\n255\n"));
        var file = new byte[header.Length + Pixels.Length];
        header.CopyTo(file, 0);
        Pixels.CopyTo(file, header.Length);
        return file;
    }
}
