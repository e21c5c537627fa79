namespace Gongkai.Cases.Cases;

/// <summary>Everything that can be done to a case after registration.</summary>
public enum CaseAction
{
    Accept,
    RequestCorrection,
    ReceiveCorrection,
    LapseCorrection,
    StartConsultation,
    EndConsultation,
    NoticeFee,
    ReceivePayment,
    LapsePayment,
    SubmitForReview,
    Approve,
    Return,
    Answer,
    Archive,
    Extend,
    Withdraw,

    /// <summary>转交: hands the case to another agency of the tree; the date of receipt stays.</summary>
    Transfer,

    /// <summary>作废: a registration made in error.</summary>
    Void,
}

/// <summary>Which states an action starts from and which roles may take it — the workflow as data.</summary>
public sealed record TransitionRule(CaseAction Action, string Label, IReadOnlySet<CaseState> From, IReadOnlySet<StaffRole> Roles);

public static class CaseWorkflow
{
    private static readonly CaseState[] Open =
        [CaseState.Registered, CaseState.AwaitingCorrection, CaseState.InProgress, CaseState.Consulting, CaseState.AwaitingPayment, CaseState.InReview, CaseState.ReadyToAnswer];

    private static TransitionRule T(CaseAction a, string label, CaseState[] from, params StaffRole[] roles) =>
        new(a, label, from.ToHashSet(), roles.ToHashSet());

    /// <summary>
    /// The transitions. Approve and Return are further limited to the reviewer bound to the current
    /// stage (<see cref="ReviewChain.CanAct"/>); Extend to the approver, as head of the disclosure office (条例 第三十三条).
    /// </summary>
    public static IReadOnlyList<TransitionRule> Rules { get; } =
    [
        T(CaseAction.Accept, "受理办理", [CaseState.Registered], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.RequestCorrection, "告知补正", [CaseState.Registered, CaseState.InProgress], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.ReceiveCorrection, "收到补正", [CaseState.AwaitingCorrection], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.LapseCorrection, "逾期未补正", [CaseState.AwaitingCorrection], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.StartConsultation, "征求意见", [CaseState.InProgress], StaffRole.Handler),
        T(CaseAction.EndConsultation, "意见已回复", [CaseState.Consulting], StaffRole.Handler),
        T(CaseAction.NoticeFee, "发出收费通知", [CaseState.InProgress], StaffRole.Handler),
        T(CaseAction.ReceivePayment, "已缴费", [CaseState.AwaitingPayment], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.LapsePayment, "逾期未缴费", [CaseState.AwaitingPayment], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.SubmitForReview, "提交审核", [CaseState.InProgress], StaffRole.Handler),
        T(CaseAction.Approve, "审核通过", [CaseState.InReview], StaffRole.Reviewer, StaffRole.Approver),
        T(CaseAction.Return, "退回修改", [CaseState.InReview], StaffRole.Reviewer, StaffRole.Approver),
        T(CaseAction.Answer, "答复", [CaseState.ReadyToAnswer], StaffRole.Handler, StaffRole.Registrar),
        T(CaseAction.Archive, "归档", [CaseState.Answered, CaseState.Withdrawn], StaffRole.Registrar, StaffRole.Administrator),
        T(CaseAction.Extend, "延期答复", [CaseState.InProgress, CaseState.Consulting, CaseState.InReview, CaseState.ReadyToAnswer], StaffRole.Approver),
        T(CaseAction.Withdraw, "申请人撤回", Open, StaffRole.Registrar, StaffRole.Handler),
        T(CaseAction.Transfer, "转交其他机关", [CaseState.Registered, CaseState.InProgress, CaseState.AwaitingCorrection], StaffRole.Registrar),
        T(CaseAction.Void, "作废", [.. Open, CaseState.Answered, CaseState.Withdrawn], StaffRole.Registrar, StaffRole.Administrator),
    ];

    public static TransitionRule Rule(CaseAction action) => Rules.First(r => r.Action == action);

    /// <summary>Why <paramref name="actor"/>'s roles do not allow <paramref name="action"/> at all, or null.</summary>
    public static string? RoleRefusal(CaseAction action, Actor actor)
    {
        var rule = Rule(action);
        return rule.Roles.Any(actor.Has) ? null
            : $"“{rule.Label}”只能由{string.Join("或", rule.Roles.Order().Select(r => r.Label()))}操作，您的角色是：{actor.RoleNames}";
    }

    public static string Label(this CaseAction action) => Rule(action).Label;
}
