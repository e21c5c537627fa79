using System.Text.RegularExpressions;
using Gongkai.Reading.Assembly;
using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Tests;

/// <summary>Reports saved as one line with labels glued to their numbers, as some site crawls keep them.</summary>
public class GluedTextTests
{
    /// <summary>The seed as a crawl saves it: no line breaks, no cell separators.</summary>
    private static string OneLine(string id) => Regex.Replace(Seeds.Text(id), "[\t\r\n]+", "");

    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("003")]
    public void OneLineReport_TablesTwoAndThree_ReadAsTheSeeds(string id)
    {
        var seed = Seeds.Read(id).Report;
        var read = ReportReader.ReadText(OneLine(id));
        Assert.Equal(seed.Agency, read.Report.Agency);
        Assert.Equal(seed.Year, read.Report.Year);
        Seeds.AssertSameCells(seed, read.Report, "proactive", "applications");
        Assert.Contains(read.Findings, f => f.RuleId == "digits-glued");
        Assert.Equal(seed.Sections.Keys.Order(), read.Report.Sections.Keys.Order());
    }

    [Fact]
    public void OneLineReport_TableFour_IsCutWhereTheGroupsTotalsLeaveOneReading()
    {
        // "100010000000000": only 1 0 0 0 1 | 0 0 0 0 0 | 0 0 0 0 0 makes each group's 总计 the sum of its four results.
        var read = ReportReader.ReadText(OneLine("001"));
        Seeds.AssertSameCells(Seeds.Read("001").Report, read.Report, "review");
        Assert.Contains(read.Findings, f => f.RuleId == "digits-glued" && f.Message.StartsWith("表四的 15 个数值连写为", StringComparison.Ordinal));
    }

    [Fact]
    public void OneLineTableFour_WithMoreThanOneReading_IsLeftAbsentWithAFinding()
    {
        // 11 11 0 12 34 | 3 2 0 10 15 | 0 0 0 0 0 glued: three cuts make every group's 总计 add up, so none is taken.
        var text = OneLine("001").Replace("100010000000000", "111101234320101500000", StringComparison.Ordinal);
        var read = ReportReader.ReadText(text);
        Assert.True(read.Report.Review.IsEmpty);
        Assert.Contains(read.Findings, f => f.RuleId == "values-unplaced" && f.Message.StartsWith("表四的数值连写为", StringComparison.Ordinal));
    }

    [Fact]
    public void OneLineReport_WhoseRowsDoNotAddUp_LeavesThoseCellsAbsentWithAFinding()
    {
        // Seed 004 prints six values in seven-column rows: glued, "47000047" has no cut where 总计 is the sum.
        var read = ReportReader.ReadText(OneLine("004"));
        Assert.Null(read.Report.Applications.Value("一", "自然人"));
        Assert.Contains(read.Findings, f => f.RuleId == "values-unplaced" && f.Message.Contains("“47000047”，没有一种拆分符合本表的勾稽关系", StringComparison.Ordinal));
    }

    [Fact]
    public void SplitUniquely_RowWithTotal_UsesTheIdentity()
    {
        var table = ReportSchema.Format2021.Applications;
        var row = table.Rows.Single(r => r.Key == "一");
        Assert.Equal([57m, 0, 0, 0, 0, 0, 57], DigitRun.SplitUniquely("570000057", row, table, out _)!);
        Assert.Equal([12m, 3, 0, 0, 0, 1, 16], DigitRun.SplitUniquely("123000116", row, table, out _)!);
    }

    [Fact]
    public void SplitUniquely_SeveralCutsFit_GivesNone()
    {
        var table = ReportSchema.Format2021.Proactive;
        var row = table.Rows.Single(r => r.Text == "行政规范性文件");
        Assert.Null(DigitRun.SplitUniquely("75075", row, table, out var found));
        Assert.Equal(2, found);
        Assert.Equal([0m, 0, 4], DigitRun.SplitUniquely("004", row, table, out _)!);
    }

    [Fact]
    public void LabelGluedToItsFirstValue_InATabRow_IsSplit()
    {
        var text = Seeds.Text("001");
        var glued = Regex.Replace(text, "行政规范性文件\t+0", "行政规范性文件0");
        Assert.NotEqual(text, glued);
        var read = ReportReader.ReadText(glued).Report;
        Assert.Equal(4m, read.Proactive.Value("行政规范性文件", "现行有效件数"));
        Assert.Equal(0m, read.Proactive.Value("行政规范性文件", "本年制发件数"));
    }
}

/// <summary>The 2019 trial format (国办公开办函〔2019〕60号) used for a year that must use the 2021 format.</summary>
public class TrialFormatInLaterYearTests
{
    /// <summary>Seed 001 (2023) with its tables relabelled as the trial format prints them.</summary>
    private static string TrialShaped()
    {
        var text = Seeds.Text("001")
            .Replace("信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量", StringComparison.Ordinal)
            .Replace("行政规范性文件\t0\t0\t4", "规范性文件\t0\t0\t4", StringComparison.Ordinal);
        // The trial format has one 其他处理 row where 2021 has three.
        var lines = text.Split('\n').ToList();
        var first = lines.FindIndex(l => l.Contains("1.申请人无正当理由逾期不补正", StringComparison.Ordinal));
        Assert.True(first > 0);
        lines.RemoveRange(first, 3);
        lines.Insert(first, "\t(六) 其他处理\t3\t0\t0\t0\t0\t0\t3");
        return string.Join('\n', lines);
    }

    [Fact]
    public void Read_TrialTablesInA2023Report_AreReadAsTrialAndFlagged()
    {
        var read = ReportReader.ReadText(TrialShaped());
        Assert.Equal(FormatVersion.Trial2019, read.Report.Format);
        Assert.Equal(3m, read.Report.Applications.Value("三.六", "总计"));
        var finding = Assert.Single(read.Findings.Concat(Reports.Checking.ReportChecker.Check(read.Report)), f => f.RuleId == "format-version");
        Assert.Contains("2023", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Seed001InTheFormatOfItsYear_IsNotFlagged() =>
        Assert.DoesNotContain(Reports.Checking.ReportChecker.Check(Seeds.Read("001").Report), f => f.RuleId == "format-version");
}
