using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;

namespace Gongkai.Cases.Tests;

public class WorkflowTests
{
    private static readonly DateOnly Day = new(2024, 3, 8);
    private static readonly ReviewChain Chain = ReviewChain.SixStage;
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;

    private static ApplicationCase InReview()
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Handler);
        c.SubmitForReview(Actors.Handler, "三.一", "条例第三十六条第二项", "予以公开，见附件。", Chain);
        return c;
    }

    [Fact]
    public void WholeChain_ApprovedStageByStage_EndsAnsweredWithItsOutcome()
    {
        var c = InReview();
        foreach (var stage in Chain.Stages)
        {
            Assert.Equal(CaseState.InReview, c.State);
            var actor = stage.Role == StaffRole.Approver ? Actors.Approver : Actors.Reviewer(stage.Name);
            c.Approve(actor, Chain, "同意");
        }
        Assert.Equal(CaseState.ReadyToAnswer, c.State);
        var record = c.Answer(Actors.Handler, Day);
        Assert.Equal(CaseState.Answered, c.State);
        Assert.Equal(Day, c.ClosedOn);
        Assert.Equal("三.一", c.OutcomeRow);
        Assert.Equal(CaseState.ReadyToAnswer, record.From);
        c.Archive(Actors.Registrar);
        Assert.Equal(CaseState.Archived, c.State);
    }

    [Fact]
    public void Approve_ReviewerOfAnotherStage_IsRefusedNamingTheStage()
    {
        var c = InReview();
        var e = Assert.Throws<CaseTransitionException>(() => c.Approve(Actors.Reviewer("法制部门法核"), Chain, null));
        Assert.Contains("承办单位负责人审签", e.Message);
        Assert.Equal(0, c.ReviewStage);
    }

    [Fact]
    public void Return_GoesBackToTheHandlerWithTheComment()
    {
        var c = InReview();
        c.Approve(Actors.Reviewer("承办单位负责人审签"), Chain, null);
        c.Return(Actors.Reviewer("法制部门法核"), Chain, "法律依据引用有误");
        Assert.Equal(CaseState.InProgress, c.State);
        Assert.Equal(0, c.ReviewStage);
        Assert.Equal("法律依据引用有误", c.LastComment);
    }

    [Fact]
    public void WrongRole_IsRefusedNamingAllowedRolesAndTheActorsRoles()
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Handler);
        var e = Assert.Throws<CaseTransitionException>(() => c.SubmitForReview(Actors.Registrar, "三.一", "依据", "答复", Chain));
        Assert.Equal("“提交审核”只能由承办人操作，您的角色是：登记员", e.Message);
    }

    [Fact]
    public void Supervisor_CanChangeNothing()
    {
        var c = Actors.NewCase();
        Assert.Throws<CaseTransitionException>(() => c.Accept(Actors.With(StaffRole.Supervisor)));
        Assert.Equal(CaseState.Registered, c.State);
    }

    [Fact]
    public void OtherAgency_IsRefused()
    {
        var c = Actors.NewCase();
        var stranger = Actors.Handler with { AgencyId = 2 };
        Assert.Equal("只能办理本机关的申请", Assert.Throws<CaseTransitionException>(() => c.Accept(stranger)).Message);
    }

    [Fact]
    public void WrongState_IsRefusedNamingTheState()
    {
        var c = Actors.NewCase();
        var e = Assert.Throws<CaseTransitionException>(() => c.Answer(Actors.Handler, Day));
        Assert.Equal("申请当前状态为“登记”，不能“答复”", e.Message);
    }

    [Fact]
    public void WrongRoleOrAgency_IsARefusalOfPermission()
    {
        var c = Actors.NewCase();
        Assert.True(Assert.Throws<CaseTransitionException>(() => c.Accept(Actors.With(StaffRole.Supervisor))).NotPermitted);
        Assert.True(Assert.Throws<CaseTransitionException>(() => c.Accept(Actors.Handler with { AgencyId = 2 })).NotPermitted);
    }

    [Fact]
    public void WrongStateOrPeriod_IsARefusalByRuleNotOfPermission()
    {
        var c = Actors.NewCase();
        Assert.False(Assert.Throws<CaseTransitionException>(() => c.Answer(Actors.Handler, Day)).NotPermitted);
        c.Accept(Actors.Handler);
        c.Extend(Actors.Approver, 10, "需要调取档案", Calendar, Day);
        Assert.False(Assert.Throws<CaseTransitionException>(() => c.Extend(Actors.Approver, 5, "再延", Calendar, Day)).NotPermitted);
    }

    [Fact]
    public void Extension_OnlyOnceAndOnlyByTheApprover()
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Handler);
        Assert.Throws<CaseTransitionException>(() => c.Extend(Actors.Handler, 10, "需要调取档案", Calendar, Day));
        c.Extend(Actors.Approver, 10, "需要调取档案", Calendar, Day);
        Assert.Equal(10, c.ExtensionWorkingDays);
        Assert.Contains("已延期过一次", Assert.Throws<CaseTransitionException>(() => c.Extend(Actors.Approver, 5, "再延", Calendar, Day)).Message);
    }

    [Fact]
    public void Extension_OverTwentyDays_IsRefused()
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Handler);
        Assert.Contains("1至20个工作日", Assert.Throws<CaseTransitionException>(() => c.Extend(Actors.Approver, 21, "理由", Calendar, Day)).Message);
    }

    [Fact]
    public void Correction_OnceOnly_AndLapseClosesAsSixOne()
    {
        var c = Actors.NewCase();
        c.RequestCorrection(Actors.Registrar, new DateOnly(2024, 3, 4), "请明确所需信息的时间范围", 15, null, Calendar);
        Assert.Equal(CaseState.AwaitingCorrection, c.State);
        c.LapseCorrection(Actors.Registrar, new DateOnly(2024, 4, 4), Calendar);
        Assert.Equal("三.六.1", c.OutcomeRow);
        Assert.Equal(CaseState.Answered, c.State);
        Assert.Equal(new DateOnly(2024, 4, 4), c.ClosedOn);
    }

    [Fact]
    public void Correction_Received_RestartsClockAndReturnsToHandling()
    {
        var c = Actors.NewCase();
        c.RequestCorrection(Actors.Registrar, new DateOnly(2024, 3, 4), "请明确时间范围", 15, null, Calendar);
        c.ReceiveCorrection(Actors.Registrar, new DateOnly(2024, 3, 11));
        Assert.Equal(CaseState.InProgress, c.State);
        Assert.Equal(new DateOnly(2024, 3, 11), c.Clock.CorrectionReceivedOn);
        Assert.Contains("一次性告知", Assert.Throws<CaseTransitionException>(() => c.RequestCorrection(Actors.Handler, Day, "再补", 15, null, Calendar)).Message);
    }

    [Fact]
    public void Consultation_IsRecordedAsAPause()
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Handler);
        c.StartConsultation(Actors.Handler, new DateOnly(2024, 3, 5), "第三方某公司");
        Assert.Equal(CaseState.Consulting, c.State);
        c.EndConsultation(Actors.Handler, new DateOnly(2024, 3, 12));
        var period = Assert.Single(c.Clock.Consultations!);
        Assert.Equal(new DateOnly(2024, 3, 12), period.EndedOn);
    }

    [Fact]
    public void Withdraw_ClosesAsSixThree()
    {
        var c = Actors.NewCase();
        c.Withdraw(Actors.Registrar, Day);
        Assert.Equal(CaseState.Withdrawn, c.State);
        Assert.Equal("三.六.3", c.OutcomeRow);
    }

    [Fact]
    public void SubmitForReview_UnknownOutcome_IsRefused()
    {
        var c = Actors.NewCase();
        c.Accept(Actors.Handler);
        Assert.Contains("三.一至三.六.3", Assert.Throws<CaseTransitionException>(() => c.SubmitForReview(Actors.Handler, "三.七", "依据", "答复", Chain)).Message);
    }

    [Fact]
    public void DatesBeforeReceipt_AreRefused() =>
        Assert.Contains("不能早于收到申请日期", Assert.Throws<CaseTransitionException>(() => Actors.NewCase().Withdraw(Actors.Registrar, new DateOnly(2024, 2, 1))).Message);

    [Fact]
    public void EveryTransition_ChangesTheVersion()
    {
        var c = Actors.NewCase();
        var before = c.Version;
        c.Accept(Actors.Handler);
        Assert.NotEqual(before, c.Version);
    }

    [Fact]
    public void Applicant_IdNumberIsMaskedAndOnlyStoredProtected()
    {
        Assert.Equal("4101**********1234", Actors.Person.MaskedIdNumber);
        Assert.DoesNotContain("410102199001011234", Actors.Person.ToString());
    }
}
