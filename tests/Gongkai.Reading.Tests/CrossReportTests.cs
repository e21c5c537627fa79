using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Reading.Tests;

/// <summary>Checks across reports: consecutive years of one agency hand over their open applications; one report is not published twice.</summary>
public class CrossReportTests
{
    /// <summary>Seed 001 (新乡市公安局 2023, 四 = 3 自然人) and the same bureau's 2024 report built from it.</summary>
    private static (AnnualReport Year2023, AnnualReport Year2024) TwoYears(decimal carriedInto2024)
    {
        var y2023 = Seeds.Read("001").Report;
        var y2024 = Seeds.Read("001").Report;
        y2024.Year = 2024;
        y2024.Applications["二", "自然人"] = CellValue.Of(carriedInto2024);
        y2024.Applications["二", "总计"] = CellValue.Of(carriedInto2024);
        return (y2023, y2024);
    }

    [Fact]
    public void CarryOver_DifferingFromLastYearsRowFour_IsAnErrorNamingBothReports()
    {
        var (a, b) = TwoYears(2);
        var findings = CrossReportRules.Check([new("xinxiang-2023.txt", a), new("xinxiang-2024.pdf", b)]);
        Assert.All(findings, f => Assert.Equal("xinxiang-2024.pdf", f.Name));
        var natural = Assert.Single(findings, f => f.Finding.Location.Contains("自然人", StringComparison.Ordinal)).Finding;
        Assert.Equal(Severity.Error, natural.Severity);
        Assert.Contains("2024年度报告（xinxiang-2024.pdf）", natural.Message);
        Assert.Contains("为 2，而2023年度报告（xinxiang-2023.txt）“四、结转下年度继续办理”为 3", natural.Message);
        Assert.Contains(findings, f => f.Finding.Location.Contains("总计", StringComparison.Ordinal));
    }

    [Fact]
    public void CarryOver_MatchingLastYear_IsClean()
    {
        var (a, b) = TwoYears(3);
        Assert.Empty(CrossReportRules.Check([new("2023.txt", a), new("2024.txt", b)]));
    }

    [Fact]
    public void SameReportUnderTwoNames_IsADuplicateOnTheSecondName()
    {
        var findings = CrossReportRules.Check([new("report.txt", Seeds.Read("001").Report), new("report-copy.html", Seeds.Read("001").Report)]);
        var duplicate = Assert.Single(findings);
        Assert.Equal("report-copy.html", duplicate.Name);
        Assert.Equal("duplicate-report", duplicate.Finding.RuleId);
        Assert.Contains("与“report.txt”是同一机关同一年度的报告", duplicate.Finding.Message);
    }

    [Fact]
    public void ReportsOfDifferentAgencies_AreNotCompared()
    {
        var reports = Seeds.Ids.Select(id => new NamedReport(id, Seeds.Read(id).Report)).ToList();
        Assert.Empty(CrossReportRules.Check(reports));
    }
    [Fact]
    public void CopiedForward_TableThreeIdenticalToLastYears_IsAWarningOnTheLaterYearNamingBoth()
    {
        var y2023 = Seeds.Read("001").Report;
        var y2024 = Seeds.Read("001").Report;
        y2024.Year = 2024;
        var findings = CrossReportRules.Check([new("xinxiang-2024.txt", y2024), new("xinxiang-2023.txt", y2023)]);
        var copied = Assert.Single(findings, f => f.Finding.RuleId == "copied-forward");
        Assert.Equal("xinxiang-2024.txt", copied.Name);
        Assert.Equal(Severity.Warning, copied.Finding.Severity);
        Assert.Equal("2024年度报告（xinxiang-2024.txt）表三与2023年度报告（xinxiang-2023.txt）逐格相同，可能照抄了上一年度的数据", copied.Finding.Message);
    }

    [Fact]
    public void CopiedForward_TablesSharingAllButOneCell_IsNotReported()
    {
        var y2023 = Seeds.Read("001").Report;
        var y2024 = Seeds.Read("001").Report;
        y2024.Year = 2024;
        y2024.Applications["三.一", "商业企业"] = CellValue.Of((y2024.Applications.Value("三.一", "商业企业") ?? 0) + 1);
        Assert.DoesNotContain(CrossReportRules.Check([new("2023.txt", y2023), new("2024.txt", y2024)]), f => f.Finding.RuleId == "copied-forward");
    }

    [Fact]
    public void CopiedForward_SameYearTwice_IsADuplicateNotACopy()
    {
        var findings = CrossReportRules.Check([new("report.txt", Seeds.Read("001").Report), new("report-copy.html", Seeds.Read("001").Report)]);
        Assert.DoesNotContain(findings, f => f.Finding.RuleId == "copied-forward");
    }

    [Fact]
    public void CopiedForward_BothYearsAllZero_IsNotReported()
    {
        var y2023 = Seeds.Read("001").Report;
        var y2024 = Seeds.Read("001").Report;
        y2024.Year = 2024;
        foreach (var report in new[] { y2023, y2024 })
        {
            foreach (var (row, column, _) in report.Applications.Cells().ToList())
            {
                report.Applications[row.Key, column.Key] = CellValue.Of(0);
            }
        }
        Assert.DoesNotContain(CrossReportRules.Check([new("2023.txt", y2023), new("2024.txt", y2024)]), f => f.Finding.RuleId == "copied-forward");
    }

    [Fact]
    public void CopiedForward_TwoYearsApart_IsNotReported()
    {
        var y2022 = Seeds.Read("001").Report;
        y2022.Year = 2022;
        var y2024 = Seeds.Read("001").Report;
        y2024.Year = 2024;
        Assert.DoesNotContain(CrossReportRules.Check([new("2022.txt", y2022), new("2024.txt", y2024)]), f => f.Finding.RuleId == "copied-forward");
    }
}
