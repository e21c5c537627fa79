using Gongkai.Cases.Deadlines;
using Gongkai.Cases.Fees;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Cases;

/// <summary>What a transition did, for the audit trail and the case history.</summary>
public sealed record TransitionRecord(CaseAction Action, CaseState From, CaseState To, string Summary);

/// <summary>A period of consultation (征求意见) with whom.</summary>
public sealed class ConsultationPeriod
{
    private ConsultationPeriod()
    {
        Party = "";
    }

    internal ConsultationPeriod(string party, DateOnly startedOn)
    {
        Party = party;
        StartedOn = startedOn;
    }

    public int Id { get; private set; }

    /// <summary>The third party (第三十二条) or other agency (第三十四条) consulted.</summary>
    public string Party { get; private set; }

    public DateOnly StartedOn { get; private set; }

    public DateOnly? EndedOn { get; internal set; }
}

/// <summary>
/// An application for government information (政府信息公开申请) from registration to answer. State
/// changes are methods that check the state, the actor's agency and role, and refuse with a Chinese
/// message; nothing else changes a case.
/// </summary>
public sealed partial class ApplicationCase
{
    private readonly List<ConsultationPeriod> consultations = [];

    private ApplicationCase()
    {
        TrackingNumber = Request = DeliveryForm = "";
        Applicant = null!;
    }

    public Guid Id { get; private set; }

    public int AgencyId { get; private set; }

    /// <summary>Unique per agency and year, e.g. 2026-000123.</summary>
    public string TrackingNumber { get; private set; }

    public Applicant Applicant { get; private set; }

    public Channel Channel { get; private set; }

    /// <summary>The date of receipt as 条例 第三十一条 fixes it for the channel.</summary>
    public DateOnly ReceivedOn { get; private set; }

    /// <summary>The information asked for (第二十九条第二项).</summary>
    public string Request { get; private set; }

    /// <summary>The form and way of delivery wanted (第二十九条第三项).</summary>
    public string DeliveryForm { get; private set; }

    public CaseState State { get; private set; }

    public string? HandlerId { get; private set; }

    /// <summary>Index of the current stage in the agency's review chain while <see cref="CaseState.InReview"/>.</summary>
    public int ReviewStage { get; private set; }

    /// <summary>The statutory outcome: a row key of table 三, 三.一 … 三.六.3.</summary>
    public string? OutcomeRow { get; private set; }

    public string? LegalBasis { get; private set; }

    public string? AnswerText { get; private set; }

    public string? LastComment { get; private set; }

    public DateOnly? CorrectionRequestedOn { get; private set; }

    public DateOnly? CorrectionReceivedOn { get; private set; }

    /// <summary>The 补正 period the notice gave, in working days from the day after the notice (第三十条 "合理的补正期限").</summary>
    public int? CorrectionPeriodWorkingDays { get; private set; }

    /// <summary>
    /// Why the 补正 notice went out after the 7 working days of 第三十条; set only for such a late notice, which is
    /// marked as late in the case and the audit trail.
    /// </summary>
    public string? CorrectionLateReason { get; private set; }

    public int ExtensionWorkingDays { get; private set; }

    /// <summary>How the information-processing fee was counted, when one was charged (国办函〔2020〕109号 第三条).</summary>
    public FeeBasis? FeeBasis { get; private set; }

    /// <summary>Items (按件) or pages (按量) the fee was computed on.</summary>
    public int FeeQuantity { get; private set; }

    /// <summary>The fee in 元.</summary>
    public decimal FeeYuan { get; private set; }

    /// <summary>The day the fee notice (收费通知书) was sent.</summary>
    public DateOnly? FeeNoticeOn { get; private set; }

    public DateOnly? FeePaidOn { get; private set; }

