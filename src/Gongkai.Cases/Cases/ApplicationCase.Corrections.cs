namespace Gongkai.Cases.Cases;

/// <summary>
/// What a real year adds to a case: other eyes on each decision, hand-over to the agency that should answer, and
/// mistakes put right on the record — a registration voided, the applicant's data or the request corrected. None of
/// it is silent: each change is a method that refuses with a Chinese message and returns what the audit trail records.
/// </summary>
public sealed partial class ApplicationCase
{
    /// <summary>三.四.1 本机关不掌握相关政府信息 — also the row of 条例 第三十六条（五）: the information is another agency's to disclose.</summary>
    public const string CompetentAgencyOutcomeRow = "三.四.1";

    /// <summary>Who submitted the answer for review (drafted it); may not pass any stage of that review (four eyes).</summary>
    public string? SubmittedById { get; private set; }

    /// <summary>Who has passed a stage in the current round of review, as |id|id|; nobody passes two stages of one round.</summary>
    public string? ApprovedByIds { get; private set; }

    /// <summary>Who registered the case (null for imported cases); with <see cref="ReviewChain.StrictSeparation"/> may not review it.</summary>
    public string? RegisteredById { get; private set; }

    /// <summary>
    /// The agency the application was addressed to when that agency had nobody to receive it (no active 登记员): the case
    /// then sits with the nearest parent (<see cref="AgencyId"/>), which answers it or transfers it.
    /// </summary>
    public int? AddressedAgencyId { get; private set; }

    /// <summary>For 三.四.1 under 条例 第三十六条（五）: the agency responsible for the information and its contact, named in the answer.</summary>
    public string? CompetentAgency { get; private set; }

    /// <summary>The items the 补正 notice asks for (条例 第三十条: 一次性告知需要补正的事项), as recorded; the letter states them.</summary>
    public string? CorrectionItems { get; private set; }

    /// <summary>Why the answer period was extended (第三十三条第二款), as recorded; the extension notice states it.</summary>
    public string? ExtensionReason { get; private set; }

    /// <summary>The day the extension was decided; the extension notice is dated so.</summary>
    public DateOnly? ExtendedOn { get; private set; }

    /// <summary>The day a registration made in error was voided (作废).</summary>
    public DateOnly? VoidedOn { get; private set; }

    public string? VoidReason { get; private set; }

    /// <summary>How many times the applicant's data or the request were corrected; each change is in the audit trail with before and after.</summary>
    public int CorrectionCount { get; private set; }

    /// <summary>
    /// Why <paramref name="actor"/> may not pass the current review stage of this case, or null. Internal control, not the
    /// 条例: whoever drafted and submitted the answer cannot approve it, and no one passes two stages of one round; an
    /// agency may go further (<see cref="ReviewChain.StrictSeparation"/>).
    /// </summary>
    public string? FourEyesRefusal(Actor actor, ReviewChain chain)
    {
        if (SubmittedById is { } submitter && submitter == actor.UserId)
        {
            return "本人提交的审核不能由本人审批（审核须由提交人以外的人员进行）";
        }
        if (ApprovedByIds is { } approved && approved.Contains($"|{actor.UserId}|", StringComparison.Ordinal))
        {
            return "您已在本轮审核中通过过一个环节，同一人不能在一轮审核中审批两次";
        }
        if (chain.StrictSeparation && (actor.UserId == HandlerId || actor.UserId == RegisteredById))
        {
            return "本机关规定：申请的承办人和登记人不能审核或审批该申请";
        }
        return null;
    }

    /// <summary>Records who registered an application (set once, right after <see cref="Register"/>).</summary>
    public void RecordRegistrar(string userId, int? addressedAgencyId)
    {
        RegisteredById ??= userId;
        AddressedAgencyId = addressedAgencyId;
    }

