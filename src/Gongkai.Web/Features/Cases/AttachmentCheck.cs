using System.Buffers.Binary;
using System.Globalization;
using Gongkai.Data.Attachments;
using Gongkai.Reading;
using Gongkai.Reading.Docx;
using Gongkai.Reading.Pdf;

namespace Gongkai.Web.Features.Cases;

/// <summary>
/// Every attachment, from staff or from the public form: the type and size rules (<see cref="AttachmentRules"/>), then
/// the same caps the report reader applies to the file's kind — a ZIP-based file (DOCX, OFD) inflated under caps with
/// its XML streamed for depth, element count and DOCTYPE; a PDF's compressed streams and pages counted; an image's
/// declared size read from its header. A bomb is refused on upload, not kept to explode in whoever opens it later.
/// </summary>
public static class AttachmentCheck
{
    /// <summary>An image's side: a 200-megapixel phone photo is 16,320 pixels wide.</summary>
    public const int MaxImageSide = 30_000;

    /// <summary>An image's area: far above any photo or scan, far below the gigapixel images built to exhaust a viewer.</summary>
    public const long MaxImagePixels = 250_000_000;

    public static (string? ContentType, string? Error) Check(string fileName, byte[] content, int alreadyAttached)
    {
        var (contentType, error) = AttachmentRules.Check(fileName, content, alreadyAttached);
        if (error is not null)
        {
            return (contentType, error);
        }
        var name = Path.GetFileName(fileName);
        try
        {
            switch (contentType)
            {
                case "application/pdf":
                    PdfFileCheck.Check(content);
                    break;
                case "image/png" or "image/jpeg":
                    CheckImage(content, contentType);
                    break;
                default:
                    if (content.AsSpan().StartsWith("PK\u0003\u0004"u8))
                    {
                        var kind = Path.GetExtension(fileName).Equals(".ofd", StringComparison.OrdinalIgnoreCase) ? "OFD 文件" : "Word 文档";
                        PackageLimits.Check(content, kind, PackageLimits.MaxAttachmentElements, refuseDamaged: true);
                    }
                    break;
            }
            return (contentType, null);
        }
        catch (ReportReadException e)
        {
            return (null, $"附件“{name}”：{e.Message}");
        }
    }

    private static void CheckImage(byte[] content, string contentType)
    {
        var size = contentType == "image/png" ? PngSize(content) : JpegSize(content);
        if (size is not var (width, height))
        {
            throw new ReportReadException(contentType == "image/png" ? "PNG 图片已损坏（读不到图片尺寸）" : "JPG 图片已损坏（读不到图片尺寸）");
        }
        if (width > MaxImageSide || height > MaxImageSide || (long)width * height > MaxImagePixels)
        {
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                $"图片尺寸为 {width}×{height} 像素，超过上限（每边不超过 {MaxImageSide} 像素、总计不超过 {MaxImagePixels / 1_000_000} 百万像素），可能是恶意构造的文件，请缩小后再上传"));
        }
    }

    /// <summary>A PNG's size from its IHDR chunk, which must come first.</summary>
    private static (int Width, int Height)? PngSize(byte[] png) =>
        png.Length >= 24 && png.AsSpan(12, 4).SequenceEqual("IHDR"u8)
            ? ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)))
            : null;

    /// <summary>A JPEG's size from its first start-of-frame marker, found by walking the marker segments.</summary>
    private static (int Width, int Height)? JpegSize(byte[] jpeg)
    {
        var at = 2;
        while (at + 9 < jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return null;
            }
            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // Fill bytes before a marker.
                continue;
            }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // Markers without a length.
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 5)));
            }
            if (length < 2)
            {
                return null;
            }
            at += 2 + length;
        }
        return null;
    }
}