    /// <summary>The day the case left the open states: answered, lapsed or withdrawn.</summary>
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>
    /// The answer deadline as last computed (<see cref="RefreshDeadline"/>), kept so that work lists can
    /// sort and filter by it; recomputed on every change and whenever a calendar year is loaded.
    /// </summary>
    public DateOnly? DueOn { get; private set; }

    /// <summary>True when <see cref="DueOn"/> runs into a year without a published holiday schedule.</summary>
    public bool DueProvisional { get; private set; }

    /// <summary>
    /// While the case waits on the applicant: the last day of the 补正 period (第三十条) or of the 20 working days to
    /// pay (国办函〔2020〕109号). The work list shows a waiting case under this date; after it staff may close the case.
    /// </summary>
    public DateOnly? WaitsUntil { get; private set; }

    /// <summary>For online applications: the salted hash of the query code the applicant got on the receipt (the code itself is never stored).</summary>
    public string? QueryCodeHash { get; private set; }

    /// <summary>For a case brought in from an earlier ledger (台账): the file and row it came from; null for cases registered in Gongkai.</summary>
    public string? ImportedFrom { get; private set; }

    /// <summary>Optimistic concurrency: changes whenever the case changes.</summary>
    public Guid Version { get; private set; }

    public IReadOnlyList<ConsultationPeriod> Consultations => consultations;

    public CaseClock Clock => new(ReceivedOn, CorrectionRequestedOn, CorrectionReceivedOn,
        consultations.Select(c => new Consultation(c.StartedOn, c.EndedOn)).ToArray(), ExtensionWorkingDays,
        FeeNoticeOn is { } notice ? new FeeWait(notice, FeePaidOn) : null, CorrectionPeriodWorkingDays, CorrectionDeliveredOn);

    /// <summary>Working days an applicant has to pay after the fee notice (国办函〔2020〕109号: 收到收费通知次日起20个工作日内).</summary>
    public const int PaymentWorkingDays = 20;

    /// <summary>The last day to pay, when a fee notice was sent.</summary>
    public DateOnly? PaymentDueOn(Calendar.WorkingDayCalendar calendar) =>
        FeeNoticeOn is { } notice ? calendar.AddWorkingDays(notice, PaymentWorkingDays) : null;

    /// <summary>What table 三 counts of this case (<see cref="Statistics.Table3Statistics"/>).</summary>
    /// <remarks>A voided registration (作废) counts nowhere: it has no facts.</remarks>
    public Statistics.CaseFacts? ToFacts() => State == CaseState.Voided ? null : new(Applicant.Category, ReceivedOn, ClosedOn, OutcomeRow);

    /// <summary>The outcome rows of table 三 (2021 format) a case may end in.</summary>
    public static IReadOnlyList<RowDef> OutcomeRows { get; } =
        ReportSchema.Format2021.Applications.Identities.Single(i => i.RuleId == "outcome-total").Right
            .Select(ReportSchema.Format2021.Applications.Row).ToArray();

    /// <summary>Recomputes the deadlines from the case's dated events; an answered case has none.</summary>
    public Deadline RefreshDeadline(Calendar.WorkingDayCalendar calendar, DateOnly today)
    {
        var deadline = DeadlineCalculator.Compute(Clock, calendar, today);
        DueOn = State.IsOpen() ? deadline.AnswerDueOn : null;
        DueProvisional = State.IsOpen() && deadline.Provisional;
        WaitsUntil = State switch
        {
            CaseState.AwaitingCorrection => deadline.CorrectionPeriodEndsOn,
            CaseState.AwaitingPayment => PaymentDueOn(calendar),
            _ => null,
        };
        return deadline;
    }

