using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

/// <summary>Defects a reviewer catches at a glance (issue 24): an old format left empty, a narrative total that is not the table's.</summary>
public class ReviewerDefectTests
{
    private static List<Finding> ReadAndCheck(string text)
    {
        var read = ReportReader.ReadText(text);
        return [.. read.Findings, .. ReportChecker.Check(read.Report)];
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    public void TrialFormatTableLeftEmpty_InA2022Report_IsFoundAsTheWrongFormat(string shape)
    {
        // The 2019 trial format's tables printed with no value in any cell, as agencies that copy last year's template do.
        var report = new AnnualReport(FormatVersion.Trial2019) { Title = "某县公安局2022年政府信息公开工作年度报告", Agency = "某县公安局", Year = 2022 };
        foreach (var section in report.Schema.Sections)
        {
            report.Sections[section.Key] = new ReportSection(section.Key, section.Heading, "本年度工作情况。", default);
        }
        var text = shape == "html" ? HtmlWriter.Write(report) : MarkdownWriter.Write(report);
        var read = shape == "html" ? ReportReader.Read(System.Text.Encoding.UTF8.GetBytes(text), "r.html") : ReportReader.ReadText(text);
        var findings = read.Findings.Concat(ReportChecker.Check(read.Report)).ToList();
        var finding = Assert.Single(findings, f => f.RuleId == "format-version");
        Assert.Contains("2022 年度报告应使用", finding.Message);
    }

    [Fact]
    public void TrialFormatApplicationsTableLeftEmpty_WithoutTableTwo_IsStillFoundAsTheWrongFormat()
    {
        // Only table 三 printed, every cell empty: its single "（六）其他处理" row is what tells the 2019 format.
        var report = new AnnualReport(FormatVersion.Trial2019) { Title = "某县公安局2022年政府信息公开工作年度报告", Agency = "某县公安局", Year = 2022 };
        var markdown = MarkdownWriter.Write(report);
        var lines = markdown.Split('\n').ToList();
        var two = lines.FindIndex(l => l.Contains("主动公开政府信息情况", StringComparison.Ordinal));
        var three = lines.FindIndex(l => l.Contains("收到和处理政府信息公开申请情况", StringComparison.Ordinal));
        Assert.True(two >= 0 && three > two);
        lines.RemoveRange(two + 1, three - two - 1);
        var findings = ReadAndCheck(string.Join('\n', lines));
        Assert.Contains(findings, f => f.RuleId == "format-version");
    }
}
