using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Tests;

/// <summary>Shapes of text reports beyond the seeds: each variant must read as the seed it was made from.</summary>
public class TextShapesTests
{
    private static string Canonical(string text) => Seeds.Canonical(ReportReader.ReadText(text).Report);

    [Fact]
    public void Title_OverTwoLines_IsJoined()
    {
        var text = Seeds.Text("003").Replace("洛阳市公安局洛龙分局 2023 年政府信息公开工作 年度报告", "洛阳市公安局洛龙分局\n2023 年政府信息公开工作\n年度报告", StringComparison.Ordinal);
        var report = ReportReader.ReadText(text).Report;
        Assert.Equal("洛阳市公安局洛龙分局", report.Agency);
        Assert.Equal(2023, report.Year);
        Assert.Equal(Canonical(Seeds.Text("003")), Seeds.Canonical(report));
    }

    [Fact]
    public void Title_YearBeforeAgency_IsParsed()
    {
        var text = Seeds.Text("001").Replace("# 新乡市公安局 2023 年政府信息公开工作年度报告", "2023年度新乡市公安局政府信息公开工作年度报告", StringComparison.Ordinal);
        var report = ReportReader.ReadText(text).Report;
        Assert.Equal("新乡市公安局", report.Agency);
        Assert.Equal(2023, report.Year);
    }

    [Fact]
    public void FullWidthDigitsAndPunctuation_ReadAsHalfWidth()
    {
        var original = Seeds.Text("001");
        var wide = new string(original.Select(c => c is >= '0' and <= '9' ? (char)(c - '0' + '０') : c).ToArray())
            .Replace("(", "（", StringComparison.Ordinal).Replace(")", "）", StringComparison.Ordinal);
        var report = ReportReader.ReadText(wide).Report;
        Assert.Equal(57, report.Applications.Value("一", "总计"));
        Assert.Equal(9486.7475m, report.Proactive.Value("行政事业性收费", "本年收费金额"));
        AssertSameTables(original, wide);
    }

    [Fact]
    public void TraditionalCharacters_ReadAsTheSimplifiedLabels()
    {
        var original = Seeds.Text("002");
        var traditional = ToTraditional(original);
        Assert.NotEqual(original, traditional);
        Assert.Contains("收到和處理政府信息公開申請情況", traditional);
        var result = ReportReader.ReadText(traditional);
        Assert.Equal("平顶山市公安局", result.Report.Agency);
        AssertSameTables(original, traditional);
        Assert.Equal(6, result.Report.Sections.Count);
    }

    [Fact]
    public void LabelsSplitBySpaces_AreRecognised()
    {
        var text = Seeds.Text("001")
            .Replace("一、本年新收政府信息公开申请数量", "一、本年新收政府 信息公开申请 数量", StringComparison.Ordinal)
            .Replace("5.属于三类内部事务信息", "5.属于三类 内部事务 信息", StringComparison.Ordinal);
        AssertSameTables(Seeds.Text("001"), text);
    }

    [Fact]
    public void NoMarkdownHeadings_ReadsTheSameAsWithThem()
    {
        var original = Seeds.Text("000");
        var plain = string.Join('\n', original.Split('\n').Select(l => l.TrimStart('#', ' ')));
        Assert.Equal(Canonical(original), Canonical(plain));
    }

    [Fact]
    public void PipeRenderedTables_ReadLikeTabs()
    {
        var original = Seeds.Text("001");
        var piped = string.Join('\n', original.Split('\n').Select(l => l.Contains('\t') ? string.Join(" | ", l.Split('\t')) : l));
        Assert.DoesNotContain("\t", piped);
        AssertSameTables(original, piped);
    }

    [Fact]
    public void SpaceSeparatedRows_AsCopiedFromPdf_AreRead()
    {
        var original = Seeds.Text("001");
        var spaced = string.Join('\n', original.Split('\n').Select(l => l.Contains('\t') ? string.Join(" ", l.Split('\t', StringSplitOptions.RemoveEmptyEntries)) : l));
        var report = ReportReader.ReadText(spaced).Report;
        Assert.Equal(57, report.Applications.Value("一", "自然人"));
        Assert.Equal(18, report.Applications.Value("三.四.1", "总计"));
        Assert.Equal(2439825, report.Proactive.Value("行政许可", "本年处理决定数量"));
        Assert.Equal(1, report.Review.Value("行政复议", "总计"));
    }

    [Fact]
    public void NonNumericCell_BecomesAFindingAndStaysAbsent()
    {
        var text = Seeds.Text("001").Replace("一、本年新收政府信息公开申请数量\t\t57\t0", "一、本年新收政府信息公开申请数量\t\t约57\t0", StringComparison.Ordinal);
        var result = ReportReader.ReadText(text);
        Assert.Null(result.Report.Applications["一", "自然人"]);
        var finding = Assert.Single(result.Findings, f => f.RuleId == "value-not-number");
        Assert.Contains("约57", finding.Message);
        Assert.Equal(0, result.Report.Applications.Value("一", "商业企业"));
    }

