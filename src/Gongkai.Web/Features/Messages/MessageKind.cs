using System.Text.RegularExpressions;

namespace Gongkai.Web.Features.Messages;

/// <summary>What a message tells; each kind has a default wording an agency may replace (<see cref="MessageTemplates"/>).</summary>
public enum MessageKind
{
    /// <summary>受理回执: the application was received (条例 第三十一条), on registration.</summary>
    Receipt,

    /// <summary>补正告知书 issued (第三十条), the letter attached.</summary>
    CorrectionNotice,

    /// <summary>延期答复告知书 issued (第三十三条第二款).</summary>
    ExtensionNotice,

    /// <summary>信息处理费收费通知书 issued (国办函〔2020〕109号).</summary>
    FeeNotice,

    /// <summary>答复书 issued (第三十六条), the letter attached.</summary>
    Answer,

    /// <summary>补正回执: the applicant's online 补正 was received; the answer period starts again.</summary>
    CorrectionReplyReceipt,

    /// <summary>撤回确认: the applicant withdrew the application online.</summary>
    WithdrawalConfirmation,

    /// <summary>To the handler: the applicant replied to a 补正 online.</summary>
    CorrectionReplyToStaff,

    /// <summary>To the handler: the applicant withdrew the application online.</summary>
    WithdrawalToStaff,

    /// <summary>To staff: the day's reminder digest.</summary>
    Digest,
}

/// <summary>A message's wording: subject and body with fields written {字段}, as the letters are.</summary>
public sealed partial record MessageTemplate(string Subject, string Body)
{
    /// <summary>Every field a message may use.</summary>
    public static IReadOnlyDictionary<string, string> KnownFields { get; } = new Dictionary<string, string>
    {
        ["申请人"] = "申请人姓名或名称",
        ["受理编号"] = "申请的受理编号",
        ["机关"] = "办理申请的机关",
        ["收到日期"] = "收到申请日期",
        ["答复期限"] = "法定答复期限",
        ["文书"] = "随附文书的名称",
        ["文号"] = "随附文书的编号",
        ["补正期限"] = "补正期限的最后一日",
        ["查询网址"] = "查询办理进度的网址（Gongkai:PublicUrl）",
        ["查询说明"] = "怎样查询进度：网上申请凭受理编号和查询码在查询网址查询；当面、邮寄等申请请与本机关联系",
        ["查询方式"] = "查询说明的短句（短信用）",
        ["补正说明"] = "怎样提交补正：网上申请可在查询网址在线提交，其他按告知书所列方式",
        ["回执编号"] = "补正回执的编号",
        ["内容"] = "提醒的内容（仅提醒）",
        ["姓名"] = "收件的工作人员（仅提醒）",
    };

    [GeneratedRegex(@"\{([^{}]{1,20})\}", RegexOptions.CultureInvariant, 200)]
    private static partial Regex FieldPattern();

    /// <summary>Fills the fields; an unknown one stays as written (templates are checked before they are saved).</summary>
    public string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        FieldPattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>Chinese errors, one per field unknown or without a value in this kind of message; empty when usable.</summary>
    public IReadOnlyList<string> Validate(MessageKind kind, bool sms)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Body))
        {
            errors.Add("正文不能为空");
        }
        var available = MessageTemplates.FieldsOf(kind, sms);
        foreach (var field in FieldPattern().Matches(Subject + "\n" + Body).Select(m => m.Groups[1].Value).Distinct())
        {
            if (!KnownFields.ContainsKey(field))
            {
                errors.Add($"未知字段“{{{field}}}”，可用字段：{string.Join("、", available.Select(k => $"{{{k}}}"))}");
            }
            else if (!available.Contains(field))
            {
                errors.Add(sms && field is "申请人" or "收到日期" or "答复期限"
                    ? $"短信不能使用“{{{field}}}”：短信只写机关和受理编号，不写申请人的个人信息"
                    : $"“{{{field}}}”在{(sms ? "短信" : "这种消息")}中没有内容，可用字段：{string.Join("、", available.Select(k => $"{{{k}}}"))}");
            }
        }
        return errors;
    }
}

/// <summary>Gongkai's default wording of each message, e-mail and SMS. Texts carry no personal data beyond the tracking number.</summary>
public static class MessageTemplates
{
    private const string Footer = "\n\n本邮件由系统自动发送，请勿直接回复。如有疑问，请与{机关}政府信息公开工作机构联系。\n{机关}";

    public static string Title(this MessageKind kind) => kind switch
    {
        MessageKind.Receipt => "受理回执",
        MessageKind.CorrectionNotice => "补正告知",
        MessageKind.ExtensionNotice => "延期答复告知",
        MessageKind.FeeNotice => "收费通知",
        MessageKind.Answer => "答复",
        MessageKind.CorrectionReplyReceipt => "补正回执",
        MessageKind.WithdrawalConfirmation => "撤回确认",
        MessageKind.CorrectionReplyToStaff => "申请人已补正（工作人员）",
        MessageKind.WithdrawalToStaff => "申请人已撤回（工作人员）",
        MessageKind.Digest => "每日提醒（工作人员）",
    };

