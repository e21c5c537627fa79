using System.Globalization;
using System.Text;
using Gongkai.Reading.Blocks;
using Gongkai.Reading.Html;
using Gongkai.Reports.Model;
using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

/// <summary>
/// The light HTML parser against AngleSharp: on every page it accepts, the blocks (text, cells, source places) and the
/// title hints are AngleSharp's; the pages Gongkai writes and Word-saved pages are accepted, so they are read fast.
/// </summary>
public class LiteHtmlParserTests
{
    private static string Describe(SourceLocation s) => string.Create(CultureInfo.InvariantCulture, $"{s.Line}:{s.Cell}:{s.Table}:{s.TableRow}");

    /// <summary>Everything the assembler gets from a page, as one string; or the refusal.</summary>
    private static string Outcome(string html, bool forceAngleSharp, out bool light)
    {
        light = false;
        try
        {
            var blocks = HtmlBlocks.Split(html, out var hints, out light, forceAngleSharp);
            var sb = new StringBuilder();
            sb.Append("hints: ").AppendJoin(" | ", hints).Append('\n');
            foreach (var block in blocks)
            {
                sb.Append(block switch
                {
                    ParagraphBlock p => $"P {Describe(p.Source)} {p.Text}",
                    RowBlock r => $"R {Describe(r.Source)} {string.Join("¦", r.Cells)} @ {string.Join(",", r.CellSources.Select(Describe))}",
                    _ => block.ToString(),
                }).Append('\n');
            }
            return sb.ToString();
        }
        catch (ReportReadException e)
        {
            return "refused: " + e.Message;
        }
    }

    /// <summary>Asserts both parsers agree on the page; returns whether the light one read it.</summary>
    private static bool AssertSameAsAngleSharp(string html)
    {
        var light = Outcome(html, forceAngleSharp: false, out var used);
        var full = Outcome(html, forceAngleSharp: true, out _);
        Assert.True(full == light, $"page:\n{html[..Math.Min(html.Length, 600)]}\nAngleSharp:\n{full}\nlight:\n{light}");
        return used;
    }

    private static string Rendered(string id) => HtmlWriter.Write(Seeds.Read(id).Report);

    /// <summary>A seed dressed as Word's "save as web page" dresses a report: styled spans, o:p, conditional comments, &amp;nbsp;.</summary>
    private static string WordLike(string id)
    {
        var html = Rendered(id);
        var body = html[(html.IndexOf("<body>", StringComparison.Ordinal) + 6)..html.IndexOf("</body>", StringComparison.Ordinal)];
        body = System.Text.RegularExpressions.Regex.Replace(body, "<p>(.*?)</p>",
            m => $"<p class=MsoNormal style='text-indent:32.0pt'><span lang=EN-US style='font-family:仿宋_GB2312'>{m.Groups[1].Value}<o:p></o:p></span></p>");
        body = System.Text.RegularExpressions.Regex.Replace(body, "<(td|th)([^>]*)>(.*?)</\\1>",
            m => $"<td{m.Groups[2].Value} valign=center style='border:solid windowtext 1.0pt'>\r\n<p class=MsoNormal align=center><span style='font-size:10.5pt'>{m.Groups[3].Value}</span><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\r\n</td>");
        body = body.Replace("<table>", "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>", StringComparison.Ordinal);
        return "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\r\n<head>\r\n<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\r\n"
            + "<meta name=ProgId content=Word.Document>\r\n<title>" + Seeds.Read(id).Report.Title + "</title>\r\n"
            + "<!--[if gte mso 9]><xml>\r\n <o:DocumentProperties><o:Author>办公室</o:Author></o:DocumentProperties>\r\n</xml><![endif]-->\r\n"
            + "<style>\r\n<!--\r\np.MsoNormal {margin:0cm;}\r\n-->\r\n</style>\r\n</head>\r\n<body lang=ZH-CN>\r\n<div class=WordSection1>\r\n"
            + "<p class=MsoListParagraph><![if !supportLists]><span>1.</span><![endif]>&nbsp;&nbsp;附件</p>\r\n"
            + body + "\r\n</div>\r\n</body>\r\n</html>";
    }