    public static ApplicationCase Register(Actor actor, string trackingNumber, Applicant applicant, Channel channel,
        DateOnly receivedOn, string request, string deliveryForm, string? queryCodeHash = null)
    {
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            throw new CaseTransitionException($"只有登记员或承办人可以登记申请，您的角色是：{actor.RoleNames}", notPermitted: true);
        }
        return new ApplicationCase
        {
            Id = Guid.NewGuid(),
            AgencyId = actor.AgencyId,
            TrackingNumber = trackingNumber,
            Applicant = applicant,
            Channel = channel,
            ReceivedOn = receivedOn,
            Request = request,
            DeliveryForm = deliveryForm,
            State = CaseState.Registered,
            QueryCodeHash = queryCodeHash,
            Version = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// A case from the agency's earlier ledger (台账), in the state the ledger records, with the dated events the
    /// deadline is computed from. Consistency is checked here (an answered case has an outcome row and an answer
    /// date, a 补正 wait has its notice date, dates follow each other); the importer names the row and column.
    /// </summary>
    public static ApplicationCase Import(int agencyId, ImportedCaseFacts facts, string importedFrom)
    {
        var c = new ApplicationCase
        {
            Id = Guid.NewGuid(),
            AgencyId = agencyId,
            TrackingNumber = facts.TrackingNumber,
            Applicant = facts.Applicant,
            Channel = facts.Channel,
            ReceivedOn = facts.ReceivedOn,
            Request = facts.Request,
            DeliveryForm = facts.DeliveryForm,
            State = facts.State,
            HandlerId = facts.HandlerId,
            ImportedFrom = importedFrom,
            Version = Guid.NewGuid(),
        };
        if (facts.State is not (CaseState.Registered or CaseState.InProgress or CaseState.AwaitingCorrection or CaseState.Consulting or CaseState.Answered or CaseState.Withdrawn))
        {
            throw new CaseTransitionException($"导入的申请状态只能是登记、办理中、补正中、征求意见中、已答复或已撤回，实为“{facts.State.Label()}”");
        }
        if (facts.CorrectionRequestedOn is { } asked)
        {
            c.NotBeforeReceipt(asked, "告知补正日期");
            c.CorrectionRequestedOn = asked;
            c.CorrectionPeriodWorkingDays = facts.CorrectionPeriodWorkingDays ?? Agencies.Agency.DefaultCorrectionPeriodWorkingDays;
        }
        if (facts.CorrectionReceivedOn is { } corrected)
        {
            if (facts.CorrectionRequestedOn is null)
            {
                throw new CaseTransitionException("填写了收到补正日期，但没有告知补正日期");
            }
            NotBefore(corrected, facts.CorrectionRequestedOn.Value, "收到补正日期不能早于告知补正日期");
            c.CorrectionReceivedOn = corrected;
        }
        if (facts.State == CaseState.AwaitingCorrection && (c.CorrectionRequestedOn is null || c.CorrectionReceivedOn is not null))
        {
            throw new CaseTransitionException("状态为补正中的申请需要告知补正日期，且不能已收到补正");
        }
        if (facts.ExtensionWorkingDays is < 0 or > DeadlineCalculator.MaxExtensionWorkingDays)
        {
            throw new CaseTransitionException($"延期天数应为0至{DeadlineCalculator.MaxExtensionWorkingDays}个工作日，实为{facts.ExtensionWorkingDays}（条例第三十三条）");
        }
        c.ExtensionWorkingDays = facts.ExtensionWorkingDays;
        if (facts.ConsultationStartedOn is { } consulted)
        {
            c.NotBeforeReceipt(consulted, "征求意见日期");
            var period = new ConsultationPeriod(string.IsNullOrWhiteSpace(facts.ConsultationParty) ? "第三方" : facts.ConsultationParty.Trim(), consulted);
            if (facts.ConsultationEndedOn is { } replied)
            {
                NotBefore(replied, consulted, "意见回复日期不能早于征求意见日期");
                period.EndedOn = replied;
            }
            c.consultations.Add(period);
        }
        if (facts.State == CaseState.Consulting && (facts.ConsultationStartedOn is null || facts.ConsultationEndedOn is not null))
        {
            throw new CaseTransitionException("状态为征求意见中的申请需要征求意见日期，且不能已有回复日期");
        }
        if (facts.State is CaseState.Answered or CaseState.Withdrawn)
        {
            if (facts.ClosedOn is not { } closed)
            {
                throw new CaseTransitionException("已答复或已撤回的申请需要答复日期");
            }
            c.NotBeforeReceipt(closed, "答复日期");
            var outcome = facts.State == CaseState.Withdrawn ? "三.六.3" : facts.OutcomeRow;
            if (OutcomeRows.All(r => r.Key != outcome))
            {
                throw new CaseTransitionException($"已答复的申请需要办理结果（表三中的三.一至三.六.3之一），实为“{outcome}”");
            }
            c.Close(outcome!, closed, facts.LegalBasis, string.IsNullOrWhiteSpace(facts.AnswerText) ? OutcomeRows.First(r => r.Key == outcome).Label : facts.AnswerText.Trim());
        }
        else if (facts.ClosedOn is not null || !string.IsNullOrWhiteSpace(facts.OutcomeRow))
        {
            throw new CaseTransitionException($"状态为“{facts.State.Label()}”的申请尚未办结，不应填写办理结果或答复日期");
        }
        return c;
    }

    /// <summary>Whether <paramref name="actor"/> may hand this case to another handler: an open case of their agency, by an approver, administrator, registrar or its handler.</summary>
    public bool MayReassign(Actor actor) => actor.AgencyId == AgencyId && State.IsOpen()
        && (actor.Has(StaffRole.Approver) || actor.Has(StaffRole.Administrator) || actor.Has(StaffRole.Registrar) || actor.UserId == HandlerId);

    /// <summary>Hands the case to another handler of the agency (改派), while it is open (<see cref="MayReassign"/>).</summary>
    public string Reassign(Actor actor, string handlerId)
    {
        if (actor.AgencyId != AgencyId)
        {
            throw new CaseTransitionException("只能办理本机关的申请", notPermitted: true);
        }
        if (!State.IsOpen())
        {
            throw new CaseTransitionException($"申请当前状态为“{State.Label()}”，已办结，不能改派承办人");
        }
        if (!actor.Has(StaffRole.Approver) && !actor.Has(StaffRole.Administrator) && !actor.Has(StaffRole.Registrar) && actor.UserId != HandlerId)
        {
            throw new CaseTransitionException($"改派承办人只能由审批领导、管理员、登记员或当前承办人操作，您的角色是：{actor.RoleNames}", notPermitted: true);
        }
        if (HandlerId == handlerId)
        {
            throw new CaseTransitionException("新承办人与当前承办人相同");
        }
        var before = HandlerId;
        HandlerId = handlerId;
        Version = Guid.NewGuid();
        return before ?? "";
    }

    public TransitionRecord Accept(Actor actor, string? handlerId = null)
    {
        var from = Guard(CaseAction.Accept, actor);
        HandlerId = handlerId ?? actor.UserId;
        return Move(CaseAction.Accept, from, CaseState.InProgress, "受理并交承办人办理");
    }

    /// <summary>
    /// 条例 第三十条: one notice, within 7 working days of receipt, stating what to correct and a reasonable period;
    /// the answer period restarts on receipt of the correction. A notice after the 7 working days is still possible
    /// but needs its reason and is marked late; after the answer deadline there is no period left to restart.
    /// </summary>
    public TransitionRecord RequestCorrection(Actor actor, DateOnly on, string items, int periodWorkingDays, string? lateReason, Calendar.WorkingDayCalendar calendar)
    {
        var from = Guard(CaseAction.RequestCorrection, actor);
        if (CorrectionRequestedOn is not null)
        {
            throw new CaseTransitionException("已告知过补正：条例第三十条要求一次性告知需要补正的事项");
        }
        NotBeforeReceipt(on, "告知补正日期");
        Required(items, "需要补正的事项");
        if (periodWorkingDays is < 1 or > Agencies.Agency.MaxCorrectionPeriodWorkingDays)
        {
            throw new CaseTransitionException($"补正期限应为1至{Agencies.Agency.MaxCorrectionPeriodWorkingDays}个工作日，实为{periodWorkingDays}（条例第三十条：合理的补正期限）");
        }
        var now = DeadlineCalculator.Compute(Clock, calendar, on);
        if (now.AnswerDueOn is { } due && on > due)
        {
            throw new CaseTransitionException($"答复期限已于{due:yyyy-MM-dd}届满，不能再告知补正（条例第三十条、第三十三条）；请尽快作出答复");
        }
        var late = on > now.CorrectionNoticeDueOn;
        if (late && string.IsNullOrWhiteSpace(lateReason))
        {
            throw new CaseTransitionException($"告知补正的期限（收到申请后7个工作日）已于{now.CorrectionNoticeDueOn:yyyy-MM-dd}届满（条例第三十条）；仍需告知补正的，请填写逾期告知的理由");
        }
        CorrectionRequestedOn = on;
        CorrectionItems = items.Trim();
        CorrectionPeriodWorkingDays = periodWorkingDays;
        CorrectionLateReason = late ? lateReason!.Trim() : null;
        return Move(CaseAction.RequestCorrection, from, CaseState.AwaitingCorrection,
            $"告知补正：{CorrectionItems.TrimEnd('。', '；', ';', '.')}；补正期限{periodWorkingDays}个工作日" + (late ? $"；逾期告知（法定告知期限{now.CorrectionNoticeDueOn:yyyy-MM-dd}），理由：{CorrectionLateReason}" : ""));
    }

    /// <summary>The last day of the 补正 period, while a 补正 is awaited.</summary>
    public DateOnly? CorrectionPeriodEndsOn(Calendar.WorkingDayCalendar calendar) => DeadlineCalculator.CorrectionPeriodEndsOn(Clock, calendar);

    public TransitionRecord ReceiveCorrection(Actor actor, DateOnly on)
    {
        var from = Guard(CaseAction.ReceiveCorrection, actor);
        if (on < CorrectionRequestedOn)
        {
            throw new CaseTransitionException("收到补正日期不能早于告知补正日期");
        }
        CorrectionReceivedOn = on;
        return Move(CaseAction.ReceiveCorrection, from, CaseState.InProgress, "收到补正，答复期限重新计算");
    }

    /// <summary>
    /// No correction within the period: 视为放弃申请 (第三十条), counted as 三.六.1 — only once the period the notice
    /// gave has ended.
    /// </summary>
    public TransitionRecord LapseCorrection(Actor actor, DateOnly on, Calendar.WorkingDayCalendar calendar)
    {
        var from = Guard(CaseAction.LapseCorrection, actor);
        NotBefore(on, CorrectionRequestedOn!.Value, "逾期未补正的日期不能早于告知补正日期");
        if (CorrectionPeriodEndsOn(calendar) is { } ends && on <= ends)
        {
            throw new CaseTransitionException($"补正期限至{ends:yyyy-MM-dd}，期满前不能按逾期未补正处理；{calendar.AddWorkingDays(ends, 1):yyyy-MM-dd}起可以办理（条例第三十条）");
        }
        Close("三.六.1", on, "条例第三十条", "申请人无正当理由逾期不补正，视为放弃申请");
        return Move(CaseAction.LapseCorrection, from, CaseState.Answered, "逾期未补正，不再处理（三.六.1）");
    }

    public TransitionRecord StartConsultation(Actor actor, DateOnly on, string party)
    {
        var from = Guard(CaseAction.StartConsultation, actor);
        NotBeforeReceipt(on, "征求意见日期");
        Required(party, "征求意见对象");
        consultations.Add(new ConsultationPeriod(party, on));
        return Move(CaseAction.StartConsultation, from, CaseState.Consulting, $"征求{party}意见，期间不计入答复期限");
    }

    public TransitionRecord EndConsultation(Actor actor, DateOnly on)
    {
        var from = Guard(CaseAction.EndConsultation, actor);
        var open = consultations.Last(c => c.EndedOn is null);
        NotBefore(on, open.StartedOn, "意见回复日期不能早于征求意见日期");
        open.EndedOn = on;
        return Move(CaseAction.EndConsultation, from, CaseState.InProgress, $"{open.Party}意见已回复");
    }

    /// <summary>
    /// 国办函〔2020〕109号: a fee notice states basis, standard, amount and how to pay, and is sent within the
    /// answer period. Only one notice per application, and only for a fee above zero (第四条、第五条 free bands).
    /// </summary>
    public TransitionRecord NoticeFee(Actor actor, DateOnly on, Fee fee, Calendar.WorkingDayCalendar calendar)
    {
        var from = Guard(CaseAction.NoticeFee, actor);
        if (DeadlineCalculator.Compute(Clock, calendar, on).AnswerDueOn is { } due && on > due)
        {
            throw new CaseTransitionException($"答复期限已于{due:yyyy-MM-dd}届满；收费通知应在答复期限内发出（国办函〔2020〕109号）");
        }
        if (FeeNoticeOn is not null)
        {
            throw new CaseTransitionException("本申请已发出过收费通知");
        }
        if (fee.TotalYuan <= 0)
        {
            throw new CaseTransitionException($"{fee.Basis.Label()}，本申请不收费（{FeeCalculator.Describe(fee)}），无需发出收费通知");
        }
        NotBeforeReceipt(on, "收费通知日期");
        FeeBasis = fee.Basis;
        FeeQuantity = fee.Quantity;
        FeeYuan = fee.TotalYuan;
        FeeNoticeOn = on;
        return Move(CaseAction.NoticeFee, from, CaseState.AwaitingPayment,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"发出收费通知：{fee.Basis.Label()}，{FeeYuan:0.##}元，等待缴费期间不计入答复期限"));
    }

