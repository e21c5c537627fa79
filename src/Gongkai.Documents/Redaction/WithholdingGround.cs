namespace Gongkai.Documents.Redaction;

/// <summary>
/// A ground for withholding part of a disclosed file (区分处理, 条例 第三十七条: the agency gives what can be disclosed
/// and states why the rest is not). The grounds are those of 第十四条 to 第十六条, as table 三's rows 三.三.1–7 count them.
/// </summary>
/// <param name="Name">What staff choose and the API takes (“个人隐私”).</param>
/// <param name="Label">Printed on each box in the released copy.</param>
/// <param name="Article">The article the letter cites.</param>
/// <param name="Concerns">How the letter says what the part concerns: “涉及个人隐私”.</param>
public sealed record WithholdingGround(string Name, string Label, string Article, string Concerns)
{
    /// <summary>Every ground, in the order of the 条例 and of table 三.</summary>
    public static IReadOnlyList<WithholdingGround> All { get; } =
    [
        new("国家秘密", "〔国家秘密〕", "第十四条", "属于国家秘密"),
        new("法律行政法规禁止公开", "〔法律法规禁止公开〕", "第十四条", "属于法律、行政法规禁止公开的信息"),
        new("危及三安全一稳定", "〔危及安全稳定〕", "第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
        new("商业秘密", "〔商业秘密〕", "第十五条", "涉及商业秘密"),
        new("个人隐私", "〔个人隐私〕", "第十五条", "涉及个人隐私"),
        new("内部事务信息", "〔内部事务信息〕", "第十六条第一款", "属于内部事务信息"),
        new("过程性信息", "〔过程性信息〕", "第十六条第二款", "属于过程性信息"),
        new("行政执法案卷信息", "〔行政执法案卷〕", "第十六条第二款", "属于行政执法案卷信息"),
    ];

    /// <summary>The ground by its name (or its label, with or without the brackets), or null.</summary>
    public static WithholdingGround? Find(string? name)
    {
        var key = (name ?? "").Trim().Trim('〔', '〕', '[', ']', '【', '】');
        return All.FirstOrDefault(g => g.Name == key || g.Label.Trim('〔', '〕') == key);
    }

    /// <summary>The names, for a message listing what may be chosen.</summary>
    public static string Names => string.Join("、", All.Select(g => g.Name));
}
