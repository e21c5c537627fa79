using Gongkai.Cases.Cases;
using Gongkai.Data.Audit;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

public sealed class DetailsModel(CaseService cases, CalendarService calendars, CurrentStaff staff, Gongkai.Web.Features.Documents.DocumentService documents,
    Gongkai.Data.GongkaiDbContext db, CaseCorrections corrections, CaseRouting routing, Gongkai.Web.Features.Documents.DeliveryService deliveries,
    Gongkai.Web.Features.Messages.OutboxAdmin outbox) : PageModel
{
    /// <summary>Each document's deliveries (送达), by document.</summary>
    public ILookup<Guid, Gongkai.Data.Documents.DocumentDelivery> Deliveries { get; private set; } = Array.Empty<Gongkai.Data.Documents.DocumentDelivery>().ToLookup(d => d.DocumentId);

    /// <summary>The e-mails and texts sent to the applicant about this case, with how sending went.</summary>
    public IReadOnlyList<Gongkai.Web.Features.Messages.OutboxRow> Messages { get; private set; } = [];

    public IReadOnlyList<Gongkai.Documents.Letters.LetterKind> IssuableKinds { get; private set; } = [];

    /// <summary>A 补正 was recorded but its notice was not issued: the page says the applicant has not been told.</summary>
    public bool CorrectionLetterMissing { get; private set; }

    /// <summary>The applicant's online 补正 replies.</summary>
    public IReadOnlyList<Gongkai.Data.Cases.CorrectionReply> Replies { get; private set; } = [];

    /// <summary>The action last posted and refused, with what was typed, so its form comes back filled in.</summary>
    public CaseAction? PostedAction { get; private set; }

    private readonly Dictionary<string, string?> posted = [];

    /// <summary>The correction last posted and refused, so the form comes back open and filled in.</summary>
    public CorrectionInput? PostedCorrection { get; private set; }

    /// <summary>What was typed into <paramref name="field"/> of <paramref name="action"/>'s form before a refusal, or <paramref name="fallback"/>.</summary>
    public string Field(CaseAction action, string field, string fallback = "") =>
        PostedAction == action && posted.GetValueOrDefault(field) is { } typed ? typed : fallback;

    /// <summary>Actions the person's role would allow but the rules withhold from them, with why (四眼原则 …).</summary>
    public IReadOnlyList<(string Label, string Why)> Withheld { get; private set; } = [];

    /// <summary>Agencies of the tree the case may be transferred to.</summary>
    public IReadOnlyList<(int Id, string Name)> TransferTargets { get; private set; } = [];

    /// <summary>The agency the application was addressed to, when it landed here for want of a registrar there.</summary>
    public string? AddressedAgency { get; private set; }

    /// <summary>Corrections, voids, transfers and attachment withdrawals, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Corrections { get; private set; } = [];

    /// <summary>Whether the person may correct the applicant's data and the request now.</summary>
    public bool CanCorrect { get; private set; }

    /// <summary>For an answered case: whether the answer went out within the statutory period (条例 第三十三条), as the page says it.</summary>
    public string? Timeliness { get; private set; }

    /// <summary>The answer says 见附件 while no file is released with it: the page warns before the answer goes out.</summary>
    public bool AnswerLacksAttachment { get; private set; }

    /// <summary>部分公开 proposed while files go to the applicant unredacted: the page asks whether they may go whole.</summary>
    public IReadOnlyList<string> UnredactedReleased { get; private set; } = [];

    public CaseView? View { get; private set; }

    public IReadOnlyList<TransitionRule> Actions { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public IReadOnlyList<Gongkai.Data.Attachments.CaseAttachment> Attachments { get; private set; } = [];

    public bool CanAttach { get; private set; }

    public IReadOnlyList<Gongkai.Data.Documents.CaseDocument> Documents { get; private set; } = [];

    public DateOnly Today => calendars.Today;

    /// <summary>The case's handler by name, and who it may be handed to (承办人 of its agency, not disabled), when the signed-in person may reassign.</summary>
    public string? HandlerName { get; private set; }

    public IReadOnlyList<(string Id, string Name)> Reassignable { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Registered { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The case's deadlines as computed now (补正 notice and period, answer).</summary>
    public Gongkai.Cases.Deadlines.Deadline? Deadline { get; private set; }

    public DateOnly? PaymentDueOn { get; private set; }

    /// <summary>The agency's default 补正 period, offered in the 告知补正 form.</summary>
    public int CorrectionPeriodDefault { get; private set; } = Gongkai.Cases.Agencies.Agency.DefaultCorrectionPeriodWorkingDays;

    /// <summary>The 补正 as the case records it: when, the period, and whether the notice was late and why.</summary>
    public string? Correction { get; private set; }

    public async Task<IActionResult> OnPostActAsync(Guid id, CaseAction action, Guid? version, DateOnly? date, string? text, string? outcomeRow,
        string? legalBasis, string? answerText, int? workingDays, string? party, string? feeBasis, int? quantity, string? reason, int? agencyId,
        string? competentAgency, CancellationToken ct)
    {
        var result = await cases.ActAsync(id, staff.Actor, action,
            new ActionInput(version, date, text, outcomeRow, legalBasis, answerText, workingDays, party, feeBasis, quantity, reason, agencyId, competentAgency), ct);
        if (!result.IsOk)
        {
            PostedAction = action;
            string? Number(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (field, value) in new (string, string?)[]
            {
                ("Date", date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("Text", text), ("OutcomeRow", outcomeRow),
                ("LegalBasis", legalBasis), ("AnswerText", answerText), ("WorkingDays", Number(workingDays)), ("Party", party), ("FeeBasis", feeBasis),
                ("Quantity", Number(quantity)), ("Reason", reason), ("AgencyId", Number(agencyId)), ("CompetentAgency", competentAgency),
            })
            {
                posted[field] = value;
            }
        }
        if (result.IsOk && action == CaseAction.Transfer && !await cases.CanReadAsync(staff.Actor, result.Value!.AgencyId, ct))
        {
            // Handed to an agency this one cannot see into (a parent or a sibling): the case page would be a 404.
            var to = await db.Agencies.AsNoTracking().Where(a => a.Id == result.Value.AgencyId).Select(a => a.Name).SingleAsync(ct);
            TempData["Flash"] = $"申请 {result.Value.TrackingNumber} 已转交{to}办理";
            return Redirect("/Cases");
        }
        return await AfterAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostCorrectAsync(Guid id, CorrectionInput input, CancellationToken ct)
    {
        var result = await corrections.CorrectAsync(id, staff.Actor, input, ct);
        PostedCorrection = result.IsOk ? null : input;
        return await AfterAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostAttachmentChangeAsync(Guid id, Guid attachmentId, string? change, string? changeReason, CancellationToken ct) =>
        await AfterAsync(id, await corrections.ChangeAttachmentAsync(id, attachmentId, staff.Actor, new AttachmentChangeInput(change, changeReason), ct), ct);

    public async Task<IActionResult> OnPostReassignAsync(Guid id, Guid? version, string? handler, CancellationToken ct) =>
        await AfterAsync(id, await cases.ReassignAsync(id, staff.Actor, version, handler, ct), ct);

    public async Task<IActionResult> OnPostAttachAsync(Guid id, IFormFile? file, bool forApplicant, CancellationToken ct)
    {
        if (file is null)
        {
            return await AfterAsync(id, new CaseResult<object>(ResultKind.Invalid, Message: "请选择要上传的文件"), ct);
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return await AfterAsync(id, await cases.AttachAsync(id, staff.Actor, file.FileName, buffer.ToArray(), ct, forApplicant), ct);
    }

    public async Task<IActionResult> OnPostIssueAsync(Guid id, Gongkai.Documents.Letters.LetterKind kind, string? issueText, DateOnly? issueDeadline, string? reviewBody, CancellationToken ct) =>
        await AfterAsync(id, await documents.IssueAsync(id, staff.Actor, kind, new Gongkai.Web.Features.Documents.IssueInput(issueText, issueDeadline, reviewBody), ct), ct,
            $"已出具{Gongkai.Documents.Letters.LetterKinds.Title(kind)}" + (Gongkai.Web.Features.Documents.DocumentService.MessageFor(kind) is null ? "" : "；留有电子邮箱或手机号码的申请人将收到通知"));

    public async Task<IActionResult> OnPostDeliveryAsync(Guid id, Guid documentId, string? method, DateOnly? deliveredOn, string? postalNumber, string? deliveryNote, CancellationToken ct) =>
        await AfterAsync(id, await deliveries.RecordAsync(staff.Actor, id, documentId, new Gongkai.Web.Features.Documents.DeliveryInput(method, deliveredOn, postalNumber, deliveryNote), ct), ct,
            "已登记送达");

    public async Task<IActionResult> OnPostResendAsync(Guid id, Guid messageId, CancellationToken ct) =>
        await cases.FindReadableAsync(staff.Actor, id, ct) is null ? NotFound() : await AfterAsync(id, await outbox.ResendAsync(staff.Actor, messageId, ct), ct);

    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, string? format, CancellationToken ct) =>
        await cases.FindReadableAsync(staff.Actor, id, ct) is not null && await documents.FindAsync(id, documentId, ct) is { } d
            ? new Gongkai.Web.Features.Documents.HttpResultAction(await documents.DownloadAsync(d, format, ct))
            : NotFound();

    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, Guid attachmentId, CancellationToken ct) =>
        await cases.AttachmentAsync(staff.Actor, id, attachmentId, ct) is { } a ? File(a.Content, a.ContentType, a.FileName) : NotFound();

    /// <summary>After a change: back to the case on success; otherwise the page again with the reason (409 for a stale version).</summary>
    private async Task<IActionResult> AfterAsync<T>(Guid id, CaseResult<T> result, CancellationToken ct, string? done = null)
    {
        if (result.Kind == ResultKind.NotFound)
        {
            return NotFound();
        }
        if (result.IsOk)
        {
            if (done is not null)
            {
                TempData["Flash"] = done;
            }
            return Redirect($"/Cases/Details/{id}");
        }
        Message = result.Message + (result.Errors is { Count: > 0 } e && result.Message != e.Values.First() ? "：" + string.Join("；", e.Values) : "");
        await LoadAsync(id, ct);
        Response.StatusCode = result.Kind == ResultKind.Conflict ? 409 : 400;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = staff.Actor;
        var c = await cases.FindReadableAsync(actor, id, ct);
        if (c is null)
        {
            return false;
        }
        var chain = await staff.ChainOfAsync(c.AgencyId, ct);
        var calendar = await calendars.CurrentAsync(ct);
        var deadline = Gongkai.Cases.Deadlines.DeadlineCalculator.Compute(c.Clock, calendar, Today);
        Deadline = deadline;
        if (c.State is CaseState.Answered or CaseState.Archived && c.ClosedOn is { } closed && deadline.AnswerDueOn is { } answerDue && c.ImportedFrom is null)
        {
            Timeliness = closed <= answerDue
                ? $"法定答复期限至{answerDue:yyyy-MM-dd}，按期答复"
                : $"法定答复期限至{answerDue:yyyy-MM-dd}，逾期{calendar.WorkingDaysBetween(answerDue, closed)}个工作日答复";
        }
        PaymentDueOn = c.State == CaseState.AwaitingPayment ? c.PaymentDueOn(calendar) : null;
        CorrectionPeriodDefault = await db.Agencies.AsNoTracking().Where(a => a.Id == c.AgencyId).Select(a => a.CorrectionPeriodWorkingDays).SingleAsync(ct);
        if (c.CorrectionRequestedOn is { } asked)
        {
            var period = c.CorrectionPeriodWorkingDays is { } days ? $"，补正期限{days}个工作日" + (c.CorrectionPeriodEndsOn(calendar) is { } ends ? $"（至{ends:yyyy-MM-dd}）" : "") : "";
            var late = c.CorrectionLateReason is { } why ? $"；逾期告知（法定告知期限{deadline.CorrectionNoticeDueOn:yyyy-MM-dd}），理由：{why}" : "";
            var received = c.CorrectionReceivedOn is { } got ? $"；{got:yyyy-MM-dd}收到补正" : "";
            var items = c.CorrectionItems is { } what ? $"；补正事项：{Gongkai.Web.Features.Documents.DocumentService.EndlessSentence(what)}" : "";
            Correction = $"{asked:yyyy-MM-dd}告知补正{period}{items}{received}{late}";
        }
        View = CaseView.Of(c, chain, c.State.IsOpen() ? deadline.Explanation : []) with { Flags = await cases.FlagsAsync(c, ct) };
        History = await cases.HistoryAsync(id, ct);
        Attachments = await cases.AttachmentsAsync(id, ct);
        Documents = await documents.ListAsync(id, ct);
        Deliveries = (await deliveries.ListAsync(id, ct)).ToLookup(d => d.DocumentId);
        // Only the letters the case's state allows are offered (an answer before the answer is refused anyway).
        IssuableKinds = Enum.GetValues<Gongkai.Documents.Letters.LetterKind>().Where(k => Gongkai.Web.Features.Documents.DocumentService.Unavailable(c, k) is null).ToList();
        // 告知补正 recorded, its letter not issued: the applicant has been told nothing yet, while the period runs.
        CorrectionLetterMissing = c.State == CaseState.AwaitingCorrection && c.CorrectionRequestedOn is { } noticeOn
            && !Documents.Any(d => d.Kind == nameof(Gongkai.Documents.Letters.LetterKind.CorrectionNotice) && d.IssuedOn >= noticeOn);
        Messages = await outbox.ForCaseAsync(id, ct);
        Replies = (await db.CorrectionReplies.AsNoTracking().Where(r => r.CaseId == id).ToListAsync(ct)).OrderBy(r => r.RequestedOn).ToList();
        HandlerName = c.HandlerId is { } h ? await db.Users.Where(u => u.Id == h).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        if (c.MayReassign(actor))
        {
            Reassignable = (await cases.HandlersAsync(c.AgencyId, ct)).Where(h => h.Id != c.HandlerId).ToList();
        }
        CanAttach = c.AgencyId == actor.AgencyId && c.State != CaseState.Archived && (actor.Has(StaffRole.Registrar) || actor.Has(StaffRole.Handler));
        var fourEyes = c.State == CaseState.InReview && chain.CanAct(actor, c.ReviewStage) ? c.FourEyesRefusal(actor, chain) : null;
        Withheld = fourEyes is null || c.AgencyId != actor.AgencyId ? [] : [(CaseAction.Approve.Label(), fourEyes)];
        AddressedAgency = c.AddressedAgencyId is { } addressed ? await db.Agencies.AsNoTracking().Where(a => a.Id == addressed).Select(a => a.Name).SingleOrDefaultAsync(ct) : null;
        Corrections = await corrections.CorrectionsAsync(id, ct);
        CanCorrect = c.AgencyId == actor.AgencyId && c.State.IsOpen() && (actor.Has(StaffRole.Registrar) || actor.Has(StaffRole.Handler));
        UnredactedReleased = c.OutcomeRow == "三.二" && c.State.IsOpen()
            ? Attachments.Where(a => a.Released && a.RedactedFromId is null && Gongkai.Documents.Redaction.RedactionFile.KindOf(a.FileName) is not null).Select(a => a.FileName).ToList()
            : [];
        AnswerLacksAttachment = c.State is CaseState.ReadyToAnswer or CaseState.Answered or CaseState.Archived && Gongkai.Web.Features.Documents.DocumentService.MentionsAttachment(c.AnswerText)
            && Attachments.All(a => !a.Released);
        if (c.AgencyId == actor.AgencyId && CaseWorkflow.Rule(CaseAction.Transfer).From.Contains(c.State) && actor.Has(StaffRole.Registrar))
        {
            TransferTargets = await routing.TransferTargetsAsync(c.AgencyId, ct);
        }
        Actions = c.AgencyId != actor.AgencyId ? [] : CaseWorkflow.Rules
            .Where(r => r.From.Contains(c.State) && r.Roles.Any(actor.Has))
            .Where(r => r.Action is not (CaseAction.Approve or CaseAction.Return) || chain.CanAct(actor, c.ReviewStage))
            .Where(r => r.Action != CaseAction.Approve || fourEyes is null)
            .Where(r => r.Action != CaseAction.Transfer || TransferTargets.Count > 0)
            .Where(r => r.Action != CaseAction.ReceiveCorrection && r.Action != CaseAction.LapseCorrection || c.State == CaseState.AwaitingCorrection)
            .Where(r => r.Action != CaseAction.NoticeFee || c.FeeNoticeOn is null)
            // After the answer deadline there is no period left to restart, pause or extend (条例 第三十条、第三十三条; 国办函〔2020〕109号).
            .Where(r => r.Action is not (CaseAction.RequestCorrection or CaseAction.NoticeFee or CaseAction.Extend) || deadline.AnswerDueOn is not { } due || due >= Today)
            .ToArray();
        return true;
    }

    public static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