    public TransitionRecord ReceivePayment(Actor actor, DateOnly on, Calendar.WorkingDayCalendar calendar)
    {
        var from = Guard(CaseAction.ReceivePayment, actor);
        NotBefore(on, FeeNoticeOn!.Value, "缴费日期不能早于收费通知日期");
        if (on > PaymentDueOn(calendar))
        {
            throw new CaseTransitionException($"缴费日期晚于缴费期限{PaymentDueOn(calendar):yyyy-MM-dd}，应按逾期未缴费处理");
        }
        FeePaidOn = on;
        return Move(CaseAction.ReceivePayment, from, CaseState.InProgress, "申请人已缴费，答复期限继续计算");
    }

    /// <summary>Not paid within 20 working days: 视为放弃申请 (国办函〔2020〕109号), counted as 三.六.2.</summary>
    public TransitionRecord LapsePayment(Actor actor, DateOnly on, Calendar.WorkingDayCalendar calendar)
    {
        var from = Guard(CaseAction.LapsePayment, actor);
        var due = PaymentDueOn(calendar)!.Value;
        if (on <= due)
        {
            throw new CaseTransitionException($"缴费期限至{due:yyyy-MM-dd}，期满前不能按逾期未缴费处理");
        }
        Close("三.六.2", on, "国办函〔2020〕109号《政府信息公开信息处理费管理办法》", "申请人逾期未按收费通知要求缴纳费用，视为放弃申请");
        return Move(CaseAction.LapsePayment, from, CaseState.Answered, "逾期未缴费，不再处理（三.六.2）");
    }

