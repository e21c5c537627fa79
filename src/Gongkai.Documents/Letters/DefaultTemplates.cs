namespace Gongkai.Documents.Letters;

/// <summary>The templates Gongkai ships; an agency may replace any of them.</summary>
public static class DefaultTemplates
{
    public static LetterTemplate For(LetterKind kind) => kind switch
    {
        LetterKind.Receipt => new(kind, kind.Title(),
        [
            "{申请人}：",
            "本机关于{收到日期}收到您提出的政府信息公开申请，受理编号为{受理编号}，申请内容为：{申请内容}。",
            "本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起20个工作日内予以答复，即不迟于{答复期限}；需要延长答复期限的，将另行告知。",
            "您可凭受理编号和查询码在本机关政府信息公开网站查询办理进度。",
        ]),
        LetterKind.CorrectionNotice => new(kind, kind.Title(),
        [
            "{申请人}：",
            "本机关于{收到日期}收到您提出的政府信息公开申请（受理编号：{受理编号}）。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：",
            "{补正事项}",
            "请于{补正期限}前提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        ]),
        LetterKind.ExtensionNotice => new(kind, kind.Title(),
        [
            "{申请人}：",
            "本机关于{收到日期}收到您提出的政府信息公开申请（受理编号：{受理编号}）。因{延期理由}，不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{延期天数}个工作日，至{延长后期限}。",
        ]),
        LetterKind.ThirdPartyConsultation => new(kind, kind.Title(),
        [
            "{征求对象}：",
            "本机关于{收到日期}收到一件政府信息公开申请（受理编号：{受理编号}），申请公开的信息可能涉及你方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。",
            "请于{意见期限}前提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开；不同意公开且有合理理由的，本机关不予公开。",
        ]),
        LetterKind.AgencyConsultation => new(kind, kind.Title(),
        [
            "{征求对象}：",
            "本机关于{收到日期}收到一件政府信息公开申请（受理编号：{受理编号}），申请公开的信息与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。",
            "请于{意见期限}前提出意见，逾期未提出意见的视为同意公开。",
        ]),
        LetterKind.Answer => new(kind, kind.Title(),
        [
            "{申请人}：",
            "本机关于{收到日期}收到您提出的政府信息公开申请（受理编号：{受理编号}），申请获取：{申请内容}。",
            "经审查，现答复如下：{答复内容}",
            "{不予公开部分}",
            "{负责机关说明}",
            "办理结果：{办理结果}。依据：{法律依据}。",
            "{救济途径}",
        ]),
        LetterKind.FeeNotice => new(kind, kind.Title(),
        [
            "{申请人}：",
            "本机关于{收到日期}收到您提出的政府信息公开申请（受理编号：{受理编号}）。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定对该申请收取信息处理费。",
            "收费依据：国办函〔2020〕109号；收费方式：{收费方式}，按超额累进方式计算；收费标准及明细：{收费明细}。",
            "应缴金额：{收费金额}元。缴纳方式：{缴费方式}",
            "请于{缴费期限}前（收到本通知次日起20个工作日内）缴纳。发出本通知至您缴费之间的时间不计算在答复期限内；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]),
    };

    /// <summary>
    /// The remedies an answer must state, per outcome row of table 三. Since 2024-01-01 (行政复议法 2023 第二十三条第一款
    /// 第四项: "申请政府信息公开，行政机关不予公开") a refusal goes to administrative reconsideration first, and the
    /// agency must say so (第二十三条第二款); that covers 三.三 不予公开 and the refused part of 三.二 部分公开.
    /// Otherwise the applicant chooses: reconsideration within 60 days (行政复议法 第二十条) or a lawsuit within 6 months
    /// (行政诉讼法 第四十六条); after a reconsideration decision, suit within 15 days (行政诉讼法 第四十五条).
    /// </summary>
    public static string Remedies(string outcomeRow, string reviewBody)
    {
        var reconsiderationFirst = $"应当先自收到本答复之日起六十日内向{reviewBody}申请行政复议（《中华人民共和国行政复议法》第二十条、第二十三条第一款第四项）；"
            + "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）";
        var eitherWay = $"可以自收到本答复之日起六十日内向{reviewBody}申请行政复议（《中华人民共和国行政复议法》第二十条），"
            + "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）";
        return RemedyKind(outcomeRow) switch
        {
            Remedy.ReconsiderationFirst => $"如对本答复不予公开的决定不服，{reconsiderationFirst}。",
            Remedy.Split => $"如对本答复中不予公开的部分不服，{reconsiderationFirst}；如对本答复其他内容不服，{eitherWay}。",
            _ => $"如对本答复不服，{eitherWay}。",
        };
    }

    /// <summary>Which remedies an outcome row carries.</summary>
    public static Remedy RemedyKind(string outcomeRow) =>
        outcomeRow.StartsWith("三.三", StringComparison.Ordinal) ? Remedy.ReconsiderationFirst
        : outcomeRow == "三.二" ? Remedy.Split
        : Remedy.EitherWay;
}

/// <summary>The remedies of an answer (行政复议法 2023 第二十三条).</summary>
public enum Remedy
{
    /// <summary>Reconsideration or lawsuit, as the applicant chooses.</summary>
    EitherWay,

    /// <summary>不予公开: reconsideration first (复议前置).</summary>
    ReconsiderationFirst,

    /// <summary>部分公开: reconsideration first for the refused part, free choice for the rest.</summary>
    Split,
}