    public static TheoryData<string> SeedIds => new(Seeds.Ids);

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void RenderedSeed_IsReadByTheLightParserAsAngleSharpReadsIt(string id) =>
        Assert.True(AssertSameAsAngleSharp(Rendered(id)), "the light parser gave up on a page Gongkai writes");

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void WordSavedSeed_IsReadByTheLightParserAsAngleSharpReadsIt(string id) =>
        Assert.True(AssertSameAsAngleSharp(WordLike(id)), "the light parser gave up on a Word-saved page");

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void DamagedPages_GiveAngleSharpsBlocksWheneverTheLightParserReadsThem(string id)
    {
        var pages = new[] { Rendered(id), WordLike(id) };
        var random = new Random(int.Parse(id, CultureInfo.InvariantCulture) + 17);
        string[] pieces = ["<", ">", "</", "/", "&", "&amp;", "&#20013;", "&nbsp", "<p>", "</p>", "<td>", "</td>", "<tr>", "</tr>", "<b>", "</b>",
            "<i>", "</span>", "<table>", "</table>", "<li>", "<!--", "-->", "\"", "'", "=", "\r", "\n", "<br>", "</div>", "<div>", "<pre>",
            "<h2>", "</h2>", "<tbody>", "</tbody>", "<th rowspan=2>", "<td colspan=\"3\">", "<col>", "<colgroup>", "<title>", "<meta name=ArticleTitle content=x>", "</body>", "</html>", "<body>", "<head>"];
        var accepted = 0;
        foreach (var page in pages)
        {
            for (var k = 1; k <= 5; k++)
            {
                if (AssertSameAsAngleSharp(page[..(page.Length * k / 6)]))
                {
                    accepted++;
                }
            }
            for (var round = 0; round < 40; round++)
            {
                var damaged = new StringBuilder(page);
                for (var edits = 0; edits < 1 + round % 4; edits++)
                {
                    var at = random.Next(damaged.Length);
                    if (random.Next(3) == 0)
                    {
                        damaged.Remove(at, Math.Min(random.Next(1, 12), damaged.Length - at));
                    }
                    else
                    {
                        damaged.Insert(at, pieces[random.Next(pieces.Length)]);
                    }
                }
                if (AssertSameAsAngleSharp(damaged.ToString()))
                {
                    accepted++;
                }
            }
        }
        // Not a vacuous comparison: most damaged pages are still read by the light parser.
        Assert.True(accepted > 10, $"only {accepted} damaged pages were read by the light parser");
    }

