using System.Globalization;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Features.Cases;

/// <summary>A registration, as the form or the API sends it. Every field is checked by <see cref="Validate"/>.</summary>
public sealed record RegisterInput(
    string? Category, string? Name, string? IdType, string? IdNumber, string? Phone, string? Email, string? Address,
    string? Channel, DateOnly? ReceivedOn, string? Request, string? DeliveryForm)
{
    /// <summary>Every identity document the forms offer; which a category may use is <see cref="ApplicantIdentity.AllowedFor"/>.</summary>
    public static IReadOnlyList<string> IdTypes { get; } = ApplicantIdentity.Kinds.Select(k => k.Name).ToList();

    /// <summary>Field → Chinese message; empty when valid.</summary>
    public Dictionary<string, string> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        void Required(string field, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = $"请填写{label}";
            }
            else if (value.Trim().Length > max)
            {
                errors[field] = $"{label}不能超过{max}个字";
            }
        }
        var categoryKnown = Enum.TryParse<ApplicantCategory>(Category, out var category);
        if (!categoryKnown)
        {
            errors[nameof(Category)] = "请选择申请人类别（自然人，或法人或其他组织中的一类）";
        }
        Required(nameof(Name), Name, "申请人姓名或名称", 200);
        Required(nameof(IdNumber), IdNumber, "证件号码", 40);
        if (!categoryKnown && ApplicantIdentity.Kind(IdType) is not { } known)
        {
            errors[nameof(IdType)] = "请选择证件类型";
        }
        else if (!categoryKnown && ApplicantIdentity.CheckNumber(ApplicantIdentity.Kind(IdType)!, IdNumber) is { } badNumber && !errors.ContainsKey(nameof(IdNumber)))
        {
            errors[nameof(IdNumber)] = badNumber;
        }
        else if (categoryKnown && ApplicantIdentity.Check(category, IdType, IdNumber) is { } wrong && !errors.ContainsKey(wrong.Field))
        {
            // 条例 第二十九条第一项: the applicant's 身份证明 — a document its category may hold, with a number of its shape.
            errors[wrong.Field] = wrong.Message;
        }
        Required(nameof(Phone), Phone, "联系电话", 40);
        if (Phone is { } p && !string.IsNullOrWhiteSpace(p) && !p.Trim().All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' '))
        {
            errors[nameof(Phone)] = "联系电话只能包含数字、“-”和“+”";
        }
        // Optional fields are bounded too: from the public form they would otherwise store whatever an attacker sends.
        if (!string.IsNullOrWhiteSpace(Email) && (Email.Trim().Length > 200 || !Email.Contains('@', StringComparison.Ordinal)))
        {
            errors[nameof(Email)] = Email.Trim().Length > 200 ? "电子邮箱不能超过200个字符" : "电子邮箱格式不正确";
        }
        if (!string.IsNullOrWhiteSpace(Address) && Address.Trim().Length > 500)
        {
            errors[nameof(Address)] = "通信地址不能超过500个字";
        }
        if (!Enum.TryParse<Channel>(Channel, out _))
        {
            errors[nameof(Channel)] = "请选择申请方式（当面、邮寄、网络、传真或其他）";
        }
        if (ReceivedOn is not { } received)
        {
            errors[nameof(ReceivedOn)] = "请填写收到申请日期";
        }
        else if (received > today)
        {
            errors[nameof(ReceivedOn)] = "收到申请日期不能晚于今天";
        }
        else if (received < RevisedRegulationInForce)
        {
            // Older applications fell under the 2008 条例 (15 working days, other outcomes); Gongkai applies the 2019 one.
            errors[nameof(ReceivedOn)] = $"收到申请日期不能早于{RevisedRegulationInForce:yyyy年M月d日}（现行《中华人民共和国政府信息公开条例》施行之日）";
        }
        Required(nameof(Request), Request, "申请公开的政府信息（名称、文号或便于查询的特征性描述）", 4000);
        Required(nameof(DeliveryForm), DeliveryForm, "获取信息的方式和途径", 200);
        return errors;
    }

    /// <summary>The revised 条例 (国务院令第711号) took effect on 15 May 2019 (its 第五十六条); the deadlines and outcomes Gongkai applies are its.</summary>
    public static readonly DateOnly RevisedRegulationInForce = new(2019, 5, 15);


    public static string CategoryLabel(ApplicantCategory c) => c == ApplicantCategory.NaturalPerson ? "自然人" : "法人或其他组织·" + c.ColumnKey();

    public static string Describe(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>An action on a case with whatever it needs; <see cref="Version"/> is the version the actor saw.</summary>
/// <param name="FeeBasis">For a fee notice: PerApplication (按件计收) or PerPage (按量计收).</param>
/// <param name="Quantity">For a fee notice: the items of this application (按件) or the pages provided (按量).</param>
/// <param name="WorkingDays">For an extension: its length; for a 补正 notice: the period given (default: the agency's).</param>
/// <param name="Reason">For a 补正 notice after the 7 working days of 条例 第三十条: why it is late; for a transfer or a void: why.</param>
/// <param name="AgencyId">For a transfer: the receiving agency, in the same tree.</param>
/// <param name="CompetentAgency">For 三.四.1 under 条例 第三十六条（五）: the agency responsible and its contact, named in the answer.</param>
public sealed record ActionInput(
    Guid? Version, DateOnly? Date, string? Text, string? OutcomeRow, string? LegalBasis, string? AnswerText, int? WorkingDays, string? Party,
    string? FeeBasis = null, int? Quantity = null, string? Reason = null, int? AgencyId = null, string? CompetentAgency = null);
