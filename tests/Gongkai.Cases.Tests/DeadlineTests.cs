using Gongkai.Cases.Calendar;
using Gongkai.Cases.Deadlines;

namespace Gongkai.Cases.Tests;

/// <summary>Deadlines on the official calendar; expected dates counted by hand from the notices.</summary>
public class DeadlineTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static Deadline Compute(CaseClock clock) => DeadlineCalculator.Compute(clock, Calendar, Today);

    [Fact]
    public void ReceivedJustBeforeNationalDay_SkipsTheHolidayAndCountsMakeUpDays()
    {
        var d = Compute(new CaseClock(new DateOnly(2024, 9, 27)));
        Assert.Equal(new DateOnly(2024, 10, 30), d.AnswerDueOn);
        Assert.Equal(new DateOnly(2024, 10, 12), d.CorrectionNoticeDueOn);
        Assert.False(d.Provisional);
    }

    [Fact]
    public void ReceivedJustBeforeSpringFestival_SkipsTheHoliday() =>
        Assert.Equal(new DateOnly(2025, 2, 27), Compute(new CaseClock(new DateOnly(2025, 1, 24))).AnswerDueOn);

    [Fact]
    public void ReceivedOnAMakeUpWorkingSaturday_CountsFromThatDay() =>
        Assert.Equal(new DateOnly(2024, 11, 8), Compute(new CaseClock(new DateOnly(2024, 10, 12))).AnswerDueOn);

    [Fact]
    public void Correction_RestartsTheTwentyDaysFromTheCorrectedApplication()
    {
        var d = Compute(new CaseClock(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 5), new DateOnly(2024, 3, 20)));
        Assert.Equal(new DateOnly(2024, 4, 18), d.AnswerDueOn);
        Assert.Contains(d.Explanation, e => e.Contains("重新计算", StringComparison.Ordinal));
    }

    [Fact]
    public void CorrectionNoticeDeadline_IsExplained() =>
        Assert.Contains(Compute(new CaseClock(new DateOnly(2024, 9, 27))).Explanation, e => e.Contains("应于2024年10月12日前一次性告知", StringComparison.Ordinal));

    [Fact]
    public void LateCorrectionNotice_IsPointedOut() =>
        Assert.Contains(Compute(new CaseClock(new DateOnly(2024, 9, 27), new DateOnly(2024, 10, 20))).Explanation, e => e.Contains("补正告知晚于法定的", StringComparison.Ordinal));

    [Fact]
    public void AwaitingCorrection_HasNoAnswerDeadline()
    {
        var d = Compute(new CaseClock(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 5)));
        Assert.Null(d.AnswerDueOn);
    }

    [Fact]
    public void CorrectionPeriod_WithADeliveryRecorded_RunsFromTheDelivery()
    {
        // Notice on Tuesday 2024-03-05, 5 working days; posted, it arrived on Friday 2024-03-08.
        var fromNotice = Compute(new CaseClock(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 5), CorrectionPeriodWorkingDays: 5));
        var fromDelivery = Compute(new CaseClock(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 5), CorrectionPeriodWorkingDays: 5, CorrectionDeliveredOn: new DateOnly(2024, 3, 8)));
        Assert.Equal(new DateOnly(2024, 3, 12), fromNotice.CorrectionPeriodEndsOn);
        Assert.Equal(new DateOnly(2024, 3, 15), fromDelivery.CorrectionPeriodEndsOn);
        Assert.Contains(fromNotice.Explanation, e => e.Contains("送达日期未登记", StringComparison.Ordinal));
        Assert.Contains(fromDelivery.Explanation, e => e.Contains("自2024年3月8日补正告知书送达之日起计算，至2024年3月15日", StringComparison.Ordinal));
    }

    [Fact]
    public void Consultation_WorkingDaysSpentAreNotCounted()
    {
        var d = Compute(new CaseClock(new DateOnly(2024, 5, 6), Consultations: [new Consultation(new DateOnly(2024, 5, 10), new DateOnly(2024, 5, 24))]));
        Assert.Equal(11, d.PausedWorkingDays); // includes Saturday 2024-05-11, a make-up working day
        Assert.Equal(new DateOnly(2024, 6, 18), d.AnswerDueOn);
    }

    [Fact]
    public void Extension_AddsItsWorkingDays()
    {
        var d = Compute(new CaseClock(new DateOnly(2024, 5, 6), ExtensionWorkingDays: 20));
        Assert.Equal(new DateOnly(2024, 7, 1), d.AnswerDueOn);
        Assert.Contains(d.Explanation, e => e.Contains("延期20个工作日", StringComparison.Ordinal));
    }

    [Fact]
    public void Extension_OverTwentyDays_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Compute(new CaseClock(new DateOnly(2024, 5, 6), ExtensionWorkingDays: 21)));

    [Fact]
    public void DeadlineInAYearWithoutSchedule_IsProvisional()
    {
        var d = Compute(new CaseClock(new DateOnly(2026, 12, 10)));
        Assert.True(d.Provisional);
        Assert.Equal([2027], d.UnscheduledYears);
        Assert.Equal(new DateOnly(2027, 1, 8), d.AnswerDueOn); // 2027-01-01 (元旦) is skipped
        Assert.Contains(d.Explanation, e => e.Contains("2027年的节假日安排尚未载入", StringComparison.Ordinal));
    }

    [Fact]
    public void DeadlineRunningThroughSpringFestival2027_WithoutNotice_SkipsTheStatutoryDaysAndIsProvisional()
    {
        // 2027-02-05 (除夕, Friday) and 2027-02-08 (初三, Monday) are statutory holidays: 17 Feb becomes 19 Feb.
        var d = Compute(new CaseClock(new DateOnly(2027, 1, 20)));
        Assert.True(d.Provisional);
        Assert.Equal(new DateOnly(2027, 2, 19), d.AnswerDueOn);
    }

    [Fact]
    public void DeadlineIn2027_AfterTheNoticeIsLoaded_FollowsTheNoticeAndIsNotProvisional()
    {
        // A (made-up) notice that lists only 元旦: the fallback's 春节 days no longer apply.
        var loaded = Calendar.WithYear(2027, WorkingDayCalendar.ParseSchedule("2027-01-01\tholiday\t元旦"));
        var d = DeadlineCalculator.Compute(new CaseClock(new DateOnly(2027, 1, 20)), loaded, Today);
        Assert.False(d.Provisional);
        Assert.Equal(new DateOnly(2027, 2, 17), d.AnswerDueOn);
    }

    [Fact]
    public void FeeWait_FromNoticeToPayment_IsNotCounted()
    {
        var plain = Compute(new CaseClock(new DateOnly(2024, 5, 6)));
        var d = Compute(new CaseClock(new DateOnly(2024, 5, 6), FeeWait: new FeeWait(new DateOnly(2024, 5, 13), new DateOnly(2024, 5, 20))));
        Assert.Equal(5, d.PausedWorkingDays);
        Assert.True(d.AnswerDueOn > plain.AnswerDueOn);
        Assert.Contains(d.Explanation, e => e.Contains("国办函〔2020〕109号", StringComparison.Ordinal));
    }
}