    [Theory]
    [InlineData("<p>一、总体情况<p>二、主动公开<div>三</div>四")]
    [InlineData("<!DOCTYPE html><table><tr><td>a<td>b<td>c<tr><td rowspan=2>d<td colspan=2>e<tr><td>f</table>尾")]
    [InlineData("<table><tbody><tr><th>项目</th><th>数量</th></tr><tr><td>甲</td><td>1</td></tr></tbody></table>")]
    [InlineData("<table>\n<colgroup><col><col></colgroup>\n<tr><td>1</td><td>2</td><td>3</td></tr>\n</table>")]
    [InlineData("<table><col><tr><td>1</td><td>2</td><td>3</td></table>")]
    [InlineData("<table><td>无行</td><td>2</td><td>3</td></table>")]
    [InlineData("<table><tr><td><table><tr><td>内</td><td>2</td><td>3</td></tr></table>外层</td></tr></table>")]
    [InlineData("<table><tr><td>x</td></tr>文字</table>")]
    [InlineData("<p>段落<table><tr><td>1</td><td>2</td><td>3</td></tr></table>")]
    [InlineData("<!DOCTYPE html><p>段落<table><tr><td>1</td><td>2</td><td>3</td></tr></table>后")]
    [InlineData("<b>粗<i>斜</b>体</i>字")]
    [InlineData("<div><b>粗</div>后")]
    [InlineData("<p><b>粗</p>后")]
    [InlineData("<ul><li>一<li>二<li>三</ul><ol><li><p>四</ol>")]
    [InlineData("<pre>\n第一行\n  第二行</pre><pre>\r\n三</pre>")]
    [InlineData("a &amp; b &lt;c&gt; &nbsp;d &#20013;&#x6587; &copy; &foo; R&D &")]
    [InlineData("a &amp b &nbsp中文")]
    [InlineData("<title>T &amp; 标题_网站</title><meta name=ArticleTitle content=\"文章&amp;标题\"><meta property='og:title' content='OG'><h1>H</h1>正文")]
    [InlineData("<meta name=articletitle content=小写><meta NAME=ArticleTitle content=大写>正文")]
    [InlineData("<html><head><title>只有标题</title></head><body></body></html>")]
    [InlineData("<head><title>t</title></head>\n\n<body>\n<p>x</p>\n</body>\n</html>\n<p>后面</p>")]
    [InlineData("</head><title>t</title><p>x")]
    [InlineData("<p>x</p></p><p>y</br>z</p>")]
    [InlineData("<span>a</div>b</span>c</i>d")]
    [InlineData("<h1>一<h2>二</h1>三</h2>四")]
    [InlineData("<h2>一</h3>二")]
    [InlineData("<!-- c --><p>a<!-- x -->b</p><!--> <p>c</p>")]
    [InlineData("<?xml version=\"1.0\"?><p>a</p><![CDATA[x]]>b")]
    [InlineData("<script>if (a < b) {}</script><style>p{}</style><p>x<script><!-- y --></script></p>")]
    [InlineData("<p a=1 b='2' c=\"3\" d e = f>x</p><p a=\"1\"b=2>y</p>")]
    [InlineData("<P CLASS=X>大写</P><TABLE><TR><TD>1<TD>2<TD>3</TABLE>")]
    [InlineData("<td>在表外</td><tr>行</tr>")]
    [InlineData("<table><tr><td>1</td><td>2</td><td>3</td></tr></table></td></tr>外")]
    [InlineData("<table><tr><td>1</td></tr></tbody></thead><tr><td>2</td><td>3</td></tr></table>")]
    [InlineData("<table><thead><tr><th>a</th></tr><tbody><tr><td>b</td><td>c</td></tr></table>")]
    [InlineData("<table><tr><td><b>粗</td><td>2</td><td>3</td></tr></table>后<b>x</b>")]
    [InlineData("<table><tr><td><p>段<td>2<td>3</table>")]
    [InlineData("<table><tr><td>1</td><td>2</td></tr></table></body>后文</html>再后")]
    [InlineData("<div>\t<span>  a  </span>\n\n b<br/>c<img src=x>d<hr>e</div>")]
    [InlineData("<o:p/>文字<st1:chsdate year=2023>2023年</st1:chsdate>")]
    [InlineData("<nav>导航</nav><aside>侧</aside><footer>脚</footer><main>主</main>")]
    [InlineData("<svg><p>x</p></svg>y")]
    [InlineData("<form><table><tr><td>1</td><td>2</td><td>3</td></tr></table></form>")]
    [InlineData("<a href=1>一<a href=2>二</a></a>")]
    [InlineData("<td colspan=\" 2\">x</td>")]
    [InlineData("<table><tr><td colspan=\" 2\">x</td><td rowspan=\"+3\">y</td><td colspan=99999>z</td></tr><tr><td>1</td></tr></table>")]
    [InlineData("文字\r\n第二行\r第三行<p>\r\n段</p>")]
    [InlineData("<body><p>x</p><body><p>y</p>")]
    [InlineData("<html><p>x</p><html><head><title>late</title></head>")]
    [InlineData("<form action=/s><input name=q><button>搜索</button></form><p>正文</p><form><input></form>")]
    [InlineData("<div><form>a</div><form>b</form>")]
    [InlineData("<form><div>a</form>b</div>")]
    [InlineData("<form>a<form>b</form>c</form>")]
    [InlineData("<button>a<button>b</button>")]
    [InlineData("<p>段<button>按</p>钮</button>后")]
    [InlineData("<dl><dt>甲<dd>一<dt>乙<dd>二</dl><p>x<dl><dd>三</dd></dl>")]
    [InlineData("<p>x<dd>y</dd></p>")]
    [InlineData("<noscript><p>请启用脚本</p></noscript><div><noscript>n</div>a</noscript>b")]
    [InlineData("<head><noscript><link rel=x></noscript></head><p>a")]
    [InlineData("<iframe src=x><p>不是元素</p></iframe><p>后</p><iframe>x</iframe >y")]
    [InlineData("<table><tr><td><input type=hidden>1</td><td>2</td><td>3</td></tr></table><table><input type=hidden><tr><td>1</td></tr></table>")]
    [InlineData("")]
    [InlineData("<")]
    [InlineData("<p")]
    [InlineData("<!--")]
    [InlineData("a < b <3 <> </ x>")]
    public void Snippet_GivesAngleSharpsBlocks(string html) => AssertSameAsAngleSharp(html);

    [Fact]
    public void SavedGovernmentPage_WithSearchFormMenuAndScripts_IsReadByTheLightParser()
    {
        var article = Rendered("001");
        article = article[(article.IndexOf("<main>", StringComparison.Ordinal) + 6)..article.IndexOf("</main>", StringComparison.Ordinal)];
        var page = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"ArticleTitle\" content=\"新乡市公安局2023年政府信息公开工作年度报告\">\n"
            + "<title>新乡市公安局2023年政府信息公开工作年度报告_新乡市人民政府</title>\n<script src=\"/js/jquery.js\"></script>\n</head>\n<body>\n"
            + "<div class=\"header\"><form action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\"><button type=\"submit\">搜索</button></form></div>\n"
            + "<nav><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk\">政务公开</a></li></ul></nav>\n<div class=\"article\">" + article + "</div>\n"
            + "<footer><p>主办：新乡市人民政府办公室</p><script>var _hmt = _hmt || [];</script></footer>\n<noscript><img src=\"/stat.gif\"></noscript>\n</body>\n</html>";
        Assert.True(AssertSameAsAngleSharp(page), "the light parser gave up on a saved government page");
    }

    [Fact]
    public void NestingLimit_StillRefusesAPageTooDeepForEitherParser()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 5_000)) + "一、总体情况</body></html>";
        Assert.StartsWith("refused: ", Outcome(html, forceAngleSharp: false, out _), StringComparison.Ordinal);
    }
}
