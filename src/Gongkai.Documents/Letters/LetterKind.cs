namespace Gongkai.Documents.Letters;

/// <summary>The documents a case produces, one per step (宿迁市 and 江苏省 document sets; 条例 第三十条 to 第三十六条).</summary>
public enum LetterKind
{
    /// <summary>受理回执.</summary>
    Receipt,

    /// <summary>补正告知书 (第三十条).</summary>
    CorrectionNotice,

    /// <summary>延期答复告知书 (第三十三条第二款).</summary>
    ExtensionNotice,

    /// <summary>征求第三方意见书 (第三十二条).</summary>
    ThirdPartyConsultation,

    /// <summary>征求其他机关意见函 (第三十四条).</summary>
    AgencyConsultation,

    /// <summary>政府信息公开申请答复书 (第三十六条), worded by the outcome group.</summary>
    Answer,

    /// <summary>信息处理费收费通知书 (国办函〔2020〕109号): basis, standard, amount, how and by when to pay.</summary>
    FeeNotice,
}

public static class LetterKinds
{
    public static string Title(this LetterKind kind) => kind switch
    {
        LetterKind.Receipt => "政府信息公开申请受理回执",
        LetterKind.CorrectionNotice => "政府信息公开申请补正告知书",
        LetterKind.ExtensionNotice => "政府信息公开申请延期答复告知书",
        LetterKind.ThirdPartyConsultation => "政府信息公开征求第三方意见书",
        LetterKind.AgencyConsultation => "政府信息公开征求意见函",
        LetterKind.Answer => "政府信息公开申请答复书",
        LetterKind.FeeNotice => "政府信息公开信息处理费收费通知书",
    };

    /// <summary>The short code in the document number, e.g. 新公开〔2026〕答12号.</summary>
    public static string NumberCode(this LetterKind kind) => kind switch
    {
        LetterKind.Receipt => "受",
        LetterKind.CorrectionNotice => "补",
        LetterKind.ExtensionNotice => "延",
        LetterKind.ThirdPartyConsultation => "征",
        LetterKind.AgencyConsultation => "函",
        LetterKind.Answer => "答",
        LetterKind.FeeNotice => "费",
    };
}
