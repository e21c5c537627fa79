using System.Text.Json;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Attachments;
using Gongkai.Data.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Cases;

/// <summary>
/// A correction of the applicant's data or the request. <see cref="IdNumber"/> left blank keeps the recorded number
/// (staff see it masked and need not retype it).
/// </summary>
public sealed record CorrectionInput(
    Guid? Version, string? Category, string? Name, string? IdType, string? IdNumber, string? Phone, string? Email, string? Address, string? Request, string? Reason);

/// <summary>Unmarks (not released with the answer) or withdraws (撤回) an attachment; after release the reason is required.</summary>
public sealed record AttachmentChangeInput(string? Change, string? Reason);

/// <summary>
/// Mistakes put right on the record: the applicant's data and the request corrected while a case is open (each change
/// kept with before and after in the audit trail and shown on the case), and a file attached or marked by mistake taken
/// back — freely before the applicant could see it, with a recorded reason after. Voiding and transfer are case actions
/// (<see cref="CaseService.ActAsync"/>).
/// </summary>
public sealed class CaseCorrections(GongkaiDbContext db, CaseService cases, Calendar.CalendarService calendars, TimeProvider clock,
    IDataProtectionProvider protection, AnnualReports.PublishedYears publishedYears)
{
    private readonly IDataProtector idProtector = protection.CreateProtector("Gongkai.ApplicantIdNumber");

    public async Task<CaseResult<ApplicationCase>> CorrectAsync(Guid id, Actor actor, CorrectionInput input, CancellationToken ct = default)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var c = await db.Cases.Include(x => x.Consultations).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !await cases.CanReadAsync(actor, c.AgencyId, ct))
        {
            return new(ResultKind.NotFound, Message: "找不到该申请");
        }
        if (input.Version is null)
        {
            return new(ResultKind.Invalid, Message: "缺少版本号", Errors: new Dictionary<string, string> { ["Version"] = "请刷新页面后再操作（缺少申请的版本号）" });
        }
        if (input.Version != c.Version)
        {
            return new(ResultKind.Conflict, Message: "该申请已被他人修改，请刷新页面查看最新情况后再操作");
        }
        var keepId = string.IsNullOrWhiteSpace(input.IdNumber);
        var plainId = keepId ? idProtector.Unprotect(c.Applicant.ProtectedIdNumber) : input.IdNumber!.Trim().ToUpperInvariant();
        // The same checks as a registration, on the application as it would read after the correction.
        var asRegistered = new RegisterInput(input.Category, input.Name, input.IdType, plainId, input.Phone, input.Email, input.Address,
            c.Channel.ToString(), c.ReceivedOn, input.Request, c.DeliveryForm);
        var errors = asRegistered.Validate(calendars.Today);
        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors[nameof(CorrectionInput.Reason)] = "请填写更正理由（例如：申请人姓名登记错误；按补正后的申请内容更正）";
        }
        else if (input.Reason.Trim().Length > 500)
        {
            errors[nameof(CorrectionInput.Reason)] = "更正理由不能超过500个字";
        }
        if (errors.Count > 0)
        {
            return new(ResultKind.Invalid, Message: "更正内容有误，请按提示修改", Errors: errors);
        }
        var unchangedId = keepId || plainId == idProtector.Unprotect(c.Applicant.ProtectedIdNumber);
        var applicant = Applicant.Create(Enum.Parse<ApplicantCategory>(input.Category!), input.Name!.Trim(), input.IdType!, plainId, input.Phone!.Trim(),
            Blank(input.Email), Blank(input.Address), plain => unchangedId ? c.Applicant.ProtectedIdNumber : idProtector.Protect(plain));
        var before = CaseService.Snapshot(c);
        var factsBefore = c.ToFacts();
        IReadOnlyList<string> changes;
        try
        {
            changes = c.Correct(actor, applicant, input.Request!, input.Reason!);
        }
        catch (CaseTransitionException e)
        {
            db.ChangeTracker.Clear();
            return CaseService.Refusal<ApplicationCase>(e);
        }
        var note = "";
        if (c.ToFacts() != factsBefore)
        {
            // A corrected applicant category moves the case between table 三's columns.
            var verdict = Gongkai.Cases.Reporting.PublishedYearLock.CheckCase(await publishedYears.ForAgencyAsync(c.AgencyId, ct, fromYear: c.ReceivedOn.Year), factsBefore, c.ToFacts(), "更正申请人类别");
            if (!verdict.Allowed)
            {
                db.ChangeTracker.Clear();
                return new(ResultKind.Refused, Message: verdict.Refusal);
            }
            note = verdict.AuditNote;
        }
        var entry = CaseService.Entry(actor, c, "Correct", $"更正申请信息（{input.Reason!.Trim()}）：{string.Join("；", changes)}{note}", before, CaseService.Snapshot(c));
        await AuditChain.AppendAsync(db, entry, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<ApplicationCase>.Ok(c);
    }

    /// <summary>The corrections made to a case, oldest first: who, when, why and what changed.</summary>
    public async Task<IReadOnlyList<AuditEntry>> CorrectionsAsync(Guid id, CancellationToken ct = default)
    {
        var key = id.ToString();
        return await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "case" && e.EntityId == key && (e.Action == "Correct" || e.Action == "Void" || e.Action == "Transfer" || e.Action == "AttachmentChange"))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
    }

    /// <summary>
    /// "unmark": the file stays on the case but is no longer given to the applicant; "withdraw": the file is taken off
    /// the case (kept, marked 已撤回, never released). Before the answer both are free; once the answer is out the
    /// applicant may already have the file, so the reason is required and recorded.
    /// </summary>
    public async Task<CaseResult<CaseAttachment>> ChangeAttachmentAsync(Guid id, Guid attachmentId, Actor actor, AttachmentChangeInput input, CancellationToken ct = default)
    {
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !await cases.CanReadAsync(actor, c.AgencyId, ct))
        {
            return new(ResultKind.NotFound, Message: "找不到该申请");
        }
        var attachment = await db.CaseAttachments.SingleOrDefaultAsync(a => a.CaseId == id && a.Id == attachmentId, ct);
        if (attachment is null)
        {
            return new(ResultKind.NotFound, Message: "找不到该附件");
        }
        if (c.AgencyId != actor.AgencyId)
        {
            return new(ResultKind.Forbidden, Message: "只能办理本机关的申请");
        }
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            return new(ResultKind.Forbidden, Message: $"只有登记员或承办人可以撤回附件，您的角色是：{actor.RoleNames}");
        }
        var withdraw = string.Equals(input.Change, "withdraw", StringComparison.OrdinalIgnoreCase);
        if (!withdraw && !string.Equals(input.Change, "unmark", StringComparison.OrdinalIgnoreCase))
        {
            return new(ResultKind.Invalid, Message: "请选择操作：unmark（取消随答复提供）或 withdraw（撤回附件）",
                Errors: new Dictionary<string, string> { ["Change"] = "操作应为 unmark（取消随答复提供）或 withdraw（撤回附件）" });
        }
        if (attachment.WithdrawnAt is not null)
        {
            return new(ResultKind.Refused, Message: $"附件“{attachment.FileName}”已撤回");
        }
        if (!withdraw && !attachment.ForApplicant)
        {
            return new(ResultKind.Refused, Message: $"附件“{attachment.FileName}”并未标记为随答复提供给申请人");
        }
        // An original withdrawn takes its redacted copies (公开版本) with it: a copy of a file attached by mistake is no
        // more to be released than the file.
        var copies = withdraw && attachment.RedactedFromId is null
            ? await db.CaseAttachments.Where(a => a.RedactedFromId == attachment.Id && a.WithdrawnAt == null).ToListAsync(ct)
            : [];
        var released = (attachment.ForApplicant || copies.Any(x => x.ForApplicant)) && c.State is CaseState.Answered or CaseState.Archived;
        var reason = input.Reason?.Trim();
        if (released && string.IsNullOrEmpty(reason))
        {
            var why = $"附件“{attachment.FileName}”已随答复提供给申请人，撤回或取消提供须填写理由";
            return new(ResultKind.Invalid, Message: why, Errors: new Dictionary<string, string> { ["Reason"] = why });
        }
        if (reason is { Length: > 500 })
        {
            return new(ResultKind.Invalid, Message: "理由不能超过500个字", Errors: new Dictionary<string, string> { ["Reason"] = "理由不能超过500个字" });
        }
        var before = JsonSerializer.Serialize(new { attachment.Id, attachment.FileName, attachment.ForApplicant, Withdrawn = false }, CaseService.SnapshotOptions);
        foreach (var changed in copies.Prepend(attachment))
        {
            if (withdraw)
            {
                changed.WithdrawnAt = clock.GetUtcNow();
                changed.WithdrawnBy = actor.DisplayName;
            }
            changed.ForApplicant = false;
            changed.ChangeReason = string.IsNullOrEmpty(reason) ? null : reason;
        }
        var what = withdraw ? "撤回附件" : "取消随答复提供附件";
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = c.AgencyId, EntityType = "case", EntityId = c.Id.ToString(),
            Action = "AttachmentChange",
            Summary = $"{what}“{attachment.FileName}”{string.Concat(copies.Select(x => $"及其公开版本“{x.FileName}”"))}{(released ? "（答复后，已提供给申请人）" : "")}{(string.IsNullOrEmpty(reason) ? "" : "：" + reason)}",
            Before = before,
            After = JsonSerializer.Serialize(new { attachment.Id, attachment.FileName, attachment.ForApplicant, Withdrawn = withdraw }, CaseService.SnapshotOptions),
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<CaseAttachment>.Ok(attachment);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