    public TransitionRecord SubmitForReview(Actor actor, string outcomeRow, string legalBasis, string answerText, ReviewChain chain, string? competentAgency = null)
    {
        var from = Guard(CaseAction.SubmitForReview, actor);
        if (OutcomeRows.All(r => r.Key != outcomeRow))
        {
            throw new CaseTransitionException($"办理结果“{outcomeRow}”不是年度报告表三中的办理结果（应为三.一至三.六.3之一）");
        }
        Required(legalBasis, "法律依据");
        Required(answerText, "答复内容");
        if (outcomeRow == CompetentAgencyOutcomeRow && string.IsNullOrWhiteSpace(competentAgency) is false && competentAgency.Trim().Length > 300)
        {
            throw new CaseTransitionException("负责公开的机关及联系方式不能超过300个字");
        }
        OutcomeRow = outcomeRow;
        LegalBasis = legalBasis;
        AnswerText = answerText;
        CompetentAgency = outcomeRow == CompetentAgencyOutcomeRow && !string.IsNullOrWhiteSpace(competentAgency) ? competentAgency.Trim() : null;
        ReviewStage = 0;
        SubmittedById = actor.UserId;
        ApprovedByIds = null;
        if (chain.Stages.Count == 0)
        {
            return Move(CaseAction.SubmitForReview, from, CaseState.ReadyToAnswer, "提交答复意见（本机关未设审核环节）");
        }
        return Move(CaseAction.SubmitForReview, from, CaseState.InReview, $"提交审核：{chain.Stages[0].Name}");
    }

