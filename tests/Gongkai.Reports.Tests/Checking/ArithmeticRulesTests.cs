using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Reports.Tests.Checking;

public class ArithmeticRulesTests
{
    private static Finding[] Arithmetic(AnnualReport report) =>
        ReportChecker.Check(report).Where(f => f.Category == RuleCategory.Arithmetic).ToArray();

    [Fact]
    public void ConsistentReport_HasNoFindingsAtAll()
    {
        Assert.Empty(ReportChecker.Check(SampleReports.Consistent()));
    }

    [Fact]
    public void RowTotal_TotalDiffersFromApplicants_NamesRowAndNumbers()
    {
        var report = SampleReports.Consistent();
        report.Applications["三.一", "总计"] = CellValue.Of(7);

        var finding = Assert.Single(Arithmetic(report), f => f.RuleId == "row-total");
        Assert.Contains("三.一", finding.Message);
        Assert.Contains("总计 7", finding.Message);
        Assert.Contains("= 6", finding.Message);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public void OutcomeTotal_OutcomesDoNotAddUp_NamesColumnAndSum()
    {
        var report = SampleReports.Consistent();
        report.Applications["三.四.1", "自然人"] = CellValue.Of(4);
        report.Applications["三.四.1", "总计"] = CellValue.Of(5);

        var finding = Assert.Single(Arithmetic(report), f => f.RuleId == "outcome-total" && f.Message.Contains("“自然人”列"));
        Assert.Contains("三.七（9）", finding.Message);
        Assert.Contains("= 10", finding.Message);
    }

    [Fact]
    public void Balance_ReceivedPlusCarriedInDiffersFromAnsweredPlusCarriedOver_Fires()
    {
        var report = SampleReports.Consistent();
        SampleReports.SetApplications(report, "四", 2, 0, 0, 0, 0, 0);

        var findings = Arithmetic(report).Where(f => f.RuleId == "balance").ToArray();
        Assert.Equal(2, findings.Length); // 自然人 and 总计
        Assert.Contains(findings, f => f.Message.Contains("一（8） + 二（2） = 10") && f.Message.Contains("三.七（9） + 四（2） = 11"));
    }

    [Fact]
    public void ReviewTotal_GroupTotalWrong_Fires()
    {
        var report = SampleReports.Consistent();
        report.Review["复议后起诉", "总计"] = CellValue.Of(0);

        var finding = Assert.Single(Arithmetic(report));
        Assert.Equal("review-total", finding.RuleId);
        Assert.Contains("复议后起诉", finding.Message);
        Assert.Contains("结果纠正 1", finding.Message);
    }

    [Fact]
    public void Identity_WithAnAbsentCell_IsNotEvaluated()
    {
        var report = SampleReports.Consistent();
        report.Applications["三.一", "商业企业"] = null;

        Assert.Empty(Arithmetic(report));
        Assert.Contains(ReportChecker.Check(report), f => f.RuleId == "cell-missing" && f.Message.Contains("商业企业"));
    }
}
