using System.Globalization;
using System.Text.Json;
using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Attachments;
using Gongkai.Data.Audit;
using Gongkai.Data.Cases;
using Gongkai.Web.Features.Calendar;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

/// <summary>Why an operation did not happen; the API answers each with one status (<see cref="Infrastructure.ApiErrors"/>).</summary>
public enum ResultKind
{
    Ok,

    /// <summary>No such record, or one the actor may not even see (404).</summary>
    NotFound,

    /// <summary>The input is wrong: fields missing or malformed, named in the errors (400).</summary>
    Invalid,

    /// <summary>Refused by a rule in the case's present state: a legal period not yet over, a published year locked, an action allowed once (422).</summary>
    Refused,

    /// <summary>The record changed since the actor read it: a stale version (409).</summary>
    Conflict,

    /// <summary>The actor may not do this at all: another agency's case, a role or review stage not theirs (403).</summary>
    Forbidden,
}

/// <summary>The result of a case operation: a value, or why not (Chinese), with field errors for invalid input.</summary>
public sealed record CaseResult<T>(ResultKind Kind, T? Value = default, string? Message = null, IReadOnlyDictionary<string, string>? Errors = null)
{
    public bool IsOk => Kind == ResultKind.Ok;

    public static CaseResult<T> Ok(T value) => new(ResultKind.Ok, value);
}

/// <summary>A checked registration waiting for its write: who registers, what, for which agency, the ID number already encrypted.</summary>
/// <param name="LockNote">Where the case changes a published year under an open 更正: the note its audit entry carries.</param>
/// <param name="AddressedAgencyId">Set when the application was addressed to an agency with nobody to receive it and lands with its parent (<see cref="CaseRouting"/>).</param>
public sealed record PendingRegistration(Actor Actor, RegisterInput Input, int AgencyId, string TrackingPrefix, string ProtectedIdNumber, string? QueryCodeHash,
    string LockNote = "", int? AddressedAgencyId = null)
{
    /// <summary>Files that came with the application (online): saved in the same transaction as the case.</summary>
    public IReadOnlyList<(string Name, byte[] Content)> Files { get; init; } = [];

    /// <summary>An online submission's key, saved with the case so a retry shows the same receipt.</summary>
    public Gongkai.Data.Portal.PortalSubmission? Submission { get; init; }
}

