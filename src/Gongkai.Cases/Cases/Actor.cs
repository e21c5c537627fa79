namespace Gongkai.Cases.Cases;

/// <summary>The staff member acting: their agency, roles and, for reviewers, the review stages they act on.</summary>
public sealed record Actor(string UserId, string DisplayName, int AgencyId, IReadOnlySet<StaffRole> Roles, IReadOnlySet<string> ReviewStages)
{
    public bool Has(StaffRole role) => Roles.Contains(role);

    public string RoleNames => Roles.Count == 0 ? "无" : string.Join("、", Roles.Order().Select(r => r.Label()));
}

/// <summary>One stage of an agency's review chain, e.g. 法制部门法核 (审核人) or 主管局领导审批 (审批领导).</summary>
public sealed record ReviewStage(string Name, StaffRole Role);

/// <summary>The ordered review stages an answer passes before it goes out; configured per agency.</summary>
public sealed record ReviewChain(IReadOnlyList<ReviewStage> Stages)
{
    /// <summary>
    /// An agency's stricter separation of duties (never looser than the base rule of <see cref="ApplicationCase.FourEyesRefusal"/>):
    /// the case's handler and whoever registered it may not review it either.
    /// </summary>
    public bool StrictSeparation { get; init; }

    /// <summary>The six-stage chain seed 000 (祥符区公安局) describes.</summary>
    public static ReviewChain SixStage { get; } = new(
    [
        new("承办单位负责人审签", StaffRole.Reviewer),
        new("法制部门法核", StaffRole.Reviewer),
        new("保密部门密核", StaffRole.Reviewer),
        new("指挥中心文核", StaffRole.Reviewer),
        new("宣传部门意见", StaffRole.Reviewer),
        new("主管局领导审批", StaffRole.Approver),
    ]);

    /// <summary>Whether <paramref name="actor"/> holds the role and stage binding of <paramref name="stage"/>; four eyes are checked by the case.</summary>
    public bool CanAct(Actor actor, int stage) =>
        stage >= 0 && stage < Stages.Count && actor.Has(Stages[stage].Role)
        && (Stages[stage].Role != StaffRole.Reviewer || actor.ReviewStages.Contains(Stages[stage].Name));
}

/// <summary>
/// A refused transition; the message says in Chinese why. <see cref="NotPermitted"/> tells the two kinds apart: the
/// actor may not do this at all (another agency's case, a role or review stage not theirs), or the rules refuse it now
/// (the case's state, a legal period not yet over, an action allowed once, a value out of its legal range).
/// </summary>
public sealed class CaseTransitionException(string message, bool notPermitted = false) : Exception(message)
{
    /// <summary>True when the actor may not take this action whatever the case's state; false for a refusal by rule.</summary>
    public bool NotPermitted { get; } = notPermitted;
}
