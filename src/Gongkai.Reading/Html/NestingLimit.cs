using System.Globalization;

namespace Gongkai.Reading.Html;

/// <summary>
/// Elements nested tens of thousands deep (a page of 78,000 unclosed &lt;div&gt;s under 1 MB) make an HTML parser's
/// tree building quadratic: minutes for one file. A report page nests a few dozen deep; before parsing, a linear scan
/// estimates the depth and refuses a page past the limit with a Chinese message.
/// </summary>
internal static class NestingLimit
{
    public const int MaxDepth = 1_000;

    /// <summary>Elements that never enclose others, and those a browser closes by itself (an unclosed &lt;p&gt; or &lt;td&gt;).</summary>
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "img", "meta", "link", "hr", "input", "col", "area", "base", "wbr", "source", "param", "embed", "track",
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "o:p",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNestingSpan = NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();

    public static void Check(string html)
    {
        var depth = 0;
        var max = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
        {
            var next = html[i + 1];
            if (next == '/')
            {
                var closing = TagName(html, i + 2);
                if (closing.Length > 0 && !NotNestingSpan.Contains(closing))
                {
                    depth = Math.Max(0, depth - 1);
                }
                continue;
            }
            if (!char.IsAsciiLetter(next))
            {
                continue; // <!-- -->, <!DOCTYPE>, <?xml?>, a stray "<".
            }
            var name = TagName(html, i + 1);
            var end = html.IndexOf('>', i + 1);
            var selfClosing = end > 0 && html[end - 1] == '/';
            if (!selfClosing && !NotNestingSpan.Contains(name) && ++depth > max)
            {
                max = depth;
                if (max > MaxDepth)
                {
                    throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                        $"网页的元素嵌套超过 {MaxDepth} 层，不是正常的年度报告页面（可能是恶意构造的文件），已拒绝读取"));
                }
            }
        }
    }

    private static ReadOnlySpan<char> TagName(string html, int start)
    {
        var end = start;
        while (end < html.Length && end - start < 20 && (char.IsAsciiLetterOrDigit(html[end]) || html[end] is ':' or '-'))
        {
            end++;
        }
        return html.AsSpan(start, end - start);
    }
}