    [Fact]
    public void DashInACell_IsAbsentNotZero()
    {
        var text = Seeds.Text("001").Replace("二、上年结转政府信息公开申请数量\t\t0\t0", "二、上年结转政府信息公开申请数量\t\t—\t0", StringComparison.Ordinal);
        var report = ReportReader.ReadText(text).Report;
        Assert.Null(report.Applications["二", "自然人"]);
        Assert.Equal(0, report.Applications.Value("二", "商业企业"));
    }

    [Fact]
    public void UnknownRowWithValues_IsReportedWithItsValues()
    {
        var text = Seeds.Text("001").Replace("\t(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "\t(二) 依申请转办", StringComparison.Ordinal);
        var result = ReportReader.ReadText(text);
        var finding = Assert.Single(result.Findings, f => f.RuleId == "row-unrecognized");
        Assert.Contains("依申请转办", finding.Message);
        Assert.Contains("3、0、0、0、0、0、3", finding.Message);
        Assert.Null(result.Report.Applications["三.二", "总计"]);
    }

    [Fact]
    public void TrialFormatTables_AreReadWithThe2019Schema()
    {
        // The trial format has one 其他处理 row and counts documents as 本年新制作/本年新公开/对外公开总数量.
        var lines = Seeds.Text("001").Split('\n').ToList();
        var first = lines.FindIndex(l => l.Contains("(六) 其他处理", StringComparison.Ordinal));
        lines.RemoveRange(first, 3);
        lines.Insert(first, "\t(六) 其他处理\t\t3\t0\t0\t0\t0\t0\t3");
        var text = string.Join('\n', lines)
            .Replace("本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量", StringComparison.Ordinal)
            .Replace("行政规范性文件\t", "规范性文件\t", StringComparison.Ordinal);
        var result = ReportReader.ReadText(text);
        Assert.Equal(FormatVersion.Trial2019, result.Report.Format);
        Assert.Equal(3, result.Report.Applications.Value("三.六", "总计"));
        Assert.Equal(4, result.Report.Proactive.Value("规范性文件", "对外公开总数量"));
    }

    internal static string ToTraditional(string simplified)
    {
        var reverse = new Dictionary<char, char>();
        foreach (var (t, s) in Reports.Text.TraditionalChinese.Table)
        {
            reverse.TryAdd(s, t);
        }
        return new string(simplified.Select(c => reverse.TryGetValue(c, out var t) ? t : c).ToArray());
    }

    private static void AssertSameTables(string expectedText, string actualText)
    {
        var expected = ReportReader.ReadText(expectedText).Report;
        var actual = ReportReader.ReadText(actualText).Report;
        foreach (var (e, a) in expected.Tables.Zip(actual.Tables))
        {
            Assert.Equal(e.Cells().Select(c => c.Cell?.Value), a.Cells().Select(c => c.Cell?.Value));
        }
        Assert.Equal(expected.Year, actual.Year);
        Assert.Equal(expected.Format, actual.Format);
    }
}

public class BrokenLabelTests
{
    [Fact]
    public void LabelBrokenOverTwoLines_IsJoinedAndLeavesNoTextBehind()
    {
        var original = Seeds.Text("001");
        var broken = original
            .Replace("\t\t5.属于三类内部事务信息\t2", "5.属于三类\n内部事务信息\t2", StringComparison.Ordinal)
            .Replace("一、本年新收政府信息公开申请数量\t\t57", "一、本年新收政府信息\n公开申请数量\t\t57", StringComparison.Ordinal);
        var result = ReportReader.ReadText(broken);
        Assert.Equal(2, result.Report.Applications.Value("三.三.5", "总计"));
        Assert.Equal(57, result.Report.Applications.Value("一", "总计"));
        Assert.Empty(result.Findings);
        Assert.DoesNotContain("属于三类", result.Report.Sections["三"].Text);
    }

    [Fact]
    public void ProseBeforeATable_IsNotGluedToTheFirstRow()
    {
        var text = Seeds.Text("001").Replace("## 二、主动公开政府信息情况\n", "## 二、主动公开政府信息情况\n\n本年主动公开情况如下表。\n", StringComparison.Ordinal);
        var result = ReportReader.ReadText(text);
        Assert.Contains("本年主动公开情况如下表", result.Report.Sections["二"].Text);
        Assert.Equal(4, result.Report.Proactive.Value("行政规范性文件", "现行有效件数"));
    }
}
