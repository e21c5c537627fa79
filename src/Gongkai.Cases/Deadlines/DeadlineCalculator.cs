using Gongkai.Cases.Calendar;

namespace Gongkai.Cases.Deadlines;

/// <summary>A case's deadlines and, in Chinese, how they were reached.</summary>
/// <param name="AnswerDueOn">The last day to answer (条例 第三十三条), after restarts, pauses and extension;
/// null while a 补正 is awaited, since the period only starts when the corrected application arrives.</param>
/// <param name="CorrectionNoticeDueOn">The last day to send a 补正 notice (第三十条: 7 working days from receipt).</param>
/// <param name="Provisional">True when a year the count runs through has no published schedule yet.</param>
public sealed record Deadline(
    DateOnly? AnswerDueOn,
    DateOnly CorrectionNoticeDueOn,
    int PausedWorkingDays,
    bool Provisional,
    IReadOnlyList<int> UnscheduledYears,
    IReadOnlyList<string> Explanation);

/// <summary>
/// 条例 第三十条: a 补正 notice within 7 working days; the answer period runs from receipt of the
/// corrected application. 第三十三条: answer within 20 working days, extendable once by at most 20 with
/// the approval of the head of the disclosure office; time spent consulting third parties or other
/// agencies is not counted.
/// </summary>
public static class DeadlineCalculator
{
    public const int AnswerWorkingDays = 20;
    public const int CorrectionNoticeWorkingDays = 7;
    public const int MaxExtensionWorkingDays = 20;

    public static Deadline Compute(CaseClock clock, WorkingDayCalendar calendar, DateOnly today)
    {
        if (clock.ExtensionWorkingDays is < 0 or > MaxExtensionWorkingDays)
        {
            throw new ArgumentOutOfRangeException(nameof(clock), $"延期不得超过{MaxExtensionWorkingDays}个工作日（条例第三十三条）");
        }
        var explanation = new List<string>();
        var correctionDue = calendar.AddWorkingDays(clock.ReceivedOn, CorrectionNoticeWorkingDays);
        var start = clock.ReceivedOn;
        explanation.Add($"{Format(clock.ReceivedOn)}收到申请，答复期限为{AnswerWorkingDays}个工作日（条例第三十三条）");
        if (clock.CorrectionReceivedOn is { } corrected)
        {
            start = corrected;
            explanation.Add($"{Format(corrected)}收到补正后的申请，答复期限自该日重新计算（条例第三十条）");
        }
        else if (clock.CorrectionRequestedOn is { } requested)
        {
            explanation.Add($"{Format(requested)}已告知补正，收到补正前答复期限不起算（条例第三十条）");
        }
        else
        {
            explanation.Add($"如需补正，应于{Format(correctionDue)}前一次性告知申请人（条例第三十条，7个工作日）");
        }
        if (clock.CorrectionRequestedOn is { } notice && notice > correctionDue)
        {
            explanation.Add($"补正告知晚于法定的{Format(correctionDue)}（收到申请后7个工作日）");
        }
        var due = calendar.AddWorkingDays(start, AnswerWorkingDays);

        // Time not counted in the answer period: consultations (条例 第三十三条第三款) and the wait for a fee
        // (国办函〔2020〕109号《政府信息公开信息处理费管理办法》, the article after 第五条 on notice and payment).
        var paused = 0;
        void Pause(DateOnly start, DateOnly? ended, Func<int, string> ongoing, Func<DateOnly, int, string> done)
        {
            var end = ended ?? today;
            if (end <= start)
            {
                return;
            }
            var days = calendar.WorkingDaysBetween(start, end);
            paused += days;
            explanation.Add(ended is null ? ongoing(days) : done(end, days));
        }
        foreach (var c in clock.Consultations ?? [])
        {
            Pause(c.StartedOn, c.EndedOn,
                days => $"{Format(c.StartedOn)}起征求意见，至今{days}个工作日不计入答复期限（条例第三十三条第三款）",
                (end, days) => $"{Format(c.StartedOn)}至{Format(end)}征求意见，{days}个工作日不计入答复期限（条例第三十三条第三款）");
        }
        if (clock.FeeWait is { } fee)
        {
            Pause(fee.NoticeOn, fee.PaidOn,
                days => $"{Format(fee.NoticeOn)}发出收费通知，等待缴费至今{days}个工作日不计入答复期限（国办函〔2020〕109号）",
                (end, days) => $"{Format(fee.NoticeOn)}发出收费通知，{Format(end)}缴费，{days}个工作日不计入答复期限（国办函〔2020〕109号）");
        }
        if (paused > 0)
        {
            due = calendar.AddWorkingDays(due, paused);
        }
        if (clock.ExtensionWorkingDays > 0)
        {
            due = calendar.AddWorkingDays(due, clock.ExtensionWorkingDays);
            explanation.Add($"经政府信息公开工作机构负责人同意延期{clock.ExtensionWorkingDays}个工作日（条例第三十三条第二款）");
        }
        var awaitingCorrection = clock.CorrectionRequestedOn is not null && clock.CorrectionReceivedOn is null;
        explanation.Add(awaitingCorrection ? "补正期间答复期限暂不计算" : $"答复期限至{Format(due)}");

        var unscheduled = calendar.UnscheduledYears(clock.ReceivedOn, due.Year > correctionDue.Year ? due : correctionDue);
        if (unscheduled.Count > 0)
        {
            explanation.Add($"{string.Join("、", unscheduled)}年的节假日安排尚未载入，期限暂按周一至周五计算，公布后将重新计算");
        }
        return new Deadline(awaitingCorrection ? null : due, correctionDue, paused, unscheduled.Count > 0, unscheduled, explanation);
    }

    private static string Format(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
}