    public TransitionRecord Approve(Actor actor, ReviewChain chain, string? comment)
    {
        var from = Guard(CaseAction.Approve, actor);
        var stage = CurrentStage(actor, chain);
        if (FourEyesRefusal(actor, chain) is { } refusal)
        {
            throw new CaseTransitionException(refusal, notPermitted: true);
        }
        LastComment = comment;
        ApprovedByIds = (ApprovedByIds ?? "|") + actor.UserId + "|";
        if (ReviewStage + 1 < chain.Stages.Count)
        {
            ReviewStage++;
            return Move(CaseAction.Approve, from, CaseState.InReview, $"{stage.Name}通过，转{chain.Stages[ReviewStage].Name}");
        }
        return Move(CaseAction.Approve, from, CaseState.ReadyToAnswer, $"{stage.Name}通过，审核完毕");
    }

    public TransitionRecord Return(Actor actor, ReviewChain chain, string comment)
    {
        var from = Guard(CaseAction.Return, actor);
        var stage = CurrentStage(actor, chain);
        Required(comment, "退回意见");
        LastComment = comment;
        ReviewStage = 0;
        ApprovedByIds = null;
        return Move(CaseAction.Return, from, CaseState.InProgress, $"{stage.Name}退回：{comment}");
    }

    public TransitionRecord Answer(Actor actor, DateOnly on)
    {
        var from = Guard(CaseAction.Answer, actor);
        NotBeforeReceipt(on, "答复日期");
        ClosedOn = on;
        return Move(CaseAction.Answer, from, CaseState.Answered, $"已答复（{OutcomeRow}）");
    }

