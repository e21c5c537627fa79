namespace Gongkai.Reading.Tests;

/// <summary>Reports copied from a web page often begin with the site's breadcrumb, the page address and its publication data; none of it is the title.</summary>
public class SiteChromeTests
{
    private const string Chrome = "首页 > 政府信息公开 > 政府信息公开年度报告\n当前位置：首页 > 信息公开\n"
        + "https://www.example.gov.cn/zwgk/ndbg/article001.html\n发布时间：2024-01-20  来源：新乡市公安局  浏览次数：1024\n";

    [Theory]
    [InlineData("001")]
    [InlineData("004")]
    public void LeadingNavigationAddressAndPageData_AreNotTakenForTheTitle(string id)
    {
        var plain = Seeds.Read(id).Report;
        var read = ReportReader.ReadText(Chrome + Seeds.Text(id)).Report;
        Assert.Equal(plain.Agency, read.Agency);
        Assert.Equal(plain.Year, read.Year);
        Assert.Equal(plain.Title, read.Title);
        Assert.Equal(Seeds.Canonical(plain), Seeds.Canonical(read));
    }
}

/// <summary>A report page saved whole from a government site: menus and links before the article, the title only in the head.</summary>
public class SavedWebPageTests
{
    private static string SavedPage(string seedId, string head)
    {
        var lines = Seeds.Text(seedId).Split('\n');
        // The article as the site shows it, its heading dropped: the title is in the page's head only.
        var article = string.Join("\n", lines.SkipWhile(l => !l.Contains("报告", StringComparison.Ordinal)).Skip(1));
        return "<html><head><meta charset=\"utf-8\">" + head + "</head><body>"
            + "<div class=\"top\"><ul class=\"menu\"><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk\">政务公开</a></li>"
            + "<li><a href=\"/ndbg\">政府信息公开年度报告 2024</a></li><li><a href=\"/hdjl\">互动交流</a></li></ul></div>"
            + "<nav><a href=\"/\">首页</a> &gt; <a href=\"/zwgk\">政务公开</a> &gt; 年度报告</nav>"
            + "<div class=\"article\"><pre>" + System.Net.WebUtility.HtmlEncode(article) + "</pre></div>"
            + "<footer>主办：新乡市人民政府办公室 网站标识码 4107000001</footer></body></html>";
    }

    [Theory]
    [InlineData("<title>新乡市公安局2023年政府信息公开工作年度报告_新乡市人民政府</title>")]
    [InlineData("<title>新乡市人民政府</title><meta name=\"ArticleTitle\" content=\"新乡市公安局2023年政府信息公开工作年度报告\">")]
    public void Read_TitleOnlyInTheHead_AgencyAndYearComeFromIt(string head)
    {
        var read = ReportReader.ReadText(SavedPage("001", head), SourceFormat.Html);
        Assert.Equal("新乡市公安局", read.Report.Agency);
        Assert.Equal(2023, read.Report.Year);
        Assert.DoesNotContain(read.Findings.Concat(Reports.Checking.ReportChecker.Check(read.Report)), f => f.RuleId == "title");
        Assert.Equal(Seeds.Read("001").Report.Applications.Value("一", "总计"), read.Report.Applications.Value("一", "总计"));
    }

    [Fact]
    public void Read_MenusAndFooter_AreNotTakenForTheReport()
    {
        var read = ReportReader.ReadText(SavedPage("001", "<title>新乡市公安局2023年政府信息公开工作年度报告</title>"), SourceFormat.Html);
        Assert.DoesNotContain("网站标识码", string.Concat(read.Report.Sections.Values.Select(s => s.Text)), StringComparison.Ordinal);
        Assert.DoesNotContain("2024", read.Report.Title ?? "", StringComparison.Ordinal);
    }
}
