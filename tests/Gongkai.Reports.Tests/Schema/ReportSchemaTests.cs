using Gongkai.Reports.Schema;

namespace Gongkai.Reports.Tests.Schema;

public class ReportSchemaTests
{
    [Fact]
    public void Format2021_ApplicationsRows_AreTheStatutoryNumberingInOrder()
    {
        string[] expected =
        [
            "一", "二", "三.一", "三.二",
            "三.三.1", "三.三.2", "三.三.3", "三.三.4", "三.三.5", "三.三.6", "三.三.7", "三.三.8",
            "三.四.1", "三.四.2", "三.四.3",
            "三.五.1", "三.五.2", "三.五.3", "三.五.4", "三.五.5",
            "三.六.1", "三.六.2", "三.六.3", "三.七", "四",
        ];
        Assert.Equal(expected, ReportSchema.Format2021.Applications.Rows.Select(r => r.Key));
    }

    [Fact]
    public void Trial2019_OtherHandling_IsOneRowWithoutSubRows()
    {
        var keys = ReportSchema.Trial2019.Applications.Rows.Select(r => r.Key).ToArray();
        Assert.Contains("三.六", keys);
        Assert.DoesNotContain("三.六.1", keys);
        Assert.Equal(23, keys.Length);
        Assert.Equal("（六）其他处理", ReportSchema.Trial2019.Applications.Row("三.六").Label);
    }

    [Fact]
    public void ApplicantColumns_AreTheStatutoryLabelsWithTotalLast()
    {
        Assert.Equal(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            ReportSchema.Format2021.Applications.Columns.Select(c => c.Key));
    }

    [Fact]
    public void Format2021_Proactive_HasTheFourBlocksOfArticle20()
    {
        var rows = ReportSchema.Format2021.Proactive.Rows;
        Assert.Equal(["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"], rows.Select(r => r.Key));
        Assert.Equal(["本年制发件数", "本年废止件数", "现行有效件数"], rows[0].Columns.Select(c => c.Label));
        Assert.Equal("第二十条第（八）项", rows[^1].Block);
        Assert.Equal(CellKind.Money, rows[^1].Columns.Single().Kind);
        Assert.Equal("本年收费金额（单位：万元）", rows[^1].Columns.Single().Label);
    }

    [Fact]
    public void Trial2019_Proactive_HasProjectCountsAndProcurement()
    {
        var table = ReportSchema.Trial2019.Proactive;
        Assert.Equal(["本年新制作数量", "本年新公开数量", "对外公开总数量"], table.Row("规章").Columns.Select(c => c.Key));
        Assert.Equal(["上一年项目数量", "本年增/减", "处理决定数量"], table.Row("行政许可").Columns.Select(c => c.Key));
        Assert.Equal(CellKind.SignedCount, table.Row("行政处罚").Columns[1].Kind);
        Assert.Equal(["采购项目数量", "采购总金额"], table.Row("政府集中采购").Columns.Select(c => c.Key));
        Assert.Contains(table.Rows, r => r.Key == "其他对外管理服务事项");
    }

    [Fact]
    public void Review_HasThreeGroupsOfFiveResults()
    {
        var table = ReportSchema.Format2021.Review;
        Assert.Equal(["行政复议", "未经复议直接起诉", "复议后起诉"], table.Rows.Select(r => r.Key));
        Assert.All(table.Rows, r => Assert.Equal(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], r.Columns.Select(c => c.Key)));
    }

    [Fact]
    public void Identities_NameOnlyRowsAndColumnsTheTableHas()
    {
        foreach (var schema in new[] { ReportSchema.Format2021, ReportSchema.Trial2019 })
        {
            foreach (var table in schema.Tables)
            {
                foreach (var identity in table.Identities)
                {
                    var keys = identity.Left.Concat(identity.Right);
                    if (identity.Axis == IdentityAxis.Rows)
                    {
                        Assert.All(keys, k => Assert.True(table.RowIndex(k) >= 0, $"{identity.RuleId}: row {k}"));
                    }
                    else
                    {
                        Assert.All(keys, k => Assert.True(table.Columns.Any(c => c.Key == k), $"{identity.RuleId}: column {k}"));
                    }
                }
            }
        }
    }

    [Fact]
    public void OutcomeTotal_SumsEveryOutcomeRowAndNothingElse()
    {
        var identity = ReportSchema.Format2021.Applications.Identities.Single(i => i.RuleId == "outcome-total");
        Assert.Equal(21, identity.Right.Count);
        Assert.DoesNotContain("三.七", identity.Right);
        Assert.DoesNotContain("四", identity.Right);
    }

    [Theory]
    [InlineData(2019, FormatVersion.Trial2019)]
    [InlineData(2020, FormatVersion.Trial2019)]
    [InlineData(2021, FormatVersion.Format2021)]
    [InlineData(2025, FormatVersion.Format2021)]
    public void ExpectedFor_ReportYear_GivesTheFormatInForce(int year, FormatVersion expected) =>
        Assert.Equal(expected, FormatVersions.ExpectedFor(year));

    [Fact]
    public void Sections_AreTheSixStatutoryHeadings()
    {
        Assert.Equal(
            ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"],
            ReportSchema.Format2021.Sections.Select(s => s.Heading));
    }
}
