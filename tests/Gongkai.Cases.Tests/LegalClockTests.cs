using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Deadlines;
using Gongkai.Cases.Fees;

namespace Gongkai.Cases.Tests;

/// <summary>
/// The 补正 and fee clocks as the law has them; a case received Friday 2024-03-01 (no holidays in March 2024):
/// 补正 notice due 2024-03-12 (7 working days), answer due 2024-03-29 (20 working days).
/// </summary>
public class LegalClockTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;
    private static readonly DateOnly Received = new(2024, 3, 1);

    private static ApplicationCase InProgress()
    {
        var c = Actors.NewCase(Received);
        c.Accept(Actors.Handler);
        return c;
    }

    [Fact]
    public void RecordCorrectionDelivery_TheEarliestDeliveryCounts_NotOneBeforeTheNoticeOrAfterTheReply()
    {
        var c = InProgress();
        c.RequestCorrection(Actors.Handler, new DateOnly(2024, 3, 4), "请写明所需信息的时间范围", 5, null, Calendar);
        Assert.False(c.RecordCorrectionDelivery(new DateOnly(2024, 3, 1)));
        Assert.True(c.RecordCorrectionDelivery(new DateOnly(2024, 3, 7)));
        Assert.Equal(new DateOnly(2024, 3, 14), c.CorrectionPeriodEndsOn(Calendar));
        Assert.True(c.RecordCorrectionDelivery(new DateOnly(2024, 3, 6)));
        Assert.False(c.RecordCorrectionDelivery(new DateOnly(2024, 3, 8)));
        Assert.Equal(new DateOnly(2024, 3, 6), c.CorrectionDeliveredOn);
        c.ReceiveCorrection(Actors.Handler, new DateOnly(2024, 3, 8));
        Assert.False(c.RecordCorrectionDelivery(new DateOnly(2024, 3, 5)));
    }

    [Fact]
    public void RequestCorrection_WithinSevenWorkingDays_KeepsItsPeriodAndIsNotLate_Article30()
    {
        var c = InProgress();
        var record = c.RequestCorrection(Actors.Handler, new DateOnly(2024, 3, 4), "请写明所需信息的时间范围", 15, null, Calendar);
        Assert.Equal(15, c.CorrectionPeriodWorkingDays);
        Assert.Null(c.CorrectionLateReason);
        Assert.Contains("补正期限15个工作日", record.Summary);
        Assert.DoesNotContain("逾期告知", record.Summary);
        var deadline = c.RefreshDeadline(Calendar, new DateOnly(2024, 3, 5));
        Assert.Equal(new DateOnly(2024, 3, 25), deadline.CorrectionPeriodEndsOn);
        Assert.Equal(new DateOnly(2024, 3, 25), c.WaitsUntil);
        Assert.Null(c.DueOn);
    }

    [Fact]
    public void RequestCorrection_AfterSevenWorkingDaysWithoutReason_IsRefusedNamingTheLastDay_Article30()
    {
        var c = InProgress();
        var e = Assert.Throws<CaseTransitionException>(() => c.RequestCorrection(Actors.Handler, new DateOnly(2024, 3, 13), "请写明时间范围", 15, null, Calendar));
        Assert.Contains("2024-03-12", e.Message);
        Assert.Contains("理由", e.Message);
        Assert.Equal(CaseState.InProgress, c.State);
    }

    [Fact]
    public void RequestCorrection_AfterSevenWorkingDaysWithReason_IsMarkedLateInTheCaseAndItsRecord_Article30()
    {
        var c = InProgress();
        var record = c.RequestCorrection(Actors.Handler, new DateOnly(2024, 3, 13), "请写明时间范围", 10, "承办人出差，3月13日才审查", Calendar);
        Assert.Equal("承办人出差，3月13日才审查", c.CorrectionLateReason);
        Assert.Contains("逾期告知（法定告知期限2024-03-12）", record.Summary);
        Assert.Contains("承办人出差", record.Summary);
    }

    [Fact]
    public void RequestCorrection_AfterTheAnswerDeadline_IsRefused_Articles30And33()
    {
        var c = InProgress();
        var e = Assert.Throws<CaseTransitionException>(() => c.RequestCorrection(Actors.Handler, new DateOnly(2024, 4, 1), "请写明时间范围", 15, "迟了", Calendar));
        Assert.Contains("答复期限已于2024-03-29届满", e.Message);
    }

    [Fact]
    public void RequestCorrection_PeriodOutsideOneToSixty_IsRefused()
    {
        var c = InProgress();
        Assert.Contains("1至60个工作日", Assert.Throws<CaseTransitionException>(() => c.RequestCorrection(Actors.Handler, new DateOnly(2024, 3, 4), "事项", 0, null, Calendar)).Message);
    }

    [Fact]
    public void LapseCorrection_BeforeThePeriodEnds_IsRefusedWithTheFirstPossibleDay_Article30()
    {
        var c = InProgress();
        c.RequestCorrection(Actors.Handler, new DateOnly(2024, 3, 4), "请写明时间范围", 15, null, Calendar);
        var e = Assert.Throws<CaseTransitionException>(() => c.LapseCorrection(Actors.Handler, new DateOnly(2024, 3, 25), Calendar));
        Assert.Contains("补正期限至2024-03-25", e.Message);
        Assert.Contains("2024-03-26起可以办理", e.Message);
        Assert.Equal(CaseState.AwaitingCorrection, c.State);
        c.LapseCorrection(Actors.Handler, new DateOnly(2024, 3, 26), Calendar);
        Assert.Equal("三.六.1", c.OutcomeRow);
    }

    [Fact]
    public void NoticeFee_NothingToPay_RefusalNamesTheBasisOnce()
    {
        var c = InProgress();
        // 30 pages or fewer are free (国办函〔2020〕109号 第五条).
        var e = Assert.Throws<CaseTransitionException>(() => c.NoticeFee(Actors.Handler, new DateOnly(2024, 3, 5), FeeCalculator.PerPage(20), Calendar));
        Assert.StartsWith("按量计收，本申请不收费", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("按按", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoticeFee_AfterTheAnswerDeadline_IsRefused_Circular109()
    {
        var c = InProgress();
        var e = Assert.Throws<CaseTransitionException>(() => c.NoticeFee(Actors.Handler, new DateOnly(2024, 4, 1), FeeCalculator.PerPage(250), Calendar));
        Assert.Contains("收费通知应在答复期限内发出", e.Message);
    }

    [Fact]
    public void FeeWait_PausesTheAnswerPeriodAndShowsThePaymentDayAsTheWaitingDate_Circular109()
    {
        var c = InProgress();
        c.NoticeFee(Actors.Handler, new DateOnly(2024, 3, 15), FeeCalculator.PerPage(250), Calendar);
        var deadline = c.RefreshDeadline(Calendar, new DateOnly(2024, 3, 22));
        Assert.Equal(5, deadline.PausedWorkingDays);
        Assert.Equal(new DateOnly(2024, 4, 8), c.DueOn); // 3-29 plus 5 working days, over 清明 4-4…4-6 (4-7 a make-up working Sunday)
        Assert.Equal(c.PaymentDueOn(Calendar), c.WaitsUntil);
        Assert.Equal(Calendar.AddWorkingDays(new DateOnly(2024, 3, 15), 20), c.WaitsUntil);
    }

    [Fact]
    public void Extend_AfterTheAnswerDeadline_IsRefused_Article33()
    {
        var c = InProgress();
        var e = Assert.Throws<CaseTransitionException>(() => c.Extend(Actors.Approver, 10, "需要调取档案", Calendar, new DateOnly(2024, 4, 1)));
        Assert.Contains("不能再延期", e.Message);
    }

    [Fact]
    public void Consultation_StartedAfterTheDeadline_DoesNotTakeTheCaseOffTheOverdueList_Article33()
    {
        var c = InProgress();
        c.StartConsultation(Actors.Handler, new DateOnly(2024, 4, 2), "第三方公司");
        c.RefreshDeadline(Calendar, new DateOnly(2024, 4, 20));
        Assert.Equal(new DateOnly(2024, 3, 29), c.DueOn);
        Assert.Contains(c.RefreshDeadline(Calendar, new DateOnly(2024, 4, 20)).Explanation, l => l.Contains("不再暂停答复期限", StringComparison.Ordinal));
    }

    [Fact]
    public void ImportedLateCorrection_DoesNotRestartAnExpiredPeriod()
    {
        var d = DeadlineCalculator.Compute(new CaseClock(Received, CorrectionRequestedOn: new DateOnly(2024, 4, 2), CorrectionPeriodWorkingDays: 15), Calendar, new DateOnly(2024, 4, 10));
        Assert.Equal(new DateOnly(2024, 3, 29), d.AnswerDueOn);
        Assert.Null(d.CorrectionPeriodEndsOn);
    }
}
