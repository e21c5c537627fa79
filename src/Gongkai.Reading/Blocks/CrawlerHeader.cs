using System.Globalization;
using System.Text.RegularExpressions;

namespace Gongkai.Reading.Blocks;

/// <summary>What a site crawler wrote above the report's text: its title, date, publishing agency and address.</summary>
internal sealed record CrawlerMetadata(string? Title, DateOnly? Published, string? Agency, string? Source);

/// <summary>
/// Text saved by a crawler of government sites starts with a block of "key: value" lines (标题：…, 发布时间：…,
/// 来源：…, 原文链接：…) and often a separator line, then the page's text — sometimes all on one line. The block is
/// taken off and kept as metadata, so that it neither hides the report's title nor stops a folded body from being
/// unfolded.
/// </summary>
internal static partial class CrawlerHeader
{
    /// <summary>A crawler's header is short; a key found further down is part of the report.</summary>
    private const int MaxHeaderLines = 16;

    /// <summary>Splits <paramref name="text"/> into the crawler's metadata and the body after it; false when the text does not start with one.</summary>
    public static bool TryStrip(string text, out CrawlerMetadata metadata, out string body, out int bodyFirstLine)
    {
        metadata = new CrawlerMetadata(null, null, null, null);
        body = text;
        bodyFirstLine = 1;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var line = 0;
        var position = 0;
        var end = -1;
        while (position < text.Length && line < MaxHeaderLines)
        {
            var next = text.IndexOf('\n', position);
            var raw = (next < 0 ? text[position..] : text[position..next]).Trim();
            line++;
            var after = next < 0 ? text.Length : next + 1;
            if (raw.Length == 0 || Separator().IsMatch(raw))
            {
                if (fields.Count > 0)
                {
                    end = after;
                    bodyFirstLine = line + 1;
                }
                position = after;
                continue;
            }
            var m = Field().Match(raw);
            if (!m.Success || raw.Length > 300)
            {
                break;
            }
            fields[Canonical(m.Groups["key"].Value)] = m.Groups["value"].Value.Trim();
            end = after;
            bodyFirstLine = line + 1;
            position = after;
        }
        // Two keys at least (标题 and 发布时间, say): one "来源：…" line alone may be the report's own first line.
        if (fields.Count < 2 || end < 0)
        {
            return false;
        }
        body = text[end..];
        metadata = new CrawlerMetadata(
            fields.GetValueOrDefault("title"),
            fields.TryGetValue("date", out var date) ? Date(date) : null,
            fields.GetValueOrDefault("agency"),
            fields.GetValueOrDefault("source"));
        return true;
    }

    private static string Canonical(string key) => key switch
    {
        "标题" or "题目" or "文章标题" or "名称" or "title" or "Title" or "TITLE" => "title",
        "发布时间" or "发布日期" or "发文日期" or "成文日期" or "日期" or "时间" or "date" or "Date" or "DATE" => "date",
        "来源" or "信息来源" or "发布机构" or "发布单位" or "发文机关" or "发文单位" or "source" or "Source" or "agency" => "agency",
        "原文链接" or "链接" or "网址" or "原文地址" or "URL" or "url" or "Url" or "link" or "Link" => "source",
        _ => "other:" + key,
    };

    private static DateOnly? Date(string value)
    {
        var m = DateValue().Match(value);
        if (!m.Success)
        {
            return null;
        }
        var (y, mo, d) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return y is >= 2000 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }

    /// <summary>"标题：…", "发布时间: …", "索引号：…" — a short key (Chinese or a crawler's English) and its value.</summary>
    [GeneratedRegex(@"^(?:【|\[)?(?<key>标题|题目|文章标题|名称|发布时间|发布日期|发文日期|成文日期|日期|时间|来源|信息来源|发布机构|发布单位|发文机关|发文单位|原文链接|链接|网址|原文地址|索引号|文号|发文字号|分类|主题分类|作者|浏览次数|字号|title|Title|TITLE|date|Date|DATE|source|Source|agency|url|URL|Url|link|Link)(?:】|\])?\s*[:：]\s*(?<value>.*)$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^[-=*_—─━~#]{3,}$")]
    private static partial Regex Separator();

    [GeneratedRegex(@"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")]
    private static partial Regex DateValue();
}
