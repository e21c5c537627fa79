using System.Text.RegularExpressions;

namespace Gongkai.Documents.Letters;

/// <summary>
/// A letter's text with named fields written {字段名}. Administrators edit templates; a template naming a
/// field Gongkai does not know is refused, with the field and the known ones named.
/// </summary>
public sealed partial record LetterTemplate(LetterKind Kind, string Title, IReadOnlyList<string> Paragraphs)
{
    /// <summary>Every field a template may use.</summary>
    public static IReadOnlyDictionary<string, string> KnownFields { get; } = new Dictionary<string, string>
    {
        ["申请人"] = "申请人姓名或名称",
        ["受理编号"] = "申请的受理编号",
        ["收到日期"] = "收到申请日期（条例第三十一条）",
        ["申请内容"] = "申请公开的政府信息的描述",
        ["机关"] = "作出文书的行政机关",
        ["文号"] = "本文书的编号",
        ["日期"] = "文书日期",
        ["答复期限"] = "法定答复期限",
        ["补正事项"] = "需要补正的事项",
        ["补正期限"] = "补正的期限",
        ["延期天数"] = "延长的工作日数",
        ["延期理由"] = "延期理由",
        ["延长后期限"] = "延长后的答复期限",
        ["征求对象"] = "被征求意见的第三方或机关",
        ["意见期限"] = "提出意见的期限（15个工作日）",
        ["办理结果"] = "办理结果（年度报告表三的情形）",
        ["答复内容"] = "答复的具体内容",
        ["法律依据"] = "答复所依据的条款",
        ["复议机关"] = "受理行政复议的机关",
        ["救济途径"] = "行政复议和行政诉讼的告知",
        ["收费方式"] = "按件计收或按量计收（国办函〔2020〕109号第三条）",
        ["收费明细"] = "各档的数量、标准和金额",
        ["收费金额"] = "信息处理费合计（元）",
        ["缴费期限"] = "缴费的最后一日（收到通知次日起20个工作日）",
        ["缴费方式"] = "缴纳方式",
        ["负责机关说明"] = "不属于本机关负责公开时，负责公开的机关及其联系方式（条例第三十六条第五项）；无则整段省略",
        ["附件"] = "随答复提供的文件名称（答复内容写“见附件”时必须有）",
        ["不予公开部分"] = "部分公开时，所提供文件中遮盖的部分：页码、处数、理由和条款（由遮盖标记生成，条例第三十七条）；无则整段省略",
    };

    /// <summary>Fields that some letters legitimately lack; a paragraph holding only such a field, empty, is dropped.</summary>
    public static IReadOnlySet<string> OptionalFields { get; } = new HashSet<string> { "负责机关说明", "不予公开部分" };

    /// <summary>Whether <paramref name="paragraph"/> is a single optional field without a value.</summary>
    public static bool IsEmptyOptional(string paragraph, IReadOnlyDictionary<string, string> values)
    {
        var m = FieldPattern().Match(paragraph.Trim());
        return m.Success && m.Length == paragraph.Trim().Length && OptionalFields.Contains(m.Groups[1].Value)
            && string.IsNullOrEmpty(values.GetValueOrDefault(m.Groups[1].Value));
    }

    [GeneratedRegex(@"\{([^{}]{1,20})\}", RegexOptions.CultureInvariant, 200)]
    private static partial Regex FieldPattern();

    /// <summary>Chinese errors, one per unknown field; empty when the template is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (text, where) in Paragraphs.Select((p, i) => (p, $"第{i + 1}段")).Prepend((Title, "标题")))
        {
            foreach (Match m in FieldPattern().Matches(text))
            {
                if (!KnownFields.ContainsKey(m.Groups[1].Value))
                {
                    errors.Add($"{where}的字段“{{{m.Groups[1].Value}}}”不存在；可用字段：{string.Join("、", KnownFields.Keys.Select(k => "{" + k + "}"))}");
                }
            }
        }
        return errors;
    }

    /// <summary>The text with every field filled; a field without a value is left visible as 【未填写：字段】 rather than silently blank.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        FieldPattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) && !string.IsNullOrEmpty(v) ? v : $"【未填写：{m.Groups[1].Value}】");

    /// <summary>Parses an edited template: the first line is the title, each further non-empty line a paragraph.</summary>
    public static LetterTemplate Parse(LetterKind kind, string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.Count == 0 ? new LetterTemplate(kind, kind.Title(), []) : new LetterTemplate(kind, lines[0], lines.Skip(1).ToArray());
    }
}
