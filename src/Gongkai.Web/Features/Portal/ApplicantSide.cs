using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Cases;
using Gongkai.Data.Documents;
using Gongkai.Documents.Letters;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Features.Documents;
using Gongkai.Web.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Portal;

/// <summary>A document issued to the applicant, as the status page lists it: what, when, and how it reached them.</summary>
public sealed record ApplicantDocument(Guid Id, string Title, string Number, DateOnly IssuedOn, IReadOnlyList<string> Deliveries);

/// <summary>The applicant's online 补正 as received: its receipt number and the answer period that now runs.</summary>
public sealed record CorrectionReceipt(string ReceiptNumber, DateOnly ReceivedOn, DateOnly? AnswerDueOn, IReadOnlyList<string> Files);

/// <summary>
/// What the applicant does and sees on the status page with the tracking number and query code: every document issued
/// to them with its 送达, the reply to a 补正 notice (条例 第三十条; once per notice, files under the same checks as an
/// application, receipted, the answer period restarting the day it arrives) and withdrawing the application (撤回,
/// counted as 三.六.3). Each change goes through the case's own transition, audited, with its messages in the same write.
/// </summary>
public sealed class ApplicantSide(GongkaiDbContext db, CaseService cases, DeliveryService deliveries, DocumentService documents, Outbox outbox,
    CalendarService calendars, TimeProvider clock)
{
    /// <summary>The applicant acting online: allowed the registrar's steps a counter clerk would record for them.</summary>
    public static Actor Applicant(int agencyId) => new("applicant", "申请人（在线）", agencyId, new HashSet<StaffRole> { StaffRole.Registrar }, new HashSet<string>());

    public const int MaxReplyText = 4000;

    /// <summary>
    /// Stands for the 受理回执 of an online application before anyone issued it: listed from the start (the applicant
    /// confirmed the application online, 条例 第三十一条第三项), numbered and kept when first downloaded.
    /// </summary>
    public static readonly Guid OnlineReceipt = Guid.Empty;

    private static readonly List<string> StepOrder =
        [nameof(LetterKind.Receipt), nameof(LetterKind.CorrectionNotice), nameof(LetterKind.ExtensionNotice), nameof(LetterKind.FeeNotice), nameof(LetterKind.Answer)];

    public async Task<IReadOnlyList<ApplicantDocument>> DocumentsAsync(Guid caseId, CancellationToken ct = default)
    {
        var issued = (await documents.ListAsync(caseId, ct)).Where(d => DeliveryService.ApplicantKinds.Contains(d.Kind)).ToList();
        var delivered = (await deliveries.ListAsync(caseId, ct)).ToLookup(d => d.DocumentId);
        // In the order the steps happen (a 补正 notice and the answer may share a day).
        var list = issued.OrderBy(d => d.IssuedOn).ThenBy(d => StepOrder.IndexOf(d.Kind)).ThenBy(d => d.Sequence)
            .Select(d => new ApplicantDocument(d.Id, Enum.Parse<LetterKind>(d.Kind).Title(), d.Number, d.IssuedOn, delivered[d.Id].Select(Describe).ToList())).ToList();
        if (issued.All(d => d.Kind != nameof(LetterKind.Receipt))
            && await db.Cases.AsNoTracking().Where(c => c.Id == caseId && c.Channel == Channel.Online && c.State != CaseState.Voided).Select(c => (DateOnly?)c.ReceivedOn).SingleOrDefaultAsync(ct) is { } received)
        {
            list.Insert(0, new ApplicantDocument(OnlineReceipt, LetterKind.Receipt.Title(), "下载时生成文号", received, ["网上申请提交时在线确认"]));
        }
        return list;
    }

    public static string Describe(DocumentDelivery d) =>
        $"{d.DeliveredOn.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}{d.Method.Label()}送达" + (d.PostalNumber is { } n ? $"（邮件号码{n}）" : "");

    /// <summary>An issued document of the case for the applicant, recording its 在线 delivery on the first download.</summary>
    public async Task<Infrastructure.Outcome<LetterFile>> DocumentFileAsync(Guid caseId, Guid documentId, string? format, CancellationToken ct = default)
    {
        if (documentId == OnlineReceipt)
        {
            // The online application's receipt, issued now by the system in the registrar's place, dated the day of receipt.
            var existing = (await documents.ListAsync(caseId, ct)).FirstOrDefault(d => d.Kind == nameof(LetterKind.Receipt));
            if (existing is null)
            {
                var agencyId = await db.Cases.AsNoTracking().Where(c => c.Id == caseId && c.Channel == Channel.Online).Select(c => (int?)c.AgencyId).SingleOrDefaultAsync(ct);
                if (agencyId is null)
                {
                    return "找不到该文书";
                }
                var receipt = await documents.IssueAsync(caseId, new Actor("system", DeliveryService.SystemName + "（网上申请）", agencyId.Value,
                    new HashSet<StaffRole> { StaffRole.Registrar }, new HashSet<string>()), LetterKind.Receipt, new IssueInput(null, null, null), ct);
                if (!receipt.IsOk)
                {
                    return receipt.Message ?? "暂时无法出具受理回执";
                }
                existing = receipt.Value!;
            }
            documentId = existing.Id;
        }
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.CaseId == caseId, ct);
        if (document is null || !DeliveryService.ApplicantKinds.Contains(document.Kind))
        {
            return "找不到该文书";
        }
        var file = await documents.FileAsync(document, format, ct);
        if (file.Value is not null)
        {
            await deliveries.RecordOnlineAsync(caseId, documentId, ct);
        }
        return file;
    }

    /// <summary>The latest 补正 sent online, if any: the applicant sees what they sent and its receipt number afterwards too.</summary>
    public async Task<CorrectionReply?> ReplyAsync(Guid caseId, CancellationToken ct = default) =>
        (await db.CorrectionReplies.AsNoTracking().Where(r => r.CaseId == caseId).ToListAsync(ct)).MaxBy(r => r.RequestedOn);

    public async Task<CaseResult<CorrectionReceipt>> ReplyToCorrectionAsync(Guid caseId, string? text, IReadOnlyList<(string Name, byte[] Content)> files, CancellationToken ct = default)
    {
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == caseId, ct);
        if (c.State != CaseState.AwaitingCorrection || c.CorrectionRequestedOn is not { } asked)
        {
            return new(ResultKind.Refused, Message: "该申请当前不需要补正，无法提交补正");
        }
        if (await db.CorrectionReplies.AnyAsync(r => r.CaseId == caseId && r.RequestedOn == asked, ct))
        {
            return new(ResultKind.Refused, Message: "您已在线提交过本次补正，每次补正告知只能在线提交一次");
        }
        text = text?.Trim() ?? "";
        var errors = new Dictionary<string, string>();
        if (text.Length == 0 && files.Count == 0)
        {
            errors["ReplyText"] = "请填写补正内容或上传补正材料";
        }
        if (text.Length > MaxReplyText)
        {
            errors["ReplyText"] = $"补正内容最多{MaxReplyText}字，实为{text.Length}字";
        }
        if (files.Count > PortalService.MaxPublicFiles)
        {
            errors["ReplyFiles"] = $"最多上传{PortalService.MaxPublicFiles}个附件，您选择了{files.Count}个";
        }
        var attached = await db.CaseAttachments.CountAsync(a => a.CaseId == caseId, ct);
        for (var i = 0; i < files.Count && !errors.ContainsKey("ReplyFiles"); i++)
        {
            if (AttachmentCheck.Check(files[i].Name, files[i].Content, attached + i).Error is { } error)
            {
                errors["ReplyFiles"] = error + "。补正内容已保留，请重新选择附件";
            }
        }
        if (errors.Count > 0)
        {
            return new(ResultKind.Invalid, Message: errors.Values.First(), Errors: errors);
        }
        var today = calendars.Today;
        var actor = Applicant(c.AgencyId);
        var receiptNumber = $"{c.TrackingNumber}-BZ{asked:MMdd}";
        var agencyName = (await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c.AgencyId, ct)).Name;
        var handler = await HandlerAsync(c.HandlerId, ct);
        var result = await cases.ActAsync(caseId, actor, CaseAction.ReceiveCorrection, new ActionInput(c.Version, today, null, null, null, null, null, null), ct,
            async changed =>
            {
                db.CorrectionReplies.Add(new CorrectionReply
                {
                    CaseId = caseId, RequestedOn = asked, Text = text, FileNames = string.Join("\n", files.Select(f => Path.GetFileName(f.Name))),
                    ReceivedAt = clock.GetUtcNow(), ReceiptNumber = receiptNumber,
                });
                foreach (var (name, content) in files)
                {
                    await cases.AddAttachmentAsync(actor, caseId, changed.AgencyId, name, content,
                        Gongkai.Data.Attachments.AttachmentRules.Check(name, content, 0).ContentType ?? "application/octet-stream", false, ct);
                }
                var values = new Dictionary<string, string> { ["回执编号"] = receiptNumber, ["收到日期"] = Outbox.Chinese(today) };
                await outbox.ToApplicantAsync(changed, agencyName, MessageKind.CorrectionReplyReceipt, values, ct: ct);
                if (handler is not null)
                {
                    await outbox.ToStaffAsync(handler.Value.Id, handler.Value.Email, handler.Value.Name, changed.AgencyId, MessageKind.CorrectionReplyToStaff,
                        new Dictionary<string, string>(values) { ["受理编号"] = changed.TrackingNumber, ["答复期限"] = changed.DueOn is { } d ? Outbox.Chinese(d) : "" },
                        caseId, ct: ct);
                }
                return null;
            });
        if (!result.IsOk)
        {
            // Two replies racing: the unique (case, notice) index lets one through; the other learns it was already sent.
            return new(result.Kind, Message: result.Kind == ResultKind.Conflict ? "您的补正可能已经提交，请重新查询办理进度" : result.Message, Errors: result.Errors);
        }
        return CaseResult<CorrectionReceipt>.Ok(new CorrectionReceipt(receiptNumber, today, result.Value!.DueOn, files.Select(f => Path.GetFileName(f.Name)).ToList()));
    }

    public async Task<CaseResult<ApplicationCase>> WithdrawAsync(Guid caseId, string? reason, CancellationToken ct = default)
    {
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == caseId, ct);
        if (!c.State.IsOpen())
        {
            return new(ResultKind.Refused, Message: "该申请已办结，不能撤回");
        }
        reason = reason?.Trim();
        if (reason is { Length: > 500 })
        {
            return new(ResultKind.Invalid, Message: $"撤回理由最多500字，实为{reason.Length}字", Errors: new Dictionary<string, string> { ["WithdrawReason"] = $"撤回理由最多500字，实为{reason.Length}字" });
        }
        var agencyName = (await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c.AgencyId, ct)).Name;
        var handler = await HandlerAsync(c.HandlerId, ct);
        return await cases.ActAsync(caseId, Applicant(c.AgencyId), CaseAction.Withdraw, new ActionInput(c.Version, calendars.Today, null, null, null, null, null, null,
            Reason: reason), ct, async changed =>
            {
                await outbox.ToApplicantAsync(changed, agencyName, MessageKind.WithdrawalConfirmation, ct: ct);
                if (handler is not null)
                {
                    // The case leaves the handler's list; they are told why.
                    await outbox.ToStaffAsync(handler.Value.Id, handler.Value.Email, handler.Value.Name, changed.AgencyId, MessageKind.WithdrawalToStaff,
                        new Dictionary<string, string> { ["受理编号"] = changed.TrackingNumber, ["机关"] = agencyName }, caseId, ct: ct);
                }
                return null;
            });
    }

    private async Task<(string Id, string? Email, string Name)?> HandlerAsync(string? handlerId, CancellationToken ct)
    {
        if (handlerId is null)
        {
            return null;
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == handlerId && !u.Disabled).Select(u => new { u.Id, u.Email, u.DisplayName }).SingleOrDefaultAsync(ct);
        return user is null ? null : (user.Id, user.Email, user.DisplayName);
    }
}
