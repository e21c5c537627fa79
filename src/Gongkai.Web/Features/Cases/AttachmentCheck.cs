using Gongkai.Data.Attachments;

namespace Gongkai.Web.Features.Cases;

/// <summary>
/// Every attachment, from staff or from the public form: the type and size rules (<see cref="AttachmentRules"/>), and for
/// the ZIP-based types (DOCX, OFD) the same inflation caps the report reader applies — a zip bomb is refused on upload,
/// not kept to explode in whoever opens it later.
/// </summary>
public static class AttachmentCheck
{
    public static (string? ContentType, string? Error) Check(string fileName, byte[] content, int alreadyAttached)
    {
        var (contentType, error) = AttachmentRules.Check(fileName, content, alreadyAttached);
        if (error is not null || !content.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return (contentType, error);
        }
        var kind = Path.GetExtension(fileName).Equals(".ofd", StringComparison.OrdinalIgnoreCase) ? "OFD 文件" : "Word 文档";
        try
        {
            Gongkai.Reading.Docx.PackageLimits.Check(content, kind);
            return (contentType, null);
        }
        catch (Gongkai.Reading.ReportReadException e)
        {
            return (null, $"附件“{Path.GetFileName(fileName)}”：{e.Message}");
        }
    }
}
