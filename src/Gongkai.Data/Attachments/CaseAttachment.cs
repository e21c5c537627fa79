namespace Gongkai.Data.Attachments;

/// <summary>A file attached to a case (the application letter, an ID copy, a 补正 reply). Stored in the database so every instance serves it.</summary>
public sealed class CaseAttachment
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }

    public string UploadedBy { get; set; } = "";

    /// <summary>
    /// 随答复提供: the disclosed information itself, which the answer letter refers to as “见附件”; the applicant
    /// downloads it on the status page with the query code once the case is answered. Other attachments stay internal.
    /// </summary>
    public bool ForApplicant { get; set; }

    /// <summary>Withdrawn (撤回): attached by mistake; kept for the record but neither released nor listed as the case's file.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }

    /// <summary>Why the file was withdrawn or unmarked after its release; required once the applicant could have seen it.</summary>
    public string? ChangeReason { get; set; }

    /// <summary>
    /// A redacted copy (公开版, 区分处理) made from this original by its <see cref="RedactionMark"/>s; the original stays
    /// internal once it has marks, and the copy is what the applicant receives.
    /// </summary>
    public Guid? RedactedFromId { get; set; }

    /// <summary>Released to the applicant: marked 随答复提供, not withdrawn.</summary>
    public bool Released => ForApplicant && WithdrawnAt is null;
}

/// <summary>What may be attached: size and type limits, checked on the bytes as well as the name.</summary>
public static class AttachmentRules
{
    public const long MaxBytes = 10L * 1024 * 1024;
    public const int MaxPerCase = 20;

    /// <summary>Extension → (content type, leading bytes the file must start with).</summary>
    private static readonly Dictionary<string, (string ContentType, byte[][] Magic)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", ["%PDF"u8.ToArray()]),
        [".jpg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".jpeg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".png"] = ("image/png", [[0x89, 0x50, 0x4E, 0x47]]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [[0x50, 0x4B, 0x03, 0x04]]),
        [".doc"] = ("application/msword", [[0xD0, 0xCF, 0x11, 0xE0]]),
        [".ofd"] = ("application/ofd", [[0x50, 0x4B, 0x03, 0x04]]),
    };

    public static string Allowed => string.Join("、", Types.Keys.Select(k => k.TrimStart('.').ToUpperInvariant()).Distinct());

    /// <summary>The content type, or a Chinese message naming the file and what is wrong with it.</summary>
    public static (string? ContentType, string? Error) Check(string fileName, ReadOnlySpan<byte> content, int alreadyAttached)
    {
        var name = Path.GetFileName(fileName);
        if (alreadyAttached >= MaxPerCase)
        {
            return (null, $"每件申请最多{MaxPerCase}个附件，已达上限，未上传“{name}”");
        }
        if (content.Length == 0)
        {
            return (null, $"附件“{name}”是空文件");
        }
        if (content.Length > MaxBytes)
        {
            return (null, $"附件“{name}”为{content.Length / 1048576.0:0.0} MB，超过{MaxBytes / 1048576} MB 的上限");
        }
        if (!Types.TryGetValue(Path.GetExtension(name), out var type))
        {
            return (null, $"附件“{name}”的类型不允许，只能上传 {Allowed} 文件");
        }
        foreach (var magic in type.Magic)
        {
            if (content.StartsWith(magic))
            {
                return (type.ContentType, null);
            }
        }
        return (null, $"附件“{name}”的内容与扩展名不符（不是真正的{Path.GetExtension(name).TrimStart('.').ToUpperInvariant()}文件）");
    }
}
