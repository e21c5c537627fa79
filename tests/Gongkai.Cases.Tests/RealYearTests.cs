using Gongkai.Cases.Cases;
using Gongkai.Cases.Statistics;

namespace Gongkai.Cases.Tests;

/// <summary>Four eyes, transfer, voiding and corrections on the case itself.</summary>
public class RealYearTests
{
    private static readonly ReviewChain TwoStages = new([new ReviewStage("法制审核", StaffRole.Reviewer), new ReviewStage("领导审批", StaffRole.Approver)]);

    /// <summary>One person who holds every role and is bound to every stage — the administrator who gave himself everything.</summary>
    private static Actor Everything(string id = "all") => new(id, "全能", Actors.Agency, Enum.GetValues<StaffRole>().ToHashSet(), new HashSet<string> { "法制审核" });

    private static ApplicationCase Submitted(Actor submitter, ReviewChain? chain = null)
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Registrar, submitter.UserId);
        c.SubmitForReview(submitter, "三.一", "条例第三十六条第一项", "予以公开", chain ?? TwoStages);
        return c;
    }

    [Fact]
    public void Approve_BySubmitterHoldingTheReviewRole_IsRefusedAsNotPermitted()
    {
        var all = Everything();
        var c = Submitted(all);
        var e = Assert.Throws<CaseTransitionException>(() => c.Approve(all, TwoStages, null));
        Assert.True(e.NotPermitted);
        Assert.Contains("本人提交的审核不能由本人审批", e.Message);
        Assert.Equal(CaseState.InReview, c.State);
    }

    [Fact]
    public void Approve_SamePersonForTwoStagesOfOneRound_IsRefused()
    {
        var c = Submitted(Actors.Handler);
        var all = Everything("boss");
        c.Approve(all, TwoStages, null);
        var e = Assert.Throws<CaseTransitionException>(() => c.Approve(all, TwoStages, null));
        Assert.Contains("同一人不能在一轮审核中审批两次", e.Message);
        Assert.Equal(1, c.ReviewStage);
    }

    [Fact]
    public void Approve_AfterAReturnAndResubmission_StartsANewRound()
    {
        var c = Submitted(Actors.Handler);
        var reviewer = Actors.Reviewer("法制审核");
        c.Approve(reviewer, TwoStages, null);
        c.Return(Actors.Approver, TwoStages, "请补充依据");
        c.SubmitForReview(Actors.Handler, "三.一", "条例第三十六条第一项", "予以公开", TwoStages);
        c.Approve(reviewer, TwoStages, null);
        c.Approve(Actors.Approver, TwoStages, null);
        Assert.Equal(CaseState.ReadyToAnswer, c.State);
    }

    [Fact]
    public void Approve_ByTheHandler_IsAllowedByDefaultButRefusedUnderStrictSeparation()
    {
        var handlerReviewer = new Actor("hr", "承办兼审核", Actors.Agency, new HashSet<StaffRole> { StaffRole.Handler, StaffRole.Reviewer }, new HashSet<string> { "法制审核" });
        var strict = TwoStages with { StrictSeparation = true };
        var c = Actors.NewCase();
        c.Accept(Actors.Registrar, handlerReviewer.UserId);
        c.SubmitForReview(Actors.Handler, "三.一", "条例第三十六条第一项", "予以公开", strict);
        Assert.Null(c.FourEyesRefusal(handlerReviewer, TwoStages));
        var e = Assert.Throws<CaseTransitionException>(() => c.Approve(handlerReviewer, strict, null));
        Assert.Contains("承办人和登记人不能审核", e.Message);
    }

    [Fact]
    public void Transfer_KeepsTheDateOfReceiptAndLeavesHandlerBehind()
    {
        var c = Actors.NewCase(new DateOnly(2024, 3, 1));
        c.Accept(Actors.Registrar, "h1");
        var record = c.Transfer(Actors.Registrar, 7, "测试区分局", "属于分局管辖");
        Assert.Equal(7, c.AgencyId);
        Assert.Equal(new DateOnly(2024, 3, 1), c.ReceivedOn);
        Assert.Null(c.HandlerId);
        Assert.Equal(CaseState.Registered, c.State);
        Assert.Contains("收到申请日期仍为2024-03-01", record.Summary);
    }

    [Fact]
    public void Transfer_ByAHandler_IsNotPermitted()
    {
        var c = Actors.NewCase();
        var e = Assert.Throws<CaseTransitionException>(() => c.Transfer(Actors.Handler, 7, "测试区分局", "理由"));
        Assert.True(e.NotPermitted);
    }

    [Fact]
    public void Void_AnsweredCase_IsCountedNowhere()
    {
        var c = Actors.NewCase(new DateOnly(2024, 3, 1));
        c.Withdraw(Actors.Registrar, new DateOnly(2024, 3, 5));
        Assert.NotNull(c.ToFacts());
        c.Void(Actors.Registrar, new DateOnly(2024, 3, 6), "模板示例行误导入");
        Assert.Equal(CaseState.Voided, c.State);
        Assert.Null(c.ToFacts());
        Assert.False(c.State.IsOpen());
        var table = Table3Statistics.Compute(new[] { c }.Select(x => x.ToFacts()).OfType<CaseFacts>(), 2024);
        Assert.Equal(0m, table.Value("一", "总计") ?? 0m);
    }

    [Fact]
    public void Void_WithoutReason_IsRefused()
    {
        var c = Actors.NewCase();
        Assert.Throws<CaseTransitionException>(() => c.Void(Actors.Registrar, new DateOnly(2024, 3, 6), " "));
        Assert.Equal(CaseState.Registered, c.State);
    }

    [Fact]
    public void Correct_ChangedName_ListsBeforeAndAfterAndCounts()
    {
        var c = Actors.NewCase();
        var fixedName = Actors.Person with { Name = "张叁" };
        var changes = c.Correct(Actors.Registrar, fixedName, c.Request, "姓名登记错误");
        Assert.Equal(["申请人：“张三”→“张叁”"], changes);
        Assert.Equal("张叁", c.Applicant.Name);
        Assert.Equal(1, c.CorrectionCount);
    }

    [Fact]
    public void Correct_ClosedCase_IsRefused()
    {
        var c = Actors.NewCase();
        c.Withdraw(Actors.Registrar, new DateOnly(2024, 3, 5));
        var e = Assert.Throws<CaseTransitionException>(() => c.Correct(Actors.Registrar, Actors.Person with { Name = "李四" }, c.Request, "错"));
        Assert.Contains("已办结", e.Message);
    }

    [Fact]
    public void Correct_NothingChanged_IsRefused()
    {
        var c = Actors.NewCase();
        Assert.Throws<CaseTransitionException>(() => c.Correct(Actors.Registrar, c.Applicant, c.Request, "无"));
    }
}

public class PauseOverWeekendTests
{
    [Fact]
    public void RefreshDeadline_FeeNoticeOnTheLastDay_IsNotOverdueOnTheFollowingSaturday()
    {
        var calendar = Gongkai.Cases.Calendar.WorkingDayCalendar.Official;
        var c = Actors.NewCase(new DateOnly(2024, 1, 24));
        c.Accept(Actors.Registrar);
        var due = c.RefreshDeadline(calendar, new DateOnly(2024, 1, 24)).AnswerDueOn!.Value;
        c.NoticeFee(Actors.Handler, due, Gongkai.Cases.Fees.FeeCalculator.PerPage(200), calendar);
        var saturday = due.AddDays(1);
        while (saturday.DayOfWeek != DayOfWeek.Saturday)
        {
            saturday = saturday.AddDays(1);
        }
        c.RefreshDeadline(calendar, saturday);
        Assert.True(c.DueOn >= saturday, $"due {c.DueOn} on {saturday}");
    }
}
