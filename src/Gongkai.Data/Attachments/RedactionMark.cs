namespace Gongkai.Data.Attachments;

/// <summary>
/// A part of an attachment withheld from the applicant (区分处理, 条例 第三十七条): where it is, on what ground (第十四条 to
/// 第十六条), how it was found, and the text it covers — encrypted, as it is often a personal ID or phone number. The
/// released copy is made from all of an attachment's marks; reviewers in the review chain see and may change them.
/// </summary>
public sealed class RedactionMark
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>The original attachment (kept internal; its copy is released).</summary>
    public Guid AttachmentId { get; set; }

    /// <summary>Order of marking, for a stable list and letter.</summary>
    public int Sequence { get; set; }

    /// <summary>1-based page; 0 where a Word document's text could not be placed on a page.</summary>
    public int Page { get; set; }

    /// <summary>The box in PDF points from the page's top left (an image's in pixels).</summary>
    public double X { get; set; }

    public double Y { get; set; }

    public double Width { get; set; }

    public double Height { get; set; }

    /// <summary>The ground's name (<c>WithholdingGround.Name</c>): 个人隐私, 商业秘密 ….</summary>
    public string Ground { get; set; } = "";

    /// <summary>How it was found: a ready pattern's name, the searched words, or 框选.</summary>
    public string Source { get; set; } = "";

    /// <summary>The covered text, encrypted (data protection); null for a box over no text.</summary>
    public string? ProtectedText { get; set; }

    /// <summary>The covered text masked for the screen (身份证号 1101**********1234).</summary>
    public string? MaskedText { get; set; }

    /// <summary>The second box of one part wrapped onto the next line; not counted again.</summary>
    public bool Continues { get; set; }

    public DateTimeOffset MarkedAt { get; set; }

    public string MarkedBy { get; set; } = "";

    /// <summary>Who last changed the ground (a reviewer in the review chain), and when.</summary>
    public string? ChangedBy { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }
}
