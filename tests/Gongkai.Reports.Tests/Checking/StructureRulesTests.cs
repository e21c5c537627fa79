using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Reports.Tests.Checking;

public class StructureRulesTests
{
    private static Finding[] Fired(AnnualReport report, string rule) =>
        ReportChecker.Check(report).Where(f => f.RuleId == rule).ToArray();

    [Fact]
    public void SectionMissing_SectionAbsent_NamesIt()
    {
        var report = SampleReports.Consistent();
        report.Sections.Remove("五");
        var finding = Assert.Single(Fired(report, "section-missing"));
        Assert.Contains("五、存在的主要问题及改进情况", finding.Message);
    }

    [Fact]
    public void SectionMissing_AllPresent_DoesNotFire() => Assert.Empty(Fired(SampleReports.Consistent(), "section-missing"));

    [Fact]
    public void SectionOrder_SectionPrintedBeforeItsPredecessor_Fires()
    {
        var report = SampleReports.Consistent();
        report.Sections["三"] = report.Sections["三"] with { Source = new SourceLocation(5) };
        var finding = Assert.Single(Fired(report, "section-order"));
        Assert.Contains("三、收到和处理政府信息公开申请情况", finding.Message);
    }

    [Fact]
    public void SectionOrder_InOrder_DoesNotFire() => Assert.Empty(Fired(SampleReports.Consistent(), "section-order"));

    [Fact]
    public void TableMissing_TableWithoutValues_Fires()
    {
        var report = new AnnualReport(Reports.Schema.FormatVersion.Format2021);
        var findings = Fired(report, "table-missing");
        Assert.Equal(3, findings.Length);
        Assert.Contains(findings, f => f.Message.Contains("表四"));
    }

    [Fact]
    public void RowMissing_RowWithoutAnyValue_NamesRow()
    {
        var report = SampleReports.Consistent();
        foreach (var column in report.Schema.Applications.Columns)
        {
            report.Applications["三.五.2", column.Key] = null;
        }
        var finding = Assert.Single(Fired(report, "row-missing"));
        Assert.Contains("三.五.2 重复申请", finding.Message);
        Assert.Empty(Fired(report, "cell-missing"));
    }

    [Fact]
    public void CellMissing_SameColumnMissingInEveryRow_IsReportedOnce()
    {
        var report = SampleReports.Consistent();
        foreach (var row in report.Schema.Applications.Rows)
        {
            report.Applications[row.Key, "科研机构"] = null;
        }
        var finding = Assert.Single(Fired(report, "cell-missing"));
        Assert.Contains("各行均缺少“科研机构”", finding.Message);
    }

    [Fact]
    public void CellMissing_OneCell_NamesRowAndColumn()
    {
        var report = SampleReports.Consistent();
        report.Proactive["行政规范性文件", "本年废止件数"] = null;
        var finding = Assert.Single(Fired(report, "cell-missing"));
        Assert.Equal("表二“行政规范性文件”行缺少“本年废止件数”列的数值", finding.Message);
    }

    [Fact]
    public void CountNotWhole_FractionInTableThree_Fires()
    {
        var report = SampleReports.Consistent();
        report.Applications["二", "其他"] = SampleReports.Cell("0.5");
        var finding = Assert.Single(Fired(report, "count-not-whole"));
        Assert.Contains("0.5", finding.Message);
    }

    [Fact]
    public void CountNotWhole_MoneyWithDecimals_DoesNotFire() => Assert.Empty(Fired(SampleReports.Consistent(), "count-not-whole"));

    [Fact]
    public void OverviewSubsections_MissingTopics_ListsThem()
    {
        var report = SampleReports.Consistent();
        SampleReports.SetText(report, "一", "（一）主动公开情况。本年公开信息。\n（二）依申请公开情况。办理申请。");
        var finding = Assert.Single(Fired(report, "overview-subsections"));
        Assert.Contains("政府信息管理、政府信息公开平台建设、监督保障", finding.Message);
    }

    [Fact]
    public void OverviewSubsections_AllTopics_DoesNotFire() => Assert.Empty(Fired(SampleReports.Consistent(), "overview-subsections"));
}
