using Gongkai.Cases.Agencies;

namespace Gongkai.Web.Features.Portal;

/// <summary>
/// What the 公开指南 says of the disclosure office (条例 第十二条: its name, address, hours, telephone, fax and internet
/// contact) and of the ways to submit an application: only what the agency has on record. A channel that needs an
/// address or a fax number is offered only when that is recorded, and what is missing is said, never made up.
/// </summary>
public static class GuideOffice
{
    /// <summary>The remedies of 条例 第五十一条, quoted: the guide always states them.</summary>
    public const string Remedies = "认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。";

    /// <summary>The items of 第十二条 the agency has not recorded (the office's name is never recorded in Gongkai).</summary>
    public static IReadOnlyList<string> NotOnRecord(DisclosureOffice office)
    {
        var missing = new List<string> { "机构名称" };
        foreach (var (label, value) in new[] { ("办公地址", office.Address), ("办公时间", office.Hours), ("联系电话", office.Phone), ("传真", office.Fax) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(label);
            }
        }
        return missing;
    }

    /// <summary>The ways to submit a written application (第二十九条) that the recorded details support, each with its details.</summary>
    public static IReadOnlyList<string> Channels(DisclosureOffice office)
    {
        var channels = new List<string> { "在线申请：通过本网站“在线申请”提交" };
        if (Has(office.Address))
        {
            channels.Add($"当面提交：{office.Address!.Trim()}{(Has(office.Hours) ? $"（办公时间：{office.Hours!.Trim()}）" : "")}");
            channels.Add($"邮寄：{office.Address!.Trim()}{(Has(office.Postcode) ? $"，邮政编码{office.Postcode!.Trim()}" : "")}，请在信封上注明“政府信息公开申请”");
        }
        if (Has(office.Fax))
        {
            channels.Add($"传真：{office.Fax!.Trim()}");
        }
        return channels;
    }

    /// <summary>The channels not offered, and why, so a reader is not left guessing.</summary>
    public static IReadOnlyList<string> Unavailable(DisclosureOffice office)
    {
        var reasons = new List<string>();
        if (!Has(office.Address))
        {
            reasons.Add("本机关尚未登记办公地址，暂不能当面提交或邮寄申请");
        }
        if (!Has(office.Fax))
        {
            reasons.Add("本机关尚未登记传真号码，暂不能传真申请");
        }
        return reasons;
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}
