using System.Text.RegularExpressions;

namespace Gongkai.Reading.Tests;

/// <summary>
/// Text saved by a crawler of government sites: a block of metadata lines (标题：, 发布时间：, 来源：, 原文链接：, a
/// separator), then the report — often all on one line, its table cells glued together ("予以公开 250000025").
/// </summary>
public class CrawledTextTests
{
    private const string Address = "https://www.example.gov.cn/zwgk/ndbg/202401/t20240122_123456.html";

    /// <summary>The seed as a crawler keeps it: header lines, then the text on one line with each line break a space and the cells glued.</summary>
    private static string Crawled(string id, string lineBreak = " ")
    {
        var seed = Seeds.Read(id).Report;
        var body = Regex.Replace(Seeds.Text(id).Replace("\t", "", StringComparison.Ordinal), "[\r\n]+", lineBreak);
        return $"标题：{seed.Title}\n发布时间：{seed.Year + 1}-01-22 10:30:00\n来源：{seed.Agency}\n原文链接：{Address}\n"
            + new string('=', 40) + "\n" + body + "\n";
    }

    [Theory]
    [InlineData("000", " ")]
    [InlineData("001", " ")]
    [InlineData("002", "")]
    [InlineData("003", " ")]
    public void CrawledOneLineReport_AfterHeaderLines_ReadsTablesTwoAndThreeAsTheSeed(string id, string lineBreak)
    {
        var seed = Seeds.Read(id).Report;
        var read = ReportReader.ReadText(Crawled(id, lineBreak));
        Assert.Equal(seed.Agency, read.Report.Agency);
        Assert.Equal(seed.Year, read.Report.Year);
        Assert.Equal(seed.Sections.Keys.Order(), read.Report.Sections.Keys.Order());
        Seeds.AssertSameCells(seed, read.Report, "proactive", "applications");
    }

    [Fact]
    public void CrawlerHeader_GivesThePublicationDateAndAddress()
    {
        var read = ReportReader.ReadText(Crawled("001"));
        Assert.Equal(new DateOnly(2024, 1, 22), read.Report.Published);
        Assert.Equal(Address, read.Report.SourceAddress);
        Assert.Equal("新乡市公安局", read.Report.Agency);
    }

    [Fact]
    public void CrawlerHeader_NamesTheReport_WhenTheBodyLostItsTitle()
    {
        var text = Crawled("001");
        var withoutTitle = text.Replace("# 新乡市公安局 2023 年政府信息公开工作年度报告", "", StringComparison.Ordinal);
        Assert.NotEqual(text, withoutTitle);
        var read = ReportReader.ReadText(withoutTitle);
        Assert.Equal("新乡市公安局", read.Report.Agency);
        Assert.Equal(2023, read.Report.Year);
    }

    [Fact]
    public void CrawlerHeader_OverATextWithLineBreaks_ReadsAsTheSeed()
    {
        var header = $"标题：新乡市公安局2023年政府信息公开工作年度报告\n发布日期：2024年1月22日\n原文链接：{Address}\n----------\n";
        var read = ReportReader.ReadText(header + Seeds.Text("001"));
        Seeds.AssertSameCells(Seeds.Read("001").Report, read.Report);
        Assert.Equal(new DateOnly(2024, 1, 22), read.Report.Published);
    }

    [Fact]
    public void OneLineBody_AfterAnyShortLines_IsStillUnfolded()
    {
        // No header a crawler would write: a site's breadcrumb and a note, then the folded report.
        var body = Regex.Replace(Seeds.Text("001").Replace("\t", "", StringComparison.Ordinal), "[\r\n]+", " ");
        var read = ReportReader.ReadText("首页 > 政务公开 > 年度报告\n字号：大 中 小\n打印本页\n关闭窗口\n" + body);
        Seeds.AssertSameCells(Seeds.Read("001").Report, read.Report, "proactive", "applications");
    }

    [Fact]
    public void OneReportLine_StartingWithASourceKey_IsNotTakenForAHeader()
    {
        // "来源：" alone at the top is not a crawler's block (two keys at least): nothing is cut from the report.
        var text = "来源：新乡市公安局\n" + Seeds.Text("001");
        var read = ReportReader.ReadText(text);
        Assert.Null(read.Report.Published);
        Seeds.AssertSameCells(Seeds.Read("001").Report, read.Report);
    }
}

/// <summary>The real published report (tests/fixtures/real-reports) crawled: each cell is the printed one or absent with a finding, never another number.</summary>
public class CrawledRealReportTests
{
    [Fact]
    public void CrawledRealReport_EveryCellIsThePrintedOneOrAbsent()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "real-reports", "hongze-gov-2023.pdf");
        var printed = ReportReader.ReadFile(path).Report;
        var text = Pdf.PdfText.ToText(File.ReadAllBytes(path));
        var crawled = "标题：泗洪县人民政府2023年政府信息公开工作年度报告\n发布时间：2024-01-31\n来源：本站\n" + new string('-', 20) + "\n"
            + Regex.Replace(text.Replace("\t", "", StringComparison.Ordinal), "[\r\n]+", " ");
        var read = ReportReader.ReadText(crawled);
        Assert.Equal(printed.Year, read.Report.Year);
        var same = 0;
        foreach (var (want, got) in printed.Tables.Zip(read.Report.Tables))
        {
            foreach (var ((row, column, cell), (_, _, value)) in want.Cells().Zip(got.Cells()))
            {
                Assert.True(value is null || value.Value == cell?.Value, $"{want.Schema.Title} {row.Key} {column.Key}: printed {cell?.Text}, read {value?.Text}");
                same += value is not null ? 1 : 0;
            }
        }
        Assert.True(same >= 100, $"{same} cells read");
    }
}
