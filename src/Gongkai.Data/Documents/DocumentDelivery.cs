namespace Gongkai.Data.Documents;

/// <summary>How a document reached the applicant (送达方式).</summary>
public enum DeliveryMethod
{
    /// <summary>当面: handed over at the office.</summary>
    InPerson,

    /// <summary>邮寄: posted, with the EMS or registered-mail number.</summary>
    Post,

    /// <summary>电子邮件: accepted by the mail server.</summary>
    Email,

    /// <summary>在线: downloaded by the applicant from the status page with the query code.</summary>
    Online,

    /// <summary>短信: a text telling the applicant (the text itself carries no letter).</summary>
    Sms,
}

/// <summary>
/// 送达: when and how an issued document reached the applicant, and who recorded it. Where the law counts from
/// delivery (the 补正 period, 条例 第三十条; the 60 days for 行政复议), the case uses the earliest delivery it knows.
/// </summary>
public sealed class DocumentDelivery
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid DocumentId { get; set; }

    public Guid CaseId { get; set; }

    public DeliveryMethod Method { get; set; }

    public DateOnly DeliveredOn { get; set; }

    /// <summary>The EMS or registered-mail number of a posted letter.</summary>
    public string? PostalNumber { get; set; }

    /// <summary>What else the record says: the mail server's acceptance, the addressee.</summary>
    public string? Note { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

public static class DeliveryMethods
{
    public static string Label(this DeliveryMethod method) => method switch
    {
        DeliveryMethod.InPerson => "当面",
        DeliveryMethod.Post => "邮寄",
        DeliveryMethod.Email => "电子邮件",
        DeliveryMethod.Online => "在线",
        DeliveryMethod.Sms => "短信",
    };
}
