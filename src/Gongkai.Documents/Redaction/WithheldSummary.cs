using System.Globalization;

namespace Gongkai.Documents.Redaction;

/// <summary>
/// What the answer letter says of the withheld parts (条例 第三十七条: “对不予公开的内容说明理由”), made from the marks,
/// never typed: per released file and ground, the pages and how many parts on each, and the article.
/// </summary>
public static class WithheldSummary
{
    /// <summary>One withheld part: the released file it is missing from, its page (0 where unplaced) and its ground.</summary>
    public readonly record struct Part(string FileName, int Page, WithholdingGround Ground);

    /// <summary>The paragraph, or "" when nothing is withheld.</summary>
    public static string Describe(IEnumerable<Part> parts)
    {
        var files = parts.GroupBy(p => p.FileName).ToList();
        if (files.Count == 0)
        {
            return "";
        }
        var sentences = files.Select(file =>
        {
            var grounds = WithholdingGround.All.Where(g => file.Any(p => p.Ground == g)).Select(g =>
            {
                var pages = file.Where(p => p.Ground == g).GroupBy(p => p.Page).OrderBy(p => p.Key == 0 ? int.MaxValue : p.Key)
                    .Select(p => p.Key == 0 ? $"另{p.Count()}处" : string.Create(CultureInfo.InvariantCulture, $"第{p.Key}页{p.Count()}处"));
                return $"{string.Join("、", pages)}，{g.Concerns}，依据《中华人民共和国政府信息公开条例》{g.Article}不予公开";
            });
            return $"“{file.Key}”中{string.Join("；", grounds)}";
        });
        return $"所提供的文件中，以下部分已作遮盖处理：{string.Join("；", sentences)}。";
    }
}