    private static readonly string[] ApplicantFields = ["申请人", "受理编号", "机关", "收到日期", "答复期限", "查询网址", "查询说明"];

    /// <summary>The fields a kind of message fills (a template may use only these); a text carries nothing personal.</summary>
    public static IReadOnlySet<string> FieldsOf(MessageKind kind, bool sms) => (sms
        ? kind == MessageKind.CorrectionNotice ? ["机关", "受理编号", "补正期限", "查询网址", "查询方式"] : ["机关", "受理编号", "查询网址", "查询方式"]
        : kind switch
        {
            MessageKind.CorrectionNotice => [.. ApplicantFields, "文书", "文号", "补正期限", "补正说明"],
            MessageKind.ExtensionNotice or MessageKind.FeeNotice or MessageKind.Answer => [.. ApplicantFields, "文书", "文号"],
            MessageKind.CorrectionReplyReceipt => [.. ApplicantFields, "回执编号"],
            MessageKind.CorrectionReplyToStaff => ["姓名", "受理编号", "回执编号", "答复期限"],
            MessageKind.WithdrawalToStaff => ["姓名", "受理编号", "机关"],
            MessageKind.Digest => ["姓名", "内容"],
            _ => ApplicantFields,
        }).ToHashSet();

    /// <summary>The kinds that also go as a text message when the applicant's mobile number is known.</summary>
    public static bool HasSms(this MessageKind kind) => kind is MessageKind.Receipt or MessageKind.CorrectionNotice or MessageKind.Answer;

    public static MessageTemplate Email(MessageKind kind) => kind switch
    {
        MessageKind.Receipt => new("政府信息公开申请已收到（受理编号{受理编号}）",
            "{申请人}：\n\n{机关}已于{收到日期}收到您的政府信息公开申请，受理编号{受理编号}。本机关将依照《中华人民共和国政府信息公开条例》第三十三条，于{答复期限}前答复；如需补正、征求意见或延期，期限依法调整，并另行告知。\n\n{查询说明}" + Footer),
        MessageKind.CorrectionNotice => new("{文书}（{文号}）",
            "{申请人}：\n\n{机关}就您的政府信息公开申请（受理编号{受理编号}）出具了{文书}（{文号}），见附件。请于{补正期限}前按告知书的要求补正；答复期限自本机关收到补正之日起重新计算，无正当理由逾期不补正的，视为放弃申请（条例第三十条）。\n\n{补正说明}" + Footer),
        MessageKind.ExtensionNotice or MessageKind.FeeNotice or MessageKind.Answer => new("{文书}（{文号}）",
            "{申请人}：\n\n{机关}就您的政府信息公开申请（受理编号{受理编号}）出具了{文书}（{文号}），见附件。\n\n{查询说明}" + Footer),
        MessageKind.CorrectionReplyReceipt => new("补正已收到（受理编号{受理编号}）",
            "{申请人}：\n\n{机关}已于{收到日期}收到您在线提交的补正（回执编号{回执编号}）。答复期限自收到补正之日起重新计算，至{答复期限}（条例第三十条、第三十三条）。\n\n{查询说明}" + Footer),
        MessageKind.WithdrawalConfirmation => new("政府信息公开申请已撤回（受理编号{受理编号}）",
            "{申请人}：\n\n您已在线撤回受理编号为{受理编号}的政府信息公开申请，{机关}不再办理。如仍需要相关信息，可以重新提出申请。" + Footer),
        MessageKind.CorrectionReplyToStaff => new("申请人已在线补正：{受理编号}",
            "{姓名}：\n\n申请人已在线提交受理编号{受理编号}的补正（回执编号{回执编号}），答复期限重新计算，至{答复期限}。请登录 Gongkai 在工作台查看。"),
        MessageKind.WithdrawalToStaff => new("申请人已在线撤回：{受理编号}",
            "{姓名}：\n\n申请人已在线撤回受理编号{受理编号}的政府信息公开申请，该申请按“申请人撤回”办结，不再办理。"),
        MessageKind.Digest => new("政府信息公开申请办理提醒",
            "{姓名}：\n\n{内容}\n\n请登录 Gongkai 在工作台查看。不需要这封邮件的，可在“我的设置”中关闭。"),
    };

    /// <summary>The SMS text of a kind: the agency, the tracking number and where to look — nothing else about the applicant.</summary>
    public static string Sms(MessageKind kind) => kind switch
    {
        MessageKind.Receipt => "【{机关}】您的政府信息公开申请已收到，受理编号{受理编号}，{查询方式}。",
        MessageKind.CorrectionNotice => "【{机关}】您的政府信息公开申请（受理编号{受理编号}）需要补正，请于{补正期限}前按补正告知书补正，{查询方式}。",
        MessageKind.Answer => "【{机关}】您的政府信息公开申请（受理编号{受理编号}）已答复，请查收答复书，{查询方式}。",
        _ => "",
    };
}
