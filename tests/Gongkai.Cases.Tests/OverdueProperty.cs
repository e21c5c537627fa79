using Gongkai.Cases.Calendar;
using Gongkai.Cases.Cases;
using Gongkai.Cases.Fees;

namespace Gongkai.Cases.Tests;

/// <summary>
/// A property over random sequences of actions and passing days: once an open case is past its answer deadline
/// (条例 第三十三条) it stays on the overdue list until it is closed — no waiting state (补正, 征求意见, 待缴费) and no
/// extension started after the deadline takes it off (条例 第三十条、第三十三条, 国办函〔2020〕109号).
/// </summary>
public class OverdueProperty
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;
    private static readonly ReviewChain Chain = new([new ReviewStage("领导审批", StaffRole.Approver)]);
    private static readonly Actor Everyone = Actors.With(StaffRole.Registrar, StaffRole.Handler, StaffRole.Approver, StaffRole.Administrator);

    /// <summary>Another person for the approval: whoever submits may not approve (four eyes).</summary>
    private static readonly Actor Leader = new("leader", "领导", Actors.Agency, new HashSet<StaffRole> { StaffRole.Approver }, new HashSet<string>());

    private static readonly List<string> Log = [];

    private static bool Overdue(ApplicationCase c, DateOnly today) => c.State.IsOpen() && c.DueOn is { } due && due < today;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void NoActionOrWaitingStateEverHidesAnOverdueCase(int seed)
    {
        var random = new Random(seed);
        var actions = Enum.GetValues<CaseAction>();
        for (var run = 0; run < 1000; run++)
        {
            var today = new DateOnly(2024, 1, 2).AddDays(random.Next(0, 300));
            var c = Actors.NewCase(today);
            c.RefreshDeadline(Calendar, today);
            var wasOverdue = false;
            Log.Clear();
            for (var step = 0; step < 40 && c.State.IsOpen(); step++)
            {
                today = today.AddDays(random.Next(0, 6));
                var act = actions[random.Next(actions.Length)];
                try
                {
                    Perform(c, act, today, random);
                    Log.Add($"{today} {act} ok due={c.DueOn}");
                }
                catch (CaseTransitionException)
                {
                    // Refused: nothing changed, the property must still hold.
                }
                c.RefreshDeadline(Calendar, today);
                if (wasOverdue && c.State.IsOpen())
                {
                    Assert.True(Overdue(c, today), string.Join("\n", Log) + $"seed {seed} run {run} step {step}: case in state {c.State.Label()} left the overdue list on {today:yyyy-MM-dd} (due {c.DueOn:yyyy-MM-dd})");
                }
                wasOverdue = Overdue(c, today);
            }
        }
    }

    private static void Perform(ApplicationCase c, CaseAction action, DateOnly today, Random random)
    {
        switch (action)
        {
            case CaseAction.Accept: c.Accept(Everyone); break;
            case CaseAction.RequestCorrection: c.RequestCorrection(Everyone, today, "请写明时间范围", random.Next(1, 30), random.Next(2) == 0 ? null : "迟了", Calendar); break;
            case CaseAction.ReceiveCorrection: c.ReceiveCorrection(Everyone, today); break;
            case CaseAction.LapseCorrection: c.LapseCorrection(Everyone, today, Calendar); break;
            case CaseAction.StartConsultation: c.StartConsultation(Everyone, today, "第三方"); break;
            case CaseAction.EndConsultation: c.EndConsultation(Everyone, today); break;
            case CaseAction.NoticeFee: c.NoticeFee(Everyone, today, FeeCalculator.PerPage(random.Next(31, 300)), Calendar); break;
            case CaseAction.ReceivePayment: c.ReceivePayment(Everyone, today, Calendar); break;
            case CaseAction.LapsePayment: c.LapsePayment(Everyone, today, Calendar); break;
            case CaseAction.SubmitForReview: c.SubmitForReview(Everyone, "三.一", "条例第三十六条", "予以公开", Chain); break;
            case CaseAction.Approve: c.Approve(Leader, Chain, null); break;
            case CaseAction.Return: c.Return(Everyone, Chain, "请修改"); break;
            case CaseAction.Answer: c.Answer(Everyone, today); break;
            case CaseAction.Archive: c.Archive(Everyone); break;
            case CaseAction.Extend: c.Extend(Everyone, random.Next(1, 21), "需要调取档案", Calendar, today); break;
            case CaseAction.Withdraw: c.Withdraw(Everyone, today); break;
            case CaseAction.Transfer: c.Transfer(Everyone, Actors.Agency + 1, "另一机关", "转交"); break;
            case CaseAction.Void: c.Void(Everyone, today, "登记错误"); break;
        }
    }
}
