using Gongkai.Reports.Schema;

namespace Gongkai.Reading.Tests;

/// <summary>Every table cell of every seed, including cells the source leaves absent.</summary>
public class SeedReadingTests
{
    public static TheoryData<string> SeedIds => new(Seeds.Ids);

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Read_Seed_EveryTableCellMatchesTheTranscription(string id)
    {
        var report = Seeds.Read(id).Report;
        var expected = Seeds.Expected(id);
        var checkedCells = 0;
        foreach (var table in report.Tables)
        {
            foreach (var row in table.Schema.Rows)
            {
                var values = expected[$"{table.Schema.Key}.{row.Key}"];
                Assert.Equal(row.Columns.Count, values.Length);
                for (var c = 0; c < row.Columns.Count; c++)
                {
                    var actual = table[row.Key, row.Columns[c].Key];
                    var want = Seeds.Parse(values[c]);
                    Assert.True(want == actual?.Value, $"{id} {table.Schema.Key}[{row.Key}][{row.Columns[c].Key}]: expected {values[c]}, read {actual?.Text ?? "absent"}");
                    if (want is not null)
                    {
                        Assert.Equal(values[c], actual!.Text);
                    }
                    checkedCells++;
                }
            }
        }
        Assert.Equal(6 + 4 + 175 + 15, checkedCells);
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Read_Seed_AgencyYearAndFormatFromTheTitle(string id)
    {
        var report = Seeds.Read(id).Report;
        var expected = Seeds.Expected(id);
        Assert.Equal(expected["agency"][0], report.Agency);
        Assert.Equal(int.Parse(expected["year"][0], System.Globalization.CultureInfo.InvariantCulture), report.Year);
        Assert.Equal(FormatVersion.Format2021, report.Format);
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Read_Seed_FindsAllSixSectionsWithText(string id)
    {
        var report = Seeds.Read(id).Report;
        Assert.Equal(["一", "二", "三", "四", "五", "六"], report.Sections.Keys.OrderBy(k => "一二三四五六".IndexOf(k, StringComparison.Ordinal)));
        Assert.NotEmpty(report.Sections["一"].Text);
        Assert.NotEmpty(report.Sections["五"].Text);
        Assert.NotEmpty(report.Sections["六"].Text);
        Assert.DoesNotContain("\t", report.Sections["三"].Text);
    }

    [Fact]
    public void Read_Seed002_HeadingPrintedTwice_KeepsBothParagraphsInSectionOne()
    {
        var result = Seeds.Read("002");
        var overview = result.Report.Sections["一"].Text;
        Assert.Contains("本年度报告中所列数据统计期限自 2024 年 1 月 1 日", overview);
        Assert.Contains("主动公开政府信息 4215 条", overview);
        var duplicate = Assert.Single(result.Findings, f => f.RuleId == "section-duplicate");
        Assert.Contains("第5行", duplicate.Message);
        Assert.Contains("第9行", duplicate.Message);
    }

    [Fact]
    public void Read_Seed003_TitleWithSpaceInside_IsOneTitle()
    {
        var report = Seeds.Read("003").Report;
        Assert.Equal("洛阳市公安局洛龙分局2023年政府信息公开工作年度报告", report.Title);
    }

    [Fact]
    public void Read_Seed004_MissingApplicantColumn_IsReportedNotGuessed()
    {
        var result = Seeds.Read("004");
        var finding = Assert.Single(result.Findings, f => f.RuleId == "values-unplaced");
        Assert.Contains("25 行各有 6 个数值", finding.Message);
        Assert.Null(result.Report.Applications["三.三.4", "商业企业"]);
        Assert.Equal(35, result.Report.Applications.Value("三.三.4", "自然人"));
        Assert.Equal(35, result.Report.Applications.Value("三.三.4", "总计"));
    }

    [Fact]
    public void Read_Seed004_TypoInColumnLabel_IsAWarningAndTheValueIsStillRead()
    {
        var result = Seeds.Read("004");
        var finding = Assert.Single(result.Findings, f => f.RuleId == "label-variant");
        Assert.Contains("本年度止件数", finding.Message);
        Assert.Contains("本年废止件数", finding.Message);
        Assert.Equal(0, result.Report.Proactive.Value("行政规范性文件", "本年废止件数"));
    }

    [Theory]
    [InlineData("000", "")]
    [InlineData("001", "")]
    [InlineData("002", "section-duplicate")]
    [InlineData("003", "")]
    [InlineData("004", "label-variant values-unplaced")]
    public void Read_Seed_ReaderFindingsAreExactlyTheKnownDefects(string id, string rules)
    {
        var expected = rules.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Seeds.Read(id).Findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_Seed001_ValuesRecordLineAndCell()
    {
        var report = Seeds.Read("001").Report;
        var lines = Seeds.Text("001").Split('\n');
        var received = report.Applications["一", "自然人"]!;
        Assert.StartsWith("一、本年新收政府信息公开申请数量", lines[received.Source.Line - 1]);
        Assert.Equal("57", lines[received.Source.Line - 1].Split('\t')[received.Source.Cell - 1]);
        var fees = report.Proactive["行政事业性收费", "本年收费金额"]!;
        Assert.Equal("9486.7475", lines[fees.Source.Line - 1].Split('\t')[fees.Source.Cell - 1]);
    }
}
