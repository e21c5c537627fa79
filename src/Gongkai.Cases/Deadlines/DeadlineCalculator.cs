using Gongkai.Cases.Calendar;

namespace Gongkai.Cases.Deadlines;

/// <summary>A case's deadlines and, in Chinese, how they were reached.</summary>
/// <param name="AnswerDueOn">The last day to answer (条例 第三十三条), after restarts, pauses and extension;
/// null while a 补正 is awaited, since the period only starts when the corrected application arrives.</param>
/// <param name="CorrectionNoticeDueOn">The last day to send a 补正 notice (第三十条: 7 working days from receipt).</param>
/// <param name="Provisional">True when a year the count runs through has no published schedule yet.</param>
/// <param name="CorrectionPeriodEndsOn">While a 补正 is awaited: the last day of the period the notice gave the applicant;
/// only after it may the case be closed as 逾期不补正 (第三十条).</param>
public sealed record Deadline(
    DateOnly? AnswerDueOn,
    DateOnly CorrectionNoticeDueOn,
    int PausedWorkingDays,
    bool Provisional,
    IReadOnlyList<int> UnscheduledYears,
    IReadOnlyList<string> Explanation,
    DateOnly? CorrectionPeriodEndsOn = null)
{
    /// <summary>Whether the 补正 notice went out after the 7 working days of 第三十条.</summary>
    public bool CorrectionNoticeLate(DateOnly? requestedOn) => requestedOn > CorrectionNoticeDueOn;
}

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
        explanation.Add($"{Format(clock.ReceivedOn)}收到申请，答复期限为{AnswerWorkingDays}个工作日（条例第三十三条）");
        var fromReceipt = calendar.AddWorkingDays(clock.ReceivedOn, AnswerWorkingDays);

        var correctionCounts = CorrectionCounts(clock, fromReceipt);
        var start = clock.ReceivedOn;
        if (clock.CorrectionRequestedOn is { } requested && !correctionCounts)
        {
            explanation.Add($"{Format(requested)}告知补正时答复期限（{Format(fromReceipt)}）已届满，补正不重新计算答复期限");
        }
        else if (clock.CorrectionReceivedOn is { } corrected)
        {
            start = corrected;
            explanation.Add($"{Format(corrected)}收到补正后的申请，答复期限自该日重新计算（条例第三十条）");
        }
        else if (clock.CorrectionRequestedOn is { } notified)
        {
            explanation.Add($"{Format(notified)}已告知补正，收到补正前答复期限不起算（条例第三十条）");
        }
        else
        {
            explanation.Add($"如需补正，应于{Format(correctionDue)}前一次性告知申请人（条例第三十条，7个工作日）");
        }
        if (clock.CorrectionRequestedOn is { } notice && notice > correctionDue)
        {
            explanation.Add($"补正告知晚于法定的{Format(correctionDue)}（收到申请后7个工作日）");
        }
        var awaitingCorrection = correctionCounts && clock.CorrectionReceivedOn is null;
        var correctionPeriodEnds = CorrectionPeriodEndsOn(clock, calendar, correctionCounts);
        if (correctionPeriodEnds is { } periodEnds)
        {
            var from = clock.CorrectionDeliveredOn is { } delivered
                ? $"自{Format(delivered)}补正告知书送达之日起计算"
                : $"自{Format(clock.CorrectionRequestedOn!.Value)}告知之日起计算（送达日期未登记）";
            explanation.Add($"补正期限{clock.CorrectionPeriodWorkingDays}个工作日，{from}，至{Format(periodEnds)}；期满未补正的视为放弃申请（条例第三十条）");
        }
        var due = start == clock.ReceivedOn ? fromReceipt : calendar.AddWorkingDays(start, AnswerWorkingDays);
        if (clock.ExtensionWorkingDays > 0)
        {
            due = calendar.AddWorkingDays(due, clock.ExtensionWorkingDays);
            explanation.Add($"经政府信息公开工作机构负责人同意延期{clock.ExtensionWorkingDays}个工作日（条例第三十三条第二款）");
        }

        // Time not counted in the answer period: consultations (条例 第三十三条第三款) and the wait for a fee
        // (国办函〔2020〕109号《政府信息公开信息处理费管理办法》, the article after 第五条 on notice and payment).
        // A pause counts only if it began while the period still ran: a period already over cannot be paused,
        // so no waiting state ever takes an overdue case off the overdue list.
        var pauses = (clock.Consultations ?? []).Select(c => (c.StartedOn, Ended: c.EndedOn, Fee: false))
            .Concat(clock.FeeWait is { } f ? [(f.NoticeOn, Ended: f.PaidOn, Fee: true)] : [])
            .OrderBy(p => p.StartedOn).ToList();
        var paused = 0;
        foreach (var (began, ended, fee) in pauses)
        {
            var what = fee ? "发出收费通知" : "征求意见";
            if (began > due)
            {
                explanation.Add($"{Format(began)}{what}时答复期限（{Format(due)}）已届满，该期间不再暂停答复期限");
                continue;
            }
            // A pause still running covers today and, on a weekend or holiday, up to the next working day: otherwise a
            // case paused on its last day would count as overdue on Saturday and not on Monday.
            var end = ended ?? (calendar.IsWorkingDay(today) ? today : calendar.AddWorkingDays(today, 1));
            if (end <= began)
            {
                continue;
            }
            var days = calendar.WorkingDaysBetween(began, end);
            paused += days;
            due = calendar.AddWorkingDays(due, days);
            var basis = fee ? "国办函〔2020〕109号" : "条例第三十三条第三款";
            explanation.Add(ended is null
                ? (fee ? $"{Format(began)}发出收费通知，等待缴费至今{days}个工作日不计入答复期限（{basis}）"
                    : $"{Format(began)}起征求意见，至今{days}个工作日不计入答复期限（{basis}）")
                : (fee ? $"{Format(began)}发出收费通知，{Format(end)}缴费，{days}个工作日不计入答复期限（{basis}）"
                    : $"{Format(began)}至{Format(end)}征求意见，{days}个工作日不计入答复期限（{basis}）"));
        }
        explanation.Add(awaitingCorrection ? "补正期间答复期限暂不计算" : $"答复期限至{Format(due)}");

        var last = new[] { due, correctionDue, correctionPeriodEnds ?? due }.Max();
        var unscheduled = calendar.UnscheduledYears(clock.ReceivedOn, last);
        if (unscheduled.Count > 0)
        {
            explanation.Add($"{string.Join("、", unscheduled)}年的节假日安排尚未载入，期限暂按周末和《全国年节及纪念日放假办法》规定的节日计算（未计调休），公布后将重新计算");
        }
        return new Deadline(awaitingCorrection ? null : due, correctionDue, paused, unscheduled.Count > 0, unscheduled, explanation, correctionPeriodEnds);
    }

    /// <summary>
    /// While a 补正 is awaited, the last day of the period its notice gave (counted from the day after the notice reached the
    /// applicant when that day is recorded, else from the day after the notice);
    /// null when none is awaited, the notice set no period, or the notice came too late to count.
    /// </summary>
    public static DateOnly? CorrectionPeriodEndsOn(CaseClock clock, WorkingDayCalendar calendar) =>
        CorrectionPeriodEndsOn(clock, calendar, CorrectionCounts(clock, calendar.AddWorkingDays(clock.ReceivedOn, AnswerWorkingDays)));

    private static DateOnly? CorrectionPeriodEndsOn(CaseClock clock, WorkingDayCalendar calendar, bool correctionCounts) =>
        correctionCounts && clock.CorrectionReceivedOn is null && clock.CorrectionPeriodWorkingDays is { } days
            ? calendar.AddWorkingDays(clock.CorrectionDeliveredOn ?? clock.CorrectionRequestedOn!.Value, days)
            : null;

    /// <summary>
    /// A 补正 notice restarts the period only if it went out while the period ran: one sent after the deadline
    /// (refused today, but possible in an imported ledger) cannot take an overdue case off the clock.
    /// </summary>
    private static bool CorrectionCounts(CaseClock clock, DateOnly answerDueFromReceipt) =>
        clock.CorrectionRequestedOn is { } asked && asked <= answerDueFromReceipt;

    private static string Format(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
}