    /// <summary>
    /// 转交: the case goes to another agency of the tree, whose registrars then see it; a handler and a review in progress
    /// stay behind. The date of receipt does not change — 条例 第三十一条 fixes it by how the application arrived, and the
    /// 20 working days of 第三十三条 run from it whichever desk it reached.
    /// </summary>
    public TransitionRecord Transfer(Actor actor, int toAgencyId, string toAgencyName, string reason)
    {
        var from = Guard(CaseAction.Transfer, actor);
        if (toAgencyId == AgencyId)
        {
            throw new CaseTransitionException("接收机关就是本机关，无需转交");
        }
        Required(reason, "转交理由");
        AgencyId = toAgencyId;
        AddressedAgencyId = null;
        HandlerId = null;
        ReviewStage = 0;
        SubmittedById = null;
        ApprovedByIds = null;
        var to = from == CaseState.AwaitingCorrection ? CaseState.AwaitingCorrection : CaseState.Registered;
        return Move(CaseAction.Transfer, from, to, $"转交{toAgencyName}办理：{reason.Trim()}（收到申请日期仍为{ReceivedOn:yyyy-MM-dd}）");
    }

    /// <summary>
    /// 作废: a registration made in error — a duplicate, a test, a template's sample row. The case stays, marked and visible,
    /// its number is never given again, and it is counted nowhere (<see cref="ToFacts"/>).
    /// </summary>
    public TransitionRecord Void(Actor actor, DateOnly on, string reason)
    {
        var from = Guard(CaseAction.Void, actor);
        Required(reason, "作废理由");
        VoidedOn = on;
        VoidReason = reason.Trim();
        foreach (var c in consultations.Where(c => c.EndedOn is null))
        {
            c.EndedOn = on;
        }
        return Move(CaseAction.Void, from, CaseState.Voided, $"作废（原状态：{from.Label()}）：{VoidReason}");
    }

    /// <summary>
    /// Corrects the applicant's data or the request (a misspelt name, the request as clarified by 补正) while the case is
    /// open. Returns what changed, as "field: before → after" lines, for the audit entry; the ID number appears masked.
    /// </summary>
    public IReadOnlyList<string> Correct(Actor actor, Applicant applicant, string request, string reason)
    {
        if (actor.AgencyId != AgencyId)
        {
            throw new CaseTransitionException("只能办理本机关的申请", notPermitted: true);
        }
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            throw new CaseTransitionException($"只有登记员或承办人可以更正申请信息，您的角色是：{actor.RoleNames}", notPermitted: true);
        }
        if (!State.IsOpen())
        {
            throw new CaseTransitionException($"申请当前状态为“{State.Label()}”，已办结，不能再更正申请信息；答复已按原信息作出");
        }
        Required(reason, "更正理由");
        Required(request, "申请内容");
        var changes = new List<string>();
        void Compare(string label, string? before, string? after)
        {
            if ((before ?? "") != (after ?? ""))
            {
                changes.Add($"{label}：“{before}”→“{after}”");
            }
        }
        Compare("申请人类别", Applicant.Category.ColumnKey(), applicant.Category.ColumnKey());
        Compare("申请人", Applicant.Name, applicant.Name);
        Compare("证件类型", Applicant.IdType, applicant.IdType);
        if (Applicant.ProtectedIdNumber != applicant.ProtectedIdNumber)
        {
            changes.Add($"证件号码：“{Applicant.MaskedIdNumber}”→“{applicant.MaskedIdNumber}”");
        }
        Compare("联系电话", Applicant.Phone, applicant.Phone);
        Compare("电子邮箱", Applicant.Email, applicant.Email);
        Compare("通信地址", Applicant.Address, applicant.Address);
        Compare("申请内容", Request, request.Trim());
        if (changes.Count == 0)
        {
            throw new CaseTransitionException("没有任何改动；请修改需要更正的项目");
        }
        Applicant = applicant;
        Request = request.Trim();
        CorrectionCount++;
        Version = Guid.NewGuid();
        return changes;
    }
}
