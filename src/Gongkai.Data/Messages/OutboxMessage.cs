namespace Gongkai.Data.Messages;

/// <summary>How a message travels.</summary>
public enum MessageChannel
{
    /// <summary>电子邮件, through the configured SMTP server.</summary>
    Email,

    /// <summary>短信, through the configured HTTP gateway.</summary>
    Sms,
}

/// <summary>Where a message stands.</summary>
public enum MessageState
{
    /// <summary>待发送: waiting for the sender (a first try or a retry after <see cref="OutboxMessage.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>已发送: the server or gateway accepted it.</summary>
    Sent,

    /// <summary>发送失败: every try failed; kept with the last error until someone resends it.</summary>
    Failed,

    /// <summary>未发送: the channel has no settings; sent if someone resends it after they are made.</summary>
    NotConfigured,
}

/// <summary>
/// A message to an applicant or a staff member, written in the same transaction as the change that causes it and
/// sent afterwards by the background sender: a crash between the two loses nothing, and the message goes once the
/// application runs again.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; set; }

    public MessageChannel Channel { get; set; }

    /// <summary>What the message is about (Gongkai.Web.Features.Messages.MessageKind's name): Receipt, CorrectionNotice, Digest …</summary>
    public string Kind { get; set; } = "";

    public int? AgencyId { get; set; }

    public Guid? CaseId { get; set; }

    /// <summary>An issued document sent with the message (its PDF, or the Word file when no PDF can be made).</summary>
    public Guid? DocumentId { get; set; }

    /// <summary>For messages to staff: the account.</summary>
    public string? StaffUserId { get; set; }

    /// <summary>The e-mail address or mobile number.</summary>
    public string Recipient { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public MessageState State { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the sender may try next, in Unix milliseconds (an integer both databases compare and index alike).</summary>
    public long NextAttemptAt { get; set; }

    /// <summary>While one sender holds the message (Unix milliseconds): others leave it alone until then.</summary>
    public long LeaseUntil { get; set; }

    /// <summary>Which sender's claim holds the message: a batch is claimed by one update, then read back by its token.</summary>
    public Guid? LeaseToken { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>What the server answered on acceptance (for an e-mail, the SMTP reply), kept as the record of 送达 by e-mail.</summary>
    public string? ServerReply { get; set; }

    /// <summary>Makes a message once-only (a day's reminder digest for one person): a second insert with the same key fails.</summary>
    public string? DedupKey { get; set; }

    /// <summary>Set when someone resends it: who and when, for the record.</summary>
    public string? ResentBy { get; set; }
}
