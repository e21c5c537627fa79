using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Reports.Tests.Checking;

/// <summary>The sample report received 10 applications (8 natural persons), 2 carried in, answered 11, carried over 1.</summary>
public class NarrativeRulesTests
{
    private static Finding[] FiredWith(string section, string text, string rule, Action<AnnualReport>? change = null)
    {
        var report = SampleReports.Consistent();
        SampleReports.SetText(report, section, section == "一" ? SampleReports.Overview + "\n" + text : text);
        change?.Invoke(report);
        return ReportChecker.Check(report).Where(f => f.RuleId == rule).ToArray();
    }

    [Fact]
    public void Received_StatedCountDiffers_NamesBothNumbers()
    {
        var finding = Assert.Single(FiredWith("一", "本年共收到政府信息公开申请 15 件。", "narrative-received"));
        Assert.Contains("收到申请 15 件", finding.Message);
        Assert.Contains("总计为 10", finding.Message);
        Assert.Equal("第一部分第6段", finding.Location);
    }

    [Theory]
    [InlineData("本年共收到政府信息公开申请 10 件。")]
    [InlineData("本年共接到社会公众依申请公开 12 件（含上年结转）。")]
    [InlineData("回复群众咨询 1760 余件，均通过电话受理。")]
    public void Received_MatchingOrNotAboutApplications_DoesNotFire(string text) =>
        Assert.Empty(FiredWith("一", text, "narrative-received"));

    [Fact]
    public void Received_FullWidthDigits_AreCompared() =>
        Assert.Single(FiredWith("一", "本年共收到政府信息公开申请１５件。", "narrative-received"));

    [Fact]
    public void Completed_StatedCountDiffers_Fires()
    {
        var finding = Assert.Single(FiredWith("一", "依申请公开工作规范，年内共办结 10 件，办结率百分之百。", "narrative-completed"));
        Assert.Contains("总计”为 11", finding.Message);
    }

    [Theory]
    [InlineData("依申请公开工作规范，年内共办结 11 件。")]
    [InlineData("局长信箱留言 57 条，办结率 100%，申请渠道畅通。")]
    public void Completed_MatchingOrRate_DoesNotFire(string text) => Assert.Empty(FiredWith("一", text, "narrative-completed"));

    [Fact]
    public void CarriedOver_Differs_Fires() =>
        Assert.Single(FiredWith("一", "申请办理中，结转下年度继续办理 3 件。", "narrative-carried-over"));

    [Fact]
    public void CarriedOver_Matches_DoesNotFire() =>
        Assert.Empty(FiredWith("一", "申请办理中，结转下年度继续办理 1 件，上年结转 2 件。", "narrative-carried-over"));

    [Fact]
    public void Outcome_StatedNumberDiffersFromRows_Fires()
    {
        var finding = Assert.Single(FiredWith("一", "办结的申请中，予以公开 7 件、部分公开 1 件、无法提供 4 件。", "narrative-outcome"));
        Assert.Contains("予以公开 7", finding.Message);
        Assert.Contains("总计为 6", finding.Message);
    }

    [Fact]
    public void Outcome_SumOfGroupMatches_DoesNotFire() =>
        Assert.Empty(FiredWith("一", "办结的申请中，予以公开 6 件、部分公开 1 件、无法提供 4 件、不予公开 0 件。", "narrative-outcome"));

    [Fact]
    public void Decisions_LicensingCountDiffersFromTableTwo_Warns()
    {
        var finding = Assert.Single(FiredWith("一", "全年共处理行政许可类事项 1300 起。", "narrative-decisions"));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("1200", finding.Message);
    }

    [Theory]
    [InlineData("全年共处理行政许可类事项 1200 起，行政处罚类事项 300 起。")]
    [InlineData("受理依申请公开 10 项，其中行政许可 7 项。")]
    public void Decisions_MatchingOrAboutApplications_DoesNotFire(string text) => Assert.Empty(FiredWith("一", text, "narrative-decisions"));

