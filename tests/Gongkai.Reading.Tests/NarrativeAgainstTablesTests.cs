using Gongkai.Reports.Checking;

namespace Gongkai.Reading.Tests;

/// <summary>
/// The narrative's counts against the tables, on seed 001 (新乡市公安局 2023: 三.一 25, 三.二 3, 四 3), which states
/// its figures consistently: a contradiction added to its text is found, a consistent statement is not.
/// </summary>
public class NarrativeAgainstTablesTests
{
    private static IReadOnlyList<Finding> CheckWith(string sentence)
    {
        var text = Seeds.Text("001");
        var at = text.IndexOf("四、政府信息公开行政复议", StringComparison.Ordinal);
        Assert.True(at > 0);
        var report = ReportReader.ReadText(text[..at] + sentence + "\n" + text[at..]).Report;
        return ReportChecker.Check(report);
    }

    [Fact]
    public void Seed001_AsPublished_HasNoNarrativeFinding() =>
        Assert.DoesNotContain(ReportChecker.Check(Seeds.Read("001").Report), f => f.Category == RuleCategory.Narrative && f.Severity == Severity.Error);

    [Fact]
    public void StillInProgressCount_ContradictingRowFour_IsFound()
    {
        var finding = Assert.Single(CheckWith("本年度共收到政府信息公开申请，另有999件申请尚在办理。"), f => f.RuleId == "narrative-carried-over");
        Assert.Contains("尚在办理 999 件", finding.Message);
        Assert.Contains("总计为 3", finding.Message);
    }

    [Fact]
    public void StillInProgressCount_MatchingRowFour_IsClean() =>
        Assert.DoesNotContain(CheckWith("本年度办理政府信息公开申请，另有3件申请尚在办理。"), f => f.RuleId == "narrative-carried-over");

    [Fact]
    public void DisclosedAndPartlyDisclosedStatedTogether_IsComparedWithTheirSum()
    {
        Assert.DoesNotContain(CheckWith("本年度办理政府信息公开申请，予以公开及部分公开28件。"), f => f.RuleId == "narrative-outcome");
        var finding = Assert.Single(CheckWith("本年度办理政府信息公开申请，予以公开及部分公开30件。"), f => f.RuleId == "narrative-outcome");
        Assert.Contains("予以公开及部分公开共 30 件", finding.Message);
        Assert.Contains("两项总计之和为 28", finding.Message);
    }

    // Seed 001's table 四: 行政复议 1 (结果维持 1), no lawsuits.
    [Fact]
    public void ReviewCount_ContradictingTableFour_IsFound()
    {
        var finding = Assert.Single(CheckWith("本年度我局被申请行政复议3件。"), f => f.RuleId == "narrative-reviews");
        Assert.Contains("行政复议 3 件", finding.Message);
        Assert.Contains("“行政复议”总计为 1", finding.Message);
    }

    // Seed 001's table 三: 一 57, 二 0, （七）总计 54.
    [Fact]
    public void ApplicationsTotal_NoneOfTheTablesTotals_IsFoundWithTheSentence()
    {
        var finding = Assert.Single(CheckWith("本年度共办理政府信息公开申请17件。"), f => f.RuleId == "narrative-applications-total");
        Assert.Contains("申请 17 件（“本年度共办理政府信息公开申请17件”）", finding.Message);
        Assert.Contains("“一、本年新收”总计为 57", finding.Message);
    }

    [Theory]
    [InlineData("本年度共办理政府信息公开申请57件。")]
    [InlineData("本年度共办理政府信息公开申请54件。")]
    [InlineData("本年度政府信息公开申请中，其中自然人申请政府信息公开申请17件。")]
    [InlineData("网上政府信息公开申请17件。")]
    [InlineData("较上年政府信息公开申请增加17件。")]
    public void ApplicationsTotal_ATotalOfTheTableOrNotATotal_IsClean(string sentence) =>
        Assert.DoesNotContain(CheckWith(sentence), f => f.RuleId == "narrative-applications-total");

    [Fact]
    public void NoCorrectionClaimed_WithReviewsNoneCorrected_IsClean() =>
        // Issue 24: "纠错" is one result of the reviews, not all of them (seed 001: one review, upheld).
        Assert.DoesNotContain(CheckWith("全年未发生因依申请公开被行政复议纠错的情况。"), f => f.RuleId == "narrative-none-claimed");

    [Fact]
    public void NoReviewClaimed_WithAReviewInTableFour_IsFound()
    {
        var finding = Assert.Single(CheckWith("全年未发生因依申请公开引起的行政复议。"), f => f.RuleId == "narrative-none-claimed");
        Assert.Contains("“行政复议”总计为 1", finding.Message);
    }

    [Fact]
    public void NoUpheldReviewClaimed_WithAnUpheldReview_IsComparedWithThatColumn()
    {
        var finding = Assert.Single(CheckWith("全年未发生行政复议被维持的情况。"), f => f.RuleId == "narrative-none-claimed");
        Assert.Contains("表四“行政复议”“结果维持”为 1", finding.Message);
    }

    [Fact]
    public void NoneClaimed_OfAResultTheFormatDoesNotCount_StaysSilent() =>
        Assert.DoesNotContain(CheckWith("全年未发生行政复议败诉的情况。"), f => f.RuleId == "narrative-none-claimed");

    [Fact]
    public void ReviewCountAndResults_MatchingTableFour_AreClean() =>
        Assert.DoesNotContain(CheckWith("本年度发生行政复议1件，其中维持1件；未发生行政诉讼。"), f => f.RuleId == "narrative-reviews");

    [Fact]
    public void ReviewResult_ContradictingItsColumn_IsFound()
    {
        var finding = Assert.Single(CheckWith("本年度发生行政复议1件，结果被纠正1件。"), f => f.RuleId == "narrative-reviews");
        Assert.Contains("“结果纠正”为 0", finding.Message);
    }

    [Fact]
    public void LawsuitCount_ContradictingBothGroups_IsFound() =>
        Assert.Contains(CheckWith("本年度涉及政府信息公开的行政诉讼案件2起。"), f => f.RuleId == "narrative-reviews" && f.Message.Contains("两组总计之和为 0", StringComparison.Ordinal));

    [Theory]
    [InlineData("行政诉讼案件同比减少2件。")]
    [InlineData("2022年发生行政复议5件。")]
    [InlineData("近年来行政复议案件多达10余件。")]
    public void ReviewNumbersNotCountingThisYear_AreLeftAlone(string sentence) =>
        Assert.DoesNotContain(CheckWith(sentence), f => f.RuleId == "narrative-reviews");
}