    public TransitionRecord Archive(Actor actor)
    {
        var from = Guard(CaseAction.Archive, actor);
        return Move(CaseAction.Archive, from, CaseState.Archived, "归档");
    }

    /// <summary>第三十三条第二款: once, by at most 20 working days, with the approval of the head of the disclosure office.</summary>
    public TransitionRecord Extend(Actor actor, int workingDays, string reason, Calendar.WorkingDayCalendar calendar, DateOnly today)
    {
        var from = Guard(CaseAction.Extend, actor);
        if (DeadlineCalculator.Compute(Clock, calendar, today).AnswerDueOn is { } due && today > due)
        {
            throw new CaseTransitionException($"答复期限已于{due:yyyy-MM-dd}届满，不能再延期（条例第三十三条第二款：延期须在答复期限内决定）");
        }
        if (ExtensionWorkingDays > 0)
        {
            throw new CaseTransitionException("本申请已延期过一次，不能再次延期（条例第三十三条）");
        }
        if (workingDays is < 1 or > DeadlineCalculator.MaxExtensionWorkingDays)
        {
            throw new CaseTransitionException($"延期天数应为1至{DeadlineCalculator.MaxExtensionWorkingDays}个工作日，实为{workingDays}（条例第三十三条）");
        }
        Required(reason, "延期理由");
        ExtensionWorkingDays = workingDays;
        ExtensionReason = reason.Trim();
        ExtendedOn = today;
        return Move(CaseAction.Extend, from, from, $"延期{workingDays}个工作日：{reason}");
    }

