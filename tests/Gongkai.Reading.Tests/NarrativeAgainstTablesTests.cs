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
}