/// <summary>
/// Registers cases and carries out transitions: each in one save together with its audit entry, with the
/// case's version checked (optimistic concurrency) and the deadline recomputed.
/// </summary>
public sealed class CaseService(GongkaiDbContext db, CalendarService calendars, TimeProvider clock, IDataProtectionProvider protection,
    Infrastructure.AgencyDirectory agencies, AnnualReports.PublishedYears publishedYears, CaseRouting routing, Messages.Outbox outbox,
    Operations.GongkaiMetrics metrics)
{
    private const int Attempts = 5;
    private readonly IDataProtector idProtector = protection.CreateProtector("Gongkai.ApplicantIdNumber");

    /// <param name="queryCodeHash">For online applications, the hash of the applicant's query code.</param>
    public async Task<CaseResult<ApplicationCase>> RegisterAsync(Actor actor, RegisterInput input, CancellationToken ct = default, string? queryCodeHash = null)
    {
        var (pending, error) = await PrepareAsync(actor, input, queryCodeHash, ct);
        return error ?? await RegisterPreparedAsync(pending!, ct);
    }

    /// <summary>
    /// Everything a registration needs that can be done outside the serialised write: input checks, the
    /// agency, and the ID number's encryption (a first-ever key is saved through another connection, which
    /// SQLite would make wait behind the write lock).
    /// </summary>
    public async Task<(PendingRegistration? Pending, CaseResult<ApplicationCase>? Error)> PrepareAsync(Actor actor, RegisterInput input,
        string? queryCodeHash = null, CancellationToken ct = default)
    {
        var errors = input.Validate(calendars.Today);
        if (errors.Count > 0)
        {
            return (null, new(ResultKind.Invalid, Message: "申请信息有误，请按提示修改", Errors: errors));
        }
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            return (null, new(ResultKind.Forbidden, Message: $"只有登记员或承办人可以登记申请，您的角色是：{actor.RoleNames}"));
        }
        var agency = await agencies.FindAsync(actor.AgencyId, ct);
        if (agency is null)
        {
            return (null, new(ResultKind.Forbidden, Message: "您的账号未关联机关"));
        }
        if (agency.Retired)
        {
            // A retired (撤销) agency keeps its cases but takes no new ones, from the portal or at the counter.
            return (null, new(ResultKind.Refused, Message: agency.RetiredMessage));
        }
        var prefix = agency.TrackingPrefix;
        // A case received in a year whose report is published would change that report's table 三 (一, and 二/四 of later years).
        var facts = new Gongkai.Cases.Statistics.CaseFacts(Enum.Parse<ApplicantCategory>(input.Category!), input.ReceivedOn!.Value, null, null);
        var years = await publishedYears.ForAgencyAsync(actor.AgencyId, ct, fromYear: facts.ReceivedOn.Year);
        var verdict = Gongkai.Cases.Reporting.PublishedYearLock.CheckCase(years, null, facts, "登记该申请");
        if (!verdict.Allowed)
        {
            return (null, new(ResultKind.Refused, Message: verdict.Refusal));
        }
        var protectedId = idProtector.Protect(input.IdNumber!.Trim().ToUpperInvariant());
        return (new PendingRegistration(actor, input, actor.AgencyId, prefix, protectedId, queryCodeHash, verdict.AuditNote), null);
    }

    /// <summary>Registers one prepared application in its own serialised write.</summary>
    public async Task<CaseResult<ApplicationCase>> RegisterPreparedAsync(PendingRegistration pending, CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await AuditChain.BeginWriteAsync(db, ct);
            var c = await AddRegistrationAsync(pending, calendar, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                metrics.ApplicationReceived(pending.TrackingPrefix, c.Channel);
                return CaseResult<ApplicationCase>.Ok(c);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Only the very first writer on an empty database can race (for the chain head or a new counter row).
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Inside an open write (<see cref="AuditChain.BeginWriteAsync"/>): takes the next tracking number, adds the
    /// case and its audit entry to the unit of work, unsaved. Several may share one write (<see cref="Portal.SubmissionQueue"/>).
    /// </summary>
    public async Task<ApplicationCase> AddRegistrationAsync(PendingRegistration pending, Gongkai.Cases.Calendar.WorkingDayCalendar calendar, CancellationToken ct = default)
    {
        var input = pending.Input;
        var received = input.ReceivedOn!.Value;
        var counter = await db.TrackingCounters.FindAsync([pending.AgencyId, received.Year], ct);
        if (counter is null)
        {
            counter = new TrackingCounter { AgencyId = pending.AgencyId, Year = received.Year };
            db.TrackingCounters.Add(counter);
        }
        var tracking = TrackingNumber(pending.TrackingPrefix, received.Year, counter.Next);
        counter.Next++;
        counter.Version = Guid.NewGuid();
        var applicant = Applicant.Create(Enum.Parse<ApplicantCategory>(input.Category!), input.Name!.Trim(), input.IdType!, input.IdNumber!.Trim().ToUpperInvariant(),
            input.Phone!.Trim(), Blank(input.Email), Blank(input.Address), _ => pending.ProtectedIdNumber);
        var c = ApplicationCase.Register(pending.Actor, tracking, applicant, Enum.Parse<Channel>(input.Channel!), received, input.Request!.Trim(), input.DeliveryForm!.Trim(), pending.QueryCodeHash);
        c.RecordRegistrar(pending.Actor.UserId, pending.AddressedAgencyId);
        c.RefreshDeadline(calendar, calendars.Today);
        db.Cases.Add(c);
        var routed = pending.AddressedAgencyId is { } addressed
            ? $"（申请递交至{(await agencies.FindAsync(addressed, ct))?.Name}，该机关没有在用的登记员账号，由本机关接收）"
            : "";
        await AuditChain.AppendAsync(db, Entry(pending.Actor, c, "Register", $"登记申请 {tracking}{routed}{pending.LockNote}", null, Snapshot(c)), clock, ct);
        // The receipt by e-mail and text (条例 第三十一条: the date of receipt), in the same write as the case.
        await outbox.ToApplicantAsync(c, (await agencies.FindAsync(c.AgencyId, ct))?.Name ?? "", Messages.MessageKind.Receipt, ct: ct);
        foreach (var (name, content) in pending.Files)
        {
            // Checked before the write (PortalService.SubmitAsync): a file refused here would lose the application.
            await AddAttachmentAsync(pending.Actor, c.Id, c.AgencyId, name, content, AttachmentRules.Check(name, content, 0).ContentType ?? "application/octet-stream", false, ct);
        }
        if (pending.Submission is { } submission)
        {
            submission.CaseId = c.Id;
            db.PortalSubmissions.Add(submission);
        }
        return c;
    }

    /// <summary>
    /// 受理编号: prefix, year, the year's sequence (gapless, for the ledger) and four random characters, so that nobody
    /// can guess another applicant's number from their own and aim the status lookup's limits at it.
    /// </summary>
    public static string TrackingNumber(string prefix, int year, int sequence)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}-{sequence:00000}-{new string(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 4))}");
    }

    /// <param name="alsoInWrite">What else the change writes in the same transaction (the applicant's 补正 reply and its files, the
    /// messages it causes); called after the transition succeeded, again on a retried write. A refusal it returns undoes everything.</param>
    public async Task<CaseResult<ApplicationCase>> ActAsync(Guid id, Actor actor, CaseAction action, ActionInput input, CancellationToken ct = default,
        Func<ApplicationCase, Task<string?>>? alsoInWrite = null)
    {
        var calendar = await calendars.CurrentAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await AuditChain.BeginWriteAsync(db, ct);
            var c = await db.Cases.Include(x => x.Consultations).SingleOrDefaultAsync(x => x.Id == id, ct);
            if (c is null || c.AgencyId != actor.AgencyId && !await CanReadAsync(actor, c.AgencyId, ct))
            {
                return new(ResultKind.NotFound, Message: "找不到该申请");
            }
            if (input.Version is not { } version)
            {
                return new(ResultKind.Invalid, Message: "缺少版本号", Errors: new Dictionary<string, string> { ["Version"] = "请刷新页面后再操作（缺少申请的版本号）" });
            }
            if (c.Version != version)
            {
                return new(ResultKind.Conflict, Message: "该申请已被他人修改，请刷新页面查看最新情况后再操作");
            }
            if (input.Date > calendars.Today)
            {
                return new(ResultKind.Invalid, Message: "日期不能晚于今天", Errors: new Dictionary<string, string> { ["Date"] = $"日期{input.Date:yyyy-MM-dd}晚于今天，请填写已发生的日期" });
            }
            if (c.AgencyId == actor.AgencyId && CaseWorkflow.Rule(action).From.Contains(c.State) && CaseWorkflow.RoleRefusal(action, actor) is { } notYours)
            {
                // In the order the case itself checks (state, then role), and before what the action needs: a role that may
                // never act learns nothing of the input rules.
                return new(ResultKind.Forbidden, Message: notYours);
            }
            var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c.AgencyId, ct);
            var before = Snapshot(c);
            var factsBefore = c.ToFacts();
            var agencyBefore = c.AgencyId;
            TransitionRecord record;
            try
            {
                var earlierInMonth = action == CaseAction.NoticeFee ? await EarlierApplicationsInMonthAsync(c, ct) : 0;
                // An answer that says 见附件 goes to review and out only with the files it means (the reviewers approve them too).
                var answerText = action == CaseAction.SubmitForReview ? input.AnswerText : action == CaseAction.Answer ? c.AnswerText : null;
                if (Documents.DocumentService.MentionsAttachment(answerText)
                    && !await db.CaseAttachments.AnyAsync(a => a.CaseId == c.Id && a.ForApplicant && a.WithdrawnAt == null, ct))
                {
                    return new(ResultKind.Refused, Message: "答复内容写有“见附件”，但还没有随答复提供给申请人的附件：请先在“附件”中上传并勾选“随答复提供给申请人”，再"
                        + (action == CaseAction.Answer ? "答复" : "提交审核"));
                }
                // The letter cannot say 予以公开 of files whose copies withhold parts (条例 第三十七条 makes that 部分公开).
                var outcome = action == CaseAction.SubmitForReview ? input.OutcomeRow?.Trim() : action == CaseAction.Answer ? c.OutcomeRow : null;
                if (outcome == "三.一" && await db.RedactionMarks.AnyAsync(m => m.CaseId == c.Id
                        && db.CaseAttachments.Any(a => a.RedactedFromId == m.AttachmentId && a.ForApplicant && a.WithdrawnAt == null), ct))
                {
                    return new(ResultKind.Refused, Message: "随答复提供的附件已作遮盖处理，有不予公开的部分，办理结果应为“部分公开”（条例第三十七条），不能是“予以公开”",
                        Errors: new Dictionary<string, string> { ["OutcomeRow"] = "随答复提供的附件已作遮盖处理，有不予公开的部分，办理结果应为“部分公开”（条例第三十七条），不能是“予以公开”" });
                }
                var target = action == CaseAction.Transfer ? await routing.TransferTargetAsync(c.AgencyId, input.AgencyId, ct) : default;
                if (target.Refusal is { } refused)
                {
                    return new(refused.Kind, Message: refused.Message, Errors: refused.Errors);
                }
                record = action switch
                {
                    CaseAction.Transfer => c.Transfer(actor, target.Agency!.Id, target.Agency.Name, Text(input.Reason ?? input.Text, "Reason", "转交理由")),
                    _ => Perform(c, actor, action, input, agency.Chain, agency.CorrectionPeriodWorkingDays, calendar, earlierInMonth, calendars.Today),
                };
            }
            catch (CaseTransitionException e)
            {
                return Refusal<ApplicationCase>(e);
            }
            catch (InputException e)
            {
                return new(ResultKind.Invalid, Message: e.Message, Errors: new Dictionary<string, string> { [e.Field] = e.Message });
            }
            var lockVerdict = Gongkai.Cases.Reporting.LockVerdict.Unaffected;
            if (c.AgencyId != agencyBefore)
            {
                // A transfer moves the case's count from one agency's table 三 to another's: both may have published years.
                var leaving = Gongkai.Cases.Reporting.PublishedYearLock.CheckCase(await publishedYears.ForAgencyAsync(agencyBefore, ct, fromYear: c.ReceivedOn.Year), factsBefore, null, "转交该申请");
                var arriving = Gongkai.Cases.Reporting.PublishedYearLock.CheckCase(await publishedYears.ForAgencyAsync(c.AgencyId, ct, fromYear: c.ReceivedOn.Year), null, c.ToFacts(), "转交该申请");
                var refusal = leaving.Refusal ?? arriving.Refusal;
                if (refusal is not null)
                {
                    db.ChangeTracker.Clear();
                    return new(ResultKind.Refused, Message: refusal);
                }
                lockVerdict = new Gongkai.Cases.Reporting.LockVerdict(null, [.. leaving.Corrected, .. arriving.Corrected]);
            }
            else if (c.ToFacts() != factsBefore)
            {
                lockVerdict = Gongkai.Cases.Reporting.PublishedYearLock.CheckCase(await publishedYears.ForAgencyAsync(c.AgencyId, ct, fromYear: c.ReceivedOn.Year), factsBefore, c.ToFacts(), $"“{action.Label()}”");
                if (!lockVerdict.Allowed)
                {
                    db.ChangeTracker.Clear();
                    return new(ResultKind.Refused, Message: lockVerdict.Refusal);
                }
            }
            c.RefreshDeadline(calendar, calendars.Today);
            var reasonNote = action == CaseAction.Withdraw && !string.IsNullOrWhiteSpace(input.Reason) ? $"；撤回理由：{input.Reason.Trim()}" : "";
            await AuditChain.AppendAsync(db, Entry(actor, c, action.ToString(), record.Summary + reasonNote + lockVerdict.AuditNote, before, Snapshot(c)), clock, ct);
            if (alsoInWrite is not null && await alsoInWrite(c) is { } refusedWithIt)
            {
                db.ChangeTracker.Clear();
                return new(ResultKind.Refused, Message: refusedWithIt);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return CaseResult<ApplicationCase>.Ok(c);
            }
            catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is ApplicationCase))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new(ResultKind.Conflict, Message: "该申请刚被他人修改，您的操作未保存，请刷新页面后再操作");
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// 改派: hands an open case to another handler of its agency (an account with the 承办人 role, not disabled),
    /// by an approver, administrator, registrar or the current handler; audited with both names.
    /// </summary>
    public async Task<CaseResult<ApplicationCase>> ReassignAsync(Guid id, Actor actor, Guid? version, string? handlerId, CancellationToken ct = default)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var c = await db.Cases.Include(x => x.Consultations).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !await CanReadAsync(actor, c.AgencyId, ct))
        {
            return new(ResultKind.NotFound, Message: "找不到该申请");
        }
        if (version != c.Version)
        {
            return new(ResultKind.Conflict, Message: "该申请已被他人修改，请刷新页面查看最新情况后再操作");
        }
        var handler = (await HandlersAsync(c.AgencyId, ct)).FirstOrDefault(h => h.Id == handlerId);
        if (handler.Id is null)
        {
            return new(ResultKind.Invalid, Message: "请选择本机关的一名承办人", Errors: new Dictionary<string, string> { ["Handler"] = "请选择本机关的一名承办人（未停用、具有承办人角色）" });
        }
        var before = Snapshot(c);
        string previous;
        try
        {
            previous = c.Reassign(actor, handler.Id);
        }
        catch (CaseTransitionException e)
        {
            return Refusal<ApplicationCase>(e);
        }
        var previousName = previous.Length == 0 ? "（未指定）" : await db.Users.Where(u => u.Id == previous).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? previous;
        await AuditChain.AppendAsync(db, Entry(actor, c, "Reassign", $"承办人由{previousName}改为{handler.Name}", before, Snapshot(c)), clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<ApplicationCase>.Ok(c);
    }

    /// <summary>The accounts a case of the agency may be handed to: 承办人 of that agency, not disabled, by name.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> HandlersAsync(int agencyId, CancellationToken ct = default)
    {
        var handlerRole = await db.Roles.Where(r => r.Name == nameof(StaffRole.Handler)).Select(r => r.Id).SingleAsync(ct);
        return (await db.Users.AsNoTracking().Where(u => u.AgencyId == agencyId && !u.Disabled && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == handlerRole))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct)).Select(u => (u.Id, u.DisplayName)).ToList();
    }

    /// <summary>
    /// 国办函〔2020〕109号 第四条 counts 同一申请人一个自然月内累计申请: the same applicant's (name and masked ID number)
    /// applications to this agency received earlier in the case's natural month, one item each.
    /// </summary>
    public async Task<int> EarlierApplicationsInMonthAsync(ApplicationCase c, CancellationToken ct = default)
    {
        var monthStart = new DateOnly(c.ReceivedOn.Year, c.ReceivedOn.Month, 1);
        return await db.Cases.AsNoTracking().CountAsync(x => x.AgencyId == c.AgencyId && x.Id != c.Id && x.State != CaseState.Voided
            && x.Applicant.Name == c.Applicant.Name && x.Applicant.MaskedIdNumber == c.Applicant.MaskedIdNumber
            && x.ReceivedOn >= monthStart && (x.ReceivedOn < c.ReceivedOn || x.ReceivedOn == c.ReceivedOn && string.Compare(x.TrackingNumber, c.TrackingNumber) < 0), ct);
    }

    private static Gongkai.Cases.Fees.Fee Fee(ActionInput input, int earlierInMonth)
    {
        if (!Enum.TryParse<Gongkai.Cases.Fees.FeeBasis>(input.FeeBasis, out var basis))
        {
            throw new InputException("FeeBasis", "请选择收费方式：按件计收或按量计收（国办函〔2020〕109号第三条，不得同时适用）");
        }
        if (input.Quantity is not ({ } quantity and > 0 and <= 100_000))
        {
            throw new InputException("Quantity", basis == Gongkai.Cases.Fees.FeeBasis.PerApplication
                ? "请填写本申请按“一事一申请”拆分后的件数（1以上）"
                : "请填写提供信息的页数（1以上）");
        }
        return Gongkai.Cases.Fees.FeeCalculator.Compute(basis, quantity, earlierInMonth);
    }

    private static TransitionRecord Perform(ApplicationCase c, Actor actor, CaseAction action, ActionInput input, ReviewChain chain, int correctionPeriod,
        Gongkai.Cases.Calendar.WorkingDayCalendar calendar, int earlierInMonth, DateOnly today) => action switch
    {
        CaseAction.Accept => c.Accept(actor),
        CaseAction.RequestCorrection => c.RequestCorrection(actor, Date(input), Text(input.Text, "Text", "需要补正的事项"), input.WorkingDays ?? correctionPeriod, input.Reason, calendar),
        CaseAction.ReceiveCorrection => c.ReceiveCorrection(actor, Date(input)),
        CaseAction.LapseCorrection => c.LapseCorrection(actor, Date(input), calendar),
        CaseAction.StartConsultation => c.StartConsultation(actor, Date(input), Text(input.Party, "Party", "征求意见对象")),
        CaseAction.EndConsultation => c.EndConsultation(actor, Date(input)),
        CaseAction.NoticeFee => c.NoticeFee(actor, Date(input), Fee(input, earlierInMonth), calendar),
        CaseAction.ReceivePayment => c.ReceivePayment(actor, Date(input), calendar),
        CaseAction.LapsePayment => c.LapsePayment(actor, Date(input), calendar),
        CaseAction.SubmitForReview => c.SubmitForReview(actor, Text(input.OutcomeRow, "OutcomeRow", "办理结果"),
            Text(input.LegalBasis, "LegalBasis", "法律依据"), Text(input.AnswerText, "AnswerText", "答复内容"), chain, input.CompetentAgency),
        CaseAction.Approve => c.Approve(actor, chain, input.Text),
        CaseAction.Return => c.Return(actor, chain, Text(input.Text, "Text", "退回意见")),
        CaseAction.Answer => c.Answer(actor, Date(input)),
        CaseAction.Archive => c.Archive(actor),
        CaseAction.Extend => c.Extend(actor, input.WorkingDays ?? throw new InputException("WorkingDays", "请填写延期的工作日数（1至20）"),
            Text(input.Text, "Text", "延期理由"), calendar, today),
        CaseAction.Withdraw => c.Withdraw(actor, Date(input)),
        CaseAction.Void => c.Void(actor, today, Text(input.Reason ?? input.Text, "Reason", "作废理由")),
        CaseAction.Transfer => throw new InvalidOperationException("A transfer needs its target agency: ActAsync resolves it."),
    };

    /// <summary>Attaches a file to a case of the actor's own agency (登记员 or 承办人), with its audit entry.</summary>
    /// <param name="forApplicant">随答复提供: the disclosed information itself, offered to the applicant on the status page once answered.</param>
    /// <summary>Adds a checked file and its audit entry to the open write, unsaved.</summary>
    internal async Task<CaseAttachment> AddAttachmentAsync(Actor actor, Guid caseId, int agencyId, string fileName, byte[] content, string contentType, bool forApplicant, CancellationToken ct)
    {
        var attachment = new CaseAttachment
        {
            CaseId = caseId,
            FileName = Path.GetFileName(fileName),
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
            Content = content,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = actor.DisplayName,
            ForApplicant = forApplicant,
        };
        db.CaseAttachments.Add(attachment);
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = agencyId, EntityType = "case", EntityId = caseId.ToString(),
            Action = "Attach", Summary = $"上传{(forApplicant ? "随答复提供的" : "")}附件“{attachment.FileName}”（{attachment.Size} 字节，SHA-256 {attachment.Sha256[..12]}…）",
            After = JsonSerializer.Serialize(new { attachment.Id, attachment.FileName, attachment.Size, attachment.Sha256, attachment.ForApplicant }, SnapshotOptions),
        }, clock, ct);
        return attachment;
    }

    public async Task<CaseResult<CaseAttachment>> AttachAsync(Guid id, Actor actor, string fileName, byte[] content, CancellationToken ct = default, bool forApplicant = false)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !await CanReadAsync(actor, c.AgencyId, ct))
        {
            return new(ResultKind.NotFound, Message: "找不到该申请");
        }
        if (c.AgencyId != actor.AgencyId)
        {
            return new(ResultKind.Forbidden, Message: "只能办理本机关的申请");
        }
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            return new(ResultKind.Forbidden, Message: $"只有登记员或承办人可以上传附件，您的角色是：{actor.RoleNames}");
        }
        if (c.State == CaseState.Archived)
        {
            return new(ResultKind.Refused, Message: "申请已归档，不能再添加附件");
        }
        var count = await db.CaseAttachments.CountAsync(a => a.CaseId == id, ct);
        var (contentType, error) = AttachmentCheck.Check(fileName, content, count);
        if (error is not null)
        {
            return new(ResultKind.Invalid, Message: error, Errors: new Dictionary<string, string> { ["File"] = error });
        }
        var attachment = await AddAttachmentAsync(actor, id, c.AgencyId, fileName, content, contentType!, forApplicant, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<CaseAttachment>.Ok(attachment);
    }

    /// <summary>The attachments without their content, oldest first (sorted here: SQLite cannot order by a DateTimeOffset).</summary>
    public async Task<IReadOnlyList<CaseAttachment>> AttachmentsAsync(Guid id, CancellationToken ct = default) =>
        (await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == id)
            .Select(a => new CaseAttachment { Id = a.Id, CaseId = a.CaseId, FileName = a.FileName, ContentType = a.ContentType, Size = a.Size, Sha256 = a.Sha256, UploadedAt = a.UploadedAt, UploadedBy = a.UploadedBy, ForApplicant = a.ForApplicant,
                WithdrawnAt = a.WithdrawnAt, WithdrawnBy = a.WithdrawnBy, ChangeReason = a.ChangeReason, RedactedFromId = a.RedactedFromId })
            .ToListAsync(ct)).OrderBy(a => a.UploadedAt).ToList();

    public async Task<CaseAttachment?> AttachmentAsync(Actor actor, Guid id, Guid attachmentId, CancellationToken ct = default)
    {
        var c = await FindReadableAsync(actor, id, ct);
        return c is null ? null : await db.CaseAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.CaseId == id && a.Id == attachmentId, ct);
    }

    /// <summary>Flags for an open case from the same applicant's earlier applications to the same agency (name and masked ID number).</summary>
    public async Task<IReadOnlyList<string>> FlagsAsync(ApplicationCase c, CancellationToken ct = default)
    {
        if (!c.State.IsOpen())
        {
            return [];
        }
        var priors = await db.Cases.AsNoTracking()
            .Where(x => x.AgencyId == c.AgencyId && x.Id != c.Id && x.State != CaseState.Voided && x.Applicant.Name == c.Applicant.Name && x.Applicant.MaskedIdNumber == c.Applicant.MaskedIdNumber && x.ReceivedOn <= c.ReceivedOn)
            .OrderByDescending(x => x.ReceivedOn).Take(200)
            .Select(x => new Gongkai.Cases.Flags.PriorApplication(x.TrackingNumber, x.ReceivedOn, x.Request, x.State == CaseState.Answered || x.State == CaseState.Archived))
            .ToListAsync(ct);
        return Gongkai.Cases.Flags.ApplicationFlags.For(c.Request, c.ReceivedOn, priors).Select(f => f.Message).ToArray();
    }

    public async Task<bool> CanReadAsync(Actor actor, int agencyId, CancellationToken ct = default)
    {
        if (agencyId == actor.AgencyId)
        {
            return true;
        }
        var parents = await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.ParentId }).ToDictionaryAsync(a => a.Id, a => a.ParentId, ct);
        for (int? at = agencyId; at is { } current; at = parents.GetValueOrDefault(current))
        {
            if (current == actor.AgencyId)
            {
                return true;
            }
        }
        return false;
    }

    public async Task<ApplicationCase?> FindReadableAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var c = await db.Cases.AsNoTracking().Include(x => x.Consultations).SingleOrDefaultAsync(x => x.Id == id, ct);
        return c is not null && await CanReadAsync(actor, c.AgencyId, ct) ? c : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(Guid id, CancellationToken ct = default)
    {
        var key = id.ToString();
        return await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "case" && e.EntityId == key).OrderBy(e => e.Sequence).ToListAsync(ct);
    }

    /// <summary>The plain ID number, for the few who need it; every reveal is itself audited.</summary>
    public string RevealIdNumber(ApplicationCase c) => idProtector.Unprotect(c.Applicant.ProtectedIdNumber);

    public DateOnly Today => calendars.Today;

    internal static AuditEntry Entry(Actor actor, ApplicationCase c, string action, string summary, string? before, string after) => new()
    {
        UserId = actor.UserId,
        UserName = actor.DisplayName,
        AgencyId = c.AgencyId,
        EntityType = "case",
        EntityId = c.Id.ToString(),
        Action = action,
        Summary = summary,
        Before = before,
        After = after,
    };

    /// <summary>The fields a transition can change; the ID number appears only masked.</summary>
    internal static string Snapshot(ApplicationCase c) => JsonSerializer.Serialize(new
    {
        c.TrackingNumber,
        State = c.State.ToString(),
        c.HandlerId,
        c.ReviewStage,
        c.OutcomeRow,
        c.LegalBasis,
        c.AnswerText,
        c.CorrectionRequestedOn,
        c.CorrectionPeriodWorkingDays,
        c.CorrectionLateReason,
        c.CorrectionReceivedOn,
        c.ExtensionWorkingDays,
        FeeBasis = c.FeeBasis?.ToString(),
        c.FeeQuantity,
        c.FeeYuan,
        c.FeeNoticeOn,
        c.FeePaidOn,
        c.ClosedOn,
        c.DueOn,
        c.CompetentAgency,
        c.VoidedOn,
        c.VoidReason,
        c.AgencyId,
        Consultations = c.Consultations.Select(x => new { x.Party, x.StartedOn, x.EndedOn }),
        Applicant = new { c.Applicant.Name, Id = c.Applicant.MaskedIdNumber, Category = c.Applicant.Category.ToString() },
    }, SnapshotOptions);

    internal static readonly JsonSerializerOptions SnapshotOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static DateOnly Date(ActionInput input) => input.Date ?? throw new InputException("Date", "请填写日期");

    private static string Text(string? value, string field, string label) =>
        string.IsNullOrWhiteSpace(value) ? throw new InputException(field, $"请填写{label}") : value.Trim();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A refused transition as a result: 403 when the actor may not, 422 when the rules refuse it now.</summary>
    internal static CaseResult<T> Refusal<T>(CaseTransitionException e) => new(e.NotPermitted ? ResultKind.Forbidden : ResultKind.Refused, Message: e.Message);

    private sealed class InputException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}