    /// <summary>A withdrawn application is closed and counted as 三.六.3 其他.</summary>
    public TransitionRecord Withdraw(Actor actor, DateOnly on)
    {
        var from = Guard(CaseAction.Withdraw, actor);
        NotBeforeReceipt(on, "撤回日期");
        foreach (var c in consultations.Where(c => c.EndedOn is null))
        {
            c.EndedOn = on;
        }
        Close("三.六.3", on, null, "申请人撤回申请");
        return Move(CaseAction.Withdraw, from, CaseState.Withdrawn, "申请人撤回申请（三.六.3）");
    }

    /// <summary>Checks agency, state and role for an action and returns the current state.</summary>
    private CaseState Guard(CaseAction action, Actor actor)
    {
        var rule = CaseWorkflow.Rule(action);
        if (actor.AgencyId != AgencyId)
        {
            throw new CaseTransitionException("只能办理本机关的申请", notPermitted: true);
        }
        if (!rule.From.Contains(State))
        {
            throw new CaseTransitionException($"申请当前状态为“{State.Label()}”，不能“{rule.Label}”");
        }
        if (CaseWorkflow.RoleRefusal(action, actor) is { } refusal)
        {
            throw new CaseTransitionException(refusal, notPermitted: true);
        }
        return State;
    }

    private ReviewStage CurrentStage(Actor actor, ReviewChain chain)
    {
        if (ReviewStage >= chain.Stages.Count)
        {
            throw new CaseTransitionException("审核环节配置已变更，请退回后重新提交审核");
        }
        var stage = chain.Stages[ReviewStage];
        if (!chain.CanAct(actor, ReviewStage))
        {
            throw new CaseTransitionException($"当前审核环节为“{stage.Name}”，您未被指定为该环节的{stage.Role.Label()}", notPermitted: true);
        }
        return stage;
    }

    private TransitionRecord Move(CaseAction action, CaseState from, CaseState to, string summary)
    {
        State = to;
        Version = Guid.NewGuid();
        return new TransitionRecord(action, from, to, summary);
    }

    private void Close(string outcomeRow, DateOnly on, string? legalBasis, string answer)
    {
        OutcomeRow = outcomeRow;
        LegalBasis = legalBasis;
        AnswerText = answer;
        ClosedOn = on;
    }

    internal void NotBeforeReceipt(DateOnly on, string what) => NotBefore(on, ReceivedOn, $"{what}不能早于收到申请日期");

    private static void NotBefore(DateOnly on, DateOnly earliest, string message)
    {
        if (on < earliest)
        {
            throw new CaseTransitionException(message);
        }
    }

    private static void Required(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CaseTransitionException($"请填写{field}");
        }
    }
}

/// <summary>What an earlier ledger (台账) records of one application, checked by <see cref="ApplicationCase.Import"/>.</summary>
public sealed record ImportedCaseFacts(
    string TrackingNumber, Applicant Applicant, Channel Channel, DateOnly ReceivedOn, string Request, string DeliveryForm,
    CaseState State, string? HandlerId, string? OutcomeRow, string? LegalBasis, string? AnswerText, DateOnly? ClosedOn,
    DateOnly? CorrectionRequestedOn, DateOnly? CorrectionReceivedOn, int ExtensionWorkingDays,
    DateOnly? ConsultationStartedOn, DateOnly? ConsultationEndedOn, string? ConsultationParty, int? CorrectionPeriodWorkingDays = null);