    [Fact]
    public void PartSum_PartsDoNotAddUp_Warns()
    {
        var finding = Assert.Single(FiredWith("一", "共发布政府信息 2098 条，其中网站 636 条，微博 580 条，微信 880 条。", "narrative-part-sum"));
        Assert.Contains("636 + 580 + 880 = 2096", finding.Message);
    }

    [Theory]
    [InlineData("共发布政府信息 2098 条，其中网站 636 条，微博 580 条，微信 882 条。")]
    [InlineData("发布信息 3866 条，其中微信关注用户 200000 人次，微博关注用户 1050000 人次。")]
    public void PartSum_AddsUpOrOtherUnits_DoesNotFire(string text) => Assert.Empty(FiredWith("一", text, "narrative-part-sum"));

    [Fact]
    public void Fees_ItemisedAmountsDifferFromTableTwo_Fires()
    {
        var finding = Assert.Single(FiredWith("六", "1、驾驶证工本费23456元；2、号牌工本费200000元。", "narrative-fees"));
        Assert.Contains("合计 223456 元", finding.Message);
        Assert.Contains("12.3456 万元", finding.Message);
        Assert.Contains("相差 10 万元", finding.Message);
    }

    [Theory]
    [InlineData("1、驾驶证工本费23456元；2、号牌工本费100000元。")]
    [InlineData("本年收取信息处理费 100 元，另收取信息处理费 50 元。")]
    public void Fees_ItemisedAmountsMatchOrAreProcessingFees_DoNotFire(string text) => Assert.Empty(FiredWith("六", text, "narrative-fees"));

    [Fact]
    public void NoneClaimed_SaysNoReviewButTableHasOne_Fires()
    {
        var finding = Assert.Single(FiredWith("一", "本年度未发生政府信息公开行政复议案件。", "narrative-none-claimed"));
        Assert.Contains("表四“行政复议”总计为 2", finding.Message);
    }

    [Theory]
    [InlineData("本年度未出现依申请公开类行政诉讼案件。", 0)]
    [InlineData("本年度未发生被申请行政复议的情况。", 0)]
    public void NoneClaimed_ConsistentWithTables_DoesNotFire(string text, int lawsuits)
    {
        var findings = FiredWith("一", text, "narrative-none-claimed", r =>
        {
            SampleReports.SetReview(r, "复议后起诉", lawsuits, 0, 0, 0);
            SampleReports.SetReview(r, "行政复议", 0, 0, 0, 0);
        });
        Assert.Empty(findings);
    }

    [Fact]
    public void NoneClaimed_SaysNoApplicationsButSomeReceived_Fires() =>
        Assert.Single(FiredWith("一", "本年未发生信息申请公开的情况。", "narrative-none-claimed"));

    [Fact]
    public void Year_StatisticDatedAnotherYear_Warns()
    {
        var finding = Assert.Single(FiredWith("一", "2022 年共处理行政许可类事项 1200 起。", "narrative-year"));
        Assert.Contains("2022", finding.Message);
        Assert.Contains("2023", finding.Message);
    }

    [Theory]
    [InlineData("2023 年共处理行政许可类事项 1200 起。")]
    [InlineData("依据2019年5月15日起施行的条例开展工作，共办理 3 件。")]
    [InlineData("2024年将进一步完善公开机制。")]
    public void Year_ReportYearOrDateOrNoStatistic_DoesNotWarn(string text) => Assert.Empty(FiredWith("一", text, "narrative-year"));

    [Fact]
    public void StatisticsPeriod_OtherYear_Fires()
    {
        var finding = Assert.Single(FiredWith("一", "本报告数据统计期限自 2022 年 1 月 1 日至 12 月 31 日止。", "statistics-period"));
        Assert.Contains("2023", finding.Message);
    }

    [Fact]
    public void StatisticsPeriod_ReportYear_DoesNotFire() =>
        Assert.Empty(FiredWith("一", "本报告数据统计期限自 2023 年 1 月 1 日至 2023 年 12 月 31 日止。", "statistics-period"));
}
