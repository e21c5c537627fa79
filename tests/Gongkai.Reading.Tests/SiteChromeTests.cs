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
