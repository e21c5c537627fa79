using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Documents;
using Gongkai.Documents.Letters;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Documents;

/// <summary>What staff record about a delivery: how (当面, 邮寄 with its number, …) and on which day.</summary>
public sealed record DeliveryInput(string? Method, DateOnly? DeliveredOn, string? PostalNumber, string? Note);

/// <summary>
/// 送达: records how and when an issued document reached the applicant — by staff (当面, 邮寄 with the EMS number), by the
/// outbox when the mail server accepted the letter (电子邮件), by the status page when the applicant first downloads it
/// (在线). Each record is audited. A 补正 notice's first delivery moves the end of the 补正 period (条例 第三十条).
/// </summary>
public sealed class DeliveryService(GongkaiDbContext db, CalendarService calendars, CaseService cases, TimeProvider clock)
{
    /// <summary>The documents addressed to the applicant (the consultation letters go to third parties and other agencies).</summary>
    public static readonly IReadOnlySet<string> ApplicantKinds = new HashSet<string>(
        [nameof(LetterKind.Receipt), nameof(LetterKind.CorrectionNotice), nameof(LetterKind.ExtensionNotice), nameof(LetterKind.FeeNotice), nameof(LetterKind.Answer)]);

    public const string SystemName = "系统";

    public async Task<CaseResult<DocumentDelivery>> RecordAsync(Actor actor, Guid caseId, Guid documentId, DeliveryInput input, CancellationToken ct = default)
    {
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null || !await cases.CanReadAsync(actor, c.AgencyId, ct))
        {
            return new(ResultKind.NotFound, Message: "找不到该申请");
        }
        if (c.AgencyId != actor.AgencyId)
        {
            return new(ResultKind.Forbidden, Message: "只能办理本机关的申请");
        }
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            return new(ResultKind.Forbidden, Message: $"只有登记员或承办人可以登记送达，您的角色是：{actor.RoleNames}");
        }
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.CaseId == caseId, ct);
        if (document is null)
        {
            return new(ResultKind.NotFound, Message: "找不到该文书");
        }
        if (!ApplicantKinds.Contains(document.Kind))
        {
            return new(ResultKind.Refused, Message: "征求意见的文书送往第三方或其他机关，不登记向申请人的送达");
        }
        var errors = new Dictionary<string, string>();
        if (!Enum.TryParse<DeliveryMethod>(input.Method, ignoreCase: true, out var method) || !Enum.IsDefined(method)
            || method is DeliveryMethod.Email or DeliveryMethod.Online)
        {
            errors["Method"] = "请选择送达方式：当面（InPerson）、邮寄（Post）或短信（Sms）；电子邮件和在线下载由系统自动登记";
        }
        var today = calendars.Today;
        if (input.DeliveredOn is not { } on)
        {
            errors["DeliveredOn"] = "请填写送达日期";
        }
        else if (on > today)
        {
            errors["DeliveredOn"] = $"送达日期{on:yyyy-MM-dd}晚于今天，请填写已发生的日期";
        }
        else if (on < document.IssuedOn)
        {
            errors["DeliveredOn"] = $"送达日期{on:yyyy-MM-dd}早于文书日期{document.IssuedOn:yyyy-MM-dd}";
        }
        var postal = input.PostalNumber?.Trim().ToUpperInvariant();
        if (method == DeliveryMethod.Post && (string.IsNullOrEmpty(postal) || postal.Length > 40 || !postal.All(char.IsAsciiLetterOrDigit)))
        {
            errors["PostalNumber"] = "邮寄送达请填写邮件号码（如 EMS 单号，字母和数字）";
        }
        var note = input.Note?.Trim();
        if (note is { Length: > 500 })
        {
            errors["Note"] = $"备注最多500字，实为{note.Length}字";
        }
        if (errors.Count > 0)
        {
            return new(ResultKind.Invalid, Message: errors.Values.First(), Errors: errors);
        }
        return CaseResult<DocumentDelivery>.Ok(await WriteAsync(actor.UserId, actor.DisplayName, caseId, document, method, input.DeliveredOn!.Value,
            method == DeliveryMethod.Post ? postal : null, string.IsNullOrEmpty(note) ? null : note, ct));
    }

    /// <summary>A delivery the system saw (the mail server's acceptance), dated today in China.</summary>
    public async Task RecordBySystemAsync(Guid caseId, Guid documentId, DeliveryMethod method, string note, CancellationToken ct = default)
    {
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.CaseId == caseId, ct);
        if (document is not null)
        {
            await WriteAsync("system", SystemName, caseId, document, method, calendars.Today, null, note, ct);
        }
    }

    /// <summary>The applicant downloaded the document from the status page: the first download is its 在线 delivery.</summary>
    public async Task RecordOnlineAsync(Guid caseId, Guid documentId, CancellationToken ct = default)
    {
        if (await db.Deliveries.AnyAsync(d => d.DocumentId == documentId && d.Method == DeliveryMethod.Online, ct))
        {
            return;
        }
        var document = await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.CaseId == caseId, ct);
        if (document is not null)
        {
            await WriteAsync("applicant", "申请人（在线）", caseId, document, DeliveryMethod.Online, calendars.Today, null, "申请人凭受理编号和查询码下载", ct);
        }
    }

    public async Task<IReadOnlyList<DocumentDelivery>> ListAsync(Guid caseId, CancellationToken ct = default) =>
        (await db.Deliveries.AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(ct))
            .OrderBy(d => d.DeliveredOn).ThenBy(d => d.RecordedAt).ToList();

    private async Task<DocumentDelivery> WriteAsync(string userId, string userName, Guid caseId, CaseDocument document, DeliveryMethod method, DateOnly on,
        string? postal, string? note, CancellationToken ct)
    {
        var calendar = await calendars.CurrentAsync(ct);
        db.ChangeTracker.Clear();
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var c = await db.Cases.SingleAsync(x => x.Id == caseId, ct);
        var delivery = new DocumentDelivery
        {
            DocumentId = document.Id, CaseId = caseId, Method = method, DeliveredOn = on, PostalNumber = postal, Note = note,
            RecordedBy = userName, RecordedAt = clock.GetUtcNow(),
        };
        db.Deliveries.Add(delivery);
        var summary = $"登记送达：{Enum.Parse<LetterKind>(document.Kind).Title()}（{document.Number}），{method.Label()}，{on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            + (postal is null ? "" : $"，邮件号码{postal}");
        if (document.Kind == nameof(LetterKind.CorrectionNotice) && c.RecordCorrectionDelivery(on))
        {
            c.RefreshDeadline(calendar, calendars.Today);
            summary += $"；补正期限自送达之日起计算，至{c.WaitsUntil:yyyy-MM-dd}";
        }
        await AuditChain.AppendAsync(db, new Gongkai.Data.Audit.AuditEntry
        {
            UserId = userId, UserName = userName, AgencyId = c.AgencyId, EntityType = "case", EntityId = caseId.ToString(),
            Action = "RecordDelivery", Summary = summary, After = $"{method}|{on:yyyy-MM-dd}|{postal}",
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return delivery;
    }
}
