namespace Gongkai.Data.Cases;

/// <summary>
/// The applicant's online answer to a 补正 notice (条例 第三十条), sent from the status page with the query code: one per
/// notice. Its files are the case's attachments uploaded by “申请人（在线补正）”; the case records 收到补正 the same day.
/// </summary>
public sealed class CorrectionReply
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>The 补正 notice's date the reply answers (one reply per notice).</summary>
    public DateOnly RequestedOn { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The names of the files sent with it, one a line.</summary>
    public string FileNames { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The receipt number shown to the applicant (补正回执).</summary>
    public string ReceiptNumber { get; set; } = "";
}
