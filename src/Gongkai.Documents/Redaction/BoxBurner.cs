using SkiaSharp;

namespace Gongkai.Documents.Redaction;

/// <summary>
/// Paints the withheld boxes solid black into a page image and writes each box's ground on it in white
/// (“〔个人隐私〕”), so the released page says what was withheld and why without holding any of it.
/// </summary>
public static class BoxBurner
{
    /// <summary>A CJK font from the system's fonts (fonts-noto-cjk on Debian), found by a character it must draw.</summary>
    private static readonly Lazy<SKTypeface?> LabelFace = new(() =>
        SKFontManager.Default.MatchCharacter("Noto Sans CJK SC", SKFontStyle.Bold, ["zh-CN"], '隐')
        ?? SKFontManager.Default.MatchCharacter('隐'));

    /// <summary>Whether labels can be drawn here (a CJK font is installed).</summary>
    public static bool CanLabel => LabelFace.Value is not null;

    /// <param name="image">A PNG or JPEG of the page.</param>
    /// <param name="scale">Image pixels per page unit (dpi ÷ 72 for a rendered PDF page, 1 for a photo).</param>
    /// <param name="jpeg">Write a JPEG (a photo stays a photo) rather than a PNG.</param>
    public static byte[] Burn(byte[] image, double scale, IEnumerable<Withheld> marks, bool jpeg = false)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new RedactionException("图片无法解码，可能已损坏");
        Burn(bitmap, scale, marks);
        using var data = bitmap.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, jpeg ? 90 : 100);
        return data.ToArray();
    }

    public static void Burn(SKBitmap bitmap, double scale, IEnumerable<Withheld> marks)
    {
        using var canvas = new SKCanvas(bitmap);
        using var black = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = false };
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        foreach (var mark in marks)
        {
            // Whole pixels outward: a box's edge never leaves a half-covered pixel of a glyph.
            var rect = new SKRect((float)Math.Floor(mark.Box.X * scale), (float)Math.Floor(mark.Box.Y * scale),
                (float)Math.Ceiling(mark.Box.Right * scale), (float)Math.Ceiling(mark.Box.Bottom * scale));
            canvas.DrawRect(rect, black);
            if (LabelFace.Value is { } face)
            {
                var label = mark.Ground.Label;
                var size = Math.Min(rect.Height * 0.72f, rect.Width / (label.Length + 0.5f));
                if (size >= 4)
                {
                    using var font = new SKFont(face, size);
                    var baseline = rect.MidY + (size * 0.36f);
                    canvas.DrawText(label, rect.MidX, baseline, SKTextAlign.Center, font, white);
                }
            }
        }
        canvas.Flush();
    }
}
