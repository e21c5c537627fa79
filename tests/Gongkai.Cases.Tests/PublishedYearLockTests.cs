using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Cases.Statistics;

namespace Gongkai.Cases.Tests;

/// <summary>A published year's tables change only under a recorded 更正 (条例 第四十九条: the report is what was published).</summary>
public class PublishedYearLockTests
{
    private static readonly PublishedYear Locked2023 = new(2023, "新乡市公安局2023年政府信息公开工作年度报告");

    private static CaseFacts Case(DateOnly received, DateOnly? closed = null, string? outcome = null) => new(ApplicantCategory.NaturalPerson, received, closed, outcome);

    [Fact]
    public void NewCaseReceivedInALockedYear_IsRefusedNamingTheReportAndTheCell()
    {
        var verdict = PublishedYearLock.CheckCase([Locked2023], null, Case(new DateOnly(2023, 12, 28)), "登记该申请");
        Assert.False(verdict.Allowed);
        Assert.Contains("《新乡市公安局2023年政府信息公开工作年度报告》表三", verdict.Refusal);
        Assert.Contains("自然人：增加1", verdict.Refusal);
        Assert.Contains("表三 一 ", verdict.Refusal);
        Assert.Contains("登记更正", verdict.Refusal);
    }

    [Fact]
    public void Refusal_NamesThePublishedValueOfTheCellAndWhatItWouldBecome_NotTheRecordsOwnCount()
    {
        var published = new Gongkai.Reports.Model.AnnualReport(Gongkai.Reports.Schema.FormatVersion.Format2021);
        published.Applications.CopyFrom(Table3Statistics.Compute(Enumerable.Range(1, 12).Select(i => Case(new DateOnly(2023, 3, i))).ToList(), 2023));
        var verdict = PublishedYearLock.CheckCase([Locked2023 with { Published = published }], null, Case(new DateOnly(2023, 12, 28)), "登记该申请");
        Assert.Contains("自然人：12→13", verdict.Refusal);
        Assert.DoesNotContain("0→1", verdict.Refusal);
    }

    [Fact]
    public void AnsweringACarriedOverCaseInTheNextYear_LeavesTheLockedYearAlone()
    {
        var open = Case(new DateOnly(2023, 12, 20));
        Assert.True(PublishedYearLock.CheckCase([Locked2023], open, open with { ClosedOn = new DateOnly(2024, 1, 10), OutcomeRow = "三.一" }, "答复").Allowed);
    }

    [Fact]
    public void BackdatingAnAnswerIntoTheLockedYear_IsRefused()
    {
        var open = Case(new DateOnly(2023, 12, 20));
        Assert.False(PublishedYearLock.CheckCase([Locked2023], open, open with { ClosedOn = new DateOnly(2023, 12, 29), OutcomeRow = "三.一" }, "答复").Allowed);
    }

    [Fact]
    public void UnderAnOpenCorrection_TheChangeIsAllowedAndItsAuditNoteCitesTheReasonAndCells()
    {
        var verdict = PublishedYearLock.CheckCase([Locked2023 with { OpenCorrection = "漏登一件" }], null, Case(new DateOnly(2023, 12, 28)), "登记该申请");
        Assert.True(verdict.Allowed);
        Assert.Contains("更正2023年度报告（理由：漏登一件）", verdict.AuditNote);
        Assert.Contains("自然人：增加1", verdict.AuditNote);
    }

    [Fact]
    public void NewProceedingFiledInALockedYear_IsRefusedForTableFour()
    {
        var p = ReviewProceeding.File(ProceedingKind.Reconsideration, null, "新乡市人民政府", new DateOnly(2023, 6, 1));
        var verdict = PublishedYearLock.CheckProceeding([Locked2023], null, p, "登记该行政复议");
        Assert.Contains("表四", verdict.Refusal);
    }

    [Fact]
    public void FiguresOfTheLockedYear_CannotChange_ButOtherYearsCan()
    {
        var before = new YearlyAdministrativeFigures(2023, 10, 5, 1, 0.5m);
        Assert.False(PublishedYearLock.CheckFigures([Locked2023], before, before with { Licensing = 11 }, "修改").Allowed);
        var next = new YearlyAdministrativeFigures(2024, 10, 5, 1, 0.5m);
        Assert.True(PublishedYearLock.CheckFigures([Locked2023], next, next with { Licensing = 11 }, "修改").Allowed);
    }
}
