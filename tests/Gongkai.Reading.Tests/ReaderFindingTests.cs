namespace Gongkai.Reading.Tests;

/// <summary>Reader-raised rules, each shown firing on a variant of seed 001 (which reads with no findings).</summary>
public class ReaderFindingTests
{
    private static readonly string Seed = Seeds.Text("001");

    private static string[] Rules(string text) => ReportReader.ReadText(text).Findings.Select(f => f.RuleId).ToArray();

    [Fact]
    public void Seed001_HasNoReaderFindings() => Assert.Empty(Rules(Seed));

    [Fact]
    public void SectionHeading_WordedDifferently_WarnsAndStillReadsTheSection()
    {
        var text = Seed.Replace("## 五、存在的主要问题及改进情况", "## 五、存在的主要问题和改进措施", StringComparison.Ordinal);
        var result = ReportReader.ReadText(text);
        var finding = Assert.Single(result.Findings, f => f.RuleId == "section-heading");
        Assert.Contains("五、存在的主要问题和改进措施", finding.Message);
        Assert.Contains("政务信息来源不够广", result.Report.Sections["五"].Text);
    }

    [Fact]
    public void RowOrder_RowMovedUp_Warns()
    {
        var lines = Seed.Split('\n').ToList();
        var carried = lines.FindIndex(l => l.StartsWith("四、结转下年度继续办理", StringComparison.Ordinal));
        var row = lines[carried];
        lines.RemoveAt(carried);
        lines.Insert(lines.FindIndex(l => l.StartsWith("二、上年结转", StringComparison.Ordinal)), row);
        var result = ReportReader.ReadText(string.Join('\n', lines));
        var finding = Assert.Single(result.Findings, f => f.RuleId == "row-order");
        Assert.Contains("四 结转下年度继续办理", finding.Message);
        Assert.Contains("三.七", finding.Message);
        Assert.Equal(3, result.Report.Applications.Value("四", "总计"));
    }

    [Fact]
    public void RowDuplicate_SameRowTwice_KeepsTheFirst()
    {
        var lines = Seed.Split('\n').ToList();
        var total = lines.FindIndex(l => l.StartsWith("(七) 总计", StringComparison.Ordinal));
        lines.Insert(total + 1, "(七) 总计\t99\t0\t0\t0\t0\t0\t99");
        var result = ReportReader.ReadText(string.Join('\n', lines));
        Assert.Single(result.Findings, f => f.RuleId == "row-duplicate");
        Assert.Equal(54, result.Report.Applications.Value("三.七", "总计"));
    }

    [Fact]
    public void ColumnHeaders_ColumnLabelMissingFromHeader_Warns()
    {
        var text = Seed.Replace("\t社会公益组织\t", "\t\t", StringComparison.Ordinal);
        var finding = Assert.Single(ReportReader.ReadText(text).Findings, f => f.RuleId == "column-headers");
        Assert.Contains("社会公益组织", finding.Message);
    }

    [Fact]
    public void FormatVersion_TablesMixBothFormats_IsReported()
    {
        var text = Seed.Replace("本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量", StringComparison.Ordinal)
            .Replace("信息内容\t本年处理决定数量", "信息内容\t上一年项目数量", StringComparison.Ordinal);
        var result = ReportReader.ReadText(text);
        Assert.Contains(result.Findings, f => f.RuleId == "format-version" && f.Message.Contains("同时出现"));
    }

    [Fact]
    public void FeeColumnInYuan_IsFlaggedAsAUnitProblem()
    {
        var text = Seed.Replace("本年收费金额（单位：万元）", "本年收费金额（单位：元）", StringComparison.Ordinal);
        var finding = Assert.Single(ReportReader.ReadText(text).Findings, f => f.RuleId == "label-variant");
        Assert.Contains("单位为万元", finding.Message);
    }
}
