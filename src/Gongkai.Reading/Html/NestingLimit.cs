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

    /// <summary>
    /// For every closing tag that closes nothing, a parser searches its open elements for one of that name: the sum
    /// of those searches (stray closing tags × depth; ~0.3 s of parsing at this limit) past it is a page built to be slow.
    /// A Word page's thousands of stray &lt;/o:p&gt; and &lt;/p&gt; at a depth of ~15 stay far below it.
    /// </summary>
    public const long MaxStraySearch = 50_000_000;

    /// <summary>
    /// Elements that never enclose others, and those a browser closes by itself (an unclosed &lt;p&gt; or &lt;td&gt;).
    /// Not Word's &lt;o:p&gt;: to a parser it is an unknown element like any other, and 78,000 unclosed ones nest
    /// 78,000 deep (seconds of parsing, and a tree walk deep enough to exhaust a thread's stack); Word closes each one.
    /// </summary>
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "img", "meta", "link", "hr", "input", "col", "area", "base", "wbr", "source", "param", "embed", "track",
        "p", "li", "td", "th", "tr", "dt", "dd", "option",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNestingSpan = NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();

    public static void Check(string html)
    {
        // The open elements as a parser would keep them. A closing tag ends the innermost open element of its name
        // and those inside it; a closing tag with nothing of its name open ends nothing — counting it would let
        // "<div></i>" repeated 78,000 times pass as shallow while the parser nests every <div> (and walks that
        // stack for every stray "</i>").
        var open = new Stack<string>();
        var openByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var openByNameSpan = openByName.GetAlternateLookup<ReadOnlySpan<char>>();
        var straySearch = 0L;
        for (var i = html.IndexOf('<'); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
        {
            var next = html[i + 1];
            if (next == '/')
            {
                var closing = TagName(html, i + 2);
                if (closing.Length > 0 && openByNameSpan.TryGetValue(closing, out var count) && count > 0)
                {
                    string popped;
                    do
                    {
                        popped = open.Pop();
                        openByName[popped]--;
                    }
                    while (!closing.Equals(popped, StringComparison.OrdinalIgnoreCase));
                }
                else if ((straySearch += open.Count) > MaxStraySearch)
                {
                    throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                        $"网页中无对应开始标签的结束标签过多（在第 {LineOf(html, i)} 行附近超过上限），不是正常的年度报告页面（可能是恶意构造的文件），已拒绝读取"));
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
            if (selfClosing || NotNestingSpan.Contains(name))
            {
                continue;
            }
            if (open.Count == MaxDepth)
            {
                throw new ReportReadException(string.Create(CultureInfo.InvariantCulture,
                    $"网页的元素嵌套超过 {MaxDepth} 层，不是正常的年度报告页面（可能是恶意构造的文件），已拒绝读取"));
            }
            var key = openByNameSpan.TryGetValue(name, out var known, out _) ? known : name.ToString();
            open.Push(key);
            openByName[key] = openByName.GetValueOrDefault(key) + 1;
        }
    }

    private static int LineOf(string html, int index) => html.AsSpan(0, index).Count('\n') + 1;

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
