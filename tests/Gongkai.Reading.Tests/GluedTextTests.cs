using System.Text.RegularExpressions;
using Gongkai.Reading.Assembly;
using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Tests;

/// <summary>Reports saved as one line with labels glued to their numbers, as some site crawls keep them.</summary>
public class GluedTextTests
{
    /// <summary>The seed as a crawl saves it: no line breaks, no cell separators.</summary>
    private static string OneLine(string id) => Regex.Replace(Seeds.Text(id), "[\t\r\n]+", "");

    private static void AssertSameTable(Reports.Model.ReportTable expected, Reports.Model.ReportTable actual)
    {
        foreach (var ((row, column, cell), (_, _, read)) in expected.Cells().Zip(actual.Cells()))
        {
            Assert.True(cell?.Value == read?.Value, $"{expected.Schema.Title} {row.Key} {column.Key}: {cell?.Value} ≠ {read?.Value}");
        }
    }

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
        AssertSameTable(seed.Proactive, read.Report.Proactive);
        AssertSameTable(seed.Applications, read.Report.Applications);
        Assert.Contains(read.Findings, f => f.RuleId == "digits-glued");
        Assert.Equal(seed.Sections.Keys.Order(), read.Report.Sections.Keys.Order());
    }

    [Fact]
    public void OneLineReport_TableFour_IsLeftAbsentNotGuessed()
    {
        var read = ReportReader.ReadText(OneLine("001"));
        Assert.True(read.Report.Review.IsEmpty);
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
